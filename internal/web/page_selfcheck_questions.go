package web

import (
	"errors"
	"net/http"
	"strings"

	"kijun/internal/kijun"
	"kijun/internal/selfcheck"
)

type selfcheckQuestionsData struct {
	Questions []selfcheck.Question
	Edited    bool
	Audiences []selfcheck.Audience
	CanEdit   bool
	Form      selfcheck.Question
	Rules     string
	Errors    map[string]string
	// Cites names a reference provision as the city's standard in force
	// cites it through its alignment (第34条［8.2.6］).
	Cites map[string]*citation
}

// handleSelfcheckQuestions lists the self-check questions in force, each
// citing its provision (11.2.1); the CISO's office edits them and adds
// the city's own.
func (s *Server) handleSelfcheckQuestions(w http.ResponseWriter, r *http.Request) error {
	d := &selfcheckQuestionsData{Errors: map[string]string{}, Form: selfcheck.Question{Audience: selfcheck.Unit}}
	if key := r.URL.Query().Get("edit"); key != "" {
		d.Form.Key = key
	}
	return s.renderSelfcheckQuestions(w, r, http.StatusOK, d)
}

func (s *Server) renderSelfcheckQuestions(w http.ResponseWriter, r *http.Request, status int, d *selfcheckQuestionsData) error {
	cat, err := s.monitor.Catalog(r.Context())
	if err != nil {
		return err
	}
	if d.Questions, d.Edited, err = s.db.SelfcheckQuestions(r.Context(), cat); err != nil {
		return err
	}
	if d.Cites, err = s.citesThrough(r, cat, func(yield func(string) bool) {
		for _, q := range d.Questions {
			if !yield(q.Provision) {
				return
			}
		}
	}); err != nil {
		return err
	}
	if d.Form.Text == "" && d.Form.Key != "" {
		for _, q := range d.Questions {
			if q.Key == d.Form.Key {
				d.Form, d.Rules = q, strings.Join(q.Rules, " ")
			}
		}
	}
	p := currentOf(r).Principal
	d.Audiences, d.CanEdit = selfcheck.Audiences(), p.CityOffice() || p.Admin
	return s.render(w, r, status, "selfcheck_questions", s.newPage(w, r, "selfcheck.questions.title", d))
}

// handleSelfcheckQuestionSave saves a question, or removes it from next
// year's campaigns; the store checks the provision and the rules it names
// and who may change the questions.
func (s *Server) handleSelfcheckQuestionSave(w http.ResponseWriter, r *http.Request) error {
	q := selfcheck.Question{Key: strings.TrimSpace(r.PostFormValue("key")), Provision: strings.TrimSpace(r.PostFormValue("provision")),
		Audience: selfcheck.Audience(r.PostFormValue("audience")), Text: strings.TrimSpace(r.PostFormValue("text")),
		Rules: strings.Fields(r.PostFormValue("rules"))}
	d := &selfcheckQuestionsData{Errors: map[string]string{}, Form: q, Rules: r.PostFormValue("rules")}
	cat, err := s.monitor.Catalog(r.Context())
	if err != nil {
		return err
	}
	rs, err := s.monitor.Rules(r.Context())
	if err != nil {
		return err
	}
	remove := r.PostFormValue("remove") == "1"
	if !remove {
		// A bad form is shown again before anything else is asked.
		err = q.Check(func(id string) bool { return cat.Find(id) != nil }, func(id string) bool { return rs.Rule(id) != nil })
	}
	if err == nil {
		err = needStaffNo(r)
	}
	if err == nil {
		err = s.db.SaveSelfcheckQuestion(r.Context(), currentOf(r).Principal.StaffNo, cat, q, remove,
			func(id string) bool { return rs.Rule(id) != nil })
	}
	var fe *kijun.FieldErrors
	switch {
	case err == nil:
		http.Redirect(w, r, "/selfcheck/questions#q-"+q.Key, http.StatusSeeOther)
		return nil
	case errors.As(err, &fe):
		for _, f := range fe.Fields {
			d.Errors[f.Field] = f.Message
		}
		return s.renderSelfcheckQuestions(w, r, http.StatusBadRequest, d)
	}
	return err
}
