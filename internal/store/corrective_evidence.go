package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"kijun/internal/corrective"
	"kijun/internal/kijun"
)

// AddCorrectiveEvidence keeps a file showing an action was carried out,
// with the SHA-256 of its bytes taken now, by the owner or the CISO's
// office while the action is open. The row is never changed or deleted:
// the database refuses it.
func (db *DB) AddCorrectiveEvidence(ctx context.Context, o corrective.Officer, e corrective.Evidence, data []byte) (corrective.Evidence, error) {
	if int64(len(data)) > corrective.MaxEvidenceBytes {
		return e, (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: corrective.FieldEvidence, Message: kijun.ErrorMessage(corrective.TooLarge(int64(len(data))))}}}).AsError()
	}
	e.Name, e.Note = strings.TrimSpace(e.Name), strings.TrimSpace(e.Note)
	if e.Name == "" || len(data) == 0 {
		return e, (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: corrective.FieldEvidence, Message: "証拠のファイルを選んでください"}}}).AsError()
	}
	var fe kijun.FieldErrors
	fe.Text(corrective.FieldNote, "証拠の説明", e.Note, 1000, true)
	fe.Text(corrective.FieldEvidence, "ファイル名", e.Name, 255, false)
	if err := fe.AsError(); err != nil {
		return e, err
	}
	if e.ContentType == "" {
		e.ContentType = "application/octet-stream"
	}
	sum := sha256.Sum256(data)
	e.SHA256, e.Size = hex.EncodeToString(sum[:]), int64(len(data))
	err := db.Update(ctx, func(tx *Tx) error {
		a, err := tx.correctiveAction(ctx, o, e.ActionID)
		if err != nil {
			return err
		}
		if err := tx.mayAct(ctx, o, a); err != nil {
			return err
		}
		if a.State != corrective.StateOpen {
			return kijun.Errorf(kijun.ECONFLICT, "是正措置 %d は%sです。証拠を添付できるのは対応中のものだけです", a.ID, a.State.Label())
		}
		e.UploadedBy, e.UploadedAt = kijun.ActorFrom(ctx).ID, tx.db.Now()
		if e.ID, err = tx.insertReturningID(ctx, `INSERT INTO corrective_evidence (action_id, name, content_type, size, sha256, note, uploaded_by, uploaded_at, data)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.ActionID, e.Name, e.ContentType, e.Size, e.SHA256, e.Note, e.UploadedBy,
			storedTime(e.UploadedAt), data); err != nil {
			return fmt.Errorf("keep evidence of corrective action %d: %w", e.ActionID, err)
		}
		_, err = tx.Record(ctx, Change{Action: "corrective.evidence", Entity: "corrective_evidence", EntityID: fmt.Sprint(e.ID), State: e, Provisions: correctiveProvisions})
		return err
	})
	return e, err
}

const correctiveEvidenceColumns = "id, action_id, name, content_type, size, sha256, note, uploaded_by, uploaded_at"

func scanCorrectiveEvidence(sc scanner, extra ...any) (corrective.Evidence, error) {
	var e corrective.Evidence
	var at string
	err := sc.Scan(append([]any{&e.ID, &e.ActionID, &e.Name, &e.ContentType, &e.Size, &e.SHA256, &e.Note, &e.UploadedBy, &at}, extra...)...)
	e.UploadedAt = parseStoredTime(at)
	return e, err
}

func (tx *Tx) correctiveEvidence(ctx context.Context, actionID int64) ([]corrective.Evidence, error) {
	var out []corrective.Evidence
	err := tx.each(ctx, "SELECT "+correctiveEvidenceColumns+" FROM corrective_evidence WHERE action_id = ? ORDER BY id", []any{actionID}, func(sc scanner) error {
		e, err := scanCorrectiveEvidence(sc)
		out = append(out, e)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load evidence of corrective action %d: %w", actionID, err)
	}
	return out, nil
}

// CorrectiveEvidenceFile returns one evidence file and its bytes for an
// officer who sees its action, after checking the bytes still have the
// hash taken at upload.
func (db *DB) CorrectiveEvidenceFile(ctx context.Context, o corrective.Officer, actionID, id int64) (corrective.Evidence, []byte, error) {
	var e corrective.Evidence
	var data []byte
	err := db.View(ctx, func(tx *Tx) (err error) {
		if _, err := tx.correctiveAction(ctx, o, actionID); err != nil {
			return err
		}
		e, err = scanCorrectiveEvidence(tx.QueryRowContext(ctx, "SELECT "+correctiveEvidenceColumns+", data FROM corrective_evidence WHERE id = ? AND action_id = ?", id, actionID), &data)
		if errors.Is(err, sql.ErrNoRows) {
			return kijun.Errorf(kijun.ENOTFOUND, "証拠 %d はこの是正措置にありません", id)
		}
		return err
	})
	if err != nil {
		return e, nil, err
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != e.SHA256 {
		return e, nil, kijun.Errorf(kijun.EINTERNAL, "証拠 %d（%s）のハッシュが保存時と一致しません（保存時 %s、現在 %s）", id, e.Name, e.SHA256, got)
	}
	return e, data, nil
}
