package monitor

import (
	"context"
	"slices"
	"strings"

	"kijun/internal/compliance"
	"kijun/internal/compliance/separation"
	"kijun/internal/kijun"
	"kijun/internal/store"
	"kijun/internal/systems"
)

// The settings of the separation proof.
const (
	// SettingModel is the ministry guideline's model the city runs.
	SettingModel = "network.model"
	// SettingApproved lists the connections to 国等 systems that the
	// 情報セキュリティ統括責任者 has approved (5.1ア), by ID, comma-separated.
	SettingApproved = "network.approved_connections"
)

// Settings lists the settings this package reads, with their meaning.
func Settings() []struct{ Key, Meaning string } {
	return []struct{ Key, Meaning string }{
		{SettingModel, "alpha (default), alpha-prime, beta or beta-prime: the guideline's model / 三層の対策のモデル"},
		{SettingApproved, "connections to 国等 systems approved by the 統括責任者, comma-separated (5.1ア) / 承認済みの接続ID"},
	}
}

// CheckSetting reports an EINVALID error when value is not one key takes.
func CheckSetting(key, value string) error {
	switch key {
	case SettingModel:
		_, err := separation.ParseModel(value)
		return err
	case SettingApproved:
		for _, id := range splitList(value) {
			if strings.ContainsAny(id, " :") {
				return kijun.Errorf(kijun.EINVALID, "接続ID %q が正しくありません", id)
			}
		}
		return nil
	}
	return kijun.Errorf(kijun.EINVALID, "unknown setting %q", key)
}

func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// NetworkSettings puts the city's model and approvals on the network.
func NetworkSettings(ctx context.Context, db *store.DB, n *compliance.Network) error {
	set, err := db.Settings(ctx, SettingModel, SettingApproved)
	if err != nil {
		return err
	}
	if v, ok := set[SettingModel]; ok {
		n.Model = v
	}
	if v, ok := set[SettingApproved]; ok {
		n.Approved = map[string]bool{}
		for _, id := range splitList(v) {
			n.Approved[id] = true
		}
	}
	return nil
}

// SeparationInput is the network as the separation proof reads it.
func SeparationInput(n *compliance.Network) separation.Input {
	model, _ := separation.ParseModel(n.Model)
	return separation.Input{Segments: n.Segments, Connections: n.Connections, Systems: n.Systems, Approved: n.Approved, Model: model}
}

// separationFindings proves the three-tier separation of chapter 5 over
// the network in facts; each violation is a finding on the connection to
// fix, explained hop by hop.
func separationFindings(facts *compliance.Facts) []compliance.Finding {
	if facts.Network == nil {
		return nil
	}
	vs := separation.Check(SeparationInput(facts.Network))
	out := make([]compliance.Finding, 0, len(vs))
	for _, v := range vs {
		f := compliance.Finding{Rule: v.Rule, Provision: ProvisionID(v.Clause), Severity: compliance.SeverityHigh,
			Kind: compliance.KindConnection, Subject: v.Subject, Message: v.Message}
		if k, _, ok := strings.Cut(v.Subject, ":"); ok && k == "segment" {
			f.Kind = compliance.KindSegment
		}
		f.SubjectName = v.Subject
		f.Unit = facts.Network.Units[endOf(facts.Network, v.Subject)]
		if len(v.Path) > 0 {
			f.Detail = separation.Explain(v)
		}
		out = append(out, f)
	}
	slices.SortFunc(out, compliance.Compare)
	return out
}

// subjectNames names findings' subjects as people know them: a segment by
// its name, a connection by its ID and the names of both its ends, so that
// "c0007" reads as the link between two places a person can find.
type subjectNames struct {
	ends  map[string]string // end → the register's name
	conns map[string]systems.Connection
}

func newSubjectNames(n *compliance.Network) *subjectNames {
	sn := &subjectNames{ends: map[string]string{}, conns: map[string]systems.Connection{}}
	for _, s := range n.Segments {
		sn.ends["segment:"+s.ID] = s.Name
	}
	for _, s := range n.Systems {
		sn.ends["system:"+s.ID] = s.Name
	}
	for id, name := range systems.Externals {
		sn.ends["external:"+id] = name
	}
	for _, c := range n.Connections {
		sn.conns[c.ID] = c
	}
	return sn
}

// end is the register's name of a connection's end; the end itself when
// the register does not name it.
func (sn *subjectNames) end(end string) string {
	if name := sn.ends[end]; name != "" {
		return name
	}
	return end
}

func (sn *subjectNames) name(subject string) string {
	kind, id, _ := strings.Cut(subject, ":")
	switch kind {
	case "segment":
		if name := sn.ends[subject]; name != "" {
			return name + "（" + id + "）"
		}
	case "connection":
		if c, ok := sn.conns[id]; ok {
			return "接続 " + id + "（" + sn.end(c.From) + " ⇄ " + sn.end(c.To) + "）"
		}
	}
	return subject
}

// endOf returns the end whose 課 answers for a subject: the segment
// itself, or a connection's first end that has a 課.
func endOf(n *compliance.Network, subject string) string {
	kind, id, _ := strings.Cut(subject, ":")
	if kind == "segment" {
		return subject
	}
	for _, c := range n.Connections {
		if c.ID == id {
			if n.Units[c.From] != "" {
				return c.From
			}
			return c.To
		}
	}
	return ""
}

// ProvisionID writes a clause as the catalog names provisions: 5.1ア is
// 5.1.ア, 5.1イ(1) is 5.1.イ.(1).
func ProvisionID(clause string) string {
	var b strings.Builder
	for i, r := range clause {
		if i > 0 && (r > 0x7f || r == '(') {
			prev := clause[:i]
			if !strings.HasSuffix(prev, ".") {
				b.WriteByte('.')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}
