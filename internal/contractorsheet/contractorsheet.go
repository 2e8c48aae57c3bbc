// Package contractorsheet reads and writes chapter 10's register as one
// workbook (.xlsx) of seven sheets, 事業者, 契約, 再委託, 従事者,
// 確認・措置 (10.1.3), 返却・廃棄 (10.1.2ア(8)) and 外部サービス (10.2), with
// Japanese headings: the template, the export and the import, which reads
// back what the export wrote. An import goes through the store's one
// service per record (store.DB.ImportContractors), all or nothing.
package contractorsheet

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"kijun/internal/contractors"
	"kijun/internal/kijun"
	"kijun/internal/sheets"
	"kijun/internal/store"
)

// The sheets of the workbook, in the order they are read.
const (
	SheetContractors = "事業者"
	SheetContracts   = "契約"
	SheetLinks       = "再委託"
	SheetStaff       = "従事者"
	SheetChecks      = "確認・措置"
	SheetReturns     = "返却・廃棄"
	SheetServices    = "外部サービス"
)

// SheetNames lists the sheets in order.
func SheetNames() [store.BookSheets]string {
	return [store.BookSheets]string{SheetContractors, SheetContracts, SheetLinks, SheetStaff, SheetChecks, SheetReturns, SheetServices}
}

// MaxSize is the largest workbook read.
const MaxSize = 32 << 20

// limits bound a read: a city has a few thousand contracts and some ten
// thousand staff.
var limits = sheets.LimitsFor(MaxSize, 200_000)

func contractorColumns() []sheets.Column {
	cols := []sheets.Column{
		{Heading: "事業者ID", Field: contractors.FieldID, Required: true},
		{Heading: "名称", Field: contractors.FieldName, Required: true},
		{Heading: "法人番号", Field: contractors.FieldCorporateNo},
		{Heading: "所在地", Field: contractors.FieldAddress},
		{Heading: "連絡先", Field: contractors.FieldContact},
	}
	for _, k := range contractors.CertKinds() {
		cols = append(cols, sheets.Column{Heading: certHeading(k) + "登録番号", Field: contractors.FieldCerts},
			sheets.Column{Heading: certHeading(k) + "有効期限", Field: contractors.FieldCerts})
	}
	return append(cols,
		sheets.Column{Heading: "選定確認日", Field: contractors.FieldCheckedOn},
		sheets.Column{Heading: "選定確認者", Field: contractors.FieldCheckedBy},
		sheets.Column{Heading: "確認した事項", Field: contractors.FieldWhat},
		sheets.Column{Heading: "根拠資料", Field: contractors.FieldEvidence})
}

func certHeading(k contractors.CertKind) string {
	switch k {
	case contractors.CertISMS:
		return "ISMS"
	case contractors.CertPMark:
		return "Pマーク"
	}
	return "ISMAP"
}

// checkMonths heads the 契約 sheet's column of the interval of the
// contractor's periodic checks (10.1.3), in months; left empty, the
// interval is left as it is.
const checkMonths = "確認の間隔（月）"

func contractColumns() []sheets.Column {
	cols := []sheets.Column{
		{Heading: "契約番号", Field: contractors.FieldID, Required: true},
		{Heading: "件名", Field: contractors.FieldName, Required: true},
		{Heading: "所管課コード", Field: contractors.FieldUnit, Required: true},
		{Heading: "事業者ID", Field: contractors.FieldContractor, Required: true},
		{Heading: "開始日", Field: contractors.FieldFrom, Required: true},
		{Heading: "終了日", Field: contractors.FieldTo, Required: true},
		{Heading: "状態", Field: contractors.FieldState, Required: true},
		{Heading: "特定個人情報", Field: "my_number"},
		{Heading: "委託する情報システム", Field: contractors.FieldSystems},
		{Heading: "委託する情報資産", Field: contractors.FieldAssets},
		{Heading: "例外措置の申請番号", Field: contractors.FieldException},
		{Heading: checkMonths, Field: contractors.FieldCheckMonths},
	}
	for _, cl := range contractors.Clauses() {
		cols = append(cols, sheets.Column{Heading: cl.Number() + "の条項", Field: contractors.FieldArticle(cl.Key)})
	}
	return cols
}

