package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/records"
)

// dateArg writes a day for a query.
func dateArg(t time.Time) string { return organisation.FormatDate(t) }

// UnitKinds returns the kinds of organisation unit, by code.
func (db *DB) UnitKinds(ctx context.Context) (map[organisation.UnitKind]organisation.UnitKindInfo, error) {
	var out map[organisation.UnitKind]organisation.UnitKindInfo
	err := db.View(ctx, func(tx *Tx) (err error) {
		out, err = tx.unitKinds(ctx)
		return err
	})
	return out, err
}

func (tx *Tx) unitKinds(ctx context.Context) (map[organisation.UnitKind]organisation.UnitKindInfo, error) {
	rows, err := tx.QueryContext(ctx, "SELECT code, name, name_en, level, info_officer, info_manager FROM org_unit_kinds")
	if err != nil {
		return nil, fmt.Errorf("list unit kinds: %w", err)
	}
	defer rows.Close()
	out := map[organisation.UnitKind]organisation.UnitKindInfo{}
	for rows.Next() {
		var k organisation.UnitKindInfo
		var officer, manager int
		if err := rows.Scan(&k.Code, &k.Name, &k.NameEN, &k.Level, &officer, &manager); err != nil {
			return nil, fmt.Errorf("list unit kinds: %w", err)
		}
		k.InfoOfficer, k.InfoManager = officer == 1, manager == 1
		out[k.Code] = k
	}
	return out, rows.Err()
}

const unitColumns = "unit_code, kind, name, kana, parent_code, valid_from, valid_to"

func scanUnits(rows *sql.Rows) ([]organisation.Unit, error) {
	defer rows.Close()
	var out []organisation.Unit
	for rows.Next() {
		var u organisation.Unit
		var from, to string
		if err := rows.Scan(&u.Code, &u.Kind, &u.Name, &u.Kana, &u.Parent, &from, &to); err != nil {
			return nil, fmt.Errorf("read unit: %w", err)
		}
		u.From, u.To = organisation.StoredDate(from), organisation.StoredDate(to)
		out = append(out, u)
	}
	return out, rows.Err()
}

// UnitsOn returns every unit as it stands on day d, in code order.
func (db *DB) UnitsOn(ctx context.Context, d time.Time) ([]organisation.Unit, error) {
	var out []organisation.Unit
	err := db.View(ctx, func(tx *Tx) (err error) {
		// The organisation of a day is the same for everyone until it
		// changes, with its ledger record: kept (shared.go).
		q := "SELECT " + unitColumns + " FROM org_unit_versions WHERE valid_from <= ? AND valid_to >= ? ORDER BY unit_code"
		out, err = sharedRead(ctx, tx, sharedKey(q, []any{dateArg(d)}), func() ([]organisation.Unit, error) {
			rows, err := tx.QueryContext(ctx, q, dateArg(d), dateArg(d))
			if err != nil {
				return nil, fmt.Errorf("list units on %s: %w", dateArg(d), err)
			}
			return scanUnits(rows)
		})
		return err
	})
	return slices.Clone(out), err
}

// Unit returns the unit with code as it stands on day d, or an ENOTFOUND error.
func (db *DB) Unit(ctx context.Context, code string, d time.Time) (organisation.Unit, error) {
	var u organisation.Unit
	err := db.View(ctx, func(tx *Tx) (err error) {
		u, err = tx.unitOn(ctx, code, d)
		return err
	})
	return u, err
}

func (tx *Tx) unitOn(ctx context.Context, code string, d time.Time) (organisation.Unit, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+unitColumns+" FROM org_unit_versions WHERE unit_code = ? AND valid_from <= ? AND valid_to >= ?", code, dateArg(d), dateArg(d))
	if err != nil {
		return organisation.Unit{}, fmt.Errorf("load unit %s: %w", code, err)
	}
	us, err := scanUnits(rows)
	if err != nil {
		return organisation.Unit{}, err
	}
	if len(us) == 0 {
		return organisation.Unit{}, kijun.Errorf(kijun.ENOTFOUND, "組織 %s は %s に存在しません", code, dateArg(d))
	}
	return us[0], nil
}

// UnitHistory returns every version of a unit, oldest first, or an
// ENOTFOUND error when there is no such unit.
func (db *DB) UnitHistory(ctx context.Context, code string) ([]organisation.Unit, error) {
	var out []organisation.Unit
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT "+unitColumns+" FROM org_unit_versions WHERE unit_code = ? ORDER BY valid_from", code)
		if err != nil {
			return fmt.Errorf("load history of unit %s: %w", code, err)
		}
		out, err = scanUnits(rows)
		return err
	})
	if err == nil && len(out) == 0 {
		err = kijun.Errorf(kijun.ENOTFOUND, "組織 %s はありません", code)
	}
	return out, err
}

