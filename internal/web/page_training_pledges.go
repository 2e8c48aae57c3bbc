package web

import (
	"net/http"
	"strings"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/training"
)

type pledgesData struct {
	// InForce is the pledge in force today, if any.
	InForce  *store.Pledge
	Progress []pledgeRow
	Form     pledgeForm
	Errors   map[string]string
}

// pledgeForm is the pledge form as typed, to show again with its errors.
type pledgeForm struct{ ID, Title, InForce, Body string }

// pledgeRow is one 課's temporary staff: who have pledged, and not yet.
type pledgeRow struct {
	Unit        string
	Done, Owing int
}

// handlePledges shows the 統括責任者's office the pledge in force, the
// form that registers a new one, and by 課 the 臨時の任用職員 who have
// pledged and not yet (7.1.2).
func (s *Server) handlePledges(w http.ResponseWriter, r *http.Request) error {
	return s.renderPledges(w, r, http.StatusOK, &pledgesData{Errors: map[string]string{}})
}

func (s *Server) renderPledges(w http.ResponseWriter, r *http.Request, status int, d *pledgesData) error {
	by, err := s.trainer(r)
	if err != nil {
		return err
	}
	if !by.Plans() {
		return kijun.Errorf(kijun.EFORBIDDEN, "誓約書は情報セキュリティ統括責任者（又は CISO 事務局）が登録します")
	}
	today := organisation.Day(s.db.Now())
	switch p, err := s.db.PledgeInForce(r.Context(), today); kijun.ErrorCode(err) {
	case "":
		d.InForce = &p
	case kijun.ENOTFOUND:
	default:
		return err
	}
	ts, err := s.db.PledgeProgress(r.Context(), today)
	if err != nil {
		return err
	}
	for _, t := range ts {
		d.Progress = append(d.Progress, pledgeRow{Unit: t.Unit, Done: t.Done, Owing: t.People - t.Done})
	}
	return s.render(w, r, status, "training_pledges", s.newPage(w, r, "pledges.title", d))
}

// handlePledgeSave registers a pledge's text through the training
// service's gate (7.1.2); refused fields are shown beside the form's.
func (s *Server) handlePledgeSave(w http.ResponseWriter, r *http.Request) error {
	f := pledgeForm{ID: strings.TrimSpace(r.FormValue("id")), Title: strings.TrimSpace(r.FormValue("title")),
		InForce: strings.TrimSpace(r.FormValue("in_force")), Body: strings.TrimSpace(r.FormValue("body"))}
	d := &pledgesData{Form: f, Errors: map[string]string{}}
	p := store.Pledge{Edition: training.Edition{ID: f.ID, Title: f.Title}, Body: f.Body}
	var err error
	if f.InForce != "" {
		if p.Edition.InForce, err = organisation.ParseDate(f.InForce); err != nil {
			d.Errors["in_force"] = "施行日は YYYY-MM-DD の形で入力してください"
		}
	}
	by, err := s.trainer(r)
	if err != nil {
		return err
	}
	var conflict string
	if len(d.Errors) == 0 {
		ok, err := formResult(s.db.SavePledge(r.Context(), by, p), d.Errors, &conflict)
		if err != nil {
			return err
		}
		if ok {
			http.Redirect(w, r, "/training/pledges", http.StatusSeeOther)
			return nil
		}
		if conflict != "" {
			d.Errors["id"] = conflict
		}
	}
	return s.renderPledges(w, r, statusOfForm(conflict), d)
}
