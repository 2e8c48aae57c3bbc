package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"kijun/internal/access"
	"kijun/internal/attendance"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/training"
)

const trainingUsage = `Usage:
  kijun training import [--dry-run] [--as STAFF_NO] FILE
  kijun training status [--year YYYY] [--unit CODE] [--overdue]
  kijun training template -o FILE
  kijun training drill import --course ID [--follow-up ID] [--dry-run] [--as STAFF_NO] FILE
  kijun training drill status --course ID

import: the attendance of an e-learning system's export (xlsx, or CSV in UTF-8 or
Shift_JIS) with the columns 職員番号, 研修コード, 受講日 and optionally 点数 and 合否,
matched by staff number, all or none: an unknown staff number or course, a row given
twice or already recorded, a date outside the course period is listed by row and
nothing is written. --as names the person importing, who records only for the 課
they answer for (7.2.2オ); without it the operator at the console imports for all.
status: completion against who must attend, computed from the organisation today
(7.2.2イ, ウ, エ, 7.1.2): per 課, or for one 課 with --unit; --overdue lists the
people past due (7.2.4).
template: an empty attendance file with its headings.
drill import: the results of a 標的型攻撃メール訓練 (a course of mode phishing) with the
columns 職員番号, 開封, クリック, 報告 (○ or ×), all or none; everyone sent the mail took part,
and with --follow-up each who clicked is assigned that course by its period's end (7.2.4).
drill status: the drill's rates of opening, clicking and reporting per 課.`

// runTraining runs kijun training (7.2).
func runTraining(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(e.stdout, trainingUsage)
		return nil
	}
	fs := newFlags(e, "training", trainingUsage)
	var d dbFlags
	d.register(fs, e)
	as := fs.String("as", "", "import: the staff number of the person importing / 取り込む職員の職員番号")
	dryRun := fs.Bool("dry-run", false, "import: check every row; write nothing / 確認のみ")
	year := fs.Int("year", 0, "status: the 年度 (default: this one) / 年度")
	unit := fs.String("unit", "", "status: one 課 / 課の組織コード")
	overdue := fs.Bool("overdue", false, "status: list the people past due / 期限を過ぎた人を表示")
	out := fs.String("o", "", "template: the file to write / 出力先")
	course := fs.String("course", "", "drill: the drill's course code / 訓練の研修コード")
	followUp := fs.String("follow-up", "", "drill import: the course assigned to those who clicked / クリックした人の追加研修")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 1 && rest[0] == "template" {
		return writeOut("training template", *out, training.WriteTemplate)
	}
	db, err := d.openReady(ctx, e, false)
	if err != nil {
		return err
	}
	defer db.Close()
	switch {
	case len(rest) == 2 && rest[0] == "import":
		return importTraining(ctx, e, db, rest[1], *as, *dryRun)
	case len(rest) == 1 && rest[0] == "status":
		return trainingStatus(ctx, e, db, *year, *unit, *overdue)
	case len(rest) == 3 && rest[0] == "drill" && rest[1] == "import":
		return importDrill(ctx, e, db, rest[2], *course, *followUp, *as, *dryRun)
	case len(rest) == 2 && rest[0] == "drill" && rest[1] == "status":
		return drillStatus(ctx, e, db, *course)
	}
	return kijun.Errorf(kijun.EINVALID, "training: unknown subcommand %q; use import FILE, status or template", strings.Join(rest, " "))
}

func importTraining(ctx context.Context, e *env, db *store.DB, path, as string, dryRun bool) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "cannot read %s", path)
	}
	by := attendance.Console()
	p, ctx, err := consolePerson(ctx, db, as)
	if err != nil {
		return err
	}
	if p != nil {
		if by, err = attendance.TrainerOf(ctx, db, p); err != nil {
			return err
		}
	}
	got, err := attendance.Import(ctx, db, by, filepath.Base(path), data, dryRun)
	var ie *kijun.ImportError
	if errors.As(err, &ie) {
		for _, re := range ie.Errors {
			fmt.Fprintln(e.stderr, path+": "+re.String())
		}
		return kijun.Errorf(kijun.EINVALID, "%s has %d error(s), listed above; nothing was imported", path, len(ie.Errors))
	}
	if err != nil {
		return err
	}
	passed := 0
	for _, a := range got {
		if a.Passed {
			passed++
		}
	}
	fmt.Fprintf(e.stdout, "%s: %d attendance row(s), %d passed\n", importVerb(dryRun), len(got), passed)
	return nil
}

