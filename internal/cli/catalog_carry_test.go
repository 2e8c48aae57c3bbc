package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// kijun catalog diff --carry takes the city's confirmed alignment to its
// next edition where a provision's text is unchanged and lists the
// provisions to review again.
func TestCatalogDiffCarriesAlignment(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("../catalog/convert/testdata/asahi-kijun.txt")
	if err != nil {
		t.Fatal(err)
	}
	next := strings.Replace(string(data), "職員等の認証情報を厳重に管理しなければならない。", "職員等の認証情報を暗号化して厳重に管理しなければならない。", 1)
	os.WriteFile(filepath.Join(dir, "v1.txt"), data, 0o644)
	os.WriteFile(filepath.Join(dir, "v2.txt"), []byte(next), 0o644)
	for _, args := range [][]string{
		{"catalog", "convert", "--key", "asahi-kijun", "-o", "v1.yaml", "v1.txt"},
		{"catalog", "convert", "--key", "asahi-kijun", "--edition", "2.0", "-o", "v2.yaml", "v2.txt"},
		{"catalog", "align", "--db", "k.db", "--save", "v1.yaml"},
	} {
		if r := kijun(t, dir, args...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	confirmAll(t, filepath.Join(dir, "k.db"), "asahi-kijun", "1.0")
	if r := kijun(t, dir, "catalog", "load", "--db", "k.db", "v2.yaml"); r.code != 0 {
		t.Fatalf("load v2: %+v", r)
	}
	r := kijun(t, dir, "catalog", "diff", "--db", "k.db", "--carry", "asahi-kijun@1.0", "asahi-kijun@2.0")
	if r.code != 0 {
		t.Fatalf("diff --carry: %+v", r)
	}
	for _, want := range []string{"~ 第34条\t", "to review again: 1 provision(s) changed or new / 変更・追加された規定の対応の再確認: 第34条\n",
		"review: /catalog/asahi-kijun/2.0/align/kobe-kijun"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("diff --carry lacks %q:\n%s", want, r.stdout)
		}
	}
	if !strings.Contains(r.stdout, "carried forward: ") || strings.Contains(r.stdout, "carried forward: 0 ") {
		t.Errorf("diff --carry carried nothing:\n%s", r.stdout)
	}
	r = kijun(t, dir, "catalog", "diff", "--db", "k.db", "--carry", "kobe-kijun@5.5", "asahi-kijun@2.0")
	if r.code == 0 || !strings.Contains(r.stderr, "two editions of one standard") {
		t.Errorf("carry across standards: %+v", r)
	}
}
