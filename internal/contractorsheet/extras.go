package contractorsheet

import (
	"strconv"
	"strings"
	"time"

	"kijun/internal/contractors"
	"kijun/internal/sheets"
	"kijun/internal/store"
)

// The sheets of the periodic checks and what they called for (10.1.3),
// the returns and disposals at the end of the work (10.1.2ア(8)) and the
// 外部サービス (10.2).

func checkColumns() []sheets.Column {
	return []sheets.Column{
		{Heading: "契約番号", Field: contractors.FieldContract, Required: true},
		{Heading: "確認した日", Field: contractors.FieldCheckOn, Required: true},
		{Heading: "方法", Field: contractors.FieldCheckKind, Required: true},
		{Heading: "確認者", Field: contractors.FieldCheckChecker, Required: true},
		{Heading: "結果", Field: contractors.FieldCheckResult, Required: true},
		{Heading: "所見", Field: contractors.FieldCheckNote},
		{Heading: "根拠資料のSHA-256", Field: contractors.FieldCheckEvidence},
		// Written by the export; an import opens its own action.
		{Heading: "是正処置番号", Field: "action_id"},
	}
}

func returnColumns() []sheets.Column {
	return []sheets.Column{
		{Heading: "契約番号", Field: contractors.FieldContract, Required: true},
		{Heading: "情報資産の管理番号", Field: contractors.FieldAsset, Required: true},
		{Heading: "返還・廃棄", Field: contractors.FieldOutcome, Required: true},
		{Heading: "返還・廃棄の日", Field: contractors.FieldReturnedOn, Required: true},
		{Heading: "廃棄証明書", Field: contractors.FieldCertificate},
		{Heading: "備考", Field: contractors.FieldNote},
	}
}

func serviceColumns() []sheets.Column {
	return []sheets.Column{
		{Heading: "サービスID", Field: contractors.FieldID, Required: true},
		{Heading: "名称", Field: contractors.FieldName, Required: true},
		{Heading: "提供者", Field: contractors.FieldProvider, Required: true},
		{Heading: "事業者ID", Field: contractors.FieldContractor},
		{Heading: "種類", Field: contractors.FieldServiceKind, Required: true},
		{Heading: "ISMAP登録番号", Field: contractors.FieldISMAPNumber},
		{Heading: "ISMAP有効期限", Field: contractors.FieldISMAPExpires},
		{Heading: "所管課コード", Field: contractors.FieldUnit, Required: true},
		{Heading: "利用する情報システム", Field: contractors.FieldSystems},
		{Heading: "載せる情報資産", Field: contractors.FieldAssets},
		{Heading: "備考", Field: contractors.FieldNote},
	}
}

func readCheck(c sheets.Cells) contractors.SecurityCheck {
	s := contractors.SecurityCheck{Contract: c.Get("契約番号"), On: date(c, "確認した日"), Checker: strings.TrimSuffix(c.Get("確認者"), ".0"),
		Note: c.Get("所見"), Evidence: c.Get("根拠資料のSHA-256")}
	switch v := c.Get("方法"); {
	case v == "":
	case v == string(contractors.CheckReport) || v == contractors.CheckReport.Label():
		s.Kind = contractors.CheckReport
	case v == string(contractors.CheckInspection) || v == contractors.CheckInspection.Label():
		s.Kind = contractors.CheckInspection
	default:
		c.Bad("方法", "方法 %q は 報告・立入検査 のどちらかで書いてください", v)
	}
	switch v := c.Get("結果"); {
	case v == "":
	case v == string(contractors.ResultConforming) || v == contractors.ResultConforming.Label():
		s.Result = contractors.ResultConforming
	case v == string(contractors.ResultCorrective) || v == contractors.ResultCorrective.Label():
		s.Result = contractors.ResultCorrective
	default:
		c.Bad("結果", "結果 %q は 適合・要是正 のどちらかで書いてください", v)
	}
	return s
}

func readReturn(c sheets.Cells) contractors.Return {
	r := contractors.Return{Contract: c.Get("契約番号"), Asset: c.Get("情報資産の管理番号"), On: date(c, "返還・廃棄の日"),
		Certificate: c.Get("廃棄証明書"), Note: c.Get("備考")}
	if v := c.Get("返還・廃棄"); v != "" {
		o, ok := contractors.ParseOutcome(v)
		if !ok {
			c.Bad("返還・廃棄", "返還・廃棄 %q は 返還・廃棄 のどちらかで書いてください", v)
		}
		r.Outcome = o
	}
	return r
}

func readService(c sheets.Cells) contractors.ExternalService {
	s := contractors.ExternalService{ID: c.Get("サービスID"), Name: c.Get("名称"), Provider: c.Get("提供者"), Contractor: c.Get("事業者ID"),
		ISMAPNumber: c.Get("ISMAP登録番号"), ISMAPExpires: date(c, "ISMAP有効期限"), Unit: strings.TrimSuffix(c.Get("所管課コード"), ".0"),
		Systems: list(c.Get("利用する情報システム")), Assets: list(c.Get("載せる情報資産")), Note: c.Get("備考")}
	if v := c.Get("種類"); v != "" {
		k, ok := contractors.ParseServiceKind(v)
		if !ok {
			c.Bad("種類", "種類 %q は 約款・契約 のどちらかで書いてください", v)
		}
		s.Kind = k
	}
	return s
}

func actionNo(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

// extraRows adds the rows of the checks, returns and services to out.
func extraRows(b store.ContractorBook, out *[store.BookSheets][][]any) {
	for _, r := range b.Checks {
		s := r.Item
		out[4] = append(out[4], []any{s.Contract, day(s.On), s.Kind.Label(), s.Checker, s.Result.Label(), s.Note, s.Evidence, actionNo(s.ActionID)})
	}
	for _, r := range b.Returns {
		x := r.Item
		out[5] = append(out[5], []any{x.Contract, x.Asset, x.Outcome.Label(), day(x.On), x.Certificate, x.Note})
	}
	for _, r := range b.Services {
		s := r.Item
		out[6] = append(out[6], []any{s.ID, s.Name, s.Provider, s.Contractor, s.Kind.Label(), s.ISMAPNumber, day(s.ISMAPExpires), s.Unit,
			strings.Join(s.Systems, ", "), strings.Join(s.Assets, ", "), s.Note})
	}
}

// templateExtras adds the template's example rows of the last three
// sheets: a report found conforming, the disposal of an asset the
// contract entrusted, and a service on 約款 holding no asset.
func templateExtras(b *store.ContractorBook, from time.Time) {
	k := &b.Contracts[0].Item
	k.Assets = append(k.Assets, "A2026-0001")
	b.Checks = append(b.Checks, store.BookRow[contractors.SecurityCheck]{Item: contractors.SecurityCheck{Contract: k.ID,
		On: from.AddDate(0, 6, 0), Kind: contractors.CheckReport, Checker: "100001", Result: contractors.ResultConforming,
		Note: "半期報告書で管理体制を確認"}})
	b.Returns = append(b.Returns, store.BookRow[contractors.Return]{Item: contractors.Return{Contract: k.ID, Asset: "A2026-0001",
		Outcome: contractors.OutcomeDisposed, On: k.To, Certificate: "データ消去証明書 第1号"}})
	b.Services = append(b.Services, store.BookRow[contractors.ExternalService]{Item: contractors.ExternalService{ID: "SV2026-001",
		Name: "Web会議サービス", Provider: "会議サービス株式会社", Kind: contractors.ServiceTerms, Unit: k.Unit, Note: "機密性2以上の情報は載せない"}})
}
