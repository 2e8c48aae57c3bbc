package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"kijun/internal/organisation"
	"kijun/internal/store"
)

// Names and readings the demo draws from: "漢字:カナ" pairs.
const (
	demoSurnames = `佐藤:サトウ 鈴木:スズキ 高橋:タカハシ 田中:タナカ 伊藤:イトウ 渡辺:ワタナベ 山本:ヤマモト 中村:ナカムラ
小林:コバヤシ 加藤:カトウ 吉田:ヨシダ 山田:ヤマダ 佐々木:ササキ 山口:ヤマグチ 松本:マツモト 井上:イノウエ 木村:キムラ
林:ハヤシ 斎藤:サイトウ 清水:シミズ 山崎:ヤマザキ 森:モリ 池田:イケダ 橋本:ハシモト 阿部:アベ 石川:イシカワ 山下:ヤマシタ
中島:ナカジマ 石井:イシイ 小川:オガワ 前田:マエダ 岡田:オカダ 長谷川:ハセガワ 藤田:フジタ 後藤:ゴトウ 近藤:コンドウ
村上:ムラカミ 遠藤:エンドウ 青木:アオキ 坂本:サカモト 西村:ニシムラ 福田:フクダ 太田:オオタ 三浦:ミウラ 藤井:フジイ
岡本:オカモト 松田:マツダ 中川:ナカガワ 原田:ハラダ 小野:オノ 竹内:タケウチ 金子:カネコ 和田:ワダ 中山:ナカヤマ
石田:イシダ 上田:ウエダ 森田:モリタ 柴田:シバタ 酒井:サカイ 工藤:クドウ 横山:ヨコヤマ 宮崎:ミヤザキ 宮本:ミヤモト`
	demoGivenNames = `翔太:ショウタ 大輔:ダイスケ 健太:ケンタ 拓也:タクヤ 直樹:ナオキ 誠:マコト 浩二:コウジ 隆:タカシ 剛:ツヨシ
和也:カズヤ 亮:リョウ 悠斗:ユウト 蓮:レン 大翔:ヒロト 陽介:ヨウスケ 哲也:テツヤ 修:オサム 聡:サトシ 勇気:ユウキ
一郎:イチロウ 健一:ケンイチ 裕太:ユウタ 達也:タツヤ 雄一:ユウイチ 美咲:ミサキ 陽子:ヨウコ 恵子:ケイコ 裕子:ユウコ
真由美:マユミ 由美子:ユミコ 明美:アケミ 直子:ナオコ 智子:トモコ 愛:アイ 彩:アヤ 結衣:ユイ 美穂:ミホ 麻衣:マイ
さくら:サクラ 葵:アオイ 陽菜:ヒナ 七海:ナナミ 千尋:チヒロ 香織:カオリ 舞:マイ 優子:ユウコ 沙織:サオリ 久美子:クミコ
花子:ハナコ 洋子:ヨウコ 幸子:サチコ 真理:マリ 奈々:ナナ 涼子:リョウコ 綾香:アヤカ 紀子:ノリコ 光:ヒカル 薫:カオル`
	demoBureaus = `総務局:ソウムキョク 財政局:ザイセイキョク 市民局:シミンキョク 福祉局:フクシキョク 健康局:ケンコウキョク
こども家庭局:コドモカテイキョク 環境局:カンキョウキョク 経済観光局:ケイザイカンコウキョク 農水産局:ノウスイサンキョク
都市局:トシキョク 建築住宅局:ケンチクジュウタクキョク 建設局:ケンセツキョク 港湾局:コウワンキョク 文化スポーツ局:ブンカスポーツキョク
危機管理室:キキカンリシツ 行財政局:ギョウザイセイキョク 消防局:ショウボウキョク 水道局:スイドウキョク 交通局:コウツウキョク
教育委員会事務局:キョウイクイインカイジムキョク 会計室:カイケイシツ`
	demoWards = `東区:ヒガシク 灘区:ナダク 中央区:チュウオウク 兵庫区:ヒョウゴク 北区:キタク 長田区:ナガタク 須磨区:スマク
垂水区:タルミク 西区:ニシク`
	demoDepartments = `総務部:ソウムブ 企画部:キカクブ 事業部:ジギョウブ 管理部:カンリブ 計画部:ケイカクブ 推進部:スイシンブ
市民生活部:シミンセイカツブ 保健福祉部:ホケンフクシブ`
	demoSections = `総務課:ソウムカ 企画課:キカクカ 経理課:ケイリカ 人事課:ジンジカ 調整課:チョウセイカ 管理課:カンリカ
計画課:ケイカクカ 事業課:ジギョウカ 指導課:シドウカ 支援課:シエンカ 推進課:スイシンカ 調査課:チョウサカ 施設課:シセツカ
保険年金課:ホケンネンキンカ 市民課:シミンカ 税務課:ゼイムカ 福祉課:フクシカ 保健課:ホケンカ 地域協働課:チイキキョウドウカ
まちづくり課:マチヅクリカ 環境保全課:カンキョウホゼンカ 契約課:ケイヤクカ 広報課:コウホウカ 情報管理課:ジョウホウカンリカ`
)

