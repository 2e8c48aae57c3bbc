package cli

import (
	"context"
	"fmt"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/setup"
)

const setupUsage = `Usage: kijun setup status [--db URL]

What a new city still lacks, in order: city name, the standard in force, the
organisation, people, the roles of 3.1, accounts or OIDC, mail, registers.
Exits 0 when every step is done, 1 while a step is missing (for scripts).`

func runSetup(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(e.stdout, setupUsage)
		return nil
	}
	if args[0] != "status" {
		return kijun.Errorf(kijun.EINVALID, "unknown setup command %q; use status", args[0])
	}
	fs := newFlags(e, "setup status", setupUsage)
	var d dbFlags
	d.register(fs, e)
	if _, err := parseArgs(fs, args[1:]); err != nil {
		return err
	}
	db, err := d.openReady(ctx, e, false)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := db.SetupState(ctx, organisation.Day(db.Now()))
	if err != nil {
		return err
	}
	st.OIDC = e.getenv("KIJUN_OIDC_ISSUER") != ""
	steps := setup.Steps(st)
	for i, s := range steps {
		mark := "済"
		if !s.Done {
			mark = "未"
		}
		fmt.Fprintf(e.stdout, "%d. [%s] %s / %s: %s\n", i+1, mark, s.Title, s.TitleEN, s.Detail)
		if !s.Done && s.Command != "" {
			fmt.Fprintf(e.stdout, "       → %s\n", s.Command)
		}
	}
	if missing := setup.Missing(steps); len(missing) > 0 {
		return kijun.Errorf(kijun.EINVALID, "setup: %d of %d steps missing, the first: %s", len(missing), len(steps), missing[0].TitleEN)
	}
	fmt.Fprintln(e.stdout, "setup complete")
	return nil
}
