package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"kijun/internal/incidents"
	"kijun/internal/kijun"
)

// AddEvidence keeps a file for an incident with the SHA-256 of its bytes,
// taken now (8.5.3). The row can never be changed or deleted: the
// database refuses it.
func (db *DB) AddEvidence(ctx context.Context, e incidents.Evidence, data []byte) (incidents.Evidence, error) {
	if int64(len(data)) > incidents.MaxEvidenceBytes {
		return e, incidents.TooLarge(int64(len(data)))
	}
	e.Name = strings.TrimSpace(e.Name)
	if e.Name == "" || len(data) == 0 {
		return e, (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: "file", Message: "証拠のファイルを選んでください"}}}).AsError()
	}
	if e.ContentType == "" {
		e.ContentType = "application/octet-stream"
	}
	sum := sha256.Sum256(data)
	e.SHA256, e.Size = hex.EncodeToString(sum[:]), int64(len(data))
	err := db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.incident(ctx, e.IncidentID); err != nil {
			return err
		}
		e.UploadedBy, e.UploadedAt = kijun.ActorFrom(ctx).ID, tx.db.Now()
		var err error
		if e.ID, err = tx.insertReturningID(ctx, `INSERT INTO incident_evidence (incident_id, name, content_type, size, sha256, note, uploaded_by, uploaded_at, data)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.IncidentID, e.Name, e.ContentType, e.Size, e.SHA256, e.Note, e.UploadedBy,
			storedTime(e.UploadedAt), data); err != nil {
			return fmt.Errorf("keep evidence: %w", err)
		}
		if err := tx.incidentEvent(ctx, e.IncidentID, incidents.EventEvidence, "証拠「"+e.Name+"」を保存しました（SHA-256 "+e.SHA256[:16]+"…）"); err != nil {
			return err
		}
		_, err = tx.Record(ctx, Change{Action: "incident.evidence", Entity: "incident_evidence", EntityID: fmt.Sprint(e.ID), State: e, Provisions: []string{"8.5.3"}})
		return err
	})
	return e, err
}

const evidenceColumns = "id, incident_id, name, content_type, size, sha256, note, uploaded_by, uploaded_at"

func scanEvidence(sc scanner, extra ...any) (incidents.Evidence, error) {
	var e incidents.Evidence
	var at string
	err := sc.Scan(append([]any{&e.ID, &e.IncidentID, &e.Name, &e.ContentType, &e.Size, &e.SHA256, &e.Note, &e.UploadedBy, &at}, extra...)...)
	e.UploadedAt = parseStoredTime(at)
	return e, err
}

func (tx *Tx) evidenceList(ctx context.Context, incidentID int64) ([]incidents.Evidence, error) {
	var out []incidents.Evidence
	err := tx.each(ctx, "SELECT "+evidenceColumns+" FROM incident_evidence WHERE incident_id = ? ORDER BY id", []any{incidentID}, func(sc scanner) error {
		e, err := scanEvidence(sc)
		out = append(out, e)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load evidence of incident %d: %w", incidentID, err)
	}
	return out, nil
}

// Evidence returns one evidence file and its bytes, after checking that
// the bytes still have the hash taken at upload. A mismatch is an
// EINTERNAL error: the file must not be used as evidence.
func (db *DB) Evidence(ctx context.Context, id int64) (incidents.Evidence, []byte, error) {
	var e incidents.Evidence
	var data []byte
	err := db.View(ctx, func(tx *Tx) (err error) {
		e, err = scanEvidence(tx.QueryRowContext(ctx, "SELECT "+evidenceColumns+", data FROM incident_evidence WHERE id = ?", id), &data)
		if errors.Is(err, sql.ErrNoRows) {
			return kijun.Errorf(kijun.ENOTFOUND, "証拠 %d はありません", id)
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
