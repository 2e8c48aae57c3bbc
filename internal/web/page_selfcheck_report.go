package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"kijun/internal/kijun"
	"kijun/internal/selfcheck"
	"kijun/internal/store"
)

type selfcheckReportData struct {
	View   *store.SelfcheckReportView
	Values []selfcheck.Value
	// CanAnswer: the respondent, while the campaign is open and the
	// report not submitted.
	CanAnswer bool
	Errors    map[string]string
	Problem   string
	Saved     bool
	// Files are the files kept as evidence, by question.
	Files map[string][]selfcheck.EvidenceFile
}

// Contradicted returns the verdict of question key.
func (d *selfcheckReportData) Contradicted(key string) []selfcheck.Finding {
	return d.View.Verdicts[key].Contradicted
}

func reportID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, kijun.Errorf(kijun.ENOTFOUND, "自己点検の報告 %s はありません（no such report）", r.PathValue("id"))
	}
	return id, nil
}

// selfcheckReport reads a report the signed-in person may see: their
// own, or any for the CISO's office and the auditors.
func (s *Server) selfcheckReport(r *http.Request) (*store.SelfcheckReportView, error) {
	id, err := reportID(r)
	if err != nil {
		return nil, err
	}
	v, err := s.db.SelfcheckReport(r.Context(), id)
	if err != nil {
		return nil, err
	}
	p := currentOf(r).Principal
	if v.Report.Respondent != p.StaffNo && !p.CityOffice() && !p.Auditor() && !p.Admin {
		return nil, kijun.Errorf(kijun.EFORBIDDEN, "この自己点検の報告を見る権限がありません（only its respondent and the CISO's office, 11.2.2）")
	}
	return v, nil
}

// handleSelfcheckReport shows a report's questions and answers, each
// answer with the records that contradict it.
func (s *Server) handleSelfcheckReport(w http.ResponseWriter, r *http.Request) error {
	v, err := s.selfcheckReport(r)
	if err != nil {
		return err
	}
	return s.renderSelfcheckReport(w, r, http.StatusOK, &selfcheckReportData{View: v, Errors: map[string]string{}, Saved: r.URL.Query().Get("saved") == "1"})
}

func (s *Server) renderSelfcheckReport(w http.ResponseWriter, r *http.Request, status int, d *selfcheckReportData) error {
	d.Values = selfcheck.Values()
	rep := d.View.Report
	files, err := s.db.SelfcheckEvidence(r.Context(), rep.ID)
	if err != nil {
		return err
	}
	d.Files = map[string][]selfcheck.EvidenceFile{}
	for _, f := range files {
		d.Files[f.Question] = append(d.Files[f.Question], f)
	}
	d.CanAnswer = d.View.Campaign.Open() && !rep.Submitted() && rep.Respondent == currentOf(r).Principal.StaffNo
	pg := s.newPage(w, r, "selfcheck.report.title", d)
	pg.Title = fmt.Sprintf("%d 年度 自己点検: %s（%s）", d.View.Campaign.FiscalYear, rep.SubjectName, rep.Audience.Label())
	return s.render(w, r, status, "selfcheck_report", pg)
}

// handleSelfcheckAnswer saves the answers given on the form: each
// question with a value chosen, with its note, explanation and evidence.
// Every answer is judged against the registers as it is saved; a refused
// answer is shown beside its question and the others are kept.
func (s *Server) handleSelfcheckAnswer(w http.ResponseWriter, r *http.Request) error {
	v, err := s.selfcheckReport(r)
	if err != nil {
		return err
	}
	by := currentOf(r).Principal.StaffNo
	d := &selfcheckReportData{View: v, Errors: map[string]string{}}
	for _, q := range v.Questions {
		val := r.PostFormValue("v:" + q.Key)
		if val == "" {
			continue
		}
		a := selfcheck.Answer{Question: q.Key, Value: selfcheck.Value(val), Note: strings.TrimSpace(r.PostFormValue("note:" + q.Key)),
			Explanation: strings.TrimSpace(r.PostFormValue("exp:" + q.Key)), Evidence: strings.TrimSpace(r.PostFormValue("ev:" + q.Key))}
		_, err := s.db.AnswerSelfcheck(r.Context(), v.Report.ID, by, a)
		var fe *kijun.FieldErrors
		switch {
		case err == nil:
		case errors.As(err, &fe):
			msgs := make([]string, len(fe.Fields))
			for i, f := range fe.Fields {
				msgs[i] = f.Message
			}
			d.Errors[q.Key] = strings.Join(msgs, " ")
		case kijun.ErrorCode(err) == kijun.ECONFLICT || kijun.ErrorCode(err) == kijun.EINVALID:
			d.Problem = kijun.ErrorMessage(err)
		default:
			return err
		}
		if d.Problem != "" {
			break
		}
	}
	if d.View, err = s.db.SelfcheckReport(r.Context(), v.Report.ID); err != nil {
		return err
	}
	if len(d.Errors) > 0 || d.Problem != "" {
		return s.renderSelfcheckReport(w, r, http.StatusBadRequest, d)
	}
	http.Redirect(w, r, fmt.Sprintf("/selfcheck/reports/%d?saved=1", v.Report.ID), http.StatusSeeOther)
	return nil
}

// handleSelfcheckSubmit submits a report to the 統括責任者 (11.2.2ア); a
// report with unanswered questions or unexplained contradictions is
// refused, naming them.
func (s *Server) handleSelfcheckSubmit(w http.ResponseWriter, r *http.Request) error {
	v, err := s.selfcheckReport(r)
	if err != nil {
		return err
	}
	err = s.db.SubmitSelfcheck(r.Context(), v.Report.ID, currentOf(r).Principal.StaffNo)
	switch kijun.ErrorCode(err) {
	case "":
		http.Redirect(w, r, fmt.Sprintf("/selfcheck/reports/%d", v.Report.ID), http.StatusSeeOther)
		return nil
	case kijun.EINVALID, kijun.ECONFLICT:
		return s.renderSelfcheckReport(w, r, http.StatusConflict, &selfcheckReportData{View: v, Errors: map[string]string{}, Problem: kijun.ErrorMessage(err)})
	}
	return err
}
