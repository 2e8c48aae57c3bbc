package access_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// clock is a settable time for the store and so for every rule.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// cheapPolicy is the default policy with argon2id made cheap: the tests
// sign in many times, and the cost is measured by a benchmark instead.
func cheapPolicy() access.Policy {
	p := access.DefaultPolicy()
	p.Params = auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	return p
}

type env struct {
	db    *store.DB
	svc   *access.Service
	clock *clock
}

// each runs fn on every engine with a small organisation: 1001 is the
// 情報管理者 (課長) of section 111, 1002 a member of its staff, 1003 the
// 情報セキュリティ管理者.
func each(t *testing.T, fn func(t *testing.T, e env)) {
	urls := storetest.URLs(t)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		t.Run(engine, func(t *testing.T) {
			c := &clock{t: time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC)}
			db := storetest.Open(t, urls[engine], store.Options{Now: c.Now})
			loadOrg(t, db)
			svc, err := access.New(context.Background(), access.Config{DB: db, Policy: cheapPolicy(), SealKey: make([]byte, auth.KeySize)})
			if err != nil {
				t.Fatal(err)
			}
			fn(t, env{db: db, svc: svc, clock: c})
		})
	}
}

func loadOrg(t *testing.T, db *store.DB) {
	t.Helper()
	from := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	period := organisation.Period{From: from}
	person := func(no, name, kana string) organisation.Person {
		return organisation.Person{StaffNo: no, Name: name, Kana: kana, Employment: organisation.EmployRegular}
	}
	err := db.LoadOrganisation(context.Background(), store.OrganisationData{
		Units: []organisation.Unit{
			{Code: "100", Kind: organisation.KindBureau, Name: "企画調整局", Kana: "キカクチョウセイキョク", Period: period},
			{Code: "111", Kind: organisation.KindSection, Name: "情報政策課", Kana: "ジョウホウセイサクカ", Parent: "100", Period: period},
		},
		People: []organisation.Person{person("1001", "山田 太郎", "ヤマダ タロウ"), person("1002", "佐藤 花子", "サトウ ハナコ"), person("1003", "鈴木 一郎", "スズキ イチロウ")},
		Assignments: []organisation.Assignment{
			{StaffNo: "1001", Unit: "111", Post: organisation.PostSectionChief, Primary: true, Period: period},
			{StaffNo: "1002", Unit: "111", Post: organisation.PostStaff, Primary: true, Period: period},
			{StaffNo: "1003", Unit: "100", Post: organisation.PostStaff, Primary: true, Period: period},
		},
		Roles:    []organisation.RoleAssignment{{Role: organisation.RoleSecurityManager, Scope: organisation.City(), StaffNo: "1003", Period: period}},
		Standing: &organisation.StandingDeputy{Unit: "100", Post: organisation.PostBureauChief},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// actions returns the ledger's actions on an entity ID, oldest first.
func actions(t *testing.T, db *store.DB, entityID string) []string {
	t.Helper()
	rs, err := db.Records(context.Background(), store.RecordFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rs {
		if r.EntityID == entityID && strings.HasPrefix(r.Action, "auth.") {
			out = append(out, r.Action)
		}
	}
	slices.Reverse(out)
	return out
}

func code(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestFirstAdministrator walks the first run: the printed administrator
// signs in, must change the temporary password, must enrol a second
// factor, and next time must give it; a replayed code is refused.
func TestFirstAdministrator(t *testing.T) {
	each(t, func(t *testing.T, e env) {
		ctx := context.Background()
		id, pw, err := e.svc.Bootstrap(ctx)
		if err != nil || id == "" || pw == "" {
			t.Fatalf("Bootstrap = %q, %q, %v", id, pw, err)
		}
		if id == "admin" || !strings.HasPrefix(id, "admin-") {
			t.Errorf("first administrator's ID %q: want a generated admin-… ID (8.2.1ウ(5))", id)
		}
		if id2, _, err := e.svc.Bootstrap(ctx); err != nil || id2 != "" {
			t.Errorf("second Bootstrap = %q, %v; want nothing made", id2, err)
		}
		cur, err := e.svc.SignIn(ctx, id, pw, "127.0.0.1")
		if err != nil {
			t.Fatalf("sign in with the temporary password: %v", err)
		}
		if cur.Next != access.StepChangePassword {
			t.Fatalf("after a temporary password, next step %q, want %q", cur.Next, access.StepChangePassword)
		}
		err = e.svc.ChangePassword(ctx, cur, pw, "short")
		if kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(kijun.ErrorMessage(err), "8文字以上") {
			t.Errorf("weak password: %v, want EINVALID naming the length rule", err)
		}
		if err := e.svc.ChangePassword(ctx, cur, pw, pw); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("reusing the temporary password: %v, want EINVALID", err)
		}
		if err := e.svc.ChangePassword(ctx, cur, "wrong", "Kobe-2026-Secure!"); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("wrong current password: %v, want EINVALID", err)
		}
		if err := e.svc.ChangePassword(ctx, cur, pw, "Kobe-2026-Secure!"); err != nil {
			t.Fatalf("change password: %v", err)
		}
		cur, err = e.svc.Authenticate(ctx, cur.Token)
		if err != nil || cur.Next != access.StepEnrolFactor {
			t.Fatalf("after changing, next = %v, %v; want %q (an administrator must have a second factor)", cur, err, access.StepEnrolFactor)
		}
		en, err := e.svc.BeginTOTP(ctx, cur)
		if err != nil || !strings.HasPrefix(en.URL, "otpauth://totp/") {
			t.Fatalf("BeginTOTP = %+v, %v", en, err)
		}
		if err := e.svc.ConfirmTOTP(ctx, cur, "000000"); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("confirming with a wrong code: %v, want EINVALID", err)
		}
		enrolCode := code(t, en.Secret, e.clock.Now())
		if err := e.svc.ConfirmTOTP(ctx, cur, enrolCode); err != nil {
			t.Fatalf("ConfirmTOTP: %v", err)
		}
		if cur, err = e.svc.Authenticate(ctx, cur.Token); err != nil || cur.Next != access.StepNone {
			t.Fatalf("after enrolling, next = %+v, %v; want none", cur, err)
		}
		if err := e.svc.SignOut(ctx, cur); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Authenticate(ctx, cur.Token); kijun.ErrorCode(err) != kijun.EUNAUTHORIZED {
			t.Errorf("a signed-out session: %v, want EUNAUTHORIZED", err)
		}

		// Next time: password, then the code; the enrolment's code again is a replay.
		cur, err = e.svc.SignIn(ctx, id, "Kobe-2026-Secure!", "127.0.0.1")
		if err != nil || cur.Next != access.StepSecondFactor {
			t.Fatalf("second sign-in: next %+v, %v; want %q", cur, err, access.StepSecondFactor)
		}
		if err := e.svc.VerifyTOTP(ctx, cur, enrolCode, ""); kijun.ErrorCode(err) != kijun.EUNAUTHORIZED {
			t.Errorf("replayed code: %v, want EUNAUTHORIZED", err)
		}
		e.clock.Add(30 * time.Second)
		if err := e.svc.VerifyTOTP(ctx, cur, code(t, en.Secret, e.clock.Now()), ""); err != nil {
			t.Fatalf("next code: %v", err)
		}
		cur, _ = e.svc.Authenticate(ctx, cur.Token)
		if cur.Next != access.StepNone {
			t.Errorf("after the code, next %q", cur.Next)
		}
		// 8.2.5: the notice shows the previous sign-in and the failed code since.
		if cur.Account.SignIn.PreviousSignInAt.IsZero() || cur.Account.SignIn.PreviousSignOutAt.IsZero() || cur.Account.SignIn.PreviousFailures != 1 {
			t.Errorf("sign-in notice state %+v: want the previous sign-in and sign-out and 1 failure", cur.Account.SignIn)
		}
		want := []string{"auth.account.create", "auth.signin", "auth.password.change", "auth.factor.enrol", "auth.signout",
			"auth.signin", "auth.signin.fail", "auth.second_factor"}
		if got := actions(t, e.db, id); !slices.Equal(got, want) {
			t.Errorf("ledger:\n got %v\nwant %v", got, want)
		}
	})
}

// TestLockout checks 8.2.5: five failures lock the account, the right
// password does not open it while locked, every failure reads the same as
// an unknown ID, and the lock ends after its time or by an administrator.
func TestLockout(t *testing.T) {
	each(t, func(t *testing.T, e env) {
		ctx := context.Background()
		admin := &access.Principal{AccountID: "admin-x", Admin: true}
		pw, err := e.svc.CreateAccount(ctx, admin, "1002", false)
		if err != nil {
			t.Fatal(err)
		}
		_, unknownErr := e.svc.SignIn(ctx, "no-such-id", "whatever", "")
		for i := range 5 {
			_, err := e.svc.SignIn(ctx, "1002", "wrong-"+string(rune('a'+i)), "")
			if kijun.ErrorMessage(err) != kijun.ErrorMessage(unknownErr) {
				t.Fatalf("failure %d says %q, an unknown ID %q: the messages must not differ", i+1, kijun.ErrorMessage(err), kijun.ErrorMessage(unknownErr))
			}
		}
		_, err = e.svc.SignIn(ctx, "1002", pw, "")
		if kijun.ErrorMessage(err) != kijun.ErrorMessage(unknownErr) {
			t.Fatalf("right password while locked: %v, want the same refusal", err)
		}
		a, _ := e.db.Account(ctx, "1002")
		if a.SignIn.LockedAt.IsZero() || a.SignIn.FailuresSinceSignIn != 6 {
			t.Errorf("after 6 failures: %+v, want locked with 6 counted", a.SignIn)
		}
		e.clock.Add(31 * time.Minute)
		cur, err := e.svc.SignIn(ctx, "1002", pw, "")
		if err != nil {
			t.Fatalf("after the lock's 30 minutes: %v", err)
		}
		if cur.Account.SignIn.PreviousFailures != 6 {
			t.Errorf("notice counts %d failures, want 6", cur.Account.SignIn.PreviousFailures)
		}
		// Locked again, then unlocked by an administrator.
		for range 5 {
			e.svc.SignIn(ctx, "1002", "wrong", "")
		}
		a, _ = e.db.Account(ctx, "1002")
		if _, err := e.svc.Administer(ctx, admin, "1002", a.Version-1, access.ActionUnlock); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("unlock at a stale version: %v, want ECONFLICT", err)
		}
		if _, err := e.svc.Administer(ctx, &access.Principal{AccountID: "1001"}, "1002", a.Version, access.ActionUnlock); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("unlock by a non-administrator: %v, want EFORBIDDEN", err)
		}
		if _, err := e.svc.Administer(ctx, admin, "1002", a.Version, access.ActionUnlock); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SignIn(ctx, "1002", pw, ""); err != nil {
			t.Errorf("after unlock: %v", err)
		}
		got := actions(t, e.db, "1002")
		if n := strings.Count(strings.Join(got, " "), "auth.lock "); n != 2 {
			t.Errorf("ledger has %d lock records, want 2: %v", n, got)
		}
		if !slices.Contains(got, "auth.account.unlock") {
			t.Errorf("ledger lacks the unlock: %v", got)
		}
		if unknown := actions(t, e.db, "unknown"); !slices.Equal(unknown, []string{"auth.signin.fail"}) {
			t.Errorf("unknown ID attempts recorded as %v", unknown)
		}
	})
}

