package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A city starting on an empty database: its 組織マスタ is imported (after a
// dry run that writes nothing), then the 人事異動 finds the units; a file
// that abolishes a unit without a successor is refused with its row.
func TestOrgUnitsOnEmptyDatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "city.db")
	units := filepath.Join(dir, "soshiki.csv")
	os.WriteFile(units, []byte("組織コード,名称,カナ,上位組織コード,種類,適用開始日,適用終了日,承継先組織コード\n"+
		"1000,企画調整局,キカクチョウセイキョク,,局,2026-04-01,,\n"+
		"1110,情報政策課,ジョウホウセイサクカ,1000,課,2026-04-01,,\n"+
		"1120,情報企画課,ジョウホウキカクカ,1000,課,2026-04-01,,\n"), 0o644)
	people := filepath.Join(dir, "jinji.csv")
	os.WriteFile(people, []byte("職員番号,氏名,氏名カナ,雇用区分,所属コード,職名,兼務,発令日,区分\n900001,山田 花子,ヤマダ ハナコ,職員,1110,課長,,2026-04-01,採用\n"), 0o644)
	abolish := filepath.Join(dir, "haishi.csv")
	os.WriteFile(abolish, []byte("組織コード,名称,カナ,上位組織コード,種類,適用開始日,適用終了日,承継先組織コード\n"+
		"1110,情報政策課,ジョウホウセイサクカ,1000,課,2026-04-01,2027-03-31,\n"), 0o644)
	merge := filepath.Join(dir, "tougou.csv")
	os.WriteFile(merge, []byte("組織コード,名称,カナ,上位組織コード,種類,適用開始日,適用終了日,承継先組織コード\n"+
		"1110,情報政策課,ジョウホウセイサクカ,1000,課,2026-04-01,2027-03-31,1120\n"), 0o644)
	template := filepath.Join(dir, "template.xlsx")
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"org", "import", people}, 1, "所属コード 1110 の組織はありません"},
		{[]string{"org", "units", "template", "-o", template}, 0, ""},
		{[]string{"org", "units", "import", "--dry-run", template}, 0, "dry run, nothing written: 5 new"},
		{[]string{"org", "units", "import", "--dry-run", units}, 0, "dry run, nothing written: 3 new"},
		{[]string{"org", "units", "import", units}, 0, "imported: 3 new, 0 changed, 0 abolished"},
		{[]string{"org", "import", people}, 0, "imported: 1 added"},
		{[]string{"org", "units", "import", abolish}, 1, "2 行目、列「承継先組織コード」"},
		{[]string{"org", "units", "import", "--dry-run", merge}, 0, "廃止 1110 情報政策課（2027-03-31 まで）→ 承継先 1120"},
	} {
		r := kijun(t, dir, append(tt.args, "--db", db)...)
		if r.code != tt.code || !strings.Contains(r.stdout+r.stderr, tt.want) {
			t.Errorf("kijun %v: %+v, want exit %d and %q", tt.args, r, tt.code, tt.want)
		}
	}
	if r := kijun(t, dir, "verify", "--db", db); r.code != 0 {
		t.Errorf("verify: %+v", r)
	}
}
