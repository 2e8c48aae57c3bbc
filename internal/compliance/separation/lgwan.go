package separation

import (
	"fmt"
	"strings"

	"kijun/internal/systems"
)

// lgwanSanitised proves 5.2イ: data from the internet side reaches the
// LGWAN side only through an accepted 無害化 method, whether the crossing is
// one connection or a chain through その他 systems. 国等 systems are not
// passed through: LGWAN reaches them by design, and they are the
// 十分に安全性が確保された外部接続先 of 5.1ア, not the city's to sanitise. The search runs
// from the LGWAN side against the flow of data and stops at the internet
// side; paths are reported as the data flows, and grouped by the connection
// that brings them into LGWAN.
func (c *checker) lgwanSanitised() {
	g := c.g
	s := g.search(func(n *node) bool { return n.side == sideLGWAN }, func(n *node) bool { return n.side == sideInternet },
		func(e *edge, u, v int32) bool {
			return g.nodes[v].side != sideMyNumber && g.nodes[v].side != sideKuni && !c.cuts(e) && flows(e, v, u) &&
				!c.model.breakout(e.c, &g.nodes[e.a], &g.nodes[e.b])
		})
	type group struct {
		path  []Hop
		reach int
	}
	groups := map[string]*group{}
	var keys []string
	for _, sink := range s.sinks {
		path := reverse(s.path(sink))
		key := path[len(path)-1].Connection
		if gr := groups[key]; gr != nil {
			gr.reach++
			continue
		}
		groups[key] = &group{path: path, reach: 1}
		keys = append(keys, key)
	}
	for _, key := range keys {
		gr := groups[key]
		first, last := gr.path[0], gr.path[len(gr.path)-1]
		e := &g.edges[g.byID[key]]
		var b strings.Builder
		if len(gr.path) == 1 {
			fmt.Fprintf(&b, "接続 %s はインターネット側の %s から LGWAN 側の %s へ、無害化を通さずにデータを取り込みます（5.2イ）。", key, first.From, last.To)
		} else {
			fmt.Fprintf(&b, "インターネット側の %s から LGWAN 側の %s へ、%d 本の接続を通って無害化なしでデータが届きます（5.2イ）。", first.From, last.To, len(gr.path))
		}
		if e.c.Sanitisation != systems.SanitiseNone && e.c.Sanitisation != "" && !c.model.sanitises(e.c) {
			fmt.Fprintf(&b, "無害化「%s」は方式「%s」には使えません。", e.c.Sanitisation.Label(), e.c.Channel.Label())
		}
		fmt.Fprintf(&b, "接続 %s でメールテキスト化・画面転送・ファイル無害化のいずれかを使うか、遮断してください。", key)
		if c.model == Beta || c.model == BetaPrime {
			b.WriteString("βモデルでは画面転送による接続も認められます。")
		}
		if gr.reach > 1 {
			fmt.Fprintf(&b, "この接続にはほかに %d か所のインターネット側から届きます。", gr.reach-1)
		}
		c.add(RuleLGWANSanitised, "connection:"+key, b.String(), gr.path)
	}
}

// securityCloud proves 5.3イ as far as the register can: external:internet
// is the internet through the prefecture's セキュリティクラウド, which the
// city reaches from its インターネット接続系. A direct link to it from a
// その他 system is a way out that the internet zone's monitoring (5.3ア)
// and the cloud's aggregation do not see. Links to it from the
// マイナンバー利用事務系 or the LGWAN side are findings of 5.1ア and 5.2イ
// already, and links between externals are not the city's.
func (c *checker) securityCloud() {
	for i := range c.g.edges {
		e := &c.g.edges[i]
		a, b := &c.g.nodes[e.a], &c.g.nodes[e.b]
		other := a
		switch {
		case a.end == endInternet:
			other = b
		case b.end != endInternet:
			continue
		}
		if other.side != sideOther {
			continue
		}
		c.add(RuleSecurityCloud, "connection:"+e.c.ID, fmt.Sprintf("その他の情報システムの %s が接続 %s でインターネットに直接つながっています（5.3イ）。インターネットとの通信はインターネット接続系を通し、自治体情報セキュリティクラウドに集約してください。", other.end, e.c.ID), one(e, c.g))
	}
}

// unknownEnds reports ends that name no segment or system in the input:
// the proof cannot place them in a zone, so it treats them as neither side.
func (c *checker) unknownEnds() {
	for i := range c.g.nodes {
		n := &c.g.nodes[i]
		if n.known {
			continue
		}
		var ids []string
		for _, ei := range n.edges {
			ids = append(ids, c.g.edges[ei].c.ID)
		}
		c.add(RuleRegisterUnknownEnd, n.end, fmt.Sprintf("接続 %s の端 %s はネットワーク台帳にも情報システム台帳にもありません。区分が分からないため、分離の検査ではどの系にも属さないものとして扱いました。台帳に登録するか、接続を直してください。", strings.Join(ids, "・"), n.end), nil)
	}
}
