package notify_test

import (
	"context"
	"crypto/rand"
	"strconv"
	"strings"
	"testing"

	"kijun/internal/notify"
	"kijun/internal/notify/smtptest"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// With smtp.starttls on, mail goes only over TLS, with a certificate the
// server proves, and the sealed password signs in; a server without
// STARTTLS or a wrong password is refused with a message that says so.
func TestSTARTTLSAndSignIn(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, storetest.URLs(t)["sqlite"], store.Options{})
	key := make([]byte, 32)
	rand.Read(key)
	tlsSrv, trust := smtptest.StartTLS(t, "kijun", "pässword")
	plain := smtptest.Start(t)
	set := func(port int, password string) {
		t.Helper()
		sealed, err := notify.SealPassword(key, password)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range map[string]string{
			notify.SettingHost: "127.0.0.1", notify.SettingPort: strconv.Itoa(port), notify.SettingFrom: "kijun@city.example",
			notify.SettingStartTLS: "on", notify.SettingUser: "kijun", notify.SettingPassword: sealed,
		} {
			if err := db.SetSetting(ctx, k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	n := notify.New(notify.Config{DB: db, SealKey: key, TLS: trust, PublicURL: "https://kijun.city.example"})

	set(plain.Addr.Port, "pässword")
	if err := n.SendTest(ctx, "a@city.example"); err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("plain server with starttls on: %v, want a STARTTLS error", err)
	}
	set(tlsSrv.Addr.Port, "wrong")
	if err := n.SendTest(ctx, "a@city.example"); err == nil || !strings.Contains(err.Error(), "sign-in") {
		t.Errorf("wrong password: %v, want a sign-in error", err)
	}
	set(tlsSrv.Addr.Port, "pässword")
	if err := n.SendTest(ctx, "a@city.example"); err != nil {
		t.Fatalf("send over TLS: %v", err)
	}
	got := tlsSrv.Wait(t, 1)[0]
	if got.Subject != "[Kijun] メール送信の試験" || !strings.Contains(got.Body, "https://kijun.city.example/") {
		t.Errorf("mail over TLS: %+v", got)
	}
	if len(plain.Mails()) != 0 {
		t.Errorf("the plain server got mail in the clear")
	}
	// Without the secret key the password cannot be opened.
	if err := notify.New(notify.Config{DB: db, TLS: trust}).SendTest(ctx, "a@city.example"); err == nil || !strings.Contains(err.Error(), "smtp.password") {
		t.Errorf("no key: %v, want an smtp.password error", err)
	}
}
