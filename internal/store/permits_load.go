package store

import (
	"context"
	"encoding/json"
	"fmt"

	"kijun/internal/permits"
)

// History is a past request with its steps, as a city's paper files or an
// older system hold them: loaded as it was, not replayed.
type History struct {
	Request permits.Request
	// Subject is the asset, device or area the request names.
	Subject string
	Steps   []permits.Entry
}

// LoadHistory adds past requests with their steps in one transaction, each
// with a ledger record (permit.load) that keeps its digest. Requests still
// pending get their approvers as Submit would. Their IDs are assigned in
// order after the highest one kept; the requests are returned with them.
func (p *Permits) LoadHistory(ctx context.Context, hs []History) ([]permits.Request, error) {
	out := make([]permits.Request, len(hs))
	err := p.db.Update(ctx, func(tx *Tx) error {
		var next int64
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM permit_requests").Scan(&next); err != nil {
			return fmt.Errorf("load requests: %w", err)
		}
		// Requests go in batches of 100, each followed by its steps and
		// approvers, so that every step's request is already there.
		const batch = 100
		var reqArgs, stepArgs, pendArgs []any
		reqRows, stepRows, pendRows := 0, 0, 0
		flush := func(force bool) error {
			if !force && reqRows < batch {
				return nil
			}
			for _, b := range []struct {
				q    string
				cols int
				args *[]any
				rows *int
			}{
				{`INSERT INTO permit_requests (id, type, state, requester, unit_code, system_id, subject, fields, valid_from, valid_to, step, due_at,
					created_at, submitted_at, decided_at, updated_at, flagged, exception, version) VALUES `, 19, &reqArgs, &reqRows},
				{`INSERT INTO permit_steps (request_id, seq, action, from_state, to_state, at, actor, on_behalf_of, role, unavoidable, reason,
					judgement, fields, note) VALUES `, 14, &stepArgs, &stepRows},
				{"INSERT INTO permit_pending (role, scope_kind, scope_id, request_id, submitted_at) VALUES ", 5, &pendArgs, &pendRows},
			} {
				if *b.rows == 0 {
					continue
				}
				if _, err := tx.tx.ExecContext(ctx, tx.db.rebind(b.q+placeholders(*b.rows, b.cols)+" ON CONFLICT DO NOTHING"), *b.args...); err != nil {
					return fmt.Errorf("load requests: %w", err)
				}
				*b.args, *b.rows = (*b.args)[:0], 0
			}
			return nil
		}
		changes := make([]Change, 0, len(hs))
		for i, h := range hs {
			t, err := p.typeOf(h.Request.Type)
			if err != nil {
				return err
			}
			next++
			r := h.Request
			r.ID = next
			if r.Version == 0 {
				r.Version = len(h.Steps)
			}
			fields, _ := json.Marshal(r.Fields)
			reqArgs = append(reqArgs, r.ID, r.Type, r.State, r.Requester, r.Unit, r.System, h.Subject, string(fields),
				dayOrEmpty(r.ValidFrom), dayOrEmpty(r.ValidTo), r.Step, storedTime(r.DueAt), storedTime(r.CreatedAt),
				storedTime(r.SubmittedAt), storedTime(r.DecidedAt), storedTime(r.UpdatedAt), boolInt(r.Flagged), boolInt(t.Exception), r.Version)
			reqRows++
			for j, e := range h.Steps {
				ef := "{}"
				if len(e.Fields) > 0 {
					b, _ := json.Marshal(e.Fields)
					ef = string(b)
				}
				stepArgs = append(stepArgs, r.ID, j+1, e.Action, e.From, e.To, storedTime(e.At), e.Actor, e.OnBehalfOf, e.Role,
					boolInt(e.Unavoidable), e.Reason, e.Judgement, ef, e.Note)
				stepRows++
			}
			if r.State.Pending() && r.Step < len(t.Approvers) {
				for _, a := range t.Approvers[r.Step] {
					s := scopeOf(a, r)
					pendArgs = append(pendArgs, a.Role, s.Kind, s.ID, r.ID, storedTime(r.SubmittedAt))
					pendRows++
				}
			}
			out[i] = r
			changes = append(changes, Change{Action: "permit.load", Entity: "permit_request", EntityID: fmt.Sprint(r.ID),
				State: struct {
					Request permits.Request `json:"request"`
					Steps   []permits.Entry `json:"steps"`
				}{r, h.Steps}, Provisions: t.Clauses})
			if err := flush(false); err != nil {
				return err
			}
		}
		if err := flush(true); err != nil {
			return err
		}
		if tx.db.Dialect == Postgres && next > 0 {
			// IDs were given explicitly: move the identity past them.
			if _, err := tx.ExecContext(ctx, "SELECT setval(pg_get_serial_sequence('permit_requests', 'id'), ?)", next); err != nil {
				return fmt.Errorf("load requests: %w", err)
			}
		}
		return tx.RecordMany(ctx, changes)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CountPermits returns how many requests are kept.
func (p *Permits) CountPermits(ctx context.Context) (int, error) {
	var n int
	err := p.db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM permit_requests").Scan(&n)
	})
	return n, err
}
