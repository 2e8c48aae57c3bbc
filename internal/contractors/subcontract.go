package contractors

import (
	"strings"
	"time"

	"kijun/internal/kijun"
)

// LinkState is where a 再委託 link stands.
type LinkState string

// The states of a link.
const (
	// LinkRequested: the contractor asks to pass the work on; not in
	// force until approved.
	LinkRequested LinkState = "requested"
	// LinkActive: in force, under an approval (10.1.4).
	LinkActive LinkState = "active"
	// LinkFound: passed on without the city's approval and found out (the
	// 尼崎 case). It stays a finding until approved or ended.
	LinkFound LinkState = "found"
	// LinkEnded: no longer in force.
	LinkEnded LinkState = "ended"
)

// LinkStates lists the states in order.
func LinkStates() []LinkState {
	return []LinkState{LinkRequested, LinkActive, LinkFound, LinkEnded}
}

// Label is the state's Japanese name.
func (s LinkState) Label() string {
	switch s {
	case LinkRequested:
		return "承認申請中"
	case LinkActive:
		return "承認済・実施中"
	case LinkFound:
		return "無承認（発覚）"
	case LinkEnded:
		return "終了"
	}
	return string(s)
}

// ParseLinkState reads a state by identifier or Japanese name.
func ParseLinkState(s string) (LinkState, bool) {
	for _, st := range LinkStates() {
		if s == string(st) || s == st.Label() {
			return st, true
		}
	}
	return "", false
}

