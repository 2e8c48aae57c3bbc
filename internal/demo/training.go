package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"kijun/internal/attendance"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/training"
)

// demoQuiz is the quiz of the courses for everyone.
var demoQuiz = []training.Question{
	{Text: "パスワードの照会を受けたとき、どうしますか（7.4.3イ）", Choices: []string{"相手が職員なら答える", "一切応じない", "メールで答える"}, Answer: 1},
	{Text: "ID カードを紛失したとき、まず誰に報告しますか（7.4.1イ(3)）", Choices: []string{"情報管理者", "同僚", "報告は不要"}, Answer: 0},
	{Text: "情報セキュリティインシデントを発見したら（7.3.1ア）", Choices: []string{"様子を見る", "速やかに情報管理者に報告する", "自分で直す"}, Answer: 1},
	{Text: "執務区域外へ情報資産を持ち出すには（7.1.1エ）", Choices: []string{"情報管理者の許可と記録", "口頭で同僚に伝える", "自由に持ち出せる"}, Answer: 0},
}

// generateTraining gives the city two 年度 of training (7.2): 2025 done
// and closed, 2026 under way, each planned by the 統括責任者 and reported
// to the CISO. Who attended is drawn from who had to, as the pages
// compute it. Planted: one 情報管理者 who missed their course (7.2.4) and
// one new hire of April 2026 without the course for new hires (7.2.2ウ).
func generateTraining(ctx context.Context, db *store.DB, _ *rand.Rand, opts Options, sum *Summary) error {
	// A stream of its own, so the parts before draw as they always did.
	rng := rand.New(rand.NewPCG(uint64(opts.Seed), 0x7472616e))
	if _, err := db.TrainingPlan(ctx, 2025); kijun.ErrorCode(err) == kijun.ENOTFOUND {
		if err := generateTrainingYears(ctx, db, rng, sum); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	// The plants, read back from what was generated (on a second run too).
	y, err := db.TrainingYear(ctx, 2026, demoTrainingDay, "")
	if err != nil {
		return err
	}
	for _, o := range y.Outcomes {
		if _, isRole := o.Need.Role(); isRole && o.Met == nil && o.Due.Before(demoTrainingDay) {
			sum.plant("training.not-attended", "training:"+o.StaffNo+"|"+string(o.Need), "7.2.4")
			break
		}
	}
	sum.plant("training.new-hire", "training:"+demoNewHire.StaffNo+"|new_hire", "7.2.2.ウ")
	return nil
}

// demoTrainingDay is the day the year under way is generated up to.
var demoTrainingDay = time.Date(2026, 5, 31, 0, 0, 0, 0, time.UTC)

// demoNewHire joined the city in April 2026 and has not attended the
// course for new hires. Their number is below the rest of the city's, so
// the city's highest staff number is still a member of staff of 2024.
var demoNewHire = organisation.Person{StaffNo: "100000", Name: "新井 若菜", Kana: "アライ ワカナ", Employment: organisation.EmployRegular}

// generateNewHire adds the new hire of April 2026, with a mail address as
// everyone has, to the city's last 課 (the first ones are the CISO's
// office), before the devices are issued to its staff.
func generateNewHire(ctx context.Context, db *store.DB, _ *rand.Rand, _ Options, _ *Summary) error {
	if _, err := db.Person(ctx, demoNewHire.StaffNo); err == nil {
		return nil
	}
	units, err := db.UnitsOn(ctx, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return err
	}
	last := ""
	for _, u := range units {
		if u.Kind == organisation.KindSection {
			last = u.Code
		}
	}
	if err := db.SavePerson(ctx, demoNewHire); err != nil {
		return fmt.Errorf("demo new hire: %w", err)
	}
	if err := demoMail(ctx, db, []organisation.Person{demoNewHire}); err != nil {
		return err
	}
	if _, err := db.Assign(ctx, organisation.Assignment{StaffNo: demoNewHire.StaffNo, Unit: last, Post: organisation.PostStaff, Primary: true,
		Period: organisation.Period{From: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}}); err != nil {
		return fmt.Errorf("demo new hire: %w", err)
	}
	return nil
}

func generateTrainingYears(ctx context.Context, db *store.DB, rng *rand.Rand, sum *Summary) error {
	by := attendance.Console()
	d := func(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC) }
	im := training.RoleAudience(organisation.RoleInfoManager)
	years := []struct {
		year    int
		courses []training.Course
	}{
		{2025, []training.Course{
			{ID: "2025-all", Title: "情報セキュリティ研修（全職員）", Mode: training.ModeELearning, Audience: []training.Audience{training.AudienceAll},
				From: d(2025, 6, 1), To: d(2025, 11, 30), Provisions: []string{"7.1.1", "7.3.1", "7.4.3"}, PassMark: 75, Quiz: demoQuiz,
				Material: "情報セキュリティポリシーと職員等の遵守事項（7.1.1）、インシデントの報告（7.3.1）、パスワードの取扱い（7.4.3）を学びます。"},
			{ID: "2025-im", Title: "情報管理者研修", Mode: training.ModeClassroom, Audience: []training.Audience{im},
				From: d(2025, 5, 1), To: d(2025, 7, 31), Provisions: []string{"3.1.6", "4.2", "7.2.2.オ"}},
			{ID: "2025-new", Title: "新規採用職員研修", Mode: training.ModeClassroom, Audience: []training.Audience{training.AudienceNewHire},
				From: d(2025, 4, 1), To: d(2026, 3, 31), Provisions: []string{"7.1.1"}},
			{ID: "2025-phish", Title: "標的型攻撃メール訓練", Mode: training.ModePhishing, Audience: []training.Audience{training.AudienceAll},
				From: d(2025, 10, 6), To: d(2025, 10, 17), Provisions: []string{"8.1.16", "7.3.1"}},
			{ID: "2025-phish-follow", Title: "標的型攻撃メール訓練の追加研修", Mode: training.ModeELearning, Audience: []training.Audience{training.AudienceAssigned},
				From: d(2025, 10, 20), To: d(2025, 12, 26), Provisions: []string{"8.1.16"}},
		}},
		{2026, []training.Course{
			{ID: "2026-all", Title: "情報セキュリティ研修（全職員）", Mode: training.ModeELearning, Audience: []training.Audience{training.AudienceAll},
				From: d(2026, 5, 15), To: d(2026, 12, 25), Provisions: []string{"7.1.1", "7.3.1", "7.4.3"}, PassMark: 75, Quiz: demoQuiz,
				Material: "情報セキュリティポリシーと職員等の遵守事項（7.1.1）、インシデントの報告（7.3.1）、パスワードの取扱い（7.4.3）を学びます。"},
			{ID: "2026-im", Title: "情報管理者研修", Mode: training.ModeClassroom, Audience: []training.Audience{im},
				From: d(2026, 4, 15), To: d(2026, 5, 29), Provisions: []string{"3.1.6", "4.2", "7.2.2.オ"}},
			{ID: "2026-new", Title: "新規採用職員研修", Mode: training.ModeClassroom, Audience: []training.Audience{training.AudienceNewHire},
				From: d(2026, 4, 1), To: d(2027, 3, 31), Provisions: []string{"7.1.1"}},
		}},
	}
	total := 0
	for _, y := range years {
		if _, err := db.SaveTrainingPlan(ctx, by, training.Plan{Year: y.year, NewHireDays: 30, Note: "研修計画（7.2.2ア）"}); err != nil {
			return fmt.Errorf("demo training plan %d: %w", y.year, err)
		}
		for _, c := range y.courses {
			c.Year = y.year
			if _, err := db.SaveCourse(ctx, by, c, store.Create); err != nil {
				return fmt.Errorf("demo course %s: %w", c.ID, err)
			}
		}
		if _, err := db.ReportTrainingPlan(ctx, by, y.year); err != nil {
			return err
		}
		n, err := demoAttendance(ctx, db, rng, y.year, y.courses)
		if err != nil {
			return err
		}
		total += n
		if y.year == 2025 {
			if err := demoDrill(ctx, db, rng); err != nil {
				return err
			}
		}
	}
	// 7.1.3: the edition in force, which each person acknowledges.
	if err := db.SaveEdition(ctx, by, training.Edition{ID: "kobe-kijun-5.5", Title: "神戸市情報セキュリティ対策基準 第5.5版", InForce: demoStart}); err != nil {
		return err
	}
	sum.Lines = append(sum.Lines, fmt.Sprintf("training: plans of 2025 and 2026 reported to the CISO, %d attendances", total))
	return nil
}

