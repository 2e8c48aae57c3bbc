package web

import (
	"net/http"
	"strconv"
	"strings"

	"kijun/internal/access"
	"kijun/internal/kijun"
)

// splitUsers reads the staff numbers of a shared account's users as
// typed: separated by commas, 読点, spaces or new lines.
func splitUsers(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '、' || r == ' ' || r == '\n' || r == '\r' || r == '\t' || r == '　'
	})
}

func formVersion(r *http.Request) (int64, error) {
	v, err := strconv.ParseInt(r.FormValue("version"), 10, 64)
	if err != nil {
		return 0, kijun.Errorf(kijun.EINVALID, "版数がありません。画面を読み込み直してください")
	}
	return v, nil
}

// handleAdminSharedUsers changes who may use a shared account (7.4.2イ);
// a wrong staff number is shown beside the account's users.
func (s *Server) handleAdminSharedUsers(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	err = s.access.SetSharedUsers(r.Context(), currentOf(r).Principal, id, version, splitUsers(r.FormValue("users")))
	errs, conflict := map[string]string{}, ""
	ok, err := formResult(err, errs, &conflict)
	if err != nil {
		return err
	}
	if !ok {
		d := &sharedData{Errors: map[string]string{}, EditID: id, EditUsers: r.FormValue("users"), EditError: errs["users"]}
		if conflict != "" {
			d.EditError = conflict
		}
		return s.renderShared(w, r, statusOfForm(conflict), d)
	}
	s.recheck(r, "account:"+id)
	http.Redirect(w, r, "/admin/shared#shared-"+id, http.StatusSeeOther)
	return nil
}

// handleAdminSharedStatus disables a shared account (it cannot be signed
// in with, and its sessions end) or enables it again, through the one
// account action every administrator's change of an account takes
// (8.2.1イ(2)), recorded in the ledger.
func (s *Server) handleAdminSharedStatus(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	action := access.AccountAction(r.FormValue("action"))
	if action != access.ActionDisable && action != access.ActionEnable {
		return kijun.Errorf(kijun.EINVALID, "共用IDの操作 %q はありません（停止又は再開）", action)
	}
	if shared, err := s.access.IsShared(r.Context(), id); err != nil {
		return err
	} else if !shared {
		return kijun.Errorf(kijun.ENOTFOUND, "共用ID %s はありません", id)
	}
	if _, err := s.access.Administer(r.Context(), currentOf(r).Principal, id, version, action); err != nil {
		return err
	}
	s.recheck(r, "account:"+id)
	http.Redirect(w, r, "/admin/shared#shared-"+id, http.StatusSeeOther)
	return nil
}
