package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/kijun"
	"kijun/internal/wareki"
	"time"
)

// kijun demo leaves this 年度's self-check open; kijun selfcheck shows its
// progress, writes the report to the CISO, refuses a second launch and a
// year it cannot read, and closes it.
func TestSelfcheckCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "kijun.db")
	e, _ := testEnv(path)
	if err := runDemo(ctx, e, nil); err != nil {
		t.Fatal(err)
	}
	fy := fmt.Sprint(wareki.FiscalYear(time.Now()))
	e, out := testEnv(path)
	if err := runSelfcheck(ctx, e, []string{"status", "--year", fy}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "未説明の矛盾") || !strings.Contains(out.String(), "計") {
		t.Errorf("status: %s", out.String())
	}
	file := filepath.Join(dir, "selfcheck.xlsx")
	e, _ = testEnv(path)
	if err := runSelfcheck(ctx, e, []string{"export", "--year", fy, "-o", file}); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(file); err != nil || !strings.HasPrefix(string(b), "PK") {
		t.Errorf("export wrote no workbook: %v", err)
	}
	e, _ = testEnv(path)
	if err := runSelfcheck(ctx, e, []string{"launch", "--year", fy}); kijun.ErrorCode(err) != kijun.ECONFLICT {
		t.Errorf("second launch: %v, want ECONFLICT", err)
	}
	e, _ = testEnv(path)
	if err := runSelfcheck(ctx, e, []string{"launch", "--year", "R8"}); err == nil {
		t.Error("launch --year R8 was accepted")
	}
	e, _ = testEnv(path)
	if err := runSelfcheck(ctx, e, []string{"launch"}); kijun.ErrorCode(err) != kijun.EINVALID {
		t.Errorf("launch without --year: %v, want EINVALID", err)
	}
	e, _ = testEnv(path)
	if err := runSelfcheck(ctx, e, []string{"close", "--year", fy}); err != nil {
		t.Fatal(err)
	}
	e, out = testEnv(path)
	if err := runSelfcheck(ctx, e, []string{"status", "--year", fy}); err != nil || !strings.Contains(out.String(), "終了") {
		t.Errorf("status after close: %v %s", err, out.String())
	}
}
