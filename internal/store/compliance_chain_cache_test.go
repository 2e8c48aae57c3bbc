package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"kijun/internal/compliance"
	"kijun/internal/contractors"
	"kijun/internal/permits"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// chainWorld is a small city of chapter 10 on one database, opened twice
// as two servers would: db and db2 each keep their own chain cache.
type chainWorld struct {
	db, db2 *store.DB
	p, p2   *store.Permits
	day     time.Time
}

func eachChainWorld(t *testing.T, fn func(t *testing.T, w *chainWorld)) {
	t.Helper()
	reg, err := permits.Default()
	if err != nil {
		t.Fatal(err)
	}
	for engine, u := range storetest.URLs(t) {
		t.Run(engine, func(t *testing.T) {
			day := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
			clock := func() time.Time { return day.Add(time.Hour) }
			w := &chainWorld{db: storetest.Open(t, u, store.Options{Now: clock}), day: day}
			w.db2 = storetest.Open(t, u, store.Options{Now: clock})
			w.p, w.p2 = w.db.Permits(reg), w.db2.Permits(reg)
			smallOrg(t, w.db)
			ctx, con := context.Background(), registers.Console()
			sel := contractors.Selection{CheckedOn: day.AddDate(0, -1, 0), CheckedBy: "1002", What: "体制を確認"}
			for _, c := range []contractors.Contractor{
				{ID: "A", Name: "株式会社エー", Selection: sel},
				{ID: "B", Name: "ビー株式会社", Selection: sel},
				{ID: "C", Name: "シー有限会社", Certifications: []contractors.Certification{{Kind: contractors.CertISMS, Number: "IS 1", Expires: day.AddDate(0, 0, 20)}}},
			} {
				if _, err := w.db.CreateContractor(ctx, con, c); err != nil {
					t.Fatal(err)
				}
			}
			for _, k := range []contractors.Contract{
				{ID: "K-1", Name: "保守", Unit: "111", Contractor: "A", From: day.AddDate(0, -2, 0), To: day.AddDate(1, 0, 0), State: contractors.StateActive, Articles: allArticles()},
				{ID: "K-2", Name: "入力", Unit: "111", Contractor: "B", From: day.AddDate(0, -2, 0), To: day.AddDate(0, 1, 0), State: contractors.StateActive, Articles: allArticles()},
			} {
				if _, err := w.db.CreateContract(ctx, con, k); err != nil {
					t.Fatal(err)
				}
			}
			fn(t, w)
		})
	}
}