func linkColumns() []sheets.Column {
	return []sheets.Column{
		{Heading: "再委託番号", Field: contractors.FieldID, Required: true},
		{Heading: "契約番号", Field: contractors.FieldContract, Required: true},
		{Heading: "委託元", Field: contractors.FieldGiver, Required: true},
		{Heading: "委託先", Field: contractors.FieldReceiver, Required: true},
		{Heading: "業務の範囲", Field: contractors.FieldPart, Required: true},
		{Heading: "状態", Field: contractors.FieldState, Required: true},
		{Heading: "承認の申請番号", Field: contractors.FieldPermit},
	}
}

func staffColumns() []sheets.Column {
	return []sheets.Column{
		{Heading: "従事者番号", Field: contractors.FieldID, Required: true},
		{Heading: "契約番号", Field: contractors.FieldContract, Required: true},
		{Heading: "氏名", Field: contractors.FieldName, Required: true},
		{Heading: "所属", Field: contractors.FieldAffiliation, Required: true},
		{Heading: "作業場所", Field: contractors.FieldWorkplace, Required: true},
		{Heading: "研修日", Field: contractors.FieldTrainedOn},
		{Heading: "開始日", Field: contractors.FieldFrom, Required: true},
		{Heading: "終了日", Field: contractors.FieldTo, Required: true},
		{Heading: "身分確認", Field: contractors.FieldChecks},
	}
}

func columns() [store.BookSheets][]sheets.Column {
	return [store.BookSheets][]sheets.Column{contractorColumns(), contractColumns(), linkColumns(), staffColumns(),
		checkColumns(), returnColumns(), serviceColumns()}
}

// Read reads a workbook of the register. Each sheet is read when the
// workbook has it; a sheet left out imports nothing. Every cell that
// cannot be read as its column's type is reported at once, in an EINVALID
// error wrapping a *kijun.ImportError.
func Read(name string, data []byte) (store.ContractorBook, error) {
	var b store.ContractorBook
	if strings.ToLower(filepath.Ext(name)) != ".xlsx" {
		return b, kijun.Errorf(kijun.EINVALID, "委託事業者の台帳は、シート「事業者」「契約」「再委託」「従事者」「確認・措置」「返却・廃棄」「外部サービス」のある Excel ファイル（.xlsx）で取り込んでください（%s）", filepath.Base(name))
	}
	ie := &kijun.ImportError{What: "委託事業者の台帳"}
	cols := columns()
	names := SheetNames()
	found := 0
	for i, sheet := range names {
		b.Sheets[i], b.Headings[i] = sheet, sheets.HeadingOf(cols[i])
		t, err := sheets.Open(name, data, sheet, limits)
		if err != nil {
			return b, err
		}
		has := t.Sheet == sheet
		t.Close()
		if !has {
			continue
		}
		found++
		_, err = sheets.ReadRegister(name, data, sheet, "委託事業者の台帳", limits, cols[i], func(c sheets.Cells) {
			switch i {
			case 0:
				b.Contractors = append(b.Contractors, store.BookRow[contractors.Contractor]{Line: c.Line, Item: readContractor(c)})
			case 1:
				k := readContract(c)
				b.Contracts = append(b.Contracts, store.BookRow[contractors.Contract]{Line: c.Line, Item: k})
				if c.Get(checkMonths) != "" {
					b.Plans = append(b.Plans, store.BookRow[store.CheckPlan]{Line: c.Line, Item: store.CheckPlan{Contract: k.ID, Months: monthsOf(c)}})
				}
			case 2:
				b.Links = append(b.Links, store.BookRow[contractors.Link]{Line: c.Line, Item: readLink(c)})
			case 3:
				b.Staff = append(b.Staff, store.BookRow[contractors.Staff]{Line: c.Line, Item: readStaff(c)})
			case 4:
				b.Checks = append(b.Checks, store.BookRow[contractors.SecurityCheck]{Line: c.Line, Item: readCheck(c)})
			case 5:
				b.Returns = append(b.Returns, store.BookRow[contractors.Return]{Line: c.Line, Item: readReturn(c)})
			case 6:
				b.Services = append(b.Services, store.BookRow[contractors.ExternalService]{Line: c.Line, Item: readService(c)})
			}
		})
		var more *kijun.ImportError
		switch {
		case errors.As(err, &more):
			ie.Merge(more)
		case err != nil:
			return b, err
		}
	}
	if found == 0 {
		ie.Add(names[0], 1, "", "シート「事業者」「契約」「再委託」「従事者」「確認・措置」「返却・廃棄」「外部サービス」のどれもありません（テンプレートを使ってください）")
	}
	return b, ie.AsError()
}

