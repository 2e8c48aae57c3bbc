package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"kijun/internal/catalog"
	"kijun/internal/catalog/align"
	"kijun/internal/catalog/convert"
	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/store"
)

const convertUsage = `Usage: kijun catalog convert FILE [-o city.yaml] [flags]

Reads a standard as published in a 例規集 (plain text or a saved HTML page,
UTF-8 or Shift_JIS; numbered headings or 第N条 articles) and writes Kijun's
catalog YAML with proposed annotations. The report of lines that are not
text of a provision (title, 目次, 附則, lines it could not place) goes to
standard error. / 例規集の対策基準を規定集の YAML に変換する`

// runCatalogConvert converts a city's standard; it needs no database.
func runCatalogConvert(e *env, args []string) error {
	fs := newFlags(e, "catalog convert", convertUsage)
	out := fs.String("o", "", "write the catalog to this file instead of standard output / 出力先")
	key := fs.String("key", "", "the catalog's key, such as asahi-kijun (default city-kijun) / 識別子")
	edition := fs.String("edition", "", "the edition (default: from the revision history, else 1.0) / 版")
	roles := fs.String("roles", "", "YAML file of the city's role names by role, extending Kijun's / 役職名の対応表")
	repairs := fs.String("repairs", "", "Markdown table of repairs of the text (rows of 置換) / 本文の修正表")
	all := fs.Bool("report", false, "list every line of the report, not only those to check / 報告をすべて表示")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return kijun.Errorf(kijun.EINVALID, "catalog convert needs one FILE")
	}
	file := rest[0]
	data, err := readFileMax(file, convert.MaxText)
	if err != nil {
		return err
	}
	opt := convert.Options{Key: *key, Edition: *edition, Source: filepath.Base(file), Roles: convert.DefaultRoles()}
	if *roles != "" {
		b, err := readFileMax(*roles, 1<<20)
		if err != nil {
			return err
		}
		if err := opt.Roles.ReadRoles(*roles, b); err != nil {
			return kijun.Wrap(kijun.EINVALID, err, "%v", err)
		}
	}
	if *repairs != "" {
		b, err := readFileMax(*repairs, 1<<20)
		if err != nil {
			return err
		}
		opt.Repairs = convert.ReadRepairs(b)
	}
	c, rep, err := convert.Convert(data, opt)
	if err != nil {
		var ce *convert.Error
		if errors.As(err, &ce) {
			return kijun.Errorf(kijun.EINVALID, "%s:%d: %s (nothing was converted)", file, ce.Line, ce.Reason)
		}
		return kijun.Wrap(kijun.EINVALID, err, "%s: %v (nothing was converted)", file, err)
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# %s 第%s版, converted by kijun catalog convert from %s. Annotations are proposals to review.\n", c.Title, c.Edition, filepath.Base(file))
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return fmt.Errorf("encode yaml: %w", err)
	}
	if _, err := catalog.Parse(file, buf.Bytes()); err != nil {
		return fmt.Errorf("converted catalog does not read back: %w", err)
	}
	if *out == "" {
		if _, err := e.stdout.Write(buf.Bytes()); err != nil {
			return err
		}
	} else if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "cannot write %s", *out)
	}
	writeConvertReport(e.stderr, file, c, rep, *all)
	return nil
}

