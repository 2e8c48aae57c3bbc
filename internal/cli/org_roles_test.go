package cli_test

import (
	"database/sql"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// kijun org appoint appoints from the console with 3.2.10 checked, names
// in the ledger who did it, and kijun org roles export lists the
// appointments.
func TestOrgAppointCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "kijun.db")
	if r := kijun(t, dir, "demo", "--db", db); r.code != 0 {
		t.Fatalf("demo: %+v", r)
	}
	roles := func() map[string]string {
		t.Helper()
		out := filepath.Join(dir, "roles.csv")
		if r := kijun(t, dir, "org", "roles", "export", "--format", "csv", "-o", out, "--db", db); r.code != 0 {
			t.Fatalf("roles export: %+v", r)
		}
		f, err := os.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		byRole := map[string]string{}
		for _, rec := range recs[1:] {
			byRole[rec[2]+"@"+rec[4]] = rec[5]
		}
		return byRole
	}
	before := roles()
	director, manager := before["audit_director@city"], before["security_manager@city"]
	if director == "" || manager == "" {
		t.Fatalf("the export lacks the demo's audit director or security manager: %v", before)
	}
	sdb, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	var plain string
	if err := sdb.QueryRow("SELECT staff_no FROM org_people WHERE status = 'active' AND staff_no NOT IN (SELECT staff_no FROM org_roles) AND staff_no NOT IN (SELECT staff_no FROM org_deputies) ORDER BY staff_no DESC LIMIT 1").Scan(&plain); err != nil {
		t.Fatal(err)
	}
	today := time.Now().Format("2006-01-02")
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"org", "appoint", "csirt_member", director, "--from", today}, 1, "3.2.10イ"},
		{[]string{"org", "appoint", "csirt_member", manager, "--from", today, "--as", plain}, 1, "任命は"},
		{[]string{"org", "appoint", "system_owner", manager, "--from", today}, 1, "--system"},
		{[]string{"org", "appoint", "ciso", manager, "--from", "2026-13-01"}, 1, "--from"},
		{[]string{"org", "appoint", "chief", manager, "--from", today}, 1, "audit_director"},
		{[]string{"org", "appoint", "csirt_member", manager, "--from", today}, 0, "appointed: "},
	} {
		r := kijun(t, dir, append(tt.args, "--db", db)...)
		if r.code != tt.code || !strings.Contains(r.stdout+r.stderr, tt.want) {
			t.Errorf("kijun %v: %+v, want exit %d and %q", tt.args, r, tt.code, tt.want)
		}
	}
	if after := roles(); after["csirt_member@city"] == "" {
		t.Errorf("the export does not list the new CSIRT member")
	}
	// The export imports back unchanged; a row breaking 3.2.10イ refuses
	// the file, naming its row.
	exported := filepath.Join(dir, "roles.csv")
	if r := kijun(t, dir, "org", "roles", "import", exported, "--db", db); r.code != 0 || !strings.Contains(r.stdout, "imported: ") {
		t.Errorf("the export imported back: %+v", r)
	}
	bad := filepath.Join(dir, "roles-bad.csv")
	os.WriteFile(bad, []byte("役割コード,対象,職員番号,開始日\ncsirt_member,,"+director+","+today+"\n"), 0o644)
	if r := kijun(t, dir, "org", "roles", "import", bad, "--db", db); r.code != 1 || !strings.Contains(r.stderr, "2 行目") || !strings.Contains(r.stderr, "3.2.10イ") {
		t.Errorf("a roles file breaking 3.2.10イ: %+v", r)
	}
	if r := kijun(t, dir, "org", "roles", "template", "-o", filepath.Join(dir, "roles.xlsx"), "--db", db); r.code != 0 {
		t.Errorf("roles template: %+v", r)
	}
	var n int
	if err := sdb.QueryRow("SELECT COUNT(*) FROM ledger_records WHERE body LIKE '%org.role.appoint%' AND body LIKE '%console:%'").Scan(&n); err != nil || n != 1 {
		t.Errorf("ledger records of the console's appointment naming its user: %d (%v), want 1", n, err)
	}

	// A console import names the operating-system user, or with --as the
	// person, who may then import only the 課 they keep.
	assetsCSV := filepath.Join(dir, "assets.csv")
	if r := kijun(t, dir, "assets", "export", "--format", "csv", "-o", assetsCSV, "--db", db); r.code != 0 {
		t.Fatalf("assets export: %+v", r)
	}
	data, err := os.ReadFile(assetsCSV)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(data), "\n", 3)
	cells := strings.Split(lines[1], ",")
	cells[1] += "（改）"
	changed := filepath.Join(dir, "assets-changed.csv")
	os.WriteFile(changed, []byte(lines[0]+"\n"+strings.Join(cells, ",")+"\n"), 0o644)
	if r := kijun(t, dir, "assets", "import", "--as", plain, changed, "--db", db); r.code != 1 || !strings.Contains(r.stderr, "2 行目") {
		t.Errorf("an import --as a person who does not keep the row's 課: %+v; want refused naming row 2", r)
	}
	beforeN := n
	if r := kijun(t, dir, "assets", "import", changed, "--db", db); r.code != 0 || !strings.Contains(r.stdout, "変更 1 件") {
		t.Fatalf("the operator's import: %+v", r)
	}
	if err := sdb.QueryRow("SELECT COUNT(*) FROM ledger_records WHERE body LIKE '%console:%'").Scan(&n); err != nil || n <= beforeN {
		t.Errorf("ledger records naming the console's user after an import: %d (%v), want more than %d", n, err, beforeN)
	}
}
