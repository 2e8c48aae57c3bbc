package main

import (
	"slices"

	c "kijun/internal/catalog"
)

// override is a hand decision about one provision's annotations, where the
// rules of annotate.go fall short. Nil fields keep the rule's result.
type override struct {
	ob   []c.Role
	f    c.Force
	ops  []c.Operation // replace
	add  []c.Operation // append
	refs []string      // append
	impl []string
}

func (o override) apply(p *c.Provision) {
	if o.ob != nil {
		p.Obliges = o.ob
	}
	if o.f != "" {
		p.Force = o.f
	}
	if o.ops != nil {
		p.Operations = o.ops
	}
	p.Operations = append(p.Operations, o.add...)
	for _, r := range o.refs {
		if !slices.Contains(p.Refs, r) {
			p.Refs = append(p.Refs, r)
		}
	}
	p.ImplementedBy = o.impl
}

const (
	ciso = c.RoleCISO
	sd   = c.RoleSecurityDirector
	sm   = c.RoleSecurityManager
	im   = c.RoleInfraManager
	io   = c.RoleInfoOfficer
	mg   = c.RoleInfoManager
	so   = c.RoleSystemOwner
	sa   = c.RoleSystemAdmin
	ad   = c.RoleAuditDirector
	st   = c.RoleStaff
	co   = c.RoleContractor
	cs   = c.RoleCSIRT
	fa   = c.RoleFacilities
)

func roles(rs ...c.Role) []c.Role { return rs }

func ops(os ...c.Operation) []c.Operation { return os }

func check(note string) c.Operation { return c.Operation{Kind: c.OpCheck, Note: note} }

func info(note string) c.Operation { return c.Operation{Kind: c.OpInfo, Note: note} }

func self(note string) c.Operation { return c.Operation{Kind: c.OpSelfcheck, Note: note} }

func permit(by c.Role, note string) c.Operation {
	return c.Operation{Kind: c.OpPermit, Approver: by, Note: note}
}

func record(note string, fields ...string) c.Operation {
	return c.Operation{Kind: c.OpRecord, Fields: fields, Note: note}
}

func periodic(freq, note string) c.Operation {
	return c.Operation{Kind: c.OpPeriodic, Frequency: freq, Note: note}
}

var appoint = check("役職者の任命を組織の台帳で確認する")

var incidentFields = []string{"件名", "判明した日時", "発生した日時", "通報者", "事件事故等の内容", "漏えいした情報", "想定される原因", "事件事故等への対応", "復旧方針"}