type reading struct{ kanji, kana string }

func readings(list string) []reading {
	var out []reading
	for _, f := range strings.Fields(list) {
		k, r, _ := strings.Cut(f, ":")
		out = append(out, reading{k, r})
	}
	return out
}

// orgShape is how big the generated organisation is.
type orgShape struct {
	bureaus, wards, departments, sections, staff int // departments per bureau, sections per department, staff per section
}

func shapeOf(s Scale) orgShape {
	if s == City {
		// 21 局 + 9 区 = 30; 30 × 4 部 × 8.3 課 ≈ 1,000 課; ≈ 19 people each ≈ 20,000.
		return orgShape{bureaus: 21, wards: 9, departments: 4, sections: 8, staff: 18}
	}
	return orgShape{bureaus: 3, wards: 1, departments: 1, sections: 2, staff: 2}
}

// The dates the demo organisation lives through: set up for 令和6年度, one
// 職制改正 and a round of 人事異動 on 1 April 2025.
var (
	demoStart = time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	demoReorg = time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
)

// demoEmployment draws an employment type in realistic proportions.
func demoEmployment(rng *rand.Rand) organisation.EmploymentType {
	switch n := rng.IntN(1000); {
	case n < 740:
		return organisation.EmployRegular
	case n < 900:
		return organisation.EmployFiscalYear
	case n < 950:
		return organisation.EmployReappointed
	case n < 970:
		return organisation.EmployFixedTerm
	case n < 985:
		return organisation.EmployTemporary
	case n < 993:
		return organisation.EmploySpecialPartTime
	}
	return organisation.EmployDispatched
}

// generateOrganisation writes みなと市's organisation, staff and role holders.
func generateOrganisation(ctx context.Context, db *store.DB, rng *rand.Rand, opts Options, sum *Summary) error {
	if has, err := db.HasOrganisation(ctx); err != nil {
		return err
	} else if has {
		sum.Lines = append(sum.Lines, "organisation: already present, left as it is")
		return nil
	}
	data := buildOrganisation(rng, shapeOf(opts.Scale), opts.Scale)
	if err := db.LoadOrganisation(ctx, data.OrganisationData); err != nil {
		return fmt.Errorf("load demo organisation: %w", err)
	}
	for _, c := range data.reorgs {
		if err := db.ReorganiseUnit(ctx, c); err != nil {
			return fmt.Errorf("reorganise demo unit %s: %w", c.Code, err)
		}
	}
	if err := demoMail(ctx, db, data.People); err != nil {
		return err
	}
	sections := 0
	for _, u := range data.Units {
		if u.Kind == organisation.KindSection {
			sections++
		}
	}
	sum.Lines = append(sum.Lines, fmt.Sprintf("organisation: %d units (%d 課), %d people, %d role appointments, %d deputies",
		len(data.Units), sections, len(data.People), len(data.Roles), len(data.Deputies)))
	return nil
}

// demoOrg is the generated organisation and the changes made after loading it.
type demoOrg struct {
	store.OrganisationData
	reorgs []organisation.UnitChange
}

