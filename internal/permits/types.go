// Package permits is the workflow engine of the standard's 許可・承認・記録:
// request types declared as data (types.yaml), each citing its clauses, and
// the rules a request follows from drafting to closing. It imports neither
// SQL nor HTTP; the store keeps requests and their steps, the web shows them.
package permits

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"sync"

	"go.yaml.in/yaml/v3"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

//go:embed types.yaml
var typesYAML []byte

// FieldType is the kind of value a field holds.
type FieldType string

// The field types.
const (
	FieldText     FieldType = "text"
	FieldTextarea FieldType = "textarea"
	FieldDate     FieldType = "date"
	FieldBool     FieldType = "bool"
	FieldChoice   FieldType = "choice"
	FieldStaff    FieldType = "staff"  // a 職員番号
	FieldAsset    FieldType = "asset"  // an asset's 管理番号
	FieldDevice   FieldType = "device" // a device's 管理番号
	FieldSystem   FieldType = "system" // a system's ID
	FieldArea     FieldType = "area"   // a managed area's 管理番号
	FieldMedium   FieldType = "medium" // a removable medium's 管理番号
	// FieldContract is a contract's 契約番号 (10.1.2): its 課 is the
	// subject's.
	FieldContract FieldType = "contract"
)

// Field is one field a form asks for, with what it is for and the clause
// that asks for it.
type Field struct {
	Key   string    `yaml:"key"`
	Type  FieldType `yaml:"type"`
	Label string    `yaml:"label"`
	Help  string    `yaml:"help"`
	// LabelEN and HelpEN are shown when the UI speaks English.
	LabelEN  string `yaml:"label_en"`
	HelpEN   string `yaml:"help_en"`
	Clause   string `yaml:"clause"`
	Required bool   `yaml:"required"`
	// RequiredUnless: required when the named bool field is not set.
	RequiredUnless string `yaml:"required_unless"`
	// RequiredIf: required when the named field has a value.
	RequiredIf string   `yaml:"required_if"`
	Choices    []string `yaml:"choices"`
}

// ScopeRule says how an approver's scope is found for a request.
type ScopeRule string

// The scope rules.
const (
	ScopeSubjectUnit   ScopeRule = "subject_unit"   // the 課 owning the request's asset, device, area or contract
	ScopeRequesterUnit ScopeRule = "requester_unit" // the requester's own 課
	ScopeCity          ScopeRule = "city"
	ScopeSubjectSystem ScopeRule = "subject_system" // the system named by the type's system_field
)

// Approver is one role that may decide a step.
type Approver struct {
	Role  organisation.Role `yaml:"role"`
	Scope ScopeRule         `yaml:"scope"`
	// Judgement, when set, is what this approver must judge to decide: 9.5.1
	// lets the 統括責任者 permit an exception only when judged minor.
	Judgement string `yaml:"judgement"`
}

// Step is one step of approval: any one of its approvers decides it.
type Step []Approver

// Record is what must be recorded after approval (or on return).
type Record struct {
	Label       string           `yaml:"label"`
	LabelEN     string           `yaml:"label_en"`
	Fields      []Field          `yaml:"fields"`
	Attachments []AttachmentSpec `yaml:"attachments"`
}

// AttachmentSpec is a file a request or its record carries, such as the
// copy of a certificate of erasure (6.1.7).
type AttachmentSpec struct {
	Key      string `yaml:"key"`
	Label    string `yaml:"label"`
	Help     string `yaml:"help"`
	LabelEN  string `yaml:"label_en"`
	HelpEN   string `yaml:"help_en"`
	Clause   string `yaml:"clause"`
	Required bool   `yaml:"required"`
}

// MaxAttachment is the largest file a request takes, in bytes.
const MaxAttachment = 10 << 20

