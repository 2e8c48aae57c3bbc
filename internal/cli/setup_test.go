package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// On an empty database kijun setup status lists every step, the first
// missing one being the city's name, and exits 1; each step done moves it
// on.
func TestSetupStatus(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "kijun.db")
	r := kijun(t, dir, "setup", "status", "--db", db)
	if r.code != 1 || !strings.Contains(r.stderr, "steps missing, the first: City name") {
		t.Fatalf("setup status on an empty database: %+v", r)
	}
	for _, want := range []string{"1. [未] 団体名", "2. [済] 施行中の対策基準", "3. [未] 組織", "5. [未] 役割の任命", "kijun org units import FILE"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("setup status lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := kijun(t, dir, "config", "set", "city.name", "テスト市", "--db", db); r.code != 0 {
		t.Fatalf("config set: %+v", r)
	}
	r = kijun(t, dir, "setup", "status", "--db", db)
	if r.code != 1 || !strings.Contains(r.stdout, "1. [済] 団体名 / City name: テスト市") || !strings.Contains(r.stderr, "the first: Organisation units") {
		t.Errorf("setup status after the city's name: %+v", r)
	}
}
