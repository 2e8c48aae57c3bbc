package store

import (
	"context"

	"kijun/internal/compliance"
)

func (r *factsReader) accounts(ctx context.Context) error {
	where, args, ok := r.scope.where(compliance.KindAccount, "a.id")
	if !ok {
		return nil
	}
	primary := map[string]string{}
	day := dateArg(r.day)
	if err := r.query(ctx, `SELECT staff_no, unit_code FROM org_assignments WHERE is_primary = 1 AND valid_from <= ? AND valid_to >= ?`, []any{day, day}, func(sc scanner) error {
		var s, u string
		err := sc.Scan(&s, &u)
		primary[s] = u
		return err
	}); err != nil {
		return err
	}
	return r.query(ctx, `SELECT a.id, COALESCE(a.staff_no, ''), a.display_name, a.status, a.admin, a.password_changed_at,
		(a.totp_secret <> '' OR EXISTS (SELECT 1 FROM auth_passkeys k WHERE k.account_id = a.id)) FROM auth_accounts a`+where, args, func(sc scanner) error {
		var a compliance.Account
		var status, changed string
		var admin int
		var second bool
		if err := sc.Scan(&a.ID, &a.StaffNo, &a.Name, &status, &admin, &changed, &second); err != nil {
			return err
		}
		a.Active, a.Privileged, a.SecondFactor = status == "active", admin != 0, second
		a.PersonLeft = a.StaffNo != "" && r.left[a.StaffNo]
		if t := parseStoredTime(changed); !t.IsZero() {
			a.PasswordAgeDays = int(r.day.Sub(t).Hours() / 24)
		}
		a.Unit = primary[a.StaffNo]
		r.f.Accounts = append(r.f.Accounts, a)
		return nil
	})
}
