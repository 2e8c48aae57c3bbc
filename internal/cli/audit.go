package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"kijun/internal/audits"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/wareki"
)

const auditUsage = `audit plan [--year YYYY] [--draft [--note TEXT] [--as STAFF_NO]] [--json] | audit list [--year YYYY] [--json]
Show a 年度's audit plan (11.1.3) with each audit and the risk of each 課 (open findings of the
continuous checks, last audit, open corrective actions), or draft it with --draft (the audit
director's act: at the console the operator, or the person given by --as); or list the audits.
監査計画の表示・起案、監査の一覧。`

func runAudit(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || (args[0] != "plan" && args[0] != "list") {
		fmt.Fprintln(e.stderr, "Usage: kijun "+auditUsage)
		return kijun.Errorf(kijun.EINVALID, "kijun audit: say plan or list")
	}
	sub := args[0]
	fs := newFlags(e, "audit "+sub, auditUsage)
	var d dbFlags
	d.register(fs, e)
	year := fs.Int("year", 0, "the 年度, as the year it begins (default this one) / 年度（西暦）")
	draft := fs.Bool("draft", false, "draft the plan of the year / 監査計画を起案する")
	note := fs.String("note", "", "the plan's approach / 計画の方針")
	as := fs.String("as", "", "act as this member of staff / この職員として")
	asJSON := fs.Bool("json", false, "print JSON / JSON で出力")
	if _, err := parseArgs(fs, args[1:]); err != nil {
		return err
	}
	db, err := d.openReady(ctx, e, false)
	if err != nil {
		return err
	}
	defer db.Close()
	if *year == 0 {
		*year = wareki.FiscalYear(db.Now())
	}
	start, _ := wareki.FiscalYearRange(*year)
	name := wareki.FiscalYearName(start)
	console := audits.Actor{Console: true}
	if sub == "list" {
		as, err := db.AuditsOf(ctx, console)
		if err != nil {
			return err
		}
		var out []audits.Audit
		for _, a := range as {
			if p, err := db.PlanOf(ctx, *year); err == nil && a.PlanID == p.ID {
				out = append(out, a)
			}
		}
		return printAudits(e, name, out, *asJSON)
	}
	if *draft {
		p, actx, err := consolePerson(ctx, db, *as)
		if err != nil {
			return err
		}
		who := console
		if p != nil {
			who = audits.Actor{StaffNo: p.StaffNo, Director: p.Auditor(), CISO: p.Acts(organisation.RoleCISO, organisation.City()), City: p.CityOffice()}
		}
		plan, err := db.CreatePlan(actx, who, *year, *note)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s の監査計画（案、No.%d）を起案しました。監査を加え、CISO の承認を受けてください（11.1.3）\n", name, plan.ID)
		return nil
	}
	plan, err := db.PlanOf(ctx, *year)
	if err != nil {
		return err
	}
	risk, err := db.AuditRisk(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"plan": plan, "risk": risk})
	}
	fmt.Fprintf(e.stdout, "%s 監査計画: %s", name, plan.State.Label())
	if plan.ApprovedBy != "" {
		fmt.Fprintf(e.stdout, "（%s、%s）", plan.ApprovedBy, wareki.Date(plan.ApprovedAt))
	}
	fmt.Fprintln(e.stdout)
	if err := printAudits(e, name, plan.Audits, false); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "\n課ごとのリスク（11.1.3）")
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "課\t未解決の検出\tうち重大\t前回の監査\t前回の指摘\t未完了の是正措置")
	for _, r := range risk {
		last := "未監査"
		if r.LastAudit != 0 {
			last = wareki.Date(r.LastAuditEnds)
		}
		fmt.Fprintf(tw, "%s %s\t%d\t%d\t%s\t%d\t%d\n", r.Unit, r.Name, r.OpenFindings, r.HighFindings, last, r.LastAuditResult, r.OpenActions)
	}
	return tw.Flush()
}

func printAudits(e *env, year string, as []audits.Audit, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if as == nil {
			as = []audits.Audit{}
		}
		return enc.Encode(as)
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "No.\t監査\t対象\t条項\t監査人\t実施日\t状況")
	for _, a := range as {
		auditors := make([]string, len(a.Auditors))
		for i, x := range a.Auditors {
			auditors[i] = x.String()
		}
		scope := strings.Join(append(append(append([]string{}, a.Units...), a.Systems...), a.Contractor), " ")
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s〜%s\t%s\n", a.ID, a.Title, strings.TrimSpace(scope), strings.Join(a.Provisions, " "),
			strings.Join(auditors, "、"), wareki.Date(a.Starts), wareki.Date(a.Ends), a.State.Label())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %d 件\n", year, len(as))
	return nil
}
