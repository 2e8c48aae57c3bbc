package web

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

// Behind listed proxies, the client-address header is believed only from
// them: a client that reaches Kijun past the proxy cannot name an address
// for the records and the sign-in throttle.
func TestClientAddrFromTrustedProxiesOnly(t *testing.T) {
	s := &Server{clientIPHeader: "X-Forwarded-For", trustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.7/32")}}
	var got string
	h := s.clientAddr(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = remoteAddr(r) }))
	for _, tt := range []struct{ peer, header, want string }{
		{"10.1.2.3:5000", "203.0.113.9, 198.51.100.4", "198.51.100.4"},
		{"[::ffff:192.0.2.7]:5000", "198.51.100.5", "198.51.100.5"},
		{"192.0.2.8:5000", "198.51.100.6", "192.0.2.8"},
		{"10.1.2.3:5000", "", "10.1.2.3"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.peer
		if tt.header != "" {
			r.Header.Set("X-Forwarded-For", tt.header)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		if got != tt.want {
			t.Errorf("from %s with %q: address %s, want %s", tt.peer, tt.header, got, tt.want)
		}
	}
}
