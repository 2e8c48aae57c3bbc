package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/training"
)

// trainer is a store.TrainingGate for tests.
type trainer struct {
	plans  bool
	units  []string
	person string
}

func (t trainer) Plans() bool              { return t.plans }
func (t trainer) Records(unit string) bool { return slices.Contains(t.units, unit) }
func (t trainer) Person() string           { return t.person }

var office = trainer{plans: true, units: []string{"100", "111", "112"}, person: "1002"}

// trainingYear2024 loads smallOrg and a plan of 2024 with a course for
// everyone (quiz, pass mark 50) and one for 情報管理者.
func trainingYear2024(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	smallOrg(t, db)
	if _, err := db.SaveTrainingPlan(ctx, trainer{units: []string{"111"}}, training.Plan{Year: 2024, NewHireDays: 30}); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
		t.Fatalf("a 情報管理者 drafted the plan: %v", err)
	}
	if _, err := db.SaveTrainingPlan(ctx, office, training.Plan{Year: 2024, NewHireDays: 30}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []training.Course{
		{ID: "all-2024", Year: 2024, Title: "全職員研修", Mode: training.ModeELearning, Audience: []training.Audience{training.AudienceAll},
			From: day("2024-06-01"), To: day("2024-09-30"), Provisions: []string{"7.2.2.イ"}, PassMark: 50,
			Quiz: []training.Question{{Text: "パスワードを人に教えてよいか", Choices: []string{"よい", "よくない"}, Answer: 1}}},
		{ID: "im-2024", Year: 2024, Title: "情報管理者研修", Mode: training.ModeClassroom, Audience: []training.Audience{training.RoleAudience(organisation.RoleInfoManager)},
			From: day("2024-05-01"), To: day("2024-07-31")},
	} {
		if _, err := db.SaveCourse(ctx, office, c, store.Create); err != nil {
			t.Fatal(err)
		}
	}
	if p, err := db.ReportTrainingPlan(ctx, office, 2024); err != nil || p.State != training.PlanReported {
		t.Fatalf("report: %+v, %v", p, err)
	}
}

func TestTrainingAttendance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		trainingYear2024(t, db)
		me := trainer{person: "1004"}
		if a, err := db.AnswerQuiz(ctx, me, "all-2024", []int{1}, day("2024-07-01")); err != nil || !a.Passed || a.Score != 100 {
			t.Fatalf("quiz: %+v, %v", a, err)
		}
		if _, err := db.AnswerQuiz(ctx, me, "all-2024", []int{0}, day("2024-07-02")); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("a quiz answered twice: %v", err)
		}
		manager111 := trainer{units: []string{"111"}, person: "1002"}
		if _, err := db.RecordAttendance(ctx, manager111, training.Attendance{CourseID: "all-2024", StaffNo: "1005", On: day("2024-07-01")}); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("the 情報管理者 of 111 recorded for 112: %v", err)
		}
		if _, err := db.RecordAttendance(ctx, manager111, training.Attendance{CourseID: "im-2024", StaffNo: "1002", On: day("2024-07-01")}); err != nil {
			t.Errorf("the 情報管理者 of 111 records their own 課: %v", err)
		}
		// An import with an unknown person writes nothing, not even its good row.
		rows := []training.Row{{Line: 2, StaffNo: "1005", CourseID: "all-2024", On: day("2024-07-01")}, {Line: 3, StaffNo: "9999", CourseID: "all-2024", On: day("2024-07-01")}}
		var ie *kijun.ImportError
		if _, err := db.ImportAttendance(ctx, office, rows, false); !errors.As(err, &ie) || len(ie.Errors) != 1 || ie.Errors[0].Row != 3 {
			t.Fatalf("import with an unknown staff number: %v", err)
		}
		if _, err := db.ImportAttendance(ctx, manager111, rows[:1], false); !errors.As(err, &ie) || len(ie.Errors) != 1 {
			t.Fatalf("the 情報管理者 of 111 imported for 112: %v", err)
		}
		if got, err := db.ImportAttendance(ctx, office, rows[:1], true); err != nil || len(got) != 1 {
			t.Fatalf("dry run: %v, %v", got, err)
		}
		y, err := db.TrainingYear(ctx, 2024, day("2024-10-01"), "")
		if err != nil {
			t.Fatal(err)
		}
		// 1005 was in the dry run only: still overdue.
		got := map[string]string{}
		for _, tl := range y.ByUnit() {
			got[tl.Unit] = tallyString(tl)
		}
		want := map[string]string{"100": "1/0/1", "111": "3/2/1", "112": "3/0/3"}
		for u, w := range want {
			if got[u] != w {
				t.Errorf("課 %s: got required/met/overdue %s, want %s", u, got[u], w)
			}
		}
		if _, err := db.ImportAttendance(ctx, office, rows[:1], false); err != nil {
			t.Fatal(err)
		}
		y, err = db.TrainingYear(ctx, 2024, day("2024-10-01"), "112")
		if err != nil {
			t.Fatal(err)
		}
		if ts := y.ByUnit(); len(ts) != 1 || tallyString(ts[0]) != "3/1/2" {
			t.Errorf("課 112 alone: %+v", ts)
		}
		if _, err := db.SubmitTrainingReport(ctx, manager111, 2024, "112", ""); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("the 情報管理者 of 111 reported for 112: %v", err)
		}
		r, err := db.SubmitTrainingReport(ctx, manager111, 2024, "111", "全員受講を指示済み")
		if err != nil || r.Figures.Required == 0 {
			t.Fatalf("report: %+v, %v", r, err)
		}
		rs, err := db.TrainingReports(ctx, 2024, "111")
		if err != nil || len(rs) != 1 || rs[0].Figures.Met != r.Figures.Met {
			t.Errorf("reports: %+v, %v", rs, err)
		}
	})
}

