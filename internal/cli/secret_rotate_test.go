package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/browsertest"
	"kijun/internal/store"
)

// 8.2.6ア: rotating the secret key re-seals every second factor and the
// SMTP password under the new key in one transaction, keeps the old key
// beside it, and a rotation stopped between its commit and the swap of the
// key files is finished by the next start.
func TestSecretKeyRotation(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "kijun.db")
	keyPath := db + ".secret.key"
	if r := kijun(t, dir, "migrate", "--db", db); r.code != 0 {
		t.Fatalf("migrate: %+v", r)
	}
	if r := kijun(t, dir, "config", "set", "smtp.password", "s3cret-pass", "--db", db); r.code != 0 {
		t.Fatalf("config set: %+v", r)
	}
	s := openStore(t, db)
	login := browsertest.SeedAccount(t, s, db, "", true)
	s.Close()
	oldKey := readKey(t, keyPath)

	// A secret that cannot be opened stops the rotation, and nothing changes.
	s = openStore(t, db)
	a, err := s.Account(ctx, login.ID)
	if err != nil {
		t.Fatal(err)
	}
	good := a.TOTPSecret
	setTOTP(t, s, login.ID, "v1:broken")
	pwBefore, _ := s.Setting(ctx, "smtp.password")
	s.Close()
	if r := kijun(t, dir, "secret", "rotate", "--db", db); r.code == 0 || !strings.Contains(r.stderr, "account "+login.ID+"'s second factor") {
		t.Fatalf("rotate over a broken secret: %+v, want a refusal naming the account", r)
	}
	s = openStore(t, db)
	if pw, _ := s.Setting(ctx, "smtp.password"); pw != pwBefore {
		t.Errorf("a failed rotation changed smtp.password")
	}
	if _, err := access.LoadOrCreateSealKey(ctx, s, keyPath); err != nil {
		t.Errorf("after a failed rotation the old key no longer opens the database: %v", err)
	}
	setTOTP(t, s, login.ID, good)
	s.Close()

	r := kijun(t, dir, "secret", "rotate", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "1 second factors and 1 settings re-sealed") {
		t.Fatalf("rotate: %+v", r)
	}
	newKey := readKey(t, keyPath)
	if string(newKey) == string(oldKey) {
		t.Fatal("the key file still holds the old key")
	}
	retired, err := filepath.Glob(keyPath + ".retired-*")
	if err != nil || len(retired) != 1 {
		t.Fatalf("retired keys: %v %v", retired, err)
	}
	if fi, err := os.Stat(retired[0]); err != nil || fi.Mode().Perm() != 0o400 {
		t.Errorf("the old key is kept as %v (%v), want mode 0400", fi.Mode(), err)
	}
	s = openStore(t, db)
	a, err = s.Account(ctx, login.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := auth.OpenSecret(newKey, a.TOTPSecret); err != nil || string(got) != login.TOTP {
		t.Errorf("the second factor under the new key: %q, %v", got, err)
	}
	if _, err := auth.OpenSecret(oldKey, a.TOTPSecret); err == nil {
		t.Error("the old key still opens the second factor")
	}
	pw, _ := s.Setting(ctx, "smtp.password")
	if got, err := auth.OpenSecret(newKey, strings.TrimPrefix(pw, "sealed:")); err != nil || string(got) != "s3cret-pass" {
		t.Errorf("smtp.password under the new key: %q, %v", got, err)
	}
	s.Close()
	if r := kijun(t, dir, "verify", "--db", db); r.code != 0 {
		t.Fatalf("verify after the rotation: %+v", r)
	}

	// Put the files back as they stood after the commit and before the
	// swap: the next start finishes the rotation.
	if err := os.Rename(keyPath, keyPath+".next"); err != nil {
		t.Fatal(err)
	}
	os.Chmod(retired[0], 0o600)
	if err := os.Rename(retired[0], keyPath); err != nil {
		t.Fatal(err)
	}
	s = openStore(t, db)
	defer s.Close()
	got, err := access.LoadOrCreateSealKey(ctx, s, keyPath)
	if err != nil || string(got) != string(newKey) {
		t.Fatalf("start after an interrupted rotation: %v", err)
	}
	if string(readKey(t, keyPath)) != string(newKey) {
		t.Error("the interrupted rotation's new key did not take the key file")
	}
	if _, err := os.Stat(keyPath + ".next"); !os.IsNotExist(err) {
		t.Errorf("%s.next is still there: %v", keyPath, err)
	}
}

func openStore(t *testing.T, path string) *store.DB {
	t.Helper()
	s, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func readKey(t *testing.T, path string) []byte {
	t.Helper()
	s := openStore(t, strings.TrimSuffix(path, ".secret.key"))
	defer s.Close()
	k, err := access.LoadOrCreateSealKey(context.Background(), s, path)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func setTOTP(t *testing.T, s *store.DB, id, v string) {
	t.Helper()
	err := s.Update(context.Background(), func(tx *store.Tx) error {
		_, err := tx.ExecContext(context.Background(), "UPDATE auth_accounts SET totp_secret = ? WHERE id = ?", v, id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
