package store_test

import (
	"context"
	"testing"
	"time"

	"kijun/internal/contractors"
	"kijun/internal/registers"
	"kijun/internal/store"
)

// The chain check reads each link's approval with the link: in force on
// the check's day it approves; past its period the link is unapproved and
// the day the approval ended is named; a request that approves another
// link never approves this one, whatever the city or the re-check reads.
func TestLinkApprovalFacts(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		con := registers.Console()
		for _, c := range []contractors.Contractor{firm("A", "株式会社エー", ""), firm("B", "ビー株式会社", ""), firm("C", "シー有限会社", "")} {
			if _, err := w.db.CreateContractor(ctx, con, c); err != nil {
				t.Fatal(err)
			}
		}
		day := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
		if _, err := w.db.CreateContract(ctx, con, contractors.Contract{ID: "K-1", Name: "保守", Unit: "111", Contractor: "A",
			From: day.AddDate(0, -2, 0), To: day.AddDate(1, 0, 0), State: contractors.StateActive, Articles: allArticles()}); err != nil {
			t.Fatal(err)
		}
		approve := func(link, receiver string) int64 {
			r, err := w.p.File(ctx, store.Filing{Type: "subcontract", Requester: "1004", Submit: true,
				Fields:    map[string]string{"contract": "K-1", "link": link, "receiver": receiver, "part": "入力", "selection": "確認"},
				ValidFrom: day, ValidTo: day.AddDate(0, 1, -1)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1002"}); err != nil {
				t.Fatal(err)
			}
			return r.ID
		}
		s1 := approve("S-1", "B")
		for _, l := range []contractors.Link{
			{ID: "S-1", Contract: "K-1", From: "A", To: "B", Part: "入力", State: contractors.LinkActive, Permit: s1},
			{ID: "S-2", Contract: "K-1", From: "A", To: "C", Part: "入力", State: contractors.LinkFound},
		} {
			if _, err := w.db.CreateLink(ctx, con, l); err != nil {
				t.Fatal(err)
			}
		}
		// S-2 names S-1's approval: it approves S-1, not S-2.
		s2, err := w.db.LinkEntry(ctx, "S-2")
		if err != nil {
			t.Fatal(err)
		}
		s2.Permit = s1
		if _, err := w.db.UpdateLink(ctx, con, s2); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			on                   time.Time
			scope                store.FactsScope
			approved1, approved2 bool
			expired1             string
		}{
			{day.AddDate(0, 0, 14), nil, true, false, ""},
			{day.AddDate(0, 0, 14), store.FactsScope{"subcontract:S-1", "subcontract:S-2"}, true, false, ""},
			{day.AddDate(0, 2, 0), nil, false, false, "2026-06-30"},
		} {
			f, err := w.db.ComplianceFacts(ctx, tt.on, tt.scope)
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Links) != 2 {
				t.Fatalf("on %s read %d links, want 2", tt.on.Format(time.DateOnly), len(f.Links))
			}
			l1, l2 := f.Links[0], f.Links[1]
			if l1.Approved != tt.approved1 || l2.Approved != tt.approved2 || l1.Expired != tt.expired1 {
				t.Errorf("on %s (scope %v): S-1 approved %v expired %q, S-2 approved %v; want %v %q, %v",
					tt.on.Format(time.DateOnly), tt.scope, l1.Approved, l1.Expired, l2.Approved, tt.approved1, tt.expired1, tt.approved2)
			}
		}
	})
}
