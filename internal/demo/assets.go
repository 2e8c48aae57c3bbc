package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"

	"kijun/internal/assets"
	"kijun/internal/organisation"
	"kijun/internal/registers"
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
// others (4.2ア(3)) and some received from outside (4.2エ), each kept
// where the register says (4.2カ(1)). The first three of each 課 and, in
// some 課, the last are fixed (see fixedAsset). The IDs are fixed by the
// seed, so generating again changes nothing.
func generateAssets(ctx context.Context, db *store.DB, _ *rand.Rand, opts Options, sum *Summary) error {
	rng := rand.New(rand.NewPCG(uint64(opts.Seed), 0x617373657473))
	units, err := db.UnitsOn(ctx, organisation.Day(db.Now()))
	if err != nil {
		return err
	}
	var rows []store.AssetRow
	n := assetsPerSection(opts.Scale)
	si := -1
	for _, u := range units {
		if u.Kind != organisation.KindSection {
			continue
		}
		si++
		var ids []string
		for i := range n {
			if a, ok := fixedAsset(u, i, n, slotOf(si), sum); ok {
				ids = append(ids, a.ID)
				rows = append(rows, store.AssetRow{Line: len(rows) + 2, Asset: a})
				continue
			}
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
			// 4.2カ(1): every asset is kept somewhere the register names.
			switch f.kind {
			case assets.KindDatabase:
				if t.system == "" {
					a.Holders = []string{fmt.Sprintf("system:S%s-1", u.Code)}
				}
			case assets.KindDocument:
				a.Holders = []string{"system:bunsho"}
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
	// Run again, the demo leaves as they are the assets it has disposed of.
	for i := range rows {
		if a := &rows[i].Asset; slices.Contains(sum.disposals, a.ID) {
			if old, err := db.Asset(ctx, a.ID); err == nil && old.Stage == assets.StageDispose {
				a.Stage = assets.StageDispose
			}
		}
	}
	plan, err := db.ImportAssets(ctx, registers.Console(), "demo", rows, assets.KobeScales(), nil, false)
	if err != nil {
		return fmt.Errorf("load demo assets: %w", err)
	}
	sum.Lines = append(sum.Lines, fmt.Sprintf("assets: %d added, %d changed, %d unchanged", len(plan.Added), len(plan.Changed), plan.Unchanged))
	return nil
}

// fixedAsset returns the i-th of a 課's n assets when it is not drawn at
// random: the first three, which every 課 has and the other registers
// rely on, and the last in a 課 whose slot plants a shortfall on it.
func fixedAsset(u organisation.Unit, i, n, slot int, sum *Summary) (assets.Asset, bool) {
	a := assets.Asset{ID: fmt.Sprintf("A%s-%04d", u.Code, i+1), Unit: u.Code, Stage: assets.StageUse}
	a.Confidentiality, a.ConfidentialityReason = 2, "直ちに一般に公表することを前提としていない"
	a.Integrity, a.IntegrityReason = 2, "改ざん・誤りが行政事務に重大な影響を及ぼす"
	a.Availability = 1
	sharedPC, subject := fmt.Sprintf("device:D%s-0001", u.Code), "asset:"+a.ID
	switch {
	case i == 0:
		// The 課's shared folder, on its shared PC: so that PC is of
		// 機密性2 (4.2オ(4)) and the rules of 6.4 apply to it.
		a.Name, a.Kind, a.Location = u.Name+"共有フォルダ", assets.KindData, "課内共有パソコン"
		a.Holders = []string{sharedPC}
	case i == 1:
		// The 課's business database, in its own system: so that system is
		// of 可用性2 and 6.1.2, 6.1.5ア and 8.1.3 apply to it.
		a.Name, a.Kind, a.Location = u.Name+"業務データベース", assets.KindDatabase, "データセンター"
		a.Availability, a.AvailabilityReason = 2, "停止が行政事務の安定的な遂行に支障を及ぼす"
		a.Holders = []string{fmt.Sprintf("system:S%s-1", u.Code)}
	case i == 2:
		// Its backup medium: so the medium is of 機密性2 (6.4.3).
		a.Name, a.Kind, a.Location = u.Name+"業務データ（保管用媒体）", assets.KindMedia, "施錠保管庫"
		a.Holders = []string{"cabinet:" + u.Code + "-1", fmt.Sprintf("medium:M%s-01", u.Code)}
	case i < n-1:
		return a, false
	case slot == slotDisposedHeld:
		// Kept until its disposal is permitted and recorded (4.2ケ), which
		// disposePlanted does once the permits are in.
		a.Name, a.Kind, a.Stage = "旧システム移行データ（廃棄決定済み）", assets.KindData, assets.StageStore
		a.Holders = []string{sharedPC}
		sum.disposals = append(sum.disposals, a.ID)
		sum.plant("asset.disposed-held", subject, "4.2.ケ.(1)")
	case slot == slotNoHolder:
		a.Name, a.Kind, a.Location = "申請書スキャンデータ", assets.KindData, "未確認"
		sum.plant("asset.no-holder", subject, "4.2.カ.(1)")
	case slot == slotMobileData:
		// Kept on the counter tablet (see generateDevices).
		a.Name, a.Kind, a.Location = "窓口受付一覧", assets.KindData, "窓口タブレット"
		a.Holders = []string{fmt.Sprintf("device:D%s-0002", u.Code)}
		sum.plant("device.mobile-holds-data", a.Holders[0], "7.1.1.オ.(6)")
	case slot == slotForeignHolder:
		a.Name, a.Kind, a.Location = "会議資料データ", assets.KindData, "職員の私物パソコン"
		a.Holders = []string{"device:BYOD-" + u.Code}
		sum.plant("asset.foreign-holder", subject, "7.1.1.カ.(1)")
	case slot == slotForeignHolderC3:
		a.Name, a.Kind, a.Location = "相談記録データ", assets.KindMedia, "私物の USB メモリ"
		a.Confidentiality, a.ConfidentialityReason = 3, "個人情報に関するデータ（4.1.1）"
		a.Holders = []string{"medium:PRIVATE-" + u.Code}
		sum.plant("asset.foreign-holder-c3", subject, "7.1.1.カ.(2)")
	case slot == slotMyNumberPC:
		// Extracted from the 住民記録システム for counter work, onto the
		// shared PC (see generateDevices).
		a.Name, a.Kind, a.Location = "住民記録データ（窓口照会用抽出）", assets.KindData, "課内共有パソコン"
		a.Confidentiality, a.ConfidentialityReason = 3, "特定個人情報に関するデータ（4.1.1）"
		a.Holders = []string{sharedPC, "system:juki"}
	default:
		return a, false
	}
	return a, true
}
