package store

import (
	"context"
	"errors"
	"reflect"
	"strings"

	"kijun/internal/contractors"
	"kijun/internal/kijun"
)

// ContractorBook is a workbook of chapter 10's register as read: its
// seven sheets' rows, each with the line it came from, and the heading of
// each field for errors.
type ContractorBook struct {
	Contractors []BookRow[contractors.Contractor]
	Contracts   []BookRow[contractors.Contract]
	Links       []BookRow[contractors.Link]
	Staff       []BookRow[contractors.Staff]
	// Checks are the periodic checks of 10.1.3, Returns the returns and
	// disposals of 10.1.2ア(8), Services the 外部サービス of 10.2.
	Checks   []BookRow[contractors.SecurityCheck]
	Returns  []BookRow[contractors.Return]
	Services []BookRow[contractors.ExternalService]
	// Plans are the check intervals (10.1.3) the 契約 sheet gives, one per
	// contract row whose cell is filled; the contract's row's line.
	Plans []BookRow[CheckPlan]
	// Sheets names each sheet as read; Headings maps, per sheet, each
	// field to its heading.
	Sheets   [BookSheets]string
	Headings [BookSheets]map[string]string
}

// BookSheets is how many sheets a ContractorBook has; the sheets of the
// checks, returns and services are the last three, in that order.
const BookSheets = 7

// The sheets of a ContractorBook by index.
const (
	sheetChecks = 4 + iota
	sheetReturns
	sheetServices
)

// BookRow is one row of a sheet of a ContractorBook.
type BookRow[T any] struct {
	Line int
	Item T
}

// errDryRun rolls back a dry run's transaction once every row is judged.
var errDryRun = errors.New("dry run")

// ImportContractors imports a workbook of the register for g, all or
// nothing: contractors first, then contracts, 再委託 links and staff, each
// row by the rules of the form (saveContractor and the rest, with g asked
// about each record's 課 before and after), in one transaction. Rows match
// stored records by ID, so the same workbook again changes nothing. A
// link may come before the link above it in the chain: links are tried
// again until no more join. Any wrong row is an EINVALID error wrapping a
// *kijun.ImportError naming its sheet, row, column and reason, and
// nothing is written; a dry run judges every row the same way and then
// rolls back.
func (db *DB) ImportContractors(ctx context.Context, g Gate, b ContractorBook, dryRun bool) (*ImportPlan, error) {
	ie := &kijun.ImportError{What: "委託事業者の台帳"}
	if len(b.Contractors)+len(b.Contracts)+len(b.Links)+len(b.Staff)+len(b.Checks)+len(b.Returns)+len(b.Services)+len(b.Plans) == 0 {
		ie.Add(b.Sheets[0], 2, "", "取り込む行がありません")
		return nil, ie.AsError()
	}
	plan := &ImportPlan{DryRun: dryRun}
	err := db.Update(ctx, func(tx *Tx) error {
		// report turns a refusal of one row into the import's error, and
		// reports whether the row was refused.
		report := func(sheet int, line int, fe []kijun.FieldError, err error) (bool, error) {
			switch kijun.ErrorCode(err) {
			case "":
			case kijun.EFORBIDDEN, kijun.ECONFLICT, kijun.ENOTFOUND, kijun.EINVALID:
				ie.Add(b.Sheets[sheet], line, "", "%s", kijun.ErrorMessage(err))
				return true, nil
			default:
				return true, err
			}
			for _, f := range fe {
				ie.Add(b.Sheets[sheet], line, b.Headings[sheet][f.Field], "%s", f.Message)
			}
			return len(fe) > 0, nil
		}
		seen := map[string]int{}
		dup := func(sheet int, prefix, id string, line int) bool {
			key := prefix + "\x00" + id
			if first, ok := seen[key]; ok {
				ie.Add(b.Sheets[sheet], line, b.Headings[sheet][contractors.FieldID], "%s は %d 行目と重複しています", id, first)
				return true
			}
			seen[key] = line
			return false
		}
		count := func(id string, found, same bool) {
			switch {
			case same:
				plan.Unchanged++
			case found:
				plan.Changed = append(plan.Changed, id)
			default:
				plan.Added = append(plan.Added, id)
			}
		}
		for _, r := range b.Contractors {
			if dup(0, "c", r.Item.ID, r.Line) {
				continue
			}
			old, err := tx.contractor(ctx, r.Item.ID)
			if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
				return err
			}
			found := err == nil
			if found && sameContractor(old, r.Item) && mayKeep(ctx, tx, g, old.ID) {
				count(r.Item.ID, true, true)
				continue
			}
			_, fe, err := tx.saveContractor(ctx, g, modeOf(found), r.Item, false)
			if bad, err := report(0, r.Line, fe, err); err != nil {
				return err
			} else if !bad {
				count(r.Item.ID, found, false)
			}
		}
		// A contract that ends in the workbook with returns there is saved
		// first as it stands (in force, when new), and ended once its
		// returns are recorded (10.1.2ア(8)), as the pages would do it.
		returned := map[string]bool{}
		for _, r := range b.Returns {
			returned[strings.TrimSpace(r.Item.Contract)] = true
		}
		var ending []BookRow[contractors.Contract]
		for _, r := range b.Contracts {
			if dup(1, "k", r.Item.ID, r.Line) {
				continue
			}
			old, err := tx.contract(ctx, r.Item.ID)
			if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
				return err
			}
			found := err == nil
			if found && sameContract(old, r.Item) && g.Keeps(old.Unit) {
				count(r.Item.ID, true, true)
				continue
			}
			item := r.Item
			later := item.State == contractors.StateEnded && returned[item.ID] && (!found || old.State != contractors.StateEnded)
			if later {
				item.State = contractors.StateActive
				if found {
					item.State = old.State
				}
			}
			_, fe, err := tx.saveContract(ctx, g, modeOf(found), item, false)
			if bad, err := report(1, r.Line, fe, err); err != nil {
				return err
			} else if !bad {
				count(r.Item.ID, found, false)
				if later {
					ending = append(ending, r)
				}
			}
		}
		// Links join their chains in any order: each pass adds those whose
		// giver is already in the chain, until a pass adds none.
		pending := []BookRow[contractors.Link]{}
		for _, r := range b.Links {
			if !dup(2, "l", r.Item.ID, r.Line) {
				pending = append(pending, r)
			}
		}
		for len(pending) > 0 {
			var again []BookRow[contractors.Link]
			var last []func() error
			for _, r := range pending {
				old, err := tx.link(ctx, r.Item.ID)
				if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
					return err
				}
				found := err == nil
				if found && sameLink(old, r.Item) && keepsContractOf(ctx, tx, g, old.Contract) {
					count(r.Item.ID, true, true)
					continue
				}
				_, fe, err := tx.saveLink(ctx, g, modeOf(found), r.Item, false)
				if err == nil && hasField(fe, contractors.FieldGiver) {
					again = append(again, r)
					last = append(last, func() error { _, err := report(2, r.Line, fe, nil); return err })
					continue
				}
				if bad, err := report(2, r.Line, fe, err); err != nil {
					return err
				} else if !bad {
					count(r.Item.ID, found, false)
				}
			}
			if len(again) == len(pending) { // no progress: say why for each
				for _, f := range last {
					if err := f(); err != nil {
						return err
					}
				}
				break
			}
			pending = again
		}
		for _, r := range b.Staff {
			if dup(3, "s", r.Item.ID, r.Line) {
				continue
			}
			old, err := tx.staff(ctx, r.Item.ID)
			if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
				return err
			}
			found := err == nil
			if found && sameStaff(old, r.Item) && keepsContractOf(ctx, tx, g, old.Contract) {
				count(r.Item.ID, true, true)
				continue
			}
			_, fe, err := tx.saveStaff(ctx, g, modeOf(found), r.Item, false)
			if bad, err := report(3, r.Line, fe, err); err != nil {
				return err
			} else if !bad {
				count(r.Item.ID, found, false)
			}
		}
		if err := tx.importContractorExtras(ctx, g, b, ending, report, count); err != nil {
			return err
		}
		if err := ie.AsError(); err != nil {
			return err
		}
		if dryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		return plan, nil
	}
	if err != nil {
		return nil, err
	}
	return plan, nil
}

