package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"kijun/internal/hrimport"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/unitimport"
)

const orgUsage = `Usage: kijun org COMMAND [flags]

The organisation of chapter 3 / 組織体制:
  import [--dry-run] FILE   人事異動: people and assignments from .xlsx or CSV (UTF-8 or Shift_JIS),
                            all or nothing; --dry-run shows what would change and writes nothing
  template -o FILE          write the .xlsx template for the import
  appoint ROLE STAFF_NO --from DATE [--system ID|--unit CODE] [--unavoidable REASON] [--as STAFF_NO]
                            appoint a person to a role of 3.1 (3.2.10 checked); kijun org appoint -h lists the roles
  roles export -o FILE      every appointment, as a workbook (--format csv|csv-sjis for CSV)
  units import [--dry-run] FILE
                            組織改正: organisation units (組織マスタ) from .xlsx or CSV, all or
                            nothing: new, renamed, moved and abolished units, an abolished unit's
                            records moving to its 承継先; --dry-run previews and writes nothing
  units template -o FILE    write the .xlsx template of the 組織マスタ

Every command also takes --db (env KIJUN_DB).`

func runOrg(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(e.stdout, orgUsage)
		return nil
	}
	sub, args := args[0], args[1:]
	if sub == "appoint" || sub == "roles" {
		return runOrgRoles(ctx, e, sub, args)
	}
	if sub == "units" {
		if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
			fmt.Fprintln(e.stdout, orgUsage)
			return nil
		}
		// kijun org units import|template: the 組織改正.
		sub, args = "units "+args[0], args[1:]
	}
	fs := newFlags(e, "org "+sub, orgUsage)
	var d dbFlags
	d.register(fs, e)
	dryRun := fs.Bool("dry-run", false, "show what would change; write nothing / 確認のみ")
	out := fs.String("o", "", "template: the file to write / 出力先")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	switch sub {
	case "units template":
		if *out == "" {
			return kijun.Errorf(kijun.EINVALID, "org units template needs -o FILE")
		}
		db, err := d.openReady(ctx, e, false)
		if err != nil {
			return err
		}
		defer db.Close()
		kinds, err := db.UnitKinds(ctx)
		if err != nil {
			return err
		}
		return writeOut("org units template", *out, func(w io.Writer) error { return unitimport.WriteTemplate(w, kinds) })
	case "units import":
		var plan *organisation.ReorgPlan
		err := importOrgFile(ctx, e, &d, "org units import", rest, func(db *store.DB, data []byte) (err error) {
			plan, err = unitimport.Import(ctx, db, rest[0], data, *dryRun)
			return err
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: %d new, %d changed, %d abolished, %d unchanged\n", importVerb(*dryRun),
			plan.Counts[organisation.ReorgNew], plan.Counts[organisation.ReorgChanged], plan.Counts[organisation.ReorgAbolished], plan.Counts[organisation.ReorgUnchanged])
		for _, c := range plan.Changes {
			if line := c.Describe(); line != "" {
				fmt.Fprintf(e.stdout, "  %d: %s\n", c.Row, line)
			}
		}
		return nil
	case "template":
		return writeOut("org template", *out, hrimport.WriteTemplate)
	case "import":
		var plan *organisation.HRPlan
		err := importOrgFile(ctx, e, &d, "org import", rest, func(db *store.DB, data []byte) (err error) {
			plan, err = hrimport.Import(ctx, db, rest[0], data, *dryRun)
			return err
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: %d added, %d changed, %d unchanged, %d leaving\n", importVerb(*dryRun),
			plan.Counts[organisation.HRAdded], plan.Counts[organisation.HRChanged], plan.Counts[organisation.HRUnchanged], plan.Counts[organisation.HRLeaving])
		if leaving := plan.Leaving(); len(leaving) > 0 {
			fmt.Fprintf(e.stdout, "IDs to review (8.2.1イ(3)): %s\n", strings.Join(leaving, " "))
		}
		return nil
	}
	return kijun.Errorf(kijun.EINVALID, "unknown org command %q (kijun org -h lists them)", sub)
}

// importOrgFile reads the one FILE of an organisation import, opens the
// database and runs the import; the rows in error are listed on stderr,
// each with the file's name, and nothing is imported.
func importOrgFile(ctx context.Context, e *env, d *dbFlags, command string, rest []string, run func(db *store.DB, data []byte) error) error {
	if len(rest) != 1 {
		return kijun.Errorf(kijun.EINVALID, "%s needs one FILE", command)
	}
	data, err := os.ReadFile(rest[0])
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "cannot read %s", rest[0])
	}
	db, err := d.openReady(ctx, e, false)
	if err != nil {
		return err
	}
	defer db.Close()
	err = run(db, data)
	var ie *organisation.ImportError
	if errors.As(err, &ie) {
		for _, re := range ie.Errors {
			fmt.Fprintln(e.stderr, rest[0]+": "+re.String())
		}
		return kijun.Errorf(kijun.EINVALID, "%s has %d error(s), listed above; nothing was imported", rest[0], len(ie.Errors))
	}
	return err
}

// importVerb says whether an import wrote or only looked.
func importVerb(dryRun bool) string {
	if dryRun {
		return "dry run, nothing written"
	}
	return "imported"
}

// writeOut writes a command's file to path (its -o), refusing a command
// given none.
func writeOut(command, path string, write func(io.Writer) error) error {
	if path == "" {
		return kijun.Errorf(kijun.EINVALID, "%s needs -o FILE", command)
	}
	return writeOutput(nil, path, write)
}

// writeOutput writes a command's output to path (its -o) or, given none, to
// stdout. A file is closed with its error checked: a full disk shows at close.
func writeOutput(stdout io.Writer, path string, write func(io.Writer) error) error {
	if path == "" {
		return write(stdout)
	}
	f, err := os.Create(path)
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "cannot write %s", path)
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
