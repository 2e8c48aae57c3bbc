package training

import (
	"errors"
	"strings"
	"testing"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

func day(s string) time.Time {
	d, err := organisation.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func courses2026() []Course {
	return []Course{
		{ID: "all", Year: 2026, Title: "全職員研修", Mode: ModeELearning, Audience: []Audience{AudienceAll}, From: day("2026-06-01"), To: day("2026-09-30"), PassMark: 80,
			Quiz: []Question{{Text: "q1", Choices: []string{"a", "b"}, Answer: 1}, {Text: "q2", Choices: []string{"a", "b"}, Answer: 0}}},
		{ID: "new", Year: 2026, Title: "新規採用者研修", Mode: ModeClassroom, Audience: []Audience{AudienceNewHire}, From: day("2026-04-01"), To: day("2027-03-31")},
		{ID: "temp", Year: 2026, Title: "臨時の任用職員等研修", Mode: ModeELearning, Audience: []Audience{AudienceTemporary}, From: day("2026-04-01"), To: day("2027-03-31")},
		{ID: "im", Year: 2026, Title: "情報管理者研修", Mode: ModeClassroom, Audience: []Audience{RoleAudience(organisation.RoleInfoManager)}, From: day("2026-05-01"), To: day("2026-07-31")},
	}
}

func TestDuties(t *testing.T) {
	people := []Person{
		{StaffNo: "veteran", Employment: organisation.EmployRegular, Joined: day("2010-04-01")},
		{StaffNo: "newhire", Employment: organisation.EmployRegular, Joined: day("2026-10-01")},
		{StaffNo: "temp", Employment: organisation.EmployFiscalYear, Joined: day("2026-11-01")},
		{StaffNo: "leaver", Employment: organisation.EmployRegular, Joined: day("2010-04-01"), Left: day("2026-08-31")},
		{StaffNo: "chief", Employment: organisation.EmployRegular, Joined: day("2000-04-01"),
			Roles: []Span{{Role: organisation.RoleInfoManager, Period: organisation.Period{From: day("2026-04-01")}}}},
		{StaffNo: "latechief", Employment: organisation.EmployRegular, Joined: day("2000-04-01"),
			Roles: []Span{{Role: organisation.RoleInfoManager, Period: organisation.Period{From: day("2026-10-01")}}}},
		{StaffNo: "future", Employment: organisation.EmployRegular, Joined: day("2027-01-05")},
		{StaffNo: "contractor", Employment: organisation.EmployContractor, Joined: day("2020-01-01")},
		{StaffNo: "founder", Employment: organisation.EmployRegular, Joined: day("2026-04-01"), Founding: true},
	}
	got := map[string]string{}
	for _, d := range Duties(2026, courses2026(), people, 30, day("2026-12-01")) {
		got[d.StaffNo] += string(d.Need) + "@" + organisation.FormatDate(d.Due) + " "
	}
	want := map[string]string{
		"veteran":   "all@2026-09-30 ",
		"newhire":   "new_hire@2026-10-31 ",
		"temp":      "new_hire@2026-12-01 temporary@2026-11-01 ",
		"chief":     "all@2026-09-30 role:info_manager@2026-07-31 ",
		"latechief": "all@2026-09-30 role:info_manager@2026-10-31 ",
		"founder":   "all@2026-09-30 ", // there before the data began: no new hire
		// the leaver left before the course closed; the future hire has
		// not joined; no course is for contractors.
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: got %q, want %q", k, got[k], w)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: got duties %q, want none", k, got[k])
		}
	}
}

func TestJudge(t *testing.T) {
	cs := courses2026()
	duties := []Duty{{StaffNo: "a", Need: AudienceAll, Due: day("2026-09-30")}, {StaffNo: "b", Need: AudienceAll, Due: day("2026-09-30")},
		{StaffNo: "c", Need: AudienceAll, Due: day("2026-09-30")}, {StaffNo: "d", Need: AudienceAll, Due: day("2026-09-30")}}
	att := map[string][]Attendance{
		"a": {{CourseID: "all", StaffNo: "a", On: day("2026-07-01"), Passed: true}},
		"b": {{CourseID: "all", StaffNo: "b", On: day("2026-07-01"), Passed: false, HasScore: true, Score: 50}},
		"c": {{CourseID: "new", StaffNo: "c", On: day("2026-07-01"), Passed: true}}, // not a course for everyone
	}
	for _, tc := range []struct {
		day  string
		want string
	}{{"2026-09-30", "met pending pending pending"}, {"2026-10-02", "met overdue overdue overdue"}} {
		var got []string
		for _, o := range Judge(duties, cs, att, day(tc.day)) {
			switch {
			case o.Met != nil:
				got = append(got, "met")
			case o.Overdue:
				got = append(got, "overdue")
			default:
				got = append(got, "pending")
			}
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("on %s got %v, want %s", tc.day, got, tc.want)
		}
	}
	ts := Summarise(Judge(duties, cs, att, day("2026-10-02")), att["b"], func(string) string { return "u1" })
	if len(ts) != 1 || ts[0].Required != 4 || ts[0].Met != 1 || ts[0].Overdue != 3 || ts[0].Behind != 3 || ts[0].Quizzes != 1 || ts[0].Passed != 0 {
		t.Errorf("tally %+v", ts)
	}
	if r := ts[0].Rate(); r != 25 {
		t.Errorf("rate %v, want 25", r)
	}
}