func writeConvertReport(w io.Writer, file string, c *catalog.Catalog, rep *convert.Report, all bool) {
	shape := map[string]string{"numbered": "番号付き見出し (numbered headings)", "articles": "条文 (articles)"}[rep.Shape]
	fmt.Fprintf(w, "%s: %s, %d provisions as %s@%s\n", file, shape, len(c.Provisions), c.Key, c.Edition)
	fmt.Fprintf(w, "  lines read as metadata %d, table of contents %d, 附則 %d; repairs applied %d\n",
		rep.Count(convert.UseMetadata), rep.Count(convert.UseTOC), rep.Count(convert.UseSupplement), rep.Count(convert.UseRepair))
	notes := rep.Doubtful()
	if all {
		notes = rep.Notes
	}
	if d := len(rep.Doubtful()); d > 0 {
		fmt.Fprintf(w, "  %d to check / 確認が必要:\n", d)
	}
	for _, n := range notes {
		where := ""
		if n.Line > 0 {
			where = fmt.Sprintf("%s:%d: ", file, n.Line)
		}
		if n.ID != "" {
			where += n.ID + ": "
		}
		fmt.Fprintf(w, "  %s[%s] %s — %s\n", where, n.Use, n.Text, n.Reason)
	}
}

// alignCatalog proposes the alignment of a city's catalog (a YAML file or
// a loaded key@edition) with the reference, prints it most doubtful first
// with the reference's gaps, and with save stores the proposals for the
// review page, loading the city's catalog first when it is a file.
func (c *catalogCmd) alignCatalog(ctx context.Context, to string, save bool, out string) error {
	if len(c.args) != 1 {
		return kijun.Errorf(kijun.EINVALID, "catalog align needs the city's catalog: a YAML file or key@edition")
	}
	var city *catalog.Catalog
	fromFile := false
	if data, err := os.ReadFile(c.args[0]); err == nil {
		if city, err = catalog.Parse(c.args[0], data); err != nil {
			return c.printProblems(c.args[0], err)
		}
		fromFile = true
	} else {
		key, edition, err := store.ParseCatalogRef(c.args[0])
		if err != nil {
			return err
		}
		if city, err = c.db.Catalog(ctx, key, edition); err != nil {
			return err
		}
	}
	if to == "" {
		to = "kobe-kijun@5.5"
	}
	key, edition, err := store.ParseCatalogRef(to)
	if err != nil {
		return err
	}
	ref, err := c.db.Catalog(ctx, key, edition)
	if err != nil {
		return err
	}
	if city.Key == ref.Key {
		return kijun.Errorf(kijun.EINVALID, "the city's catalog and the reference are both %s", city.Key)
	}
	props := align.Align(city, ref, align.Options{Normalize: convert.DefaultRoles().Canonical})
	var targets []string
	err = writeOutput(c.e.stdout, out, func(w io.Writer) error {
		sorted := append([]align.Proposal(nil), props...)
		sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Doubt > sorted[j].Doubt })
		fmt.Fprintln(w, "doubt\tprovision\tproposed (score, relationship)")
		for _, p := range sorted {
			var cs []string
			for _, cand := range p.Candidates {
				cs = append(cs, fmt.Sprintf("%s (%.2f, %s)", cand.To, cand.Score, cand.Relationship))
			}
			if len(p.Candidates) > 0 {
				targets = append(targets, p.Candidates[0].To)
			}
			if len(cs) == 0 {
				cs = []string{"— (the city's own / 独自の規定)"}
			}
			fmt.Fprintf(w, "%.2f\t%s\t%s\n", p.Doubt, p.From, strings.Join(cs, "; "))
		}
		gaps := align.Gaps(ref, targets)
		fmt.Fprintf(w, "# %d provisions of %s@%s aligned with %s; %d provisions of the reference covered by no proposal (gaps / 不足): %s\n",
			len(props), city.Key, city.Edition, to, len(gaps), strings.Join(gaps, " "))
		return nil
	})
	if err != nil {
		return err
	}
	if !save {
		return nil
	}
	if fromFile {
		if _, _, err := c.db.LoadCatalog(ctx, city, "kijun"); err != nil {
			return err
		}
	}
	if err := c.db.SaveAlignmentProposals(ctx, registers.Console(), city.Key, city.Edition, ref.Key, ref.Edition, props); err != nil {
		return err
	}
	fmt.Fprintf(c.e.stdout, "saved for review: /catalog/%s/%s/align/%s\n", city.Key, city.Edition, ref.Key)
	return nil
}