// date reads an optional date cell.
func date(c sheets.Cells, h string) time.Time {
	v := c.Get(h)
	if v == "" {
		return time.Time{}
	}
	d, err := sheets.Date(v)
	if err != nil {
		c.Bad(h, "%s %q は日付（2026-04-01）で書いてください", h, v)
	}
	return d
}

// number reads an optional request number.
func number(c sheets.Cells, h string) int64 {
	v := strings.TrimSuffix(c.Get(h), ".0")
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		c.Bad(h, "%s %q は申請番号（数字）で書いてください", h, v)
	}
	return n
}

// monthsOf reads the interval of a contract's checks (10.1.3), in whole
// months; its range is the store's to judge, as the form's is.
func monthsOf(c sheets.Cells) int {
	v := strings.TrimSuffix(c.Get(checkMonths), ".0")
	n, err := strconv.Atoi(v)
	if err != nil {
		c.Bad(checkMonths, "%s %q は月数（1〜%d の数字）で書いてください", checkMonths, v, contractors.MaxCheckMonths)
	}
	return n
}

// list reads IDs separated by commas, 、 or spaces.
func list(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune(",、， \u3000;；", r) })
}

func readContractor(c sheets.Cells) contractors.Contractor {
	k := contractors.Contractor{ID: c.Get("事業者ID"), Name: c.Get("名称"), CorporateNo: c.Get("法人番号"), Address: c.Get("所在地"), Contact: c.Get("連絡先")}
	k.CorporateNo = strings.TrimSuffix(k.CorporateNo, ".0")
	for _, kind := range contractors.CertKinds() {
		num, exp := c.Get(certHeading(kind)+"登録番号"), date(c, certHeading(kind)+"有効期限")
		if num == "" && exp.IsZero() {
			continue
		}
		k.Certifications = append(k.Certifications, contractors.Certification{Kind: kind, Number: num, Expires: exp})
	}
	k.Selection = contractors.Selection{CheckedOn: date(c, "選定確認日"), CheckedBy: c.Get("選定確認者"), What: c.Get("確認した事項"), Evidence: c.Get("根拠資料")}
	return k
}

func readContract(c sheets.Cells) contractors.Contract {
	k := contractors.Contract{ID: c.Get("契約番号"), Name: c.Get("件名"), Unit: c.Get("所管課コード"), Contractor: c.Get("事業者ID"),
		From: date(c, "開始日"), To: date(c, "終了日"), MyNumber: c.Bool("特定個人情報"),
		Systems: list(c.Get("委託する情報システム")), Assets: list(c.Get("委託する情報資産")), Exception: number(c, "例外措置の申請番号"),
		Articles: map[string]string{}}
	st, ok := contractors.ParseState(c.Get("状態"))
	if !ok {
		c.Bad("状態", "状態 %q は 準備中・契約中・終了 のどれかで書いてください", c.Get("状態"))
	}
	k.State = st
	for _, cl := range contractors.Clauses() {
		if v := c.Get(cl.Number() + "の条項"); v != "" {
			k.Articles[cl.Key] = v
		}
	}
	return k
}

