package appointments

import (
	"context"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/sheets"
	"kijun/internal/store"
)

// The columns of a workbook of appointments, as `kijun org roles export`
// writes them; 番号, 役割, 条項 and 氏名 are read over, so an export can be
// edited and imported.
const (
	ColRole        = "役割コード"
	ColTarget      = "対象"
	ColStaff       = "職員番号"
	ColFrom        = "開始日"
	ColTo          = "終了日"
	ColUnavoidable = "兼務の理由"
	ColNote        = "備考"
	// What names the file in messages.
	What = "役割の任命ファイル"
	// MaxSize is the largest file read.
	MaxSize = 4 << 20
)

var columns = []sheets.Column{
	{Heading: ColRole, Required: true}, {Heading: ColTarget}, {Heading: ColStaff, Required: true},
	{Heading: ColFrom, Required: true}, {Heading: ColTo}, {Heading: ColUnavoidable}, {Heading: ColNote},
}

var limits = sheets.LimitsFor(MaxSize, 20_000)

// Read reads the appointments of a workbook or CSV (UTF-8 or Shift_JIS),
// every cell checked; a file with any cell wrong is refused whole, each
// problem named by row and column.
func Read(name string, data []byte) ([]store.AppointmentRow, []string, error) {
	var rows []store.AppointmentRow
	var unavoidable []string
	_, err := sheets.ReadRegister(name, data, "役割", What, limits, columns, func(c sheets.Cells) {
		a := organisation.RoleAssignment{Role: organisation.Role(c.Get(ColRole)), StaffNo: c.Get(ColStaff), Note: c.Get(ColNote)}
		spec, err := a.Role.Spec()
		if err != nil {
			c.Bad(ColRole, "役割コード %q はありません（%s）", c.Get(ColRole), roleCodes())
			return
		}
		target := c.Get(ColTarget)
		switch spec.ScopeKind {
		case organisation.ScopeCity:
			a.Scope = organisation.City()
			if target != "" && target != "city" {
				c.Bad(ColTarget, "%sは全庁の役割です。対象は空欄にしてください", spec.Label)
			}
		case organisation.ScopeUnit:
			a.Scope = organisation.UnitScope(strings.TrimPrefix(target, "unit:"))
		case organisation.ScopeSystem:
			a.Scope = organisation.SystemScope(strings.TrimPrefix(target, "system:"))
		}
		if spec.ScopeKind != organisation.ScopeCity && a.Scope.ID == "" {
			c.Bad(ColTarget, "%sには対象（組織コード又は情報システムID）を書いてください", spec.Label)
		}
		if a.StaffNo == "" {
			c.Bad(ColStaff, "職員番号を書いてください")
		}
		if a.From, err = sheets.Date(c.Get(ColFrom)); err != nil {
			c.Bad(ColFrom, "開始日 %q は YYYY-MM-DD の日付にしてください", c.Get(ColFrom))
		}
		if v := c.Get(ColTo); v != "" {
			if a.To, err = sheets.Date(v); err != nil {
				c.Bad(ColTo, "終了日 %q は YYYY-MM-DD の日付にしてください（期限のない任命は空欄）", v)
			}
		}
		rows = append(rows, store.AppointmentRow{Sheet: c.Sheet, Line: c.Line, RoleAssignment: a})
		unavoidable = append(unavoidable, c.Get(ColUnavoidable))
	})
	if err != nil {
		return nil, nil, err
	}
	if len(rows) == 0 {
		ie := &kijun.ImportError{What: What}
		ie.Add("", 2, "", "取り込む行がありません")
		return nil, nil, ie.AsError()
	}
	return rows, unavoidable, nil
}

func roleCodes() string {
	var codes []string
	for _, s := range organisation.RoleSpecs() {
		codes = append(codes, string(s.Role))
	}
	return strings.Join(codes, "・")
}

// Import makes every appointment of a workbook, all or none, through the
// same gate and checks as Appoint; each row is checked against the roles
// the person holds, those the rows before it give included.
func (s *Service) Import(ctx context.Context, by Appointer, name string, data []byte, dryRun bool) ([]organisation.Verdict, error) {
	if err := by.check(); err != nil {
		return nil, err
	}
	rows, unavoidable, err := Read(name, data)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		a, reason := rows[i].RoleAssignment, unavoidable[i]
		rows[i].Check = func(held []organisation.Held) (organisation.Verdict, error) {
			return organisation.CheckAppointment(a, held, s.clashes, reason)
		}
	}
	return s.db.AppointAll(ctx, What, rows, dryRun)
}

// WriteTemplate writes the workbook of appointments to fill in, with an
// example row.
func WriteTemplate(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "役割"); err != nil {
		return err
	}
	heads := []any{ColRole, ColTarget, ColStaff, ColFrom, ColTo, ColUnavoidable, ColNote}
	if err := f.SetSheetRow("役割", "A1", &heads); err != nil {
		return err
	}
	example := []any{"security_manager", "", "000005", "2026-04-01", "", "", "情報政策課長（3.1.3）"}
	if err := f.SetSheetRow("役割", "A2", &example); err != nil {
		return err
	}
	_, err := f.WriteTo(w)
	return err
}
