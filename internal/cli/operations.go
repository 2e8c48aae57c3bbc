package cli

import (
	"context"
	"fmt"
	"os"
	"text/tabwriter"

	"kijun/internal/kijun"
	"kijun/internal/operations"
	"kijun/internal/registers"
	"kijun/internal/store"
)

const worklogUsage = `Usage: kijun worklog import [--as STAFF_NO] [--dry-run] FILE

作業記録 (8.1.5ア): import a ticket system's CSV export (UTF-8) as work
records, all or nothing. Columns, by name: チケット番号 (ticket), システムID
(system), 作業日時 (at), 作業者 (workers), 作業内容 (summary), 対象
(components), 結果 (outcome: 完了・失敗・中止). A ticket already imported
for its system is left as it is.`

// 8.1.5ア: kijun worklog import.
func runWorklog(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(e.stdout, worklogUsage)
		if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
			return nil
		}
		return kijun.Errorf(kijun.EINVALID, "unknown worklog command %q (import)", args[0])
	}
	fs := newFlags(e, "worklog import", worklogUsage)
	var d dbFlags
	d.register(fs, e)
	dryRun := fs.Bool("dry-run", false, "show what would change; write nothing / 確認のみ")
	as := fs.String("as", "", "the staff number of the person importing / 取り込む職員の職員番号")
	rest, err := parseArgs(fs, args[1:])
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return kijun.Errorf(kijun.EINVALID, "worklog import needs one FILE")
	}
	f, err := os.Open(rest[0])
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "cannot read %s", rest[0])
	}
	defer f.Close()
	db, ed, ctx, err := consoleEditor(ctx, e, &d, *as)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := registers.New(db).Operations.ImportWork(ctx, ed, f, *dryRun)
	if err != nil {
		return err
	}
	verb := "added"
	if res.DryRun {
		verb = "would add"
	}
	fmt.Fprintf(e.stdout, "%s %d work records (作業記録), %d already recorded\n", verb, res.Added, res.Unchanged)
	return nil
}

// consoleEditor opens the database for a change and builds the editor of
// the console operator, or of the person named by --as.
func consoleEditor(ctx context.Context, e *env, d *dbFlags, as string) (*store.DB, *registers.Editor, context.Context, error) {
	db, err := d.openReady(ctx, e, true)
	if err != nil {
		return nil, nil, ctx, err
	}
	p, ctx, err := consolePerson(ctx, db, as)
	if err != nil {
		db.Close()
		return nil, nil, ctx, err
	}
	ed := registers.Console()
	if p != nil {
		if ed, err = registers.EditorOf(ctx, db, p); err != nil {
			db.Close()
			return nil, nil, ctx, err
		}
	}
	return db, ed, ctx, nil
}

const vulnsUsage = `Usage: kijun vulns COMMAND [flags]

Security holes matched to the software register (8.6.1) / 脆弱性情報:
  import [--format nvd|jvn|osv] [--as STAFF_NO] FILE
        import a feed file, streamed, all or nothing: NVD CVE API 2.0 JSON
        (NVD's 2.0 feed files) or OSV JSON (one record or an array); the
        format is detected when not given. Each affected system gets a
        finding with its urgency's due day; a finding whose system is no
        longer affected closes.
  list [--system ID] [--all]
        the open findings (with --all, closed ones too), most urgent first`