// UnitPath returns the unit and every unit above it on day d, nearest first:
// what 3.2.10イ needs to tell whether an auditor sits inside the audited unit.
func (db *DB) UnitPath(ctx context.Context, code string, d time.Time) ([]organisation.Unit, error) {
	var out []organisation.Unit
	err := db.View(ctx, func(tx *Tx) (err error) {
		out, err = tx.unitPath(ctx, code, d)
		return err
	})
	return out, err
}

// maxUnitDepth bounds a walk up the units, so that a cycle of parents,
// which checkUnit refuses but an old database might hold, ends.
const maxUnitDepth = 20

// unitPath is UnitPath in tx: an ENOTFOUND error when a unit on the way
// is not in being on d.
func (tx *Tx) unitPath(ctx context.Context, code string, d time.Time) ([]organisation.Unit, error) {
	var out []organisation.Unit
	for c := code; c != "" && len(out) < maxUnitDepth; {
		u, err := tx.unitOn(ctx, c, d)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
		c = u.Parent
	}
	return out, nil
}

func (tx *Tx) checkUnit(ctx context.Context, u organisation.Unit) error {
	if strings.TrimSpace(u.Code) == "" || strings.TrimSpace(u.Name) == "" {
		return kijun.Errorf(kijun.EINVALID, "組織にはコードと名称が必要です")
	}
	if err := u.CheckText(); err != nil {
		return err
	}
	if err := u.Period.Valid(); err != nil {
		return err
	}
	kinds, err := tx.unitKinds(ctx)
	if err != nil {
		return err
	}
	if _, ok := kinds[u.Kind]; !ok {
		return kijun.Errorf(kijun.EINVALID, "組織の種類 %q はありません", string(u.Kind))
	}
	if u.Parent != "" {
		if u.Parent == u.Code {
			return kijun.Errorf(kijun.EINVALID, "組織 %s は自分自身の下には置けません", u.Code)
		}
		if _, err := tx.unitOn(ctx, u.Parent, u.From); err != nil {
			return kijun.Wrap(kijun.EINVALID, err, "上位組織 %s は %s に存在しません", u.Parent, dateArg(u.From))
		}
	}
	return nil
}

func (tx *Tx) createUnit(ctx context.Context, u organisation.Unit) error {
	if err := tx.checkUnit(ctx, u); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_units WHERE code = ?", u.Code).Scan(&n); err != nil {
		return fmt.Errorf("look up unit %s: %w", u.Code, err)
	}
	if n > 0 {
		return kijun.Errorf(kijun.ECONFLICT, "組織コード %s はすでに使われています", u.Code)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO org_units (code, created_at) VALUES (?, ?)", u.Code, records.FormatTime(tx.db.Now())); err != nil {
		return fmt.Errorf("create unit %s: %w", u.Code, err)
	}
	return tx.insertUnitVersion(ctx, u)
}

func (tx *Tx) insertUnitVersion(ctx context.Context, u organisation.Unit) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO org_unit_versions ("+unitColumns+") VALUES (?, ?, ?, ?, ?, ?, ?)",
		u.Code, u.Kind, u.Name, u.Kana, u.Parent, dateArg(u.From), dateArg(u.To))
	if err != nil {
		return fmt.Errorf("store unit %s: %w", u.Code, err)
	}
	return nil
}

// ReorganiseUnit gives a unit a new name, kana, kind or parent from
// c.Effective (職制改正): the version standing then ends the day before,
// and history keeps both.
func (db *DB) ReorganiseUnit(ctx context.Context, c organisation.UnitChange) error {
	return db.Update(ctx, func(tx *Tx) error {
		cur, err := tx.unitOn(ctx, c.Code, c.Effective)
		if err != nil {
			return err
		}
		if !cur.From.Before(c.Effective) {
			return kijun.Errorf(kijun.ECONFLICT, "組織 %s の %s からの版がすでにあります", c.Code, dateArg(c.Effective))
		}
		next := c.Unit
		next.From, next.To = c.Effective, cur.To
		if err := tx.checkUnit(ctx, next); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE org_unit_versions SET valid_to = ? WHERE unit_code = ? AND valid_from = ?",
			dateArg(organisation.DayBefore(c.Effective)), c.Code, dateArg(cur.From)); err != nil {
			return fmt.Errorf("end version of unit %s: %w", c.Code, err)
		}
		if err := tx.insertUnitVersion(ctx, next); err != nil {
			return err
		}
		_, err = tx.Record(ctx, Change{Action: "org.unit.reorganise", Entity: "org_unit", EntityID: c.Code, State: c, Provisions: []string{"3.1"}})
		return err
	})
}

// errNoRows turns sql.ErrNoRows into an ENOTFOUND error with msg.
func errNoRows(err error, format string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return kijun.Errorf(kijun.ENOTFOUND, format, args...)
	}
	return err
}
