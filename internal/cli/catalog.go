package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"kijun/internal/catalog"
	"kijun/internal/catalog/oscal"
	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/soa"
	"kijun/internal/store"
)

const catalogUsage = `Usage: kijun catalog COMMAND [flags]

The standard as data / 対策基準のデータ:
  list      [--catalog REF]                 one provision a line: ID, tab, title or first sentence
  show      [--catalog REF] ID              a provision with its items and annotations
  search    [--catalog KEY] WORDS...        find provisions containing every word (parts of words too)
  coverage  [--catalog REF]                 per chapter, how provisions are operationalised, and what is text only
  editions                                  the loaded standards and editions
  load      [--default] FILE                load a catalog in Kijun's YAML format (all or nothing)
  import    --format oscal [--key KEY] FILE load an OSCAL 1.1.x catalog (JSON)
  export    --format oscal|xlsx [--catalog REF] [-o FILE]
  diff      A B                             what changed between two editions, provision by provision;
                                            A and B are loaded catalogs (key@edition) or YAML files
            A B --carry [--to REF]          and carry the confirmed alignment of a city's standard from A to
                                            its next edition B where a provision's text is unchanged
  convert   FILE [-o city.yaml]             a city's own standard from its 例規集 text or HTML (kijun catalog convert -h)
  align     CITY [--to REF] [--save]        propose how a city's catalog (YAML file or key@edition) aligns with
                                            the reference (default kobe-kijun@5.5); --save keeps it for review

REF is key@edition, such as kobe-kijun@5.5; the default is the standard in force.
Every command also takes --db (env KIJUN_DB).`

func runCatalog(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(e.stdout, catalogUsage)
		return nil
	}
	sub, args := args[0], args[1:]
	if sub == "convert" {
		return runCatalogConvert(e, args)
	}
	fs := newFlags(e, "catalog "+sub, catalogUsage)
	var d dbFlags
	d.register(fs, e)
	ref := fs.String("catalog", "", "catalog as key@edition (search: a key); default: the standard in force / 対象の基準")
	format := fs.String("format", "", "oscal or xlsx / 形式")
	out := fs.String("o", "", "write to this file instead of standard output / 出力先")
	key := fs.String("key", "", "import: the key to give the catalog (default: its OSCAL uuid) / 識別子")
	makeDefault := fs.Bool("default", false, "load: make it the standard in force / 施行中の基準にする")
	alignTo := fs.String("to", "", "align: the reference as key@edition (default kobe-kijun@5.5) / 対応先の基準")
	save := fs.Bool("save", false, "align: keep the proposals for the review page / 確認のため保存")
	carry := fs.Bool("carry", false, "diff: carry the alignment to the next edition / 対応を次の版へ引継ぐ")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	db, err := d.openReady(ctx, e, false)
	if err != nil {
		return err
	}
	defer db.Close()
	c := &catalogCmd{e: e, db: db, ref: *ref, args: rest}
	switch sub {
	case "list":
		return c.list(ctx)
	case "show":
		return c.show(ctx)
	case "search":
		return c.search(ctx)
	case "coverage":
		return c.coverage(ctx)
	case "editions":
		return c.editions(ctx)
	case "load":
		return c.load(ctx, *makeDefault)
	case "import":
		return c.importOSCAL(ctx, *format, *key)
	case "export":
		return c.export(ctx, *format, *out)
	case "diff":
		return c.diff(ctx, *carry, *alignTo)
	case "align":
		return c.alignCatalog(ctx, *alignTo, *save, *out)
	}
	return kijun.Errorf(kijun.EINVALID, "unknown catalog command %q (kijun catalog -h lists them)", sub)
}

type catalogCmd struct {
	e    *env
	db   *store.DB
	ref  string
	args []string
}

// catalog returns the catalog named by --catalog, or the standard in force.
func (c *catalogCmd) catalog(ctx context.Context) (*catalog.Catalog, error) {
	ref := c.ref
	if ref == "" {
		info, err := c.db.DefaultCatalog(ctx)
		if err != nil {
			return nil, err
		}
		ref = info.Ref()
	}
	key, edition, err := store.ParseCatalogRef(ref)
	if err != nil {
		return nil, err
	}
	return c.db.Catalog(ctx, key, edition)
}