func buildOrganisation(rng *rand.Rand, sh orgShape, scale Scale) demoOrg {
	surnames, given := readings(demoSurnames), readings(demoGivenNames)
	var o demoOrg
	open := organisation.Period{From: demoStart}
	nextNo := 100000
	person := func() organisation.Person {
		nextNo++
		s, g := surnames[rng.IntN(len(surnames))], given[rng.IntN(len(given))]
		return organisation.Person{StaffNo: fmt.Sprintf("%06d", nextNo), Name: s.kanji + " " + g.kanji, Kana: s.kana + " " + g.kana, Employment: demoEmployment(rng)}
	}
	staff := func(unit string, post organisation.Post) organisation.Person {
		p := person()
		if post != organisation.PostStaff {
			p.Employment = organisation.EmployRegular // heads are regular staff
		}
		o.People = append(o.People, p)
		o.Assignments = append(o.Assignments, organisation.Assignment{StaffNo: p.StaffNo, Unit: unit, Post: post, Primary: true, Period: open})
		return p
	}
	unit := func(code string, kind organisation.UnitKind, r reading, parent string) {
		o.Units = append(o.Units, organisation.Unit{Code: code, Kind: kind, Name: r.kanji, Kana: r.kana, Parent: parent, Period: open})
	}
	var sectionCodes []string
	// 3.1.1-3.1.4, 3.1.9: the office that runs the standard, always present.
	unit("10", organisation.KindBureau, reading{"企画調整局", "キカクチョウセイキョク"}, "")
	unit("101", organisation.KindDepartment, reading{"デジタル戦略部", "デジタルセンリャクブ"}, "10")
	unit("10101", organisation.KindSection, reading{"情報政策課", "ジョウホウセイサクカ"}, "101")
	unit("10102", organisation.KindSection, reading{"情報システム課", "ジョウホウシステムカ"}, "101")
	unit("11", organisation.KindOffice, reading{"市長室", "シチョウシツ"}, "")
	staff("10", organisation.PostBureauChief) // 3.2.11: acts when the CISO is absent
	director := staff("101", organisation.PostDepartmentChief)
	policyChief := staff("10101", organisation.PostSectionChief)
	infraChief := staff("10102", organisation.PostSectionChief)
	ciso := staff("11", organisation.PostOfficeChief)
	var csirt []organisation.Person
	for _, sec := range []string{"10101", "10102"} {
		p := staff(sec, organisation.PostSubsectionChief)
		csirt = append(csirt, p)
		for range max(2, sh.staff/2) {
			csirt = append(csirt, staff(sec, organisation.PostStaff))
		}
	}
	sectionCodes = append(sectionCodes, "10101", "10102")
	tops := readings(demoBureaus)[:sh.bureaus]
	for _, w := range readings(demoWards)[:sh.wards] {
		tops = append(tops, w)
	}
	depts, secs := readings(demoDepartments), readings(demoSections)
	for i, top := range tops {
		code := fmt.Sprintf("%d", 20+i)
		kind, head := organisation.KindBureau, organisation.PostBureauChief
		switch {
		case strings.HasSuffix(top.kanji, "区"):
			kind, head = organisation.KindWard, organisation.PostWardChief
		case strings.HasSuffix(top.kanji, "室"):
			kind, head = organisation.KindOffice, organisation.PostOfficeChief
		}
		unit(code, kind, top, "")
		staff(code, head)
		for j := range sh.departments {
			dcode := fmt.Sprintf("%s%d", code, j+1)
			unit(dcode, organisation.KindDepartment, depts[(i+j)%len(depts)], code)
			staff(dcode, organisation.PostDepartmentChief)
			n := sh.sections + rng.IntN(2)
			for k, pick := range rng.Perm(len(secs))[:n] {
				scode := fmt.Sprintf("%s%02d", dcode, k+1)
				unit(scode, organisation.KindSection, secs[pick], dcode)
				sectionCodes = append(sectionCodes, scode)
				staff(scode, organisation.PostSectionChief)
				staff(scode, organisation.PostSubsectionChief)
				for range sh.staff - 2 + rng.IntN(3) {
					staff(scode, organisation.PostStaff)
				}
			}
		}
	}
	// 人事異動 on 1 April 2025: about one in twenty of the staff moves.
	for i := range o.Assignments {
		a := &o.Assignments[i]
		if a.Post != organisation.PostStaff || rng.IntN(20) != 0 {
			continue
		}
		a.To = organisation.DayBefore(demoReorg)
		to := sectionCodes[rng.IntN(len(sectionCodes))]
		o.Assignments = append(o.Assignments, organisation.Assignment{StaffNo: a.StaffNo, Unit: to, Post: organisation.PostStaff, Primary: true, Period: organisation.Period{From: demoReorg}})
	}
	// 兼務: the CSIRT's 係長 also serves in the 情報システム課.
	o.Assignments = append(o.Assignments, organisation.Assignment{StaffNo: csirt[0].StaffNo, Unit: "10102", Post: organisation.PostStaff, Primary: false, Period: open})
	// 職制改正: 情報システム課 becomes デジタル基盤課.
	o.reorgs = append(o.reorgs, organisation.UnitChange{Effective: demoReorg, Unit: organisation.Unit{Code: "10102", Kind: organisation.KindSection, Name: "デジタル基盤課", Kana: "デジタルキバンカ", Parent: "101"}})

	appoint := func(role organisation.Role, scope organisation.Scope, p organisation.Person, note string) {
		o.Roles = append(o.Roles, organisation.RoleAssignment{Role: role, Scope: scope, StaffNo: p.StaffNo, Note: note, Period: open})
	}
	appoint(organisation.RoleCISO, organisation.City(), ciso, "情報化統括責任者（3.1.1）")
	appoint(organisation.RoleSecurityDirector, organisation.City(), director, "デジタル戦略部長（3.1.2）")
	appoint(organisation.RoleSecurityManager, organisation.City(), policyChief, "情報政策担当課長（3.1.3）")
	appoint(organisation.RoleInfraManager, organisation.City(), infraChief, "情報システム担当課長（3.1.4）")
	appoint(organisation.RoleAuditDirector, organisation.City(), director, "デジタル戦略部長（3.1.9）")
	for _, p := range csirt {
		appoint(organisation.RoleCSIRTMember, organisation.City(), p, "3.3.1ア")
	}
	byNo := map[string]organisation.Person{}
	for _, p := range o.People {
		byNo[p.StaffNo] = p
	}
	heads := map[string]organisation.Person{}
	for _, a := range o.Assignments {
		if a.Post.HeadsUnit() && a.Primary {
			heads[a.Unit] = byNo[a.StaffNo]
		}
	}
	// 3.1.7, 3.1.8: each system's owner is the 情報責任者 of its 局・区, its
	// administrator the 課長 of its 課; two posts are left vacant on
	// purpose (see generateSystems, which plants them).
	o.Contractors = append(o.Contractors, organisation.Contractor{ID: demoContractor, Name: "みなと情報サービス株式会社"})
	for _, sys := range demoSystems(sectionCodes, scale) {
		if sys.id != ownerlessSystem {
			appoint(organisation.RoleSystemOwner, organisation.SystemScope(sys.id), heads[sys.unit[:2]], sys.name)
		}
		if sys.slot != slotUnsupervised {
			appoint(organisation.RoleSystemAdmin, organisation.SystemScope(sys.id), heads[sys.unit], sys.name)
		}
	}
	// A CSIRT member from outside the systems' 課: only the CISO's office
	// (here the 情報セキュリティ管理者) may name such a deputy (9.3).
	for _, id := range []string{"juki", "zeimu"} {
		o.Deputies = append(o.Deputies, organisation.DeputyAppointment{Role: organisation.RoleSystemAdmin, Scope: organisation.SystemScope(id),
			StaffNo: csirt[1].StaffNo, NamedBy: policyChief.StaffNo, Reason: "夜間・休日の運用（9.3）", Period: organisation.Period{From: demoReorg}})
	}
	// 9.3: deputies named for a few 情報管理者 and the 情報基盤管理者.
	o.Deputies = append(o.Deputies, organisation.DeputyAppointment{Role: organisation.RoleInfraManager, Scope: organisation.City(),
		StaffNo: csirt[len(csirt)/2].StaffNo, Reason: "情報基盤管理者の不在時（9.3）", Period: organisation.Period{From: demoReorg}})
	for _, sec := range sectionCodes[2:min(len(sectionCodes), 6)] {
		for _, a := range o.Assignments {
			if a.Unit == sec && a.Post == organisation.PostSubsectionChief {
				o.Deputies = append(o.Deputies, organisation.DeputyAppointment{Role: organisation.RoleInfoManager, Scope: organisation.UnitScope(sec),
					StaffNo: a.StaffNo, Reason: "課長の出張・休暇中（9.3）", Period: organisation.Period{From: demoReorg}})
				break
			}
		}
	}
	// 3.2.11: the CISO was in hospital for a week; the 企画調整局長 acted.
	o.Absences = append(o.Absences, organisation.Absence{StaffNo: ciso.StaffNo, Reason: "入院",
		Period: organisation.Period{From: time.Date(2025, 8, 4, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 8, 8, 0, 0, 0, 0, time.UTC)}})
	o.Standing = &organisation.StandingDeputy{Unit: "10", Post: organisation.PostBureauChief}
	return o
}