func readLink(c sheets.Cells) contractors.Link {
	l := contractors.Link{ID: c.Get("再委託番号"), Contract: c.Get("契約番号"), From: c.Get("委託元"), To: c.Get("委託先"),
		Part: c.Get("業務の範囲"), Permit: number(c, "承認の申請番号")}
	st, ok := contractors.ParseLinkState(c.Get("状態"))
	if !ok {
		c.Bad("状態", "状態 %q は 承認申請中・承認済・実施中・無承認（発覚）・終了 のどれかで書いてください", c.Get("状態"))
	}
	l.State = st
	return l
}

func readStaff(c sheets.Cells) contractors.Staff {
	s := contractors.Staff{ID: c.Get("従事者番号"), Contract: c.Get("契約番号"), Name: c.Get("氏名"), Affiliation: c.Get("所属"),
		Workplace: c.Get("作業場所"), TrainedOn: date(c, "研修日"), From: date(c, "開始日"), To: date(c, "終了日")}
	checks, err := ParseChecks(c.Get("身分確認"))
	if err != nil {
		c.Bad("身分確認", "%s", err)
	}
	s.Checks = checks
	return s
}

// ParseChecks reads identity checks written as FormatChecks writes them:
// 「2026-04-01 1004 社員証; 2026-10-01 1004 運転免許証」.
func ParseChecks(v string) ([]contractors.IdentityCheck, error) {
	var out []contractors.IdentityCheck
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == '；' || r == '\n' }) {
		f := strings.Fields(part)
		if len(f) < 3 {
			return nil, fmt.Errorf("身分確認 %q は「日付 確認者の職員番号 提示された証明書」を「;」で区切って書いてください", strings.TrimSpace(part))
		}
		d, err := sheets.Date(f[0])
		if err != nil {
			return nil, fmt.Errorf("身分確認の日付 %q は 2026-04-01 の形で書いてください", f[0])
		}
		out = append(out, contractors.IdentityCheck{On: d, Checker: f[1], Shown: strings.Join(f[2:], " ")})
	}
	return out, nil
}

// FormatChecks writes identity checks for a cell.
func FormatChecks(cs []contractors.IdentityCheck) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, c.On.Format(time.DateOnly)+" "+c.Checker+" "+c.Shown)
	}
	return strings.Join(parts, "; ")
}

