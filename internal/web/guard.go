package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"

	"kijun/internal/access"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// rule says who may use a route (8.2.1ア: アクセスする権限のない職員等がア
// クセスできないように). Every route names one; the route test walks every
// route as every kind of person against these.
type rule struct {
	name string
	// public routes need no sign-in.
	public bool
	// step routes are open while a sign-in step is pending (the second
	// factor, a forced password change, enrolling a factor).
	step bool
	// allow, when set, must grant the signed-in principal the request.
	allow func(s *Server, r *http.Request, p *access.Principal) (bool, error)
	// invalid, when set, answers a request checkInput refused instead of
	// the error page: the sign-in page records the attempt.
	invalid func(s *Server, w http.ResponseWriter, r *http.Request, err error) error
}

var (
	// rulePublic: anyone, signed in or not (sign-in pages, health).
	rulePublic = rule{name: "public", public: true}
	// ruleStep: signed in, even with a step pending.
	ruleStep = rule{name: "step", step: true}
	// ruleStaff: every signed-in person (職員等) with no step pending.
	ruleStaff = rule{name: "staff"}
	// ruleLedger: the CISO's office, the audit director and administrators
	// read the ledger of records.
	ruleLedger = rule{name: "ledger", allow: func(_ *Server, _ *http.Request, p *access.Principal) (bool, error) {
		return p.CityOffice() || p.Auditor() || p.Admin, nil
	}}
	// ruleCityOffice: the CISO's office and administrators (HR import).
	ruleCityOffice = rule{name: "city_office", allow: func(_ *Server, _ *http.Request, p *access.Principal) (bool, error) {
		return p.CityOffice() || p.Admin, nil
	}}
	// ruleAdmin: privileged IDs only (8.2.1ウ).
	ruleAdmin = rule{name: "admin", allow: func(_ *Server, _ *http.Request, p *access.Principal) (bool, error) {
		return p.Admin, nil
	}}
	// ruleUnitManager: the 情報管理者 of the unit in the path, the 情報責任者
	// above it, either's deputy, or the city office.
	ruleUnitManager = rule{name: "unit_manager", allow: func(s *Server, r *http.Request, p *access.Principal) (bool, error) {
		code := r.PathValue("code")
		ancestors, err := s.ancestors(r.Context(), code)
		if err != nil {
			return false, err
		}
		return p.ManagesUnit(code, ancestors), nil
	}}
	// ruleDeputyNamer: who may name the deputy of the 情報管理者 of the
	// unit in the path (9.3): the 情報管理者 in person, the 情報責任者 above
	// or the CISO's office; not a deputy.
	ruleDeputyNamer = rule{name: "deputy_namer", allow: func(s *Server, r *http.Request, p *access.Principal) (bool, error) {
		code := r.PathValue("code")
		ancestors, err := s.ancestors(r.Context(), code)
		if err != nil {
			return false, err
		}
		return p.NamesDeputies(code, ancestors), nil
	}}
	// ruleOperator: who watches the service: administrators and the
	// 情報基盤管理者's office (metrics).
	ruleOperator = rule{name: "operator", allow: func(_ *Server, _ *http.Request, p *access.Principal) (bool, error) {
		return p.Admin || p.CityOffice(), nil
	}}
)

// ancestors returns the codes of the units above code today, parent first.
func (s *Server) ancestors(ctx context.Context, code string) ([]string, error) {
	path, err := s.db.UnitPath(ctx, code, organisation.Day(s.db.Now()))
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(path))
	for _, u := range path[1:] {
		out = append(out, u.Code)
	}
	return out, nil
}

type currentKey struct{}

// currentOf returns the signed-in session of a request the guard passed, or
// nil on a public route with nobody signed in.
func currentOf(r *http.Request) *access.Current {
	c, _ := r.Context().Value(currentKey{}).(*access.Current)
	return c
}

// sessionCookie names the session cookie: with the __Host- prefix over
// HTTPS, so no other site or path can set it.
func (s *Server) sessionCookie() string {
	if s.secure {
		return "__Host-kijun_session"
	}
	return "kijun_session"
}

