package cli_test

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"kijun/internal/notify/smtptest"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// kijun config takes the SMTP settings, refusing bad values before they
// are written and sealing the password; kijun mail sets a person's address
// and preference and sends a test mail to a real SMTP server.
func TestMailSettingsAndTestMail(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "kijun.db")
	if r := kijun(t, dir, "migrate", "--db", db); r.code != 0 {
		t.Fatalf("migrate: %+v", r)
	}
	ctx := context.Background()
	s, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SavePerson(ctx, organisation.Person{StaffNo: "9001", Name: "試験 太郎", Kana: "シケン タロウ", Employment: organisation.EmployRegular}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	srv := smtptest.Start(t)

	for _, c := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"config", "set", "smtp.port", "abc"}, 1, "1〜65535"},
		{[]string{"config", "set", "smtp.from", "not an address"}, 1, "smtp.from"},
		{[]string{"config", "set", "smtp.starttls", "maybe"}, 1, "on か off"},
		{[]string{"config", "set", "mail.base_url", "kijun.city.example"}, 1, "https://"},
		{[]string{"config", "set", "smtp.host", "127.0.0.1"}, 0, ""},
		{[]string{"config", "set", "smtp.port", strconv.Itoa(srv.Addr.Port)}, 0, ""},
		{[]string{"config", "set", "smtp.from", "kijun@city.example"}, 0, ""},
		{[]string{"config", "set", "smtp.starttls", "off"}, 0, ""},
		{[]string{"config", "set", "smtp.password", "s3cret-pass"}, 0, ""},
		{[]string{"config", "set", "mail.base_url", "https://kijun.city.example"}, 0, ""},
		{[]string{"config", "list"}, 0, "smtp.password=(sealed)"},
		{[]string{"mail", "address", "9001", "taro@"}, 1, "メールアドレス"},
		{[]string{"mail", "address", "9999", "x@city.example"}, 1, "9999"},
		{[]string{"mail", "address", "9001", "taro@city.example"}, 0, "9001"},
		{[]string{"mail", "prefer", "9001", "weekly"}, 1, "each"},
		{[]string{"mail", "prefer", "9001", "digest"}, 0, "digest"},
		{[]string{"mail", "test", "taro@city.example"}, 0, "taro@city.example"},
	} {
		r := kijun(t, dir, append(c.args, "--db", db)...)
		if r.code != c.code || !strings.Contains(r.stdout+r.stderr, c.out) {
			t.Errorf("kijun %s: code %d, want %d, output lacks %q:\n%s%s", strings.Join(c.args, " "), r.code, c.code, c.out, r.stdout, r.stderr)
		}
	}
	got := srv.Wait(t, 1)[0]
	if got.Rcpt[0] != "taro@city.example" || got.Subject != "[Kijun] メール送信の試験" || !strings.Contains(got.Body, "https://kijun.city.example/") {
		t.Errorf("test mail: %+v", got)
	}

	s, err = store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pw, err := s.Setting(ctx, "smtp.password")
	if err != nil || strings.Contains(pw, "s3cret") || !strings.HasPrefix(pw, "sealed:") {
		t.Errorf("stored password %q (%v), want it sealed", pw, err)
	}
	r, err := s.Recipient(ctx, "9001")
	if err != nil || r.Mail != "taro@city.example" || r.Mode != store.MailDigest {
		t.Errorf("recipient %+v (%v)", r, err)
	}
}
