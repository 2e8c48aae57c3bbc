package access_test

import (
	"context"
	"slices"
	"testing"

	"kijun/internal/access"
	"kijun/internal/kijun"
)

// TestSharedAccountEdit: an administrator changes who may use a shared
// ID (the one taken off is refused at sign-in, the one added let in) and
// disables it (nobody signs in with it), each change in the ledger
// (7.4.2イ, 8.2.1イ(2)).
func TestSharedAccountEdit(t *testing.T) {
	each(t, func(t *testing.T, e env) {
		ctx := context.Background()
		admin := &access.Principal{AccountID: "admin-x", Admin: true}
		pw, err := e.svc.CreateSharedAccount(ctx, admin, "counter-1", "窓口端末", []string{"1001", "1002"})
		if err != nil {
			t.Fatal(err)
		}
		version := func() int64 {
			a, err := e.db.Account(ctx, "counter-1")
			if err != nil {
				t.Fatal(err)
			}
			return a.Version
		}
		v := version()
		if err := e.svc.SetSharedUsers(ctx, &access.Principal{StaffNo: "1001"}, "counter-1", v, []string{"1003"}); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("a non-administrator changed the users: %v", err)
		}
		if err := e.svc.SetSharedUsers(ctx, admin, "counter-1", v, []string{"1001", "9999"}); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("an unknown user: %v, want EINVALID", err)
		}
		if err := e.svc.SetSharedUsers(ctx, admin, "counter-1", v, nil); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("no users: %v, want EINVALID", err)
		}
		if err := e.svc.SetSharedUsers(ctx, admin, "counter-1", v, []string{"1001", "1003"}); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.SetSharedUsers(ctx, admin, "counter-1", v, []string{"1002"}); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("a change from a stale form: %v, want ECONFLICT", err)
		}
		if _, err := e.svc.SignInAs(ctx, "counter-1", "1002", pw, ""); kijun.ErrorCode(err) != kijun.EUNAUTHORIZED {
			t.Errorf("the user taken off signed in: %v", err)
		}
		if cur, err := e.svc.SignInAs(ctx, "counter-1", "1003", pw, ""); err != nil || cur.User != "1003" {
			t.Fatalf("the user added: %+v, %v", cur, err)
		}
		if _, err := e.svc.Administer(ctx, admin, "counter-1", version(), access.ActionDisable); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SignInAs(ctx, "counter-1", "1003", pw, ""); kijun.ErrorCode(err) != kijun.EUNAUTHORIZED {
			t.Errorf("a disabled shared ID signed in: %v", err)
		}
		got := actions(t, e.db, "counter-1")
		for _, want := range []string{"auth.shared.users", "auth.account.disable"} {
			if !slices.Contains(got, want) {
				t.Errorf("records %v lack %s", got, want)
			}
		}
		if _, err := e.svc.CreateAccount(ctx, admin, "1003", false); err != nil {
			t.Fatal(err)
		}
		own, _ := e.db.Account(ctx, "1003")
		if err := e.svc.SetSharedUsers(ctx, admin, "1003", own.Version, []string{"1001"}); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("a person's own account given shared users: %v, want EINVALID", err)
		}
	})
}
