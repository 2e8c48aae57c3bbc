package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"kijun/internal/corrective"
	"kijun/internal/kijun"
)

// correctiveEvidenceTable keeps the files of corrective actions.
var correctiveEvidenceTable = evidenceTable{name: "corrective_evidence", owner: []string{"action_id"}, note: true}

// AddCorrectiveEvidence keeps a file showing an action was carried out,
// with the SHA-256 of its bytes taken now, by the owner or the CISO's
// office while the action is open. The row is never changed or deleted:
// the database refuses it.
func (db *DB) AddCorrectiveEvidence(ctx context.Context, o corrective.Officer, e corrective.Evidence, data []byte) (corrective.Evidence, error) {
	if int64(len(data)) > corrective.MaxEvidenceBytes {
		return e, (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: corrective.FieldEvidence, Message: kijun.ErrorMessage(corrective.TooLarge(int64(len(data))))}}}).AsError()
	}
	if !sealEvidence(&e.File, data) {
		return e, (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: corrective.FieldEvidence, Message: "証拠のファイルを選んでください"}}}).AsError()
	}
	var fe kijun.FieldErrors
	fe.Text(corrective.FieldNote, "証拠の説明", e.Note, 1000, true)
	fe.Text(corrective.FieldEvidence, "ファイル名", e.Name, 255, false)
	if err := fe.AsError(); err != nil {
		return e, err
	}
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
		if err := tx.keepEvidence(ctx, correctiveEvidenceTable, []any{e.ActionID}, nil, &e.File, data); err != nil {
			return err
		}
		_, err = tx.Record(ctx, Change{Action: "corrective.evidence", Entity: "corrective_evidence", EntityID: fmt.Sprint(e.ID), State: e, Provisions: correctiveProvisions})
		return err
	})
	return e, err
}

func (tx *Tx) correctiveEvidence(ctx context.Context, actionID int64) ([]corrective.Evidence, error) {
	var out []corrective.Evidence
	err := tx.eachEvidence(ctx, correctiveEvidenceTable, correctiveEvidenceTable.owner, []any{actionID}, func(sc scanner) error {
		var e corrective.Evidence
		err := correctiveEvidenceTable.scan(sc, &e.File, []any{&e.ActionID}, nil, nil)
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
	err := db.View(ctx, func(tx *Tx) error {
		if _, err := tx.correctiveAction(ctx, o, actionID); err != nil {
			return err
		}
		err := correctiveEvidenceTable.scan(tx.QueryRowContext(ctx, correctiveEvidenceTable.selectFrom([]string{"id", "action_id"}, true), id, actionID), &e.File, []any{&e.ActionID}, nil, &data)
		if errors.Is(err, sql.ErrNoRows) {
			return kijun.Errorf(kijun.ENOTFOUND, "証拠 %d はこの是正措置にありません", id)
		}
		return err
	})
	if err != nil {
		return e, nil, err
	}
	return e, data, checkEvidence(e.File, data)
}
