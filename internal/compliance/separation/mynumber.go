package separation

import (
	"fmt"
	"slices"
	"strings"
)

// approvals keeps the approvals that 5.1ア ただし書き allows: connections to
// 国等 systems (external:kuni), or a マイナンバー利用事務系 connection onto
// LGWAN (external:lgwan) that carries that traffic. Any other approval, or
// one naming no connection, is reported rather than trusted.
func (c *checker) approvals(approved map[string]bool) {
	var ids []string
	for id, ok := range approved {
		if ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		ei, ok := c.g.byID[id]
		if !ok {
			c.add(RuleApproval, "connection:"+id, fmt.Sprintf("承認された接続 %s はネットワーク台帳にありません。承認の記録を台帳に合わせてください。", id), nil)
			continue
		}
		e := &c.g.edges[ei]
		a, b := &c.g.nodes[e.a], &c.g.nodes[e.b]
		mnLGWAN := a.side == sideMyNumber && b.end == endLGWAN || b.side == sideMyNumber && a.end == endLGWAN
		if a.end == endKuni || b.end == endKuni || mnLGWAN {
			c.approved[id] = true
			continue
		}
		c.add(RuleApproval, "connection:"+id, fmt.Sprintf("接続 %s は国等のシステム（external:kuni）へも LGWAN 経由の国等への接続（external:lgwan）へも向かっていないため、情報セキュリティ統括責任者の承認を適用できません。この接続は承認なしとして検査しています。", id), one(e, c.g))
	}
}

// myNumberInternet proves 5.1ア: no chain of connections, taken both ways,
// joins the マイナンバー利用事務系 to the internet side, except through an
// approved connection to 国等 systems. A 無害化 gateway between LGWAN and
// the internet ends a path: it passes text, pixels or cleaned files, not
// packets. Each finding is the shortest path to one part of the internet
// side; findings that would name the same connection to fix are one.
func (c *checker) myNumberInternet() {
	g := c.g
	step := func(e *edge, _, _ int32) bool { return !c.approved[e.c.ID] && !c.cuts(e) }
	s := g.search(func(n *node) bool { return n.side == sideMyNumber }, func(n *node) bool { return n.side == sideInternet }, step)
	// out leads each part of the internet side to the internet itself, so
	// that a path shows its way out too.
	out := g.search(func(n *node) bool { return n.end == endInternet }, func(*node) bool { return false },
		func(e *edge, _, v int32) bool { return g.nodes[v].side == sideInternet && step(e, 0, 0) })
	type group struct {
		path    []Hop
		reach   int
		viaKuni bool
	}
	groups := map[string]*group{}
	var keys []string
	for _, sink := range s.sinks {
		path := s.path(sink)
		for n := sink; out.parent[n] >= 0; {
			e := &g.edges[out.parent[n]]
			u := e.other(n)
			path = append(path, g.hop(e, n, u))
			n = u
		}
		blame := 0
		for i, h := range path {
			e := &g.edges[g.byID[h.Connection]]
			if c.crossing(e) && !c.model.breakout(e.c, &g.nodes[e.a], &g.nodes[e.b]) {
				blame = i
				break
			}
		}
		key := path[blame].Connection
		if gr := groups[key]; gr != nil {
			gr.reach++
			continue
		}
		gr := &group{path: path, reach: 1}
		for _, h := range path {
			gr.viaKuni = gr.viaKuni || h.To == endKuni
		}
		groups[key] = gr
		keys = append(keys, key)
	}
	for _, key := range keys {
		gr := groups[key]
		first, last := gr.path[0], gr.path[len(gr.path)-1]
		var b strings.Builder
		fmt.Fprintf(&b, "マイナンバー利用事務系の %s からインターネット側の %s まで、%d 本の接続でつながっています（5.1ア）。", first.From, last.To, len(gr.path))
		switch {
		case c.crossing(&g.edges[g.byID[key]]):
			fmt.Fprintf(&b, "LGWAN 側とインターネット側をつなぐ接続 %s を無害化（メールテキスト化・画面転送・ファイル無害化）に改めるか、遮断してください。", key)
		case gr.viaKuni:
			fmt.Fprintf(&b, "接続 %s を遮断するか、国等のシステムへの接続であれば情報セキュリティ統括責任者の承認を記録してください（5.1ア ただし書き）。", key)
		default:
			fmt.Fprintf(&b, "接続 %s を遮断し、マイナンバー利用事務系の外部接続先がインターネット等とつながらないようにしてください。", key)
		}
		if gr.reach > 1 {
			fmt.Fprintf(&b, "この接続からはほかに %d か所のインターネット側に届きます。", gr.reach-1)
		}
		c.add(RuleMyNumberInternet, "connection:"+key, b.String(), gr.path)
	}
}

