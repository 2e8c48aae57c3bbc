package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"text/tabwriter"

	"kijun/internal/compliance"
	"kijun/internal/compliance/monitor"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// ExitError ends the command with an exit code other than 1: `kijun check`
// exits 3 when it finds what --fail-on names, so a script can tell findings
// from a failure to check.
type ExitError struct {
	Code int
	Msg  string
}

func (e ExitError) Error() string { return e.Msg }

const checkUsage = `Usage: kijun check [flags]

Check the registers against the standard and keep the findings (9.2.1) /
台帳を対策基準に照らして点検し、指摘事項を記録する:
  --fail-on SEVERITY   exit 3 when there are findings of this severity or worse,
                       not accepted under a 例外措置: high, medium or low
                       (default high; none never fails)
  --dry-run            check, print, keep nothing
  --json               print the findings as JSON
  --quiet              print the summary only
  --server URL         run the check on that server through its API, with
                       --token (env KIJUN_SERVER, KIJUN_TOKEN): the CISO's office's token

  kijun check export --format xlsx|oscal -o FILE [--all]   write the findings
  kijun check rules export -o FILE   write the rules in force / 適用中のルール
  kijun check rules load FILE        check a city's rule file and put it in force

Every command also takes --db (env KIJUN_DB).`

func runCheck(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "rules" {
		return runCheckRules(ctx, e, args[1:])
	}
	if len(args) > 0 && args[0] == "export" {
		return runCheckExport(ctx, e, args[1:])
	}
	fs := newFlags(e, "check", checkUsage)
	var d dbFlags
	d.register(fs, e)
	failOn := fs.String("fail-on", "high", "exit 3 on findings this serious / 終了コード3にする重大度")
	dryRun := fs.Bool("dry-run", false, "keep nothing / 記録しない")
	asJSON := fs.Bool("json", false, "print JSON / JSON で出力")
	quiet := fs.Bool("quiet", false, "summary only / 集計のみ")
	var srv serverFlags
	srv.register(fs, e)
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	threshold := 0
	if *failOn != "none" {
		sev, ok := compliance.ParseSeverity(*failOn)
		if !ok {
			return kijun.Errorf(kijun.EINVALID, "--fail-on %q: use high, medium, low or none", *failOn)
		}
		threshold = sev.Rank()
	}
	if api, err := srv.client(); err != nil || api != nil {
		if err != nil {
			return err
		}
		if *dryRun || *asJSON {
			return kijun.Errorf(kijun.EINVALID, "--dry-run and --json do not go with --server")
		}
		return runCheckRemote(ctx, e, api, threshold, *failOn, *quiet)
	}
	db, err := d.openReady(ctx, e, !*dryRun)
	if err != nil {
		return err
	}
	defer db.Close()
	m := monitor.New(db)
	run := m.Run
	if *dryRun {
		run = m.Evaluate
	}
	res, err := run(ctx, db.Now())
	if err != nil {
		return err
	}
	// A finding accepted under a 例外措置 in force (9.5.1) is reported as
	// such and fails no script.
	accepted, err := db.AcceptedOn(ctx, organisation.Day(res.At))
	if err != nil {
		return err
	}
	bySeverity := map[compliance.Severity]int{}
	failing, nAccepted := 0, 0
	for _, f := range res.Findings {
		bySeverity[f.Severity]++
		if _, ok := accepted[f.Key()]; ok {
			nAccepted++
			continue
		}
		if threshold > 0 && f.Severity.Rank() >= threshold {
			failing++
		}
	}
	switch {
	case *asJSON:
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return err
		}
	case !*quiet:
		// Each finding with who answers for it on the run's day.
		stored := make([]store.StoredFinding, len(res.Findings))
		for i, f := range res.Findings {
			stored[i] = store.StoredFinding{Finding: f, LastSeen: res.At}
		}
		if err := db.FillResponsible(ctx, stored); err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "重大度\t条項\tルール\t対象\t課\t責任者\t指摘")
		for i, f := range res.Findings {
			msg := f.Message
			if f.Detail != "" {
				msg += "（" + f.Detail + "）"
			}
			if ref, ok := accepted[f.Key()]; ok {
				msg += "［例外措置 " + ref + " により受け入れ］"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", f.Severity.Label(), f.Provision, f.Rule, f.Subject, f.Unit, stored[i].Responsible, msg)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if !*asJSON {
		fmt.Fprintf(e.stdout, "点検 %s: 指摘 %d 件（高 %d・中 %d・低 %d、うち例外措置 %d）、新規 %d、解消 %d。読込 %s、評価 %s\n",
			res.RulesVersion, len(res.Findings), bySeverity[compliance.SeverityHigh], bySeverity[compliance.SeverityMedium],
			bySeverity[compliance.SeverityLow], nAccepted, res.Opened, res.Closed, res.Read.Round(1e6), res.Eval.Round(1e6))
	}
	if failing > 0 {
		return ExitError{Code: 3, Msg: fmt.Sprintf("%d findings of severity %s or worse / 重大度 %s 以上の指摘が %d 件あります", failing, *failOn, *failOn, failing)}
	}
	return nil
}

func runCheckRules(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return kijun.Errorf(kijun.EINVALID, "check rules needs export or load")
	}
	sub, args := args[0], args[1:]
	fs := newFlags(e, "check rules "+sub, checkUsage)
	var d dbFlags
	d.register(fs, e)
	out := fs.String("o", "", "the file to write / 出力先")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	db, err := d.openReady(ctx, e, sub == "load")
	if err != nil {
		return err
	}
	defer db.Close()
	m := monitor.New(db)
	switch sub {
	case "export":
		if *out == "" {
			return kijun.Errorf(kijun.EINVALID, "check rules export needs -o FILE")
		}
		body := compliance.DefaultSource()
		if f, err := db.CurrentRules(ctx); err == nil {
			body = f.Body
		} else if kijun.ErrorCode(err) != kijun.ENOTFOUND {
			return err
		}
		if err := os.WriteFile(*out, body, 0o644); err != nil {
			return kijun.Wrap(kijun.EINVALID, err, "cannot write %s", *out)
		}
		return nil
	case "load":
		if len(rest) != 1 {
			return kijun.Errorf(kijun.EINVALID, "check rules load needs one FILE")
		}
		body, err := os.ReadFile(rest[0])
		if err != nil {
			return kijun.Wrap(kijun.EINVALID, err, "cannot read %s", rest[0])
		}
		rs, err := m.LoadRules(ctx, body)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "rules %s in force: %d rules over %d provisions / ルールを適用しました\n", rs.Version, len(rs.Rules), len(rs.Provisions()))
		return nil
	}
	return kijun.Errorf(kijun.EINVALID, "unknown check rules command %q (export, load)", sub)
}
