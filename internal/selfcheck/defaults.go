package selfcheck

import (
	"slices"
	"strings"

	"kijun/internal/catalog"
)

// curated are questions written for the registers: each names the rules
// whose findings contradict a yes, so the answer is checked against the
// records (11.2.1, 9.2.1).
var curated = []Question{
	{Key: "6.4.3.media", Provision: "6.4.3", Audience: Unit, Rules: []string{"medium.encryption"},
		Text: "所管する電磁的記録媒体のうち、機密性2以上の情報資産を保存するものは、すべて暗号化機能を備えていますか。"},
	{Key: "6.4.3.devices", Provision: "6.4.3", Audience: Unit, Rules: []string{"device.encryption"},
		Text: "所管する端末・サーバのうち、機密性2以上の情報資産を扱うものは、すべて記憶装置を暗号化していますか。"},
	{Key: "6.4.1.media", Provision: "6.4.1", Audience: Unit, Rules: []string{"medium.unlocked", "medium.unlocked-holding"},
		Text: "所管する電磁的記録媒体は、使用時以外は管理区域又は施錠できる保管庫に保管していますか。"},
	{Key: "6.4.4.mobile", Provision: "6.4.4", Audience: Unit, Rules: []string{"device.mobile-lock", "device.mobile-wipe", "device.mobile-filter"},
		Text: "所管するモバイル端末は、すべて画面ロック・遠隔消去・覗き見防止の措置を講じていますか。"},
	{Key: "4.2.カ.(1).holders", Provision: "4.2.カ.(1)", Audience: Unit, Rules: []string{"asset.no-holder"},
		Text: "所管する情報資産は、すべて保存先（機器・媒体・システム）を台帳に記録していますか。"},
	{Key: "6.1.2.redundancy", Provision: "6.1.2", Audience: System, Rules: []string{"system.redundancy"},
		Text: "所管するシステムが可用性2以上の情報資産を扱う場合、サーバを冗長化していますか。"},
	{Key: "6.4.2.ア.mfa", Provision: "6.4.2.ア", Audience: System, Rules: []string{"system.mfa"},
		Text: "所管するシステムへのログインは、求められる多要素認証を備えていますか。"},
}

// Defaults are the questions Kijun proposes for c: one for every provision
// the catalog marks for self-check (operation selfcheck), addressed to
// whom the provision obliges, and the curated questions that check the
// registers, where c has their provisions. A city edits them and adds its
// own.
func Defaults(c *catalog.Catalog) []Question {
	var out []Question
	for _, q := range curated {
		if c.Find(q.Provision) != nil {
			q.Rules = slices.Clone(q.Rules)
			out = append(out, q)
		}
	}
	for _, p := range c.Provisions {
		if !slices.ContainsFunc(p.Operations, func(op catalog.Operation) bool { return op.Kind == catalog.OpSelfcheck }) {
			continue
		}
		text := strings.TrimSpace(p.Text)
		if text == "" {
			continue
		}
		out = append(out, Question{Key: p.ID, Provision: p.ID, Audience: audienceOf(p.Obliges),
			Text: "「" + text + "」（" + p.ID + "）を守っていますか。"})
	}
	return out
}

// audienceOf addresses a provision's question to whom it obliges: staff
// answer for themselves, 業務システム管理者 and 情報基盤管理者 for their
// systems, everyone else through their 課's 情報管理者.
func audienceOf(roles []catalog.Role) Audience {
	switch {
	case slices.Contains(roles, catalog.RoleStaff) || slices.Contains(roles, catalog.RoleContractor):
		return Staff
	case slices.Contains(roles, catalog.RoleSystemAdmin) || slices.Contains(roles, catalog.RoleInfraManager):
		return System
	}
	return Unit
}
