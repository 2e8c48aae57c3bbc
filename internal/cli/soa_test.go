package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/catalog/oscal"
	"kijun/internal/soa"
)

// Every periodic job kijun serve runs says which provisions it serves,
// but the daily digest, which only gathers what other duties owe.
func TestJobSupports(t *testing.T) {
	e, _ := testEnv(filepath.Join(t.TempDir(), "x.db"))
	sup, err := jobSupports(e)
	if err != nil {
		t.Fatal(err)
	}
	serves := map[string]bool{}
	for _, s := range sup {
		if s.Kind != soa.Job {
			t.Errorf("%s: kind %s", s.Name, s.Kind)
		}
		serves[s.Name] = true
	}
	for _, id := range []string{"compliance.nightly", "ledger.nightly", "incidents.escalate", "mail.reminders"} {
		if !serves[id] {
			t.Errorf("periodic job %s declares no provision", id)
		}
	}
}

// kijun soa prints the statement, writes the workbook and a valid OSCAL
// component definition, and refuses a format it does not know.
func TestSoACommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "kijun.db")
	e, _ := testEnv(path)
	if err := runMigrate(ctx, e, nil); err != nil {
		t.Fatal(err)
	}
	e, out := testEnv(path)
	if err := runSoA(ctx, e, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"provisions are supported by something Kijun runs", "点検ルール medium.encryption", "定期処理 compliance.nightly"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("kijun soa lacks %q", want)
		}
	}
	file := filepath.Join(dir, "soa.json")
	e, _ = testEnv(path)
	if err := runSoA(ctx, e, []string{"--format", "oscal", "-o", file}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	v, err := oscal.NewComponentValidator(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Validate(file, data); err != nil {
		t.Errorf("kijun soa --format oscal does not validate:\n%v", err)
	}
	e, _ = testEnv(path)
	if err := runSoA(ctx, e, []string{"--format", "xlsx", "-o", filepath.Join(dir, "soa.xlsx")}); err != nil {
		t.Fatal(err)
	}
	e, _ = testEnv(path)
	if err := runSoA(ctx, e, []string{"--format", "pdf"}); err == nil {
		t.Error("--format pdf was accepted")
	}
}
