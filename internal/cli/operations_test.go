package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kijun/internal/operations"
)

// From the console: a ticket system's export of work records is imported
// all or nothing, and again adds nothing; a feed that is not JSON, of an
// unknown format, or asked for in a format it is not is refused with the
// reason and nothing imported; a feed is imported and its findings
// listed.
func TestOperationsFromConsole(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite://" + filepath.Join(dir, "k.db")
	run := func(args ...string) result { t.Helper(); return kijun(t, dir, append(args, "--db", db)...) }
	if r := run("demo"); r.code != 0 {
		t.Fatalf("demo: %+v", r)
	}
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	at := time.Now().Add(-48 * time.Hour).In(operations.JST()).Format("2006-01-02 15:04")
	good := write("work.csv", "チケット番号,システムID,作業日時,作業者,作業内容,対象,結果\nX-1,juki,"+at+",委託 保守員,定期点検,本番サーバ,完了\n")
	bad := write("work-bad.csv", "チケット番号,システムID,作業日時,作業者,作業内容,対象,結果\nX-2,juki,"+at+",a,点検,,完了\nX-3,nosuch,2099-01-01 00:00,a,点検,,完了\n")
	if r := run("worklog", "import", bad); r.code == 0 || !strings.Contains(r.stderr, "3 行目") || !strings.Contains(r.stderr, "未来") {
		t.Errorf("a file with a wrong row: %+v", r)
	}
	if r := run("worklog", "import", good); r.code != 0 || !strings.Contains(r.stdout, "added 1 work records") {
		t.Errorf("import: %+v", r)
	}
	if r := run("worklog", "import", good); r.code != 0 || !strings.Contains(r.stdout, "added 0 work records (作業記録), 1 already recorded") {
		t.Errorf("the same file again: %+v", r)
	}
	notJSON := write("broken.json", "{\"vulnerabilities\": [oops")
	notJVN := write("feed.xml", "<?xml version=\"1.0\"?><rdf/>")
	unknown := write("feed.json", `{"items": []}`)
	if r := run("vulns", "import", notJSON); r.code == 0 || !strings.Contains(r.stderr, "正しい JSON ではありません") {
		t.Errorf("not JSON: %+v", r)
	}
	if r := run("vulns", "import", notJVN); r.code == 0 || !strings.Contains(r.stderr, "JVNRSS（rdf:RDF）ではありません") {
		t.Errorf("XML that is not JVN's: %+v", r)
	}
	if r := run("vulns", "import", unknown); r.code == 0 || !strings.Contains(r.stderr, "形式がわかりません") {
		t.Errorf("unknown format: %+v", r)
	}
	if r := run("vulns", "import", "--format", "xyz", unknown); r.code == 0 || !strings.Contains(r.stderr, "nvd・jvn・osv") {
		t.Errorf("a format not read: %+v", r)
	}
	osv := write("osv.json", `{"id":"GHSA-demo-0001","summary":"x","affected":[{"package":{"ecosystem":"Debian","name":"http_server"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.4.99"}]}]}],"database_specific":{"severity":"HIGH"}}`)
	if r := run("vulns", "import", "--format", "nvd", osv); r.code == 0 || !strings.Contains(r.stderr, "NVD の形式ではありません") {
		t.Errorf("OSV given as NVD: %+v", r)
	}
	if r := run("vulns", "import", osv); r.code != 0 || !strings.Contains(r.stdout, "imported 1 vulnerabilities (osv") {
		t.Errorf("OSV import: %+v", r)
	}
	r := run("vulns", "list", "--system", "yoyaku")
	if r.code != 0 || !strings.Contains(r.stdout, "CVE-2026-31001") || !strings.Contains(r.stdout, "GHSA-demo-0001") {
		t.Errorf("list: %+v", r)
	}
}
