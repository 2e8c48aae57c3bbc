package compliance

import (
	"cmp"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"github.com/expr-lang/expr/vm"
)

// Finding is one way one record falls short of one provision.
type Finding struct {
	Rule      string   `json:"rule"`
	Provision string   `json:"provision"`
	Severity  Severity `json:"severity"`
	Kind      Kind     `json:"kind"`
	// Subject names the record as kind:id (system:juki).
	Subject     string `json:"subject"`
	SubjectName string `json:"subject_name"`
	// Unit is the 課 responsible for the record; its 情報管理者 answers for
	// the finding (4.2ア(1)).
	Unit    string `json:"unit,omitempty"`
	Message string `json:"message"`
	Detail  string `json:"detail,omitempty"`
}

// Key identifies a finding across runs: the same rule on the same record.
func (f Finding) Key() string { return f.Rule + "|" + f.Subject }

// Compare orders findings by severity (most serious first), provision,
// rule and subject.
func Compare(a, b Finding) int {
	return cmp.Or(cmp.Compare(b.Severity.Rank(), a.Severity.Rank()), cmp.Compare(a.Provision, b.Provision),
		cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Subject, b.Subject))
}

// subject is one record of one kind, ready for its rules.
type subject struct {
	env      any
	id, name string
	unit     string
}

// subjects lists the records of kind k in f.
func subjects(f *Facts, k Kind) []subject {
	switch k {
	case KindSystem:
		return each(k, f.Systems, func(s *System) (string, string, string) { return s.ID, s.Name, s.Unit })
	case KindAsset:
		return each(k, f.Assets, func(s *Asset) (string, string, string) { return s.ID, s.Name, s.Unit })
	case KindDevice:
		return each(k, f.Devices, func(s *Device) (string, string, string) { return s.ID, s.Name, s.Unit })
	case KindMedium:
		return each(k, f.Media, func(s *Medium) (string, string, string) { return s.ID, s.Name, s.Unit })
	case KindArea:
		return each(k, f.Areas, func(s *Area) (string, string, string) { return s.ID, s.Name, s.Unit })
	case KindSegment:
		return each(k, f.Segments, func(s *Segment) (string, string, string) { return s.ID, s.Name, s.Unit })
	case KindConnection:
		return each(k, f.Connections, func(s *Connection) (string, string, string) { return s.ID, s.From + " → " + s.To, s.Unit })
	case KindAccount:
		return each(k, f.Accounts, func(s *Account) (string, string, string) { return s.ID, s.Name, s.Unit })
	case KindRequest:
		return each(k, f.Requests, func(s *Request) (string, string, string) {
			id := strconv.FormatInt(s.ID, 10)
			return id, s.TypeName + "（申請番号 " + id + "）", s.Unit
		})
	case KindContract:
		return each(k, f.Contracts, func(s *Contract) (string, string, string) {
			return s.ID, s.Name + "（" + s.ContractorName + "）", s.Unit
		})
	case KindLink:
		return each(k, f.Links, func(s *Link) (string, string, string) { return s.ID, s.Chain, s.Unit })
	case KindTraining:
		return each(k, f.Training, func(s *Training) (string, string, string) {
			return s.StaffNo + "|" + s.Need, s.Name + "（" + s.NeedLabel + "）", s.Unit
		})
	case KindCard:
		return each(k, f.Cards, func(s *Card) (string, string, string) { return s.Number, s.KindLabel + " " + s.Number, s.Unit })
	case KindService:
		return each(k, f.Services, func(s *Service) (string, string, string) { return s.ID, s.Name, s.Unit })
	case KindRole:
		return each(k, f.Roles, func(s *Role) (string, string, string) {
			return roleID(s.Role, s.Scope), s.Label + "（" + s.Scope + "）", s.Unit
		})
	}
	return nil
}

// roleID names a role in a scope (system_admin@system:A) as its
// findings' subjects do.
func roleID(role, scope string) string { return role + "@" + scope }

// RoleSubject is the subject of the findings on role in scope
// (role:system_admin@system:A), for a re-check of them.
func RoleSubject(role, scope string) string { return string(KindRole) + ":" + roleID(role, scope) }

// each makes a subject of every record of a list, named by kind:id.
func each[T any](k Kind, list []T, id func(*T) (id, name, unit string)) []subject {
	out := make([]subject, len(list))
	for i := range list {
		rid, name, unit := id(&list[i])
		out[i] = subject{&list[i], string(k) + ":" + rid, name, unit}
	}
	return out
}