func modeOf(found bool) Mode {
	if found {
		return Update
	}
	return Create
}

// mayKeep reports whether g may write the contractor, for a row that
// changes nothing: one g may not write is refused even so, as a save
// would.
func mayKeep(ctx context.Context, tx *Tx, g Gate, id string) bool {
	ok, err := tx.mayWriteContractor(ctx, g, id)
	return err == nil && ok
}

func sameContractor(a, b contractors.Contractor) bool {
	a.CreatedAt, a.UpdatedAt, a.Version = b.CreatedAt, b.UpdatedAt, b.Version
	if len(a.Certifications) == 0 && len(b.Certifications) == 0 {
		a.Certifications, b.Certifications = nil, nil
	}
	return reflect.DeepEqual(a, b)
}

// keepsContractOf reports whether g keeps the 課 of contract, for a row
// of a link or staff member that changes nothing.
func keepsContractOf(ctx context.Context, tx *Tx, g Gate, contract string) bool {
	c, err := tx.contract(ctx, contract)
	return err == nil && g.Keeps(c.Unit)
}

func sameContract(a, b contractors.Contract) bool {
	b.Systems, b.Assets = contractors.SortIDs(b.Systems), contractors.SortIDs(b.Assets)
	a.CreatedAt, a.UpdatedAt, a.Version, a.UnitName, a.ContractorName = b.CreatedAt, b.UpdatedAt, b.Version, b.UnitName, b.ContractorName
	for _, m := range []map[string]string{a.Articles, b.Articles} {
		for k, v := range m {
			if v == "" {
				delete(m, k)
			}
		}
	}
	if len(a.Articles) == 0 && len(b.Articles) == 0 {
		a.Articles, b.Articles = nil, nil
	}
	if len(a.Systems) == 0 && len(b.Systems) == 0 {
		a.Systems, b.Systems = nil, nil
	}
	if len(a.Assets) == 0 && len(b.Assets) == 0 {
		a.Assets, b.Assets = nil, nil
	}
	return reflect.DeepEqual(a, b)
}

func sameLink(a, b contractors.Link) bool {
	a.CreatedAt, a.UpdatedAt, a.Version = b.CreatedAt, b.UpdatedAt, b.Version
	return a == b
}

func sameStaff(a, b contractors.Staff) bool {
	a.Version = b.Version
	b.Checks = contractors.SortChecks(b.Checks)
	if len(a.Checks) == 0 && len(b.Checks) == 0 {
		a.Checks, b.Checks = nil, nil
	}
	return reflect.DeepEqual(a, b)
}
