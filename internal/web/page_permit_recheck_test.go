package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"kijun/internal/auth"
	"kijun/internal/compliance/monitor"
	"kijun/internal/demo"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/store"
)

// demoLateReturn serves the small demo city and returns the take-out it
// planted that is past its return (7.1.1キ).
func demoLateReturn(t *testing.T) (*httptest.Server, *store.DB, permits.Request) {
	t.Helper()
	ts, db := newTestServer(t)
	ctx := context.Background()
	if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	reg, err := permits.Default()
	if err != nil {
		t.Fatal(err)
	}
	late, err := db.Permits(reg).Overdue(ctx, db.Now(), store.LateFor{City: true})
	if err != nil || len(late) == 0 {
		t.Fatalf("the demo planted no late return (%v)", err)
	}
	return ts, db, late[0]
}

// Recording the return of a take-out past its period (7.1.1キ) in the
// browser's form re-checks the request before the page returns: the
// finding the check kept on it is closed.
func TestRecordingAReturnClosesItsFinding(t *testing.T) {
	ts, db, r := demoLateReturn(t)
	ctx := context.Background()
	if _, err := monitor.New(db).Run(ctx, db.Now()); err != nil {
		t.Fatal(err)
	}
	subject := "request:" + strconv.FormatInt(r.ID, 10)
	open := func(closed bool) int {
		t.Helper()
		fs, _, err := db.ListFindings(ctx, store.FindingFilter{Rule: "request.take-out-not-returned", Subject: subject, Closed: closed})
		if err != nil {
			t.Fatal(err)
		}
		return len(fs)
	}
	if open(false) != 1 {
		t.Fatalf("the full run kept no finding on %s", subject)
	}

	requester := signedIn(t, db, ts.URL, auth.Account{ID: r.Requester, StaffNo: r.Requester, DisplayName: "requester"})
	form := url.Values{"f_returned_on": {organisation.Day(db.Now()).Format(time.DateOnly)}, "f_condition": {"異常なし"}}
	if status, body := requester.post(fmt.Sprintf("/permits/%d/return", r.ID), form); status != http.StatusSeeOther {
		t.Fatalf("recording the return: status %d %s", status, body)
	}
	if open(false) != 0 || open(true) != 1 {
		t.Errorf("after the return the finding on %s is open %d times, closed %d", subject, open(false), open(true))
	}
}
