package contractorsheet

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// The register's workbook, opened and saved again by LibreOffice as a
// city's staff would (its four sheets, its dates and codes as LibreOffice
// writes them), imports as the one Kijun wrote: the same seven rows, and
// the original then changes nothing. Skipped without LibreOffice unless
// CI is set.
func TestLibreOfficeWorkbook(t *testing.T) {
	lo, err := exec.LookPath("libreoffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("libreoffice is not installed")
		}
		t.Skip("libreoffice is not installed (apt-get install libreoffice-calc-nogui)")
	}
	dir, out := t.TempDir(), t.TempDir()
	src := filepath.Join(dir, "itaku.xlsx")
	original := workbook(t, book())
	if err := os.WriteFile(src, original, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(lo, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, src)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, b)
	}
	saved, err := os.ReadFile(filepath.Join(out, "itaku.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(saved, original) {
		t.Fatal("LibreOffice returned the workbook unchanged; want its own writing")
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		plan, err := Import(ctx, db, console{}, "itaku.xlsx", saved, false)
		if err != nil || len(plan.Added) != 7 {
			t.Fatalf("LibreOffice's workbook: %+v, %v; want 7 rows added", plan, err)
		}
		if plan, err := Import(ctx, db, console{}, "kijun.xlsx", original, true); err != nil || plan.Unchanged != 7 {
			t.Fatalf("Kijun's workbook after LibreOffice's: %+v, %v; want 7 unchanged", plan, err)
		}
	})
}
