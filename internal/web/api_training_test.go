package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"kijun/internal/access"
	"kijun/internal/attendance"
	"kijun/internal/auth"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/training"
)

// trainingCourse seeds this 年度's plan with one course for everyone,
// running from the year's start to its end, with a quiz.
func trainingCourse(t *testing.T, db *store.DB) (training.Course, int) {
	t.Helper()
	ctx := context.Background()
	year := training.FiscalYear(organisation.Day(db.Now()))
	if _, err := db.SaveTrainingPlan(ctx, attendance.Console(), training.Plan{Year: year, NewHireDays: 30}); err != nil {
		t.Fatal(err)
	}
	c := training.Course{ID: fmt.Sprintf("all-%d", year), Year: year, Title: "全職員研修", Mode: training.ModeELearning,
		Audience: []training.Audience{training.AudienceAll}, From: training.YearStart(year), To: training.YearEnd(year),
		Provisions: []string{"7.2.2.イ"}, PassMark: 50,
		Quiz: []training.Question{{Text: "パスワードを人に教えてよいか", Choices: []string{"よい", "よくない"}, Answer: 1}}}
	c, err := db.SaveCourse(ctx, attendance.Console(), c, store.Create)
	if err != nil {
		t.Fatal(err)
	}
	return c, year
}

// An e-learning system pushes attendance with the token of the 情報管理者
// of 課 112. A row for a person of another 課 is refused by the page's
// form and the API alike, and nothing is written; a body with an unknown
// staff number, a repeated row or a day outside the course is refused
// whole, each row named with its field. The 情報管理者's own 課 is
// recorded, and its page over the API shows the duty met.
func TestTrainingOverAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, ts *httptest.Server, db *store.DB) {
		ctx := context.Background()
		accessOrg(t, db)
		c, year := trainingCourse(t, db)
		today := organisation.FormatDate(organisation.Day(db.Now()))
		page := signedIn(t, db, ts.URL, auth.Account{ID: "1004", StaffNo: "1004", DisplayName: "高橋 次郎"})
		manager := tokenFor(t, db, ts.URL, "1004", access.ScopeWrite)
		staff := tokenFor(t, db, ts.URL, "1002", access.ScopeWrite)
		office := tokenFor(t, db, ts.URL, "1003", access.ScopeRead)

		status, out, _ := staff.do("GET", fmt.Sprintf("/api/v1/training?year=%d", year), "")
		courses, _ := out["courses"].([]any)
		if status != 200 || len(courses) != 1 || out["plan"] == nil {
			t.Fatalf("the year's courses: %d %v", status, out)
		}
		if cj := courses[0].(map[string]any); cj["questions"] != float64(1) || cj["quiz"] != nil || cj["from"] != organisation.FormatDate(c.From) {
			t.Errorf("a course over the API: %v", cj)
		}
		if status, out, _ := staff.do("GET", "/api/v1/training?year=1999", ""); status != 400 || !problemNames(out, "year") {
			t.Errorf("year 1999: %d %v", status, out)
		}

		// 7.2.2オ: 112's 情報管理者 does not record 111's people.
		seq0, _, _ := db.Head(ctx)
		pageStatus, _ := page.post("/training/units/112/attendance", url.Values{"course": {c.ID}, "staff_no": {"1002"}, "on": {today}})
		apiStatus, prob, _ := manager.do("POST", "/api/v1/training/attendance",
			fmt.Sprintf(`{"items":[{"staff_no":"1004","course_id":%q,"on":%q},{"staff_no":"1002","course_id":%q,"on":%q}]}`, c.ID, today, c.ID, today))
		if pageStatus != http.StatusForbidden || apiStatus != http.StatusBadRequest || !problemRow(prob, 2, "staff_no", "7.2.2オ") {
			t.Errorf("another 課's attendance: page %d, API %d %v", pageStatus, apiStatus, prob)
		}
		if seq, _, _ := db.Head(ctx); seq != seq0 {
			t.Errorf("the refused attendance wrote %d ledger records", seq-seq0)
		}

		// The import's checks, row by row, in English when asked.
		bad := fmt.Sprintf(`{"items":[{"staff_no":"9999","course_id":%q,"on":%q},{"staff_no":"1004","course_id":%q,"on":%q},`+
			`{"staff_no":"1004","course_id":%q,"on":%q}]}`, c.ID, today, c.ID, today, c.ID, today)
		status, prob, _ = manager.do("POST", "/api/v1/training/attendance", bad, "Accept-Language", "en")
		if status != 400 || !problemRow(prob, 1, "staff_no", "nobody with staff number 9999") || !problemRow(prob, 3, "staff_no", "repeats row 2") {
			t.Errorf("a bad body: %d %v", status, prob)
		}
		status, prob, _ = manager.do("POST", "/api/v1/training/attendance",
			fmt.Sprintf(`{"items":[{"staff_no":"1004","course_id":%q,"on":"2001-01-01"}]}`, c.ID))
		if status != 400 || !problemRow(prob, 1, "on", "実施期間") {
			t.Errorf("a day outside the course: %d %v", status, prob)
		}
		status, prob, _ = manager.do("POST", "/api/v1/training/attendance",
			fmt.Sprintf(`{"items":[{"staff_no":"1004","course_id":%q,"on":%q,"score":101},{"staff_no":"1004","course_id":%q,"on":"1日"}]}`, c.ID, today, c.ID))
		if status != 400 || !problemRow(prob, 1, "score", "0〜100") || !problemRow(prob, 2, "on", "YYYY-MM-DD") {
			t.Errorf("a score over 100 and a day not a date: %d %v", status, prob)
		}
		if status, out, _ := manager.do("POST", "/api/v1/training/attendance", `{"items":[]}`); status != 400 || !problemNames(out, "items") {
			t.Errorf("no items: %d %v", status, out)
		}
		if seq, _, _ := db.Head(ctx); seq != seq0 {
			t.Errorf("the refused bodies wrote %d ledger records", seq-seq0)
		}

		// The right person: 112's 情報管理者 records 112, once.
		body := fmt.Sprintf(`{"items":[{"staff_no":"1004","course_id":%q,"on":%q,"score":80}]}`, c.ID, today)
		if status, out, _ := manager.do("POST", "/api/v1/training/attendance?dry_run=1", body); status != 200 || out["dry_run"] != true {
			t.Errorf("a dry run: %d %v", status, out)
		}
		status, out, _ = manager.do("POST", "/api/v1/training/attendance", body, "Idempotency-Key", "push-1")
		if rec, _ := out["recorded"].([]any); status != 200 || len(rec) != 1 {
			t.Fatalf("the attendance: %d %v", status, out)
		}
		if status, _, h := manager.do("POST", "/api/v1/training/attendance", body, "Idempotency-Key", "push-1"); status != 200 || h.Get("Idempotent-Replayed") != "true" {
			t.Errorf("a retry with its key: %d", status)
		}
		if got, err := db.PersonTraining(ctx, "1004"); err != nil || len(got) != 1 || got[0].Score != 80 || !got[0].Passed {
			t.Errorf("1004's training after one push and its retry: %+v, %v", got, err)
		}

		// The 課's page and the city's status.
		status, out, _ = manager.do("GET", "/api/v1/training/units/112", "")
		if status != 200 || !strings.Contains(fmt.Sprint(out["outcomes"]), "met:map[") {
			t.Errorf("112's training: %d %v", status, out)
		}
		if status, _, _ := staff.do("GET", "/api/v1/training/units/112", ""); status != http.StatusForbidden {
			t.Errorf("a member of staff read 112's training: %d", status)
		}
		if status, out, _ := office.do("GET", "/api/v1/training/status", ""); status != 200 || len(out["units"].([]any)) == 0 {
			t.Errorf("the city's training: %d %v", status, out)
		}
	})
}

