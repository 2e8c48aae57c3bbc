package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"kijun/internal/kijun"
	"kijun/internal/selfcheck"
)

func evidenceTooLarge(n int64) error {
	return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: "file",
		Message: fmt.Sprintf("ファイルが大きすぎます（%d バイト）。証跡として保存できるのは %d MB までです（the file is over the limit）", n, selfcheck.MaxEvidenceBytes>>20)}}}).AsError()
}

// AddSelfcheckEvidence keeps a file as evidence of the answer to question
// in a report, with the SHA-256 of its bytes; only the report's
// respondent adds it, while the campaign is open and the report not
// submitted. The file can never be changed or deleted: the database
// refuses it.
func (db *DB) AddSelfcheckEvidence(ctx context.Context, reportID int64, by string, e selfcheck.EvidenceFile, data []byte) (selfcheck.EvidenceFile, error) {
	if int64(len(data)) > selfcheck.MaxEvidenceBytes {
		return e, evidenceTooLarge(int64(len(data)))
	}
	e.Name = strings.TrimSpace(e.Name)
	if e.Name == "" || len(data) == 0 {
		return e, (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: "file", Message: "証跡のファイルを選んでください（choose a file）"}}}).AsError()
	}
	if e.ContentType == "" {
		e.ContentType = "application/octet-stream"
	}
	sum := sha256.Sum256(data)
	e.Report, e.SHA256, e.Size = reportID, hex.EncodeToString(sum[:]), int64(len(data))
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
		e.UploadedBy, e.UploadedAt = kijun.ActorFrom(ctx).ID, tx.db.Now()
		if e.ID, err = tx.insertReturningID(ctx, `INSERT INTO selfcheck_evidence (report_id, question, name, content_type, size, sha256, uploaded_by, uploaded_at, data)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, reportID, e.Question, e.Name, e.ContentType, e.Size, e.SHA256, e.UploadedBy,
			storedTime(e.UploadedAt), data); err != nil {
			return fmt.Errorf("keep self-check evidence: %w", err)
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
		return tx.each(ctx, `SELECT id, report_id, question, name, content_type, size, sha256, uploaded_by, uploaded_at FROM selfcheck_evidence
			WHERE report_id = ? ORDER BY id`, []any{reportID}, func(sc scanner) error {
			var e selfcheck.EvidenceFile
			var at string
			if err := sc.Scan(&e.ID, &e.Report, &e.Question, &e.Name, &e.ContentType, &e.Size, &e.SHA256, &e.UploadedBy, &at); err != nil {
				return err
			}
			e.UploadedAt = parseStoredTime(at)
			out = append(out, e)
			return nil
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
	var at string
	err := db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT id, report_id, question, name, content_type, size, sha256, uploaded_by, uploaded_at, data
			FROM selfcheck_evidence WHERE id = ? AND report_id = ?`, id, reportID).
			Scan(&e.ID, &e.Report, &e.Question, &e.Name, &e.ContentType, &e.Size, &e.SHA256, &e.UploadedBy, &at, &data)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return e, nil, kijun.Errorf(kijun.ENOTFOUND, "証跡 %d はありません（no such file）", id)
	}
	if err != nil {
		return e, nil, fmt.Errorf("read self-check evidence %d: %w", id, err)
	}
	e.UploadedAt = parseStoredTime(at)
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != e.SHA256 {
		return e, nil, fmt.Errorf("self-check evidence %d does not match its SHA-256", id)
	}
	return e, data, nil
}
