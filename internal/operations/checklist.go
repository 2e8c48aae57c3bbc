package operations

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"kijun/internal/catalog"
	"kijun/internal/kijun"
)

// Stage is where a system is in its life (8.3): procured, developed,
// introduced, in operation (稼働), and at last abolished (廃止, 8.3.1ウ).
type Stage string

// The stages of a system, in order.
const (
	StageProcure   Stage = "procure"
	StageDevelop   Stage = "develop"
	StageIntroduce Stage = "introduce"
	StageOperate   Stage = "operate"
	// StageAbolish is the end of a system's life. 8.3.1ウ: abolishing a
	// system is reported; the move's ledger record is that report, and
	// an abolished system moves no more.
	StageAbolish Stage = "abolish"
)

// Stages lists the stages in order.
func Stages() []Stage {
	return []Stage{StageProcure, StageDevelop, StageIntroduce, StageOperate, StageAbolish}
}

// Label is the stage's Japanese name.
func (s Stage) Label() string {
	switch s {
	case StageProcure:
		return "調達"
	case StageDevelop:
		return "開発"
	case StageIntroduce:
		return "導入"
	case StageOperate:
		return "稼働"
	case StageAbolish:
		return "廃止"
	}
	return "未設定"
}

// ParseStage returns the stage named s.
func ParseStage(s string) (Stage, bool) {
	st := Stage(strings.TrimSpace(s))
	return st, slices.Contains(Stages(), st)
}

// ChecklistKind names one of the checklists a system answers before it
// runs.
type ChecklistKind string

// The checklists of 8.3.1 to 8.3.5 (with 8.1.6 for the documents).
const (
	ListProcurement  ChecklistKind = "procurement"
	ListDevelopment  ChecklistKind = "development"
	ListIntroduction ChecklistKind = "introduction"
	ListDocuments    ChecklistKind = "documents"
	ListIO           ChecklistKind = "io"
)

// ChecklistSpec is what a checklist asks: its items are the leaf
// provisions under Roots in the catalog, so a new edition of the standard
// changes the list without a change of code.
type ChecklistSpec struct {
	Kind ChecklistKind
	// Clause is the provision the checklist as a whole carries out, cited
	// by the finding of an open item.
	Clause string
	Title  string
	// Stage is the stage at which the checklist is answered.
	Stage Stage
	Roots []string
	Items []ChecklistItem
}

// ChecklistItem is one question of a checklist: a provision of the
// standard.
type ChecklistItem struct {
	Provision string
	Text      string
	// Obligatory items (しなければならない, してはならない) must be met, with
	// evidence, before the system runs; the others may be answered as not
	// applicable with a reason.
	Obligatory bool
}

// checklistSpecs are the checklists without their items.
var checklistSpecs = []ChecklistSpec{
	// 8.3.1: the security requirements of the procurement.
	{Kind: ListProcurement, Clause: "8.3.1", Title: "調達時のセキュリティ要件", Stage: StageProcure, Roots: []string{"8.3.1"}},
	// 8.3.2ア (1) to (12), イ and ウ: what the development must fix.
	{Kind: ListDevelopment, Clause: "8.3.2", Title: "開発時の管理事項", Stage: StageDevelop, Roots: []string{"8.3.2"}},
	// 8.3.4, 8.1.6: the documents kept and who may read them.
	{Kind: ListDocuments, Clause: "8.3.4", Title: "資料等の整備・保管と閲覧者", Stage: StageDevelop, Roots: []string{"8.3.4", "8.1.6"}},
	// 8.3.5: the checks of input and output designed in.
	{Kind: ListIO, Clause: "8.3.5", Title: "入出力データの正確性の確保", Stage: StageDevelop, Roots: []string{"8.3.5"}},
	// 8.3.3: the migration and the tests of the introduction.
	{Kind: ListIntroduction, Clause: "8.3.3", Title: "導入時の移行手順と試験", Stage: StageIntroduce, Roots: []string{"8.3.3"}},
}