func tallyString(t training.Tally) string {
	return itoa(t.Required) + "/" + itoa(t.Met) + "/" + itoa(t.Overdue)
}

func itoa(n int) string { return string(rune('0' + n%10)) }

// TestTrainingFacts checks that the rules see who has not attended by the
// end of the course period (7.2.4), and a new hire after the period the
// city sets (7.2.2ウ), computed from the organisation as it stands.
func TestTrainingFacts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		trainingYear2024(t, db)
		if _, err := db.SaveCourse(ctx, office, training.Course{ID: "new-2024", Year: 2024, Title: "新規採用者研修", Mode: training.ModeClassroom,
			Audience: []training.Audience{training.AudienceNewHire}, From: day("2024-04-01"), To: day("2025-03-31")}, store.Create); err != nil {
			t.Fatal(err)
		}
		if err := db.SavePerson(ctx, organisation.Person{StaffNo: "2001", Name: "新人 花子", Kana: "シンジン ハナコ", Employment: organisation.EmployRegular}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Assign(ctx, organisation.Assignment{StaffNo: "2001", Unit: "111", Post: organisation.PostStaff, Primary: true, Period: organisation.Period{From: day("2024-10-01")}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AnswerQuiz(ctx, trainer{person: "1004"}, "all-2024", []int{1}, day("2024-07-01")); err != nil {
			t.Fatal(err)
		}
		findings := func(d string) []string {
			f, err := db.ComplianceFacts(ctx, day(d), nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, tr := range f.Training {
				got = append(got, tr.StaffNo+" "+tr.Need+" "+tr.Unit)
			}
			slices.Sort(got)
			return got
		}
		// The organisation's data begins on 2024-04-01: nobody in it then
		// is a new hire. The course for 情報管理者 ended on 2024-07-31.
		if got, want := findings("2024-09-30"), []string{"1002 role:info_manager 111", "1003 role:info_manager 112"}; !slices.Equal(got, want) {
			t.Errorf("on the last day of the course for everyone:\n got %v\nwant %v", got, want)
		}
		want := []string{"1001 all 100", "1002 all 111", "1002 role:info_manager 111", "1003 all 112", "1003 role:info_manager 112", "1005 all 112"}
		if got := findings("2024-10-05"); !slices.Equal(got, want) {
			t.Errorf("after the period:\n got %v\nwant %v", got, want)
		}
		// The new hire joined on 2024-10-01: due within 30 days.
		if got := findings("2024-11-01"); !slices.Contains(got, "2001 new_hire 111") {
			t.Errorf("a new hire without training is not found after the period: %v", got)
		}
		// A scoped re-check of one person reads them alone.
		f, err := db.ComplianceFacts(ctx, day("2024-11-01"), store.FactsScope{"training:2001|new_hire"})
		if err != nil || len(f.Training) != 1 || f.Training[0].StaffNo != "2001" {
			t.Errorf("re-check of 2001: %+v, %v", f.Training, err)
		}
	})
}

// TestTrainingDrill imports a 標的型攻撃メール訓練's results: rates per 課,
// everyone sent the mail took part, and who clicked owes the follow-up
// course, a finding once it is past due (7.2.4).
func TestTrainingDrill(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		trainingYear2024(t, db)
		for _, c := range []training.Course{
			{ID: "phish-2024", Year: 2024, Title: "標的型攻撃メール訓練", Mode: training.ModePhishing, Audience: []training.Audience{training.AudienceAll},
				From: day("2024-10-01"), To: day("2024-10-31")},
			{ID: "follow-2024", Year: 2024, Title: "追加研修", Mode: training.ModeELearning, Audience: []training.Audience{training.AudienceAssigned},
				From: day("2024-11-01"), To: day("2024-11-30")},
		} {
			if _, err := db.SaveCourse(ctx, office, c, store.Create); err != nil {
				t.Fatal(err)
			}
		}
		rs := []training.DrillResult{{Line: 2, StaffNo: "1004", Opened: true, Clicked: true}, {Line: 3, StaffNo: "1005", Opened: true, Reported: true},
			{Line: 4, StaffNo: "1002"}}
		if _, err := db.ImportDrill(ctx, office, "all-2024", "", rs, false); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("results of a course that is no drill: %v", err)
		}
		got, err := db.ImportDrill(ctx, office, "phish-2024", "follow-2024", rs, false)
		if err != nil || len(got.Assigned) != 1 || got.Assigned[0] != "1004" {
			t.Fatalf("import: %+v, %v", got, err)
		}
		if _, err := db.ImportDrill(ctx, office, "phish-2024", "follow-2024", rs[:1], false); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("the same results twice: %v", err)
		}
		ts, err := db.DrillTallies(ctx, "phish-2024")
		if err != nil || len(ts) != 2 || ts[0].Unit != "111" || ts[0].Sent != 2 || ts[0].Clicked != 1 || ts[1].Reported != 1 {
			t.Fatalf("tallies: %+v, %v", ts, err)
		}
		f, err := db.ComplianceFacts(ctx, day("2024-12-05"), nil)
		if err != nil {
			t.Fatal(err)
		}
		var follow []string
		for _, tr := range f.Training {
			if tr.Need == "course:follow-2024" {
				follow = append(follow, tr.StaffNo)
			}
			if tr.StaffNo == "1005" && tr.Need == "all" {
				t.Errorf("1005 took part in the drill for everyone, still found: %+v", tr)
			}
		}
		if len(follow) != 1 || follow[0] != "1004" {
			t.Errorf("follow-up owed by %v, want 1004 who clicked", follow)
		}
	})
}

// TestEditionAcknowledgement: a new edition is acknowledged once by each
// person, a dated record naming it, with progress per 課 (7.1.1ア, 7.1.3).
func TestEditionAcknowledgement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		e := training.Edition{ID: "kijun-5.5", Title: "情報セキュリティ対策基準 第5.5版", InForce: day("2024-04-01")}
		if err := db.SaveEdition(ctx, trainer{person: "1004"}, e); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("a member of staff registered an edition: %v", err)
		}
		if err := db.SaveEdition(ctx, office, e); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveEdition(ctx, office, e); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("an edition registered twice: %v", err)
		}
		if err := db.Acknowledge(ctx, trainer{person: "1004"}, "kijun-5.5"); err != nil {
			t.Fatal(err)
		}
		if err := db.Acknowledge(ctx, trainer{person: "1004"}, "kijun-5.5"); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("acknowledged twice: %v", err)
		}
		ts, err := db.AckProgress(ctx, "kijun-5.5", day("2024-05-01"))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][2]int{}
		for _, a := range ts {
			got[a.Unit] = [2]int{a.People, a.Done}
		}
		if got["111"] != [2]int{2, 1} || got["112"] != [2]int{2, 0} {
			t.Errorf("progress: %v", got)
		}
	})
}
