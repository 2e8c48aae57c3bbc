package incidents

import (
	"slices"
	"strings"
	"time"
)

// StatRow is what the statistics need of one incident.
type StatRow struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Kind  Kind   `json:"kind"`
	Cause Cause  `json:"cause"`
	Unit  string `json:"unit"`
	// Contractor is the 委託事業者 involved, "" for none (10.1).
	Contractor     string    `json:"contractor,omitempty"`
	ContractorName string    `json:"contractor_name,omitempty"`
	Severity       Severity  `json:"severity"`
	Status         Status    `json:"status"`
	Drill          bool      `json:"drill"`
	DiscoveredAt   time.Time `json:"discovered_at"`
	ReportedAt     time.Time `json:"reported_at"`
	FirstAckAt     time.Time `json:"first_ack_at,omitzero"`
	ContainedAt    time.Time `json:"contained_at,omitzero"`
}

// Count is a number of incidents under a label.
type Count struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	N     int    `json:"n"`
}

// Stats are the figures of a period's incidents for the CISO.
type Stats struct {
	Incidents  int     `json:"incidents"`
	Drills     int     `json:"drills"` // run, but left out of every other figure (7.2.3)
	NotCounted int     `json:"not_counted"`
	ByKind     []Count `json:"by_kind"`
	ByCause    []Count `json:"by_cause"`
	BySeverity []Count `json:"by_severity"`
	// ByContractor counts the incidents that name a 委託事業者, most
	// first (10.1): Key is the contractor's ID, Label its name.
	ByContractor []Count `json:"by_contractor"`
	// Times from the report to the first acknowledgement, and from
	// coming to light to containment: median and 90th percentile.
	AckMedian     time.Duration `json:"ack_median"`
	AckP90        time.Duration `json:"ack_p90"`
	ContainMedian time.Duration `json:"contain_median"`
	ContainP90    time.Duration `json:"contain_p90"`
	// Recurrences are incidents of the same kind and cause in the same 課
	// as an earlier one within RecurrenceWindow: the measures did not work.
	Recurrences   int     `json:"recurrences"`
	RecurrenceIDs []int64 `json:"recurrence_ids,omitempty"`
}

// RecurrenceWindow is how far back an earlier incident counts.
const RecurrenceWindow = 365 * 24 * time.Hour

// Compute returns the statistics of rows. Drills are counted apart and
// left out of everything else; reports judged not to be incidents are
// left out too.
func Compute(rows []StatRow) Stats {
	var s Stats
	kinds, causes, sev := map[Kind]int{}, map[Cause]int{}, map[Severity]int{}
	byContractor := map[string]*Count{}
	var acks, contains []time.Duration
	var real []StatRow
	for _, r := range rows {
		switch {
		case r.Drill:
			s.Drills++
			continue
		case r.Status == StatusNotIncident:
			s.NotCounted++
			continue
		}
		real = append(real, r)
		s.Incidents++
		kinds[r.Kind]++
		causes[r.Cause]++
		sev[r.Severity]++
		if r.Contractor != "" {
			c := byContractor[r.Contractor]
			if c == nil {
				c = &Count{Key: r.Contractor, Label: r.ContractorName}
				byContractor[r.Contractor] = c
			}
			c.N++
		}
		if !r.FirstAckAt.IsZero() && !r.ReportedAt.IsZero() {
			acks = append(acks, r.FirstAckAt.Sub(r.ReportedAt))
		}
		if !r.ContainedAt.IsZero() {
			contains = append(contains, r.ContainedAt.Sub(r.DiscoveredAt))
		}
	}
	for _, k := range Kinds() {
		if kinds[k] > 0 {
			s.ByKind = append(s.ByKind, Count{string(k), k.Label(), kinds[k]})
		}
	}
	for _, c := range append(Causes(), CauseUnknown) {
		if causes[c] > 0 {
			s.ByCause = append(s.ByCause, Count{string(c), c.Label(), causes[c]})
		}
	}
	for v := SeverityCritical; v >= SeverityUnjudged; v-- {
		if sev[v] > 0 {
			s.BySeverity = append(s.BySeverity, Count{v.Label(), v.Label(), sev[v]})
		}
	}
	for _, c := range byContractor {
		s.ByContractor = append(s.ByContractor, *c)
	}
	slices.SortFunc(s.ByContractor, func(a, b Count) int {
		if a.N != b.N {
			return b.N - a.N
		}
		return strings.Compare(a.Key, b.Key)
	})
	s.AckMedian, s.AckP90 = percentile(acks, 50), percentile(acks, 90)
	s.ContainMedian, s.ContainP90 = percentile(contains, 50), percentile(contains, 90)
	s.RecurrenceIDs = recurrences(real)
	s.Recurrences = len(s.RecurrenceIDs)
	return s
}

func percentile(ds []time.Duration, pct int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, (len(s)-1)*pct/100)]
}

// recurrences returns the incidents that repeat an earlier one: same 課,
// kind and known cause, within the window.
func recurrences(rows []StatRow) []int64 {
	type key struct {
		unit  string
		kind  Kind
		cause Cause
	}
	s := slices.Clone(rows)
	slices.SortFunc(s, func(a, b StatRow) int { return a.DiscoveredAt.Compare(b.DiscoveredAt) })
	last := map[key]time.Time{}
	var out []int64
	for _, r := range s {
		if r.Cause == CauseUnknown {
			continue
		}
		k := key{r.Unit, r.Kind, r.Cause}
		if prev, ok := last[k]; ok && r.DiscoveredAt.Sub(prev) <= RecurrenceWindow {
			out = append(out, r.ID)
		}
		last[k] = r.DiscoveredAt
	}
	slices.Sort(out)
	return out
}
