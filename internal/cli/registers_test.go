package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/store/storetest"
)

// From the console, the registers of chapter 6 are written as templates
// and exports, and read back: an export imports unchanged, a dry run
// says what would change and writes nothing, a wrong row refuses the
// file with the row named, and each template's example row validates
// against the demo city.
func TestChapter6RegistersFromConsole(t *testing.T) {
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
			for _, reg := range []string{"areas", "devices", "media"} {
				tmpl, csv := filepath.Join(dir, reg+"-template.xlsx"), filepath.Join(dir, reg+".csv")
				if r := run(reg, "template", "-o", tmpl); r.code != 0 {
					t.Fatalf("%s template: %+v", reg, r)
				}
				// The template's example row is a new item that the demo
				// city accepts: its 課, people and areas exist.
				if r := run(reg, "import", "--dry-run", tmpl); r.code != 0 || !strings.Contains(r.stdout, "取り込むと: 追加 1 件") {
					t.Errorf("%s template against the demo: %+v; want one row to add", reg, r)
				}
				if r := run(reg, "export", "--format", "csv", "-o", csv); r.code != 0 {
					t.Fatalf("%s export: %+v", reg, r)
				}
				if r := run(reg, "import", csv); r.code != 0 || !strings.Contains(r.stdout, "追加 0 件、変更 0 件") {
					t.Errorf("%s export imported back: %+v; want nothing changed", reg, r)
				}
			}

			// A change, checked first: the dry run writes nothing.
			data, err := os.ReadFile(filepath.Join(dir, "devices.csv"))
			if err != nil {
				t.Fatal(err)
			}
			changed := strings.Replace(string(data), "課内共有パソコン", "課内共有パソコン（更新）", 1)
			path := filepath.Join(dir, "devices-changed.csv")
			os.WriteFile(path, []byte(changed), 0o644)
			for _, want := range []string{"取り込むと: 追加 0 件、変更 1 件", "取り込むと: 追加 0 件、変更 1 件", "取り込みました: 追加 0 件、変更 1 件"} {
				args := []string{"devices", "import", "--dry-run", path}
				if strings.HasPrefix(want, "取り込みました") {
					args = []string{"devices", "import", path}
				}
				if r := run(args...); r.code != 0 || !strings.Contains(r.stdout, want) {
					t.Errorf("%s: %+v; want %q", strings.Join(args, " "), r, want)
				}
			}
			if r := run("devices", "import", path); !strings.Contains(r.stdout, "変更 0 件") {
				t.Errorf("the same file again: %+v; want nothing changed", r)
			}

			// A wrong row refuses the whole file and says where.
			bad := strings.Replace(changed, ",パソコン,", ",ポケベル,", 1)
			badPath := filepath.Join(dir, "devices-bad.csv")
			os.WriteFile(badPath, []byte(bad), 0o644)
			r := run("devices", "import", badPath)
			if r.code != 1 || !strings.Contains(r.stderr, "ポケベル") || !strings.Contains(r.stderr, "種類") {
				t.Errorf("a wrong kind: %+v; want a refusal naming the row and 種類", r)
			}
			if r := run("devices", "export", "-o", filepath.Join(dir, "x.xlsx"), "--format", "pdf"); r.code == 0 {
				t.Errorf("export as pdf: %+v; want a refusal", r)
			}
			if r := run("devices", "export"); r.code != 1 || !strings.Contains(r.stderr, "-o FILE") {
				t.Errorf("export without -o: %+v", r)
			}
			if r := run("devices", "shred"); r.code != 1 || !strings.Contains(r.stderr, "unknown devices command") {
				t.Errorf("unknown command: %+v", r)
			}
		})
	}
}
