package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"kijun/internal/assets"
	"kijun/internal/assetsheet"
	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/sheets"
	"kijun/internal/store"
)

// registerSheet is what a register's console command does with its
// spreadsheet: the asset register and the three of chapter 6 share one
// command, as they share one import page.
type registerSheet struct {
	name  string // the command: "assets"
	usage string
	// template writes the .xlsx template.
	template func(w io.Writer) error
	// export writes the whole register in format.
	export func(ctx context.Context, db *store.DB, format string, w io.Writer) error
	// imp imports a file all or nothing through package registers, as
	// ed: registers.Console for the operator, trusted as an administrator
	// (every 課's rows, as the CISO's office may on the web), or the
	// editor of the person named by --as.
	imp func(ctx context.Context, db *store.DB, ed *registers.Editor, name string, data []byte, dryRun bool) (*store.ImportPlan, error)
	// api is the register's path in the JSON API, and items reads a file's
	// rows as the items its bulk write takes, with each one's line: an
	// import with --server reads the file here and writes it there.
	api   string
	items func(name string, data []byte) (items any, lines []int, err error)
}

// sheetUsage is the usage of a register command, after its first line.
const sheetUsage = `  import [--dry-run] [--as STAFF_NO] FILE
                                 import .xlsx or CSV (UTF-8 or Shift_JIS), all or nothing;
                                 --dry-run shows what would change and writes nothing;
                                 --as imports as that person, with the 課 they keep (the
                                 ledger names them); without it, the ledger names the
                                 operating-system user; --server URL (env KIJUN_SERVER) with
                                 --token (env KIJUN_TOKEN) reads the file here and writes it
                                 through the server's API, as the token's person
  export [--format F] -o FILE    write the register: xlsx (default), csv or csv-sjis
  template -o FILE               write the .xlsx template

Every command also takes --db (env KIJUN_DB).`

var assetsSheet = registerSheet{
	name: "assets",
	usage: `Usage: kijun assets COMMAND [flags]

The register of information assets (chapter 4) / 情報資産台帳:
` + sheetUsage,
	template: assetsheet.WriteTemplate,
	export: func(ctx context.Context, db *store.DB, format string, w io.Writer) error {
		return assetsheet.Export(ctx, db, store.AssetFilter{}, format, w)
	},
	imp: func(ctx context.Context, db *store.DB, ed *registers.Editor, name string, data []byte, dryRun bool) (*store.ImportPlan, error) {
		return registers.New(db).Assets.Import(ctx, ed, name, data, dryRun)
	},
	api: "/api/v1/assets",
	items: func(name string, data []byte) (any, []int, error) {
		_, rows, err := assetsheet.Read(name, data)
		items, lines := make([]assets.Asset, len(rows)), make([]int, len(rows))
		for i, r := range rows {
			items[i], lines[i] = r.Asset, r.Line
		}
		return items, lines, err
	},
}

func runAssets(ctx context.Context, e *env, args []string) error {
	return runSheet(ctx, e, assetsSheet, args)
}

// runSheet runs a register command: import, export or template.
func runSheet(ctx context.Context, e *env, rs registerSheet, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(e.stdout, rs.usage)
		return nil
	}
	sub, args := args[0], args[1:]
	fs := newFlags(e, rs.name+" "+sub, rs.usage)
	var d dbFlags
	d.register(fs, e)
	dryRun := fs.Bool("dry-run", false, "show what would change; write nothing / 確認のみ")
	out := fs.String("o", "", "the file to write / 出力先")
	format := fs.String("format", sheets.XLSX, "export format: xlsx, csv or csv-sjis / 形式")
	as := fs.String("as", "", "import: the staff number of the person importing / 取り込む職員の職員番号")
	var srv serverFlags
	srv.register(fs, e)
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	api, err := srv.client()
	if err != nil {
		return err
	}
	write := func(fn func(*bytes.Buffer) error) error {
		if *out == "" {
			return kijun.Errorf(kijun.EINVALID, "%s %s needs -o FILE", rs.name, sub)
		}
		var b bytes.Buffer
		if err := fn(&b); err != nil {
			return err
		}
		if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
			return kijun.Wrap(kijun.EINVALID, err, "cannot write %s", *out)
		}
		return nil
	}
	switch sub {
	case "template":
		return write(func(b *bytes.Buffer) error { return rs.template(b) })
	case "export":
		db, err := d.openReady(ctx, e, false)
		if err != nil {
			return err
		}
		defer db.Close()
		out := &sheets.Counted{}
		err = write(func(b *bytes.Buffer) error { out.W = b; return rs.export(ctx, db, *format, out) })
		if n := out.Notice(); n != "" && err == nil {
			fmt.Fprintln(e.stderr, n)
		}
		return err
	case "import":
		if len(rest) != 1 {
			return kijun.Errorf(kijun.EINVALID, "%s import needs one FILE", rs.name)
		}
		data, err := os.ReadFile(rest[0])
		if err != nil {
			return kijun.Wrap(kijun.EINVALID, err, "cannot read %s", rest[0])
		}
		if api != nil {
			if *as != "" {
				return errServerAs
			}
			return remoteImport(ctx, e, api, rs, filepath.Base(rest[0]), data, *dryRun)
		}
		db, err := d.openReady(ctx, e, true)
		if err != nil {
			return err
		}
		defer db.Close()
		p, ctx, err := consolePerson(ctx, db, *as)
		if err != nil {
			return err
		}
		ed := registers.Console()
		if p != nil {
			if ed, err = registers.EditorOf(ctx, db, p); err != nil {
				return err
			}
		}
		plan, err := rs.imp(ctx, db, ed, filepath.Base(rest[0]), data, *dryRun)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, plan.Describe())
		return nil
	}
	return kijun.Errorf(kijun.EINVALID, "unknown %s command %q (import, export, template)", rs.name, sub)
}
