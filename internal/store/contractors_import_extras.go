package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"kijun/internal/contractors"
	"kijun/internal/kijun"
)

// The workbook's sheets of 確認・措置 (10.1.3), 返却・廃棄 (10.1.2ア(8))
// and 外部サービス (10.2), imported within ImportContractors' transaction
// through the services the pages use: recordContractCheck, recordReturn
// and saveExternalService, each asking g about the record's 課.

// fieldsOf splits a service's refusal into its fields, for the import's
// row, column and reason; any other error is returned as it is.
func fieldsOf(err error) ([]kijun.FieldError, error) {
	var fe *kijun.FieldErrors
	if errors.As(err, &fe) {
		return fe.Fields, nil
	}
	return nil, err
}

// importContractorExtras imports b's checks, returns and services after
// its contractors, contracts, links and staff, then ends the contracts of
// ending, whose returns are now recorded. report and count are
// ImportContractors' own.
func (tx *Tx) importContractorExtras(ctx context.Context, g Gate, b ContractorBook, ending []BookRow[contractors.Contract],
	report func(int, int, []kijun.FieldError, error) (bool, error), count func(string, bool, bool)) error {
	// 10.1.3: each contract's interval before its checks, whose due days
	// follow it.
	for _, r := range b.Plans {
		key := strings.TrimSpace(r.Item.Contract) + " の確認の間隔"
		before, err := tx.setContractCheckPlan(ctx, g, r.Item.Contract, r.Item.Months)
		fe, err := fieldsOf(err)
		if bad, err := report(1, r.Line, fe, err); err != nil {
			return err
		} else if !bad {
			count(key, before != 0, before == r.Item.Months)
		}
	}
	for _, r := range b.Checks {
		c := r.Item
		c.Contract, c.Checker = strings.TrimSpace(c.Contract), strings.TrimSpace(c.Checker)
		c.Note, c.Evidence = strings.TrimSpace(c.Note), strings.ToLower(strings.TrimSpace(c.Evidence))
		key := fmt.Sprintf("%s %s %s", c.Contract, day(c.On), c.Kind.Label())
		same, err := tx.hasCheck(ctx, c)
		if err != nil {
			return err
		}
		if same && keepsContractOf(ctx, tx, g, c.Contract) {
			count(key, true, true)
			continue
		}
		fe, err := fieldsOf(tx.recordCheckErr(ctx, g, c))
		if bad, err := report(sheetChecks, r.Line, fe, err); err != nil {
			return err
		} else if !bad {
			count(key, false, false)
		}
	}
	for _, r := range b.Returns {
		ret := r.Item
		ret.Contract, ret.Asset = strings.TrimSpace(ret.Contract), strings.TrimSpace(ret.Asset)
		key := ret.Contract + " " + ret.Asset
		old, err := tx.contractReturns(ctx, ret.Contract)
		if err != nil {
			return err
		}
		same := false
		for _, o := range old {
			same = same || (o.Asset == ret.Asset && o.Outcome == ret.Outcome && o.On.Equal(ret.On) &&
				o.Certificate == strings.TrimSpace(ret.Certificate) && o.Note == strings.TrimSpace(ret.Note))
		}
		if same && keepsContractOf(ctx, tx, g, ret.Contract) {
			count(key, true, true)
			continue
		}
		_, err = tx.recordReturn(ctx, g, ret)
		fe, err := fieldsOf(err)
		if bad, err := report(sheetReturns, r.Line, fe, err); err != nil {
			return err
		} else if !bad {
			count(key, false, false)
		}
	}
	for _, r := range ending {
		c, err := tx.contract(ctx, r.Item.ID)
		if err != nil {
			return err
		}
		end := r.Item
		end.Version = c.Version
		_, fe, err := tx.saveContract(ctx, g, Update, end, false)
		if _, err := report(1, r.Line, fe, err); err != nil {
			return err
		}
	}
	seen := map[string]int{}
	for _, r := range b.Services {
		s := r.Item
		s.ID = strings.TrimSpace(s.ID)
		if first, ok := seen[s.ID]; ok {
			if _, err := report(sheetServices, r.Line, []kijun.FieldError{{Field: contractors.FieldID,
				Message: fmt.Sprintf("%s は %d 行目と重複しています", s.ID, first)}}, nil); err != nil {
				return err
			}
			continue
		}
		seen[s.ID] = r.Line
		old, err := tx.externalService(ctx, s.ID)
		if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
			return err
		}
		found := err == nil
		if found && sameService(old, s) && g.Keeps(old.Unit) {
			count(s.ID, true, true)
			continue
		}
		if found {
			s.Version = old.Version
		}
		_, fe, err := tx.saveExternalService(ctx, g, modeOf(found), s)
		if bad, err := report(sheetServices, r.Line, fe, err); err != nil {
			return err
		} else if !bad {
			count(s.ID, found, false)
		}
	}
	return nil
}

