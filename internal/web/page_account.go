package web

import (
	"net/http"
	"strconv"
	"strings"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/kijun"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

type accountData struct {
	Notice    string
	Enrolled  string
	Passkeys  []store.Passkey
	Tokens    []store.APIToken
	NewToken  string // shown once, just after it is made
	TokenErr  string
	PasskeyOK bool
	Token     tokenForm
	// Mail is how mail reaches the person (issue 6), nil for an account
	// that is no person's; MailErr and MailSaved answer its form.
	Mail      *store.Recipient
	MailErr   string
	MailSaved bool
}

type tokenForm struct {
	Name      string
	Scope     string
	Days      string
	Registers string
	Unit      string
}

// handleAccount shows the signed-in person's account: the last sign-in
// notice (8.2.5), their roles, second factors and API tokens.
func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(w, r, "account.title", nil)
	d, err := s.accountData(r, p.Lang)
	if err != nil {
		return err
	}
	d.Enrolled = r.URL.Query().Get("enrolled")
	p.Data = d
	return s.render(w, r, http.StatusOK, "account", p)
}

func (s *Server) accountData(r *http.Request, lang string) (*accountData, error) {
	cur := currentOf(r)
	ctx := r.Context()
	st := cur.Account.SignIn
	st.PreviousSignInAt, st.PreviousSignOutAt = st.PreviousSignInAt.In(wareki.JST()), st.PreviousSignOutAt.In(wareki.JST())
	d := &accountData{Notice: auth.LastSignInNotice(st, lang), PasskeyOK: s.access.PasskeysEnabled(), Token: tokenForm{Scope: access.ScopeRead, Days: "90"}}
	var err error
	if d.Passkeys, err = s.db.Passkeys(ctx, cur.Account.ID); err != nil {
		return nil, err
	}
	if d.Tokens, err = s.db.Tokens(ctx, cur.Account.ID); err != nil {
		return nil, err
	}
	if err := s.accountMail(r, d); err != nil {
		return nil, err
	}
	return d, nil
}

// handleTokenCreate makes a personal API token and shows it once.
func (s *Server) handleTokenCreate(w http.ResponseWriter, r *http.Request) error {
	cur := currentOf(r)
	f := tokenForm{Name: r.FormValue("name"), Scope: r.FormValue("scope"), Days: r.FormValue("days"),
		Registers: r.FormValue("registers"), Unit: r.FormValue("unit")}
	days, convErr := strconv.Atoi(f.Days)
	if convErr != nil {
		days = 0
	}
	lim := access.TokenLimits{Unit: f.Unit}
	for _, reg := range strings.Split(f.Registers, ",") {
		if reg = strings.TrimSpace(reg); reg != "" {
			lim.Registers = append(lim.Registers, reg)
		}
	}
	secret, _, err := s.access.CreateLimitedToken(r.Context(), cur, f.Name, f.Scope, days, lim)
	if err != nil && kijun.ErrorCode(err) != kijun.EINVALID {
		return err
	}
	p := s.newPage(w, r, "account.title", nil)
	d, derr := s.accountData(r, p.Lang)
	if derr != nil {
		return derr
	}
	status := http.StatusOK
	if err != nil {
		d.TokenErr, d.Token, status = kijun.ErrorMessage(err), f, http.StatusBadRequest
	} else {
		d.NewToken = secret
	}
	p.Data = d
	return s.render(w, r, status, "account", p)
}

func (s *Server) handleTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	if err := s.access.RevokeToken(r.Context(), currentOf(r), r.PathValue("id")); err != nil {
		return err
	}
	http.Redirect(w, r, "/account#tokens", http.StatusSeeOther)
	return nil
}

func (s *Server) handlePasskeyDelete(w http.ResponseWriter, r *http.Request) error {
	cur := currentOf(r)
	if err := s.access.RemovePasskey(r.Context(), cur, r.PathValue("id")); err != nil {
		return err
	}
	// 6.4.2ア: removing the last factor opens the account's finding at once.
	s.recheck(r, "account:"+cur.Account.ID)
	http.Redirect(w, r, "/account#passkeys", http.StatusSeeOther)
	return nil
}

