package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"kijun/internal/incidents"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// The CSIRT's steps of 7.3.3, each a small form on the incident's page.
// Every step names the version of the incident it was taken on, so two
// members acting at once do not overwrite each other.

// incidentStep runs a step posted from the incident's page as form, then
// shows the page again: at the step's section when it worked, with each
// wrong field beside it when it did not.
func (s *Server) incidentStep(w http.ResponseWriter, r *http.Request, form string, step func(ctx context.Context, id, version int64) error) error {
	id, err := incidentID(r)
	if err != nil {
		return err
	}
	// The route lets the CISO's office and administrators through; only
	// the CSIRT and the CISO's office act on an incident (3.3, 7.3.3). An
	// advance of an instruction by the person instructed is checked in its
	// own handler.
	if form != "actions" {
		if err := mayStepIncident(currentOf(r).Principal); err != nil {
			return err
		}
	}
	version, _ := strconv.ParseInt(r.FormValue("version"), 10, 64)
	err = step(r.Context(), id, version)
	if err == nil {
		s.tellIncident(r, id)
		http.Redirect(w, r, "/incidents/"+strconv.FormatInt(id, 10)+"#"+form, http.StatusSeeOther)
		return nil
	}
	errs := map[string]string{}
	status := http.StatusBadRequest
	var fe *kijun.FieldErrors
	switch code := kijun.ErrorCode(err); {
	case errors.As(err, &fe):
		for _, f := range fe.Fields {
			errs[f.Field] = f.Message
		}
	case code == kijun.ECONFLICT:
		status = http.StatusConflict
	case code != kijun.EINVALID:
		return err
	}
	f, ferr := s.incidentFile(r)
	if ferr != nil {
		return ferr
	}
	return s.renderIncidentForm(w, r, status, f, kijun.ErrorMessage(err), form, errs)
}

// handleIncidentTriage records the CSIRT's judgement (7.3.3ア).
func (s *Server) handleIncidentTriage(w http.ResponseWriter, r *http.Request) error {
	return s.incidentStep(w, r, "triage", func(ctx context.Context, id, version int64) error {
		sev, _ := strconv.Atoi(r.FormValue("severity"))
		t := incidents.Triage{IsIncident: r.FormValue("is_incident") == "1", Severity: incidents.Severity(sev), Note: strings.TrimSpace(r.FormValue("triage_note"))}
		_, err := s.db.TriageIncident(ctx, id, version, t)
		return err
	})
}

// handleIncidentCISO records the CSIRT's report to the CISO (7.3.3イ).
func (s *Server) handleIncidentCISO(w http.ResponseWriter, r *http.Request) error {
	return s.incidentStep(w, r, "ciso", func(ctx context.Context, id, version int64) error {
		_, err := s.db.ReportIncidentToCISO(ctx, id, version, strings.TrimSpace(r.FormValue("note")))
		return err
	})
}

// handleIncidentAction adds an instruction (7.3.3ウ) or proposes a
// prevention measure (7.3.3エ).
func (s *Server) handleIncidentAction(w http.ResponseWriter, r *http.Request) error {
	kind := incidents.ActionKind(r.FormValue("kind"))
	return s.incidentStep(w, r, string(kind), func(ctx context.Context, id, _ int64) error {
		text := r.FormValue("text")
		if kind == incidents.ActionMeasure {
			text = r.FormValue("measure_text")
		}
		a := incidents.Action{IncidentID: id, Kind: kind, Text: text, Assignee: strings.TrimSpace(r.FormValue("assignee"))}
		if v := r.FormValue("due"); v != "" {
			t, err := time.ParseInLocation(time.DateOnly, v, time.UTC)
			if err != nil {
				return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: "due", Message: "期限を 2026-04-30 のように入力してください"}}}).AsError()
			}
			a.Due = t
		}
		_, err := s.db.AddAction(ctx, a)
		return err
	})
}

