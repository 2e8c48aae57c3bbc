package monitor

import (
	"context"

	"kijun/internal/catalog"
	"kijun/internal/catalog/align"
	"kijun/internal/compliance"
)

// crosswalk returns how the rules, which cite the reference standard Kijun
// ships (Kobe's), reach the standard in force when a city has put its own
// edition in force: through the alignments its CISO's office confirmed
// (11.3). It returns nil when the reference itself is in force.
func (m *Monitor) crosswalk(ctx context.Context) (*align.Crosswalk, error) {
	cat, err := m.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	return m.CrosswalkOf(ctx, cat)
}

// CrosswalkOf returns how what cites the reference reaches cat, a city's
// own standard, through its confirmed alignments; nil when cat is the
// reference itself.
func (m *Monitor) CrosswalkOf(ctx context.Context, cat *catalog.Catalog) (*align.Crosswalk, error) {
	ref, err := m.reference()
	if err != nil {
		return nil, err
	}
	if cat.Key == ref.Key {
		return nil, nil
	}
	return m.db.Crosswalk(ctx, cat, ref)
}

// reference returns the standard Kijun ships, which the rules cite.
func (m *Monitor) reference() (*catalog.Catalog, error) {
	m.mu.Lock()
	ref := m.ref
	m.mu.Unlock()
	if ref != nil {
		return ref, nil
	}
	ref, err := catalog.Default()
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	m.ref = ref
	m.mu.Unlock()
	return ref, nil
}

// throughCrosswalk keeps the findings whose reference provision the city's
// standard carries, cited by the city's provision with the reference in
// brackets (第34条［8.2.6］); a finding under a provision the city's
// standard does not have (a gap of its standard) does not apply.
func throughCrosswalk(cw *align.Crosswalk, found []compliance.Finding) []compliance.Finding {
	if cw == nil {
		return found
	}
	out := found[:0]
	for _, f := range found {
		if !cw.Applies(f.Provision) {
			continue
		}
		f.Provision = cw.Cite(f.Provision)
		out = append(out, f)
	}
	return out
}

// OwnEdition reports whether cat is a city's own standard rather than the
// reference the rules cite: its findings then cite 第34条［8.2.6］.
func (m *Monitor) OwnEdition(cat *catalog.Catalog) (bool, error) {
	ref, err := m.reference()
	if err != nil {
		return false, err
	}
	return cat.Key != ref.Key, nil
}
