package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"kijun/internal/assetsheet"
	"kijun/internal/kijun"
	"kijun/internal/sheets"
	"kijun/internal/store"
)

const assetsUsage = `Usage: kijun assets COMMAND [flags]

The register of information assets (chapter 4) / 情報資産台帳:
  import [--dry-run] FILE        import .xlsx or CSV (UTF-8 or Shift_JIS), all or nothing;
                                 --dry-run shows what would change and writes nothing
  export [--format F] -o FILE    write the register: xlsx (default), csv or csv-sjis
  template -o FILE               write the .xlsx template

Every command also takes --db (env KIJUN_DB).`

func runAssets(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(e.stdout, assetsUsage)
		return nil
	}
	sub, args := args[0], args[1:]
	fs := newFlags(e, "assets "+sub, assetsUsage)
	var d dbFlags
	d.register(fs, e)
	dryRun := fs.Bool("dry-run", false, "show what would change; write nothing / 確認のみ")
	out := fs.String("o", "", "the file to write / 出力先")
	format := fs.String("format", sheets.XLSX, "export format: xlsx, csv or csv-sjis / 形式")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	write := func(fn func(*bytes.Buffer) error) error {
		if *out == "" {
			return kijun.Errorf(kijun.EINVALID, "assets %s needs -o FILE", sub)
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
		return write(func(b *bytes.Buffer) error { return assetsheet.WriteTemplate(b) })
	case "export":
		db, err := d.openReady(ctx, e, false)
		if err != nil {
			return err
		}
		defer db.Close()
		return write(func(b *bytes.Buffer) error { return assetsheet.Export(ctx, db, store.AssetFilter{}, *format, b) })
	case "import":
		if len(rest) != 1 {
			return kijun.Errorf(kijun.EINVALID, "assets import needs one FILE")
		}
		data, err := os.ReadFile(rest[0])
		if err != nil {
			return kijun.Wrap(kijun.EINVALID, err, "cannot read %s", rest[0])
		}
		db, err := d.openReady(ctx, e, true)
		if err != nil {
			return err
		}
		defer db.Close()
		plan, err := assetsheet.Import(ctx, db, filepath.Base(rest[0]), data, *dryRun, nil)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, plan.Describe())
		return nil
	}
	return kijun.Errorf(kijun.EINVALID, "unknown assets command %q (import, export, template)", sub)
}
