package web

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/demo"
	"kijun/internal/records"
)

// The event feed gives the ledger in order, page by page, each page with
// the hash it follows, so a consumer re-computes every hash and reaches the
// ledger's head; a long-poll waits for the next record and returns it; SSE
// streams the same records; a member of staff without the ledger's rule is
// refused.
func TestEventFeed(t *testing.T) {
	ts, db := newTestServer(t)
	ctx := context.Background()
	if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	admin := &apiClient{t: t, base: ts.URL, token: seedToken(t, db, auth.Account{ID: "feed-admin", DisplayName: "feed", Admin: true}, access.ScopeRead)}
	head, headHash, err := db.Head(ctx)
	if err != nil || head < 10 {
		t.Fatalf("the demo wrote %d records (%v)", head, err)
	}
	h := records.NewHasher()
	var after int64
	chain := records.GenesisHash
	for pages := 0; after < head; pages++ {
		status, out, _ := admin.do("GET", fmt.Sprintf("/api/v1/events?after=%d&limit=97", after), "")
		if status != 200 || out["prev_hash"] != chain {
			t.Fatalf("page after %d: %d prev_hash %v, want %s", after, status, out["prev_hash"], chain)
		}
		for _, e := range out["events"].([]any) {
			m := e.(map[string]any)
			rec := &records.Record{Seq: int64(m["seq"].(float64)), Actor: m["actor"].(string), Action: m["action"].(string),
				Entity: m["entity"].(string), EntityID: m["entity_id"].(string), Digest: m["digest"].(string)}
			if v, ok := m["on_behalf_of"].(string); ok {
				rec.OnBehalfOf = v
			}
			rec.At, _ = time.Parse(time.RFC3339Nano, m["at"].(string))
			for _, p := range m["provisions"].([]any) {
				rec.Provisions = append(rec.Provisions, p.(string))
			}
			body, err := rec.Body()
			if err != nil {
				t.Fatal(err)
			}
			if rec.Seq != after+1 {
				t.Fatalf("event %d follows %d", rec.Seq, after)
			}
			if got := string(h.Hash([]byte(chain), rec.Seq, body)); got != m["hash"] {
				t.Fatalf("event %d: re-computed hash %s, feed says %s", rec.Seq, got, m["hash"])
			}
			chain, after = m["hash"].(string), rec.Seq
		}
		if int64(out["next"].(float64)) != after {
			t.Fatalf("next %v, want %d", out["next"], after)
		}
	}
	if chain != headHash {
		t.Errorf("the chain received ends at %s, the ledger's head is %s", chain, headHash)
	}

	// A long-poll at the head waits, and returns the record written meanwhile.
	go func() {
		time.Sleep(300 * time.Millisecond)
		_ = db.SetSetting(context.Background(), "city.name", "みなと市")
	}()
	start := time.Now()
	status, out, _ := admin.do("GET", fmt.Sprintf("/api/v1/events?after=%d&wait=5", head), "")
	evs, _ := out["events"].([]any)
	if status != 200 || time.Since(start) < 200*time.Millisecond {
		t.Fatalf("long-poll: %d after %v, want it to wait for the record", status, time.Since(start))
	}
	if len(evs) != 1 {
		t.Errorf("long-poll gave %d events, want the one record written while it waited", len(evs))
	}

	// SSE: the first events, as the JSON page gives them.
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/api/v1/events?after=0&limit=3", nil)
	req.Header.Set("Authorization", "Bearer "+admin.token)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(resp.Body)
	var ids []string
	for sc.Scan() && len(ids) < 5 {
		if id, ok := strings.CutPrefix(sc.Text(), "id: "); ok {
			ids = append(ids, id)
		}
	}
	resp.Body.Close()
	if resp.Header.Get("Content-Type") != "text/event-stream" || strings.Join(ids, ",") != "1,2,3,4,5" {
		t.Errorf("SSE: %s, ids %v, want 1 to 5 in order", resp.Header.Get("Content-Type"), ids)
	}

	staff := &apiClient{t: t, base: ts.URL, token: seedToken(t, db, auth.Account{ID: "feed-staff", DisplayName: "staff"}, access.ScopeRead)}
	if status, _, _ := staff.do("GET", "/api/v1/events", ""); status != http.StatusForbidden {
		t.Errorf("a member of staff reads the feed: %d, want 403", status)
	}
	if status, out, _ := admin.do("GET", "/api/v1/events?after=-1", ""); status != 400 || !problemNames(out, "after") {
		t.Errorf("after=-1: %d %v", status, out)
	}
}
