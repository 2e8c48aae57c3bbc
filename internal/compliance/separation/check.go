package separation

import (
	"cmp"
	"slices"

	"kijun/internal/systems"
)

// Input is the network register to prove, and what the register cannot say
// by itself.
type Input struct {
	Segments    []systems.Segment
	Connections []systems.Connection
	// Systems give the zones of system:ID ends.
	Systems []systems.System
	// Approved holds the IDs of connections to 国等 systems that the
	// 情報セキュリティ統括責任者 has approved (5.1ア ただし書き).
	Approved map[string]bool
	// Model is the guideline's network model the city follows; blank is
	// Alpha.
	Model Model
}

// Hop is one connection of a path, in the direction the path is read.
type Hop struct {
	From, To         string       // ends: segment:ID, system:ID or external:...
	FromName, ToName string       // the ends' names in the register
	FromZone, ToZone systems.Zone // an external end has its ZoneExternal... zone
	Connection       string       // the connection's ID
	Channel          systems.Channel
	Protocol         string
	Ports            string
	Sanitisation     systems.Sanitisation
	// Reversed is true when the path goes against the connection's own
	// From and To, which a network link allows both ways.
	Reversed bool
}

// Violation is a place where the register breaks the separation of
// chapter 5.
type Violation struct {
	Rule    string // stable ID, such as separation.mynumber-internet
	Clause  string // the standard's clause, such as 5.1ア
	Subject string // what to fix: connection:ID, segment:ID or an end
	Message string // in Japanese: what is wrong and how to fix it
	Path    []Hop  // the path that breaks the rule, hop by hop; one hop for a single connection
}

// The rules Check proves.
const (
	// RulePrefix begins the ID of every rule of the proof.
	RulePrefix             = "separation."
	RuleMyNumberInternet   = "separation.mynumber-internet"
	RuleMyNumberLimited    = "separation.mynumber-unrestricted"
	RuleApproval           = "separation.approval-scope"
	RuleLGWANSanitised     = "separation.lgwan-unsanitised"
	RuleSecurityCloud      = "separation.internet-outside-cloud"
	RuleMyNumberWireless   = "separation.mynumber-wireless"
	RuleMyNumberRemote     = "separation.mynumber-remote-access"
	RuleRegisterUnknownEnd = "separation.unknown-end"
)

// RuleSpec names a rule and the clause it proves.
type RuleSpec struct {
	Rule, Clause, Title string
}

// Rules lists the rules in the order Check reports them.
func Rules() []RuleSpec {
	return []RuleSpec{
		{RuleMyNumberInternet, "5.1ア", "マイナンバー利用事務系からインターネットへの経路がない"},
		{RuleMyNumberLimited, "5.1ア", "マイナンバー利用事務系の外への接続はアドレスとポートで限定する"},
		{RuleApproval, "5.1ア", "承認は国等のシステムへの接続にだけ与える"},
		{RuleLGWANSanitised, "5.2イ", "インターネット側から LGWAN 側へは無害化を通す"},
		{RuleSecurityCloud, "5.3イ", "インターネットへはインターネット接続系からセキュリティクラウドを経由する"},
		{RuleMyNumberWireless, "8.1.15イ", "マイナンバー利用事務系は無線 LAN を使わない"},
		{RuleMyNumberRemote, "6.3.6", "執務区域外からマイナンバー利用事務系に接続できない"},
		{RuleRegisterUnknownEnd, "5", "接続の端がすべて台帳にある"},
	}
}

// Check proves the register against the separation rules of chapter 5,
// 6.3.6 and 8.1.15イ under in.Model, and returns every violation, ordered
// by rule, then subject. The same register gives the same result whatever
// the order of its rows.
func Check(in Input) []Violation {
	c := &checker{g: newGraph(in), model: in.Model.orAlpha(), approved: map[string]bool{}}
	c.approvals(in.Approved)
	c.myNumberInternet()
	c.myNumberLimited()
	c.lgwanSanitised()
	c.securityCloud()
	c.myNumberWirelessAndRemote()
	c.unknownEnds()
	order := map[string]int{}
	for i, r := range Rules() {
		order[r.Rule] = i
	}
	slices.SortStableFunc(c.out, func(a, b Violation) int {
		return cmp.Or(cmp.Compare(order[a.Rule], order[b.Rule]), cmp.Compare(a.Subject, b.Subject), cmp.Compare(a.Message, b.Message))
	})
	return c.out
}

type checker struct {
	g        *graph
	model    Model
	approved map[string]bool // connection IDs whose approval applies
	out      []Violation
}

func (c *checker) add(rule, subject, msg string, path []Hop) {
	clause := ""
	for _, r := range Rules() {
		if r.Rule == rule {
			clause = r.Clause
		}
	}
	c.out = append(c.out, Violation{Rule: rule, Clause: clause, Subject: subject, Message: msg, Path: path})
}

// touches reports whether e has an end on side s, and returns that end
// and the other.
func (c *checker) touches(e *edge, s side) (in, out *node, ok bool) {
	a, b := &c.g.nodes[e.a], &c.g.nodes[e.b]
	switch {
	case a.side == s:
		return a, b, true
	case b.side == s:
		return b, a, true
	}
	return nil, nil, false
}

// cuts reports whether e is a 無害化 gateway that ends a network path: an
// accepted method of 5.2イ on a connection that does not touch the
// マイナンバー利用事務系, which no 無害化 opens to anything (5.1ア).
func (c *checker) cuts(e *edge) bool {
	if _, _, mn := c.touches(e, sideMyNumber); mn {
		return false
	}
	return c.model.sanitises(e.c)
}

// crossing reports whether e joins the LGWAN side and the internet side.
func (c *checker) crossing(e *edge) bool {
	a, b := c.g.nodes[e.a].side, c.g.nodes[e.b].side
	return a == sideLGWAN && b == sideInternet || a == sideInternet && b == sideLGWAN
}

// flows reports whether data can go from node u to node v over e: mail and
// file transfers carry data from their From end to their To end only;
// network links and screen transfers carry it both ways.
func flows(e *edge, u, v int32) bool {
	if e.c.OneWay {
		return e.a == u && e.b == v
	}
	return true
}

func one(e *edge, g *graph) []Hop { return []Hop{g.hop(e, e.a, e.b)} }
