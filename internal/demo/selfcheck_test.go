package demo

import (
	"context"
	"path/filepath"
	"testing"

	"kijun/internal/compliance/monitor"
	"kijun/internal/selfcheck"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/wareki"
)

// The demo's self-check: last 年度 closed with reports submitted, this
// 年度 open with one 課 report contradicted by the planted unencrypted
// medium and not submitted; a second run changes nothing.
func TestGenerateSelfcheck(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	if _, err := Generate(ctx, db, Options{Scale: Small, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := monitor.New(db).Run(ctx, db.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := GenerateSelfcheck(ctx, db); err != nil {
		t.Fatal(err)
	}
	fy := wareki.FiscalYear(db.Now())
	last, err := db.SelfcheckProgress(ctx, fy-1)
	if err != nil || last.Campaign.Open() || last.Total.Submitted == 0 {
		t.Errorf("last 年度: %+v, %v; want closed with reports submitted", last, err)
	}
	this, err := db.SelfcheckProgress(ctx, fy)
	if err != nil || !this.Campaign.Open() || this.Total.Contradicted == 0 {
		t.Fatalf("this 年度: %+v, %v; want open with a contradiction", this.Total, err)
	}
	res, err := db.SelfcheckResults(ctx, fy)
	if err != nil || res.LastYear != fy-1 || len(res.No) == 0 {
		t.Errorf("results: last year %d, %d answers of no, %v", res.LastYear, len(res.No), err)
	}
	if lines, err := GenerateSelfcheck(ctx, db); err != nil || lines != nil {
		t.Errorf("second run: %v, %v", lines, err)
	}
	c, _ := db.SelfcheckCampaign(ctx, fy)
	units, _ := db.SelfcheckReports(ctx, c.ID, selfcheck.Unit, 1<<20)
	flagged := 0
	for _, r := range units {
		if r.Contradicted > 0 && !r.Submitted() {
			flagged++
		}
	}
	if flagged != 1 {
		t.Errorf("%d 課 reports flagged and open, want 1", flagged)
	}
}