// handleActionAdvance moves an instruction or measure one step on. A
// measure is instructed by the CISO (7.3.3オ); an instruction is marked
// done by the CSIRT or by the person instructed.
func (s *Server) handleActionAdvance(w http.ResponseWriter, r *http.Request) error {
	p := currentOf(r).Principal
	to := incidents.ActionState(r.FormValue("to"))
	aid, _ := strconv.ParseInt(r.FormValue("action"), 10, 64)
	return s.incidentStep(w, r, "actions", func(ctx context.Context, id, _ int64) error {
		f, err := s.db.IncidentFile(ctx, id)
		if err != nil {
			return err
		}
		var a *incidents.Action
		for i := range f.Actions {
			if f.Actions[i].ID == aid {
				a = &f.Actions[i]
			}
		}
		if a == nil {
			return kijun.Errorf(kijun.ENOTFOUND, "指示・再発防止策 %d はこのインシデントにありません", aid)
		}
		switch {
		case a.Kind == incidents.ActionMeasure && to == incidents.StateInstructed && !p.Acts(organisation.RoleCISO, organisation.City()):
			return kijun.Errorf(kijun.EFORBIDDEN, "再発防止策の実施を指示するのは CISO です（7.3.3オ）")
		case !csirt(p) && !(a.Kind == incidents.ActionInstruction && a.Assignee == p.StaffNo && to == incidents.StateDone):
			return kijun.Errorf(kijun.EFORBIDDEN, "この操作は CSIRT が行います")
		}
		version, _ := strconv.ParseInt(r.FormValue("action_version"), 10, 64)
		_, err = s.db.AdvanceAction(ctx, aid, version, to, r.FormValue("effective") == "1", r.FormValue("result"))
		return err
	})
}

// handleIncidentCause records the root cause (7.3.3エ).
func (s *Server) handleIncidentCause(w http.ResponseWriter, r *http.Request) error {
	return s.incidentStep(w, r, "cause", func(ctx context.Context, id, version int64) error {
		_, err := s.db.RecordIncidentCause(ctx, id, version, incidents.Finding{Cause: incidents.Cause(r.FormValue("cause_kind")),
			Text: strings.TrimSpace(r.FormValue("root_cause")), ContractorID: strings.TrimSpace(r.FormValue("contractor_id")),
			ContractID: strings.TrimSpace(r.FormValue("contract_id"))})
		return err
	})
}

// handleIncidentOutside records a report made to an outside body.
func (s *Server) handleIncidentOutside(w http.ResponseWriter, r *http.Request) error {
	return s.incidentStep(w, r, "outside", func(ctx context.Context, id, _ int64) error {
		at, ok := parseLocal(r.FormValue("made_at"))
		if !ok {
			return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: "made_at", Message: "報告した日時を 2026-04-01 09:30 のように入力してください"}}}).AsError()
		}
		body, stage, _ := strings.Cut(r.FormValue("which"), ":")
		return s.db.RecordOutsideReport(ctx, id, incidents.Body(body), incidents.Stage(stage), at, strings.TrimSpace(r.FormValue("reference")))
	})
}

// handleIncidentAnnounce records the decision on announcing (7.3.1エ).
func (s *Server) handleIncidentAnnounce(w http.ResponseWriter, r *http.Request) error {
	return s.incidentStep(w, r, "announce", func(ctx context.Context, id, version int64) error {
		_, err := s.db.DecideAnnouncement(ctx, id, version, r.FormValue("announce") == "announce", strings.TrimSpace(r.FormValue("announce_reason")))
		return err
	})
}

// handleIncidentContain records that the damage stopped spreading.
func (s *Server) handleIncidentContain(w http.ResponseWriter, r *http.Request) error {
	return s.incidentStep(w, r, "contain", func(ctx context.Context, id, version int64) error {
		_, err := s.db.MarkContained(ctx, id, version, strings.TrimSpace(r.FormValue("note")))
		return err
	})
}

// handleIncidentClose closes the incident when nothing is left to do.
func (s *Server) handleIncidentClose(w http.ResponseWriter, r *http.Request) error {
	return s.incidentStep(w, r, "close", func(ctx context.Context, id, version int64) error {
		_, err := s.db.CloseIncident(ctx, id, version)
		return err
	})
}

// handleIncidentDebrief records a drill's debrief (7.2.3).
func (s *Server) handleIncidentDebrief(w http.ResponseWriter, r *http.Request) error {
	return s.incidentStep(w, r, "debrief", func(ctx context.Context, id, version int64) error {
		_, err := s.db.RecordDebrief(ctx, id, version, strings.TrimSpace(r.FormValue("debrief")))
		return err
	})
}

// handleNoticeAck records that the signed-in person read a notice; the
// store refuses anyone but the person told or their deputy.
func (s *Server) handleNoticeAck(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kijun.Errorf(kijun.ENOTFOUND, "通知 %s はありません", r.PathValue("id"))
	}
	n, err := s.db.AcknowledgeNotice(r.Context(), id, currentOf(r).Principal.StaffNo)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/incidents/"+strconv.FormatInt(n.IncidentID, 10)+"#notices", http.StatusSeeOther)
	return nil
}