// Import reads a workbook and imports it for g, all or nothing; the store
// asks g about every row's 課 before and after. Call it through package
// registers, which builds g.
func Import(ctx context.Context, db *store.DB, g store.Gate, name string, data []byte, dryRun bool) (*store.ImportPlan, error) {
	b, err := Read(name, data)
	var ie *kijun.ImportError
	switch {
	case errors.As(err, &ie):
		return nil, ie.AsError()
	case err != nil:
		return nil, err
	}
	return db.ImportContractors(ctx, g, b, dryRun)
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func permit(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

func rows(b store.ContractorBook) [store.BookSheets][][]any {
	var out [store.BookSheets][][]any
	for _, r := range b.Contractors {
		c := r.Item
		row := []any{c.ID, c.Name, c.CorporateNo, c.Address, c.Contact}
		for _, k := range contractors.CertKinds() {
			num, exp := "", ""
			for _, ct := range c.Certifications {
				if ct.Kind == k {
					num, exp = ct.Number, day(ct.Expires)
				}
			}
			row = append(row, num, exp)
		}
		s := c.Selection
		out[0] = append(out[0], append(row, day(s.CheckedOn), s.CheckedBy, s.What, s.Evidence))
	}
	months := map[string]any{} // empty when no interval is set
	for _, p := range b.Plans {
		months[p.Item.Contract] = p.Item.Months
	}
	for _, r := range b.Contracts {
		c := r.Item
		row := []any{c.ID, c.Name, c.Unit, c.Contractor, day(c.From), day(c.To), c.State.Label(), sheets.YesNo(c.MyNumber),
			strings.Join(c.Systems, ", "), strings.Join(c.Assets, ", "), permit(c.Exception), months[c.ID]}
		for _, cl := range contractors.Clauses() {
			row = append(row, c.Articles[cl.Key])
		}
		out[1] = append(out[1], row)
	}
	for _, r := range b.Links {
		l := r.Item
		out[2] = append(out[2], []any{l.ID, l.Contract, l.From, l.To, l.Part, l.State.Label(), permit(l.Permit)})
	}
	for _, r := range b.Staff {
		s := r.Item
		out[3] = append(out[3], []any{s.ID, s.Contract, s.Name, s.Affiliation, s.Workplace, day(s.TrainedOn), day(s.From), day(s.To), FormatChecks(s.Checks)})
	}
	extraRows(b, &out)
	return out
}

// write writes the sheets of b as a workbook to w.
func write(w io.Writer, b store.ContractorBook) error {
	f := excelize.NewFile()
	defer f.Close()
	all := rows(b)
	for i, name := range SheetNames() {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return fmt.Errorf("name sheet %s: %w", name, err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("add sheet %s: %w", name, err)
		}
		var cols []sheets.TableColumn
		for _, c := range columns()[i] {
			cols = append(cols, sheets.TableColumn{Header: c.Heading, Width: float64(max(12, 2*len([]rune(c.Heading))+2))})
		}
		if err := sheets.WriteTable(f, name, cols, all[i]); err != nil {
			return err
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

// Export writes the register as a workbook, in the template's columns,
// so that an export imports back unchanged: every contractor, and the
// contracts of units (nil: every 課) with their links and staff.
func Export(ctx context.Context, db *store.DB, units []string, w io.Writer) error {
	b, err := db.ContractorRegister(ctx, units)
	if err != nil {
		return err
	}
	return write(w, b)
}

// WriteTemplate writes the sheets' headings with an example row each: a
// contractor, its contract stating every item of 10.1.2ア, a 再委託, a
// staff member checked before work, a periodic check, a disposal and an
// external service.
func WriteTemplate(w io.Writer) error {
	from := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	arts := map[string]string{}
	for i, cl := range contractors.Clauses() {
		if cl.Obligatory {
			arts[cl.Key] = "第" + strconv.Itoa(i+3) + "条"
		}
	}
	var b store.ContractorBook
	b.Contractors = append(b.Contractors, store.BookRow[contractors.Contractor]{Item: contractors.Contractor{ID: "minato-sys", Name: "みなとシステム株式会社",
		CorporateNo: "7000012050002", Address: "みなと市中央区1-1", Contact: "営業部 078-000-0000",
		Certifications: []contractors.Certification{{Kind: contractors.CertISMS, Number: "IS 000000", Expires: from.AddDate(2, 0, -1)}},
		Selection:      contractors.Selection{CheckedOn: from.AddDate(0, -1, 0), CheckedBy: "100001", What: "ISMS認証と管理体制を確認", Evidence: "認証書の写し"}}})
	b.Contractors = append(b.Contractors, store.BookRow[contractors.Contractor]{Item: contractors.Contractor{ID: "kobe-data", Name: "株式会社こうべデータ入力",
		Certifications: []contractors.Certification{{Kind: contractors.CertPMark, Number: "10000000(01)", Expires: from.AddDate(1, 6, 0)}}}})
	b.Contracts = append(b.Contracts, store.BookRow[contractors.Contract]{Item: contractors.Contract{ID: "K2026-001", Name: "住民記録システム運用保守",
		Unit: "10101", Contractor: "minato-sys", From: from, To: from.AddDate(1, 0, -1), State: contractors.StateActive, MyNumber: true,
		Systems: []string{"juki"}, Articles: arts}})
	b.Links = append(b.Links, store.BookRow[contractors.Link]{Item: contractors.Link{ID: "S2026-001", Contract: "K2026-001", From: "minato-sys",
		To: "kobe-data", Part: "帳票のデータ入力", State: contractors.LinkRequested}})
	b.Staff = append(b.Staff, store.BookRow[contractors.Staff]{Item: contractors.Staff{ID: "W2026-001", Contract: "K2026-001", Name: "委託 花子",
		Affiliation: "minato-sys", Workplace: "本庁舎3階 情報システム室", TrainedOn: from, From: from, To: from.AddDate(1, 0, -1),
		Checks: []contractors.IdentityCheck{{On: from, Checker: "100001", Shown: "社員証"}}}})
	templateExtras(&b, from)
	return write(w, b)
}
