package web

import (
	"net/http/httptest"
	"testing"
)

// FuzzRecordFilter reads any query string the ledger's search may be sent:
// it never panics, and a search it accepts has a limit from 1 to 500 and
// days that run forwards.
func FuzzRecordFilter(f *testing.F) {
	for _, q := range []string{"", "actor=100005&action=permit.&from=2026-04-01&to=2026-04-30", "before=0", "limit=501",
		"from=2026-13-01", "to=2026/4/1&from=2026-04-02", "actor=person:1&entity=asset&id=A-1", "action=%ff%fe"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		r := httptest.NewRequest("GET", "/records", nil)
		r.URL.RawQuery = q
		got, err := recordFilter(r)
		if err != nil {
			return
		}
		if got.Limit < 1 || got.Limit > 500 {
			t.Errorf("%q: limit %d accepted", q, got.Limit)
		}
		if !got.From.IsZero() && !got.To.IsZero() && !got.From.Before(got.To) {
			t.Errorf("%q: from %v is not before to %v", q, got.From, got.To)
		}
	})
}
