// Package monitor runs the rules over the registers and keeps their
// findings (9.2.1): a full run over the city, nightly and on demand; a
// re-check of what one change touched, before the page that made it
// returns; and a what-if of a change not yet made.
package monitor

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"kijun/internal/catalog"
	"kijun/internal/compliance"
	"kijun/internal/compliance/separation"
	"kijun/internal/kijun"
	"kijun/internal/store"
)

// Monitor checks one database's registers.
type Monitor struct {
	db *store.DB

	mu      sync.Mutex
	rules   *compliance.Ruleset
	ruleID  int64 // the rule file the cached rules came from; 0 is the shipped one
	checked time.Time
	// cat is the standard in force, kept as the rules are: the dashboard
	// names chapters by it on every request.
	cat     *catalog.Catalog
	catRead time.Time
	// ref is the reference standard the rules cite, parsed once.
	ref *catalog.Catalog
	// net keeps the network between re-checks, brought up to date from
	// the ledger at each (store.NetworkCache).
	net store.NetworkCache
}

// New returns a monitor of db.
func New(db *store.DB) *Monitor { return &Monitor{db: db} }

// rulesTTL is how long loaded rules are used before the database is asked
// whether a newer file is in force, so several server processes pick up a
// city's new rules within this time.
const rulesTTL = 30 * time.Second

// Rules returns the rules in force: the city's latest rule file, or the
// shipped rules when it has loaded none.
func (m *Monitor) Rules(ctx context.Context) (*compliance.Ruleset, error) {
	m.mu.Lock()
	rules, id, fresh := m.rules, m.ruleID, time.Since(m.checked) < rulesTTL
	m.mu.Unlock()
	if rules != nil && fresh {
		return rules, nil
	}
	// Read and parsed without the lock: parsing asks for the catalog,
	// which takes it.
	f, err := m.db.CurrentRules(ctx)
	switch {
	case kijun.ErrorCode(err) == kijun.ENOTFOUND:
		if rules == nil || id != 0 {
			if rules, err = compliance.Default(); err != nil {
				return nil, err
			}
			id = 0
		}
	case err != nil:
		return nil, err
	case f.ID != id || rules == nil:
		if rules, err = m.parse(ctx, f.Body); err != nil {
			return nil, fmt.Errorf("rule file %d in force: %w", f.ID, err)
		}
		id = f.ID
	}
	m.mu.Lock()
	m.rules, m.ruleID, m.checked = rules, id, time.Now()
	m.mu.Unlock()
	return rules, nil
}

// parse reads a rule file against the catalog in force.
func (m *Monitor) parse(ctx context.Context, body []byte) (*compliance.Ruleset, error) {
	cat, err := m.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	cw, err := m.crosswalk(ctx)
	if err != nil {
		return nil, err
	}
	ref, err := m.reference()
	if err != nil {
		return nil, err
	}
	// With a city's own standard in force, rules cite the reference and
	// reach the city's provisions through the confirmed alignment.
	return compliance.Parse(body, func(id string) bool { return cat.Find(id) != nil || (cw != nil && ref.Find(id) != nil) })
}

// Catalog returns the standard in force, which rules cite. Like the rules,
// it is read again after rulesTTL, so a new edition put in force reaches
// every process within that time.
func (m *Monitor) Catalog(ctx context.Context) (*catalog.Catalog, error) {
	m.mu.Lock()
	cat, fresh := m.cat, time.Since(m.catRead) < rulesTTL
	m.mu.Unlock()
	if cat != nil && fresh {
		return cat, nil
	}
	info, err := m.db.EnsureDefaultCatalog(ctx)
	if err != nil {
		return nil, err
	}
	if cat, err = m.db.Catalog(ctx, info.Key, info.Edition); err != nil {
		return nil, err
	}
	m.mu.Lock()
	m.cat, m.catRead = cat, time.Now()
	m.mu.Unlock()
	return cat, nil
}

// LoadRules checks a city's rule file and puts it in force. A file with
// any error is refused whole, with every problem named; so is one whose
// rules cannot be worked out on the registers as they are (a condition
// that reads past the end of a list, say), which would stop every run.
func (m *Monitor) LoadRules(ctx context.Context, body []byte) (*compliance.Ruleset, error) {
	rs, err := m.parse(ctx, body)
	if err != nil {
		return nil, err
	}
	facts, err := m.facts(ctx, m.db.Now(), nil)
	if err != nil {
		return nil, err
	}
	if _, err := rs.Check(facts); err != nil {
		return nil, kijun.Errorf(kijun.EINVALID, "ルールファイルを今の台帳に当てはめると評価できません。条件を直してください: %v", err)
	}
	if err := m.db.SaveRules(ctx, rs.Version, body); err != nil {
		return nil, err
	}
	m.mu.Lock()
	m.rules, m.checked = nil, time.Time{}
	m.mu.Unlock()
	return rs, nil
}

// Result is a full run: its timings and counts, and the findings.
type Result struct {
	store.CheckRun
	Findings []compliance.Finding
}

