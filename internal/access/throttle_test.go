package access_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"kijun/internal/access"
	"kijun/internal/kijun"
	"kijun/internal/records"
	"kijun/internal/store"
)

// TestLockDoesNotStopTokens checks that five wrong passwords from anyone
// who knows a user ID lock the password, not the person's API tokens: a
// token is a credential of its own, and a lock must not become a way to
// switch off a city's integrations. A disabled account's tokens stop.
func TestLockDoesNotStopTokens(t *testing.T) {
	each(t, func(t *testing.T, e env) {
		ctx := context.Background()
		admin := &access.Principal{AccountID: "admin-x", Admin: true}
		pw, err := e.svc.CreateAccount(ctx, admin, "1001", false)
		if err != nil {
			t.Fatal(err)
		}
		cur, err := e.svc.SignIn(ctx, "1001", pw, "192.0.2.10")
		if err != nil {
			t.Fatal(err)
		}
		secret, _, err := e.svc.CreateToken(ctx, cur, "集計", access.ScopeRead, 30)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 5 {
			e.svc.SignIn(ctx, "1001", fmt.Sprint("wrong-", i), "198.51.100.7")
		}
		if a, _ := e.db.Account(ctx, "1001"); a.SignIn.LockedAt.IsZero() {
			t.Fatalf("five wrong passwords did not lock the account: %+v", a.SignIn)
		}
		if _, err := e.svc.SignIn(ctx, "1001", pw, "192.0.2.10"); kijun.ErrorCode(err) != kijun.EUNAUTHORIZED {
			t.Errorf("password sign-in while locked: %v, want refused", err)
		}
		if tc, err := e.svc.AuthenticateToken(ctx, secret); err != nil || tc.Principal.StaffNo != "1001" {
			t.Errorf("API token while the password is locked: %v, %v; want it to keep working", tc, err)
		}
		if _, err := e.svc.Authenticate(ctx, cur.Token); err != nil {
			t.Errorf("open session while locked: %v, want it to keep working", err)
		}
		a, _ := e.db.Account(ctx, "1001")
		if _, err := e.svc.Administer(ctx, admin, "1001", a.Version, access.ActionDisable); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.AuthenticateToken(ctx, secret); kijun.ErrorCode(err) != kijun.EUNAUTHORIZED {
			t.Errorf("API token of a disabled account: %v, want EUNAUTHORIZED", err)
		}
	})
}

// TestThrottle checks that failures past the throttle are refused without
// counting toward the lock, that a right password spends nothing, and that
// the ledger keeps one failure record per window, with the count of those
// it stands for.
func TestThrottle(t *testing.T) {
	each(t, func(t *testing.T, e env) {
		ctx := context.Background()
		admin := &access.Principal{AccountID: "admin-x", Admin: true}
		pw, err := e.svc.CreateAccount(ctx, admin, "1002", false)
		if err != nil {
			t.Fatal(err)
		}
		before := ledgerSize(t, e.db)
		th := access.DefaultThrottle()
		flood := th.AddressBurst + 50
		for i := range flood {
			if _, err := e.svc.SignIn(ctx, fmt.Sprint("nobody-", i), "x", "198.51.100.7"); kijun.ErrorCode(err) != kijun.EUNAUTHORIZED {
				t.Fatalf("attempt %d: %v, want the sign-in failure", i, err)
			}
		}
		if grew := ledgerSize(t, e.db) - before; grew > 2 {
			t.Errorf("%d failed attempts added %d ledger records, want at most 2 (one per window and kind of failure)", flood, grew)
		}
		// The flooding address is refused even with a right password; another is not.
		if _, err := e.svc.SignIn(ctx, "1002", pw, "198.51.100.7"); kijun.ErrorCode(err) != kijun.EUNAUTHORIZED {
			t.Errorf("right password from the throttled address: %v, want refused", err)
		}
		if a, _ := e.db.Account(ctx, "1002"); a.SignIn.Failures != 0 {
			t.Errorf("a throttled attempt counted %d failures toward the lock, want 0", a.SignIn.Failures)
		}
		for range 3 {
			if _, err := e.svc.SignIn(ctx, "1002", pw, "192.0.2.10"); err != nil {
				t.Fatalf("right password from another address: %v", err)
			}
		}
		// Once the window passes, the next failure's record carries the
		// count of the window's unrecorded ones.
		e.clock.Add(th.RecordEvery + time.Minute)
		e.svc.SignIn(ctx, "nobody", "x", "192.0.2.10")
		rs, err := e.db.Records(ctx, store.RecordFilter{Entity: "account", EntityID: "unknown", Limit: 1})
		if err != nil || len(rs) != 1 {
			t.Fatalf("records of unknown IDs: %v, %v", rs, err)
		}
		// The ledger keeps the state's digest: the record must be of the
		// state that carries the count.
		want, _ := records.Digest(map[string]any{"reason": "unknown_id", "remote": "192.0.2.10", "unrecorded": th.AddressBurst - 1})
		if rs[0].Digest != want {
			t.Errorf("the next window's record has digest %s, want that of a state carrying %d unrecorded failures", rs[0].Digest, th.AddressBurst-1)
		}
	})
}

func ledgerSize(t *testing.T, db *store.DB) int64 {
	t.Helper()
	n, _, err := db.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}
