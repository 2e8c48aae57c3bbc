package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"kijun/internal/contractors"
	"kijun/internal/corrective"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/records"
)

// 10.1.3: the periodic checks of each contractor's security, by the 課
// that keeps the contract: an interval per contract, each check with its
// result, and a result calling for correction opening a corrective action
// in the same transaction as the check and its ledger record.

// checkActionDays is how long the 課 has to correct what a check found.
const checkActionDays = 30

// ContractCheckDue is when a contract's next check falls due.
type ContractCheckDue struct {
	Contract, Name, Unit string
	Months               int
	Last, Due            time.Time
}

// ContractCheckPlan returns a contract's interval in months, 0 when none
// is set.
func (db *DB) ContractCheckPlan(ctx context.Context, contract string) (int, error) {
	var months int
	err := db.View(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, "SELECT interval_months FROM contract_check_plans WHERE contract_id = ?", contract).Scan(&months)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("read the check interval of %s: %w", contract, err)
	}
	return months, nil
}

// SetContractCheckPlan sets how often, in months, the contractor's
// security is checked under contract (10.1.3), for g, who must keep the
// contract's 課.
func (db *DB) SetContractCheckPlan(ctx context.Context, g Gate, contract string, months int) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.setContractCheckPlan(ctx, g, contract, months)
		return err
	})
}

// CheckPlan is a contract's check interval in months (10.1.3), as the
// contractor workbook's 契約 sheet gives it.
type CheckPlan struct {
	Contract string
	Months   int
}

// setContractCheckPlan is SetContractCheckPlan inside tx, for the form and
// the workbook's import alike. It returns the interval before, 0 when none
// was set: an interval set again as it is writes no record.
func (tx *Tx) setContractCheckPlan(ctx context.Context, g Gate, contract string, months int) (before int, err error) {
	c, err := tx.contract(ctx, strings.TrimSpace(contract))
	if err != nil {
		return 0, err
	}
	if !g.Keeps(c.Unit) { // 8.2.1ア
		return 0, errNotKept("契約", c.ID)
	}
	fe := &kijun.FieldErrors{Fields: contractors.CheckMonths(months)}
	if err := fe.AsError(); err != nil {
		return 0, err
	}
	err = tx.QueryRowContext(ctx, "SELECT interval_months FROM contract_check_plans WHERE contract_id = ?", c.ID).Scan(&before)
	switch {
	case err == nil && before == months:
		return before, nil
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return 0, fmt.Errorf("read the check interval of %s: %w", c.ID, err)
	}
	by, at := kijun.ActorFrom(ctx).ID, records.FormatTime(tx.db.Now())
	if _, err := tx.ExecContext(ctx, `INSERT INTO contract_check_plans (contract_id, interval_months, set_by, set_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (contract_id) DO UPDATE SET interval_months = excluded.interval_months, set_by = excluded.set_by, set_at = excluded.set_at`,
		c.ID, months, by, at); err != nil {
		return 0, fmt.Errorf("set the check interval of %s: %w", c.ID, err)
	}
	_, err = tx.Record(ctx, Change{Action: "contract.check_plan", Entity: "contract", EntityID: c.ID,
		State: map[string]any{"contract": c.ID, "interval_months": months}, Provisions: []string{"10.1.3"}})
	return before, err
}

// ContractChecks returns the checks recorded under contract, newest first.
func (db *DB) ContractChecks(ctx context.Context, contract string) ([]contractors.SecurityCheck, error) {
	var out []contractors.SecurityCheck
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, `SELECT id, contract_id, checked_on, kind, checker, result, note, evidence, action_id, recorded_by, created_at
			FROM contract_checks WHERE contract_id = ? ORDER BY checked_on DESC, id DESC`, []any{contract}, func(sc scanner) error {
			var s contractors.SecurityCheck
			var on, kind, result, created string
			err := sc.Scan(&s.ID, &s.Contract, &on, &kind, &s.Checker, &result, &s.Note, &s.Evidence, &s.ActionID, &s.RecordedBy, &created)
			s.On, s.Kind, s.Result, s.CreatedAt = parseDay(on), contractors.CheckKind(kind), contractors.CheckResult(result), parseStoredTime(created)
			out = append(out, s)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read the checks of %s: %w", contract, err)
	}
	return out, nil
}

// RecordContractCheck records a check of the contractor's security under
// a contract (10.1.3), for g, who must keep the contract's 課. A result
// calling for correction opens a corrective action owned by the 課's
// 情報管理者, in the same transaction.
func (db *DB) RecordContractCheck(ctx context.Context, g Gate, s contractors.SecurityCheck) (contractors.SecurityCheck, error) {
	err := db.Update(ctx, func(tx *Tx) (err error) {
		s, err = tx.recordContractCheck(ctx, g, s)
		return err
	})
	return s, err
}