// Link is one 再委託: within a contract, From passes Part of the work to
// To. The contract's contractor is the root of the chain; a link from a
// sub-contractor is a 再々委託, and so on to any depth.
type Link struct {
	ID       string    `json:"id"`
	Contract string    `json:"contract"`
	From     string    `json:"from"`
	To       string    `json:"to"`
	Part     string    `json:"part"`
	State    LinkState `json:"state"`
	// Permit is the request of type subcontract that approves the link,
	// decided by the 情報管理者 of the contract's 課; 0 for none.
	Permit    int64     `json:"permit,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	Version   int       `json:"version"`
}

// The form fields of a link.
const (
	FieldGiver    = "from_contractor"
	FieldReceiver = "to_contractor"
	FieldPart     = "part"
	FieldPermit   = "permit"
)

// Check returns what is wrong with l on its own.
func (l Link) Check() []kijun.FieldError {
	fe := &kijun.FieldErrors{}
	checkID(fe, FieldID, "再委託番号", l.ID)
	if l.Contract == "" {
		fe.Add(FieldContract, "契約番号を入力してください")
	}
	if l.From == "" {
		fe.Add(FieldGiver, "再委託する事業者（委託元）を入力してください")
	}
	if l.To == "" {
		fe.Add(FieldReceiver, "再委託を受ける事業者（委託先）を入力してください")
	}
	if l.From != "" && l.From == l.To {
		fe.Add(FieldReceiver, "事業者 %s が自らに再委託することになっています。委託元と委託先を別の事業者にしてください（10.1.4）", l.To)
	}
	if l.Part == "" {
		fe.Add(FieldPart, "再委託する業務の範囲を入力してください")
	}
	fe.Text(FieldPart, "再委託する業務の範囲", l.Part, kijun.MaxNote, true)
	if _, ok := ParseLinkState(string(l.State)); !ok {
		fe.Add(FieldState, "状態 %q はありません（承認申請中・承認済・実施中・無承認（発覚）・終了）", l.State)
	}
	if l.State == LinkActive && l.Permit == 0 {
		fe.Add(FieldPermit, "再委託を実施中にするには、所管課の情報管理者の承認（申請番号）が必要です（10.1.4）")
	}
	return fe.Fields
}

// Chain is the 再委託 tree of one contract: its root is the contractor the
// city signed with, and each link hangs from the contractor passing the
// work. Links that have ended are left out: they no longer carry work.
type Chain struct {
	Root  string
	Links []Link
	// up holds, for each contractor below the root, the link it receives
	// the work by.
	up map[string]*Link
}

// NewChain builds the chain of a contract whose contractor is root.
func NewChain(root string, links []Link) *Chain {
	c := &Chain{Root: root, up: map[string]*Link{}}
	for _, l := range links {
		if l.State == LinkEnded {
			continue
		}
		c.Links = append(c.Links, l)
	}
	for i := range c.Links {
		c.up[c.Links[i].To] = &c.Links[i]
	}
	return c
}

// Path returns the contractors from the root down to who, and whether who
// is in the chain. A chain stored before a link went wrong is walked at
// most once round, so a loop ends the walk.
func (c *Chain) Path(who string) ([]string, bool) {
	var rev []string
	seen := map[string]bool{}
	for at := who; ; {
		if seen[at] {
			return nil, false
		}
		seen[at] = true
		rev = append(rev, at)
		if at == c.Root {
			break
		}
		l, ok := c.up[at]
		if !ok {
			return nil, false
		}
		at = l.From
	}
	out := make([]string, len(rev))
	for i, v := range rev {
		out[len(rev)-1-i] = v
	}
	return out, true
}

// LinkPath returns the contractors of the chain down to l's receiver.
func (c *Chain) LinkPath(l Link) []string {
	p, ok := c.Path(l.From)
	if !ok {
		p = []string{c.Root, "…", l.From}
	}
	return append(p, l.To)
}

// Links of one contractor: what it passes on.
func (c *Chain) Below(who string) []Link {
	var out []Link
	for _, l := range c.Links {
		if l.From == who {
			out = append(out, l)
		}
	}
	return out
}

// Check says why l cannot join the chain (or replace the link of its ID):
// its giver must already be in the chain, and its receiver must be
// neither the root nor anyone above the giver, nor hold the work already
// by another link, so the chain stays a tree with no loop (10.1.4).
func (c *Chain) Check(l Link) []kijun.FieldError {
	fe := &kijun.FieldErrors{}
	if l.State == LinkEnded {
		return nil
	}
	others := make([]Link, 0, len(c.Links))
	for _, o := range c.Links {
		if o.ID != l.ID {
			others = append(others, o)
		}
	}
	rest := NewChain(c.Root, others)
	path, ok := rest.Path(l.From)
	if !ok {
		fe.Add(FieldGiver, "事業者 %s はこの契約の再委託の連鎖にいません。契約の相手方（%s）か、既に再委託を受けた事業者から再委託してください", l.From, c.Root)
		return fe.Fields
	}
	if l.To == c.Root {
		fe.Add(FieldReceiver, "事業者 %s はこの契約の相手方です。%s から %s への再委託は連鎖を一周させます（%s）", l.To, l.From, l.To, strings.Join(append(path, l.To), " → "))
		return fe.Fields
	}
	for _, p := range path {
		if p == l.To {
			fe.Add(FieldReceiver, "事業者 %s は既にこの連鎖の上位にいます。再委託が一周します（%s）", l.To, strings.Join(append(path, l.To), " → "))
			return fe.Fields
		}
	}
	if o, ok := rest.up[l.To]; ok {
		fe.Add(FieldReceiver, "事業者 %s は既に再委託 %s で %s から業務を受けています。1 つの契約で同じ事業者が受けるのは 1 か所からです", l.To, o.ID, o.From)
	}
	// The receiver's own links must not loop back to the giver's chain.
	if below := rest.subtree(l.To); below[l.From] {
		fe.Add(FieldReceiver, "事業者 %s は %s の下位に再委託しています。再委託が一周します", l.To, l.From)
	}
	return fe.Fields
}

// subtree returns every contractor that receives work below who.
func (c *Chain) subtree(who string) map[string]bool {
	out := map[string]bool{}
	var walk func(string)
	walk = func(at string) {
		for _, l := range c.Links {
			if l.From == at && !out[l.To] {
				out[l.To] = true
				walk(l.To)
			}
		}
	}
	walk(who)
	return out
}

// Depth is how deep l sits: 1 for a 再委託, 2 for a 再々委託.
func (c *Chain) Depth(l Link) int { return len(c.LinkPath(l)) - 1 }
