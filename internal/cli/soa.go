package cli

import (
	"context"
	"fmt"
	"io"

	"kijun/internal/catalog"
	"kijun/internal/compliance/monitor"
	"kijun/internal/kijun"
	"kijun/internal/permits"
	"kijun/internal/soa"
	"kijun/internal/store"
	"kijun/internal/web"
)

const soaUsage = `Usage: kijun soa [--format text|xlsx|oscal] [-o FILE] [--base URL]

The statement of applicability / 適用宣言: for each provision of the standard
in force, what Kijun runs that supports it (compliance rules, permit types,
ledger records, the server's periodic jobs, pages, self-check questions),
computed from what the code declares. text (the default) prints the chapter
table and every provision; xlsx and oscal (an OSCAL 1.1.2 component
definition) need or take -o FILE. --base prefixes the links (the server's
public URL). Also takes --db (env KIJUN_DB).`

func runSoA(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "soa", soaUsage)
	var d dbFlags
	d.register(fs, e)
	format := fs.String("format", "text", "text, xlsx or oscal / 形式")
	out := fs.String("o", "", "write to this file instead of standard output / 出力先")
	base := fs.String("base", "", "prefix of the links, such as https://kijun.example.lg.jp / リンクの前置き")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return kijun.Errorf(kijun.EINVALID, "soa takes no arguments (kijun soa -h)")
	}
	switch *format {
	case "text", "xlsx", "oscal":
	default:
		return kijun.Errorf(kijun.EINVALID, "soa --format must be text, xlsx or oscal, not %q", *format)
	}
	if *format == "xlsx" && *out == "" {
		return kijun.Errorf(kijun.EINVALID, "soa --format xlsx needs -o FILE")
	}
	db, err := d.openReady(ctx, e, false)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := statement(ctx, e, db, nil)
	if err != nil {
		return err
	}
	return writeOutput(e.stdout, *out, func(w io.Writer) error {
		return writeSoA(w, st, *format, *base, db)
	})
}

func writeSoA(w io.Writer, st *soa.Statement, format, base string, db *store.DB) error {
	switch format {
	case "xlsx":
		return soa.WriteXLSX(w, st, base)
	case "oscal":
		c := st.Catalog
		return soa.WriteOSCAL(w, st, soa.OSCALMeta{Generated: db.Now(), Version: Version, Base: base,
			Source: base + "/catalog/" + c.Key + "/" + c.Edition + "/oscal.json"})
	}
	return soa.WriteText(w, st, base)
}

// statement computes the statement of applicability of cat (nil: the
// standard in force) as the server computes it, with the periodic jobs
// kijun serve runs.
func statement(ctx context.Context, e *env, db *store.DB, cat *catalog.Catalog) (*soa.Statement, error) {
	preg, err := permits.Default()
	if err != nil {
		return nil, err
	}
	jobs, err := jobSupports(e)
	if err != nil {
		return nil, err
	}
	st, err := web.Statement(ctx, db, monitor.New(db), preg, cat, jobs)
	if err != nil {
		return nil, fmt.Errorf("compute the statement of applicability: %w", err)
	}
	return st, nil
}
