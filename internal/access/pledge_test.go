package access_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"kijun/internal/access"
	"kijun/internal/attendance"
	"kijun/internal/auth"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/training"
)

// TestPledgeStep: a 臨時の任用職員's session and API token stop at the
// pledge step until they give the pledge in force (7.1.2); a regular
// member of staff is never held.
func TestPledgeStep(t *testing.T) {
	each(t, func(t *testing.T, e env) {
		ctx := context.Background()
		admin := &access.Principal{AccountID: "admin-x", Admin: true}
		err := e.db.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, "UPDATE org_people SET employment = ? WHERE staff_no = '1002'", string(organisation.EmployTemporary))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		// A second factor is asked of privileged IDs only, so the pledge is
		// the one step left after the password.
		pol := cheapPolicy()
		pol.MFA = access.MFAPrivileged
		if e.svc, err = access.New(ctx, access.Config{DB: e.db, Policy: pol, SealKey: make([]byte, auth.KeySize)}); err != nil {
			t.Fatal(err)
		}
		office, _ := attendance.TrainerOf(ctx, e.db, admin)
		p := store.Pledge{Edition: training.Edition{ID: "pledge-2026", Title: "誓約書", InForce: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}, Body: "遵守します。"}
		if err := e.db.SavePledge(ctx, office, p); err != nil {
			t.Fatal(err)
		}
		signedIn := func(no string) *access.Current {
			t.Helper()
			pw, err := e.svc.CreateAccount(ctx, admin, no, false)
			if err != nil {
				t.Fatal(err)
			}
			cur, err := e.svc.SignIn(ctx, no, pw, "")
			if err != nil {
				t.Fatal(err)
			}
			if err := e.svc.ChangePassword(ctx, cur, pw, "Hanako#2026kobe-x"); err != nil {
				t.Fatal(err)
			}
			if cur, err = e.svc.Authenticate(ctx, cur.Token); err != nil {
				t.Fatal(err)
			}
			return cur
		}
		regular := signedIn("1001")
		if regular.Next != access.StepNone {
			t.Errorf("regular member of staff: next %q, want none", regular.Next)
		}
		temp := signedIn("1002")
		if temp.Next != access.StepPledge {
			t.Fatalf("temporary employee: next %q, want %q", temp.Next, access.StepPledge)
		}
		secret, _, err := e.svc.CreateToken(ctx, temp, "test", access.ScopeRead, 1)
		if err != nil {
			t.Fatal(err)
		}
		if byToken, err := e.svc.AuthenticateToken(ctx, secret); err != nil || byToken.Next != access.StepPledge {
			t.Errorf("temporary employee's token: %v, %v; want the pledge step", byToken, err)
		}
		me, _ := attendance.TrainerOf(ctx, e.db, temp.Principal)
		if err := e.db.Acknowledge(ctx, me, "pledge-2026"); err != nil {
			t.Fatal(err)
		}
		if cur, err := e.svc.Authenticate(ctx, temp.Token); err != nil || cur.Next != access.StepNone {
			t.Errorf("after the pledge: %v, %v; want no step", cur, err)
		}
		if byToken, err := e.svc.AuthenticateToken(ctx, secret); err != nil || byToken.Next != access.StepNone {
			t.Errorf("token after the pledge: %v, %v; want no step", byToken, err)
		}
	})
}

// TestSharedAccount: a shared account's sign-in must name one of its
// permitted users, who is kept with the session; anyone else is refused
// and the refusal recorded (7.4.2イ).
func TestSharedAccount(t *testing.T) {
	each(t, func(t *testing.T, e env) {
		ctx := context.Background()
		admin := &access.Principal{AccountID: "admin-x", Admin: true}
		if _, err := e.svc.CreateSharedAccount(ctx, &access.Principal{StaffNo: "1001"}, "counter-1", "窓口端末", []string{"1002"}); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("non-administrator made a shared account: %v", err)
		}
		for _, c := range []struct {
			name, id string
			users    []string
			want     string
		}{
			{"no users", "counter-1", nil, kijun.EINVALID},
			{"a staff number as ID", "1005", []string{"1002"}, kijun.EINVALID},
			// An unknown user is a wrong field of the form, shown beside it.
			{"unknown user", "counter-1", []string{"9999"}, kijun.EINVALID},
		} {
			if _, err := e.svc.CreateSharedAccount(ctx, admin, c.id, "窓口端末", c.users); kijun.ErrorCode(err) != c.want {
				t.Errorf("%s: got %v, want %s", c.name, err, c.want)
			}
		}
		pw, err := e.svc.CreateSharedAccount(ctx, admin, "counter-1", "窓口端末", []string{"1002", "1001"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.CreateSharedAccount(ctx, admin, "counter-1", "窓口端末", []string{"1002"}); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("shared account made twice: %v", err)
		}
		for _, user := range []string{"", "1003"} {
			if _, err := e.svc.SignInAs(ctx, "counter-1", user, pw, ""); kijun.ErrorCode(err) != kijun.EUNAUTHORIZED {
				t.Errorf("sign-in naming %q: %v, want refused", user, err)
			}
		}
		cur, err := e.svc.SignInAs(ctx, "counter-1", "1002", pw, "")
		if err != nil {
			t.Fatal(err)
		}
		if cur.User != "1002" {
			t.Errorf("session user %q, want 1002", cur.User)
		}
		got := actions(t, e.db, "counter-1")
		for _, want := range []string{"auth.shared.create", "auth.signin.fail", "auth.signin"} {
			if !slices.Contains(got, want) {
				t.Errorf("records %v lack %s", got, want)
			}
		}
		// A person's own account ignores the user named.
		own, _ := e.svc.CreateAccount(ctx, admin, "1003", false)
		if cur, err := e.svc.SignInAs(ctx, "1003", "1002", own, ""); err != nil || cur.User != "" {
			t.Errorf("own account naming a user: %v, %v", cur, err)
		}
	})
}
