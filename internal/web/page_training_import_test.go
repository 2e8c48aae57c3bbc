package web

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"kijun/internal/attendance"
	"kijun/internal/auth"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/training"
)

// trainingImportSeed stores this 年度's course for everyone, a drill and
// its follow-up course, and returns tokens of the CISO's office (1003)
// and of the 情報管理者 of 112 (1004), and today as the files write it.
func trainingImportSeed(t *testing.T, db *store.DB) (office, manager112, today string) {
	t.Helper()
	ctx := context.Background()
	accessOrg(t, db)
	day := organisation.Day(db.Now())
	year := training.FiscalYear(day)
	from, to := training.YearEnd(year-1).AddDate(0, 0, 1), training.YearEnd(year)
	if _, err := db.SaveTrainingPlan(ctx, attendance.Console(), training.Plan{Year: year, NewHireDays: 30}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []training.Course{
		{ID: "all", Year: year, Title: "全職員研修", Mode: training.ModeELearning, Audience: []training.Audience{training.AudienceAll}, From: from, To: to},
		{ID: "phish", Year: year, Title: "標的型攻撃メール訓練", Mode: training.ModePhishing, Audience: []training.Audience{training.AudienceAll}, From: from, To: to},
		{ID: "follow", Year: year, Title: "追加研修", Mode: training.ModeELearning, Audience: []training.Audience{training.AudienceAssigned}, From: from, To: to},
	} {
		if _, err := db.SaveCourse(ctx, attendance.Console(), c, store.Create); err != nil {
			t.Fatal(err)
		}
	}
	office = seedToken(t, db, auth.Account{ID: "1003", StaffNo: "1003", DisplayName: "鈴木 一郎"}, "write")
	manager112 = seedToken(t, db, auth.Account{ID: "1004", StaffNo: "1004", DisplayName: "高橋 次郎"}, "write")
	return office, manager112, organisation.FormatDate(day)
}

// trainingEngines runs fn on SQLite, and on PostgreSQL when its DSN is set.
func trainingEngines(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	urls := storetest.URLs(t)
	for _, engine := range slices.Sorted(maps.Keys(urls)) {
		t.Run(engine, func(t *testing.T) { fn(t, storetest.Open(t, urls[engine], store.Options{})) })
	}
}

func countRows(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.View(context.Background(), func(tx *store.Tx) error {
		return tx.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n)
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// An e-learning export goes through the upload's check and confirmation:
// a wrong cell and a row of another 課 are listed by row, field and
// reason and nothing is written; the CISO's office imports every 課's
// rows; a file checked and then overtaken (a row recorded meanwhile) is
// refused whole at its confirmation.
func TestTrainingAttendanceUpload(t *testing.T) {
	trainingEngines(t, func(t *testing.T, db *store.DB) {
		ts, _ := startServer(t, db)
		office, manager, today := trainingImportSeed(t, db)
		as := func(token string) uploadRun {
			return uploadRun{t: t, base: ts.URL, auth: func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }}
		}
		file := func(rows ...string) []byte {
			return []byte("職員番号,研修コード,受講日,点数,合否\n" + strings.Join(rows, "\n") + "\n")
		}
		// The form is the 情報管理者's; a person who records no 課 is refused.
		if code, body, _ := as(manager).do("GET", "/training/attendance/import", "", nil); code != 200 || !strings.Contains(body, `name="file"`) {
			t.Fatalf("the form for the 情報管理者: %d %.500s", code, body)
		}
		staff := seedToken(t, db, auth.Account{ID: "1002", StaffNo: "1002", DisplayName: "佐藤 花子"}, "write")
		if code, _, _ := as(staff).run("/training/attendance/import", "e.csv", file("1002,all,"+today+",80,合格"), false); code != http.StatusForbidden {
			t.Errorf("a member of staff imports attendance: %d, want 403", code)
		}

		code, body, _ := as(manager).run("/training/attendance/import", "e.csv", file("1004,all,"+today+",90,合格", "1002,all,"+today+",80,合格", "1004,all,2026-13-01,,"), false)
		if code != http.StatusBadRequest || !strings.Contains(body, "受講記録ファイル") || !strings.Contains(body, "受講日") {
			t.Fatalf("a wrong date: %d %.3000s", code, body)
		}
		code, body, _ = as(manager).run("/training/attendance/import", "e.csv", file("1004,all,"+today+",90,合格", "1002,all,"+today+",80,合格"), false)
		if code != http.StatusBadRequest || !strings.Contains(body, "職員番号 1002 は 111 の職員です") || !strings.Contains(body, "何も取り込んでいません") {
			t.Fatalf("a row of another 課: %d %.3000s", code, body)
		}
		if n := countRows(t, db, "training_attendance"); n != 0 {
			t.Fatalf("refused files wrote %d attendance rows", n)
		}
		// The 情報管理者's own 課: checked, then written on confirmation.
		code, body, _ = as(manager).run("/training/attendance/import", "e.csv", file("1004,all,"+today+",90,合格"), true)
		if code != 200 || !strings.Contains(body, "追加 1 件") {
			t.Fatalf("the 情報管理者's own row: %d %.3000s", code, body)
		}
		if n := countRows(t, db, "training_attendance"); n != 1 {
			t.Fatalf("after the 情報管理者's import: %d rows, want 1", n)
		}
		// The CISO's office: checked (nothing written until confirmed) ...
		code, body, id := as(office).run("/training/attendance/import", "e.csv", file("1002,all,"+today+",80,合格", "1006,all,"+today+",70,合格"), false)
		if code != 200 || !strings.Contains(body, "追加 2 件") || !strings.Contains(body, `id="confirm"`) {
			t.Fatalf("the office's check: %d %.3000s", code, body)
		}
		if n := countRows(t, db, "training_attendance"); n != 1 {
			t.Fatalf("a check wrote: %d rows", n)
		}
		// ... and overtaken before its confirmation: 1006's attendance is
		// recorded by hand, so the write refuses the file whole.
		if _, err := db.RecordAttendance(context.Background(), attendance.Console(), training.Attendance{CourseID: "all", StaffNo: "1006", On: organisation.Day(db.Now())}); err != nil {
			t.Fatal(err)
		}
		if code, _, _ := as(office).do("POST", "/imports/"+id+"/confirm", "application/x-www-form-urlencoded", nil); code != http.StatusSeeOther {
			t.Fatalf("confirm: %d", code)
		}
		st := as(office).wait(id)
		if st["state"] != store.UploadFailed {
			t.Fatalf("an overtaken file's write: %v", st)
		}
		if n := countRows(t, db, "training_attendance"); n != 2 {
			t.Errorf("the refused write left %d rows, want 2 (1004's and 1006's by hand)", n)
		}
	})
}

// A drill's results are uploaded for the course chosen on the form: the
// 情報管理者's file with another 課's person is refused, row named; the
// office's is written on confirmation, each clicker assigned the
// follow-up course.
func TestTrainingDrillUpload(t *testing.T) {
	trainingEngines(t, func(t *testing.T, db *store.DB) {
		ts, _ := startServer(t, db)
		office, manager, _ := trainingImportSeed(t, db)
		as := func(token string) uploadRun {
			return uploadRun{t: t, base: ts.URL, auth: func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }}
		}
		code, body, _ := as(office).do("GET", "/training/drills/import", "", nil)
		if code != 200 || !strings.Contains(body, `<option value="phish"`) || !strings.Contains(body, `<option value="follow"`) || strings.Contains(body, `<option value="all"`) {
			t.Fatalf("the drill form: %d %.3000s", code, body)
		}
		results := []byte("職員番号,開封,クリック,報告\n1004,1,1,0\n1002,1,0,1\n")
		upload := func(u uploadRun, course string, confirm bool) (int, string) {
			q := url.Values{"course": {course}, "follow": {"follow"}}
			// The course rides in the form; uploadRun posts only the file,
			// so the form's fields go in the query the handler also reads.
			code, body, _ := u.run("/training/drills/import?"+q.Encode(), "drill.csv", results, confirm)
			return code, body
		}
		if code, body := upload(as(manager), "phish", false); code != http.StatusBadRequest || !strings.Contains(body, "職員番号 1002 は 111 の職員です") {
			t.Fatalf("the 情報管理者's drill file with another 課: %d %.3000s", code, body)
		}
		if code, body := upload(as(office), "all", false); code != http.StatusBadRequest || !strings.Contains(body, "標的型攻撃メール訓練ではありません") {
			t.Fatalf("results for a course that is no drill: %d %.3000s", code, body)
		}
		if n := countRows(t, db, "training_drill_results"); n != 0 {
			t.Fatalf("refused files wrote %d results", n)
		}
		code, body = upload(as(office), "phish", true)
		if code != 200 || !strings.Contains(body, "追加 2 件") {
			t.Fatalf("the office's drill: %d %.3000s", code, body)
		}
		if n, a := countRows(t, db, "training_drill_results"), countRows(t, db, "training_assigned"); n != 2 || a != 1 {
			t.Errorf("after the drill: %d results, %d assigned; want 2 and 1", n, a)
		}
		if got := fmt.Sprint(countRows(t, db, "training_attendance")); got != "2" {
			t.Errorf("drill attendance rows: %s, want 2", got)
		}
	})
}

// A drill's upload worked as a job of the queue (another server, or
// after a restart) is checked and written for its owner as they are when
// it runs, for the course its upload names: a 情報管理者's row of another
// 課 is refused there too, and the office's file written.
func TestTrainingImportAsJob(t *testing.T) {
	trainingEngines(t, func(t *testing.T, db *store.DB) {
		s, _ := newServer(t, db)
		trainingImportSeed(t, db)
		ctx := context.Background()
		j := &ImportJobs{}
		j.Bind(s)
		work := func(owner string, confirm bool, id string) store.Upload {
			t.Helper()
			if id == "" {
				u, err := db.SpoolUpload(ctx, owner, drillImportAction+"?"+url.Values{"course": {"phish"}, "follow": {"follow"}}.Encode(), "drill.csv",
					strings.NewReader("職員番号,開封,クリック,報告\n1004,1,1,0\n1002,1,0,1\n"), 1<<20)
				if err != nil {
					t.Fatal(err)
				}
				id = u.ID
				if _, err := db.MoveUpload(ctx, id, store.UploadQueued, store.UploadChecking, false); err != nil {
					t.Fatal(err)
				}
			} else if _, err := db.MoveUpload(ctx, id, store.UploadChecked, store.UploadWriting, true); err != nil {
				t.Fatal(err)
			}
			if err := j.Work(ctx, ImportArgs{Upload: id, Confirm: confirm}); err != nil {
				t.Fatal(err)
			}
			u, err := db.Upload(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		if u := work("1004", false, ""); u.State != store.UploadFailed || !strings.Contains(u.Result, "職員番号 1002 は 111 の職員です") {
			t.Errorf("the 情報管理者's job: %s %s", u.State, u.Result)
		}
		u := work("1003", false, "")
		if u.State != store.UploadChecked {
			t.Fatalf("the office's check as a job: %s %s", u.State, u.Result)
		}
		if n := countRows(t, db, "training_drill_results"); n != 0 {
			t.Fatalf("a check wrote %d results", n)
		}
		if u = work("1003", true, u.ID); u.State != store.UploadDone {
			t.Fatalf("the office's write as a job: %s %s", u.State, u.Result)
		}
		if n := countRows(t, db, "training_drill_results"); n != 2 {
			t.Errorf("after the job: %d results, want 2", n)
		}
	})
}
