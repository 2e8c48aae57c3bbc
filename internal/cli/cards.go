package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"kijun/internal/cardkeeper"
	"kijun/internal/idcards"
	"kijun/internal/kijun"
	"kijun/internal/sheets"
	"kijun/internal/store"
)

const cardsUsage = `Usage:
  kijun cards import [--dry-run] [--as STAFF_NO] FILE
  kijun cards export -o FILE [--format xlsx|csv|csv-sjis]
  kijun cards template -o FILE

The register of ID cards and tokens (7.4.1).
import: issue the cards of a workbook or CSV (the template's columns, or an export), all
or none: a card number given twice or already issued to someone else (a card issued to
two people), an unknown person or 課, a person who has left, a replaced card not in the
register is listed by row and nothing is written. Rows that repeat a registered card are
left as they are, so an export imports back unchanged. --as names the person issuing,
who must be of the 情報基盤管理者's office (7.4.1ア).
export: every card with its state, dates and what it replaces.`

// runCards runs kijun cards (7.4.1).
func runCards(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(e.stdout, cardsUsage)
		return nil
	}
	fs := newFlags(e, "cards", cardsUsage)
	var d dbFlags
	d.register(fs, e)
	as := fs.String("as", "", "import: the staff number of the person issuing / 交付する職員の職員番号")
	dryRun := fs.Bool("dry-run", false, "import: check every row; write nothing / 確認のみ")
	out := fs.String("o", "", "export, template: the file to write / 出力先")
	format := fs.String("format", sheets.XLSX, "export: xlsx, csv or csv-sjis / 形式")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 1 && rest[0] == "template" {
		return writeOut("cards template", *out, idcards.WriteTemplate)
	}
	db, err := d.openReady(ctx, e, false)
	if err != nil {
		return err
	}
	defer db.Close()
	switch {
	case len(rest) == 1 && rest[0] == "export":
		cs, err := db.Cards(ctx, store.CardFilter{})
		if err != nil {
			return err
		}
		return writeOut("cards export", *out, func(w io.Writer) error { return idcards.WriteRegister(w, *format, cs) })
	case len(rest) == 2 && rest[0] == "import":
		return importCards(ctx, e, db, rest[1], *as, *dryRun)
	}
	return kijun.Errorf(kijun.EINVALID, "cards: unknown subcommand %q; use import FILE, export or template", strings.Join(rest, " "))
}

func importCards(ctx context.Context, e *env, db *store.DB, path, as string, dryRun bool) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "cannot read %s", path)
	}
	by := cardkeeper.Console()
	p, ctx, err := consolePerson(ctx, db, as)
	if err != nil {
		return err
	}
	if p != nil {
		by = cardkeeper.KeeperOf(p)
	}
	got, err := cardkeeper.Import(ctx, db, by, filepath.Base(path), data, dryRun)
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
	fmt.Fprintf(e.stdout, "%s: %d card(s) issued\n", importVerb(dryRun), len(got))
	return nil
}