var overrides = map[string]override{
	"1":           {f: c.Informative, ops: ops(info("対策基準の目的として表示する"))},
	"2":           {ops: ops(info("適用範囲として表示する"))},
	"3.1":         {f: c.Definition, ops: ops(info("組織体制として表示する"))},
	"3.1.1":       {ob: roles(ciso), ops: ops(appoint)},
	"3.1.2":       {ob: roles(sd), ops: ops(appoint)},
	"3.1.3":       {ob: roles(sm), ops: ops(appoint)},
	"3.1.4":       {ob: roles(im), ops: ops(appoint)},
	"3.1.5":       {ob: roles(io), ops: ops(appoint)},
	"3.1.6":       {ob: roles(mg), ops: ops(appoint)},
	"3.1.7":       {ob: roles(so), ops: ops(appoint)},
	"3.1.8":       {ob: roles(sa), ops: ops(appoint)},
	"3.1.9":       {ob: roles(ad), ops: ops(appoint)},
	"3.2.1.イ":     {ops: ops(check("アドバイザーの委嘱状況を確認する"))},
	"3.2.1.ウ":     {ops: ops(check("CSIRT の体制と役割が定められていることを確認する")), refs: []string{"3.3.1", "3.3.2"}},
	"3.2.2.エ":     {f: c.Definition, ops: ops(info("権限として表示する"))},
	"3.2.2.カ":     {ops: ops(check("全役職者を網羅する連絡体制（連絡網）が整備されていることを確認する"))},
	"3.2.2.キ":     {ops: ops(record("運用状況の把握と CISO への報告を記録する", "日時", "報告内容"))},
	"3.2.4.エ":     {ops: ops(record("侵害の報告を記録する", "日時", "報告先", "報告内容"))},
	"3.2.4.オ":     {ops: ops(record("物理的セキュリティ管理を行わせる情報管理者を記録する"))},
	"3.2.6.ウ":     {ops: ops(record("侵害の報告を記録する", "日時", "報告先", "報告内容"))},
	"3.2.8.エ":     {ops: ops(record("作業を行わせる者の指名を記録する", "指名日", "指名された者", "作業の範囲"))},
	"3.2.10.ア":    {ob: roles(st), ops: ops(check("許可・承認の申請者と許可者・承認者が同じ者でないことを許可の仕組みで確かめる"))},
	"3.2.10.イ":    {ob: roles(ad), ops: ops(check("監査を受ける者と監査を実施する者が兼務していないことを確認する"))},
	"3.2.11":      {f: c.Definition, ob: roles(), ops: ops(info("CISO の代行者として表示する"))},
	"3.3.2.ア":     {ob: roles(cs), ops: ops(record("意思決定の内容を関係部局等へ提供したことを記録する"))},
	"3.3.2.イ":     {ob: roles(cs), ops: ops(record("インシデントの報告先と報告日時を記録する", "日時", "報告先", "報告内容"))},
	"3.3.2.ウ":     {ob: roles(cs), ops: ops(check("情報共有の相手先と共有の状況を確認する"))},
	"4.1":         {ob: roles(mg), ops: ops(check("情報資産台帳の全ての資産に機密性・完全性・可用性の分類が付いていることを点検する")), refs: []string{"4.1.1", "4.1.2", "4.1.3"}},
	"4.1.1":       {f: c.Definition, ops: ops(info("機密性の分類基準として表示する"))},
	"4.1.2":       {f: c.Definition, ops: ops(info("完全性の分類基準として表示する"))},
	"4.1.3":       {f: c.Definition, ops: ops(info("可用性の分類基準として表示する"))},
	"4.1.4.ア":     {refs: []string{"4.1.1", "4.1.2", "4.1.3"}},
	"4.1.4.イ":     {f: c.Effort, ob: roles(mg), ops: ops(check("分類がいずれも1の資産のうち必要なものの対応を点検する"))},
	"4.2.ア.(1)":   {ob: roles(mg), ops: ops(check("情報資産台帳で管理責任者・利用範囲・リスク分析・対策が定められていることを点検する"))},
	"4.2.ア.(3)":   {ob: roles(st), ops: ops(self("複製・伝送した情報も原本と同様に管理しているか"))},
	"4.2.イ":       {ob: roles(st), ops: ops(self("作成・保管する情報資産に分類を表示しているか"), check("情報資産台帳の分類表示を点検する"))},
	"4.2.ウ.(2)":   {refs: []string{"4.1"}},
	"4.2.エ.(2)":   {refs: []string{"4.1"}},
	"4.2.オ.(2)":   {ob: roles(mg), ops: ops(check("情報資産ごとの利用者とアクセス権限を台帳で点検する"))},
	"4.2.オ.(3)":   {ob: roles(st), ops: ops(permit(mg, "機密性2以上の情報の複製・送信は情報管理者の許可を得る"), self("所属外への送信時に暗号化しているか")), refs: []string{"4.1.1"}},
	"4.2.カ.(1)":   {refs: []string{"4.1"}},
	"4.2.キ.(1)":   {refs: []string{"4.1.1"}},
	"4.2.キ.(2)":   {ops: ops(permit(mg, "機密性2以上の情報資産の運搬は情報管理者の許可を得る"), self("運搬の前に許可を得ているか")), refs: []string{"4.1.1"}},
	"4.2.ク.(1)":   {refs: []string{"4.1.1"}},
	"4.2.ク.(2)":   {ops: ops(permit(mg, "外部提供の前に情報管理者の許可を得る"), record("提供の記録", "日時", "担当者", "提供概要")), refs: []string{"4.1.1"}},
	"4.2.ケ.(1)":   {add: ops(check("廃棄・返却した媒体が復元不可能な状態にされたことを確認する"))},
	"4.2.ケ.(2)":   {ops: ops(record("廃棄・リース返却等の処理の記録", "日時", "担当者", "処理内容"))},
	"4.2.ケ.(3)":   {ops: ops(permit(mg, "廃棄・リース返却等の前に情報管理者の許可を得る"))},
	"4.3.ア":       {ob: roles(sm), ops: ops(check("情報セキュリティに係る文書が文書管理の定めに従い管理されていることを確認する"))},
	"4.3.イ":       {ob: roles(sm), ops: ops(permit("", "文書の作成・更新はあらかじめ定められた者の承認を得て記録する"))},
	"4.3.ウ":       {ob: roles(sm), ops: ops(periodic("定期的", "文書の見直し予定を立て、見直しを記録する"))},
	"4.3.エ":       {ob: roles(sm), ops: ops(check("廃棄文書が識別されていることを確認する"))},
	"4.4":         {ob: roles(sm, mg, im, sa), ops: ops(record("運用の証拠となる記録を改ざん検知可能な記録台帳に保存する")), impl: []string{"ledger"}},
	"5.1.ア":       {ob: roles(im, sa), add: ops(permit(sd, "例外となる外部接続先は情報セキュリティ統括責任者が認める"))},
	"5.1.イ.(1)":   {f: c.Obligation, ob: roles(im, sa), ops: ops(check("マイナンバー利用事務系で多要素認証が設定されていることを点検する")), refs: []string{"6.4.2.イ"}},
	"5.1.イ.(2)":   {ob: roles(im, sa)},
	"5.2.ア":       {ob: roles(im, sa)},
	"5.2.イ":       {ob: roles(im, sa), ops: ops(check("LGWAN 接続系への取込みが無害化されていることを点検する"))},
	"5.2.イ.(1)":   {f: c.Informative, ob: roles(im, sa), ops: ops(info("無害化の実現方法の例"))},
	"5.2.イ.(2)":   {f: c.Informative, ob: roles(im, sa), ops: ops(info("無害化の実現方法の例"))},
	"5.2.イ.(3)":   {f: c.Informative, ob: roles(im, sa), ops: ops(info("無害化の実現方法の例"))},
	"5.3.ア":       {ob: roles(im, sa), ops: ops(periodic("常時", "不正通信の監視を行い、検知を記録する"))},
	"5.3.イ":       {ob: roles(sd)},
	"5.4":         {ob: roles(im, sa)},
	"6.1.2":       {ops: ops(check("可用性2以上の情報資産を扱うシステムが二重化等されていることを情報システム台帳で点検する")), refs: []string{"4.1.3"}},
	"6.1.4.ア":     {ob: roles(im, sa), ops: ops(check("配線の変更・追加の権限者が限られていることを確認する"))},
	"6.1.5.ア":     {ops: ops(periodic("定期的", "可用性2の機器の定期保守を予定し、実施を記録する")), refs: []string{"4.1.3"}},
	"6.1.5.イ":     {add: ops(record("修理前の消去又は守秘義務契約の締結を記録する", "日時", "機器", "事業者", "措置"))},
	"6.1.7":       {add: ops(record("機器の廃棄・返却時の消去を記録する", "日時", "担当者", "機器", "消去方法"))},
	"6.2.1.イ":     {ob: roles(im, sa)},
	"6.2.1.ウ":     {ob: roles(im, sa, fa)},
	"6.2.1.オ":     {ob: roles(im, sa, fa)},
	"6.2.2.ア":     {ob: roles(im, sa), ops: ops(check("管理区域の入退室が許可された者に制限されていることを点検する"), record("入退室管理簿", "日時", "氏名", "所属", "目的"))},
	"6.2.2.ウ":     {ob: roles(im, sa, st), ops: ops(check("訪問者の付添いと識別の措置を確認する"))},
	"6.2.2.エ":     {ob: roles(im, sa)},
	"6.2.3.イ":     {ob: roles(im, sa, st), add: ops(record("機器等の搬出入を記録する", "日時", "機器等", "同行者"))},
	"6.3.4":       {refs: []string{"4.1.1"}},
	"6.4.4.ア":     {refs: []string{"6.4.1", "6.4.2", "6.4.3"}},
	"6.4.4.イ":     {ob: roles(im, sa)},
	"6.4.4.ウ":     {ob: roles(im, sa)},
	"6.4.5":       {refs: []string{"4.1.1"}},
	"7.1.1.エ":     {ops: ops(permit(mg, "執務区域外への持ち出しは情報管理者の許可を得る"), record("持ち出しの記録", "日時", "担当者", "持ち出す情報資産", "持ち出し先")), refs: []string{"7.1.1.キ"}},
	"7.1.1.オ.(7)": {ops: ops(periodic("定期的", "モバイル端末について情報管理者の確認を受ける"), self("使用しているモバイル端末の確認を受けたか"))},
	"7.1.1.カ.(1)": {ops: ops(permit(mg, "支給以外の端末の業務利用は情報管理者の許可を得る"), self("支給以外の端末等を許可なく業務に使っていないか"))},
	"7.1.1.カ.(2)": {refs: []string{"4.1.1"}},
	"7.1.1.キ":     {ops: ops(record("端末等の持ち出しの記録を作成し保管する", "日時", "担当者", "端末等", "持ち出し先", "返却日時"))},
	"7.1.1.ク":     {ops: ops(permit(im, "セキュリティ設定の変更は情報基盤管理者又は業務システム管理者の許可を得る"), self("端末のセキュリティ設定を無断で変更していないか"))},
	"7.1.2":       {ob: roles(mg, st), ops: ops(record("臨時の任用職員等に従事させる事務の範囲を記録する"), self("7.1.1 の遵守事項を守っているか"))},
	"7.2.1":       {ops: ops(periodic("定期的", "研修・訓練の実施予定を立て、実施を記録する"))},
	"7.2.2.ア":     {add: ops(record("研修計画と CISO への報告を記録する"))},
	"7.2.2.イ":     {ob: roles(sd), ops: ops(periodic("毎年度最低1回", "全職員等を対象とする研修の実施を年度ごとに記録する"))},
	"7.2.2.ウ":     {ob: roles(sd), ops: ops(check("新規採用の職員等が研修を受けたことを確認する"))},
	"7.2.2.エ":     {ob: roles(sd)},
	"7.2.2.オ":     {ops: ops(record("所属の研修の実施状況", "研修名", "実施日", "受講者")), refs: []string{"7.2.2.イ"}},
	"7.2.2.カ":     {ops: ops(record("研修の実施状況の分析・評価と CISO への報告")), refs: []string{"7.2.2.オ"}},
	"7.2.3":       {add: ops(record("訓練の実施結果と改善を記録する"))},
	"7.3.1.ア":     {ops: ops(record("情報セキュリティインシデントの報告", incidentFields...), self("インシデントを発見したとき速やかに報告する手順を知っているか")), refs: []string{"7.3.2"}},
	"7.3.1.イ":     {ops: ops(record("報告を受けたインシデントの上位への報告", "日時", "報告先", "報告内容")), refs: []string{"7.3.2"}},
	"7.3.1.ウ":     {ops: ops(record("業務システム責任者への報告", "日時", "報告内容"))},
	"7.3.1.エ":     {ops: ops(record("関係機関への連絡と情報責任者への報告", "日時", "連絡先", "内容"))},
	"7.3.1.オ":     {f: c.Obligation, ops: ops(record("統括責任者・CISO・総務省・都道府県等への報告", "日時", "報告先", "報告内容"))},
	"7.3.2":       {ops: ops(record("インシデント報告の記録項目", incidentFields...))},
	"7.3.3.ア":     {ops: ops(record("インシデントであるかの評価を記録する", "日時", "評価", "理由"))},
	"7.3.3.イ":     {ops: ops(record("CISO への報告を記録する", "日時", "報告内容"))},
	"7.3.3.ウ":     {ops: ops(record("応急措置と復旧の指示を記録する", "日時", "指示先", "指示内容"))},
	"7.3.3.エ":     {ops: ops(record("原因・再発防止策の記録", "原因", "再発防止策", "報告日"))},
	"7.3.3.オ":     {ops: ops(record("再発防止策の実施の指示を記録する"))},
	"7.4.1.ウ":     {add: ops(record("紛失した ID カード等の利用停止を記録する", "日時", "IDカード等", "処理内容"))},
	"7.4.1.エ":     {add: ops(record("回収・廃棄した ID カードを記録する", "日時", "IDカード等", "処理内容"))},
	"7.4.3.ウ":     {refs: []string{"8.2.6.ウ"}},
	"7.4.3.キ":     {refs: []string{"8.2.6.イ"}},
	"8.1.3":       {ops: ops(periodic("定期的", "バックアップの実施を予定し、実施を記録する"), check("バックアップの対象と方法を情報システム台帳で点検する"))},
	"8.1.4":       {ops: ops(permit(sd, "情報セキュリティ統括責任者及び業務システム責任者の許可を得る"))},
	"8.1.5.ア":     {ops: ops(record("運用作業の記録", "日時", "担当者", "作業内容"))},
	"8.1.5.イ":     {ops: ops(record("システム変更等の作業記録を改ざんされないよう記録台帳で管理する", "日時", "担当者", "作業内容")), impl: []string{"ledger"}},
	"8.1.5.ウ":     {ob: roles(im, sa, st, co), ops: ops(check("システム変更等の作業が2名以上で行われ相互に確認されたことを点検する"), record("作業者と確認者の記録", "日時", "作業者", "確認者"))},
	"8.1.7.ア":     {ops: ops(record("各種ログの取得と一定期間の保存"), check("ログの保存期間が守られていることを点検する"))},
	"8.1.7.ウ":     {ops: ops(periodic("定期的", "ログの点検・分析を予定し、結果を記録する"))},
	"8.1.8":       {ops: ops(record("障害記録", "日時", "報告者", "障害の内容", "処理結果"))},
	"8.1.15.ア":    {ob: roles(st, co)},
	"8.1.15.イ":    {ob: roles(st, co), ops: ops(permit(sm, "無線 LAN の利用は情報セキュリティ管理者の許可を得る"))},
	"8.1.16.ア":    {f: c.Obligation, ob: roles(mg), ops: ops(permit(im, "所属長がメールアドレスの取得を申請する"))},
	"8.1.17.エ":    {add: ops(record("誤送信の報告", "日時", "送信先", "内容"))},
	"8.1.19.イ":    {ops: ops(permit(im, "ソフトウェアの導入は情報基盤管理者の定める手続で許可を得る"))},
	"8.1.20":      {ops: ops(permit(im, "軽微な機器の増設は情報基盤管理者及び業務システム管理者等の許可を得る"), self("端末に無断で機器を接続・増設・改造していないか"))},
	"8.1.21.イ":    {ob: roles(im, sa)},
	"8.1.22":      {f: c.Obligation, ob: roles(im, sa), ops: ops(check("利用できるネットワークプロトコルが必要最低限に制限されていることを点検する"))},
	"8.1.23.イ":    {ob: roles(im, sa)},
	"8.1.25.イ":    {ob: roles(mg), ops: ops(check("発信内容に機密性2以上の情報がないことを確認する")), refs: []string{"4.1.1"}},
	"8.1.25.ウ":    {ob: roles(mg), ops: ops(record("ソーシャルメディアサービスごとの責任者を記録する", "サービス", "アカウント", "責任者"))},
	"8.1.25.エ":    {ob: roles(mg)},
	"8.1.25.オ":    {ob: roles(mg), refs: []string{"4.1.3"}},
	"8.2.1.イ.(2)": {add: ops(permit(im, "利用者の登録・変更・抹消は情報基盤管理者及び業務システム管理者への申請による"))},
	"8.2.1.イ.(3)": {ops: ops(check("利用されていない ID を人事管理部門と連携して点検する"))},
	"8.2.1.イ.(4)": {ops: ops(check("ID に割り当てたアクセス権の正当性を点検する"))},
	"8.2.5":       {ops: ops(check("ログイン試行回数の制限、タイムアウト、ログイン・ログアウト時刻の表示が設定されていることを点検する"))},
	"8.2.6.ウ":     {ops: ops(check("発行するパスワードが8文字以上で推測しにくいことを仕組みで確かめる")), refs: []string{"7.4.3.ウ"}},
	"8.2.6.エ":     {f: c.Obligation, ops: ops(periodic("概ね6か月以内", "特権 ID のパスワード変更期限を管理し、変更を記録する"))},
	"8.3.1.ウ":     {ob: roles(sm, im, sa), ops: ops(check("情報システム台帳を作成・整理し、調達・廃止の報告を反映する"))},
	"8.3.3.イ.(3)": {ops: ops(permit(sd, "生データの試験利用は情報セキュリティ統括責任者の許可を得る"))},
	"8.3.3.イ.(4)": {ob: roles(im, sa)},
	"8.3.4.イ":     {ops: ops(record("検証され上長に承認された作業記録を改ざんされないよう記録台帳で管理する", "日時", "担当者", "作業内容", "検証者", "承認者")), impl: []string{"ledger"}},
	"8.3.4.ウ":     {refs: []string{"8.3.2.ア.(10)"}},
	"8.3.6":       {ops: ops(record("プログラム仕様書等の変更履歴", "日時", "変更内容", "担当者"))},
	"8.4.1.オ":     {ops: ops(permit(mg, "対策ソフトウェアの設定変更権限は情報管理者が許可した職員にだけ付与する"))},
	"8.4.2.オ":     {add: ops(periodic("定期的", "完全スキャンを定期的に実行する"))},
	"8.5.3":       {add: ops(record("攻撃の記録を保存する"))},
	"8.5.5":       {ops: ops(record("職員等による不正アクセスの通知", "日時", "通知先", "内容"))},
	"9.2.1.ア":     {add: ops(record("遵守状況の確認結果と報告"))},
	"9.2.2":       {ops: ops(record("利用状況調査の実施を記録する", "日時", "調査者", "対象", "理由"))},
	"9.2.3.ア":     {add: ops(record("違反行為の報告", "日時", "報告者", "内容"))},
	"9.2.3.イ":     {refs: []string{"9.4.1"}},
	"9.3":         {ops: ops(record("権限を代行する者の指名を記録する", "指名日", "代行者", "代行する権限"))},
	"9.4.2":       {refs: []string{"9.4.1"}},
	"9.4.3":       {f: c.Obligation, ob: roles(sd), ops: ops(check("緊急連絡網に連絡先と連絡順序が記載されていることを点検する")), refs: []string{"9.4.2.ア"}},
	"9.4.5":       {refs: []string{"9.4.1"}},
	"9.5.1":       {ops: ops(permit(ciso, "例外措置は CISO の許可を得る（軽微なものは情報セキュリティ統括責任者の許可）"))},
	"9.5.2":       {ops: ops(record("緊急時の例外措置と CISO への事後報告", "日時", "措置内容", "理由", "報告日")), refs: []string{"9.5.1"}},
	"9.5.3":       {ops: ops(record("例外措置の申請書及び審査結果を保管する")), refs: []string{"9.5.1"}},
	"9.6":         {ops: ops(self("職務に関係する法令を遵守しているか"))},
	"9.7.1":       {f: c.Informative, ob: roles(st), ops: ops(info("懲戒処分の対象となることを周知する"))},
	"9.7.2.ア":     {f: c.Obligation, ops: ops(record("違反の通知と再発防止の指導を記録する"))},
	"9.7.2.イ":     {f: c.Obligation, ops: ops(record("情報資産の使用権の停止・剥奪を記録する"))},
	"9.7.2.ウ":     {f: c.Obligation, ops: ops(record("違反行為と措置の状況の報告", "違反行為の内容", "指導内容", "措置の状況"))},
	"10.1.1":      {ob: roles(sa, mg), ops: ops(check("委託先選定時に情報セキュリティ対策の実施が確保されることを確認する"))},
	"10.1.2.ア":    {ob: roles(sa, mg), ops: ops(check("委託契約書に記載事項が明記されていることを点検する"))},
	"10.1.2.イ":    {ob: roles(sa, mg), refs: []string{"10.1.2.ア"}},
	"10.1.3":      {ops: ops(periodic("定期的", "委託先の取組み状況の調査を予定し、結果を記録する"))},
	"10.1.4":      {ob: roles(sa, mg), ops: ops(check("再委託先にも契約事項と確認・措置が適用されていることを確認する"))},
	"10.2":        {f: c.Obligation, ob: roles(ciso, mg), ops: ops(check("外部サービスの利用が利用基準に基づいていることを確認する"))},
	"11.1.2.イ":    {ob: roles(ad)},
	"11.1.3.ア":    {add: ops(record("監査実施計画と CISO への報告"))},
	"11.1.3.イ":    {ob: roles(mg, st), ops: ops(check("被監査部門が監査に協力したことを確認する"))},
	"11.1.4":      {ops: ops(periodic("定期的", "委託事業者に対する監査を予定し、実施を記録する"))},
	"11.1.5":      {ops: ops(record("監査結果の CISO への報告"))},
	"11.1.6":      {ops: ops(record("監査証拠と監査調書を保管する"))},
	"11.1.8":      {refs: []string{"11.3"}},
	"11.2.1.ア":    {ops: ops(periodic("定期的", "自己点検を予定し、実施を記録する"), self("所管するネットワーク及び情報システムの対策状況の自己点検"))},
	"11.2.1.イ":    {ops: ops(periodic("定期的", "自己点検を予定し、実施を記録する"), self("所属の対策状況の自己点検"))},
	"11.2.2.ア":    {ops: ops(record("自己点検結果と改善策の報告")), refs: []string{"11.2.1"}},
	"11.2.2.イ":    {ops: ops(record("点検結果と改善策の CISO への報告"))},
	"11.2.3.イ":    {refs: []string{"11.3"}},
	"11.3":        {f: c.Obligation, refs: []string{"11.1", "11.2"}},
}