// myNumberLimited proves the second sentence of 5.1ア: a connection between
// the マイナンバー利用事務系 and anything outside it is limited by address
// (Restriction) and by port.
func (c *checker) myNumberLimited() {
	for i := range c.g.edges {
		e := &c.g.edges[i]
		_, other, ok := c.touches(e, sideMyNumber)
		if !ok || other.side == sideMyNumber || limited(e.c) {
			continue
		}
		var missing []string
		if strings.TrimSpace(e.c.Restriction) == "" {
			missing = append(missing, "通信経路（MAC アドレス・IP アドレス）")
		}
		if strings.TrimSpace(e.c.Ports) == "" {
			missing = append(missing, "アプリケーションプロトコル（ポート番号）")
		}
		c.add(RuleMyNumberLimited, "connection:"+e.c.ID, fmt.Sprintf("マイナンバー利用事務系と %s を結ぶ接続 %s に %s の限定がありません（5.1ア）。許可する相手とポートを台帳に記録し、それ以外の通信を遮断してください。",
			ZoneLabel(other.zone), e.c.ID, strings.Join(missing, "と")), one(e, c.g))
	}
}

// myNumberWirelessAndRemote proves 8.1.15イ (the マイナンバー利用事務系
// uses no wireless LAN) and 6.3.6 (no mobile terminal outside the office
// reaches it). Only what touches the zone is checked: anything further
// away must pass a connection whose address allow-list 5.1ア requires.
func (c *checker) myNumberWirelessAndRemote() {
	for i := range c.g.nodes {
		n := &c.g.nodes[i]
		if n.side == sideMyNumber && n.wireless && strings.HasPrefix(n.end, "segment:") {
			c.add(RuleMyNumberWireless, n.end, fmt.Sprintf("マイナンバー利用事務系のセグメント %s（%s）が無線 LAN です（8.1.15イ）。有線に改めてください。", n.end, n.name), nil)
		}
	}
	for i := range c.g.edges {
		e := &c.g.edges[i]
		mn, other, ok := c.touches(e, sideMyNumber)
		if !ok {
			continue
		}
		if e.c.Wireless || other.wireless {
			what := "無線の接続です"
			if !e.c.Wireless {
				what = fmt.Sprintf("無線 LAN のセグメント %s につながっています", other.end)
			}
			c.add(RuleMyNumberWireless, "connection:"+e.c.ID, fmt.Sprintf("マイナンバー利用事務系の %s への接続 %s が%s（8.1.15イ）。マイナンバー利用事務系は無線 LAN を利用できません。有線に改めるか遮断してください。", mn.end, e.c.ID, what), one(e, c.g))
		}
		if e.c.RemoteAccess {
			c.add(RuleMyNumberRemote, "connection:"+e.c.ID, fmt.Sprintf("接続 %s は執務区域外からのリモートアクセスでマイナンバー利用事務系の %s に届きます（6.3.6）。執務区域外のモバイル端末からは接続できないようにしてください。", e.c.ID, mn.end), one(e, c.g))
		}
	}
}