func trainingStatus(ctx context.Context, e *env, db *store.DB, year int, unit string, overdue bool) error {
	today := organisation.Day(db.Now())
	if year == 0 {
		year = training.FiscalYear(today)
	}
	day := today
	if end := training.YearEnd(year); day.After(end) {
		day = end.AddDate(0, 0, 1) // a past year, as it closed
	}
	y, err := db.TrainingYear(ctx, year, day, unit)
	if err != nil {
		return err
	}
	plan := "no plan / 研修計画なし"
	if y.Plan.Year != 0 {
		plan = y.Plan.State.Label()
	}
	fmt.Fprintf(e.stdout, "%d 年度 as of %s: %d course(s), plan: %s\n", year, organisation.FormatDate(day), len(y.Courses), plan)
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "課\t名称\t対象\t受講済\t期限超過\t未了\t受講率\t平均点")
	ts := y.ByUnit()
	for _, t := range ts {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%.1f%%\t%s\n", t.Unit, t.Name, t.Required, t.Met, t.Overdue, t.Pending, t.Rate(), mean(t))
	}
	all := training.Total(ts)
	fmt.Fprintf(tw, "計\t\t%d\t%d\t%d\t%d\t%.1f%%\t%s\n", all.Required, all.Met, all.Overdue, all.Pending, all.Rate(), mean(all))
	if err := tw.Flush(); err != nil {
		return err
	}
	if overdue {
		fmt.Fprintln(e.stdout, "\n期限を過ぎて未受講 (7.2.4):")
		for _, o := range y.Overdue() {
			p := y.Person(o.StaffNo)
			fmt.Fprintf(e.stdout, "  %s %s (%s) %s: due %s, %d day(s) late\n", o.StaffNo, p.Name, p.Unit, o.Need.Label(), organisation.FormatDate(o.Due), o.DaysLate)
		}
	}
	return nil
}

func mean(t training.Tally) string {
	if t.Quizzes == 0 {
		return "-"
	}
	return strconv.FormatFloat(t.MeanScore(), 'f', 1, 64)
}

func importDrill(ctx context.Context, e *env, db *store.DB, path, course, followUp, as string, dryRun bool) error {
	if course == "" {
		return kijun.Errorf(kijun.EINVALID, "training drill import needs --course ID (the drill's course code)")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "cannot read %s", path)
	}
	rs, err := training.ReadDrillFile(filepath.Base(path), data)
	if err == nil {
		by := attendance.Console()
		var p *access.Principal
		if p, ctx, err = consolePerson(ctx, db, as); err == nil && p != nil {
			by, err = attendance.TrainerOf(ctx, db, p)
		}
		if err == nil {
			var got store.DrillImport
			if got, err = db.ImportDrill(ctx, by, course, followUp, rs, dryRun); err == nil {
				fmt.Fprintf(e.stdout, "%s: %d result(s), %d assigned %s\n", importVerb(dryRun), len(got.Results), len(got.Assigned), followUp)
				return nil
			}
		}
	}
	var ie *kijun.ImportError
	if errors.As(err, &ie) {
		for _, re := range ie.Errors {
			fmt.Fprintln(e.stderr, path+": "+re.String())
		}
		return kijun.Errorf(kijun.EINVALID, "%s has %d error(s), listed above; nothing was imported", path, len(ie.Errors))
	}
	return err
}

func drillStatus(ctx context.Context, e *env, db *store.DB, course string) error {
	ts, err := db.DrillTallies(ctx, course)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "課\t送信\t開封\tクリック\t報告\tクリック率\t報告率")
	var all training.DrillTally
	for _, t := range ts {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%.1f%%\t%.1f%%\n", t.Unit, t.Sent, t.Opened, t.Clicked, t.Reported, t.ClickRate(), t.ReportRate())
		all.Sent, all.Opened, all.Clicked, all.Reported = all.Sent+t.Sent, all.Opened+t.Opened, all.Clicked+t.Clicked, all.Reported+t.Reported
	}
	fmt.Fprintf(tw, "計\t%d\t%d\t%d\t%d\t%.1f%%\t%.1f%%\n", all.Sent, all.Opened, all.Clicked, all.Reported, all.ClickRate(), all.ReportRate())
	return tw.Flush()
}