// 8.6.1: kijun vulns import, list.
func runVulns(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(e.stdout, vulnsUsage)
		return nil
	}
	sub := args[0]
	fs := newFlags(e, "vulns "+sub, vulnsUsage)
	var d dbFlags
	d.register(fs, e)
	format := fs.String("format", "", "import: nvd, jvn or osv (detected when not given) / 形式")
	as := fs.String("as", "", "import: the staff number of the person importing / 取り込む職員の職員番号")
	system := fs.String("system", "", "list: one system's findings / システムID")
	all := fs.Bool("all", false, "list: closed findings too / 対応済みも表示")
	rest, err := parseArgs(fs, args[1:])
	if err != nil {
		return err
	}
	switch sub {
	case "import":
		if len(rest) != 1 {
			return kijun.Errorf(kijun.EINVALID, "vulns import needs one FILE")
		}
		f, err := operations.ParseFormat(*format)
		if err != nil {
			return err
		}
		file, err := os.Open(rest[0])
		if err != nil {
			return kijun.Wrap(kijun.EINVALID, err, "cannot read %s", rest[0])
		}
		defer file.Close()
		if st, err := file.Stat(); err == nil && st.Size() > operations.MaxFeed {
			return kijun.Errorf(kijun.EINVALID, "%s is %d MiB: a feed file may be at most %d MiB / 脆弱性情報ファイルが大きすぎます", rest[0], st.Size()>>20, operations.MaxFeed>>20)
		}
		db, ed, ctx, err := consoleEditor(ctx, e, &d, *as)
		if err != nil {
			return err
		}
		defer db.Close()
		res, err := registers.New(db).Operations.ImportFeed(ctx, ed, file, f)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "imported %d vulnerabilities (%s, %d affected products); %d findings opened, %d closed; %d systems affected\n",
			res.Vulns, res.Format, res.Affects, res.Opened, res.Closed, res.Systems)
		return nil
	case "list":
		if len(rest) != 0 {
			return kijun.Errorf(kijun.EINVALID, "vulns list takes no arguments")
		}
		db, err := d.openReady(ctx, e, false)
		if err != nil {
			return err
		}
		defer db.Close()
		fs, err := db.VulnFindings(ctx, store.VulnFilter{System: *system, Open: !*all, Limit: 5000})
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "SYSTEM\tVULN\tSCORE\tURGENCY\tDUE\tPRODUCT\tVERSION\tFIXED\tADMIN\tSTATE")
		for _, f := range fs {
			state := "open"
			if !f.Open() {
				state = "closed: " + f.CloseReason
			} else if f.Overdue(db.Now()) {
				state = "overdue"
			}
			fmt.Fprintf(tw, "%s\t%s\t%.1f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", f.System, f.Vuln, f.Score, f.Urgency,
				f.Due.In(operations.JST()).Format("2006-01-02"), f.Product, f.Version, f.Fixed, f.Admin, state)
		}
		return tw.Flush()
	}
	return kijun.Errorf(kijun.EINVALID, "unknown vulns command %q (import, list)", sub)
}

const endpointsUsage = `Usage: kijun endpoints import [--as STAFF_NO] FILE

8.4.1: import an endpoint-management product's CSV export (UTF-8), all or
nothing: 機器ID (device), ウイルス対策ソフト (av_product), 定義ファイル日付
(pattern_date), OS更新日 (os_updated). A device whose pattern file is more
than 7 days old, or whose OS was not updated for 60, is a finding.`

// 8.4.1: kijun endpoints import.
func runEndpoints(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(e.stdout, endpointsUsage)
		if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
			return nil
		}
		return kijun.Errorf(kijun.EINVALID, "unknown endpoints command %q (import)", args[0])
	}
	fs := newFlags(e, "endpoints import", endpointsUsage)
	var d dbFlags
	d.register(fs, e)
	as := fs.String("as", "", "the staff number of the person importing / 取り込む職員の職員番号")
	rest, err := parseArgs(fs, args[1:])
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return kijun.Errorf(kijun.EINVALID, "endpoints import needs one FILE")
	}
	f, err := os.Open(rest[0])
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "cannot read %s", rest[0])
	}
	defer f.Close()
	db, ed, ctx, err := consoleEditor(ctx, e, &d, *as)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := registers.New(db).Operations.ImportEndpoints(ctx, ed, f)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "recorded the status of %d devices (端末の状況)\n", res.Devices)
	return nil
}
