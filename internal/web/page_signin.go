package web

import (
	"bytes"
	"encoding/base64"
	"errors"
	"html/template"
	"image/png"
	"io"
	"net/http"
	"strings"

	"github.com/pquerna/otp"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/kijun"
)

type signInData struct {
	ID        string
	User      string // who uses a shared account (7.4.2イ)
	Next      string
	Error     string
	Notice    string
	OIDC      bool
	Passkeys  bool // the second-factor page offers a passkey
	Locked    bool
	TOTP      bool // the account has a TOTP app enrolled
	SignedOut bool
}

func (s *Server) handleSignInForm(w http.ResponseWriter, r *http.Request) error {
	if cur := currentOf(r); cur != nil && cur.Next == access.StepNone {
		http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	d := signInData{Next: localPath(r.URL.Query().Get("next")), OIDC: s.access.OIDCEnabled()}
	q := r.URL.Query()
	if q.Get("timeout") != "" {
		d.Notice = "signin.timeout"
	} else if q.Get("signedout") != "" {
		d.Notice = "signin.signedout"
	}
	return s.render(w, r, http.StatusOK, "signin", s.newPage(w, r, "signin.title", d))
}

// handleSignIn checks the user ID and password. Every failure shows the
// same message (8.2.5; auth.SignInFailed).
func (s *Server) handleSignIn(w http.ResponseWriter, r *http.Request) error {
	d := signInData{ID: strings.TrimSpace(r.FormValue("id")), User: strings.TrimSpace(r.FormValue("user")), Next: localPath(r.FormValue("next")), OIDC: s.access.OIDCEnabled()}
	p := s.newPage(w, r, "signin.title", &d)
	if d.ID == "" || r.FormValue("password") == "" {
		d.Error = p.T("signin.missing")
		return s.render(w, r, http.StatusBadRequest, "signin", p)
	}
	cur, err := s.access.SignInAs(r.Context(), d.ID, d.User, r.FormValue("password"), remoteAddr(r))
	if kijun.ErrorCode(err) == kijun.EUNAUTHORIZED {
		d.Error = kijun.ErrorMessage(auth.SignInFailed(p.Lang))
		return s.render(w, r, http.StatusUnauthorized, "signin", p)
	}
	if err != nil {
		return err
	}
	s.startSession(w, r, cur, d.Next)
	return nil
}

// ruleSignIn is rulePublic for the sign-in form, whose refused input is
// still a sign-in attempt (signInInvalid).
var ruleSignIn = rule{name: rulePublic.name, public: true, invalid: (*Server).signInInvalid}

// signInInvalid answers a sign-in whose fields are not text (checkInput).
// No password can be such text, so it is refused before any hash, but it
// is an attempt all the same: it is recorded, counts toward the lock of
// the account its ID names, and spends the address's throttle, as a wrong
// password would (8.2.5). The form says which field was refused.
func (s *Server) signInInvalid(w http.ResponseWriter, r *http.Request, err error) error {
	fe := &kijun.FieldErrors{}
	errors.As(err, &fe)
	bad := map[string]bool{}
	for _, f := range fe.Fields {
		bad[f.Field] = true
	}
	d := signInData{Next: "/", OIDC: s.access.OIDCEnabled()}
	if !bad["id"] {
		d.ID = strings.TrimSpace(r.PostFormValue("id"))
	}
	if !bad["next"] {
		d.Next = localPath(r.PostFormValue("next"))
	}
	if rerr := s.access.RefuseSignIn(r.Context(), d.ID, "invalid_text", remoteAddr(r)); kijun.ErrorCode(rerr) != kijun.EUNAUTHORIZED {
		return rerr
	}
	p := s.newPage(w, r, "signin.title", &d)
	d.Error = kijun.ErrorMessage(err)
	return s.render(w, r, http.StatusBadRequest, "signin", p)
}

// startSession sets the new session's cookie and sends the browser to its
// next step, or to where it was going.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, cur *access.Current, next string) {
	if old := currentOf(r); old != nil && old.Token != "" {
		_ = s.access.SignOut(r.Context(), old)
	}
	s.setSession(w, cur.Token)
	target := localPath(next)
	if cur.Next != access.StepNone {
		target = stepPath(cur.Next)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func (s *Server) handleSecondForm(w http.ResponseWriter, r *http.Request) error {
	cur := currentOf(r)
	if cur.Next != access.StepSecondFactor {
		http.Redirect(w, r, stepPath(cur.Next), http.StatusSeeOther)
		return nil
	}
	d := signInData{TOTP: cur.Account.TOTPSecret != "", Passkeys: cur.Passkeys > 0 && s.access.PasskeysEnabled()}
	return s.render(w, r, http.StatusOK, "signin_second", s.newPage(w, r, "signin.second.title", d))
}

// handleSecond takes a TOTP code as the second factor (6.4.2ア). A wrong
// one counts toward the lock like a wrong password.
func (s *Server) handleSecond(w http.ResponseWriter, r *http.Request) error {
	cur := currentOf(r)
	if cur.Next != access.StepSecondFactor {
		http.Redirect(w, r, stepPath(cur.Next), http.StatusSeeOther)
		return nil
	}
	err := s.access.VerifyTOTP(r.Context(), cur, r.FormValue("code"), remoteAddr(r))
	if kijun.ErrorCode(err) == kijun.EUNAUTHORIZED || kijun.ErrorCode(err) == kijun.EINVALID {
		d := signInData{TOTP: cur.Account.TOTPSecret != "", Passkeys: cur.Passkeys > 0 && s.access.PasskeysEnabled()}
		p := s.newPage(w, r, "signin.second.title", &d)
		d.Error = p.T("signin.second.wrong")
		return s.render(w, r, http.StatusUnauthorized, "signin_second", p)
	}
	if err != nil {
		return err
	}
	return s.afterStep(w, r, cur)
}

// afterStep sends the browser on once a step is done: to the next step,
// or home.
func (s *Server) afterStep(w http.ResponseWriter, r *http.Request, cur *access.Current) error {
	next, err := s.access.Authenticate(r.Context(), cur.Token)
	if err != nil {
		return err
	}
	http.Redirect(w, r, stepPath(next.Next), http.StatusSeeOther)
	return nil
}

func (s *Server) handleSignOut(w http.ResponseWriter, r *http.Request) error {
	if err := s.access.SignOut(r.Context(), currentOf(r)); err != nil {
		return err
	}
	s.clearSession(w)
	http.Redirect(w, r, "/signin?signedout=1", http.StatusSeeOther)
	return nil
}

// oidcCookie binds a provider sign-in to the browser that started it.
const oidcCookie = "kijun_oidc"

func (s *Server) handleOIDCStart(w http.ResponseWriter, r *http.Request) error {
	cookie, target, err := s.access.BeginOIDC(r.Context())
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: cookie, Path: "/auth/oidc/", MaxAge: 600, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// handleOIDCCallback finishes a sign-in at the city's identity provider.
func (s *Server) handleOIDCCallback(w http.ResponseWriter, r *http.Request) error {
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: "", Path: "/auth/oidc/", MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	q := r.URL.Query()
	var cookie string
	if c, err := r.Cookie(oidcCookie); err == nil {
		cookie = c.Value
	}
	cur, err := s.access.FinishOIDC(r.Context(), cookie, q.Get("state"), q.Get("code"), remoteAddr(r))
	if kijun.ErrorCode(err) == kijun.EUNAUTHORIZED {
		d := signInData{OIDC: true}
		p := s.newPage(w, r, "signin.title", &d)
		d.Error = p.T("signin.oidc.failed")
		return s.render(w, r, http.StatusUnauthorized, "signin", p)
	}
	if err != nil {
		return err
	}
	s.startSession(w, r, cur, "/")
	return nil
}

type passwordData struct {
	Forced  bool
	Errors  map[string]string
	Policy  access.Policy
	Changed bool
}

func (s *Server) handlePasswordForm(w http.ResponseWriter, r *http.Request) error {
	cur := currentOf(r)
	d := passwordData{Forced: cur.Next == access.StepChangePassword, Policy: s.access.Policy(), Changed: r.URL.Query().Get("changed") != ""}
	return s.render(w, r, http.StatusOK, "account_password", s.newPage(w, r, "password.title", d))
}

// handlePassword changes the signed-in person's password (7.4.3, 8.2.6).
// Each field's error is shown beside it.
func (s *Server) handlePassword(w http.ResponseWriter, r *http.Request) error {
	cur := currentOf(r)
	d := passwordData{Forced: cur.Next == access.StepChangePassword, Policy: s.access.Policy(), Errors: map[string]string{}}
	p := s.newPage(w, r, "password.title", &d)
	current, next, confirm := r.FormValue("current"), r.FormValue("new"), r.FormValue("confirm")
	switch {
	case cur.Account.Credential.Hash == "":
		return kijun.Errorf(kijun.EINVALID, "この利用者IDは市の認証基盤でログインするため、パスワードはありません")
	case current == "":
		d.Errors["current"] = p.T("password.current.missing")
	case next == "":
		d.Errors["new"] = p.T("password.new.missing")
	case next != confirm:
		d.Errors["confirm"] = p.T("password.confirm.mismatch")
	}
	if len(d.Errors) == 0 {
		err := s.access.ChangePassword(r.Context(), cur, current, next)
		switch {
		case errors.Is(err, access.ErrCurrentPassword):
			d.Errors["current"] = kijun.ErrorMessage(err)
		case kijun.ErrorCode(err) == kijun.EINVALID:
			d.Errors["new"] = kijun.ErrorMessage(err)
		case err != nil:
			return err
		default:
			next, err := s.access.Authenticate(r.Context(), cur.Token)
			if err != nil {
				return err
			}
			target := stepPath(next.Next)
			if next.Next == access.StepNone {
				target = "/account/password?changed=1"
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return nil
		}
	}
	return s.render(w, r, http.StatusBadRequest, "account_password", p)
}

type factorData struct {
	Forced   bool
	Secret   string       // grouped for reading
	QR       template.URL // data: URL of the QR code, made here
	Error    string
	Passkeys bool
}

// handleFactorForm shows a TOTP secret to enrol, as a QR code and as
// text; reloading keeps the same secret until it is confirmed or renewed.
func (s *Server) handleFactorForm(w http.ResponseWriter, r *http.Request) error {
	cur := currentOf(r)
	en, err := s.access.PendingTOTP(cur)
	if err != nil || r.URL.Query().Get("renew") != "" {
		if en, err = s.access.BeginTOTP(r.Context(), cur); err != nil {
			return err
		}
	}
	d, err := s.factorData(cur, en)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "account_factor", s.newPage(w, r, "factor.title", d))
}

func (s *Server) factorData(cur *access.Current, en access.TOTPEnrolment) (*factorData, error) {
	key, err := otp.NewKeyFromURL(en.URL)
	if err != nil {
		return nil, err
	}
	img, err := key.Image(220, 220)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	var groups []string
	for i := 0; i < len(en.Secret); i += 4 {
		groups = append(groups, en.Secret[i:min(i+4, len(en.Secret))])
	}
	return &factorData{
		Forced: cur.Next == access.StepEnrolFactor, Secret: strings.Join(groups, " "),
		QR:       template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Bytes())),
		Passkeys: s.access.PasskeysEnabled(),
	}, nil
}

// handleFactor confirms the TOTP enrolment with a code from the app.
func (s *Server) handleFactor(w http.ResponseWriter, r *http.Request) error {
	cur := currentOf(r)
	err := s.access.ConfirmTOTP(r.Context(), cur, r.FormValue("code"))
	if kijun.ErrorCode(err) == kijun.EINVALID {
		en, perr := s.access.PendingTOTP(cur)
		if perr != nil {
			return err
		}
		d, derr := s.factorData(cur, en)
		if derr != nil {
			return derr
		}
		d.Error = kijun.ErrorMessage(err)
		return s.render(w, r, http.StatusBadRequest, "account_factor", s.newPage(w, r, "factor.title", d))
	}
	if err != nil {
		return err
	}
	// 6.4.2ア: the account now has a second factor; its finding closes now,
	// not at the next full run.
	s.recheck(r, "account:"+cur.Account.ID)
	next, err := s.access.Authenticate(r.Context(), cur.Token)
	if err != nil {
		return err
	}
	target := stepPath(next.Next)
	if next.Next == access.StepNone {
		target = "/account?enrolled=totp"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// readJSONBody reads a passkey ceremony's JSON body.
func readJSONBody(r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil || len(b) == 0 {
		return nil, kijun.Errorf(kijun.EINVALID, "パスキーの応答がありません")
	}
	return b, nil
}

func writeRawJSON(w http.ResponseWriter, b []byte) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err := w.Write(b)
	return err
}

func (s *Server) handlePasskeyLoginBegin(w http.ResponseWriter, r *http.Request) error {
	opts, err := s.access.BeginPasskeyLogin(r.Context(), currentOf(r))
	if err != nil {
		return err
	}
	return writeRawJSON(w, opts)
}

func (s *Server) handlePasskeyLoginFinish(w http.ResponseWriter, r *http.Request) error {
	body, err := readJSONBody(r)
	if err != nil {
		return err
	}
	cur := currentOf(r)
	if err := s.access.FinishPasskeyLogin(r.Context(), cur, body, remoteAddr(r)); err != nil {
		return err
	}
	next, err := s.access.Authenticate(r.Context(), cur.Token)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"next": stepPath(next.Next)})
	return nil
}

func (s *Server) handlePasskeyRegisterBegin(w http.ResponseWriter, r *http.Request) error {
	opts, err := s.access.BeginPasskeyRegistration(r.Context(), currentOf(r))
	if err != nil {
		return err
	}
	return writeRawJSON(w, opts)
}

func (s *Server) handlePasskeyRegisterFinish(w http.ResponseWriter, r *http.Request) error {
	body, err := readJSONBody(r)
	if err != nil {
		return err
	}
	name := r.URL.Query().Get("name")
	cur := currentOf(r)
	if err := s.access.FinishPasskeyRegistration(r.Context(), cur, name, body); err != nil {
		return err
	}
	s.recheck(r, "account:"+cur.Account.ID)
	next, err := s.access.Authenticate(r.Context(), cur.Token)
	if err != nil {
		return err
	}
	target := stepPath(next.Next)
	if next.Next == access.StepNone {
		target = "/account?enrolled=passkey"
	}
	writeJSON(w, http.StatusOK, map[string]string{"next": target})
	return nil
}
