package demo

import (
	"context"
	"fmt"
	"time"

	"kijun/internal/contractors"
	"kijun/internal/store"
)

// serviceTermsClass3 is the planted 外部サービス on 約款 holding an asset
// of 機密性3, which the CISO's 利用基準 forbids (10.2).
const serviceTermsClass3 = "SV0001"

// contractorExtras adds to b the rows of the workbook's last three
// sheets, so the demo city's register has them as a city's own workbook
// would: a check of a few contracts in force (10.1.3; one calling for
// correction, which opens a corrective action), the return of the asset
// an ended contract entrusted (10.1.2ア(8)), and a handful of external
// services (10.2), one of them planted on 約款 with 機密性3 data. It
// returns whether the planted service is there.
func contractorExtras(ctx context.Context, db *store.DB, b *store.ContractorBook, today time.Time, chiefOf map[string]string) (bool, error) {
	checks, returned := 0, false
	for i := range b.Contracts {
		c := &b.Contracts[i].Item
		switch {
		case c.State == contractors.StateActive && i%5 == 4 && checks < 6 && c.From.Before(today):
			s := contractors.SecurityCheck{Contract: c.ID, On: today.AddDate(0, 0, -1-i%20), Kind: contractors.CheckReport,
				Checker: chiefOf[c.ID], Result: contractors.ResultConforming, Note: "定期報告書で管理体制・従事者教育を確認"}
			if checks == 0 {
				s.Kind, s.Result, s.Note = contractors.CheckInspection, contractors.ResultCorrective, "作業室の入退室記録が残されていない"
			}
			if s.Checker == "" {
				continue
			}
			checks++
			b.Checks = append(b.Checks, store.BookRow[contractors.SecurityCheck]{Line: len(b.Checks) + 2, Item: s})
		case c.State == contractors.StateEnded && !returned:
			// Its one asset, entrusted again, came back as the work ended.
			c.Assets = []string{fmt.Sprintf("A%s-0001", c.Unit)}
			b.Returns = append(b.Returns, store.BookRow[contractors.Return]{Line: 2, Item: contractors.Return{Contract: c.ID, Asset: c.Assets[0],
				Outcome: contractors.OutcomeReturned, On: c.To, Note: "委託終了時に媒体で返還を受けた"}})
			returned = true
		}
	}
	class3, _, err := db.ListAssets(ctx, store.AssetFilter{MinConfidentiality: 3, Limit: 1})
	if err != nil {
		return false, err
	}
	low, _, err := db.ListAssets(ctx, store.AssetFilter{Limit: 50})
	if err != nil {
		return false, err
	}
	var class1, class2 []string
	for _, a := range low {
		switch int(a.Classification.Confidentiality) {
		case 1:
			class1 = append(class1, a.ID)
		case 2:
			class2 = append(class2, a.ID)
		}
	}
	unit := "10101"
	if len(low) > 0 {
		unit = low[0].Unit
	}
	svc := []contractors.ExternalService{
		{ID: "SV0002", Name: "庁内Web会議", Provider: "会議クラウド株式会社", Kind: contractors.ServiceTerms, Unit: unit, Note: "機密性1の情報に限って利用"},
		{ID: "SV0003", Name: "電子申請基盤", Provider: "みなとクラウド株式会社", Kind: contractors.ServiceContract,
			ISMAPNumber: "C23-0101-1", ISMAPExpires: today.AddDate(1, 6, 0), Unit: unit},
		{ID: "SV0004", Name: "広報用ファイル共有", Provider: "ファイル共有サービス株式会社", Kind: contractors.ServiceTerms, Unit: unit},
		{ID: "SV0005", Name: "文書管理クラウド", Provider: "みなとクラウド株式会社", Kind: contractors.ServiceContract,
			ISMAPNumber: "C22-0042-2", ISMAPExpires: today.AddDate(2, 0, 0), Unit: unit},
	}
	if len(class1) > 0 {
		svc[0].Assets = class1[:1]
	}
	if len(class2) > 0 {
		svc[1].Assets, svc[3].Assets = class2[:1], class2[len(class2)-1:]
	}
	planted := len(class3) > 0
	if planted { // planted: 機密性3 on a service on 約款 (10.2)
		svc = append([]contractors.ExternalService{{ID: serviceTermsClass3, Name: "無料オンラインストレージ", Provider: "ストレージサービス株式会社",
			Kind: contractors.ServiceTerms, Unit: class3[0].Unit, Assets: []string{class3[0].ID}, Note: "課で個別に登録して利用"}}, svc...)
	}
	for i, s := range svc {
		b.Services = append(b.Services, store.BookRow[contractors.ExternalService]{Line: i + 2, Item: s})
	}
	return planted, nil
}
