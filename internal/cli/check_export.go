package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"kijun/internal/compliance/monitor"
	"kijun/internal/compliance/report"
	"kijun/internal/kijun"
	"kijun/internal/store"
)

const checkExportUsage = `Usage: kijun check export --format xlsx|oscal -o FILE [--all]

Write the findings of the checks (9.2.1) / 指摘事項を書き出す:
  --format xlsx    a workbook: 指摘事項, and 集計 by chapter and severity (default)
  --format oscal   an OSCAL 1.1.2 assessment-results document (JSON)
  -o FILE          the file to write
  --all            include the closed findings / 解消済みの指摘も含める

Every command also takes --db (env KIJUN_DB).`

// Export formats of kijun check export.
const (
	exportXLSX  = "xlsx"
	exportOSCAL = "oscal"
)

func runCheckExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "check export", checkExportUsage)
	var d dbFlags
	d.register(fs, e)
	format := fs.String("format", exportXLSX, "xlsx or oscal / 形式")
	out := fs.String("o", "", "the file to write / 出力先")
	all := fs.Bool("all", false, "include closed findings / 解消済みも含める")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) > 0:
		return kijun.Errorf(kijun.EINVALID, "check export takes no arguments, got %q", rest)
	case *out == "":
		return kijun.Errorf(kijun.EINVALID, "check export needs -o FILE")
	case *format != exportXLSX && *format != exportOSCAL:
		return kijun.Errorf(kijun.EINVALID, "形式 %q は xlsx・oscal のいずれかにしてください（--format xlsx or oscal）", *format)
	}
	db, err := d.openReady(ctx, e, false)
	if err != nil {
		return err
	}
	defer db.Close()
	findings, err := exportFindings(ctx, db, *all)
	if err != nil {
		return err
	}
	if err := db.FillResponsible(ctx, findings); err != nil {
		return err
	}
	meta, err := monitor.New(db).ReportMeta(ctx)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if *format == exportOSCAL {
		err = report.WriteOSCAL(&b, findings, meta)
	} else {
		err = report.WriteXLSX(&b, findings, meta)
	}
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "cannot write %s", *out)
	}
	fmt.Fprintf(e.stdout, "%d findings written to %s / 指摘 %d 件を書き出しました\n", len(findings), *out, len(findings))
	return nil
}

// exportFindings reads the open findings, most serious first, and with all
// the closed ones after them.
func exportFindings(ctx context.Context, db *store.DB, all bool) ([]store.StoredFinding, error) {
	var out []store.StoredFinding
	keep := func(f store.StoredFinding) error {
		out = append(out, f)
		return nil
	}
	if err := db.EachFinding(ctx, store.FindingFilter{}, keep); err != nil {
		return nil, err
	}
	if all {
		if err := db.EachFinding(ctx, store.FindingFilter{Closed: true}, keep); err != nil {
			return nil, err
		}
	}
	return out, nil
}
