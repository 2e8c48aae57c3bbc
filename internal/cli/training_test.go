package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// kijun training import refuses a file with any row wrong, naming each by
// row and reason, and writes nothing; a good file is imported once, and
// kijun training status counts it. kijun cards import refuses a card
// number given to two people.
func TestTrainingAndCardsCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "kijun.db")
	if r := kijun(t, dir, "demo", "--db", db); r.code != 0 {
		t.Fatalf("demo: %+v", r)
	}
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	head := "職員番号,研修コード,受講日,点数,合否\n"
	bad := write("bad.csv", head+"100000,2026-new,2026-06-02,,\n999999,2026-new,2026-06-02,,\n100000,2026-new,2026-06-03,,\n100002,2026-new,2027-04-05,,\n")
	r := kijun(t, dir, "training", "import", "--db", db, bad)
	if r.code != 1 || !strings.Contains(r.stderr, "3 行目") || !strings.Contains(r.stderr, "999999") || !strings.Contains(r.stderr, "重複") ||
		!strings.Contains(r.stderr, "実施期間") || !strings.Contains(r.stderr, "nothing was imported") {
		t.Fatalf("bad file: %+v", r)
	}
	good := write("good.csv", head+"100000,2026-new,2026-06-02,,合格\n")
	if r := kijun(t, dir, "training", "import", "--dry-run", "--db", db, good); r.code != 0 || !strings.Contains(r.stdout, "dry run") {
		t.Fatalf("dry run: %+v", r)
	}
	if r := kijun(t, dir, "training", "import", "--db", db, good); r.code != 0 || !strings.Contains(r.stdout, "1 attendance row(s), 1 passed") {
		t.Fatalf("import: %+v", r)
	}
	if r := kijun(t, dir, "training", "import", "--db", db, good); r.code != 1 || !strings.Contains(r.stderr, "既に記録") {
		t.Fatalf("the same file again: %+v", r)
	}
	r = kijun(t, dir, "training", "status", "--db", db, "--year", "2026", "--unit", "10101", "--overdue")
	if r.code != 0 || !strings.Contains(r.stdout, "10101") || !strings.Contains(r.stdout, "情報政策課") {
		t.Fatalf("status: %+v", r)
	}
	if strings.Contains(r.stdout, "100000") && strings.Contains(r.stdout, "新規採用の職員等: due") {
		t.Errorf("the new hire who attended is still listed overdue:\n%s", r.stdout)
	}
	if r := kijun(t, dir, "training", "drill", "status", "--course", "2025-phish", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "クリック率") || !strings.Contains(r.stdout, "計") {
		t.Fatalf("drill status: %+v", r)
	}
	drill := write("drill.csv", "職員番号,開封,クリック,報告\n100000,○,○,×\n100000,○,×,○\n")
	if r := kijun(t, dir, "training", "drill", "import", "--course", "2025-phish", "--db", db, drill); r.code != 1 || !strings.Contains(r.stderr, "重複") {
		t.Fatalf("a drill file with a person twice: %+v", r)
	}
	if r := kijun(t, dir, "training", "drill", "import", "--course", "2026-all", "--db", db, drill); r.code != 1 || !strings.Contains(r.stderr, "標的型攻撃メール訓練ではありません") {
		t.Fatalf("results of a course that is no drill: %+v", r)
	}
	cardsHead := "カード番号,種別,職員番号,共用の課,交付日,切替え前のカード番号,備考\n"
	twice := write("cards.csv", cardsHead+"C-1,ID カード,100000,,2026-04-01,,\nC-1,ID カード,100002,,2026-04-01,,\n")
	if r := kijun(t, dir, "cards", "import", "--db", db, twice); r.code != 1 || !strings.Contains(r.stderr, "2 人に交付") {
		t.Fatalf("a card to two people: %+v", r)
	}
	out := filepath.Join(dir, "cards-out.csv")
	if r := kijun(t, dir, "cards", "export", "--format", "csv", "-o", out, "--db", db); r.code != 0 {
		t.Fatalf("export: %+v", r)
	}
	if r := kijun(t, dir, "cards", "import", "--db", db, out); r.code != 0 || !strings.Contains(r.stdout, "0 card(s) issued") {
		t.Fatalf("an export imports back unchanged: %+v", r)
	}
}