// Check runs every rule over the facts and returns the findings in
// Compare order. The records are shared out among the machine's cores;
// a rule that fails on one record is reported as an error naming both.
func (rs *Ruleset) Check(f *Facts) ([]Finding, error) {
	type job struct {
		rules []*Rule
		subs  []subject
	}
	var jobs []job
	for _, k := range Kinds() {
		rules := rs.byKind[k]
		if len(rules) == 0 {
			continue
		}
		subs := subjects(f, k)
		// Chunks small enough to share out, big enough to be cheap.
		for len(subs) > 0 {
			n := min(len(subs), 4096)
			jobs = append(jobs, job{rules, subs[:n]})
			subs = subs[n:]
		}
	}
	workers := min(runtime.GOMAXPROCS(0), max(len(jobs), 1))
	results := make([][]Finding, len(jobs))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				results[i], errs[i] = evaluate(jobs[i].rules, jobs[i].subs)
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	var out []Finding
	for i := range jobs {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out = append(out, results[i]...)
	}
	slices.SortFunc(out, Compare)
	return out, nil
}

// CheckOne runs the rules of kind k over one record's facts: the
// incremental check after a change and the what-if before one.
func (rs *Ruleset) CheckOne(k Kind, f *Facts) ([]Finding, error) {
	out, err := evaluate(rs.byKind[k], subjects(f, k))
	slices.SortFunc(out, Compare)
	return out, err
}

// judgeOnce turns on judging records that read alike once; a test turns
// it off to prove it changes nothing.
var judgeOnce = true

// verdict is what the rules found of one record: each rule that found it
// wanting.
type verdict struct {
	rules []*Rule
}

func evaluate(rules []*Rule, subs []subject) ([]Finding, error) {
	var out []Finding
	var machine vm.VM // one machine for the chunk, not one per evaluation
	// judge runs the conditions; the details, which may read what the
	// conditions do not, are worked out for each record found wanting.
	judge := func(s subject) (verdict, error) {
		var v verdict
		for _, r := range rules {
			hit, err := machine.Run(r.when, s.env)
			if err != nil {
				return v, fmt.Errorf("rule %s on %s: %w", r.ID, s.id, err)
			}
			if hit == true {
				v.rules = append(v.rules, r)
			}
		}
		return v, nil
	}
	// Records that agree on every field the rules read get the same
	// verdict: judge each such set of values once. Most of a city's
	// assets and devices share a handful of them.
	var same func(any) any
	if judgeOnce {
		same = sameRead(rules, subs)
	}
	seen := map[any]verdict{}
	for _, s := range subs {
		var v verdict
		var err error
		if same != nil {
			key := same(s.env)
			var ok bool
			if v, ok = seen[key]; !ok {
				if v, err = judge(s); err != nil {
					return nil, err
				}
				seen[key] = v
			}
		} else if v, err = judge(s); err != nil {
			return nil, err
		}
		for _, r := range v.rules {
			fd := Finding{Rule: r.ID, Provision: r.Provision, Severity: r.Severity, Kind: r.Applies,
				Subject: s.id, SubjectName: s.name, Unit: s.unit, Message: r.Message}
			if r.detail != nil {
				d, err := machine.Run(r.detail, s.env)
				if err != nil {
					return nil, fmt.Errorf("rule %s detail on %s: %w", r.ID, s.id, err)
				}
				fd.Detail, _ = d.(string)
			}
			out = append(out, fd)
		}
	}
	return out, nil
}

// sameRead returns a function that gives, for a record, the values of the
// fields the rules read and nothing else, as a map key; nil when records
// cannot be compared so (their type holds a slice).
func sameRead(rules []*Rule, subs []subject) func(env any) any {
	if len(subs) == 0 {
		return nil
	}
	t := reflect.TypeOf(subs[0].env).Elem()
	if !t.Comparable() {
		return nil
	}
	for _, r := range rules {
		if r.reads["$env"] {
			return nil // it may read any field
		}
	}
	var unread []int
	for i := range t.NumField() {
		f := t.Field(i)
		read := false
		for _, r := range rules {
			if r.reads[f.Name] {
				read = true
				break
			}
		}
		// Embedded structs (Class) are read through their fields.
		if !read && f.Anonymous {
			for j := range f.Type.NumField() {
				for _, r := range rules {
					read = read || r.reads[f.Type.Field(j).Name]
				}
			}
		}
		if !read {
			unread = append(unread, i)
		}
	}
	// One value to copy each record into: evaluate calls the function
	// from one goroutine, and Interface copies it out.
	v := reflect.New(t).Elem()
	return func(env any) any {
		v.Set(reflect.ValueOf(env).Elem())
		for _, i := range unread {
			v.Field(i).SetZero()
		}
		return v.Interface()
	}
}

// Checks counts the checks the rules make per 課, weighted by severity
// (high 3, medium 2, low 1): the measure a score is taken against.
func (rs *Ruleset) Checks(f *Facts) map[string]int {
	out := map[string]int{}
	for _, k := range Kinds() {
		w := 0
		for _, r := range rs.byKind[k] {
			w += r.Severity.Rank()
		}
		if w == 0 {
			continue
		}
		for _, s := range subjects(f, k) {
			out[s.unit] += w
		}
	}
	return out
}
