package web

import (
	"net/http"
	"strconv"
	"strings"

	"kijun/internal/store"
)

// handleEvidenceDispose disposes of the evidence ticked on the plan page
// under the request the CISO approved (11.1.6): the store refuses a file
// the request does not name or whose retention has not ended, and keeps
// the record of each file it disposes of.
func (s *Server) handleEvidenceDispose(w http.ResponseWriter, r *http.Request) error {
	d := &auditsData{Errors: map[string]string{}, FormText: map[string]string{}}
	if err := r.ParseForm(); err != nil {
		return err
	}
	d.FormText[store.FieldDisposalPermit] = strings.TrimSpace(r.FormValue(store.FieldDisposalPermit))
	var permitID int64
	if v := d.FormText[store.FieldDisposalPermit]; v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			d.Errors[store.FieldDisposalPermit] = "申請番号は数字で入力してください"
			return s.renderAudits(w, r, http.StatusBadRequest, d)
		}
		permitID = n
	}
	var ids []int64
	for _, v := range r.Form[store.FieldDisposalEvidence] {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			d.Errors[store.FieldDisposalEvidence] = "証拠の番号 " + v + " は数字ではありません"
			return s.renderAudits(w, r, http.StatusBadRequest, d)
		}
		ids = append(ids, n)
	}
	_, err := s.db.DisposeAuditEvidence(r.Context(), auditActorOf(currentOf(r).Principal), permitID, ids)
	done, err := formResult(err, d.Errors, &d.Conflict)
	if err != nil {
		return err
	}
	if done {
		http.Redirect(w, r, "/audits#disposed", http.StatusSeeOther)
		return nil
	}
	return s.renderAudits(w, r, statusOfForm(d.Conflict), d)
}
