package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// 4.4: a rotated ledger key signs from the rotation on; heads and
// checkpoints the old key signed stay verifiable with the old public key
// kept beside the new key, by the server and by an auditor given both.
func TestLedgerKeyRotation(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "kijun.db")
	if r := kijun(t, dir, "migrate", "--db", db); r.code != 0 {
		t.Fatalf("migrate: %+v", r)
	}
	if r := kijun(t, dir, "ledger", "checkpoint", "--db", db); r.code != 0 {
		t.Fatalf("checkpoint with the first key: %+v", r)
	}
	before := kijun(t, dir, "ledger", "pubkey", "--db", db).stdout
	os.WriteFile(filepath.Join(dir, "old.pub"), []byte(before), 0o644)
	r := kijun(t, dir, "ledger", "rotate", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "ledger key rotated") {
		t.Fatalf("rotate: %+v", r)
	}
	if _, err := os.Stat(db + ".ledger.key.retired.pub"); err != nil {
		t.Fatalf("the old public key was not kept: %v", err)
	}
	if r := kijun(t, dir, "ledger", "checkpoint", "--db", db); r.code != 0 {
		t.Fatalf("checkpoint with the new key: %+v", r)
	}
	all := kijun(t, dir, "ledger", "pubkey", "--db", db).stdout
	if strings.Count(all, "BEGIN PUBLIC KEY") != 2 || !strings.HasSuffix(all, before) || strings.HasPrefix(all, before) {
		t.Fatalf("pubkey after the rotation prints %q; want the new key, then the old", all)
	}
	os.WriteFile(filepath.Join(dir, "all.pub"), []byte(all), 0o644)
	if r := kijun(t, dir, "verify", "--db", db); r.code != 0 {
		t.Fatalf("verify after the rotation: %+v", r)
	}
	if r := kijun(t, dir, "verify", "--db", db, "--pubkey", filepath.Join(dir, "all.pub")); r.code != 0 {
		t.Fatalf("verify with both keys: %+v", r)
	}
	// The old key alone does not vouch for heads signed after it.
	if r := kijun(t, dir, "verify", "--db", db, "--pubkey", filepath.Join(dir, "old.pub")); r.code == 0 {
		t.Fatalf("verify with the old key alone passed: %+v", r)
	}
	// A server starts on the rotated key, reading the old heads too.
	if r := kijun(t, dir, "ledger", "checkpoint", "--db", db); r.code != 0 {
		t.Fatalf("checkpoint again: %+v", r)
	}
}
