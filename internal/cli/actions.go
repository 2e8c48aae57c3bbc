package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"kijun/internal/corrective"
	"kijun/internal/kijun"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

const actionsUsage = `actions list [--overdue] [--unit CODE] [--json]
List the corrective actions (11.1.7, 11.2.3, 11.2.4): all, or those open past their due day,
with the person holding each owner role today.
是正措置の一覧（期限超過のみも可）。`

func runActions(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "list" {
		fmt.Fprintln(e.stderr, "Usage: kijun "+actionsUsage)
		return kijun.Errorf(kijun.EINVALID, "kijun actions: say list")
	}
	fs := newFlags(e, "actions list", actionsUsage)
	var d dbFlags
	d.register(fs, e)
	overdue := fs.Bool("overdue", false, "only open actions past their due day / 期限超過のみ")
	unit := fs.String("unit", "", "only this 課's actions / この課のみ")
	asJSON := fs.Bool("json", false, "print JSON / JSON で出力")
	if _, err := parseArgs(fs, args[1:]); err != nil {
		return err
	}
	db, err := d.openReady(ctx, e, false)
	if err != nil {
		return err
	}
	defer db.Close()
	now := db.Now()
	as, err := db.CorrectiveActions(ctx, corrective.Officer{Console: true}, store.CorrectiveFilter{Overdue: *overdue, Day: now, Unit: *unit})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if as == nil {
			as = []corrective.Action{}
		}
		return enc.Encode(as)
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "No.\t期限\t超過日数\t状況\t課\t担当\t件名\tきっかけ")
	for _, a := range as {
		owner := a.OwnerName
		if owner == "" {
			owner = "（" + a.OwnerRole.Label() + " 不在）"
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", a.ID, wareki.Date(a.Due), a.DaysOverdue(now), a.State.Label(), a.Unit, owner, a.Title, a.Source)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d 件\n", len(as))
	return nil
}