// Checklists returns the checklists with their items read from cat, in
// the order of the stages.
func Checklists(cat *catalog.Catalog) ([]ChecklistSpec, error) {
	hasChild := map[string]bool{}
	for _, p := range cat.Provisions {
		hasChild[p.Parent] = true
	}
	out := make([]ChecklistSpec, 0, len(checklistSpecs))
	for _, spec := range checklistSpecs {
		spec.Items = nil
		for _, root := range spec.Roots {
			for _, p := range cat.Provisions {
				if (p.ID != root && !strings.HasPrefix(p.ID, root+".")) || hasChild[p.ID] {
					continue
				}
				text := p.Text
				if text == "" {
					text = p.Title
				}
				spec.Items = append(spec.Items, ChecklistItem{Provision: p.ID, Text: text,
					Obligatory: p.Force == catalog.Obligation || p.Force == catalog.Prohibition})
			}
		}
		if len(spec.Items) == 0 {
			return nil, fmt.Errorf("checklist %s: the catalog has no provisions under %s", spec.Kind, strings.Join(spec.Roots, ", "))
		}
		out = append(out, spec)
	}
	return out, nil
}

// FindChecklist returns the checklist of kind in specs.
func FindChecklist(specs []ChecklistSpec, kind ChecklistKind) (ChecklistSpec, bool) {
	for _, s := range specs {
		if s.Kind == kind {
			return s, true
		}
	}
	return ChecklistSpec{}, false
}

// Item returns the item of s for provision.
func (s ChecklistSpec) Item(provision string) (ChecklistItem, bool) {
	for _, it := range s.Items {
		if it.Provision == provision {
			return it, true
		}
	}
	return ChecklistItem{}, false
}

// Verdict is how an item is answered.
type Verdict string

// The answers to an item.
const (
	VerdictMet Verdict = "met"
	// VerdictNA is for an item that does not apply to the system; refused
	// for an obligatory item.
	VerdictNA Verdict = "na"
)

// Label is the verdict's Japanese name.
func (v Verdict) Label() string {
	switch v {
	case VerdictMet:
		return "実施済み"
	case VerdictNA:
		return "該当なし"
	}
	return "未回答"
}

// Fields of a checklist answer.
const (
	FieldVerdict  = "verdict"
	FieldNote     = "note"
	FieldEvidence = "evidence"
	FieldStage    = "stage"
)

// MaxEvidenceBytes is the largest evidence file kept for an item.
const MaxEvidenceBytes = 10 << 20

// Answer is the answer to one item of a system's checklist.
type Answer struct {
	System    string        `json:"system"`
	List      ChecklistKind `json:"checklist"`
	Provision string        `json:"provision"`
	Verdict   Verdict       `json:"verdict"`
	Note      string        `json:"note,omitempty"`
	By        string        `json:"by"`
	At        time.Time     `json:"at"`
}

// Check returns what is wrong with a answering item, given how many
// evidence files the item has (including one sent with the answer): a
// met item needs evidence, and an obligatory item cannot be not
// applicable.
func (a Answer) Check(item ChecklistItem, evidence int) []kijun.FieldError {
	var fe kijun.FieldErrors
	switch a.Verdict {
	case VerdictMet:
		if evidence == 0 {
			fe.Add(FieldEvidence, "%s を実施済みとするには、証拠のファイルを添付してください", item.Provision)
		}
	case VerdictNA:
		if item.Obligatory {
			fe.Add(FieldVerdict, "%s は義務の項目です。該当なしにはできません。実施して証拠を添付してください", item.Provision)
		} else if strings.TrimSpace(a.Note) == "" {
			fe.Add(FieldNote, "%s を該当なしとする理由を入力してください", item.Provision)
		}
	default:
		fe.Add(FieldVerdict, "回答を「実施済み」か「該当なし」から選んでください")
	}
	fe.Text(FieldNote, "説明", a.Note, MaxPlanText, true)
	return fe.Fields
}

// EvidenceFile is a file kept as evidence of a checklist item, with the
// SHA-256 of its bytes taken when it was kept.
type EvidenceFile struct {
	ID          int64         `json:"id"`
	System      string        `json:"system"`
	List        ChecklistKind `json:"checklist"`
	Provision   string        `json:"provision"`
	Name        string        `json:"name"`
	ContentType string        `json:"content_type"`
	Size        int64         `json:"size"`
	SHA256      string        `json:"sha256"`
	UploadedBy  string        `json:"uploaded_by"`
	UploadedAt  time.Time     `json:"uploaded_at"`
}

// OpenObligatory returns the obligatory items of spec that answers (by
// provision) leave unmet.
func (s ChecklistSpec) OpenObligatory(answers map[string]Verdict) []string {
	var out []string
	for _, it := range s.Items {
		if it.Obligatory && answers[it.Provision] != VerdictMet {
			out = append(out, it.Provision)
		}
	}
	return out
}
