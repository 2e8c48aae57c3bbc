package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// TestCSRFTokenNotTakenFromQuery checks that a CSRF token in the URL is
// refused, even the right one, since a URL is logged and sent on in
// Referer; in the body or the header it is taken.
func TestCSRFTokenNotTakenFromQuery(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ts, _ := startServer(t, db)
	s := signedIn(t, db, ts.URL, auth.Account{ID: "u-csrf", DisplayName: "試験"})
	form := func() url.Values { return url.Values{"name": {"集計"}, "scope": {"read"}, "days": {"30"}} }
	if code, _ := s.post("/account/tokens?csrf="+s.csrf, withCSRF(form(), "-")); code != http.StatusForbidden {
		t.Errorf("token only in the query: %d, want 403", code)
	}
	if code, _ := s.post("/account/tokens?csrf="+s.csrf, form()); code != http.StatusForbidden {
		t.Errorf("token in the query and the body: %d, want 403", code)
	}
	if code, body := s.post("/account/tokens", form()); code != http.StatusOK || !strings.Contains(body, "kjn_") {
		t.Errorf("token in the body: %d, want the new token shown", code)
	}
}

func withCSRF(v url.Values, csrf string) url.Values {
	v.Set("csrf", csrf)
	return v
}

// TestHSTS checks that Strict-Transport-Security is sent exactly when the
// public URL is https (Config.Secure), whether or not TLS reaches Kijun
// itself: behind a proxy that terminates TLS it does not.
func TestHSTS(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	svc := mustService(t, db)
	for _, tt := range []struct {
		name   string
		secure bool
		tls    bool
	}{
		{"https public URL behind a proxy", true, false},
		{"https public URL, TLS here", true, true},
		{"http public URL", false, false},
		{"http public URL, TLS here", false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New(Config{DB: db, Access: svc, Version: "test", Secure: tt.secure})
			if err != nil {
				t.Fatal(err)
			}
			ts := httptest.NewUnstartedServer(s)
			if tt.tls {
				ts.StartTLS()
			} else {
				ts.Start()
			}
			defer ts.Close()
			for _, path := range []string{"/signin", "/no-such-page", "/api/v1/records"} {
				resp, err := ts.Client().Get(ts.URL + path)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				got := resp.Header.Get("Strict-Transport-Security")
				if tt.secure && !strings.Contains(got, "max-age=31536000") {
					t.Errorf("%s: Strict-Transport-Security %q, want max-age of a year", path, got)
				}
				if !tt.secure && got != "" {
					t.Errorf("%s: Strict-Transport-Security %q over a public URL that is not https, want none", path, got)
				}
			}
		})
	}
}

// TestSignInFlood runs a flood of anonymous sign-in attempts from one
// address (named by the trusted proxy header) at a server on 127.0.0.1,
// with a real person signing in from another address meanwhile: the
// person's sign-in must not wait behind the flood's password hashes, and
// the ledger must grow by far fewer records than there were attempts.
// The time bound is checked with KIJUN_TEST_FLOOD=1, when the test runs alone.
func TestSignInFlood(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	p := access.DefaultPolicy()
	// Dearer than the other tests' argon2id, so that hashing shows, and
	// cheaper than production's, so that the test stays quick.
	p.Params = auth.Params{Memory: 16 << 10, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	svc, err := access.New(context.Background(), access.Config{DB: db, Policy: p, SealKey: make([]byte, auth.KeySize)})
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{DB: db, Access: svc, Version: "test", ClientIPHeader: "X-Forwarded-For",
		Logger: slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelError}))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	hash, err := auth.HashPassword("Kobe-2026-Secure!", p.Params)
	if err != nil {
		t.Fatal(err)
	}
	seedAccount(t, db, auth.Account{ID: "real-person", DisplayName: "職員", Credential: auth.Credential{Hash: hash, ChangedAt: db.Now()}})
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	signIn := func(id, pw, from string) (int, time.Duration) {
		req, _ := http.NewRequest("POST", ts.URL+"/signin", strings.NewReader(url.Values{"id": {id}, "password": {pw}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		// The client puts its own address first; the proxy appends the real one.
		req.Header.Set("X-Forwarded-For", "203.0.113.99, "+from)
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			t.Error(err)
			return 0, 0
		}
		resp.Body.Close()
		return resp.StatusCode, time.Since(start)
	}
	if code, _ := signIn("real-person", "Kobe-2026-Secure!", "192.0.2.10"); code != http.StatusSeeOther {
		t.Fatalf("real sign-in before the flood: %d, want 303", code)
	}
	median := func(ds []time.Duration) time.Duration {
		slices.Sort(ds)
		return ds[len(ds)/2]
	}
	var quiet []time.Duration
	for range 5 {
		_, d := signIn("real-person", "Kobe-2026-Secure!", "192.0.2.10")
		quiet = append(quiet, d)
	}
	before, _, _ := db.Head(context.Background())

	// Bounded in count and in time: 1,000 attempts or 10 seconds.
	const workers, attempts = 128, 1000
	var wg sync.WaitGroup
	next := make(chan int, attempts)
	for i := range attempts {
		next <- i
	}
	close(next)
	done := make(chan struct{})
	stop := time.Now().Add(10 * time.Second)
	var sent atomic.Int64
	for range workers {
		wg.Go(func() {
			for i := range next {
				if time.Now().After(stop) {
					return
				}
				signIn(fmt.Sprint("guess-", i), "password", "198.51.100.7")
				sent.Add(1)
			}
		})
	}
	go func() { wg.Wait(); close(done) }()
	// The person signs in again and again until the flood is over.
	var during []time.Duration
	for flooding := true; flooding || len(during) < 5; {
		select {
		case <-done:
			flooding = false
		default:
		}
		code, d := signIn("real-person", "Kobe-2026-Secure!", "192.0.2.10")
		if code != http.StatusSeeOther {
			t.Fatalf("real sign-in during the flood: %d, want 303", code)
		}
		during = append(during, d)
	}
	q, f := median(quiet), median(during)
	bound := max(4*q, q+300*time.Millisecond)
	t.Logf("real sign-in: median %v before the flood, %v during %d attempts (%d sign-ins)", q, f, sent.Load(), len(during))
	// The bound is asserted when the test runs alone on the machine
	// (KIJUN_TEST_FLOOD=1, alone): beside other packages' tests on two cores, the
	// times say more about them than about the flood.
	if f > bound && os.Getenv("KIJUN_TEST_FLOOD") != "" {
		t.Errorf("real sign-ins took %v (median) during the flood, %v before it: want at most %v", f, q, bound)
	}
	after, _, _ := db.Head(context.Background())
	// Each real sign-in adds a record; the flood adds one per kind of
	// failure (an unknown ID, a throttled address), not one per attempt.
	if grew, want := after-before, int64(len(during)+4); grew > want {
		t.Errorf("%d attempts and %d sign-ins added %d ledger records, want at most %d", sent.Load(), len(during), grew, want)
	}
}