func (c *catalogCmd) list(ctx context.Context) error {
	cat, err := c.catalog(ctx)
	if err != nil {
		return err
	}
	for _, p := range cat.Provisions {
		fmt.Fprintf(c.e.stdout, "%s\t%s\n", p.ID, headline(p))
	}
	return nil
}

// headline is a provision's title, or else the first sentence of its text.
func headline(p catalog.Provision) string {
	if p.Title != "" {
		return p.Title
	}
	text, _, _ := strings.Cut(p.Text, "\n")
	if i := strings.Index(text, "。"); i >= 0 {
		return text[:i+len("。")]
	}
	return text
}

func (c *catalogCmd) show(ctx context.Context) error {
	if len(c.args) != 1 {
		return kijun.Errorf(kijun.EINVALID, "catalog show needs one provision ID, such as 8.2.6")
	}
	cat, err := c.catalog(ctx)
	if err != nil {
		return err
	}
	v, err := c.db.Provision(ctx, cat.Key, cat.Edition, c.args[0])
	if err != nil {
		return err
	}
	w := c.e.stdout
	p := v.Provision
	fmt.Fprintf(w, "%s %s\n", p.ID, p.Title)
	fmt.Fprintf(w, "  基準: %s 第%s版\n", cat.Title, cat.Edition)
	if len(v.Ancestors) > 0 {
		var path []string
		for _, a := range v.Ancestors {
			path = append(path, a.ID+" "+a.Title)
		}
		fmt.Fprintf(w, "  位置: %s\n", strings.Join(path, " > "))
	}
	if p.Text != "" {
		fmt.Fprintf(w, "\n%s\n", p.Text)
	}
	writeTable(w, p.Table)
	// The indent follows the tree, not the ID's dots: an imported catalog's
	// IDs (OSCAL's "ac-1_smt.a") need not be numbered like Kobe's.
	depth := map[string]int{p.ID: 0}
	for _, d := range v.Descendants {
		depth[d.ID] = depth[d.Parent] + 1
		indent := strings.Repeat("  ", depth[d.ID])
		fmt.Fprintf(w, "%s%s %s\n", indent, d.ID, strings.TrimSpace(d.Title+" "+d.Text))
		if summary := annotationSummary(&d); summary != "" {
			fmt.Fprintf(w, "%s    [%s]\n", indent, summary)
		}
	}
	fmt.Fprintln(w)
	writeAnnotations(w, &p)
	for _, m := range v.Mappings {
		dir := "→"
		if !m.Outgoing {
			dir = "←"
		}
		fmt.Fprintf(w, "  対応 %s %s %s (%s) %s\n", dir, m.Other, m.OtherPID, m.Relationship, m.Note)
	}
	return nil
}

// annotationSummary is one line of whom an item obliges and how Kijun
// operationalises it, such as 情報基盤管理者・業務システム管理者 / 点検.
func annotationSummary(p *catalog.Provision) string {
	var ops []string
	for _, op := range p.Operations {
		s := op.Kind.Label()
		if op.Frequency != "" {
			s += "（" + op.Frequency + "）"
		}
		ops = append(ops, s)
	}
	if len(p.Obliges) == 0 && len(ops) == 0 {
		return ""
	}
	return strings.Trim(catalog.JoinRoles(p.Obliges, "・")+" / "+strings.Join(ops, "・"), " /")
}

func writeTable(w io.Writer, t *catalog.Table) {
	if t == nil {
		return
	}
	fmt.Fprintln(w, "  | "+strings.Join(t.Columns, " | ")+" |")
	for _, r := range t.Rows {
		var cells []string
		for _, cell := range r.Cells {
			cells = append(cells, strings.TrimSpace(cell.Text+" "+strings.Join(cell.List, " ・")))
		}
		fmt.Fprintln(w, "  | "+strings.Join(cells, " | ")+" |")
	}
}