// demoAttendance draws who attended year's courses from who had to: in a
// closed year most did and some failed the quiz; in the year under way
// every 情報管理者 but one attended their course, and some have begun the
// course for everyone.
func demoAttendance(ctx context.Context, db *store.DB, rng *rand.Rand, year int, courses []training.Course) (int, error) {
	day := demoTrainingDay
	if year == 2025 {
		day = training.YearEnd(year)
	}
	y, err := db.TrainingYear(ctx, year, day, "")
	if err != nil {
		return 0, err
	}
	byNeed := map[training.Audience]training.Course{}
	for _, c := range courses {
		if c.Mode != training.ModePhishing && c.Audience[0] != training.AudienceAssigned {
			byNeed[c.Audience[0]] = c
		}
	}
	var rows []training.Row
	planted := false
	for _, o := range y.Outcomes {
		c, ok := byNeed[o.Need]
		if !ok {
			continue
		}
		switch {
		case year == 2026 && o.Need == training.AudienceAll && rng.IntN(10) >= 4:
			continue // not yet
		case o.StaffNo == demoNewHire.StaffNo && o.Need == training.AudienceNewHire:
			continue // planted: 7.2.2ウ
		case year == 2026 && o.Need != training.AudienceAll && o.Need != training.AudienceNewHire && !planted:
			planted = true // planted: 7.2.4, read back by generateTraining
			continue
		case year == 2025 && rng.IntN(100) < 6:
			continue // missed it
		}
		from, to := c.From, c.To
		if to.After(day) {
			to = day
		}
		if year == 2026 && o.Need == training.AudienceAll {
			from = time.Date(2026, 5, 15, 0, 0, 0, 0, time.UTC)
		}
		on := from.AddDate(0, 0, rng.IntN(int(to.Sub(from).Hours()/24)+1))
		r := training.Row{Line: len(rows) + 2, StaffNo: o.StaffNo, CourseID: c.ID, On: on}
		if len(c.Quiz) > 0 {
			r.Score, r.HasScore = 50+25*rng.IntN(3), true
		}
		rows = append(rows, r)
	}
	got, err := db.ImportAttendance(ctx, attendance.Console(), rows, false)
	if err != nil {
		return 0, fmt.Errorf("demo attendance %d: %w", year, err)
	}
	return len(got), nil
}

