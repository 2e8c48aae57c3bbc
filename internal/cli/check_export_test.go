package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"kijun/internal/catalog/oscal"
	"kijun/internal/compliance/monitor"
	"kijun/internal/compliance/report"
	"kijun/internal/demo"
	"kijun/internal/kijun"
	"kijun/internal/store"
)

// checkedDemo makes a small demo city, checks it and returns the database's
// path and how many findings the run opened.
func checkedDemo(t *testing.T) (string, int) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kijun.db")
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
		t.Fatalf("demo: %v", err)
	}
	res, err := monitor.New(db).Run(ctx, db.Now())
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	if len(res.Findings) == 0 {
		t.Fatalf("the demo city has no findings to export")
	}
	return path, len(res.Findings)
}

func testEnv(path string) (*env, *bytes.Buffer) {
	var out bytes.Buffer
	getenv := func(k string) string {
		if k == "KIJUN_DB" {
			return path
		}
		return ""
	}
	return &env{getenv: getenv, stdin: bytes.NewReader(nil), stdout: &out, stderr: io.Discard,
		log: slog.New(slog.NewTextHandler(io.Discard, nil))}, &out
}

func TestCheckExport(t *testing.T) {
	ctx := context.Background()
	path, found := checkedDemo(t)
	dir := filepath.Dir(path)

	t.Run("xlsx", func(t *testing.T) {
		file := filepath.Join(dir, "findings.xlsx")
		e, _ := testEnv(path)
		if err := runCheckExport(ctx, e, []string{"--format", "xlsx", "-o", file}); err != nil {
			t.Fatalf("check export: %v", err)
		}
		f, err := excelize.OpenFile(file)
		if err != nil {
			t.Fatalf("open %s: %v", file, err)
		}
		defer f.Close()
		rows, err := f.GetRows(report.FindingsSheet)
		if err != nil {
			t.Fatalf("read %s: %v", report.FindingsSheet, err)
		}
		if got, want := len(rows)-1, found; got != want {
			t.Errorf("rows: got %d findings, want %d", got, want)
		}
		if got := rows[0][0]; got != "重大度" {
			t.Errorf("first heading: got %q, want 重大度", got)
		}
		if _, err := f.GetRows(report.SummarySheet); err != nil {
			t.Errorf("read %s: %v", report.SummarySheet, err)
		}
	})

	t.Run("oscal", func(t *testing.T) {
		file := filepath.Join(dir, "results.json")
		// Flags stand anywhere, as people type them.
		e, out := testEnv(path)
		if err := runCheckExport(ctx, e, []string{"-o", file, "--format", "oscal", "--all"}); err != nil {
			t.Fatalf("check export: %v", err)
		}
		if out.Len() == 0 {
			t.Errorf("nothing said about the export")
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		v, err := oscal.NewResultsValidator(nil)
		if err != nil {
			t.Fatalf("NewResultsValidator: %v", err)
		}
		if err := v.Validate(file, data); err != nil {
			t.Fatalf("export does not validate:\n%v", err)
		}
		var doc struct {
			AR struct {
				Metadata struct {
					Parties []struct{ Name string }
				}
				Results []struct {
					Findings []json.RawMessage
				}
			} `json:"assessment-results"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("decode: %v", err)
		}
		if got := len(doc.AR.Results[0].Findings); got != found {
			t.Errorf("findings: got %d, want %d", got, found)
		}
		if p := doc.AR.Metadata.Parties; len(p) != 1 || p[0].Name != "みなと市" {
			t.Errorf("parties: got %+v, want the demo city", p)
		}
	})

	t.Run("refuses", func(t *testing.T) {
		for _, args := range [][]string{
			{"--format", "xlsx"},
			{"--format", "pdf", "-o", filepath.Join(dir, "x.pdf")},
			{"-o", filepath.Join(dir, "x.xlsx"), "extra"},
		} {
			e, _ := testEnv(path)
			if err := runCheckExport(ctx, e, args); kijun.ErrorCode(err) != kijun.EINVALID {
				t.Errorf("check export %q: got %v, want an EINVALID error", args, err)
			}
		}
	})
}