// Run checks the whole city on the day of at and keeps the findings.
func (m *Monitor) Run(ctx context.Context, at time.Time) (*Result, error) {
	res, facts, rs, err := m.evaluate(ctx, at, nil)
	if err != nil {
		return nil, err
	}
	if err := m.db.SaveCheckRun(ctx, &res.CheckRun, res.Findings, rs.Checks(facts)); err != nil {
		return nil, err
	}
	return res, nil
}

// Evaluate checks the whole city without keeping anything: what `kijun
// check --dry-run` and the benchmark measure.
func (m *Monitor) Evaluate(ctx context.Context, at time.Time) (*Result, error) {
	res, _, _, err := m.evaluate(ctx, at, nil)
	return res, err
}

func (m *Monitor) evaluate(ctx context.Context, at time.Time, scope store.FactsScope) (*Result, *compliance.Facts, *compliance.Ruleset, error) {
	rs, err := m.Rules(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	start := time.Now()
	facts, err := m.facts(ctx, at, scope)
	if err != nil {
		return nil, nil, nil, err
	}
	read := time.Since(start)
	// After a change to connections alone, the facts hold those
	// connections for the rules, and the whole network for the proof
	// (Recheck).
	found, err := Check(rs, facts)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := m.names(ctx, found); err != nil {
		return nil, nil, nil, err
	}
	cw, err := m.crosswalk(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	found = throughCrosswalk(cw, found)
	res := &Result{CheckRun: store.CheckRun{At: at, RulesVersion: rs.Version, Read: read, Eval: time.Since(start) - read, Findings: len(found)}, Findings: found}
	return res, facts, rs, nil
}

// Check runs the rules over facts, and the separation proof over the
// network when the facts hold it.
func Check(rs *compliance.Ruleset, facts *compliance.Facts) ([]compliance.Finding, error) {
	found, err := rs.Check(facts)
	if err != nil {
		return nil, err
	}
	found = append(found, separationFindings(facts)...)
	if facts.Network != nil {
		// Connections and segments are named by their ends and names, not
		// by bare IDs, whichever check found them.
		names := newSubjectNames(facts.Network)
		for i := range found {
			if f := &found[i]; f.Kind == compliance.KindConnection || f.Kind == compliance.KindSegment {
				f.SubjectName = names.name(f.Subject)
			}
		}
	}
	slices.SortFunc(found, compliance.Compare)
	return found, nil
}

// Recheck checks again the records named (kind:id) and what their
// findings depend on, and keeps the result: the incremental check after a
// change. It returns the findings the records have now.
func (m *Monitor) Recheck(ctx context.Context, subjects ...string) ([]compliance.Finding, error) {
	if len(subjects) == 0 {
		return nil, nil
	}
	at := m.db.Now()
	res, facts, _, err := m.evaluate(ctx, at, store.FactsScope(subjects))
	if err != nil {
		return nil, err
	}
	// The network is judged as a whole: when it was read, every
	// connection's and segment's findings are replaced; after a change to
	// connections alone, only those of the separation proof, as the other
	// rules judge each connection by itself and its ends (see evaluate).
	what := store.Rechecked{Subjects: subjects}
	if facts.Network != nil {
		what.Kinds = []compliance.Kind{compliance.KindConnection, compliance.KindSegment}
		if connectionsOnly(subjects) {
			what.KindRules = separation.RulePrefix
		}
	}
	if _, _, err := m.db.RecheckSubjects(ctx, at, what, res.Findings); err != nil {
		return nil, err
	}
	return res.Findings, nil
}

// connectionsOnly reports whether a re-check names connections alone, so
// that the rules need judge those connections only, and the separation
// proof the whole network: the zones of their ends are as they were.
func connectionsOnly(subjects []string) bool {
	for _, s := range subjects {
		if kind, _, _ := strings.Cut(s, ":"); compliance.Kind(kind) != compliance.KindConnection {
			return false
		}
	}
	return len(subjects) > 0
}

// facts reads the registers as the rules see them at at, for scope (nil
// is the whole city), with the city's network settings on the network
// when the facts hold it.
func (m *Monitor) facts(ctx context.Context, at time.Time, scope store.FactsScope) (*compliance.Facts, error) {
	facts, err := m.db.ComplianceFactsCached(ctx, at, scope, &m.net)
	if err != nil {
		return nil, err
	}
	if facts.Network != nil {
		if err := NetworkSettings(ctx, m.db, facts.Network); err != nil {
			return nil, err
		}
	}
	return facts, nil
}

// names fills in the names of the assets found wanting, which the whole
// city's read leaves out.
func (m *Monitor) names(ctx context.Context, found []compliance.Finding) error {
	var ids []string
	for _, f := range found {
		if f.Kind == compliance.KindAsset && f.SubjectName == "" {
			ids = append(ids, strings.TrimPrefix(f.Subject, "asset:"))
		}
	}
	if len(ids) == 0 {
		return nil
	}
	names, err := m.db.AssetNames(ctx, ids)
	if err != nil {
		return err
	}
	for i := range found {
		if f := &found[i]; f.Kind == compliance.KindAsset && f.SubjectName == "" {
			f.SubjectName = names[strings.TrimPrefix(f.Subject, "asset:")]
		}
	}
	return nil
}
