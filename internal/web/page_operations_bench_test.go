package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"kijun/internal/auth"
	"kijun/internal/operations"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// BenchmarkSystemPage measures the page of a system with its history: a
// year of work records (two a day), 20 changes each through its four
// steps, a log policy with a year of reviews and open security holes,
// signed in as the 課長 of its 課 (target: p95 ≤ 50 ms, reported as
// p95-ms).
//
//	go test ./internal/web -run '^$' -bench SystemPage -benchtime 200x
func BenchmarkSystemPage(b *testing.B) {
	urls := storetest.URLs(b)
	for engine, u := range urls {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			db := storetest.Open(b, u, store.Options{})
			db.EnsureDefaultCatalog(ctx)
			accessOrg(b, db)
			opsSystems(b, db)
			ed := registers.Console()
			now := db.Now()
			var rows []operations.WorkRow
			for i := 0; i < 730; i++ {
				rows = append(rows, operations.WorkRow{Line: i + 2, Record: operations.WorkRecord{System: "A", At: now.Add(-time.Duration(i*12+1) * time.Hour),
					Workers: []string{"1001", "1002"}, Summary: "定例作業", Outcome: operations.OutcomeDone, Ticket: fmt.Sprintf("T-%d", i)}})
			}
			if _, err := db.ImportWorkRecords(ctx, ed, rows, false); err != nil {
				b.Fatal(err)
			}
			for i := 0; i < 20; i++ {
				c, err := db.PlanChange(ctx, ed, "1001", operations.Change{System: "A", Title: "更新", Reason: "r", Risk: "r", Rollback: "r"})
				if err != nil {
					b.Fatal(err)
				}
				for _, st := range []store.ChangeStep{{Who: "1002"}, {Who: "1001", Others: []string{"1002"}, At: now.Add(-time.Minute), Outcome: operations.OutcomeDone}, {Who: "1002"}} {
					st.ID = c.ID
					step := registers.StepApprove
					if st.Outcome != "" {
						step = registers.StepCarry
					} else if c.State == operations.ChangeDone {
						step = registers.StepConfirm
					}
					if c, err = registers.New(db).Operations.Step(ctx, ed, step, st); err != nil {
						b.Fatal(err)
					}
				}
			}
			if _, err := db.SetLogPolicy(ctx, ed, operations.LogPolicy{System: "A", Reviewer: "1001", EveryDays: 30, OnFailure: "x"}); err != nil {
				b.Fatal(err)
			}
			for i := 0; i < 12; i++ {
				if _, err := db.RecordLogReview(ctx, ed, operations.LogReview{System: "A", At: now.AddDate(0, -i, 0), Reviewer: "1001"}); err != nil {
					b.Fatal(err)
				}
			}
			var feed bytes.Buffer
			var vs []operations.Vuln
			for i := 0; i < 30; i++ {
				vs = append(vs, operations.Vuln{ID: fmt.Sprintf("CVE-2026-6%04d", i), Score: 7.5,
					Affects: []operations.Affect{{CPE: "cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*", EndExcluding: "2.4.62"}}})
			}
			operations.WriteNVD(&feed, vs, now)
			if _, err := db.ImportFeed(ctx, ed, &feed, operations.FormatNVD); err != nil {
				b.Fatal(err)
			}
			ts, _ := startServer(b, db)
			chief := signedIn(b, db, ts.URL, auth.Account{ID: "1001", StaffNo: "1001", DisplayName: "山田 太郎"})
			b.Run("system-with-history", storetest.P95(func() error {
				status, _ := chief.get("/systems/A")
				if status != http.StatusOK {
					return fmt.Errorf("system page: %d", status)
				}
				return nil
			}))
		})
	}
}
