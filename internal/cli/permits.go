package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/permits"
	"kijun/internal/store"
)

const permitsUsage = `permits due [--at TIME] [--json] | permits exceptions -o FILE [--q WORDS]
List the reminders and escalations due (approvals waiting, returns overdue, exceptions
about to end, emergency exceptions not reported: the same list at the same time), or write
the register of exception requests and decisions (9.5.3) as a workbook.
申請の督促・上申の一覧、又は例外措置の申請書と審査結果（9.5.3）の出力。`

func runPermits(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && (args[0] == "file" || args[0] == "decide") {
		return runPermitStep(ctx, e, args[0], args[1:])
	}
	if len(args) == 0 || (args[0] != "due" && args[0] != "exceptions") {
		fmt.Fprintln(e.stderr, "Usage: kijun "+permitsUsage+"\nkijun "+permitStepUsage)
		return kijun.Errorf(kijun.EINVALID, "kijun permits: say due, exceptions, file or decide")
	}
	sub := args[0]
	fs := newFlags(e, "permits "+sub, permitsUsage)
	var d dbFlags
	d.register(fs, e)
	at := fs.String("at", "", "the time to list for, RFC 3339 (default now) / 基準の日時")
	asJSON := fs.Bool("json", false, "print JSON / JSON で出力")
	out := fs.String("o", "", "the workbook to write / 出力するファイル")
	q := fs.String("q", "", "only exceptions with these words / 語句で絞り込む")
	if _, err := parseArgs(fs, args[1:]); err != nil {
		return err
	}
	reg, err := permits.Default()
	if err != nil {
		return err
	}
	db, err := d.openReady(ctx, e, false)
	if err != nil {
		return err
	}
	defer db.Close()
	p := db.Permits(reg)
	if sub == "exceptions" {
		if *out == "" {
			return kijun.Errorf(kijun.EINVALID, "kijun permits exceptions: give the file to write with -o")
		}
		rows, err := p.ExceptionRegister(ctx, store.ExceptionFilter{Q: *q, Limit: 1_000_000})
		if err != nil {
			return err
		}
		if err := writeOut("permits exceptions", *out, func(w io.Writer) error { return permits.WriteRegister(w, reg, rows) }); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%d exception requests written to %s\n", len(rows), *out)
		return nil
	}
	now := db.Now()
	if *at != "" {
		if now, err = time.Parse(time.RFC3339, *at); err != nil {
			return kijun.Errorf(kijun.EINVALID, "--at %q: write a time such as 2026-06-01T09:00:00+09:00", *at)
		}
	}
	due, err := p.Due(ctx, now)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if due == nil {
			due = []permits.Reminder{}
		}
		return enc.Encode(due)
	}
	for _, r := range due {
		name := r.Type
		if t := reg.Type(r.Type); t != nil {
			name = t.Name
		}
		fmt.Fprintf(e.stdout, "%s\tNo.%d\t%s\t%s\tsince %s\n", r.Kind, r.RequestID, name, r.Clause, r.Since.Format(time.RFC3339))
	}
	fmt.Fprintf(e.stdout, "%d due\n", len(due))
	return nil
}