// problemRow reports whether a problem names row's field with a reason
// containing want.
func problemRow(p map[string]any, row int, field, want string) bool {
	rows, _ := p["rows"].([]any)
	for _, r := range rows {
		m, _ := r.(map[string]any)
		if m["row"] == float64(row) && m["column"] == field && strings.Contains(fmt.Sprint(m["reason"]), want) {
			return true
		}
	}
	return false
}

// An attendance body is outside input: decoding it and reading its items
// gives rows or an EINVALID error, never a panic, and every item sent is
// a row.
func FuzzTrainingAttendanceBody(f *testing.F) {
	f.Add(`{"items":[{"staff_no":"1004","course_id":"all-2026","on":"2026-06-15","score":80,"result":"pass"}]}`)
	f.Add(`{"items":[{"staff_no":"","course_id":"x","on":"2026/13/01","score":-1,"result":"maybe"}]}`)
	f.Add(`{"items":"x","colour":"red"}`)
	f.Fuzz(func(t *testing.T, body string) {
		r, _ := http.NewRequest("POST", "/", strings.NewReader(body))
		var j struct {
			Items []trainingAttendanceJSON `json:"items"`
		}
		if err := decodeJSON(r, &j, maxBulkBody); err != nil {
			if kijun.ErrorCode(err) != kijun.EINVALID {
				t.Fatalf("decode: %v, want EINVALID", err)
			}
			return
		}
		rows, err := attendanceRows(j.Items)
		switch {
		case err != nil && kijun.ErrorCode(err) != kijun.EINVALID:
			t.Fatalf("rows: %v, want EINVALID", err)
		case len(rows) != len(j.Items):
			t.Fatalf("%d items read as %d rows", len(j.Items), len(rows))
		}
	})
}
