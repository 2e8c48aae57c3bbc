package web

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/operations"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// The compliance dashboard draws the open security holes per 局 by CVSS
// severity, with its figures as a table (8.6.1).
func TestComplianceVulnChart(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ctx := context.Background()
	db.EnsureDefaultCatalog(ctx)
	accessOrg(t, db)
	opsSystems(t, db)
	ts, _ := startServer(t, db)
	office := signedIn(t, db, ts.URL, auth.Account{ID: "1003", StaffNo: "1003", DisplayName: "鈴木 一郎"})
	if _, body := office.get("/compliance"); strings.Contains(body, `id="vuln-chart-figure"`) {
		t.Error("a chart of holes with none open")
	}
	var feed bytes.Buffer
	operations.WriteNVD(&feed, []operations.Vuln{
		{ID: "CVE-2026-40001", Summary: "httpd", Score: 9.8, Affects: []operations.Affect{{CPE: "cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*", EndExcluding: "2.4.62"}}},
		{ID: "CVE-2026-40002", Summary: "httpd", Score: 5.3, Affects: []operations.Affect{{CPE: "cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*", EndExcluding: "2.4.60"}}},
	}, db.Now())
	if _, err := db.ImportFeed(ctx, registers.Console(), &feed, operations.FormatNVD); err != nil {
		t.Fatal(err)
	}
	status, body := office.get("/compliance")
	if status != 200 || !strings.Contains(body, `id="vuln-chart-figure"`) || !strings.Contains(body, `id="vuln-chart-table"`) || !strings.Contains(body, "<svg") {
		t.Fatalf("the dashboard lacks the chart of holes: %d", status)
	}
	table := body[strings.Index(body, `id="vuln-chart-table"`):]
	table = table[:strings.Index(table, "</table>")]
	// 課 111 is under 局 100 企画調整局: one critical, one medium.
	if !strings.Contains(table, "企画調整局") || !strings.Contains(table, "<td>1</td><td>0</td><td>1</td><td>0</td>") {
		t.Errorf("the table of holes: %s", table)
	}
}