// recordContractCheck is RecordContractCheck within tx, for the page and
// the workbook's import alike.
func (tx *Tx) recordContractCheck(ctx context.Context, g Gate, s contractors.SecurityCheck) (contractors.SecurityCheck, error) {
	s.Contract, s.Checker = strings.TrimSpace(s.Contract), strings.TrimSpace(s.Checker)
	s.Note, s.Evidence = strings.TrimSpace(s.Note), strings.ToLower(strings.TrimSpace(s.Evidence))
	err := func() error {
		c, err := tx.contract(ctx, s.Contract)
		if err != nil {
			return err
		}
		if !g.Keeps(c.Unit) { // 8.2.1ア
			return errNotKept("契約", c.ID)
		}
		fe := &kijun.FieldErrors{Fields: s.Check()}
		now := tx.db.Now()
		if !s.On.IsZero() && s.On.After(organisation.Day(now)) {
			fe.Add(contractors.FieldCheckOn, "確認した日 %s は未来の日付です", day(s.On))
		}
		if err := fe.AsError(); err != nil {
			return err
		}
		s.RecordedBy, s.CreatedAt = kijun.ActorFrom(ctx).ID, now
		if s.ID, err = tx.insertReturningID(ctx, `INSERT INTO contract_checks (contract_id, checked_on, kind, checker, result, note, evidence, action_id, recorded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id`, c.ID, day(s.On), string(s.Kind), s.Checker, string(s.Result), s.Note, s.Evidence,
			s.RecordedBy, records.FormatTime(s.CreatedAt)); err != nil {
			return fmt.Errorf("record the check of %s: %w", c.ID, err)
		}
		if s.Result == contractors.ResultCorrective {
			// 10.1.3: what the check found is corrected and followed in
			// the register of corrective actions.
			a, err := tx.CreateCorrective(ctx, corrective.Officer{ContractChecker: true, StaffNo: s.RecordedBy}, corrective.Action{
				Source: corrective.Source{Kind: corrective.SourceContractCheck, ID: fmt.Sprint(s.ID)}, Unit: c.Unit,
				OwnerRole: organisation.RoleInfoManager, OwnerScope: organisation.UnitScope(c.Unit),
				Title:      fmt.Sprintf("委託先の%s（%s）で要是正: %s（%s）", s.Kind.Label(), day(s.On), c.Name, c.ID),
				Provisions: []string{"10.1.3"}, Due: organisation.Day(now).AddDate(0, 0, checkActionDays), Plan: s.Note,
			})
			if err != nil {
				return fmt.Errorf("open the action of the check of %s: %w", c.ID, err)
			}
			s.ActionID = a.ID
			if _, err := tx.ExecContext(ctx, "UPDATE contract_checks SET action_id = ? WHERE id = ?", s.ActionID, s.ID); err != nil {
				return fmt.Errorf("link the check of %s to its action: %w", c.ID, err)
			}
		}
		_, err = tx.Record(ctx, Change{Action: "contract.check", Entity: "contract", EntityID: c.ID, State: s, Provisions: []string{"10.1.3"}})
		return err
	}()
	return s, err
}

// ContractChecksDue returns, for every contract in force on d with an
// interval set, when its next check falls due (10.1.3), soonest first.
func (db *DB) ContractChecksDue(ctx context.Context, d time.Time) ([]ContractCheckDue, error) {
	var out []ContractCheckDue
	err := db.View(ctx, func(tx *Tx) (err error) {
		out, err = tx.checksDue(ctx, nil, d)
		return err
	})
	return out, err
}

// checksDue reads the next check of the contracts in force on d among ids
// (every contract when ids is nil) that have an interval set.
func (tx *Tx) checksDue(ctx context.Context, ids []any, d time.Time) ([]ContractCheckDue, error) {
	q := `SELECT k.id, k.name, k.unit_code, k.valid_from, p.interval_months,
		COALESCE((SELECT MAX(c.checked_on) FROM contract_checks c WHERE c.contract_id = k.id), '')
		FROM contracts k JOIN contract_check_plans p ON p.contract_id = k.id
		WHERE k.state = ? AND k.valid_from <= ? AND k.valid_to >= ?`
	args := []any{string(contractors.StateActive), day(d), day(d)}
	if ids != nil {
		if len(ids) == 0 {
			return nil, nil
		}
		q += " AND k.id IN " + inList(len(ids))
		args = append(args, ids...)
	}
	var out []ContractCheckDue
	err := tx.each(ctx, q+" ORDER BY k.id", args, func(sc scanner) error {
		var c ContractCheckDue
		var from, last string
		err := sc.Scan(&c.Contract, &c.Name, &c.Unit, &from, &c.Months, &last)
		c.Last = parseDay(last)
		c.Due = contractors.NextCheck(parseDay(from), c.Months, c.Last)
		out = append(out, c)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the checks due: %w", err)
	}
	return out, nil
}
