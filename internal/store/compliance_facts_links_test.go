package store

import (
	"encoding/json"
	"testing"

	"kijun/internal/contractors"
)

// namesLink answers as decoding the fields would, on fields written as
// the store writes them (encoding/json of a map), whatever the values.
func TestNamesLink(t *testing.T) {
	l := contractors.Link{Contract: "K0001", ID: "S0001-1", To: "F0002"}
	for _, tt := range []struct {
		name   string
		fields map[string]string
		want   bool
	}{
		{"the link's own", map[string]string{"contract": "K0001", "link": "S0001-1", "receiver": "F0002", "part": "一部"}, true},
		{"another link", map[string]string{"contract": "K0001", "link": "S0001-2", "receiver": "F0002"}, false},
		{"a longer ID", map[string]string{"contract": "K0001", "link": "S0001-10", "receiver": "F0002"}, false},
		{"another receiver", map[string]string{"contract": "K0001", "link": "S0001-1", "receiver": "F0003"}, false},
		{"the pair inside another value", map[string]string{"part": `"contract":"K0001","link":"S0001-1","receiver":"F0002"`}, false},
		{"no contract", map[string]string{"link": "S0001-1", "receiver": "F0002"}, false},
	} {
		b, err := json.Marshal(tt.fields)
		if err != nil {
			t.Fatal(err)
		}
		if got := namesLink(string(b), l); got != tt.want {
			t.Errorf("%s: namesLink(%s) = %v, want %v", tt.name, b, got, tt.want)
		}
	}
}

// FuzzNamesLink checks namesLink against decoding: it never says a
// request names a link it does not, and it names every link whose IDs
// JSON writes as they are.
func FuzzNamesLink(f *testing.F) {
	f.Add("K1", "S1", "F1", "一部", "K1", "S1", "F1")
	f.Add("K1", "S1", "F1", `","link":"S2`, "K1", "S2", "F1")
	f.Fuzz(func(t *testing.T, contract, link, receiver, part, lc, ll, lr string) {
		b, err := json.Marshal(map[string]string{"contract": contract, "link": link, "receiver": receiver, "part": part})
		if err != nil {
			t.Skip()
		}
		var got map[string]string
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		l := contractors.Link{Contract: lc, ID: ll, To: lr}
		want := got["contract"] == lc && got["link"] == ll && got["receiver"] == lr
		names := namesLink(string(b), l)
		if names && !want {
			t.Fatalf("namesLink(%s, %+v) is true; decoded it names %v", b, l, got)
		}
		if want && !names && verbatimJSON(lc) && verbatimJSON(ll) && verbatimJSON(lr) {
			t.Fatalf("namesLink(%s, %+v) is false for plain IDs it names", b, l)
		}
	})
}
