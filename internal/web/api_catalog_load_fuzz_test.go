package web

import (
	"net/http"
	"strings"
	"testing"

	"kijun/internal/kijun"
)

// A catalog sent to the API is refused as EINVALID, never a panic or an
// internal error, whatever its body; what is accepted has a key and an
// edition to be stored under.
func FuzzCatalogEditionBody(f *testing.F) {
	f.Add(`{"format":"kijun","content":"key: k\nedition: \"1\"\ntitle: t\nprovisions:\n  - id: \"1\"\n    kind: chapter\n    title: 総則\n"}`)
	f.Add(`{"format":"kijun","content":"key: [\n"}`)
	f.Add(`{"format":"oscal","key":"x","content":"{\"catalog\":{}}"}`)
	f.Add(`{"format":"word","content":""}`)
	f.Fuzz(func(t *testing.T, body string) {
		r, _ := http.NewRequest("POST", "/", strings.NewReader(body))
		var j catalogLoadJSON
		if err := decodeJSON(r, &j, maxCatalogBody); err != nil {
			return
		}
		cat, err := j.parse()
		if err != nil {
			if kijun.ErrorCode(err) != kijun.EINVALID {
				t.Fatalf("parse: %v, want EINVALID", err)
			}
			return
		}
		if cat.Key == "" || cat.Edition == "" {
			t.Fatalf("accepted without a key or edition: %q@%q", cat.Key, cat.Edition)
		}
	})
}
