package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"kijun/internal/auth"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/store"
)

// SettingAccounts lists the staff numbers of the accounts the demo made,
// space-separated: `kijun demo code` shows the current sign-in code of
// these and of no other account.
const SettingAccounts = "demo.accounts"

// Login is an account the demo made for a named role, and how to sign in
// as it: the user ID, the password and the TOTP secret its authenticator
// app would hold.
type Login struct {
	Role     string
	Name     string
	Unit     string
	ID       string
	Password string
	TOTP     string
	// Admin: a privileged ID of no person, which keeps accounts (8.2.1ウ).
	Admin bool
}

// PickPeople returns the people the demo makes accounts for, by role:
// the CISO's office (the 情報セキュリティ管理者, 3.1.3), a 課長 who is the
// 情報管理者 of a 課 with a taken-out asset not returned and, if any, a
// request waiting for him (3.1.6), a member of staff of that 課 with no
// role, and the audit director (3.1.9).
func PickPeople(ctx context.Context, db *store.DB) ([]Login, error) {
	today := organisation.Day(db.Now())
	holder := func(role organisation.Role, scope organisation.Scope) (organisation.Holder, error) {
		return db.HolderOf(ctx, role, scope, today)
	}
	var out []Login
	office, err := holder(organisation.RoleSecurityManager, organisation.City())
	if err != nil {
		return nil, fmt.Errorf("the demo city's 情報セキュリティ管理者: %w", err)
	}
	out = append(out, Login{Role: "CISO 事務局（情報セキュリティ管理者）/ the CISO's office", Name: office.Person.Name, ID: office.Person.StaffNo})
	chief, unit, err := pickChief(ctx, db, today)
	if err != nil {
		return nil, err
	}
	u, err := db.Unit(ctx, unit, today)
	if err != nil {
		return nil, err
	}
	out = append(out, Login{Role: "課長（情報管理者）/ a section chief", Name: chief.Name, Unit: u.Name, ID: chief.StaffNo})
	ms, err := db.Members(ctx, unit, today)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if roles, err := db.RolesOf(ctx, m.StaffNo, today); err == nil && len(roles) == 0 && m.Assignment.Post == organisation.PostStaff {
			out = append(out, Login{Role: "職員 / a member of staff", Name: m.Name, Unit: u.Name, ID: m.StaffNo})
			if err := waitingFor(ctx, db, chief.StaffNo, unit, m.StaffNo, today); err != nil {
				return nil, err
			}
			break
		}
	}
	if a, err := holder(organisation.RoleAuditDirector, organisation.City()); err == nil {
		out = append(out, Login{Role: "監査責任者 / the audit director", Name: a.Person.Name, ID: a.Person.StaffNo})
	}
	// With accounts present, serve makes no first administrator, so the
	// demo makes one.
	out = append(out, Login{Role: "管理者 / an administrator", Name: "デモ管理者", ID: "admin-demo", Admin: true})
	return out, nil
}

// waitingFor gives the 課長 a request to decide when none waits for him:
// the member of staff asks to carry one of the 課's assets (4.2キ), so the
// home shows an approval waiting from the first sign-in.
func waitingFor(ctx context.Context, db *store.DB, chief, unit, staff string, today time.Time) error {
	reg, err := permits.Default()
	if err != nil {
		return err
	}
	p := db.Permits(reg)
	in, err := p.Inbox(ctx, chief, today, 1)
	if err != nil || len(in.ToDecide) > 0 {
		return err
	}
	as, _, err := db.ListAssets(ctx, store.AssetFilter{Units: []string{unit}, MinConfidentiality: 2, Limit: 1})
	if err != nil || len(as) == 0 {
		return err
	}
	_, err = p.File(kijun.WithActor(ctx, kijun.Actor{ID: organisation.ActorID(staff)}), store.Filing{Type: "carry", Requester: staff, Submit: true,
		ValidFrom: today.AddDate(0, 0, 1), ValidTo: today.AddDate(0, 0, 1),
		Fields: map[string]string{"asset": as[0].ID, "destination": "中央図書館", "protection": "鍵付きケースと暗号化"}})
	if err != nil {
		return fmt.Errorf("file the demo's request waiting for the 課長: %w", err)
	}
	return nil
}