// demoDrill gives 2025 its 標的型攻撃メール訓練: the mail went to everyone
// who had to attend that year's course for everyone; about half opened
// it, one in seven clicked and was assigned the follow-up course, which
// most then took (7.2.4).
func demoDrill(ctx context.Context, db *store.DB, rng *rand.Rand) error {
	y, err := db.TrainingYear(ctx, 2025, time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), "")
	if err != nil {
		return err
	}
	var rs []training.DrillResult
	for _, o := range y.Outcomes {
		if o.Need != training.AudienceAll {
			continue
		}
		r := training.DrillResult{Line: len(rs) + 2, StaffNo: o.StaffNo, Opened: rng.IntN(2) == 0}
		r.Clicked = r.Opened && rng.IntN(7) < 2
		r.Reported = !r.Clicked && rng.IntN(3) == 0
		rs = append(rs, r)
	}
	got, err := db.ImportDrill(ctx, attendance.Console(), "2025-phish", "2025-phish-follow", rs, false)
	if err != nil {
		return fmt.Errorf("demo drill: %w", err)
	}
	var rows []training.Row
	for _, s := range got.Assigned {
		if rng.IntN(5) > 0 {
			rows = append(rows, training.Row{Line: len(rows) + 2, StaffNo: s, CourseID: "2025-phish-follow", On: time.Date(2025, 11, 10+rng.IntN(20), 0, 0, 0, 0, time.UTC)})
		}
	}
	_, err = db.ImportAttendance(ctx, attendance.Console(), rows, false)
	return err
}
