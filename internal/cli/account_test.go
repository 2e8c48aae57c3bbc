package cli_test

import (
	"strings"
	"testing"
)

// A city sets its sign-in policy from the console; a value below the
// standard's floor is refused with the setting named, and nothing is
// written.
func TestConfigSet(t *testing.T) {
	dir := t.TempDir()
	if r := kijun(t, dir, "config", "set", "auth.lockout.max_failures", "3"); r.code != 0 {
		t.Fatalf("config set: %d %s", r.code, r.stderr)
	}
	r := kijun(t, dir, "config", "set", "auth.password.min_length", "6")
	if r.code != 1 || !strings.Contains(r.stderr, "auth.password.min_length") || !strings.Contains(r.stderr, "8 以上") {
		t.Errorf("min length 6: exit %d, %q; want a refusal naming the setting and the floor", r.code, r.stderr)
	}
	r = kijun(t, dir, "config", "set", "auth.mfa", "nobody")
	if r.code != 1 || !strings.Contains(r.stderr, "privileged") {
		t.Errorf("mfa nobody: exit %d, %q", r.code, r.stderr)
	}
	r = kijun(t, dir, "config", "list")
	if !strings.Contains(r.stdout, "auth.lockout.max_failures=3\n") || !strings.Contains(r.stdout, "auth.password.min_length=(default)\n") {
		t.Errorf("config list:\n%s", r.stdout)
	}
}

// From the console, an operator issues a temporary password for an account
// no administrator can reach, and the ledger records it.
func TestAccountResetFromConsole(t *testing.T) {
	dir := t.TempDir()
	db := dir + "/kijun.db"
	// serve makes the first administrator.
	startServe(t, dir, nil, "--db", db, "--addr", "127.0.0.1:0")
	r := kijun(t, dir, "account", "list", "--db", db)
	id, _, _ := strings.Cut(r.stdout, "\t")
	if !strings.HasPrefix(id, "admin-") {
		t.Fatalf("account list = %q", r.stdout)
	}
	r = kijun(t, dir, "account", "reset", id, "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "temporary password ("+id+"): ") {
		t.Fatalf("account reset: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := kijun(t, dir, "account", "reset", "nobody", "--db", db); r.code != 1 || !strings.Contains(r.stderr, "nobody") {
		t.Errorf("reset of an unknown ID: %d %q", r.code, r.stderr)
	}
}