// Refusal is a rule that refuses a request automatically.
type Refusal struct {
	// Rule is one of field_true, asset_confidentiality_at_least, system_zone.
	Rule    string `yaml:"rule"`
	Field   string `yaml:"field"`
	Value   any    `yaml:"value"`
	Clause  string `yaml:"clause"`
	Message string `yaml:"message"`
}

// Type is a request type.
type Type struct {
	Key     string   `yaml:"key"`
	Name    string   `yaml:"name"`
	NameEN  string   `yaml:"name_en"`
	Clauses []string `yaml:"clauses"`
	Purpose string   `yaml:"purpose"`
	// PurposeEN is the purpose shown when the UI speaks English.
	PurposeEN string `yaml:"purpose_en"`
	// Requesters are "staff" (anyone) or the roles that may file.
	Requesters []string `yaml:"requesters"`
	// Subject is the field type (asset, device, area) whose owning 課 the
	// subject_unit scope means.
	Subject FieldType `yaml:"subject"`
	// MinConfidentiality: the type concerns only assets of at least this
	// 機密性 (4.2キ(2), ク(2): 機密性2以上); for a lower one no permission is
	// needed, and filing says so beside the asset.
	MinConfidentiality int `yaml:"min_confidentiality"`
	// SystemField names the field that holds the system for subject_system
	// and for the system_zone refusal.
	SystemField string `yaml:"system_field"`
	Approvers   []Step `yaml:"approvers"`
	// Period: the request asks for a validity period (valid_from, valid_to)
	// no longer than MaxDays.
	Period  bool    `yaml:"period"`
	MaxDays int     `yaml:"max_days"`
	Fields  []Field `yaml:"fields"`
	// Attachments are the files the request itself carries.
	Attachments []AttachmentSpec `yaml:"attachments"`
	Record      *Record          `yaml:"record"`
	Return      *Record          `yaml:"return"`
	Refusals    []Refusal        `yaml:"refusals"`
	// Exception: the type belongs to the register of 9.5.3.
	Exception bool `yaml:"exception"`
	// CarriedOutFirst: 9.5.2, the measure is taken first and reported after.
	CarriedOutFirst   bool `yaml:"carried_out_first"`
	ReportWithinHours int  `yaml:"report_within_hours"`
	// CarriedOutField names the date field that says when the measure was
	// carried out: the report's deadline counts from then (9.5.2
	// 実施後速やかに), not from when it was written into Kijun.
	CarriedOutField string `yaml:"carried_out_field"`
	// Deadlines of the reminders Due lists.
	RemindAfterDays    int `yaml:"remind_after_days"`
	EscalateAfterDays  int `yaml:"escalate_after_days"`
	ExpiryReminderDays int `yaml:"expiry_reminder_days"`
}

// Field returns the request field with the given key, or nil.
func (t *Type) Field(key string) *Field {
	for i := range t.Fields {
		if t.Fields[i].Key == key {
			return &t.Fields[i]
		}
	}
	return nil
}

// SubjectField returns the request field naming the subject, or nil.
func (t *Type) SubjectField() *Field {
	if t.Subject == "" {
		return nil
	}
	for i := range t.Fields {
		if t.Fields[i].Type == t.Subject {
			return &t.Fields[i]
		}
	}
	return nil
}

// Registry holds the request types in their declared order.
type Registry struct {
	types []*Type
	byKey map[string]*Type
}

// Types returns every type in declared order.
func (r *Registry) Types() []*Type { return r.types }

// Type returns the type with key, or nil.
func (r *Registry) Type(key string) *Type { return r.byKey[key] }

// Default parses the embedded types.
func Default() (*Registry, error) { return shipped() }

// shipped parses the shipped types once: the server, its jobs and the
// commands share the one registry, which nothing changes after parsing.
var shipped = sync.OnceValues(func() (*Registry, error) { return Parse(typesYAML) })

