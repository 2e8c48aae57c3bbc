package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/demo"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// BenchmarkAPI measures the API on the city-scale demo (about 200,000
// assets, 20,000 staff in 1,000 課), with the token of the CISO's office:
//
//   - list: a page of the device register, filtered, p95 (target ≤ 50 ms);
//
//   - bulk-10000-devices: one all-or-nothing upsert of 10,000 new devices
//     over HTTP (target ≤ 5 s), reported as s/op;
//
//   - event-feed: reading the whole ledger through the event feed in pages
//     of 1,000 (target ≥ 10,000 events/s), reported as events/s.
//
//     go test ./internal/web -run '^$' -bench BenchmarkAPI -benchtime 1x -v -timeout 60m
func BenchmarkAPI(b *testing.B) {
	for engine, u := range storetest.URLs(b) {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			db := storetest.Open(b, u, store.Options{})
			db.EnsureDefaultCatalog(ctx)
			if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.City, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			ts, _ := startServer(b, db)
			day := organisation.Day(db.Now())
			ciso, err := db.ActingFor(ctx, organisation.RoleSecurityManager, organisation.City(), day)
			if err != nil {
				b.Fatal(err)
			}
			c := &benchClient{b: b, base: ts.URL, token: seedTokenB(b, db, ciso.Person.StaffNo)}
			units, err := db.UnitsOn(ctx, day)
			if err != nil {
				b.Fatal(err)
			}
			unit := units[len(units)-1].Code

			// 100 requests of each list a round, so one round gives a p95:
			// the register's first pages as they come, and filtered by kind
			// sorted by the last change.
			b.Run("list", func(b *testing.B) {
				lists := map[string]string{"plain": "/api/v1/devices?offset=%d", "filtered": "/api/v1/devices?kind=pc&sort=updated&desc=1&offset=%d"}
				times := map[string][]time.Duration{}
				for b.Loop() {
					for i := range 100 {
						for name, q := range lists {
							t0 := time.Now()
							if err := c.get(fmt.Sprintf(q, (i%10)*50), nil); err != nil {
								b.Fatal(err)
							}
							times[name] = append(times[name], time.Since(t0))
						}
					}
				}
				for name, ts := range times {
					b.ReportMetric(storetest.Millis(storetest.Percentile(ts, 95)), "p95-ms-"+name)
				}
			})
			b.Run("bulk-10000-devices", func(b *testing.B) {
				round := 0
				for b.Loop() {
					round++
					var sb strings.Builder
					sb.WriteString(`{"items":[`)
					for i := range 10000 {
						if i > 0 {
							sb.WriteByte(',')
						}
						fmt.Fprintf(&sb, `{"id":"BULK-%d-%05d","name":"一括端末 %d","unit":%q,"kind":"pc","disk_encryption":true,"screen_lock":true}`, round, i, i, unit)
					}
					sb.WriteString(`]}`)
					var plan struct{ Added []string }
					if err := c.post("/api/v1/devices/bulk", sb.String(), &plan); err != nil {
						b.Fatal(err)
					}
					if len(plan.Added) != 10000 {
						b.Fatalf("added %d devices, want 10,000", len(plan.Added))
					}
				}
			})
			b.Run("event-feed", func(b *testing.B) {
				var events int
				start := time.Now()
				for b.Loop() {
					var after int64
					for {
						var page struct {
							Events []json.RawMessage
							Next   int64
						}
						if err := c.get(fmt.Sprintf("/api/v1/events?after=%d&limit=1000", after), &page); err != nil {
							b.Fatal(err)
						}
						if len(page.Events) == 0 {
							break
						}
						events += len(page.Events)
						after = page.Next
					}
				}
				b.ReportMetric(float64(events)/time.Since(start).Seconds(), "events/s")
			})
		})
	}
}

type benchClient struct {
	b           *testing.B
	base, token string
}

func (c *benchClient) do(method, path, body string, out any) error {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %d %.300s", method, path, resp.StatusCode, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

func (c *benchClient) get(path string, out any) error        { return c.do("GET", path, "", out) }
func (c *benchClient) post(path, body string, out any) error { return c.do("POST", path, body, out) }

// seedTokenB is a person's write token for a benchmark.
func seedTokenB(b *testing.B, db *store.DB, staffNo string) string {
	b.Helper()
	return seedToken(b, db, auth.Account{ID: staffNo, StaffNo: staffNo, DisplayName: staffNo}, access.ScopeWrite)
}
