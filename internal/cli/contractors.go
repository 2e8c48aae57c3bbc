package cli

import (
	"context"
	"io"

	"kijun/internal/contractorsheet"
	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/sheets"
	"kijun/internal/store"
)

// contractorsUsage is the usage of `kijun contractors`: one workbook of
// seven sheets, so .xlsx only.
const contractorsUsage = `Usage: kijun contractors COMMAND [flags]

The register of contractors, contracts, 再委託 and their staff (10.1, 8.3.9) / 委託事業者の台帳:
one workbook with the sheets 事業者, 契約, 再委託, 従事者, 確認・措置 (10.1.3), 返却・廃棄 (10.1.2ア(8)) and 外部サービス (10.2).
  import [--dry-run] [--as STAFF_NO] FILE
                                 import the .xlsx, all or nothing; --dry-run shows what
                                 would change and writes nothing; --as imports as that
                                 person, with the 課 they keep
  export -o FILE                 write the register as .xlsx
  template -o FILE               write the .xlsx template

Every command also takes --db (env KIJUN_DB).`

// 10.1, 8.3.9: the register of contractors as one workbook.
func runContractors(ctx context.Context, e *env, args []string) error {
	return runSheet(ctx, e, registerSheet{
		name:     "contractors",
		usage:    contractorsUsage,
		template: contractorsheet.WriteTemplate,
		export: func(ctx context.Context, db *store.DB, format string, w io.Writer) error {
			if format != sheets.XLSX {
				return kijun.Errorf(kijun.EINVALID, "委託事業者の台帳は 4 枚のシートの .xlsx で書き出します（--format %s は使えません）", format)
			}
			return contractorsheet.Export(ctx, db, nil, w)
		},
		imp: func(ctx context.Context, db *store.DB, ed *registers.Editor, name string, data []byte, dryRun bool) (*store.ImportPlan, error) {
			return registers.New(db).Contractors.Import(ctx, ed, name, data, dryRun)
		},
	}, args)
}
