package apiclient

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"kijun/internal/kijun"
)

// Whatever a server answers, the client returns a decoded answer or an
// error with a kind, and never panics.
func FuzzAnswer(f *testing.F) {
	f.Add(400, []byte(`{"status":400,"code":"invalid","detail":"x","errors":[{"field":"a","reason":"b"}],"rows":[{"row":2,"column":"kind","reason":"r"}]}`))
	f.Add(200, []byte(`{"added":["a"],"changed":[],"unchanged":1,"dry_run":false}`))
	f.Add(500, []byte(`<html>`))
	f.Add(200, []byte(`{"added":`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 200 || status > 599 {
			return
		}
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			w.Write(body)
		}))
		defer ts.Close()
		c, err := New(ts.URL, "kjn_x.y", nil)
		if err != nil {
			t.Fatal(err)
		}
		var out map[string]any
		_, err = c.Do(context.Background(), "POST", "/api/v1/x", map[string]any{"a": 1}, `"1"`, &out)
		var p *Problem
		if status >= 300 && (!errors.As(err, &p) || kijun.ErrorCode(err) == "" || p.Error() == "") {
			t.Fatalf("status %d: %v, want a problem with a kind", status, err)
		}
	})
}

// A server named without a scheme or a token is refused before any call.
func TestNewRefusesBadServer(t *testing.T) {
	for _, tt := range []struct{ base, token string }{{"kijun.example.jp", "t"}, {"ftp://x", "t"}, {"https://x", ""}} {
		if _, err := New(tt.base, tt.token, nil); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("New(%q, %q): %v, want invalid", tt.base, tt.token, err)
		}
	}
}