// pickChief finds the 情報管理者 of a 課 with a late return, holding no
// city-wide role, preferring one with a request waiting for him.
func pickChief(ctx context.Context, db *store.DB, today time.Time) (organisation.PersonRef, string, error) {
	reg, err := permits.Default()
	if err != nil {
		return organisation.PersonRef{}, "", err
	}
	p := db.Permits(reg)
	late, err := p.Overdue(ctx, db.Now(), store.LateFor{City: true})
	if err != nil {
		return organisation.PersonRef{}, "", err
	}
	units, err := db.UnitsOn(ctx, today)
	if err != nil {
		return organisation.PersonRef{}, "", err
	}
	// The 課 with a late return first, then every other.
	var order []string
	for _, r := range late {
		if !slices.Contains(order, r.Unit) {
			order = append(order, r.Unit)
		}
	}
	for _, u := range units {
		if u.Kind == organisation.KindSection && !slices.Contains(order, u.Code) {
			order = append(order, u.Code)
		}
	}
	var first *organisation.PersonRef
	firstUnit := ""
	for _, code := range order {
		h, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope(code), today)
		if err != nil {
			continue
		}
		roles, err := db.RolesOf(ctx, h.Person.StaffNo, today)
		if err != nil {
			return organisation.PersonRef{}, "", err
		}
		if slices.ContainsFunc(roles, func(a organisation.Acting) bool { return a.Holder.Scope.Kind == organisation.ScopeCity }) {
			continue
		}
		ref := organisation.PersonRef{StaffNo: h.Person.StaffNo, Name: h.Person.Name}
		in, err := p.Inbox(ctx, ref.StaffNo, today, 1)
		if err != nil {
			return organisation.PersonRef{}, "", err
		}
		if len(in.ToDecide) > 0 {
			return ref, code, nil
		}
		if first == nil {
			first, firstUnit = &ref, code
		}
	}
	if first == nil {
		return organisation.PersonRef{}, "", kijun.Errorf(kijun.ENOTFOUND, "デモの市に、全庁の役割を持たない情報管理者がいません")
	}
	return *first, firstUnit, nil
}

// MakeAccounts gives each login an account that signs in at once with the
// password given and a TOTP secret of its own (sealed with key, as the
// server keeps it), replacing what a demo account had before, and lists
// them in SettingAccounts. These are demo accounts: the password is
// printed and shared, which a city's own accounts never are (8.2.6イ).
func MakeAccounts(ctx context.Context, db *store.DB, key []byte, issuer, password string, logins []Login) ([]Login, error) {
	hash, err := auth.HashPassword(password, auth.DefaultParams())
	if err != nil {
		return nil, err
	}
	now := db.Now()
	ids := ""
	for i := range logins {
		l := &logins[i]
		secret, _, err := auth.NewTOTPSecret(issuer, l.ID)
		if err != nil {
			return nil, err
		}
		sealed, err := auth.SealSecret(key, []byte(secret))
		if err != nil {
			return nil, err
		}
		l.Password, l.TOTP = password, secret
		err = db.Update(ctx, func(tx *store.Tx) error {
			a, err := tx.Account(ctx, l.ID)
			switch kijun.ErrorCode(err) {
			case "":
				a.Credential = auth.Credential{Hash: hash, ChangedAt: now}
				a.TOTPSecret, a.TOTPLastStep, a.Status = sealed, 0, auth.StatusActive
				a.SignIn = auth.SignInState{}
				if _, err := tx.SaveAccount(ctx, a); err != nil {
					return err
				}
			case kijun.ENOTFOUND:
				a = auth.Account{ID: l.ID, StaffNo: l.ID, DisplayName: l.Name, Status: auth.StatusActive, CreatedAt: now,
					Credential: auth.Credential{Hash: hash, ChangedAt: now}, TOTPSecret: sealed, Admin: l.Admin}
				if l.Admin {
					a.StaffNo = ""
				}
				if err := tx.InsertAccount(ctx, a); err != nil {
					return err
				}
			default:
				return err
			}
			_, err = tx.Record(ctx, store.Change{Action: "demo.account.create", Entity: "account", EntityID: l.ID,
				State: map[string]any{"id": l.ID, "staff_no": a.StaffNo, "admin": a.Admin, "demo": true, "totp": true}, Provisions: []string{"8.2.1イ(2)"}})
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("make the demo account of %s: %w", l.ID, err)
		}
		if ids != "" {
			ids += " "
		}
		ids += l.ID
	}
	if err := db.SetSetting(ctx, SettingAccounts, ids); err != nil {
		return nil, err
	}
	return logins, nil
}
