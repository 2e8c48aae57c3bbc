package catalog

import "strings"

// Kind is the place of a provision in the hierarchy.
type Kind string

// The kinds of provision.
const (
	KindChapter    Kind = "chapter"
	KindSection    Kind = "section"
	KindSubsection Kind = "subsection"
	KindItem       Kind = "item"
	KindSubitem    Kind = "subitem"
)

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	switch k {
	case KindChapter, KindSection, KindSubsection, KindItem, KindSubitem:
		return true
	}
	return false
}

// Heading reports whether k is a numbered heading (chapter, section or
// subsection) rather than an item.
func (k Kind) Heading() bool {
	return k == KindChapter || k == KindSection || k == KindSubsection
}

// Label returns the Japanese name of the kind.
func (k Kind) Label() string {
	switch k {
	case KindChapter:
		return "章"
	case KindSection:
		return "節"
	case KindSubsection:
		return "項"
	case KindItem:
		return "号"
	case KindSubitem:
		return "細目"
	}
	return string(k)
}

// Force is what kind of rule a provision is.
type Force string

// The kinds of force a provision may have.
const (
	Obligation  Force = "obligation"
	Prohibition Force = "prohibition"
	Permission  Force = "permission"
	Effort      Force = "effort"
	Definition  Force = "definition"
	Informative Force = "informative"
)

// Valid reports whether f is a known force.
func (f Force) Valid() bool {
	switch f {
	case Obligation, Prohibition, Permission, Effort, Definition, Informative:
		return true
	}
	return false
}

// Label returns the Japanese name of the force.
func (f Force) Label() string {
	switch f {
	case Obligation:
		return "義務"
	case Prohibition:
		return "禁止"
	case Permission:
		return "許容"
	case Effort:
		return "努力義務"
	case Definition:
		return "定義"
	case Informative:
		return "参考"
	}
	return string(f)
}

// OpKind is how Kijun operationalises a provision.
type OpKind string

// The kinds of operation.
const (
	// OpCheck is a check on a register or a setting, such as redundancy of
	// servers holding 可用性2 assets.
	OpCheck OpKind = "check"
	// OpPermit is a permission or approval to be asked and granted.
	OpPermit OpKind = "permit"
	// OpRecord is a record to be kept.
	OpRecord OpKind = "record"
	// OpPeriodic is a duty that recurs, such as yearly training.
	OpPeriodic OpKind = "periodic"
	// OpSelfcheck is a question for self-inspection of behaviour rules.
	OpSelfcheck OpKind = "selfcheck"
	// OpInfo is information to show, with nothing to do.
	OpInfo OpKind = "info"
)

// Valid reports whether k is a known operation kind.
func (k OpKind) Valid() bool {
	switch k {
	case OpCheck, OpPermit, OpRecord, OpPeriodic, OpSelfcheck, OpInfo:
		return true
	}
	return false
}

// Label returns the Japanese name of the operation kind.
func (k OpKind) Label() string {
	switch k {
	case OpCheck:
		return "点検"
	case OpPermit:
		return "許可"
	case OpRecord:
		return "記録"
	case OpPeriodic:
		return "定期実施"
	case OpSelfcheck:
		return "自己点検"
	case OpInfo:
		return "周知"
	}
	return string(k)
}

// Describe writes the operation on one line, as the spreadsheet export and
// the command line show it: kind, approver, frequency, fields and note.
func (op Operation) Describe() string {
	s := op.Kind.Label()
	if op.Approver != "" {
		s += "（許可者: " + op.Approver.Label() + "）"
	}
	if op.Frequency != "" {
		s += "（" + op.Frequency + "）"
	}
	if len(op.Fields) > 0 {
		s += "［" + strings.Join(op.Fields, "・") + "］"
	}
	if op.Note != "" {
		s += ": " + op.Note
	}
	return s
}

// JoinRoles writes the Japanese names of roles separated by sep.
func JoinRoles(rs []Role, sep string) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Label()
	}
	return strings.Join(out, sep)
}