func TestGrade(t *testing.T) {
	c := courses2026()[0]
	for _, tc := range []struct {
		answers []int
		score   int
		passed  bool
		err     bool
	}{{[]int{1, 0}, 100, true, false}, {[]int{1, 1}, 50, false, false}, {[]int{1}, 0, false, true}, {[]int{1, 5}, 0, false, true}} {
		score, passed, err := c.Grade(tc.answers)
		if (err != nil) != tc.err || score != tc.score || passed != tc.passed {
			t.Errorf("Grade(%v) = %d, %v, %v; want %d, %v, error %v", tc.answers, score, passed, err, tc.score, tc.passed, tc.err)
		}
	}
}

func TestCourseCheck(t *testing.T) {
	c := courses2026()[0]
	if fe := c.Check(); len(fe) != 0 {
		t.Fatalf("good course refused: %v", fe)
	}
	c.ID, c.Audience, c.To, c.PassMark = "bad id", []Audience{"nobody"}, day("2027-04-01"), 0
	fields := map[string]bool{}
	for _, f := range c.Check() {
		fields[f.Field] = true
	}
	for _, f := range []string{"id", "audience", "period", "pass_mark"} {
		if !fields[f] {
			t.Errorf("no error for %s", f)
		}
	}
}

func TestPlanReport(t *testing.T) {
	p := Plan{Year: 2026, State: PlanDraft, NewHireDays: 30}
	if _, err := p.Report("1", day("2026-04-01"), 0); kijun.ErrorCode(err) != kijun.EINVALID {
		t.Errorf("a plan with no courses reported: %v", err)
	}
	p, err := p.Report("1", day("2026-04-01"), 3)
	if err != nil || p.State != PlanReported || p.ReportedBy != "1" {
		t.Fatalf("report: %+v, %v", p, err)
	}
	if _, err := p.Report("1", day("2026-04-02"), 3); kijun.ErrorCode(err) != kijun.ECONFLICT {
		t.Errorf("a plan reported twice: %v", err)
	}
}

func TestImportCheck(t *testing.T) {
	head := "職員番号,研修コード,受講日,点数,合否\n"
	data := head + "1001,all,2026-07-01,90,\n" + // passes by score
		"1002,all,2026/7/2,70,\n" + // fails by score
		"9999,all,2026-07-01,,\n" + // unknown person
		"1001,all,2026-07-03,,\n" + // duplicate of line 2
		"1003,all,2026-10-01,,\n" + // outside the period
		"1004,all,2026-07-01,,\n" + // already recorded
		"1005,nope,2026-07-01,,\n" // unknown course
	rows, err := ReadFile("a.csv", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	k := Known{People: map[string]bool{"1001": true, "1002": true, "1003": true, "1004": true, "1005": true},
		Courses: map[string]Course{"all": courses2026()[0]}, Recorded: map[string]bool{Key("all", "1004"): true}}
	got, err := Check(rows, k)
	var ie *kijun.ImportError
	if !errors.As(err, &ie) || got != nil {
		t.Fatalf("got %v, %v; want an import error and nothing", got, err)
	}
	var lines []int
	for _, re := range ie.Errors {
		lines = append(lines, re.Row)
	}
	if want := []int{4, 5, 6, 7, 8}; !slicesEqual(lines, want) {
		t.Errorf("errors on rows %v, want %v: %v", lines, want, ie.Errors)
	}
	good, err := Check(rows[:2], k)
	if err != nil || len(good) != 2 || !good[0].Passed || good[1].Passed {
		t.Errorf("good rows: %+v, %v", good, err)
	}
	if _, err := ReadFile("b.csv", []byte(head+"1001,all,yesterday,abc,maybe\n")); err == nil || !errors.As(err, &ie) || len(ie.Errors) != 3 {
		t.Errorf("bad cells: %v", err)
	}
}

func slicesEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
