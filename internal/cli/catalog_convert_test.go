package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A city converts its 訓令 from the command line, aligns it with Kobe's
// standard and keeps the proposals for review; a file in neither shape
// stops with the file, the line and the reason, and writes nothing.
func TestCatalogConvertAndAlign(t *testing.T) {
	dir := t.TempDir()
	src, err := filepath.Abs("../catalog/convert/testdata/asahi-kijun.txt")
	if err != nil {
		t.Fatal(err)
	}
	roles := filepath.Join(dir, "roles.yaml")
	os.WriteFile(roles, []byte("info_manager: [所属情報管理者]\n"), 0o644)
	r := kijun(t, dir, "catalog", "convert", "--key", "asahi-kijun", "--roles", roles, "-o", "asahi.yaml", src)
	if r.code != 0 {
		t.Fatalf("convert: %+v", r)
	}
	if !strings.Contains(r.stderr, "条文 (articles), 83 provisions as asahi-kijun@1.0") || !strings.Contains(r.stderr, "table of contents 12, 附則 2") {
		t.Errorf("convert report: %s", r.stderr)
	}
	yaml, _ := os.ReadFile(filepath.Join(dir, "asahi.yaml"))
	if !strings.Contains(string(yaml), "id: 第34条第3項") || !strings.Contains(string(yaml), "obliges: [security_director]") {
		t.Errorf("converted catalog lacks 第34条第3項 or the annotations")
	}
	r = kijun(t, dir, "catalog", "align", "--db", "k.db", "--save", "asahi.yaml")
	if r.code != 0 {
		t.Fatalf("align: %+v", r)
	}
	if !strings.Contains(r.stdout, "第34条\t8.2.6 (") || !strings.Contains(r.stdout, "gaps / 不足): 4 6 7 9 10 11") ||
		!strings.Contains(r.stdout, "saved for review: /catalog/asahi-kijun/1.0/align/kobe-kijun") {
		t.Errorf("align output:\n%s", r.stdout)
	}

	bad := filepath.Join(dir, "jumps.txt")
	os.WriteFile(bad, []byte("第1章 総則\n第1条 目的を定める。\n第3条 範囲を定める。\n"), 0o644)
	r = kijun(t, dir, "catalog", "convert", "-o", "bad.yaml", bad)
	if r.code == 0 || !strings.Contains(r.stderr, "jumps.txt:3: 第3条 の番号が飛んでいるか繰り返している") || !strings.Contains(r.stderr, "nothing was converted") {
		t.Errorf("jumping numbers: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "bad.yaml")); err == nil {
		t.Errorf("a failed conversion wrote its output")
	}
}
