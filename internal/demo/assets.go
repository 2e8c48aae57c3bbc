package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"

	"kijun/internal/assets"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// assetsPerSection is how many information assets each 課 holds: about
// 200,000 in the city at city scale.
func assetsPerSection(s Scale) int {
	if s == City {
		return 196
	}
	return 12
}

// topics are what the fictional city's assets are about.
var topics = []struct {
	name    string
	c, i, a int
	reasonC string
	system  string
}{
	{"住民記録", 3, 2, 2, "個人情報に関するデータ（4.1.1）", "juki"},
	{"課税台帳", 3, 2, 2, "法令の規定により秘密を守る義務を課されているデータ（地方税法）", "zeimu"},
	{"福祉給付", 3, 2, 1, "個人情報に関するデータ（4.1.1）", "fukushi"},
	{"保育入所", 3, 1, 1, "個人情報に関するデータ（4.1.1）", "hoiku"},
	{"国民健康保険", 3, 2, 2, "特定個人情報に関するデータ（4.1.1）", "kokuho"},
	{"相談記録", 3, 1, 1, "個人情報に関するデータ（4.1.1）", ""},
	{"契約", 2, 2, 1, "直ちに一般に公表することを前提としていない", "keiyaku"},
	{"予算要求", 2, 2, 1, "公表前の意思決定過程の情報", "zaimu"},
	{"会議録", 2, 1, 1, "公表前の内部検討資料", ""},
	{"施設予約", 2, 1, 2, "利用者の連絡先を含む", "yoyaku"},
	{"道路台帳", 1, 2, 1, "", "doro"},
	{"統計資料", 1, 1, 1, "", ""},
	{"広報原稿", 1, 1, 1, "", ""},
	{"補助金交付", 2, 2, 1, "法人の内部情報を含む", "hojo"},
	{"ネットワーク構成図", 3, 2, 1, "公開することでセキュリティ侵害が生じる可能性があるデータ（4.1.1）", ""},
}

var forms = []struct {
	kind   assets.Kind
	suffix string
	place  string
}{
	{assets.KindData, "データ", "課内ファイルサーバ"},
	{assets.KindDatabase, "データベース", "データセンター"},
	{assets.KindDocument, "文書", "文書管理システム"},
	{assets.KindPaper, "簿冊", "課内書庫"},
	{assets.KindMedia, "保管用媒体", "施錠保管庫"},
}

// generateAssets fills the 情報資産台帳: every 課 holds assets on the
// city's topics, classified as 4.1 would have them, some copied from
// others (4.2ア(3)) and some received from outside (4.2エ). The IDs are
// fixed by the seed, so generating again changes nothing.
func generateAssets(ctx context.Context, db *store.DB, _ *rand.Rand, opts Options, sum *Summary) error {
	rng := rand.New(rand.NewPCG(uint64(opts.Seed), 0x617373657473))
	units, err := db.UnitsOn(ctx, organisation.Day(db.Now()))
	if err != nil {
		return err
	}
	var rows []store.AssetRow
	n := assetsPerSection(opts.Scale)
	for _, u := range units {
		if u.Kind != organisation.KindSection {
			continue
		}
		var ids []string
		for i := range n {
			t := topics[rng.IntN(len(topics))]
			f := forms[rng.IntN(len(forms))]
			a := assets.Asset{
				ID: fmt.Sprintf("A%s-%04d", u.Code, i+1), Unit: u.Code, Kind: f.kind,
				Name:     fmt.Sprintf("%s%s（%d年度）", t.name, f.suffix, 2019+rng.IntN(8)),
				Location: f.place, Stage: assets.StageUse,
			}
			a.Confidentiality, a.ConfidentialityReason = assets.Confidentiality(t.c), t.reasonC
			a.Integrity, a.Availability = assets.Integrity(t.i), assets.Availability(t.a)
			if t.i >= 2 {
				a.IntegrityReason = "改ざん・誤りが住民の権利利益や行政事務に重大な影響を及ぼす"
			}
			if t.a >= 2 {
				a.AvailabilityReason = "滅失・停止が住民の権利利益や行政事務の安定的な遂行に支障を及ぼす"
			}
			switch r := rng.IntN(20); {
			case r == 0 && len(ids) > 0: // a copy of an earlier asset
				orig := rows[len(rows)-1-rng.IntN(len(ids))].Asset
				a.Name, a.OriginalID = orig.Name+"（写し）", orig.ID
				a.Classification = orig.Classification
			case r == 1:
				a.Stage, a.Origin = assets.StageObtain, []string{"総務省", "県", "委託事業者", "関係機関"}[rng.IntN(4)]
			case r < 5:
				a.Stage = assets.StageStore
			}
			if t.system != "" && (f.kind == assets.KindData || f.kind == assets.KindDatabase) {
				a.Holders = []string{"system:" + t.system}
			}
			switch f.kind {
			case assets.KindData:
				// The 課's shared PC holds its data (see generateDevices).
				a.Holders = append(a.Holders, fmt.Sprintf("device:D%s-0001", u.Code))
			case assets.KindPaper:
				a.Holders = []string{"cabinet:" + u.Code + "-1"}
			case assets.KindMedia:
				a.Holders = []string{"cabinet:" + u.Code + "-1", fmt.Sprintf("medium:M%s-01", u.Code)}
			}
			slices.Sort(a.Holders) // as the register keeps them
			ids = append(ids, a.ID)
			rows = append(rows, store.AssetRow{Line: len(rows) + 2, Asset: a})
		}
	}
	plan, err := db.ImportAssets(ctx, "demo", rows, assets.KobeScales(), nil, false)
	if err != nil {
		return fmt.Errorf("load demo assets: %w", err)
	}
	sum.Lines = append(sum.Lines, fmt.Sprintf("assets: %d added, %d changed, %d unchanged", len(plan.Added), len(plan.Changed), plan.Unchanged))
	return nil
}