// recordCheckErr records a check, returning only whether it was refused.
func (tx *Tx) recordCheckErr(ctx context.Context, g Gate, c contractors.SecurityCheck) error {
	_, err := tx.recordContractCheck(ctx, g, c)
	return err
}

// hasCheck reports whether a check the same in every field is already
// recorded, so the same workbook again records nothing twice.
func (tx *Tx) hasCheck(ctx context.Context, c contractors.SecurityCheck) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM contract_checks WHERE contract_id = ? AND checked_on = ? AND kind = ?
		AND checker = ? AND result = ? AND note = ? AND evidence = ?`,
		c.Contract, day(c.On), string(c.Kind), c.Checker, string(c.Result), c.Note, c.Evidence).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read the checks of %s: %w", c.Contract, err)
	}
	return n > 0, nil
}

func sameService(a, b contractors.ExternalService) bool {
	a.UnitName, a.Confidentiality, a.CreatedAt, a.UpdatedAt, a.Version = b.UnitName, b.Confidentiality, b.CreatedAt, b.UpdatedAt, b.Version
	b.Systems, b.Assets = contractors.SortIDs(b.Systems), contractors.SortIDs(b.Assets)
	if len(a.Systems) == 0 && len(b.Systems) == 0 {
		a.Systems, b.Systems = nil, nil
	}
	if len(a.Assets) == 0 && len(b.Assets) == 0 {
		a.Assets, b.Assets = nil, nil
	}
	return reflect.DeepEqual(a, b)
}

// contractorExtras reads the check intervals, checks and returns of the
// contracts of keep, and the external services of units (nil: all), for
// an export.
func (tx *Tx) contractorExtras(ctx context.Context, b *ContractorBook, keep map[string]bool, units []string) error {
	if err := tx.each(ctx, "SELECT contract_id, interval_months FROM contract_check_plans ORDER BY contract_id", nil, func(sc scanner) error {
		var p CheckPlan
		err := sc.Scan(&p.Contract, &p.Months)
		if keep[p.Contract] {
			b.Plans = append(b.Plans, BookRow[CheckPlan]{Item: p})
		}
		return err
	}); err != nil {
		return err
	}
	if err := tx.each(ctx, `SELECT id, contract_id, checked_on, kind, checker, result, note, evidence, action_id
		FROM contract_checks ORDER BY contract_id, checked_on, id`, nil, func(sc scanner) error {
		var s contractors.SecurityCheck
		var on, kind, result string
		err := sc.Scan(&s.ID, &s.Contract, &on, &kind, &s.Checker, &result, &s.Note, &s.Evidence, &s.ActionID)
		s.On, s.Kind, s.Result = parseDay(on), contractors.CheckKind(kind), contractors.CheckResult(result)
		if keep[s.Contract] {
			b.Checks = append(b.Checks, BookRow[contractors.SecurityCheck]{Item: s})
		}
		return err
	}); err != nil {
		return err
	}
	if err := tx.each(ctx, `SELECT contract_id, asset_id, outcome, done_on, certificate, note FROM contract_returns
		ORDER BY contract_id, asset_id`, nil, func(sc scanner) error {
		var r contractors.Return
		var outcome, on string
		err := sc.Scan(&r.Contract, &r.Asset, &outcome, &on, &r.Certificate, &r.Note)
		r.Outcome, r.On = contractors.Outcome(outcome), parseDay(on)
		if keep[r.Contract] {
			b.Returns = append(b.Returns, BookRow[contractors.Return]{Item: r})
		}
		return err
	}); err != nil {
		return err
	}
	where, args := "", []any(nil)
	if units != nil {
		if len(units) == 0 {
			return nil
		}
		where, args = " WHERE unit_code IN "+inList(len(units)), anys(units)
	}
	var ids []string
	if err := tx.each(ctx, "SELECT id FROM external_services"+where+" ORDER BY id", args, func(sc scanner) error {
		var id string
		err := sc.Scan(&id)
		ids = append(ids, id)
		return err
	}); err != nil {
		return err
	}
	for _, id := range ids {
		s, err := tx.externalService(ctx, id)
		if err != nil {
			return err
		}
		s.UnitName, s.Confidentiality = "", 0
		b.Services = append(b.Services, BookRow[contractors.ExternalService]{Item: s})
	}
	return nil
}
