package web

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// TestNameDeputyForm: the form that names a 情報管理者's deputy passes the
// rules of 9.3 and 3.2.10. The acting deputy (1006, while 1001 is away)
// neither sees the form nor may post it; the 課長 cannot name someone from
// the 課 next door; he names a member of his 課 and records himself away,
// and she acts on those days.
func TestNameDeputyForm(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ctx := context.Background()
	accessOrg(t, db)
	ts, _ := startServer(t, db)
	deputy := newIncidentClient(t, db, ts.URL, auth.Account{ID: "1006", StaffNo: "1006", DisplayName: "伊藤 六郎"})
	chief := newIncidentClient(t, db, ts.URL, auth.Account{ID: "1001", StaffNo: "1001", DisplayName: "山田 太郎"})
	scope := organisation.UnitScope("111")
	count := func() int {
		ds, err := db.Deputies(ctx, organisation.RoleInfoManager, scope)
		if err != nil {
			t.Fatal(err)
		}
		return len(ds)
	}
	before := count()
	next := organisation.Day(db.Now()).AddDate(0, 1, 0)
	form := func(staffNo string, away bool) url.Values {
		v := url.Values{"staff_no": {staffNo}, "from": {organisation.FormatDate(next)}, "to": {organisation.FormatDate(next.AddDate(0, 0, 4))}, "reason": {"出張"}}
		if away {
			v.Set("away", "1")
		}
		return v
	}

	if status, body := deputy.get("/org/units/111"); status != http.StatusOK || strings.Contains(body, `id="deputy-submit"`) {
		t.Errorf("the acting deputy's unit page: %d, shows the form %v", status, strings.Contains(body, `id="deputy-submit"`))
	}
	if status, _, _ := deputy.post("/org/units/111/deputies", form("1004", false)); status != http.StatusForbidden {
		t.Errorf("the acting deputy names someone from another 課: %d, want 403", status)
	}
	status, _, body := chief.post("/org/units/111/deputies", form("1004", false))
	if status != http.StatusForbidden || !strings.Contains(body, "CISO 室だけ") || !strings.Contains(body, `id="deputy-error"`) {
		t.Errorf("the 課長 names someone from another 課: %d, want 403 with the reason beside the form", status)
	}
	if got := count(); got != before {
		t.Fatalf("deputies after two refusals: %d, want %d", got, before)
	}

	if status, loc, _ := chief.post("/org/units/111/deputies", form("1002", true)); status != http.StatusSeeOther || !strings.Contains(loc, "named=1") {
		t.Fatalf("the 課長 names a member of his 課: %d %q", status, loc)
	}
	for d, want := range map[string]string{organisation.FormatDate(next.AddDate(0, 0, -1)): "1001", organisation.FormatDate(next): "1002"} {
		day, _ := organisation.ParseDate(d)
		a, err := db.ActingFor(ctx, organisation.RoleInfoManager, scope, day)
		if err != nil || a.Person.StaffNo != want {
			t.Errorf("情報管理者 of 111 on %s: %+v (%v), want %s", d, a.Person, err, want)
		}
	}
}
