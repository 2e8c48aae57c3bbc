package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/setup"
)

// SetupState reads what the setup steps are judged on, as of day d, in
// one transaction. OIDC is the server's configuration, not the
// database's, and is left for the caller.
func (db *DB) SetupState(ctx context.Context, d time.Time) (setup.State, error) {
	var s setup.State
	err := db.View(ctx, func(tx *Tx) error {
		day := dateArg(d)
		settings := map[string]*string{"city.name": &s.CityName, DefaultCatalogSetting: &s.Catalog}
		var smtp string
		settings["smtp.host"] = &smtp
		for key, into := range settings {
			err := tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(into)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("read setting %s: %w", key, err)
			}
		}
		s.Mail = smtp != ""
		counts := []struct {
			into *int
			q    string
			args []any
		}{
			{&s.Units, "SELECT COUNT(*) FROM org_unit_versions WHERE valid_from <= ? AND valid_to >= ?", []any{day, day}},
			{&s.Sections, `SELECT COUNT(*) FROM org_unit_versions v JOIN org_unit_kinds k ON k.code = v.kind
				WHERE v.valid_from <= ? AND v.valid_to >= ? AND k.info_manager = 1`, []any{day, day}},
			{&s.People, "SELECT COUNT(*) FROM org_people WHERE status = 'active' OR left_on >= ?", []any{day}},
			{&s.Accounts, "SELECT COUNT(*) FROM auth_accounts WHERE staff_no IS NOT NULL AND staff_no <> '' AND status = 'active'", nil},
			{&s.Assets, "SELECT COUNT(*) FROM assets", nil},
			{&s.Systems, "SELECT COUNT(*) FROM systems", nil},
		}
		for _, c := range counts {
			if err := tx.QueryRowContext(ctx, c.q, c.args...).Scan(c.into); err != nil {
				return fmt.Errorf("count for the setup: %w", err)
			}
		}
		held := func(role organisation.Role, scope organisation.Scope) (bool, error) {
			_, err := tx.holderOf(ctx, role, scope, d)
			switch kijun.ErrorCode(err) {
			case "":
				return true, nil
			case kijun.ENOTFOUND:
				return false, nil
			}
			return false, err
		}
		for _, spec := range organisation.RoleSpecs() {
			if spec.ScopeKind != organisation.ScopeCity || spec.Many {
				continue
			}
			ok, err := held(spec.Role, organisation.City())
			if err != nil {
				return err
			}
			if !ok {
				s.CityRolesUnset = append(s.CityRolesUnset, spec.Label)
			}
		}
		sections, err := tx.codes(ctx, `SELECT v.unit_code FROM org_unit_versions v JOIN org_unit_kinds k ON k.code = v.kind
			WHERE v.valid_from <= ? AND v.valid_to >= ? AND k.info_manager = 1`, day, day)
		if err != nil {
			return err
		}
		for _, code := range sections {
			if ok, err := held(organisation.RoleInfoManager, organisation.UnitScope(code)); err != nil {
				return err
			} else if !ok {
				s.SectionsUnset++
			}
		}
		systemIDs, err := tx.codes(ctx, "SELECT id FROM systems")
		if err != nil {
			return err
		}
		for _, id := range systemIDs {
			for _, role := range []organisation.Role{organisation.RoleSystemOwner, organisation.RoleSystemAdmin} {
				if ok, err := held(role, organisation.SystemScope(id)); err != nil {
					return err
				} else if !ok {
					s.SystemsUnset++
					break
				}
			}
		}
		return nil
	})
	return s, err
}

// codes reads one column of strings.
func (tx *Tx) codes(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read codes: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("read codes: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
