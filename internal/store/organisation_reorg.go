package store

import (
	"context"
	"fmt"

	"kijun/internal/organisation"
	"kijun/internal/records"
)

// ReorgMoveAction is the ledger action of a register record moved to the
// successor of an abolished unit by a 組織改正; a record's history shows it.
const ReorgMoveAction = "org.reorganisation.move"

// unitRegister is a table whose rows a 課 answers for, and which move to
// the successor when the 課 is abolished (3.1.6: the 情報管理者 of the 課).
type unitRegister struct {
	name   string // the key of organisation.RecordCounts
	table  string
	entity string // the ledger's entity
	id     string // an expression naming the row
	where  string // only these rows move: the open ones
	bump   bool   // the row has updated_at and version
}

// unitRegisters are the registers that hold a unit code. Incidents,
// failure records and daily figures keep the 課 they were written for:
// they are history, not holdings.
var unitRegisters = []unitRegister{
	{name: "assets", table: "assets", entity: "asset", id: "id", bump: true},
	{name: "systems", table: "systems", entity: "system", id: "id", bump: true},
	{name: "devices", table: "devices", entity: "device", id: "id", bump: true},
	{name: "media", table: "media", entity: "medium", id: "id", bump: true},
	{name: "areas", table: "areas", entity: "area", id: "id", bump: true},
	{name: "segments", table: "network_segments", entity: "network_segment", id: "id", bump: true},
	{name: "permits", table: "permit_requests", entity: "permit_request", id: "CAST(id AS TEXT)", bump: true,
		where: "state NOT IN ('rejected', 'closed', 'withdrawn')"},
	{name: "findings", table: "compliance_findings", entity: "compliance_finding", id: "rule || '|' || subject",
		where: "closed_at = ''"},
}

func (r unitRegister) cond() string {
	if r.where == "" {
		return ""
	}
	return " AND " + r.where
}

// ImportUnits checks the rows of an organisation file (組織マスタ) against
// the units that exist and applies them all in one transaction, or none:
// any row in error refuses the whole file with an EINVALID error wrapping
// an *organisation.ImportError naming every bad row. With dryRun nothing
// is written and the plan says what would change, with the records that
// would move to each successor. This is the one write path of units: the
// page, the file import, the API and the CLI all call it.
func (db *DB) ImportUnits(ctx context.Context, rows []organisation.UnitRow, dryRun bool) (*organisation.ReorgPlan, error) {
	if len(rows) == 0 {
		return nil, (&organisation.ImportError{What: "組織ファイル", Errors: []organisation.RowError{{Reason: "取り込む行がありません"}}}).AsError()
	}
	var plan *organisation.ReorgPlan
	run := db.Update
	if dryRun {
		run = db.View
	}
	err := run(ctx, func(tx *Tx) error {
		st, err := tx.reorgState(ctx)
		if err != nil {
			return err
		}
		if plan, err = organisation.PlanReorg(rows, st); err != nil {
			return err
		}
		if dryRun {
			return nil
		}
		return tx.applyReorg(ctx, plan)
	})
	if err != nil {
		return nil, err
	}
	return plan, nil
}