func (s *Server) setSession(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookie(), Value: token, Path: "/", HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookie(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

// authenticate returns who is asking: an API token in the Authorization
// header, or the session cookie.
func (s *Server) authenticate(r *http.Request) (*access.Current, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, kijun.Errorf(kijun.EUNAUTHORIZED, "Authorization ヘッダは Bearer kjn_… の形で指定してください")
		}
		return s.access.AuthenticateToken(r.Context(), strings.TrimSpace(token))
	}
	c, err := r.Cookie(s.sessionCookie())
	if err != nil {
		return nil, kijun.Errorf(kijun.EUNAUTHORIZED, "ログインしてください")
	}
	return s.access.Authenticate(r.Context(), c.Value)
}

// maxFormBytes bounds every request body, before any of it is parsed.
const maxFormBytes = 20 << 20

// guard applies a route's rule before its handler: sign-in, pending steps,
// CSRF tokens, token scopes and the rule's own check. It puts the
// principal's actor in the context, so every record the handler writes
// names them.
func (s *Server) guard(rl rule, api bool, h handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		limit := s.bodyLimit(r)
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		cur, err := s.authenticate(r)
		if err != nil && kijun.ErrorCode(err) != kijun.EUNAUTHORIZED {
			return err
		}
		if cur == nil {
			if rl.public {
				return s.checked(rl, h)(w, r)
			}
			if api {
				return err
			}
			if r.Header.Get("Authorization") == "" {
				s.clearSession(w)
			}
			return s.toSignIn(w, r, kijun.ErrorMessage(err))
		}
		if cur.Next != access.StepNone && !rl.step && !rl.public {
			if api && cur.Next == access.StepPledge {
				return kijun.Errorf(kijun.EFORBIDDEN, "職務上の義務の誓約が記録されていないため利用できません。画面からログインして誓約してください（7.1.2）")
			}
			if api {
				return kijun.Errorf(kijun.EFORBIDDEN, "ログインの手続きが終わっていません（%s）", cur.Next)
			}
			http.Redirect(w, r, stepPath(cur.Next), http.StatusSeeOther)
			return nil
		}
		if err := tokenReaches(cur.Principal, r.URL.Path); err != nil {
			return err
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if err := tooLarge(r, limit); err != nil {
				return err
			}
			if cur.Token != "" && !s.csrfOK(r, cur) {
				return kijun.Errorf(kijun.EFORBIDDEN, "フォームの有効期限が切れたか、不正な送信です。画面を読み込み直してから、もう一度操作してください")
			}
			if !cur.Principal.MayWrite() {
				return kijun.Errorf(kijun.EFORBIDDEN, "この APIトークンは読み取り専用です")
			}
		}
		if rl.allow != nil {
			ok, err := rl.allow(s, r, cur.Principal)
			if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
				return err
			}
			if !ok {
				return kijun.Errorf(kijun.EFORBIDDEN, "この操作を行う権限がありません（8.2.1ア）")
			}
		}
		ctx := context.WithValue(r.Context(), currentKey{}, cur)
		ctx = kijun.WithActor(ctx, cur.Principal.Actor())
		return s.checked(rl, h)(w, r.WithContext(ctx))
	}
}

// checked runs checkInput before h: no handler sees text that is not
// text. A refusal is the rule's to answer when it says how.
func (s *Server) checked(rl rule, h handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := checkInput(r); err != nil {
			if rl.invalid != nil && kijun.ErrorCode(err) == kijun.EINVALID {
				return rl.invalid(s, w, r, err)
			}
			return err
		}
		return h(w, r)
	}
}

// tooLarge reads a form's body and says so plainly when it passes
// maxFormBytes, which a file upload can: otherwise the form would seem to
// lack its CSRF token, and the person would be told their form expired.
func tooLarge(r *http.Request, limit int64) error {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		// Parts past maxFormBytes go to a temporary file, removed when
		// the request ends.
		err = r.ParseMultipartForm(maxFormBytes)
	} else {
		err = r.ParseForm()
	}
	if mb := (*http.MaxBytesError)(nil); errors.As(err, &mb) {
		return kijun.Errorf(kijun.EINVALID, "送信された内容が大きすぎます（上限 %d MB）。ファイルを小さくするか、分けて送ってください", limit>>20)
	}
	return nil
}

