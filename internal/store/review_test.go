package store_test

import (
	"strings"
	"testing"

	"kijun/internal/kijun"
	"kijun/internal/records"
	"kijun/internal/review"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/wareki"
)

// TestReview counts the provisions whose findings came back over two
// 年度 (11.3) and records the CISO's office's decision on each: a member
// of staff is refused, a provision left undecided or an edition not loaded
// is named, and nothing is written until all is right.
func TestReview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := as("2007")
		deputyOrg(t, db)
		if _, err := db.EnsureDefaultCatalog(ctx); err != nil {
			t.Fatal(err)
		}
		fy := wareki.FiscalYear(db.Now())
		lastYear, _ := wareki.FiscalYearRange(fy - 1)
		thisYear, _ := wareki.FiscalYearRange(fy)
		last, this := records.FormatTime(lastYear.AddDate(0, 1, 0)), records.FormatTime(thisYear.AddDate(0, 0, 1))
		if err := db.Update(ctx, func(tx *store.Tx) error {
			for i, f := range []struct{ provision, at string }{
				{"6.4.3", this}, {"6.4.3", this}, {"7.1.1", last}, {"7.1.1", this}, {"8.1.1", this},
			} {
				if _, err := tx.ExecContext(ctx, `INSERT INTO compliance_findings (rule, subject, provision, severity, kind, subject_name, unit_code, message, first_seen, last_seen)
					VALUES (?, ?, ?, 'high', 'medium', 'x', '111', 'x', ?, ?)`, "r"+f.provision, string(rune('a'+i)), f.provision, f.at, f.at); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		got, err := db.ReviewCandidates(ctx, fy)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Provision != "6.4.3" || got[0].Counts.Check != [2]int{0, 2} || got[1].Provision != "7.1.1" || got[1].Counts.Check != [2]int{1, 1} {
			t.Fatalf("candidates = %+v; want 6.4.3 twice this year, 7.1.1 in both (8.1.1 once is not repeated)", got)
		}
		rec := review.Record{FiscalYear: fy, Provisions: []review.Provision{{Provision: "6.4.3", Decision: review.DecideAddRule}}}
		if _, err := db.DecideReview(as("2004"), false, rec); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("a member of staff decided: %v", err)
		}
		if _, err := db.DecideReview(ctx, true, rec); kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), "7.1.1") {
			t.Errorf("7.1.1 left undecided: %v", err)
		}
		rec.Provisions = append(rec.Provisions, review.Provision{Provision: "7.1.1", Decision: review.DecideRevise, Note: "手順を具体化する"})
		rec.NextCatalog, rec.NextEdition = "kobe", "v9.9"
		if _, err := db.DecideReview(ctx, true, rec); kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), "v9.9") {
			t.Errorf("an edition not loaded: %v", err)
		}
		if _, err := db.Review(ctx, fy); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("a refused decision was written: %v", err)
		}
		cats, err := db.Catalogs(ctx)
		if err != nil || len(cats) == 0 {
			t.Fatal(err)
		}
		rec.NextCatalog, rec.NextEdition = cats[0].Key, cats[0].Edition
		if _, err := db.DecideReview(ctx, true, rec); err != nil {
			t.Fatal(err)
		}
		saved, err := db.Review(ctx, fy)
		if err != nil {
			t.Fatal(err)
		}
		if len(saved.Provisions) != 2 || saved.Provisions[1].Decision != review.DecideRevise || saved.Provisions[1].Counts.Check != [2]int{1, 1} || saved.NextEdition != cats[0].Edition || saved.DecidedBy == "" {
			t.Errorf("saved = %+v", saved)
		}
	})
}
