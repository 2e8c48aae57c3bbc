package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/japanese"

	"kijun/internal/store/storetest"
)

// A register holding a character Shift_JIS lacks exports to Shift_JIS all
// the same, with 〓 in its place and the console saying how many cells
// changed; a name that begins like a formula is quoted in every CSV and
// imports back as it was.
func TestExportShiftJISAndFormulas(t *testing.T) {
	for engine, db := range storetest.URLs(t) {
		t.Run(engine, func(t *testing.T) {
			dir := t.TempDir()
			keys := []string{"--db", db, "--ledger-key", filepath.Join(dir, "ledger.key"), "--secret-key", filepath.Join(dir, "secret.key")}
			run := func(args ...string) result {
				t.Helper()
				return kijun(t, dir, append(args, keys...)...)
			}
			if r := run("demo"); r.code != 0 {
				t.Fatalf("demo: %+v", r)
			}
			csv := filepath.Join(dir, "devices.csv")
			if r := run("devices", "export", "--format", "csv", "-o", csv); r.code != 0 {
				t.Fatalf("export: %+v", r)
			}
			data, _ := os.ReadFile(csv)
			const formula = `=HYPERLINK("http://evil.example","詳細")`
			changed := strings.Replace(string(data), "課内共有パソコン", "𠮷田さんのパソコン", 1)
			changed = strings.Replace(changed, "課内共有パソコン", `"`+strings.ReplaceAll(formula, `"`, `""`)+`"`, 1)
			if changed == string(data) {
				t.Fatal("the demo's devices have no 課内共有パソコン to change")
			}
			os.WriteFile(csv, []byte(changed), 0o644)
			if r := run("devices", "import", csv); r.code != 0 || !strings.Contains(r.stdout, "変更 2 件") {
				t.Fatalf("import: %+v; want two devices changed", r)
			}

			sjis := filepath.Join(dir, "devices-sjis.csv")
			r := run("devices", "export", "--format", "csv-sjis", "-o", sjis)
			if r.code != 0 || !strings.Contains(r.stderr, "セル 1 件") || !strings.Contains(r.stderr, "〓") {
				t.Fatalf("Shift_JIS export: %+v; want it written, saying one cell changed", r)
			}
			raw, _ := os.ReadFile(sjis)
			text, err := japanese.ShiftJIS.NewDecoder().String(string(raw))
			if err != nil || !strings.Contains(text, "〓田さんのパソコン") || !strings.Contains(text, `"'=HYPERLINK(""http://evil.example"",""詳細"")"`) {
				t.Errorf("Shift_JIS export: %v\n%s", err, text)
			}
			if r := run("devices", "export", "--format", "csv", "-o", csv); r.code != 0 || r.stderr != "" {
				t.Fatalf("UTF-8 export: %+v; want nothing said", r)
			}
			if r := run("devices", "import", csv); r.code != 0 || !strings.Contains(r.stdout, "変更 0 件") {
				t.Errorf("the UTF-8 export imported back: %+v; want nothing changed", r)
			}
		})
	}
}
