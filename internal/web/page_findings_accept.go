package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/store"
)

type acceptData struct {
	Finding store.StoredFinding
	// Exceptions are those in force that cover the finding's provision:
	// the 例外措置 it may be accepted under.
	Exceptions []permits.Request
	Form       url.Values
	Errors     map[string]string
	// FileURL files a new 例外措置 for the provision, when none covers it.
	FileURL string
}

// handleAcceptForm shows one open finding and the 例外措置 in force that it
// may be accepted under (9.5.1), or the way to request one.
func (s *Server) handleAcceptForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccept(w, r, http.StatusOK, r.URL.Query(), map[string]string{})
}

func (s *Server) renderAccept(w http.ResponseWriter, r *http.Request, status int, form url.Values, errs map[string]string) error {
	ctx := r.Context()
	fs, _, err := s.db.ListFindings(ctx, store.FindingFilter{Rule: form.Get("rule"), Subject: form.Get("subject"), Limit: 1})
	if err != nil {
		return err
	}
	if len(fs) == 0 || form.Get("rule") == "" || form.Get("subject") == "" {
		return kijun.Errorf(kijun.ENOTFOUND, "未解消の指摘（%s・%s）はありません", form.Get("rule"), form.Get("subject"))
	}
	d := &acceptData{Finding: fs[0], Form: form, Errors: errs,
		FileURL: "/permits/form?" + url.Values{"type": {"exception"}, "provision": {fs[0].Provision}}.Encode()}
	if d.Exceptions, err = s.permits.ExceptionsCovering(ctx, fs[0].Provision, organisation.Day(s.db.Now())); err != nil {
		return err
	}
	return s.render(w, r, status, "finding_accept", s.newPage(w, r, "compliance.accept", d))
}

// handleAccept accepts a finding under a 例外措置 in force; each wrong
// field is shown beside it.
func (s *Server) handleAccept(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return kijun.Errorf(kijun.EINVALID, "フォームを読めません")
	}
	a := store.Acceptance{Rule: r.PostForm.Get("rule"), Subject: r.PostForm.Get("subject"), Note: r.PostForm.Get("note")}
	errs := map[string]string{}
	if v := strings.TrimSpace(r.PostForm.Get("request")); v != "" {
		n, err := strconv.ParseInt(strings.TrimPrefix(v, "#"), 10, 64)
		if err != nil || n <= 0 {
			errs["request"] = "申請番号は 123 のように数字で入力してください"
		}
		a.Request = n
	}
	if v := r.PostForm.Get("until"); v != "" {
		t, err := organisation.ParseDate(v)
		if err != nil {
			errs["until"] = "終了日は 2026-12-31 のように書いてください"
		}
		a.Until = t
	}
	if len(errs) == 0 {
		err := s.db.AcceptFinding(r.Context(), a)
		var fe *kijun.FieldErrors
		switch {
		case errors.As(err, &fe):
			for _, f := range fe.Fields {
				errs[f.Field] = f.Message
			}
		case err != nil:
			return err
		default:
			http.Redirect(w, r, "/compliance/findings?accepted=1&subject="+url.QueryEscape(a.Subject), http.StatusSeeOther)
			return nil
		}
	}
	return s.renderAccept(w, r, http.StatusBadRequest, r.PostForm, errs)
}
