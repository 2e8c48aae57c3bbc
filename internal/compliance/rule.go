package compliance

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
	"go.yaml.in/yaml/v3"

	"kijun/internal/kijun"
)

// Severity is how serious a finding is.
type Severity string

// The severities, most serious first.
const (
	SeverityHigh   Severity = "high"
	SeverityMedium Severity = "medium"
	SeverityLow    Severity = "low"
)

// Severities lists the severities, most serious first.
func Severities() []Severity { return []Severity{SeverityHigh, SeverityMedium, SeverityLow} }

// Label is the severity's Japanese name.
func (s Severity) Label() string {
	switch s {
	case SeverityHigh:
		return "高"
	case SeverityMedium:
		return "中"
	case SeverityLow:
		return "低"
	}
	return string(s)
}

// Rank orders severities: 3 for high down to 1 for low, 0 for unknown.
func (s Severity) Rank() int {
	switch s {
	case SeverityHigh:
		return 3
	case SeverityMedium:
		return 2
	case SeverityLow:
		return 1
	}
	return 0
}

// ParseSeverity reads a severity by its identifier or Japanese name.
func ParseSeverity(s string) (Severity, bool) {
	for _, v := range Severities() {
		if s == string(v) || s == v.Label() {
			return v, true
		}
	}
	return Severity(s), false
}

// Rule is one check of the registers against a provision.
type Rule struct {
	// ID is the rule's stable name; findings keep it across runs.
	ID string `yaml:"id"`
	// Provision is the catalog provision the rule checks (6.1.2,
	// 5.1.イ.(1)).
	Provision string   `yaml:"provision"`
	Applies   Kind     `yaml:"applies"`
	Severity  Severity `yaml:"severity"`
	// When is an expr condition over the record's facts: true when the
	// record falls short.
	When string `yaml:"when"`
	// Message says what is wrong and how to fix it, in Japanese.
	Message string `yaml:"message"`
	// Detail is an optional expr string naming the particulars (which
	// software, which protection), shown after the message.
	Detail string `yaml:"detail,omitempty"`

	when, detail *vm.Program
	// reads are the fields of the record the condition reads.
	reads map[string]bool
}

// Ruleset is a city's rules, as loaded from one file.
type Ruleset struct {
	// Version names the rule file, so a finding can say which rules found it.
	Version string `yaml:"version"`
	Rules   []Rule `yaml:"rules"`
	byKind  map[Kind][]*Rule
	byID    map[string]*Rule
}

// envs are the facts each kind of rule reads.
var envs = map[Kind]any{
	KindSystem: &System{}, KindAsset: &Asset{}, KindDevice: &Device{}, KindMedium: &Medium{}, KindArea: &Area{},
	KindSegment: &Segment{}, KindConnection: &Connection{}, KindAccount: &Account{}, KindRole: &Role{},
	KindRequest: &Request{}, KindContract: &Contract{}, KindLink: &Link{}, KindTraining: &Training{},
	KindCard: &Card{}, KindService: &Service{},
}

// Parse reads and compiles a rule file. known reports whether a provision
// exists in the catalog in force; nil accepts any. Every problem is
// reported at once, each naming the rule by its place and ID.
func Parse(data []byte, known func(provision string) bool) (*Ruleset, error) {
	var rs Ruleset
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&rs); err != nil {
		return nil, kijun.Errorf(kijun.EINVALID, "ルールファイルを読めません: %v", err)
	}
	var problems []string
	bad := func(i int, r *Rule, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%d 番目のルール（%s）: %s", i+1, r.ID, fmt.Sprintf(format, args...)))
	}
	if strings.TrimSpace(rs.Version) == "" {
		problems = append(problems, "version（ルールファイルの版）がありません")
	}
	rs.byKind, rs.byID = map[Kind][]*Rule{}, map[string]*Rule{}
	for i := range rs.Rules {
		r := &rs.Rules[i]
		switch {
		case r.ID == "":
			bad(i, r, "id がありません")
		case rs.byID[r.ID] != nil:
			bad(i, r, "id が重複しています")
		}
		rs.byID[r.ID] = r
		if r.Provision == "" {
			bad(i, r, "provision（条項）がありません")
		} else if known != nil && !known(r.Provision) {
			bad(i, r, "条項 %s は施行中の対策基準にありません", r.Provision)
		}
		if _, ok := ParseSeverity(string(r.Severity)); !ok {
			bad(i, r, "severity %q は high・medium・low のいずれかにしてください", r.Severity)
		}
		if strings.TrimSpace(r.Message) == "" {
			bad(i, r, "message（何が足りず、どう直すか）がありません")
		}
		env, ok := envs[r.Applies]
		if !ok {
			bad(i, r, "applies %q は対象の種類ではありません（%s）", r.Applies, kindList())
			continue
		}
		var err error
		if r.when, err = expr.Compile(r.When, expr.Env(env), expr.AsBool()); err != nil {
			bad(i, r, "when を解釈できません: %v", err)
			continue
		}
		if r.Detail != "" {
			if r.detail, err = expr.Compile(r.Detail, expr.Env(env), expr.AsKind(reflect.String)); err != nil {
				bad(i, r, "detail を解釈できません: %v", err)
				continue
			}
		}
		r.reads = map[string]bool{}
		if tree, err := parser.Parse(r.When); err == nil {
			ast.Walk(&tree.Node, fieldsRead(r.reads))
		}
		// A condition or detail that fails on an empty record (an index
		// out of range, say) would fail on real ones too: refuse it now.
		if _, err := expr.Run(r.when, env); err != nil {
			bad(i, r, "when を評価できません: %v", err)
		}
		if r.detail != nil {
			if _, err := expr.Run(r.detail, env); err != nil {
				bad(i, r, "detail を評価できません: %v", err)
			}
		}
		rs.byKind[r.Applies] = append(rs.byKind[r.Applies], r)
	}
	if len(problems) > 0 {
		return nil, kijun.Errorf(kijun.EINVALID, "ルールファイルに誤りがあります:\n%s", strings.Join(problems, "\n"))
	}
	return &rs, nil
}

func kindList() string {
	var ks []string
	for _, k := range Kinds() {
		if _, ok := envs[k]; ok {
			ks = append(ks, string(k))
		}
	}
	return strings.Join(ks, "・")
}

// Rule returns the rule with the ID, or nil.
func (rs *Ruleset) Rule(id string) *Rule { return rs.byID[id] }

// For returns the rules that apply to a kind.
func (rs *Ruleset) For(k Kind) []*Rule { return rs.byKind[k] }

// Provisions returns each provision the rules check, with how many rules
// check it.
func (rs *Ruleset) Provisions() map[string]int {
	out := map[string]int{}
	for _, r := range rs.Rules {
		out[r.Provision]++
	}
	return out
}

// fieldsRead collects the names a rule reads; names that are not fields of
// the record (a let variable, a predicate's element) do no harm.
type fieldsRead map[string]bool

func (f fieldsRead) Visit(node *ast.Node) {
	if id, ok := (*node).(*ast.IdentifierNode); ok {
		f[id.Value] = true
	}
}