// Parse reads request types strictly: an unknown key, a missing name or
// clause, an unknown role, scope or field type is an error.
func Parse(data []byte) (*Registry, error) {
	var doc struct {
		Types []*Type `yaml:"types"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("parse request types: %w", err)
	}
	r := &Registry{byKey: map[string]*Type{}}
	for i, t := range doc.Types {
		if err := t.check(); err != nil {
			return nil, fmt.Errorf("request type %d (%s): %w", i+1, t.Key, err)
		}
		if r.byKey[t.Key] != nil {
			return nil, fmt.Errorf("request type %s is declared twice", t.Key)
		}
		r.types = append(r.types, t)
		r.byKey[t.Key] = t
	}
	return r, nil
}

var fieldTypes = []FieldType{FieldText, FieldTextarea, FieldDate, FieldBool, FieldChoice, FieldStaff, FieldAsset, FieldDevice, FieldSystem, FieldArea, FieldMedium, FieldContract}

func (t *Type) check() error {
	if t.Key == "" || t.Name == "" || t.Purpose == "" {
		return fmt.Errorf("needs a key, a name and a purpose")
	}
	if len(t.Clauses) == 0 {
		return fmt.Errorf("cites no clause")
	}
	if len(t.Requesters) == 0 {
		return fmt.Errorf("says nobody may file it")
	}
	for _, q := range t.Requesters {
		if q == "staff" {
			continue
		}
		if _, err := organisation.Role(q).Spec(); err != nil {
			return fmt.Errorf("requester %q is not a role of 3.1", q)
		}
	}
	if len(t.Approvers) == 0 {
		return fmt.Errorf("has no approver")
	}
	for _, st := range t.Approvers {
		if len(st) == 0 {
			return fmt.Errorf("has an empty approval step")
		}
		for _, a := range st {
			if _, err := a.Role.Spec(); err != nil {
				return fmt.Errorf("approver %q is not a role of 3.1", a.Role)
			}
			switch a.Scope {
			case ScopeCity, ScopeRequesterUnit:
			case ScopeSubjectUnit:
				if t.SubjectField() == nil {
					return fmt.Errorf("approver %s is found by the subject's unit, but no field names the subject", a.Role)
				}
			case ScopeSubjectSystem:
				if t.Field(t.SystemField) == nil {
					return fmt.Errorf("approver %s is found by the system, but system_field names no field", a.Role)
				}
			default:
				return fmt.Errorf("approver %s has unknown scope %q", a.Role, a.Scope)
			}
		}
	}
	if t.MinConfidentiality > 0 && t.Subject != FieldAsset {
		return fmt.Errorf("min_confidentiality needs an asset subject")
	}
	if t.Period && t.MaxDays <= 0 {
		return fmt.Errorf("asks for a period but gives no max_days")
	}
	if t.CarriedOutFirst && t.ReportWithinHours <= 0 {
		return fmt.Errorf("is carried out first but gives no report_within_hours")
	}
	if t.CarriedOutFirst {
		if f := t.Field(t.CarriedOutField); f == nil || f.Type != FieldDate || !f.Required {
			return fmt.Errorf("is carried out first but carried_out_field names no required date field")
		}
	}
	sets := [][]Field{t.Fields}
	if t.Record != nil {
		sets = append(sets, t.Record.Fields)
	}
	if t.Return != nil {
		if t.Record == nil {
			return fmt.Errorf("asks for a return but no record of taking out")
		}
		sets = append(sets, t.Return.Fields)
	}
	seen := map[string]bool{"valid_from": true, "valid_to": true}
	for _, fs := range sets {
		for _, f := range fs {
			if f.Key == "" || f.Label == "" || f.Help == "" || f.Clause == "" {
				return fmt.Errorf("field %q needs a key, a label, a help text and a clause", f.Key)
			}
			if seen[f.Key] {
				return fmt.Errorf("field %q is declared twice", f.Key)
			}
			seen[f.Key] = true
			if !slices.Contains(fieldTypes, f.Type) {
				return fmt.Errorf("field %q has unknown type %q", f.Key, f.Type)
			}
			if (f.Type == FieldChoice) != (len(f.Choices) > 0) {
				return fmt.Errorf("field %q: choices go with type choice, and only there", f.Key)
			}
		}
	}
	atts := [][]AttachmentSpec{t.Attachments}
	if t.Record != nil {
		atts = append(atts, t.Record.Attachments)
	}
	if t.Return != nil {
		atts = append(atts, t.Return.Attachments)
	}
	for _, as := range atts {
		for _, a := range as {
			if a.Key == "" || a.Label == "" || a.Help == "" || a.Clause == "" {
				return fmt.Errorf("attachment %q needs a key, a label, a help text and a clause", a.Key)
			}
			if seen[a.Key] {
				return fmt.Errorf("attachment %q has the key of another field", a.Key)
			}
			seen[a.Key] = true
		}
	}
	for _, f := range t.Fields {
		for _, ref := range []string{f.RequiredUnless, f.RequiredIf} {
			if ref != "" && t.Field(ref) == nil {
				return fmt.Errorf("field %q depends on unknown field %q", f.Key, ref)
			}
		}
	}
	for _, rf := range t.Refusals {
		if rf.Message == "" || rf.Clause == "" {
			return fmt.Errorf("refusal %s needs a message and a clause", rf.Rule)
		}
		switch rf.Rule {
		case "field_true":
			if f := t.Field(rf.Field); f == nil || f.Type != FieldBool {
				return fmt.Errorf("refusal field_true names no bool field")
			}
		case "asset_confidentiality_at_least":
			if _, ok := rf.Value.(int); !ok || t.SubjectField() == nil || t.Subject != FieldAsset {
				return fmt.Errorf("refusal asset_confidentiality_at_least needs an asset subject and an integer value")
			}
		case "system_zone":
			if _, ok := rf.Value.(string); !ok || t.Field(t.SystemField) == nil {
				return fmt.Errorf("refusal system_zone needs a system_field and a zone")
			}
		default:
			return fmt.Errorf("unknown refusal rule %q", rf.Rule)
		}
	}
	return nil
}

// Provisions returns every clause the type cites: its own, its fields',
// its refusals'.
func (t *Type) Provisions() []string {
	var out []string
	add := func(s string) {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, c := range t.Clauses {
		add(c)
	}
	for _, fs := range [][]Field{t.Fields, t.recordFields(), t.returnFields()} {
		for _, f := range fs {
			add(f.Clause)
		}
	}
	for _, rf := range t.Refusals {
		add(rf.Clause)
	}
	for _, a := range t.AttachmentSpecs() {
		add(a.Clause)
	}
	return out
}

func (t *Type) recordFields() []Field {
	if t.Record == nil {
		return nil
	}
	return t.Record.Fields
}

func (t *Type) returnFields() []Field {
	if t.Return == nil {
		return nil
	}
	return t.Return.Fields
}

// AttachmentSpecs returns every attachment the type declares: the
// request's, its record's and its return's.
func (t *Type) AttachmentSpecs() []AttachmentSpec {
	out := slices.Clone(t.Attachments)
	for _, r := range []*Record{t.Record, t.Return} {
		if r != nil {
			out = append(out, r.Attachments...)
		}
	}
	return out
}

// CheckAttachments names each required attachment of specs that is not in
// given (by key), and each file larger than MaxAttachment.
func CheckAttachments(specs []AttachmentSpec, given map[string]int) *kijun.FieldErrors {
	fe := &kijun.FieldErrors{}
	for _, a := range specs {
		size, ok := given[a.Key]
		switch {
		case !ok && a.Required:
			fe.Add(a.Key, "%sを添付してください（%s）", a.Label, a.Clause)
		case ok && size > MaxAttachment:
			fe.Add(a.Key, "%sは %d MB 以下のファイルにしてください", a.Label, MaxAttachment>>20)
		case ok && size == 0:
			fe.Add(a.Key, "%sのファイルが空です", a.Label)
		}
	}
	return fe
}
