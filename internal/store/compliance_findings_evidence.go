package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// MaxFindingEvidenceBytes is the largest file kept as evidence of the work
// on a finding. It stays below the web server's limit on a whole form.
const MaxFindingEvidenceBytes = 10 << 20

// FindingEvidence is a file kept as evidence of the work on a finding
// (9.2.1ア, イ): what was done to fix it.
type FindingEvidence struct {
	kijun.File
	Rule    string `json:"rule"`
	Subject string `json:"subject"`
}

// findingEvidence keeps the files of findings.
var findingEvidence = evidenceTable{name: "compliance_finding_evidence", owner: []string{"rule", "subject"}, note: true}

// AddFindingEvidence keeps a file for an open finding with the SHA-256 of
// its bytes, taken now. gate is asked, in the same transaction, with the
// finding as it stands (its work filled) whether the caller may attach
// to it; the file and its ledger record commit together.
func (db *DB) AddFindingEvidence(ctx context.Context, e FindingEvidence, data []byte, gate func(StoredFinding) error) (FindingEvidence, error) {
	if int64(len(data)) > MaxFindingEvidenceBytes {
		return e, (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: "file", Message: fmt.Sprintf(
			"ファイルが大きすぎます（%d バイト）。証跡として保存できるのは %d MB までです（the file is over %d MB）", len(data), MaxFindingEvidenceBytes>>20, MaxFindingEvidenceBytes>>20)}}}).AsError()
	}
	var fe kijun.FieldErrors
	if !sealEvidence(&e.File, data) {
		fe.Add("file", "証跡のファイルを選んでください（choose a file）")
	}
	fe.Text("file", "ファイル名", e.Name, 255, false)
	fe.Text("evidence_note", "説明", e.Note, 1000, true)
	if err := fe.AsError(); err != nil {
		return e, err
	}
	days, err := db.DueDays(ctx)
	if err != nil {
		return e, err
	}
	err = db.Update(ctx, func(tx *Tx) error {
		f, err := tx.finding(ctx, e.Rule, e.Subject)
		if err != nil {
			return err
		}
		if !f.ClosedAt.IsZero() {
			return kijun.Errorf(kijun.ECONFLICT, "この指摘は %s の点検で解消しています（the check found it resolved）", organisation.FormatDate(f.ClosedAt))
		}
		fs := []StoredFinding{f}
		if err := tx.fillWork(ctx, fs, days, organisation.Day(db.Now())); err != nil {
			return err
		}
		if err := gate(fs[0]); err != nil {
			return err
		}
		if err := tx.keepEvidence(ctx, findingEvidence, []any{e.Rule, e.Subject}, nil, &e.File, data); err != nil {
			return err
		}
		_, err = tx.Record(ctx, Change{Action: "compliance.finding.evidence", Entity: "compliance_finding_evidence", EntityID: fmt.Sprint(e.ID),
			State: e, Provisions: []string{"9.2.1ア", "9.2.1イ"}})
		return err
	})
	return e, err
}

// FindingEvidenceList lists the files kept for a finding, oldest first.
func (db *DB) FindingEvidenceList(ctx context.Context, rule, subject string) ([]FindingEvidence, error) {
	var out []FindingEvidence
	err := db.View(ctx, func(tx *Tx) error {
		return tx.eachEvidence(ctx, findingEvidence, findingEvidence.owner, []any{rule, subject}, func(sc scanner) error {
			var e FindingEvidence
			err := findingEvidence.scan(sc, &e.File, []any{&e.Rule, &e.Subject}, nil, nil)
			out = append(out, e)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list the evidence of finding %s|%s: %w", rule, subject, err)
	}
	return out, nil
}

// FindingEvidenceFile returns one file of a finding and its bytes, after
// checking them against the hash taken when it was kept. The caller has
// checked that the reader may see the finding.
func (db *DB) FindingEvidenceFile(ctx context.Context, rule, subject string, id int64) (FindingEvidence, []byte, error) {
	var e FindingEvidence
	var data []byte
	err := db.View(ctx, func(tx *Tx) error {
		return findingEvidence.scan(tx.QueryRowContext(ctx, findingEvidence.selectFrom([]string{"id", "rule", "subject"}, true), id, rule, subject),
			&e.File, []any{&e.Rule, &e.Subject}, nil, &data)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return e, nil, kijun.Errorf(kijun.ENOTFOUND, "証跡 %d はこの指摘にありません（no such file on this finding）", id)
	}
	if err != nil {
		return e, nil, fmt.Errorf("read the evidence %d of finding %s|%s: %w", id, rule, subject, err)
	}
	return e, data, checkEvidence(e.File, data)
}
