package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"kijun/internal/incidents"
	"kijun/internal/kijun"
)

// incidentEvidence keeps the files of incidents (8.5.3).
var incidentEvidence = evidenceTable{name: "incident_evidence", owner: []string{"incident_id"}, note: true}

// AddEvidence keeps a file for an incident with the SHA-256 of its bytes,
// taken now (8.5.3). The row can never be changed or deleted: the
// database refuses it.
func (db *DB) AddEvidence(ctx context.Context, e incidents.Evidence, data []byte) (incidents.Evidence, error) {
	if int64(len(data)) > incidents.MaxEvidenceBytes {
		return e, incidents.TooLarge(int64(len(data)))
	}
	if !sealEvidence(&e.File, data) {
		return e, (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: "file", Message: "証拠のファイルを選んでください"}}}).AsError()
	}
	err := db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.incident(ctx, e.IncidentID); err != nil {
			return err
		}
		if err := tx.keepEvidence(ctx, incidentEvidence, []any{e.IncidentID}, nil, &e.File, data); err != nil {
			return err
		}
		if err := tx.incidentEvent(ctx, e.IncidentID, incidents.EventEvidence, "証拠「"+e.Name+"」を保存しました（SHA-256 "+e.SHA256[:16]+"…）"); err != nil {
			return err
		}
		_, err := tx.Record(ctx, Change{Action: "incident.evidence", Entity: "incident_evidence", EntityID: fmt.Sprint(e.ID), State: e, Provisions: []string{"8.5.3"}})
		return err
	})
	return e, err
}

func (tx *Tx) evidenceList(ctx context.Context, incidentID int64) ([]incidents.Evidence, error) {
	var out []incidents.Evidence
	err := tx.eachEvidence(ctx, incidentEvidence, incidentEvidence.owner, []any{incidentID}, func(sc scanner) error {
		var e incidents.Evidence
		err := incidentEvidence.scan(sc, &e.File, []any{&e.IncidentID}, nil, nil)
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
	err := db.View(ctx, func(tx *Tx) error {
		err := incidentEvidence.scan(tx.QueryRowContext(ctx, incidentEvidence.selectFrom([]string{"id"}, true), id), &e.File, []any{&e.IncidentID}, nil, &data)
		if errors.Is(err, sql.ErrNoRows) {
			return kijun.Errorf(kijun.ENOTFOUND, "証拠 %d はありません", id)
		}
		return err
	})
	if err != nil {
		return e, nil, err
	}
	return e, data, checkEvidence(e.File, data)
}
