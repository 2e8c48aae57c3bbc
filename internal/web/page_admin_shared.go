package web

import (
	"net/http"
	"strings"

	"kijun/internal/auth"
)

type sharedData struct {
	Accounts []sharedAccount
	Created  *createdAccount
	Form     sharedForm
	Errors   map[string]string
	// EditID, EditUsers and EditError are a change of an account's
	// users that was refused, shown again beside it.
	EditID, EditUsers, EditError string
}

type sharedAccount struct {
	auth.Account
	Users []string
}

// sharedForm is the shared-account form as typed, to show again.
type sharedForm struct{ ID, Name, Users string }

// handleAdminShared lists the shared accounts (共用 ID, 7.4.2イ) with the
// people permitted to use each, and the form that makes one.
func (s *Server) handleAdminShared(w http.ResponseWriter, r *http.Request) error {
	return s.renderShared(w, r, http.StatusOK, &sharedData{Errors: map[string]string{}})
}

func (s *Server) renderShared(w http.ResponseWriter, r *http.Request, status int, d *sharedData) error {
	users, err := s.db.SharedAccounts(r.Context())
	if err != nil {
		return err
	}
	accounts, err := s.db.Accounts(r.Context())
	if err != nil {
		return err
	}
	for _, a := range accounts {
		if us, ok := users[a.ID]; ok {
			d.Accounts = append(d.Accounts, sharedAccount{Account: a, Users: us})
		}
	}
	return s.render(w, r, status, "admin_shared", s.newPage(w, r, "shared.title", d))
}

// handleAdminSharedCreate makes a shared account through the access
// service (7.4.2イ, 8.2.1イ(2)) and shows its temporary password once.
func (s *Server) handleAdminSharedCreate(w http.ResponseWriter, r *http.Request) error {
	f := sharedForm{ID: strings.TrimSpace(r.FormValue("id")), Name: strings.TrimSpace(r.FormValue("name")), Users: r.FormValue("users")}
	d := &sharedData{Form: f, Errors: map[string]string{}}
	users := strings.FieldsFunc(f.Users, func(r rune) bool { return r == ',' || r == '、' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
	pw, err := s.access.CreateSharedAccount(r.Context(), currentOf(r).Principal, f.ID, f.Name, users)
	var conflict string
	ok, err := formResult(err, d.Errors, &conflict)
	if err != nil {
		return err
	}
	if !ok {
		if conflict != "" {
			d.Errors["id"] = conflict
		}
		return s.renderShared(w, r, statusOfForm(conflict), d)
	}
	s.recheck(r, "account:"+f.ID)
	d.Form = sharedForm{}
	d.Created = &createdAccount{ID: f.ID, Name: f.Name, Password: pw}
	return s.renderShared(w, r, http.StatusOK, d)
}
