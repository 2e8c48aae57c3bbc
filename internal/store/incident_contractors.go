package store

import (
	"context"
	"fmt"
	"time"

	"kijun/internal/incidents"
	"kijun/internal/kijun"
)

// 10.1, 9.3.1エ: an incident may name the 委託事業者 of the register it
// involves, and the contract it arose under; the statistics count
// incidents by contractor and a contractor's page lists its incidents.

// incidentContractOf fills in the contractor of a report that names only
// a contract: the contract's own contractor.
func (tx *Tx) incidentContractOf(ctx context.Context, in incidents.Incident) incidents.Incident {
	if in.ContractID != "" && in.ContractorID == "" {
		var id string
		if tx.QueryRowContext(ctx, "SELECT contractor_id FROM contracts WHERE id = ?", in.ContractID).Scan(&id) == nil {
			in.ContractorID = id
		}
	}
	return in
}

// checkIncidentContractor adds to fe what is wrong with the contractor and
// contract the report names: each must be in the register, and the
// contractor must be the contract's own or one in its chain of
// sub-contracting (10.1.1エ).
func (tx *Tx) checkIncidentContractor(ctx context.Context, in incidents.Incident, fe *kijun.FieldErrors) {
	if in.ContractorID != "" {
		var n int
		if tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_contractors WHERE id = ?", in.ContractorID).Scan(&n) != nil || n == 0 {
			fe.Add(incidents.FieldContractor, "事業者ID %s の委託事業者は台帳にありません", in.ContractorID)
			return
		}
	}
	if in.ContractID == "" {
		return
	}
	var n int
	if tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM contracts WHERE id = ?", in.ContractID).Scan(&n) != nil || n == 0 {
		fe.Add(incidents.FieldContract, "契約 %s は台帳にありません", in.ContractID)
		return
	}
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM contracts k WHERE k.id = ? AND (k.contractor_id = ?
		OR EXISTS (SELECT 1 FROM subcontracts s WHERE s.contract_id = k.id AND (s.to_id = ? OR s.from_id = ?)))`,
		in.ContractID, in.ContractorID, in.ContractorID, in.ContractorID).Scan(&n)
	if err != nil || n == 0 {
		fe.Add(incidents.FieldContract, "契約 %s は委託事業者 %s との契約ではありません（再委託先も含みます）", in.ContractID, in.ContractorID)
	}
}

// ContractorIncident is one incident that names a contractor, for the
// contractor's page.
type ContractorIncident struct {
	ID           int64              `json:"id"`
	Title        string             `json:"title"`
	Kind         incidents.Kind     `json:"kind"`
	Cause        incidents.Cause    `json:"cause"`
	Status       incidents.Status   `json:"status"`
	Severity     incidents.Severity `json:"severity"`
	Drill        bool               `json:"drill"`
	ContractID   string             `json:"contract_id,omitempty"`
	DiscoveredAt time.Time          `json:"discovered_at"`
}

// ContractorIncidents returns the incidents that name the contractor,
// newest first, at most limit of them.
func (db *DB) ContractorIncidents(ctx context.Context, id string, limit int) ([]ContractorIncident, error) {
	var out []ContractorIncident
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, `SELECT id, title, kind, cause_kind, status, severity, drill, contract_id, discovered_at FROM incidents
			WHERE contractor_id = ? ORDER BY discovered_at DESC, id DESC LIMIT ?`, []any{id, limit}, func(sc scanner) error {
			var c ContractorIncident
			var at string
			if err := sc.Scan(&c.ID, &c.Title, &c.Kind, &c.Cause, &c.Status, &c.Severity, &c.Drill, &c.ContractID, &at); err != nil {
				return err
			}
			c.DiscoveredAt = parseStoredTime(at)
			out = append(out, c)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("load incidents of contractor %s: %w", id, err)
	}
	return out, nil
}