type adminData struct {
	Accounts []adminAccount
	Reviews  []store.IDReview
	Created  *createdAccount
	Reset    *createdAccount
	Error    string
	StaffNo  string
}

type adminAccount struct {
	auth.Account
	Locked bool
}

type createdAccount struct {
	ID, Name, Password string
}

func (s *Server) adminData(r *http.Request) (*adminData, error) {
	accounts, err := s.db.Accounts(r.Context())
	if err != nil {
		return nil, err
	}
	d := &adminData{}
	lock := s.access.Policy().Lockout
	now := s.db.Now()
	for _, a := range accounts {
		d.Accounts = append(d.Accounts, adminAccount{Account: a, Locked: lock.Locked(a.SignIn, now)})
	}
	if d.Reviews, err = s.db.IDReviews(r.Context()); err != nil {
		return nil, err
	}
	return d, nil
}

// handleAdminAccounts lists the accounts for administrators (8.2.1イ),
// with the IDs of people who left still to review (8.2.1イ(3)).
func (s *Server) handleAdminAccounts(w http.ResponseWriter, r *http.Request) error {
	d, err := s.adminData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "admin_accounts", s.newPage(w, r, "admin.title", d))
}

// handleAdminCreate makes a person's account and shows its temporary
// password once.
func (s *Server) handleAdminCreate(w http.ResponseWriter, r *http.Request) error {
	cur := currentOf(r)
	no := r.FormValue("staff_no")
	pw, err := s.access.CreateAccount(r.Context(), cur.Principal, no, r.FormValue("admin") == "1")
	d, derr := s.adminData(r)
	if derr != nil {
		return derr
	}
	status := http.StatusOK
	switch kijun.ErrorCode(err) {
	case "":
		a, err := s.db.Account(r.Context(), no)
		if err != nil {
			return err
		}
		s.recheck(r, "account:"+a.ID)
		d.Created = &createdAccount{ID: a.ID, Name: a.DisplayName, Password: pw}
	case kijun.EINVALID, kijun.ENOTFOUND, kijun.ECONFLICT:
		d.Error, d.StaffNo, status = kijun.ErrorMessage(err), no, http.StatusBadRequest
	default:
		return err
	}
	return s.render(w, r, status, "admin_accounts", s.newPage(w, r, "admin.title", d))
}

// handleAdminAction resets, unlocks, disables or enables an account, at
// the version the administrator saw.
func (s *Server) handleAdminAction(w http.ResponseWriter, r *http.Request) error {
	cur := currentOf(r)
	id := r.PathValue("id")
	version, err := strconv.ParseInt(r.FormValue("version"), 10, 64)
	if err != nil {
		return kijun.Errorf(kijun.EINVALID, "版数がありません。画面を読み込み直してください")
	}
	pw, err := s.access.Administer(r.Context(), cur.Principal, id, version, access.AccountAction(r.FormValue("action")))
	if err != nil {
		return err
	}
	s.recheck(r, "account:"+id)
	if pw == "" {
		http.Redirect(w, r, "/admin/accounts", http.StatusSeeOther)
		return nil
	}
	d, err := s.adminData(r)
	if err != nil {
		return err
	}
	a, err := s.db.Account(r.Context(), id)
	if err != nil {
		return err
	}
	d.Reset = &createdAccount{ID: a.ID, Name: a.DisplayName, Password: pw}
	return s.render(w, r, http.StatusOK, "admin_accounts", s.newPage(w, r, "admin.title", d))
}

// handleIDReviewClose marks a leaver's ID review done (8.2.1イ(3)).
func (s *Server) handleIDReviewClose(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kijun.Errorf(kijun.EINVALID, "点検番号 %q が不正です", r.PathValue("id"))
	}
	if err := s.db.CloseIDReview(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/accounts#reviews", http.StatusSeeOther)
	return nil
}