func writeAnnotations(w io.Writer, p *catalog.Provision) {
	if len(p.Obliges) > 0 {
		fmt.Fprintf(w, "  対象者: %s\n", catalog.JoinRoles(p.Obliges, "、"))
	}
	if p.Force != "" {
		fmt.Fprintf(w, "  規定の種類: %s\n", p.Force.Label())
	}
	for _, op := range p.Operations {
		fmt.Fprintln(w, "  運用: "+op.Describe())
	}
	if len(p.Refs) > 0 {
		fmt.Fprintf(w, "  参照: %s\n", strings.Join(p.Refs, " "))
	}
	impl := "（なし: 本文のみ）"
	if len(p.ImplementedBy) > 0 {
		impl = strings.Join(p.ImplementedBy, " ")
	}
	fmt.Fprintf(w, "  Kijun での実装: %s\n", impl)
}

func (c *catalogCmd) search(ctx context.Context) error {
	if len(c.args) == 0 {
		return kijun.Errorf(kijun.EINVALID, "catalog search needs words to look for")
	}
	hits, err := c.db.SearchProvisions(ctx, strings.Join(c.args, " "), c.ref, 200)
	if err != nil {
		return err
	}
	for _, h := range hits {
		fmt.Fprintf(c.e.stdout, "%s@%s\t%s\t%s\n", h.Key, h.Edition, h.Provision.ID, headline(h.Provision))
	}
	if len(hits) == 0 {
		fmt.Fprintln(c.e.stderr, "見つかりませんでした (no provision matches)")
	}
	return nil
}

func (c *catalogCmd) editions(ctx context.Context) error {
	infos, err := c.db.Catalogs(ctx)
	if err != nil {
		return err
	}
	def, _ := c.db.DefaultCatalog(ctx)
	tw := tabwriter.NewWriter(c.e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "REF\tTITLE\tPROVISIONS\tEFFECTIVE\tFORMAT\tIN FORCE")
	for _, i := range infos {
		inForce := ""
		if def != nil && def.ID == i.ID {
			inForce = "*"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", i.Ref(), i.Title, i.Provisions, i.Effective, i.Format, inForce)
	}
	return tw.Flush()
}

// coverage prints the chapter table of the statement of applicability
// (kijun soa prints every provision): counted from the same computation.
func (c *catalogCmd) coverage(ctx context.Context) error {
	cat, err := c.catalog(ctx)
	if err != nil {
		return err
	}
	st, err := statement(ctx, c.e, c.db, cat)
	if err != nil {
		return err
	}
	if err := soa.WriteCounts(c.e.stdout, st); err != nil {
		return err
	}
	fmt.Fprintf(c.e.stdout, "%d provisions are checked by rules on the registers / 台帳の点検ルールで確認する条項: %d\n", st.Total.ByKind[soa.Rule], st.Total.ByKind[soa.Rule])
	return nil
}

// printProblems writes each problem of a parse error on a line of its own
// and returns a one-line summary error.
func (c *catalogCmd) printProblems(file string, err error) error {
	var pe *catalog.ParseError
	var oe *oscal.Error
	n := 0
	switch {
	case errors.As(err, &pe):
		for _, p := range pe.Problems {
			fmt.Fprintln(c.e.stderr, p.String())
		}
		n = len(pe.Problems)
	case errors.As(err, &oe):
		fmt.Fprintln(c.e.stderr, oe.Error())
		n = len(oe.Problems)
	default:
		return err
	}
	return kijun.Errorf(kijun.EINVALID, "%s has %d problem(s), listed above; nothing was loaded", file, n)
}

func (c *catalogCmd) load(ctx context.Context, makeDefault bool) error {
	if len(c.args) != 1 {
		return kijun.Errorf(kijun.EINVALID, "catalog load needs one FILE")
	}
	data, err := os.ReadFile(c.args[0])
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "cannot read %s", c.args[0])
	}
	cat, err := catalog.Parse(c.args[0], data)
	if err != nil {
		return c.printProblems(c.args[0], err)
	}
	return c.store(ctx, cat, "kijun", makeDefault)
}