// bodyLimit is the most bytes r's body may hold: maxFormBytes, or for the
// upload of a register file its register's limit and room for the form
// around it (the city's asset register is 96 MB).
func (s *Server) bodyLimit(r *http.Request) int64 {
	if r.Method == http.MethodPost {
		if size, ok := s.uploadLimits[r.URL.Path]; ok {
			return max(maxFormBytes, int64(size)+1<<20)
		}
	}
	return maxFormBytes
}

// csrfOK checks the token a cookie session's state-changing request must
// carry: a field of the body, or a header for the page's scripts. A token
// in the URL's query is refused even when right: a URL is logged, kept in
// the history and sent on in Referer, so the token must never travel there.
func (s *Server) csrfOK(r *http.Request, cur *access.Current) bool {
	if r.URL.Query().Has("csrf") {
		return false
	}
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("csrf")
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(cur.Session.CSRF)) == 1
}

// toSignIn sends the browser to the sign-in page, to come back to this
// page afterwards.
func (s *Server) toSignIn(w http.ResponseWriter, r *http.Request, why string) error {
	q := url.Values{}
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		q.Set("next", r.URL.RequestURI())
	}
	if strings.Contains(why, "一定時間") {
		q.Set("timeout", "1")
	}
	target := "/signin"
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// stepPath is the page of a pending sign-in step.
func stepPath(st access.Step) string {
	switch st {
	case access.StepSecondFactor:
		return "/signin/second"
	case access.StepChangePassword:
		return "/account/password"
	case access.StepEnrolFactor:
		return "/account/factor"
	case access.StepPledge:
		return "/pledge"
	}
	return "/"
}

// localPath returns next if it is a path on this site, or "/": a sign-in
// must not send anyone elsewhere (an open redirect).
func localPath(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	if u, err := url.Parse(next); err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return next
}

type clientAddrKey struct{}

// clientAddr puts the client's address in the request's context. Behind a
// reverse proxy, the connection's address is the proxy's; with
// ClientIPHeader set, the address is the last one in that header, the one
// the proxy itself wrote (a client can put anything before it). Kijun must
// then be reachable only through the proxy, or anyone could name any
// address. A header missing or not an address falls back to the
// connection's.
func (s *Server) clientAddr(next http.Handler) http.Handler {
	if s.clientIPHeader == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		vs := r.Header.Values(s.clientIPHeader)
		if len(vs) > 0 && s.fromTrustedProxy(r) {
			parts := strings.Split(vs[len(vs)-1], ",")
			if a, err := netip.ParseAddr(strings.TrimSpace(parts[len(parts)-1])); err == nil {
				r = r.WithContext(context.WithValue(r.Context(), clientAddrKey{}, a.Unmap().String()))
			}
		}
		next.ServeHTTP(w, r)
	})
}

// remoteAddr is the client's address for the records and the sign-in
// throttle (clientAddr).
func remoteAddr(r *http.Request) string {
	if a, ok := r.Context().Value(clientAddrKey{}).(string); ok {
		return a
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// fromTrustedProxy says whether the connection comes from a proxy whose
// client-address header is believed: any, when no list is set (Kijun is
// reachable through the proxy alone), else only those listed.
func (s *Server) fromTrustedProxy(r *http.Request) bool {
	if len(s.trustedProxies) == 0 {
		return true
	}
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	a := ap.Addr().Unmap()
	for _, p := range s.trustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// tokenReaches checks a token limited to some registers (8.2.1ア): it
// reaches only the API, and there only the parts it names.
func tokenReaches(p *access.Principal, path string) error {
	if len(p.Registers) == 0 {
		return nil
	}
	rest, ok := strings.CutPrefix(path, "/api/v1/")
	part, _, _ := strings.Cut(rest, "/")
	if !ok || !slices.Contains(p.Registers, part) {
		return &statusError{status: http.StatusForbidden, code: kijun.EFORBIDDEN, field: "Authorization",
			ja: fmt.Sprintf("この APIトークンは %s に限られています（%s は範囲外です。8.2.1ア）", strings.Join(p.Registers, "・"), path),
			en: fmt.Sprintf("this API token is limited to %s; %s is outside it", strings.Join(p.Registers, ", "), path)}
	}
	return nil
}
