package convert

import (
	"regexp"
	"slices"
	"strings"

	"kijun/internal/catalog"
)

var subjectRe = regexp.MustCompile(`^(.{1,60}?)は、?`)

// Force reads what kind of rule a sentence is from how it ends:
// しなければならない and ものとする oblige, してはならない forbids, 努める asks
// for effort, できる permits, をいう and 〜とする define.
func Force(text string) catalog.Force {
	must := strings.Count(text, "なければならない") + strings.Count(text, "ものとする") + strings.Count(text, "こと。")
	effort := strings.Count(text, "努めなければならない") + strings.Count(text, "努めるものとする") + strings.Count(text, "努める。") +
		strings.Count(text, "努めること。") + strings.Count(text, "望ましい")
	switch {
	case text == "":
		return catalog.Informative
	case effort > 0 && must <= effort:
		return catalog.Effort
	case strings.Contains(text, "てはならない") && must == 0:
		return catalog.Prohibition
	case must > 0:
		return catalog.Obligation
	case strings.Contains(text, "ことができる"):
		return catalog.Permission
	case strings.Contains(text, "権限及び責任を有する"), strings.Contains(text, "をいう"), strings.HasSuffix(text, "とする。"):
		return catalog.Definition
	case strings.HasSuffix(text, "。"):
		return catalog.Obligation
	}
	return ""
}

// subject returns the roles a sentence puts its duty on: those named before
// its first は, or staff when the subject is a person described by what they
// do (情報資産を運搬する者).
func (r *Roles) subject(text string) []catalog.Role {
	m := subjectRe.FindStringSubmatch(text)
	if m == nil {
		return nil
	}
	if rs := r.In(m[1]); len(rs) > 0 {
		return rs
	}
	if strings.HasSuffix(m[1], "者") {
		return []catalog.Role{catalog.RoleStaff}
	}
	return nil
}

// annotate proposes who each provision obliges, its force and its
// operations; a list entry without a sentence of its own takes its parent's.
// References are found by the shape's own reader.
func annotate(c *catalog.Catalog, roles *Roles) {
	approver := approverPattern(roles)
	byID := map[string]*catalog.Provision{}
	for i := range c.Provisions {
		p := &c.Provisions[i]
		byID[p.ID] = p
		parent := byID[p.Parent]
		p.Obliges = roles.subject(p.Text)
		if len(p.Obliges) == 0 && parent != nil && p.Text != "" {
			p.Obliges = slices.Clone(parent.Obliges)
		}
		p.Force = Force(p.Text)
		if p.Force == "" { // a list entry: it takes its parent's force
			p.Force = catalog.Informative
			if parent != nil && parent.Force != catalog.Informative {
				p.Force = parent.Force
			}
		}
		p.Operations = operations(p, roles, approver)
	}
}

func approverPattern(roles *Roles) *regexp.Regexp {
	words := roles.words()
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(`(` + strings.Join(append(words, "当該責任者"), "|") + `)(?:の|に|が)(?:事前に)?(?:許可|承認)`)
}

func operations(p *catalog.Provision, roles *Roles, approver *regexp.Regexp) []catalog.Operation {
	info := []catalog.Operation{{Kind: catalog.OpInfo, Note: "参照情報として表示する"}}
	t := p.Text
	if p.Force == catalog.Definition || p.Force == catalog.Informative || t == "" {
		return info
	}
	var ops []catalog.Operation
	if m := approver.FindStringSubmatch(t); m != nil || strings.Contains(t, "許可を得") || strings.Contains(t, "許可なく") {
		op := catalog.Operation{Kind: catalog.OpPermit, Note: "許可の申請と許可の記録を残す"}
		if m != nil {
			if m[1] == "当該責任者" {
				op.Approver = catalog.RoleSecurityDirector
			} else if rs := roles.In(m[1]); len(rs) > 0 {
				op.Approver = rs[0]
			}
		}
		ops = append(ops, op)
	}
	for _, w := range []string{"記録を作成", "記録しなければ", "記録を保存", "記録し、", "作業記録", "障害記録", "変更履歴を作成", "記録を取得"} {
		if strings.Contains(t, w) {
			ops = append(ops, catalog.Operation{Kind: catalog.OpRecord, Note: "記録を作成し改ざんされないよう保存する"})
			break
		}
	}
	switch {
	case strings.Contains(t, "毎年度"):
		ops = append(ops, catalog.Operation{Kind: catalog.OpPeriodic, Frequency: "毎年度", Note: "実施予定を立て、実施を記録する"})
	case strings.Contains(t, "概ね6か月"):
		ops = append(ops, catalog.Operation{Kind: catalog.OpPeriodic, Frequency: "概ね6か月", Note: "期限を管理し、実施を記録する"})
	case strings.Contains(t, "常時"):
		ops = append(ops, catalog.Operation{Kind: catalog.OpPeriodic, Frequency: "常時", Note: "監視の体制と結果を記録する"})
	case strings.Contains(t, "定期的"):
		ops = append(ops, catalog.Operation{Kind: catalog.OpPeriodic, Frequency: "定期的", Note: "実施予定を立て、実施を記録する"})
	}
	staffOnly := len(p.Obliges) > 0
	for _, r := range p.Obliges {
		if r != catalog.RoleStaff && r != catalog.RoleContractor {
			staffOnly = false
		}
	}
	if staffOnly {
		ops = append(ops, catalog.Operation{Kind: catalog.OpSelfcheck, Note: "職員等の自己点検の設問として遵守状況を確かめる"})
	} else if len(ops) == 0 {
		ops = append(ops, catalog.Operation{Kind: catalog.OpCheck, Note: "措置の実施状況を点検し、結果を記録する"})
	}
	return ops
}
