package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"kijun/internal/incidents"
	"kijun/internal/kijun"
)

type failuresData struct {
	Failures []incidents.Failure
	Failure  incidents.Failure
	Occurred string
	Errors   map[string]string
	CanEdit  bool
	Units    []string
}

// handleFailures lists the year's 障害記録 (8.1.8) with a form to add one.
func (s *Server) handleFailures(w http.ResponseWriter, r *http.Request) error {
	d := &failuresData{Errors: map[string]string{}, Occurred: datetimeLocal(s.db.Now())}
	return s.renderFailures(w, r, http.StatusOK, d)
}

func (s *Server) renderFailures(w http.ResponseWriter, r *http.Request, status int, d *failuresData) error {
	p := currentOf(r).Principal
	now := s.db.Now()
	var err error
	if d.Failures, err = s.db.Failures(r.Context(), now.AddDate(-1, 0, 0), now.Add(time.Hour), 200); err != nil {
		return err
	}
	d.CanEdit, d.Units = csirt(p), p.Units
	if d.Failure.Unit == "" && len(d.Units) > 0 {
		d.Failure.Unit = d.Units[0]
	}
	return s.render(w, r, status, "failures", s.newPage(w, r, "failures.title", d))
}

// handleFailureSave adds a 障害記録 reported by the signed-in person.
func (s *Server) handleFailureSave(w http.ResponseWriter, r *http.Request) error {
	p := currentOf(r).Principal
	d := &failuresData{Errors: map[string]string{}, Occurred: r.FormValue("occurred_at")}
	f := incidents.Failure{System: strings.TrimSpace(r.FormValue("system")), Unit: strings.TrimSpace(r.FormValue("unit")), ReportedBy: p.StaffNo,
		Description: r.FormValue("description"), Handling: r.FormValue("handling"), Problems: r.FormValue("problems"), Resolved: r.FormValue("resolved") == "1"}
	var ok bool
	if f.OccurredAt, ok = parseLocal(d.Occurred); !ok {
		d.Errors[incidents.FieldOccurredAt] = "発生した日時を 2026-04-01 09:30 のように入力してください"
	}
	d.Failure = f
	if len(d.Errors) == 0 {
		var conflict string
		_, err := s.db.SaveFailure(r.Context(), f)
		done, err := formResult(err, d.Errors, &conflict)
		if err != nil {
			return err
		}
		if done {
			http.Redirect(w, r, "/failures", http.StatusSeeOther)
			return nil
		}
	}
	return s.renderFailures(w, r, http.StatusBadRequest, d)
}

// handleFailurePromote files the incident a 障害記録 turns out to be.
func (s *Server) handleFailurePromote(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kijun.Errorf(kijun.ENOTFOUND, "障害記録 %s はありません", r.PathValue("id"))
	}
	p := currentOf(r).Principal
	f, err := s.db.Failure(r.Context(), id)
	if err != nil {
		return err
	}
	in, err := s.db.PromoteFailure(r.Context(), id, p.StaffNo, f.Unit)
	if err != nil {
		return err
	}
	s.tellIncident(r, in.ID)
	http.Redirect(w, r, "/incidents/"+strconv.FormatInt(in.ID, 10), http.StatusSeeOther)
	return nil
}
