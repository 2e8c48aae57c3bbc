package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/compliance/monitor"
	"kijun/internal/demo"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/store"
)

// Recording the return of a take-out past its period (7.1.1キ) in the
// browser's form re-checks the request before the page returns: the
// finding the check kept on it is closed.
func TestRecordingAReturnClosesItsFinding(t *testing.T) {
	ts, db := newTestServer(t)
	ctx := context.Background()
	if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := monitor.New(db).Run(ctx, db.Now()); err != nil {
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
	r := late[0]
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

	token := seedToken(t, db, auth.Account{ID: r.Requester, StaffNo: r.Requester, DisplayName: "requester"}, access.ScopeWrite)
	form := url.Values{"f_returned_on": {organisation.Day(db.Now()).Format(time.DateOnly)}, "f_condition": {"異常なし"}}
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/permits/%d/return", ts.URL, r.ID), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+token)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("recording the return: status %d %s", resp.StatusCode, body)
	}
	if open(false) != 0 || open(true) != 1 {
		t.Errorf("after the return the finding on %s is open %d times, closed %d", subject, open(false), open(true))
	}
}
