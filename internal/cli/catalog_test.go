package cli_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/catalog"
	"kijun/internal/catalog/oscal"
	"kijun/internal/sharedtest"
)

func TestCatalogCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "kijun.db")
	run := func(args ...string) result {
		t.Helper()
		return kijun(t, dir, append(append([]string{"catalog"}, args...), "--db", db)...)
	}
	def, _ := catalog.Default()

	r := run("list")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != len(def.Provisions) {
		t.Fatalf("list: exit %d, %d lines, want %d", r.code, len(lines), len(def.Provisions))
	}
	if lines[0] != "1\t目的" || !strings.Contains(r.stdout, "\n8.2.6\t認証情報の管理\n") {
		t.Errorf("list lines look wrong: %q ...", lines[:3])
	}
	r = run("show", "8.2.6")
	for _, want := range []string{"8.2.6 認証情報の管理", "8.2.6.ウ", "8文字以上", "位置: 8 技術的セキュリティ > 8.2 アクセス制御", "[情報基盤管理者・業務システム管理者 / 定期実施（概ね6か月以内）]"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("show 8.2.6 lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := run("show", "8.2.5"); !strings.Contains(r.stdout, "対応 → nist-sp800-53r5 ac-7 (intersects-with)") {
		t.Errorf("show 8.2.5 lacks its mapping to NIST ac-7:\n%s", r.stdout)
	}
	if r := run("show", "8.2.99"); r.code != 1 || !strings.Contains(r.stderr, "8.2.99 はありません") {
		t.Errorf("show of a missing provision: %+v", r)
	}
	r = run("search", "パスワード")
	if r.code != 0 || !strings.Contains(r.stdout, "kobe-kijun@5.5\t8.2.6.ウ\t") {
		t.Errorf("search パスワード: %+v", r)
	}
	r = run("coverage")
	if r.code != 0 || !strings.Contains(r.stdout, "are text only") || !strings.Contains(r.stdout, "点検ルール") {
		t.Errorf("coverage: %+v", r)
	}

	// A bad catalog file is refused whole, each problem named by file and line.
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("key: x\nedition: \"1\"\ntitle: t\nprovisions:\n  - id: \"1\"\n    kind: chapter\n  - id: \"1\"\n    kind: chapter\n"), 0o644)
	r = run("load", bad)
	if r.code != 1 || !strings.Contains(r.stderr, bad+":7: 1:") || !strings.Contains(r.stderr, "nothing was loaded") {
		t.Errorf("load of a bad file: %+v", r)
	}
	if r := run("editions"); strings.Contains(r.stdout, "x@1") {
		t.Errorf("a refused catalog was loaded: %s", r.stdout)
	}

	// A new edition loads beside the old one, and diff shows the change.
	next := filepath.Join(dir, "next.yaml")
	data, _ := os.ReadFile(filepath.Join("..", "catalog", catalog.DefaultFile))
	changed := strings.Replace(string(data), "edition: \"5.5\"", "edition: \"5.6\"", 1)
	changed = strings.Replace(changed, "原則として8文字以上", "原則として12文字以上", 1)
	os.WriteFile(next, []byte(changed), 0o644)
	if r := run("load", next); r.code != 0 || !strings.Contains(r.stdout, "loaded: kobe-kijun@5.6") {
		t.Fatalf("load next edition: %+v", r)
	}
	r = run("diff", "kobe-kijun@5.5", "kobe-kijun@5.6")
	if r.code != 0 || !strings.Contains(r.stdout, "~ 7.4.3.ウ") || !strings.Contains(r.stdout, "1 change(s)") {
		t.Errorf("diff: %+v", r)
	}

	// OSCAL: the export validates against NIST's schema; NIST's catalog imports.
	out := filepath.Join(dir, "kobe.json")
	if r := run("export", "--format", "oscal", "-o", out); r.code != 0 {
		t.Fatalf("export: %+v", r)
	}
	schema, err := os.ReadFile(sharedtest.File(t, "", "oscal/oscal_complete_schema-1.1.2.json"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := oscal.NewValidator(schema)
	if err != nil {
		t.Fatal(err)
	}
	exported, _ := os.ReadFile(out)
	if err := v.Validate(out, exported); err != nil {
		t.Errorf("exported catalog is not valid OSCAL: %v", err)
	}
	if r := run("export", "--format", "xlsx", "-o", filepath.Join(dir, "kobe.xlsx")); r.code != 0 {
		t.Errorf("xlsx export: %+v", r)
	}
	nist := sharedtest.File(t, "", "oscal/NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog.json")
	if r := run("import", "--format", "oscal", "--key", "nist-sp800-53r5", nist); r.code != 0 || !strings.Contains(r.stdout, "loaded: nist-sp800-53r5@") {
		t.Fatalf("import NIST: %+v", r)
	}
	// A catalog imported without --key is keyed by its UUID; its provisions
	// are not numbered like Kobe's, and show and export still work.
	basic := sharedtest.File(t, "", "oscal/basic-catalog.json")
	if r := run("import", "--format", "oscal", basic); r.code != 0 {
		t.Fatalf("import basic catalog: %+v", r)
	}
	ref := "--catalog=74c8ba1e-5cd4-4ad1-bbfd-d888e2f6c724@1.1"
	if r := run("show", ref, "1.1.1"); r.code != 0 || !strings.Contains(r.stdout, "1.1.1 ") || strings.Contains(r.stderr, "panic") {
		t.Errorf("show 1.1.1 of the imported basic catalog: %+v", r)
	}
	basicOut := filepath.Join(dir, "basic.json")
	if r := run("export", "--format", "oscal", ref, "-o", basicOut); r.code != 0 {
		t.Fatalf("export basic catalog: %+v", r)
	}
	exported, _ = os.ReadFile(basicOut)
	if err := v.Validate(basicOut, exported); err != nil {
		t.Errorf("the imported basic catalog exported again is not valid OSCAL: %v", err)
	}
	notOSCAL := filepath.Join(dir, "not.json")
	os.WriteFile(notOSCAL, []byte(`{"catalog": {"uuid": "x"}}`), 0o644)
	if r := run("import", "--format", "oscal", notOSCAL); r.code != 1 || !strings.Contains(r.stderr, notOSCAL+": /catalog") {
		t.Errorf("import of non-OSCAL JSON: %+v", r)
	}
}

func TestOrgImportCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "kijun.db")
	r := kijun(t, dir, "demo", "--db", db)
	if r.code != 0 {
		t.Fatalf("demo: %+v", r)
	}
	// The demo checks its city once, so the compliance pages have a run
	// to show from the first start.
	if !strings.Contains(r.stdout, "点検 / check: ") {
		t.Errorf("demo did not say it checked the city:\n%s", r.stdout)
	}
	sdb, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	var runs int
	if err := sdb.QueryRow("SELECT count(*) FROM compliance_runs").Scan(&runs); err != nil || runs != 1 {
		t.Errorf("check runs after demo: %d (%v), want 1", runs, err)
	}
	sdb.Close()
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte("職員番号,氏名,氏名カナ,雇用区分,所属コード,職名,兼務,発令日,区分\n900001,山田 花子,ヤマダ ハナコ,職員,10101,担当,,2026-04-01,採用\n"), 0o644)
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("職員番号,氏名,氏名カナ,雇用区分,所属コード,職名,兼務,発令日,区分\n900002,山田 太郎,ヤマダ タロウ,職員,10101,担当,,2026-04-01,採用\n900003,山田 次郎,ヤマダ ジロウ,職員,99999,担当,,2026-04-01,採用\n"), 0o644)
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"org", "import", "--dry-run", good}, 0, "dry run, nothing written: 1 added"},
		{[]string{"org", "import", good}, 0, "imported: 1 added"},
		{[]string{"org", "import", good}, 0, "imported: 0 added, 0 changed, 1 unchanged"},
		{[]string{"org", "import", bad}, 1, "3 行目、列「所属コード」"},
	} {
		r := kijun(t, dir, append(tt.args, "--db", db)...)
		if r.code != tt.code || !strings.Contains(r.stdout+r.stderr, tt.want) {
			t.Errorf("kijun %v: %+v, want exit %d and %q", tt.args, r, tt.code, tt.want)
		}
	}
	// The refused file wrote nothing: its valid first row would still be new.
	first := filepath.Join(dir, "first.csv")
	os.WriteFile(first, []byte("職員番号,氏名,氏名カナ,雇用区分,所属コード,職名,兼務,発令日,区分\n900002,山田 太郎,ヤマダ タロウ,職員,10101,担当,,2026-04-01,採用\n"), 0o644)
	if r := kijun(t, dir, "org", "import", "--dry-run", first, "--db", db); !strings.Contains(r.stdout, "1 added") {
		t.Errorf("the valid row of the refused file was written: %+v", r)
	}
	if r := kijun(t, dir, "verify", "--db", db); r.code != 0 {
		t.Errorf("verify: %+v", r)
	}
}
