package web

// What the incident templates call to show an incident's parts.

import (
	"strconv"
	"strings"
	"time"

	"kijun/internal/incidents"
	"kijun/internal/store"
)

// summaries is what a table of incidents needs.
type summaries struct {
	Page    *page
	Caption string
	Rows    []store.IncidentSummary
	Board   bool
}

func newSummaries(p *page, captionKey string, rows []store.IncidentSummary, board bool) summaries {
	return summaries{Page: p, Caption: p.T(captionKey), Rows: rows, Board: board}
}

// leakChoice is one answer to 漏えいの有無, for the form's radio buttons.
type leakChoice struct {
	ID    string
	Value incidents.LeakState
}

func leakStates() []leakChoice {
	return []leakChoice{{"unknown", incidents.LeakUnknown}, {"none", incidents.LeakNone}, {"suspected", incidents.LeakSuspected}, {"confirmed", incidents.LeakConfirmed}}
}

// age writes how long ago t was, in days, hours and minutes.
func age(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Hour:
		return strconv.Itoa(int(d.Minutes())) + "分"
	case d < 24*time.Hour:
		return strconv.Itoa(int(d.Hours())) + "時間" + strconv.Itoa(int(d.Minutes())%60) + "分"
	}
	return strconv.Itoa(int(d.Hours())/24) + "日" + strconv.Itoa(int(d.Hours())%24) + "時間"
}

// evidenceBytes writes a file's size for people.
func evidenceBytes(n int64) string { return incidents.FormatBytes(n) }

// itemValue writes what the report gives for one item of 7.3.2.
func itemValue(p *page, in incidents.Incident, field string) string {
	switch field {
	case incidents.FieldTitle:
		return in.Title
	case incidents.FieldDiscoveredAt:
		return p.DateTime(in.DiscoveredAt)
	case incidents.FieldOccurredAt:
		return p.DateTime(in.OccurredAt)
	case incidents.FieldReporter:
		return in.Reporter
	case incidents.FieldDescription:
		return in.Description
	case incidents.FieldLeak:
		l := in.Leak
		s := l.State.Label()
		if l.People > 0 {
			s += "、" + strconv.Itoa(l.People) + " 人分"
		}
		for _, f := range []struct {
			on    bool
			label string
		}{{l.Sensitive, "要配慮個人情報を含む"}, {l.MyNumber, "特定個人情報を含む"}, {l.Financial, "財産的被害のおそれ"},
			{l.Malicious, "不正の目的のおそれ"}, {l.Encrypted, "高度な暗号化あり"}, {l.FromMyNumberSystem, "マイナンバー利用事務系から"}} {
			if f.on {
				s += "、" + f.label
			}
		}
		if len(l.AssetIDs) > 0 {
			s += "（情報資産: " + strings.Join(l.AssetIDs, "、") + "）"
		}
		if l.Description != "" {
			s += " " + l.Description
		}
		return s
	case incidents.FieldSupposedCause:
		return in.SupposedCause
	case incidents.FieldResponse:
		return in.Response
	case incidents.FieldRecovery:
		return in.Recovery
	}
	return ""
}

// madeReport returns the report made for an obligation, or nil.
func madeReport(f store.IncidentFile, o incidents.Obligation) *store.OutsideReport {
	if r, ok := f.Made(o); ok {
		return &r
	}
	return nil
}

// nextState returns the state an action moves to next, or "".
func nextState(a incidents.Action) incidents.ActionState {
	next, _ := a.Kind.Next(a.State)
	return next
}

// severities are the CSIRT's choices of severity.
func severities() []incidents.Severity {
	return []incidents.Severity{incidents.SeverityLow, incidents.SeverityMedium, incidents.SeverityHigh, incidents.SeverityCritical}
}

// humanDuration writes a span of time for the statistics.
func humanDuration(d time.Duration) string {
	if d == 0 {
		return "—"
	}
	if d < time.Hour {
		return strconv.Itoa(int(d.Round(time.Minute).Minutes())) + "分"
	}
	return strconv.FormatFloat(d.Hours(), 'f', 1, 64) + "時間"
}