// TestSessionTimeout checks 8.2.5's アクセスタイムアウト: an idle session
// ends, and the end is recorded; a busy one lives until its 12 hours.
func TestSessionTimeout(t *testing.T) {
	each(t, func(t *testing.T, e env) {
		ctx := context.Background()
		if err := e.db.SetSetting(ctx, access.SettingMFA, access.MFAPrivileged); err != nil {
			t.Fatal(err)
		}
		p, err := access.LoadPolicy(ctx, e.db)
		if err != nil {
			t.Fatal(err)
		}
		p.Params = cheapPolicy().Params
		svc, _ := access.New(ctx, access.Config{DB: e.db, Policy: p, SealKey: make([]byte, auth.KeySize)})
		pw, _ := svc.CreateAccount(ctx, &access.Principal{Admin: true}, "1002", false)
		cur, err := svc.SignIn(ctx, "1002", pw, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.ChangePassword(ctx, cur, pw, "Hanako#2026kobe"); err != nil {
			t.Fatal(err)
		}
		for range 12 * 3 {
			e.clock.Add(20 * time.Minute)
			if _, err := svc.Authenticate(ctx, cur.Token); err != nil {
				if e.clock.Now().Sub(cur.Session.CreatedAt) < 12*time.Hour {
					t.Fatalf("busy session ended early at %v: %v", e.clock.Now(), err)
				}
				break
			}
		}
		if _, err := svc.Authenticate(ctx, cur.Token); kijun.ErrorCode(err) != kijun.EUNAUTHORIZED {
			t.Errorf("session after 12 hours: %v, want ended", err)
		}
		cur, _ = svc.SignIn(ctx, "1002", "Hanako#2026kobe", "")
		e.clock.Add(31 * time.Minute)
		if _, err := svc.Authenticate(ctx, cur.Token); err == nil || !strings.Contains(kijun.ErrorMessage(err), "一定時間操作がなかった") {
			t.Errorf("idle session: %v, want the timeout message", err)
		}
		got := actions(t, e.db, "1002")
		if n := strings.Count(strings.Join(got, " "), "auth.session.end"); n != 2 {
			t.Errorf("want 2 session ends recorded, got %v", got)
		}
	})
}

// TestPolicySettings checks that a city's settings change the policy and
// that a setting below the standard's floor stops the start.
func TestPolicySettings(t *testing.T) {
	each(t, func(t *testing.T, e env) {
		ctx := context.Background()
		e.db.SetSetting(ctx, access.SettingMaxFailures, "3")
		e.db.SetSetting(ctx, access.SettingIdleMinutes, "15")
		p, err := access.LoadPolicy(ctx, e.db)
		if err != nil || p.Lockout.MaxFailures != 3 || p.Lockout.IdleTimeout != 15*time.Minute {
			t.Errorf("LoadPolicy = %+v, %v", p.Lockout, err)
		}
		e.db.SetSetting(ctx, access.SettingMinLength, "6")
		if _, err := access.LoadPolicy(ctx, e.db); kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(kijun.ErrorMessage(err), access.SettingMinLength) {
			t.Errorf("min length 6: %v, want EINVALID naming the setting", err)
		}
	})
}

// TestLeaverSignedOut checks 8.2.1イ(2): when HR records that a person has
// left, their account is disabled and their sessions end.
func TestLeaverSignedOut(t *testing.T) {
	each(t, func(t *testing.T, e env) {
		ctx := context.Background()
		pw, _ := e.svc.CreateAccount(ctx, &access.Principal{Admin: true}, "1002", false)
		cur, err := e.svc.SignIn(ctx, "1002", pw, "")
		if err != nil {
			t.Fatal(err)
		}
		left := organisation.HRRow{Sheet: "異動", Line: 2, StaffNo: "1002", Name: "佐藤 花子", Kana: "サトウ ハナコ",
			Employment: organisation.EmployRegular, Effective: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Action: organisation.HRLeave}
		if _, err := e.db.ImportHR(ctx, []organisation.HRRow{left}, false); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Authenticate(ctx, cur.Token); kijun.ErrorCode(err) != kijun.EUNAUTHORIZED {
			t.Errorf("leaver's session: %v, want ended", err)
		}
		a, _ := e.db.Account(ctx, "1002")
		if !a.Disabled() {
			t.Errorf("leaver's account status %q, want disabled", a.Status)
		}
		if _, err := e.svc.SignIn(ctx, "1002", pw, ""); kijun.ErrorCode(err) != kijun.EUNAUTHORIZED {
			t.Errorf("leaver signing in: %v, want refused", err)
		}
	})
}

// TestAPITokens checks personal API tokens: shown once, scoped, expiring,
// revocable, and kept only as a hash.
func TestAPITokens(t *testing.T) {
	each(t, func(t *testing.T, e env) {
		ctx := context.Background()
		pw, _ := e.svc.CreateAccount(ctx, &access.Principal{Admin: true}, "1001", false)
		cur, err := e.svc.SignIn(ctx, "1001", pw, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.svc.CreateToken(ctx, cur, "", "admin", 0); kijun.ErrorCode(err) != kijun.EINVALID ||
			!strings.Contains(kijun.ErrorMessage(err), "名前") || !strings.Contains(kijun.ErrorMessage(err), "権限") || !strings.Contains(kijun.ErrorMessage(err), "有効日数") {
			t.Errorf("bad token request: %v, want one EINVALID naming every field", err)
		}
		secret, tok, err := e.svc.CreateToken(ctx, cur, "集計スクリプト", access.ScopeRead, 30)
		if err != nil {
			t.Fatal(err)
		}
		stored, _ := e.db.Token(ctx, tok.ID)
		if strings.Contains(secret, stored.SecretHash) || stored.SecretHash == "" {
			t.Errorf("stored %q for token %q: want only a hash", stored.SecretHash, secret)
		}
		tc, err := e.svc.AuthenticateToken(ctx, secret)
		if err != nil || tc.Principal.StaffNo != "1001" || tc.Principal.MayWrite() {
			t.Fatalf("AuthenticateToken = %+v, %v; want 1001 read-only", tc, err)
		}
		if !tc.Principal.Acts(organisation.RoleInfoManager, organisation.UnitScope("111")) {
			t.Errorf("token's principal lacks the 情報管理者 role of 111: %+v", tc.Principal.Roles)
		}
		for _, bad := range []string{"", "kjn_", "kjn_" + tok.ID + ".wrong", secret + "x", strings.Replace(secret, "kjn_", "", 1)} {
			if _, err := e.svc.AuthenticateToken(ctx, bad); kijun.ErrorCode(err) != kijun.EUNAUTHORIZED {
				t.Errorf("token %q: %v, want EUNAUTHORIZED", bad, err)
			}
		}
		e.clock.Add(31 * 24 * time.Hour)
		if _, err := e.svc.AuthenticateToken(ctx, secret); kijun.ErrorCode(err) != kijun.EUNAUTHORIZED {
			t.Errorf("expired token: %v, want EUNAUTHORIZED", err)
		}
		cur, _ = e.svc.SignIn(ctx, "1001", pw, "")
		secret2, tok2, _ := e.svc.CreateToken(ctx, cur, "更新", access.ScopeWrite, 1)
		if err := e.svc.RevokeToken(ctx, cur, tok2.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.AuthenticateToken(ctx, secret2); kijun.ErrorCode(err) != kijun.EUNAUTHORIZED {
			t.Errorf("revoked token: %v, want EUNAUTHORIZED", err)
		}
	})
}

// TestPrincipal checks what the roles of chapter 3 let a person manage.
func TestPrincipal(t *testing.T) {
	each(t, func(t *testing.T, e env) {
		ctx := context.Background()
		admin := &access.Principal{Admin: true}
		for _, no := range []string{"1001", "1002", "1003"} {
			if _, err := e.svc.CreateAccount(ctx, admin, no, false); err != nil {
				t.Fatal(err)
			}
		}
		principal := func(no string) *access.Principal {
			secret := tokenFor(t, e, no)
			cur, err := e.svc.AuthenticateToken(ctx, secret)
			if err != nil {
				t.Fatal(err)
			}
			return cur.Principal
		}
		chief, staff, manager := principal("1001"), principal("1002"), principal("1003")
		if !chief.ManagesUnit("111", []string{"100"}) || chief.CityOffice() || chief.Privileged() {
			t.Errorf("課長 of 111: manages 111 %v, city %v, privileged %v", chief.ManagesUnit("111", nil), chief.CityOffice(), chief.Privileged())
		}
		if staff.ManagesUnit("111", []string{"100"}) || staff.CityOffice() {
			t.Errorf("staff of 111 manages it or the city")
		}
		if !manager.CityOffice() || !manager.ManagesUnit("111", nil) || !manager.Privileged() {
			t.Errorf("情報セキュリティ管理者: city %v, manages 111 %v, privileged %v", manager.CityOffice(), manager.ManagesUnit("111", nil), manager.Privileged())
		}
		if got := chief.Actor().ID; got != "person:1001" {
			t.Errorf("actor %q, want person:1001", got)
		}
	})
}

// tokenFor signs a person in with a fresh temporary password and returns
// a write token for them.
func tokenFor(t *testing.T, e env, no string) string {
	t.Helper()
	ctx := context.Background()
	a, err := e.db.Account(ctx, no)
	if err != nil {
		t.Fatal(err)
	}
	pw, err := e.svc.Administer(ctx, &access.Principal{AccountID: "admin-x", Admin: true}, no, a.Version, access.ActionResetPassword)
	if err != nil {
		t.Fatal(err)
	}
	cur, err := e.svc.SignIn(ctx, no, pw, "")
	if err != nil {
		t.Fatal(err)
	}
	secret, _, err := e.svc.CreateToken(ctx, cur, "test", access.ScopeWrite, 1)
	if err != nil {
		t.Fatal(err)
	}
	return secret
}