func (c *catalogCmd) store(ctx context.Context, cat *catalog.Catalog, format string, makeDefault bool) error {
	info, changed, err := c.db.LoadCatalog(ctx, cat, format)
	if err != nil {
		return err
	}
	if makeDefault {
		// 11.3, 4.4: the edition in force changes through the service the
		// page and the API use, with its ledger record, at the setting's
		// version read here (0 when none is set).
		now, err := c.db.InForce(ctx)
		if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
			return err
		}
		if _, err := c.db.SetInForce(ctx, registers.Console(), info.Key, info.Edition, now.Version); err != nil {
			return err
		}
	}
	state := "loaded"
	if !changed {
		state = "already loaded, unchanged"
	}
	fmt.Fprintf(c.e.stdout, "%s: %s (%s, %d provisions)\n", state, info.Ref(), info.Title, info.Provisions)
	return nil
}

func (c *catalogCmd) importOSCAL(ctx context.Context, format, key string) error {
	if format != "oscal" {
		return kijun.Errorf(kijun.EINVALID, "catalog import needs --format oscal")
	}
	if len(c.args) != 1 {
		return kijun.Errorf(kijun.EINVALID, "catalog import needs one FILE")
	}
	data, err := os.ReadFile(c.args[0])
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "cannot read %s", c.args[0])
	}
	cat, err := oscal.Import(c.args[0], data)
	if err != nil {
		return c.printProblems(c.args[0], err)
	}
	if key != "" {
		cat.Key = key
	}
	return c.store(ctx, cat, "oscal", false)
}

func (c *catalogCmd) export(ctx context.Context, format, out string) error {
	cat, err := c.catalog(ctx)
	if err != nil {
		return err
	}
	switch format {
	case "oscal":
		b, err := oscal.Export(cat)
		if err != nil {
			return err
		}
		return writeOutput(c.e.stdout, out, func(w io.Writer) error {
			_, err := w.Write(b)
			return err
		})
	case "xlsx":
		return writeOut("catalog export --format xlsx", out, func(w io.Writer) error {
			return catalog.WriteXLSX(w, cat)
		})
	}
	return kijun.Errorf(kijun.EINVALID, "catalog export needs --format oscal or --format xlsx")
}

func (c *catalogCmd) diff(ctx context.Context, carry bool, to string) error {
	if len(c.args) != 2 {
		return kijun.Errorf(kijun.EINVALID, "catalog diff needs two catalogs: key@edition or YAML files")
	}
	var cats [2]*catalog.Catalog
	for i, a := range c.args {
		if data, err := os.ReadFile(a); err == nil {
			if cats[i], err = catalog.Parse(a, data); err != nil {
				return c.printProblems(a, err)
			}
			continue
		}
		key, edition, err := store.ParseCatalogRef(a)
		if err != nil {
			return err
		}
		if cats[i], err = c.db.Catalog(ctx, key, edition); err != nil {
			return err
		}
	}
	changes := catalog.Diff(cats[0], cats[1])
	for _, ch := range changes {
		switch ch.Kind {
		case catalog.Added:
			fmt.Fprintf(c.e.stdout, "+ %s\t%s\n", ch.ID, headline(*ch.New))
		case catalog.Removed:
			fmt.Fprintf(c.e.stdout, "- %s\t%s\n", ch.ID, headline(*ch.Old))
		default:
			fmt.Fprintf(c.e.stdout, "~ %s\t%s (%s)\n", ch.ID, headline(*ch.New), strings.Join(ch.Fields, ", "))
		}
	}
	fmt.Fprintf(c.e.stdout, "%d change(s) from %s 第%s版 to %s 第%s版\n", len(changes), cats[0].Title, cats[0].Edition, cats[1].Title, cats[1].Edition)
	if carry {
		return c.carryAlignments(ctx, cats[0], cats[1], changes, to)
	}
	return nil
}
