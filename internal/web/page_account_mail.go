package web

import (
	"net/http"

	"kijun/internal/kijun"
)

// accountMail fills in how mail reaches the signed-in person, if the
// account is a person's.
func (s *Server) accountMail(r *http.Request, d *accountData) error {
	no := currentOf(r).Account.StaffNo
	if no == "" {
		return nil
	}
	rc, err := s.db.Recipient(r.Context(), no)
	if kijun.ErrorCode(err) == kijun.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	d.Mail = &rc
	d.MailSaved = r.URL.Query().Get("mail") == "saved"
	return nil
}

// handleAccountMail sets whether the signed-in person takes each mail as
// it comes or one digest a day.
func (s *Server) handleAccountMail(w http.ResponseWriter, r *http.Request) error {
	no := currentOf(r).Account.StaffNo
	if no == "" {
		return kijun.Errorf(kijun.EINVALID, "この利用者IDは職員に結び付いていないため、メールを受け取れません / this account belongs to no person, so it gets no mail")
	}
	err := s.db.SetMailPreference(r.Context(), no, r.FormValue("mode"))
	if err == nil {
		http.Redirect(w, r, "/account?mail=saved#mail", http.StatusSeeOther)
		return nil
	}
	if kijun.ErrorCode(err) != kijun.EINVALID {
		return err
	}
	p := s.newPage(w, r, "account.title", nil)
	d, derr := s.accountData(r, p.Lang)
	if derr != nil {
		return derr
	}
	d.MailErr = p.T("account.mail.bad")
	p.Data = d
	return s.render(w, r, http.StatusBadRequest, "account", p)
}
