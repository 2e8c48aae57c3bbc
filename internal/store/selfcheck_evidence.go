package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"kijun/internal/kijun"
	"kijun/internal/selfcheck"
)

func evidenceTooLarge(n int64) error {
	return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: "file",
		Message: fmt.Sprintf("ファイルが大きすぎます（%d バイト）。証跡として保存できるのは %d MB までです（the file is over the limit）", n, selfcheck.MaxEvidenceBytes>>20)}}}).AsError()
}

// selfcheckEvidence keeps the files of self-check answers (11.2.1).
var selfcheckEvidence = evidenceTable{name: "selfcheck_evidence", owner: []string{"report_id"}, extra: []string{"question"}}

// AddSelfcheckEvidence keeps a file as evidence of the answer to question
// in a report, with the SHA-256 of its bytes; only the report's
// respondent adds it, while the campaign is open and the report not
// submitted. The file can never be changed or deleted: the database
// refuses it.
func (db *DB) AddSelfcheckEvidence(ctx context.Context, reportID int64, by string, e selfcheck.EvidenceFile, data []byte) (selfcheck.EvidenceFile, error) {
	if int64(len(data)) > selfcheck.MaxEvidenceBytes {
		return e, evidenceTooLarge(int64(len(data)))
	}
	e.Note = ""
	if !sealEvidence(&e.File, data) {
		return e, (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: "file", Message: "証跡のファイルを選んでください（choose a file）"}}}).AsError()
	}
	e.Report = reportID
	err := db.Update(ctx, func(tx *Tx) error {
		v, err := tx.selfcheckReport(ctx, reportID)
		if err != nil {
			return err
		}
		if err := mayAnswer(v, by); err != nil {
			return err
		}
		if v.Campaign.Question(e.Question) == nil || v.Campaign.Question(e.Question).Audience != v.Report.Audience {
			return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: "question", Message: fmt.Sprintf("設問 %s はこの報告にありません（no such question in this report）", e.Question)}}}).AsError()
		}
		if err := tx.keepEvidence(ctx, selfcheckEvidence, []any{reportID}, []any{e.Question}, &e.File, data); err != nil {
			return err
		}
		_, err = tx.Record(ctx, Change{Action: "selfcheck.evidence", Entity: "selfcheck_evidence", EntityID: fmt.Sprint(e.ID), State: e, Provisions: []string{"11.2.1"}})
		return err
	})
	return e, err
}

// SelfcheckEvidence lists the files kept for a report, oldest first.
func (db *DB) SelfcheckEvidence(ctx context.Context, reportID int64) ([]selfcheck.EvidenceFile, error) {
	var out []selfcheck.EvidenceFile
	err := db.View(ctx, func(tx *Tx) error {
		return tx.eachEvidence(ctx, selfcheckEvidence, selfcheckEvidence.owner, []any{reportID}, func(sc scanner) error {
			var e selfcheck.EvidenceFile
			err := selfcheckEvidence.scan(sc, &e.File, []any{&e.Report}, []any{&e.Question}, nil)
			out = append(out, e)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list self-check evidence of %d: %w", reportID, err)
	}
	return out, nil
}

// SelfcheckEvidenceFile returns a report's file and its bytes, after
// checking them against the hash taken when it was kept.
func (db *DB) SelfcheckEvidenceFile(ctx context.Context, reportID, id int64) (selfcheck.EvidenceFile, []byte, error) {
	var e selfcheck.EvidenceFile
	var data []byte
	err := db.View(ctx, func(tx *Tx) error {
		return selfcheckEvidence.scan(tx.QueryRowContext(ctx, selfcheckEvidence.selectFrom([]string{"id", "report_id"}, true), id, reportID),
			&e.File, []any{&e.Report}, []any{&e.Question}, &data)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return e, nil, kijun.Errorf(kijun.ENOTFOUND, "証跡 %d はありません（no such file）", id)
	}
	if err != nil {
		return e, nil, fmt.Errorf("read self-check evidence %d: %w", id, err)
	}
	return e, data, checkEvidence(e.File, data)
}
