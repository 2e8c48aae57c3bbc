package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"kijun/internal/incidents"
	"kijun/internal/kijun"
)

// IncidentSummary is an incident as lists show it.
type IncidentSummary struct {
	ID           int64              `json:"id"`
	Title        string             `json:"title"`
	Kind         incidents.Kind     `json:"kind"`
	Unit         string             `json:"unit"`
	UnitName     string             `json:"unit_name"`
	Reporter     string             `json:"reporter"`
	Status       incidents.Status   `json:"status"`
	Severity     incidents.Severity `json:"severity"`
	Drill        bool               `json:"drill"`
	DiscoveredAt time.Time          `json:"discovered_at"`
	ReportedAt   time.Time          `json:"reported_at"`
	FirstAckAt   time.Time          `json:"first_ack_at,omitzero"`
	// Unacknowledged and Overdue count the notices not yet acknowledged,
	// and those of them past due.
	Unacknowledged int `json:"unacknowledged"`
	Overdue        int `json:"overdue"`
}

var summaryColumns = `i.id, i.title, i.kind, i.unit_code, ` + unitNameOf("i.unit_code") + `,
	i.reporter, i.status, i.severity, i.drill, i.discovered_at, i.reported_at, i.first_ack_at`

func scanSummary(sc scanner, extra ...any) (IncidentSummary, error) {
	var s IncidentSummary
	var disc, rep, ack string
	err := sc.Scan(append([]any{&s.ID, &s.Title, &s.Kind, &s.Unit, &s.UnitName, &s.Reporter, &s.Status, &s.Severity, &s.Drill, &disc, &rep, &ack}, extra...)...)
	s.DiscoveredAt, s.ReportedAt, s.FirstAckAt = parseStoredTime(disc), parseStoredTime(rep), parseStoredTime(ack)
	return s, err
}

func (tx *Tx) summary(ctx context.Context, id int64) (IncidentSummary, error) {
	s, err := scanSummary(tx.QueryRowContext(ctx, "SELECT "+summaryColumns+" FROM incidents i WHERE i.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, kijun.Errorf(kijun.ENOTFOUND, "インシデント %d はありません", id)
	}
	return s, err
}

// IncidentBoard returns the open incidents for the CSIRT's board: most
// severe first (not yet judged ones first of all, as they need the CSIRT
// now), then oldest first, with their unacknowledged and overdue notices
// counted at now.
func (db *DB) IncidentBoard(ctx context.Context, now time.Time) ([]IncidentSummary, error) {
	var out []IncidentSummary
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT "+summaryColumns+`,
			(SELECT COUNT(*) FROM incident_notices n WHERE n.incident_id = i.id AND n.acknowledged_at = ''),
			(SELECT COUNT(*) FROM incident_notices n WHERE n.incident_id = i.id AND n.acknowledged_at = '' AND n.due_at < ?)
			FROM incidents i WHERE i.status IN ('reported', 'responding', 'contained')
			ORDER BY CASE WHEN i.severity = 0 THEN 9 ELSE i.severity END DESC, i.discovered_at, i.id LIMIT 500`,
			[]any{storedTime(now)}, func(sc scanner) error {
				var un, od int
				s, err := scanSummary(sc, &un, &od)
				s.Unacknowledged, s.Overdue = un, od
				out = append(out, s)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("load the incident board: %w", err)
	}
	return out, nil
}

// IncidentsReportedBy returns the reports a person filed, newest first.
func (db *DB) IncidentsReportedBy(ctx context.Context, staffNo string, limit int) ([]IncidentSummary, error) {
	var out []IncidentSummary
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT "+summaryColumns+" FROM incidents i WHERE i.reporter = ? ORDER BY i.id DESC LIMIT ?",
			[]any{staffNo, limit}, func(sc scanner) error {
				s, err := scanSummary(sc)
				out = append(out, s)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("load reports of %s: %w", staffNo, err)
	}
	return out, nil
}

// IncidentStatRows returns what the statistics need of every report that
// came to light in [from, to).
func (db *DB) IncidentStatRows(ctx context.Context, from, to time.Time) ([]incidents.StatRow, error) {
	var out []incidents.StatRow
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, `SELECT i.id, i.title, i.kind, i.cause_kind, i.unit_code, i.severity, i.status, i.drill, i.discovered_at, i.reported_at,
			i.first_ack_at, i.contained_at, i.contractor_id, COALESCE(c.name, '')
			FROM incidents i LEFT JOIN org_contractors c ON c.id = i.contractor_id
			WHERE i.discovered_at >= ? AND i.discovered_at < ? ORDER BY i.discovered_at, i.id`,
			[]any{storedTime(from), storedTime(to)}, func(sc scanner) error {
				var r incidents.StatRow
				var disc, rep, ack, cont string
				if err := sc.Scan(&r.ID, &r.Title, &r.Kind, &r.Cause, &r.Unit, &r.Severity, &r.Status, &r.Drill, &disc, &rep, &ack, &cont, &r.Contractor, &r.ContractorName); err != nil {
					return err
				}
				r.DiscoveredAt, r.ReportedAt, r.FirstAckAt, r.ContainedAt = parseStoredTime(disc), parseStoredTime(rep), parseStoredTime(ack), parseStoredTime(cont)
				out = append(out, r)
				return nil
			})
	})
	if err != nil {
		return nil, fmt.Errorf("load incident statistics: %w", err)
	}
	return out, nil
}
