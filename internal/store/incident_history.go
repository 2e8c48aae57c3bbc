package store

import (
	"context"
	"encoding/json"
	"fmt"

	"kijun/internal/incidents"
	"kijun/internal/kijun"
)

// PastIncident is an incident as an earlier system kept it, with who was
// told, what was done and its timeline, for loading a city's history.
type PastIncident struct {
	Incident incidents.Incident
	Notices  []Notice
	Actions  []incidents.Action
	Events   []incidents.Event
}

// LoadPastIncidents loads incidents already handled elsewhere, each with
// its notices, actions and timeline, and one ledger record per incident,
// all in one transaction. It checks each report as a new one would be
// checked (dates judged at the time it was reported) and refuses the lot
// if any is wrong.
func (db *DB) LoadPastIncidents(ctx context.Context, past []PastIncident) error {
	return db.Update(ctx, func(tx *Tx) error {
		changes := make([]Change, 0, len(past))
		for i := range past {
			p := &past[i]
			in := p.Incident.Normalise()
			if fe := in.Check(in.ReportedAt); len(fe) > 0 {
				return kijun.Wrap(kijun.EINVALID, (&kijun.FieldErrors{Fields: fe}).AsError(), "過去のインシデント %d 件目（%s）", i+1, in.Title)
			}
			if in.Version == 0 {
				in.Version = 1
			}
			var err error
			firstAck := ""
			for _, n := range p.Notices {
				if !n.AcknowledgedAt.IsZero() && (firstAck == "" || storedTime(n.AcknowledgedAt) < firstAck) {
					firstAck = storedTime(n.AcknowledgedAt)
				}
			}
			if in.ID, err = tx.insertReturningID(ctx, `INSERT INTO incidents (title, kind, unit_code, reporter, status, severity, cause_kind, drill,
				discovered_at, reported_at, first_ack_at, contained_at, updated_at, version, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				in.Title, in.Kind, in.Unit, in.Reporter, in.Status, in.Severity, in.CauseKind, boolInt(in.Drill),
				storedTime(in.DiscoveredAt), storedTime(in.ReportedAt), firstAck, storedTime(in.ContainedAt), storedTime(in.UpdatedAt), in.Version, "{}"); err != nil {
				return fmt.Errorf("load incident %q: %w", in.Title, err)
			}
			body, err := json.Marshal(in)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "UPDATE incidents SET body = ? WHERE id = ?", string(body), in.ID); err != nil {
				return fmt.Errorf("load incident %d: %w", in.ID, err)
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO incident_versions (incident_id, version, changed_at, changed_by, reason, body) VALUES (?, ?, ?, ?, ?, ?)",
				in.ID, in.Version, storedTime(in.UpdatedAt), kijun.ActorFrom(ctx).ID, "過去の記録の取込み", string(body)); err != nil {
				return fmt.Errorf("load incident %d: %w", in.ID, err)
			}
			for _, n := range p.Notices {
				n.IncidentID = in.ID
				if _, err := tx.insertNotice(ctx, n); err != nil {
					return err
				}
			}
			for _, a := range p.Actions {
				if _, err := tx.ExecContext(ctx, `INSERT INTO incident_actions (incident_id, kind, text, assignee, state, due, check_due, effective, result, created_at, updated_at, version)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, in.ID, a.Kind, a.Text, a.Assignee, a.State, storedTime(a.Due), storedTime(a.CheckDue),
					boolInt(a.Effective), a.Result, storedTime(a.CreatedAt), storedTime(a.UpdatedAt), max(a.Version, 1)); err != nil {
					return fmt.Errorf("load actions of incident %d: %w", in.ID, err)
				}
			}
			for _, e := range p.Events {
				if _, err := tx.ExecContext(ctx, "INSERT INTO incident_events (incident_id, at, actor, kind, text) VALUES (?, ?, ?, ?, ?)",
					in.ID, storedTime(e.At), e.Actor, e.Kind, e.Text); err != nil {
					return fmt.Errorf("load timeline of incident %d: %w", in.ID, err)
				}
			}
			p.Incident = in
			changes = append(changes, Change{Action: "incident.load", Entity: "incident", EntityID: fmt.Sprint(in.ID), State: in, Provisions: incidentProvisions})
		}
		return tx.RecordMany(ctx, changes)
	})
}

// CountIncidents returns how many reports are kept, drills included.
func (db *DB) CountIncidents(ctx context.Context) (int, error) {
	var n int
	err := db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM incidents").Scan(&n)
	})
	return n, err
}
