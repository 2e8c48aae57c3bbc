package browsertest

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/cli"
	"kijun/internal/store"
)

// Login is an account a test signs in as.
type Login struct {
	ID, Password string
	// TOTP is the base32 secret of the account's authenticator app.
	TOTP string
	// step is the last TOTP step used, so a second sign-in waits for a
	// fresh code instead of tripping the replay check.
	step int64
}

// SeedAccount gives the person staffNo (or, when staffNo is "", a new
// administrator) an account that has already changed its password and
// enrolled TOTP, in the SQLite database at dbPath, sealing the secret
// with the key serve will use. Use it before StartServer.
func SeedAccount(t testing.TB, db *store.DB, dbPath, staffNo string, admin bool) *Login {
	t.Helper()
	ctx := context.Background()
	keyPath, err := cli.SecretKeyPath(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	key, err := access.LoadOrCreateSealKey(ctx, db, keyPath)
	if err != nil {
		t.Fatal(err)
	}
	l := &Login{ID: staffNo, Password: "Test-Pass-2026!", TOTP: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"}
	a := auth.Account{ID: staffNo, StaffNo: staffNo, DisplayName: staffNo, Admin: admin, Status: auth.StatusActive, CreatedAt: db.Now()}
	if staffNo == "" {
		l.ID, a.ID, a.DisplayName = "admin-test", "admin-test", "試験管理者"
	} else if p, err := db.Person(ctx, staffNo); err == nil {
		a.DisplayName = p.Name
	}
	if a.Credential.Hash, err = auth.HashPassword(l.Password, auth.DefaultParams()); err != nil {
		t.Fatal(err)
	}
	a.Credential.ChangedAt = db.Now()
	if a.TOTPSecret, err = auth.SealSecret(key, []byte(l.TOTP)); err != nil {
		t.Fatal(err)
	}
	// `kijun demo` makes accounts for a few people; a test that signs in
	// as one of them takes the account over with its own password.
	if err := db.Update(ctx, func(tx *store.Tx) error {
		old, err := tx.Account(ctx, a.ID)
		if err != nil {
			return tx.InsertAccount(ctx, a)
		}
		old.Credential, old.TOTPSecret, old.TOTPLastStep, old.Admin = a.Credential, a.TOTPSecret, 0, admin
		_, err = tx.SaveAccount(ctx, old)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return l
}

// SignIn signs the browser in as l through the sign-in page and the
// second-factor page, and waits for the page it lands on.
func SignIn(t testing.TB, ctx context.Context, base string, l *Login) {
	t.Helper()
	Do(t, ctx,
		chromedp.Navigate(base+"/signin"),
		chromedp.WaitVisible(chromedp.CSS("#password")),
		chromedp.SendKeys(chromedp.CSS("#id"), l.ID),
		chromedp.SendKeys(chromedp.CSS("#password"), l.Password),
		chromedp.Click(chromedp.CSS("#signin")),
		chromedp.WaitVisible(chromedp.CSS("#code")),
	)
	Do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#code"), l.Code(t)),
		chromedp.Click(chromedp.CSS("#verify")),
		// The menu shows only once no sign-in step is pending.
		chromedp.WaitVisible(chromedp.CSS(`header nav a[href="/org"]`)),
	)
}

// Code returns the account's current TOTP code, waiting for the next
// 30-second step when this one was already used.
func (l *Login) Code(t testing.TB) string {
	t.Helper()
	for auth.TOTPStep(time.Now()) <= l.step {
		time.Sleep(time.Second)
	}
	now := time.Now()
	l.step = auth.TOTPStep(now)
	c, err := totp.GenerateCode(l.TOTP, now)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// MarkUsed records that the code of the step at was used, as at an
// enrolment, so Code waits for the next one.
func (l *Login) MarkUsed(at time.Time) { l.step = auth.TOTPStep(at) }
