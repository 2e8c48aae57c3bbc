package web

import (
	"net/http"
	"net/url"
	"strings"
)

// linkRules answers, for a path, whether a person may open it: a mux of
// the page routes whose handlers apply each route's rule instead of
// serving it. Pages that offer a link ask it (mayOpen), so a link is only
// shown to whom the route would not answer 403.
func (s *Server) linkRules() *http.ServeMux {
	mux := http.NewServeMux()
	for _, rt := range s.routeTable() {
		if rt.page == nil || !strings.HasPrefix(rt.pattern, "GET ") {
			continue
		}
		rl := rt.rule
		mux.HandleFunc(rt.pattern, func(w http.ResponseWriter, r *http.Request) {
			lw, _ := w.(*linkCheck)
			if lw == nil {
				return
			}
			lw.matched = true
			cur := currentOf(r)
			switch {
			case rl.public:
				lw.ok = true
			case cur == nil:
			case rl.allow == nil:
				lw.ok = true
			default:
				ok, err := rl.allow(s, r, cur.Principal)
				lw.ok = ok && err == nil
			}
		})
	}
	return mux
}

// linkCheck is the ResponseWriter mayOpen hands to linkRules: it keeps
// the answer and writes nothing.
type linkCheck struct {
	h           http.Header
	matched, ok bool
}

func (l *linkCheck) Header() http.Header {
	if l.h == nil {
		l.h = http.Header{}
	}
	return l.h
}
func (l *linkCheck) Write(b []byte) (int, error) { return len(b), nil }
func (l *linkCheck) WriteHeader(int)             {}

// mayOpen reports whether the person of request r may open path by its
// route's rule.
func (s *Server) mayOpen(r *http.Request, path string) bool {
	u, err := url.Parse(path)
	if err != nil {
		return false
	}
	req := r.Clone(r.Context())
	req.Method, req.URL, req.RequestURI, req.Body = http.MethodGet, u, "", http.NoBody
	lw := &linkCheck{}
	s.links.ServeHTTP(lw, req)
	return lw.matched && lw.ok
}