// approve files and approves, through p, a request of type subcontract
// for link of K-1 to receiver, in force for a month from the day.
func (w *chainWorld) approve(t *testing.T, p *store.Permits, link, receiver string) int64 {
	t.Helper()
	ctx := context.Background()
	r, err := p.File(ctx, store.Filing{Type: "subcontract", Requester: "1004", Submit: true,
		Fields:    map[string]string{"contract": "K-1", "link": link, "receiver": receiver, "part": "入力", "selection": "確認"},
		ValidFrom: w.day, ValidTo: w.day.AddDate(0, 1, -1)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1002"}); err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// same checks the whole city on db through its cache, then forgets the
// cache and reads the city whole, and fails unless the two agree; it
// returns the facts.
func sameChain(t *testing.T, db *store.DB, on time.Time, step string) *compliance.Facts {
	t.Helper()
	ctx := context.Background()
	_, warm := db.ChainsHead()
	cached, err := db.ComplianceFacts(ctx, on, nil)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	if head, _, err := db.Head(ctx); err != nil {
		t.Fatal(err)
	} else if at, ok := db.ChainsHead(); !ok || at != head {
		t.Fatalf("%s: the chain cache is at %d (kept %v), the ledger at %d", step, at, ok, head)
	}
	db.ForgetChains()
	cold, err := db.ComplianceFacts(ctx, on, nil)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	if !warm && step != "first read" {
		t.Fatalf("%s: the cache was empty before the check", step)
	}
	if !reflect.DeepEqual(cached.Contracts, cold.Contracts) {
		t.Fatalf("%s: the cached contracts differ from those read whole:\n%+v\n%+v", step, cached.Contracts, cold.Contracts)
	}
	if !reflect.DeepEqual(cached.Links, cold.Links) {
		t.Fatalf("%s: the cached links differ from those read whole:\n%+v\n%+v", step, cached.Links, cold.Links)
	}
	return cached
}

func linkFact(t *testing.T, f *compliance.Facts, id string) compliance.Link {
	t.Helper()
	for _, l := range f.Links {
		if l.ID == id {
			return l
		}
	}
	t.Fatalf("no facts of link %s among %d", id, len(f.Links))
	return compliance.Link{}
}

func contractFact(t *testing.T, f *compliance.Facts, id string) compliance.Contract {
	t.Helper()
	for _, c := range f.Contracts {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no facts of contract %s among %d", id, len(f.Contracts))
	return compliance.Contract{}
}

// The chain check kept between checks of the whole city gives the
// findings' facts a check reading everything gives, after every kind of
// change: a link added, passed on or approved, a contract's articles and
// period, a contractor's certification, a member of staff and their
// identity check, and the day turning past an approval's end and a
// certificate's expiry with no write at all.
func TestChainCacheFollowsTheLedger(t *testing.T) {
	eachChainWorld(t, func(t *testing.T, w *chainWorld) {
		ctx, con, db := context.Background(), registers.Console(), w.db
		on := w.day.AddDate(0, 0, 1)
		s1 := w.approve(t, w.p, "S-1", "B")
		if _, err := db.CreateLink(ctx, con, contractors.Link{ID: "S-1", Contract: "K-1", From: "A", To: "B", Part: "入力", State: contractors.LinkActive, Permit: s1}); err != nil {
			t.Fatal(err)
		}
		f := sameChain(t, db, on, "first read")
		if l := linkFact(t, f, "S-1"); !l.Approved || l.Chain != "市 → 株式会社エー → ビー株式会社" {
			t.Fatalf("S-1 on the first read: %+v", l)
		}
		sameChain(t, db, on, "nothing changed")

		// A link passed on again, unapproved, to a contractor with no
		// selection check.
		if _, err := db.CreateLink(ctx, con, contractors.Link{ID: "S-2", Contract: "K-1", From: "B", To: "C", Part: "入力", State: contractors.LinkFound}); err != nil {
			t.Fatal(err)
		}
		f = sameChain(t, db, on, "a link added")
		if l := linkFact(t, f, "S-2"); l.Approved || l.Depth != 2 || l.Selected {
			t.Fatalf("S-2 added: %+v", l)
		}
		// Its approval decided, then the link put under it.
		s2 := w.approve(t, w.p, "S-2", "C")
		sameChain(t, db, on, "an approval decided")
		l2, err := db.LinkEntry(ctx, "S-2")
		if err != nil {
			t.Fatal(err)
		}
		l2.State, l2.Permit = contractors.LinkActive, s2
		if _, err := db.UpdateLink(ctx, con, l2); err != nil {
			t.Fatal(err)
		}
		f = sameChain(t, db, on, "a link put under its approval")
		if l := linkFact(t, f, "S-2"); !l.Approved {
			t.Fatalf("S-2 approved: %+v", l)
		}

		// The contractor at the end of the chain: renamed, its selection
		// checked, its certification renewed.
		c, err := db.ContractorEntry(ctx, "C")
		if err != nil {
			t.Fatal(err)
		}
		c.Name = "シー株式会社"
		c.Selection = contractors.Selection{CheckedOn: w.day, CheckedBy: "1002", What: "体制を確認"}
		c.Certifications[0].Expires = w.day.AddDate(0, 0, 10)
		if _, err := db.UpdateContractor(ctx, con, c); err != nil {
			t.Fatal(err)
		}
		f = sameChain(t, db, on, "a contractor's selection and certification")
		if l := linkFact(t, f, "S-2"); !l.Selected || l.Lapsed != "" || l.Chain != "市 → 株式会社エー → ビー株式会社 → シー株式会社" {
			t.Fatalf("S-2 after C's selection: %+v", l)
		}

		// A contract's period shortened; a draft's article dropped.
		k, err := db.ContractEntry(ctx, "K-2")
		if err != nil {
			t.Fatal(err)
		}
		k.To = w.day.AddDate(0, 0, 5)
		if _, err := db.UpdateContract(ctx, con, k); err != nil {
			t.Fatal(err)
		}
		sameChain(t, db, on, "a contract's period")
		k3, err := db.CreateContract(ctx, con, contractors.Contract{ID: "K-3", Name: "開発", Unit: "111", Contractor: "C",
			From: w.day, To: w.day.AddDate(1, 0, 0), State: contractors.StateDraft, Articles: allArticles()})
		if err != nil {
			t.Fatal(err)
		}
		f = sameChain(t, db, on, "a contract added")
		if got := contractFact(t, f, "K-3"); got.Missing != "" {
			t.Fatalf("K-3 with every article: %+v", got)
		}
		for key := range k3.Articles {
			delete(k3.Articles, key)
			break
		}
		if _, err := db.UpdateContract(ctx, con, k3); err != nil {
			t.Fatal(err)
		}
		f = sameChain(t, db, on, "a contract's article dropped")
		if got := contractFact(t, f, "K-3"); got.Missing == "" {
			t.Fatalf("K-3 with an article dropped: %+v", got)
		}

		// A member of staff with neither check nor training, then both.
		st := contractors.Staff{ID: "W-1", Contract: "K-1", Name: "山田", Affiliation: "B", Workplace: "本庁舎", From: w.day, To: w.day.AddDate(0, 6, 0)}
		if _, err := db.CreateStaff(ctx, con, st); err != nil {
			t.Fatal(err)
		}
		f = sameChain(t, db, on, "staff added")
		if got := contractFact(t, f, "K-1"); got.Unchecked != "山田" || got.Untrained != "山田" {
			t.Fatalf("K-1 with W-1 unchecked and untrained: %+v", got)
		}
		staff, err := db.ContractStaff(ctx, "K-1")
		if err != nil || len(staff) != 1 {
			t.Fatalf("staff of K-1: %v, %v", staff, err)
		}
		st = staff[0]
		st.TrainedOn = w.day
		st.Checks = []contractors.IdentityCheck{{On: w.day, Checker: "1002", Shown: "社員証"}}
		if _, err := db.UpdateStaff(ctx, con, st); err != nil {
			t.Fatal(err)
		}
		f = sameChain(t, db, on, "staff checked and trained")
		if got := contractFact(t, f, "K-1"); got.Unchecked != "" || got.Untrained != "" {
			t.Fatalf("K-1 with W-1 checked and trained: %+v", got)
		}

		// The days turn: no write, yet C's certificate lapses, K-2 ends,
		// the approvals run out; each check judges its own day.
		for _, d := range []time.Time{w.day.AddDate(0, 0, 12), w.day.AddDate(0, 1, 5), on} {
			f = sameChain(t, db, d, "the check on "+d.Format(time.DateOnly))
			l1, c2 := linkFact(t, f, "S-1"), contractFact(t, f, "K-2")
			lapsed, expired, ended := linkFact(t, f, "S-2").Lapsed != "", l1.Expired != "", !c2.InForce
			want := d.After(w.day.AddDate(0, 0, 10))
			if lapsed != want || expired != d.After(w.day.AddDate(0, 1, -1)) || ended != d.After(w.day.AddDate(0, 0, 5)) {
				t.Fatalf("on %s: S-2 lapsed %v, S-1 expired %q, K-2 in force %v", d.Format(time.DateOnly), lapsed, l1.Expired, c2.InForce)
			}
		}
	})
}

// A change written by another server on the same database is in the next
// check of the first, whose cache that server never touched: the ledger
// names it.
func TestChainCacheSeesAnotherHandlesChange(t *testing.T) {
	eachChainWorld(t, func(t *testing.T, w *chainWorld) {
		ctx, con := context.Background(), registers.Console()
		on := w.day.AddDate(0, 0, 1)
		if _, err := w.db.CreateLink(ctx, con, contractors.Link{ID: "S-1", Contract: "K-1", From: "A", To: "B", Part: "入力", State: contractors.LinkFound}); err != nil {
			t.Fatal(err)
		}
		f := sameChain(t, w.db, on, "first read")
		if linkFact(t, f, "S-1").Approved {
			t.Fatal("S-1 approved before any approval")
		}
		// The second server approves the link and puts it under the approval.
		s1 := w.approve(t, w.p2, "S-1", "B")
		l, err := w.db2.LinkEntry(ctx, "S-1")
		if err != nil {
			t.Fatal(err)
		}
		l.State, l.Permit = contractors.LinkActive, s1
		if _, err := w.db2.UpdateLink(ctx, con, l); err != nil {
			t.Fatal(err)
		}
		f = sameChain(t, w.db, on, "after the other server's approval")
		if got := linkFact(t, f, "S-1"); !got.Approved || got.State != string(contractors.LinkActive) {
			t.Fatalf("S-1 after the other server approved it: %+v", got)
		}
		// And a link it adds.
		if _, err := w.db2.CreateLink(ctx, con, contractors.Link{ID: "S-0", Contract: "K-2", From: "B", To: "C", Part: "入力", State: contractors.LinkFound}); err != nil {
			t.Fatal(err)
		}
		f = sameChain(t, w.db, on, "after the other server's link")
		if got := linkFact(t, f, "S-0"); got.Chain != "市 → ビー株式会社 → シー有限会社" {
			t.Fatalf("S-0 added by the other server: %+v", got)
		}
	})
}

// TestWarmCaches: the server's read at start keeps the chain's rows at
// the ledger's head, so the first check after it reads none again.
func TestWarmCaches(t *testing.T) {
	eachChainWorld(t, func(t *testing.T, w *chainWorld) {
		ctx, db := context.Background(), w.db
		db.ForgetChains()
		if _, ok := db.ChainsHead(); ok {
			t.Fatal("rows kept after forgetting them")
		}
		if err := db.WarmCaches(ctx, w.day); err != nil {
			t.Fatal(err)
		}
		head, ok := db.ChainsHead()
		if !ok || head == 0 {
			t.Fatalf("after the warm read: head %d, rows kept %v", head, ok)
		}
		sameChain(t, db, w.day.AddDate(0, 0, 1), "the first check after the warm read")
		if at, _ := db.ChainsHead(); at != head {
			t.Errorf("the first check read the chain again: head %d → %d", head, at)
		}
	})
}