// reorgState loads what PlanReorg compares the rows with.
func (tx *Tx) reorgState(ctx context.Context) (organisation.ReorgState, error) {
	st := organisation.ReorgState{Versions: map[string][]organisation.Unit{}, Holdings: map[string]organisation.RecordCounts{}}
	var err error
	if st.Kinds, err = tx.unitKinds(ctx); err != nil {
		return st, err
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+unitColumns+" FROM org_unit_versions ORDER BY unit_code, valid_from")
	if err != nil {
		return st, fmt.Errorf("load units: %w", err)
	}
	units, err := scanUnits(rows)
	if err != nil {
		return st, err
	}
	for _, u := range units {
		st.Versions[u.Code] = append(st.Versions[u.Code], u)
	}
	st.Staffed = map[string]int{}
	err = tx.each(ctx, "SELECT unit_code, COUNT(*) FROM org_assignments WHERE valid_to = ? GROUP BY unit_code", []any{organisation.OpenEnd}, func(sc scanner) error {
		var code string
		var n int
		if err := sc.Scan(&code, &n); err != nil {
			return err
		}
		st.Staffed[code] = n
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("count assignments by unit: %w", err)
	}
	for _, reg := range unitRegisters {
		rows, err := tx.QueryContext(ctx, "SELECT unit_code, COUNT(*) FROM "+reg.table+" WHERE unit_code <> ''"+reg.cond()+" GROUP BY unit_code")
		if err != nil {
			return st, fmt.Errorf("count %s by unit: %w", reg.name, err)
		}
		for rows.Next() {
			var code string
			var n int
			if err := rows.Scan(&code, &n); err != nil {
				rows.Close()
				return st, fmt.Errorf("count %s by unit: %w", reg.name, err)
			}
			if st.Holdings[code] == nil {
				st.Holdings[code] = organisation.RecordCounts{}
			}
			st.Holdings[code][reg.name] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return st, fmt.Errorf("count %s by unit: %w", reg.name, err)
		}
	}
	return st, nil
}

// applyReorg writes a checked plan: new units, new versions (the one
// standing ends the day before), abolitions (the unit ends on its last
// day), and the move of each abolished unit's records to its successor.
func (tx *Tx) applyReorg(ctx context.Context, plan *organisation.ReorgPlan) error {
	now := records.FormatTime(tx.db.Now())
	var ledger []Change
	for _, c := range plan.Changes {
		if c.Kind != organisation.ReorgNew {
			continue
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO org_units (code, created_at) VALUES (?, ?)", c.Unit.Code, now); err != nil {
			return fmt.Errorf("create unit %s: %w", c.Unit.Code, err)
		}
	}
	for _, c := range plan.Changes {
		switch c.Kind {
		case organisation.ReorgNew:
			if err := tx.insertUnitVersion(ctx, c.Unit); err != nil {
				return err
			}
			ledger = append(ledger, Change{Action: "org.unit.create", Entity: "org_unit", EntityID: c.Unit.Code, State: c, Provisions: []string{"3.1"}})
		case organisation.ReorgChanged:
			if _, err := tx.ExecContext(ctx, "UPDATE org_unit_versions SET valid_to = ? WHERE unit_code = ? AND valid_from = ?",
				dateArg(organisation.DayBefore(c.Effective)), c.Unit.Code, dateArg(c.Before.From)); err != nil {
				return fmt.Errorf("end version of unit %s: %w", c.Unit.Code, err)
			}
			if err := tx.insertUnitVersion(ctx, c.Unit); err != nil {
				return err
			}
			ledger = append(ledger, Change{Action: "org.unit.reorganise", Entity: "org_unit", EntityID: c.Unit.Code, State: c, Provisions: []string{"3.1"}})
		case organisation.ReorgAbolished:
			if _, err := tx.ExecContext(ctx, "UPDATE org_unit_versions SET valid_to = ? WHERE unit_code = ? AND valid_from = ?",
				dateArg(c.Unit.To), c.Unit.Code, dateArg(c.Unit.From)); err != nil {
				return fmt.Errorf("abolish unit %s: %w", c.Unit.Code, err)
			}
			moved, err := tx.moveHoldings(ctx, c, now)
			if err != nil {
				return err
			}
			ledger = append(ledger, Change{Action: "org.unit.close", Entity: "org_unit", EntityID: c.Unit.Code, State: c, Provisions: []string{"3.1"}})
			ledger = append(ledger, moved...)
		}
	}
	return tx.RecordMany(ctx, ledger)
}

// reorgMove is the ledger state of a record moved by a 組織改正.
type reorgMove struct {
	Register  string `json:"register"`
	ID        string `json:"id"`
	From      string `json:"from_unit"`
	To        string `json:"to_unit"`
	Effective string `json:"effective"`
	Reason    string `json:"reason"`
}

// moveHoldings moves the records of an abolished unit to its successor and
// returns one ledger record for each: the registers keep only the current
// 課, so the ledger is where the earlier one is kept.
func (tx *Tx) moveHoldings(ctx context.Context, c organisation.ReorgChange, now string) ([]Change, error) {
	from, to := c.Unit.Code, c.Successor
	var out []Change
	for _, reg := range unitRegisters {
		if c.Moves[reg.name] == 0 {
			continue
		}
		var ids []string
		err := tx.each(ctx, "SELECT "+reg.id+" FROM "+reg.table+" WHERE unit_code = ?"+reg.cond()+" ORDER BY 1", []any{from}, func(sc scanner) error {
			var id string
			if err := sc.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("list %s of unit %s: %w", reg.name, from, err)
		}
		set := "unit_code = ?"
		args := []any{to}
		if reg.bump {
			set += ", updated_at = ?, version = version + 1"
			args = append(args, now)
		}
		args = append(args, from)
		if _, err := tx.ExecContext(ctx, "UPDATE "+reg.table+" SET "+set+" WHERE unit_code = ?"+reg.cond(), args...); err != nil {
			return nil, fmt.Errorf("move %s of unit %s to %s: %w", reg.name, from, to, err)
		}
		for _, id := range ids {
			var state any = reorgMove{Register: reg.name, ID: id, From: from, To: to, Effective: dateArg(c.Effective),
				Reason: fmt.Sprintf("組織改正: %s（%s）の廃止により %s へ承継", c.Unit.Name, from, to)}
			// 4.4: a register row's last record holds the row as written,
			// as every write's does, so verify --state finds the moved row
			// as its record says.
			if row, err := tx.movedRow(ctx, reg.entity, id); err != nil {
				return nil, err
			} else if row != nil {
				state = row
			}
			out = append(out, Change{Action: ReorgMoveAction, Entity: reg.entity, EntityID: id, Provisions: []string{"3.1.6"}, State: state})
		}
	}
	// The decisions pending with the abolished 課's 情報管理者 go to the
	// successor's.
	if _, err := tx.ExecContext(ctx, `UPDATE permit_pending SET scope_id = ? WHERE scope_kind = 'unit' AND scope_id = ?
		AND NOT EXISTS (SELECT 1 FROM permit_pending p WHERE p.role = permit_pending.role AND p.scope_kind = 'unit' AND p.scope_id = ? AND p.request_id = permit_pending.request_id)`,
		to, from, to); err != nil {
		return nil, fmt.Errorf("move pending decisions of unit %s: %w", from, err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM permit_pending WHERE scope_kind = 'unit' AND scope_id = ?", from); err != nil {
		return nil, fmt.Errorf("move pending decisions of unit %s: %w", from, err)
	}
	return out, nil
}

// movedRow is the state a register record's ledger record holds once a
// 組織改正 has moved it: the row as the writes record it. It is nil for the
// records verify --state does not read (segments, permits, findings),
// whose records tell the move itself.
func (tx *Tx) movedRow(ctx context.Context, entity, id string) (any, error) {
	switch entity {
	case "asset":
		a, err := tx.asset(ctx, id)
		return assetChange("", a).State, err
	case "system":
		s, err := tx.system(ctx, id)
		return systemChange("", s).State, err
	case "device":
		d, err := deviceRegister.find(ctx, tx, id)
		return deviceRegister.change("", d).State, err
	case "medium":
		m, err := mediumRegister.find(ctx, tx, id)
		return mediumRegister.change("", m).State, err
	case "area":
		a, err := areaRegister.find(ctx, tx, id)
		return areaRegister.change("", a).State, err
	}
	return nil, nil
}
