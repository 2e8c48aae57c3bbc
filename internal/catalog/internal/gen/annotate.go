package main

import (
	"regexp"
	"slices"
	"strings"

	"kijun/internal/catalog"
)

// roleWords maps the words of the text to roles, longest first so that
// 情報セキュリティ管理者 is not read as 情報管理者.
var roleWords = []struct {
	word string
	role catalog.Role
}{
	{"情報セキュリティ監査統括責任者", catalog.RoleAuditDirector},
	{"情報セキュリティ最高責任者", catalog.RoleCISO},
	{"情報セキュリティ統括責任者", catalog.RoleSecurityDirector},
	{"情報セキュリティ管理者", catalog.RoleSecurityManager},
	{"情報基盤管理者", catalog.RoleInfraManager},
	{"業務システム責任者", catalog.RoleSystemOwner},
	{"業務システム管理者", catalog.RoleSystemAdmin},
	{"情報責任者", catalog.RoleInfoOfficer},
	{"情報管理者", catalog.RoleInfoManager},
	{"CISO", catalog.RoleCISO},
	{"CSIRT", catalog.RoleCSIRT},
	{"施設管理部門", catalog.RoleFacilities},
	{"委託業務従事者", catalog.RoleContractor},
	{"委託事業者", catalog.RoleContractor},
	{"職員等", catalog.RoleStaff},
	{"メールアドレス保有者", catalog.RoleStaff},
}

var (
	subjectRe  = regexp.MustCompile(`^(.{1,60}?)は、?`)
	approverRe = regexp.MustCompile(`(CISO|情報セキュリティ統括責任者|情報セキュリティ管理者|情報基盤管理者|業務システム責任者|情報管理者|当該責任者)(?:の|に|が)(?:事前に)?(?:許可|承認)`)
	numRefRe   = regexp.MustCompile(`\d+\.\d+(?:\.\d+)?`)
)

// rolesIn returns the roles named in s, in order of first appearance.
func rolesIn(s string) []catalog.Role {
	var out []catalog.Role
	for len(s) > 0 {
		hit := false
		for _, w := range roleWords {
			if strings.HasPrefix(s, w.word) {
				if !slices.Contains(out, w.role) {
					out = append(out, w.role)
				}
				s = s[len(w.word):]
				hit = true
				break
			}
		}
		if !hit {
			_, n := firstRune(s)
			s = s[n:]
		}
	}
	return out
}

func firstRune(s string) (rune, int) {
	for i, r := range s {
		if i > 0 {
			return r, i
		}
		_ = r
	}
	return 0, len(s)
}

// subject returns the roles a sentence puts its duty on: those named before
// its first は, or "staff" when the subject is a person described by what
// they do (情報資産を運搬する者).
func subject(text string) []catalog.Role {
	m := subjectRe.FindStringSubmatch(text)
	if m == nil {
		return nil
	}
	if r := rolesIn(m[1]); len(r) > 0 {
		return r
	}
	if strings.HasSuffix(m[1], "者") {
		return []catalog.Role{catalog.RoleStaff}
	}
	return nil
}

func force(text string) catalog.Force {
	must := strings.Count(text, "なければならない") + strings.Count(text, "ものとする") + strings.Count(text, "こと。")
	effort := strings.Count(text, "努めなければならない") + strings.Count(text, "努めるものとする") + strings.Count(text, "望ましい")
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

// annotate fills the draft annotations: rules first, then the hand
// decisions of overrides.go.
func annotate(c *catalog.Catalog) {
	byID := map[string]*catalog.Provision{}
	for i := range c.Provisions {
		p := &c.Provisions[i]
		byID[p.ID] = p
		parent := byID[p.Parent]
		p.Obliges = subject(p.Text)
		if len(p.Obliges) == 0 && parent != nil && p.Text != "" {
			p.Obliges = slices.Clone(parent.Obliges)
		}
		p.Force = force(p.Text)
		if p.Force == "" { // a list entry: it takes its parent's force
			p.Force = catalog.Informative
			if parent != nil && parent.Force != catalog.Informative {
				p.Force = parent.Force
			}
		}
		for _, r := range numRefRe.FindAllString(p.Text, -1) {
			if r != p.ID && !slices.Contains(p.Refs, r) {
				p.Refs = append(p.Refs, r)
			}
		}
		p.Operations = operations(p)
	}
	for id, o := range overrides {
		p := byID[id]
		if p == nil {
			panic("override for unknown provision " + id)
		}
		o.apply(p)
	}
	for i := range c.Provisions {
		p := &c.Provisions[i]
		if len(p.Operations) == 0 {
			p.Operations = []catalog.Operation{{Kind: catalog.OpInfo, Note: "参照情報として表示する"}}
		}
	}
}

func operations(p *catalog.Provision) []catalog.Operation {
	t := p.Text
	var ops []catalog.Operation
	if p.Force == catalog.Definition || p.Force == catalog.Informative || t == "" {
		return []catalog.Operation{{Kind: catalog.OpInfo, Note: "参照情報として表示する"}}
	}
	if m := approverRe.FindStringSubmatch(t); m != nil || strings.Contains(t, "許可を得") || strings.Contains(t, "許可なく") {
		op := catalog.Operation{Kind: catalog.OpPermit, Note: "許可の申請と許可の記録を残す"}
		if m != nil {
			op.Approver = approverRole(m[1])
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

func approverRole(word string) catalog.Role {
	if word == "当該責任者" {
		return catalog.RoleSecurityDirector
	}
	if r := rolesIn(word); len(r) > 0 {
		return r[0]
	}
	return ""
}
