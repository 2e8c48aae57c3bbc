package cli

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"kijun/internal/compliance/monitor"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/selfcheck"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

const selfcheckUsage = `Usage: kijun selfcheck COMMAND [flags]

自己点検 (11.2), one campaign per 年度:
  launch  --year YYYY [--due YYYY-MM-DD] [--as STAFF_NO]
          address the year's questions to each 課's 情報管理者, each system's
          業務システム管理者 and every member of staff (once per 年度; --as must
          be the 情報セキュリティ統括責任者 or 管理者; without it, the console)
  status  [--year YYYY]          progress per 局: reports, answered, submitted, overdue
  export  [--year YYYY] -o FILE  the report to the CISO (11.2.2イ) as .xlsx: per
          provision and per 課 beside last 年度, and every answer of no or partly
  close   --year YYYY [--as STAFF_NO]   take no more answers

--year defaults to the current 年度. Every command also takes --db (env KIJUN_DB).`

func runSelfcheck(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(e.stdout, selfcheckUsage)
		return nil
	}
	sub, args := args[0], args[1:]
	fs := newFlags(e, "selfcheck "+sub, selfcheckUsage)
	var d dbFlags
	d.register(fs, e)
	year := fs.Int("year", 0, "年度, such as 2026 / 年度")
	due := fs.String("due", "", "launch: last day to submit, YYYY-MM-DD (default: 60 days on) / 提出期限")
	as := fs.String("as", "", "the staff number of the person doing this / 操作する職員の職員番号")
	out := fs.String("o", "", "export: the .xlsx file to write / 出力先")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return kijun.Errorf(kijun.EINVALID, "selfcheck %s takes no arguments (kijun selfcheck -h)", sub)
	}
	db, err := d.openReady(ctx, e, false)
	if err != nil {
		return err
	}
	defer db.Close()
	fy := *year
	if fy == 0 {
		fy = wareki.FiscalYear(db.Now())
	}
	switch sub {
	case "launch":
		if *year == 0 {
			return kijun.Errorf(kijun.EINVALID, "selfcheck launch needs --year YYYY")
		}
		var dueDay time.Time
		if *due != "" {
			if dueDay, err = organisation.ParseDate(*due); err != nil {
				return kijun.Wrap(kijun.EINVALID, err, "--due %q", *due)
			}
		}
		cat, err := monitor.New(db).Catalog(ctx)
		if err != nil {
			return err
		}
		_, ctx, err := consolePerson(ctx, db, *as)
		if err != nil {
			return err
		}
		c, n, err := db.LaunchSelfcheck(ctx, store.Launch{FiscalYear: fy, By: *as, Due: dueDay, Catalog: cat})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%d 年度の自己点検を開始しました: 報告 %d 件、設問 %d 問（課 %d・システム %d・職員 %d）、提出期限 %s\n",
			fy, n, len(c.Questions), len(c.For(selfcheck.Unit)), len(c.For(selfcheck.System)), len(c.For(selfcheck.Staff)), organisation.FormatDate(c.Due))
		return nil
	case "status":
		p, err := db.SelfcheckProgress(ctx, fy)
		if err != nil {
			return err
		}
		state := "実施中"
		if !p.Campaign.Open() {
			state = "終了"
		}
		fmt.Fprintf(e.stdout, "%d 年度の自己点検（%s、提出期限 %s）\n", fy, state, organisation.FormatDate(p.Campaign.Due))
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "報告\t回答中\t提出済\t期限超過\t未説明の矛盾\t 局")
		for _, b := range p.Bureaus {
			fmt.Fprintf(tw, "%d\t%d\t%d\t%d\t%d\t %s %s\n", b.Reports, b.Answered, b.Submitted, b.Overdue, b.Contradicted, b.Code, b.Name)
		}
		t := p.Total
		fmt.Fprintf(tw, "%d\t%d\t%d\t%d\t%d\t 計\n", t.Reports, t.Answered, t.Submitted, t.Overdue, t.Contradicted)
		return tw.Flush()
	case "export":
		if *out == "" {
			return kijun.Errorf(kijun.EINVALID, "selfcheck export needs -o FILE (.xlsx)")
		}
		res, err := db.SelfcheckResults(ctx, fy)
		if err != nil {
			return err
		}
		if err := writeOut("selfcheck export", *out, func(w io.Writer) error { return selfcheck.WriteXLSX(w, res) }); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: %d 年度の自己点検結果（条項 %d、課 %d、いいえ・一部 %d 件）\n", *out, fy, len(res.Provisions), len(res.Units), len(res.No))
		return nil
	case "close":
		_, ctx, err := consolePerson(ctx, db, *as)
		if err != nil {
			return err
		}
		if err := db.CloseSelfcheck(ctx, fy, *as); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%d 年度の自己点検を終了しました\n", fy)
		return nil
	}
	return kijun.Errorf(kijun.EINVALID, "unknown selfcheck command %q (kijun selfcheck -h lists them)", sub)
}
