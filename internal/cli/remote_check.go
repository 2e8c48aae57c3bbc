package cli

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"kijun/internal/apiclient"
	"kijun/internal/compliance"
	"kijun/internal/store"
)

// runCheckRemote is `kijun check --server`: the server runs the check
// (9.2.1) for the token's person, who must be of the CISO's office, and
// the findings it keeps are read back a page at a time, to print and to
// judge --fail-on as a local check does.
func runCheckRemote(ctx context.Context, e *env, c *apiclient.Client, threshold int, failOn string, quiet bool) error {
	var run store.CheckRun
	if _, err := c.Do(ctx, "POST", "/api/v1/compliance/run", nil, "", &run); err != nil {
		return err
	}
	var all []store.StoredFinding
	for {
		var page struct {
			Total    int                   `json:"total"`
			Findings []store.StoredFinding `json:"findings"`
		}
		if _, err := c.Do(ctx, "GET", "/api/v1/findings?offset="+strconv.Itoa(len(all)), nil, "", &page); err != nil {
			return err
		}
		all = append(all, page.Findings...)
		if len(page.Findings) == 0 || len(all) >= page.Total {
			break
		}
	}
	bySeverity := map[compliance.Severity]int{}
	failing, nAccepted := 0, 0
	for _, f := range all {
		bySeverity[f.Severity]++
		if f.Accepted != "" {
			nAccepted++
			continue
		}
		if threshold > 0 && f.Severity.Rank() >= threshold {
			failing++
		}
	}
	if !quiet {
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "重大度\t条項\tルール\t対象\t課\t責任者\t指摘")
		for _, f := range all {
			msg := f.Message
			if f.Detail != "" {
				msg += "（" + f.Detail + "）"
			}
			if f.Accepted != "" {
				msg += "［例外措置 " + f.Accepted + " により受け入れ］"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", f.Severity.Label(), f.Provision, f.Rule, f.Subject, f.Unit, f.Responsible, msg)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "点検 %s: 指摘 %d 件（高 %d・中 %d・低 %d、うち例外措置 %d）、新規 %d、解消 %d。読込 %s、評価 %s\n",
		run.RulesVersion, len(all), bySeverity[compliance.SeverityHigh], bySeverity[compliance.SeverityMedium],
		bySeverity[compliance.SeverityLow], nAccepted, run.Opened, run.Closed, run.Read.Round(time.Millisecond), run.Eval.Round(time.Millisecond))
	if failing > 0 {
		return ExitError{Code: 3, Msg: fmt.Sprintf("%d findings of severity %s or worse / 重大度 %s 以上の指摘が %d 件あります", failing, failOn, failOn, failing)}
	}
	return nil
}
