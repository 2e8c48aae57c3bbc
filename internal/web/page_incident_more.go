package web

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"kijun/internal/incidents"
	"kijun/internal/incidentsheet"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/wareki"
)

// handleEvidenceUpload keeps a file as evidence with its SHA-256 (8.5.3).
// A file past the limit is refused with a message saying the limit.
func (s *Server) handleEvidenceUpload(w http.ResponseWriter, r *http.Request) error {
	return s.incidentStep(w, r, "evidence", func(ctx context.Context, id, _ int64) error {
		file, hdr, err := r.FormFile("file")
		switch {
		case errors.Is(err, http.ErrMissingFile):
			return fieldError("file", kijun.Errorf(kijun.EINVALID, "証拠のファイルを選んでください"))
		case err != nil:
			return fieldError("file", incidents.TooLarge(r.ContentLength))
		}
		defer file.Close()
		if hdr.Size > incidents.MaxEvidenceBytes {
			return fieldError("file", incidents.TooLarge(hdr.Size))
		}
		data, err := io.ReadAll(io.LimitReader(file, incidents.MaxEvidenceBytes+1))
		if err != nil {
			return err
		}
		if int64(len(data)) > incidents.MaxEvidenceBytes {
			return fieldError("file", incidents.TooLarge(int64(len(data))))
		}
		_, err = s.db.AddEvidence(ctx, incidents.Evidence{IncidentID: id, Name: hdr.Filename, ContentType: hdr.Header.Get("Content-Type"),
			Note: strings.TrimSpace(r.FormValue("evidence_note"))}, data)
		var fe *kijun.FieldErrors
		if err != nil && !errors.As(err, &fe) && kijun.ErrorCode(err) == kijun.EINVALID {
			return fieldError("file", err)
		}
		return err
	})
}

// fieldError puts a message beside one field.
func fieldError(field string, err error) error {
	return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: field, Message: kijun.ErrorMessage(err)}}}).AsError()
}

// handleEvidence sends an evidence file to those who may see its
// incident, after checking its hash again.
func (s *Server) handleEvidence(w http.ResponseWriter, r *http.Request) error {
	eid, err := strconv.ParseInt(r.PathValue("eid"), 10, 64)
	if err != nil {
		return kijun.Errorf(kijun.ENOTFOUND, "証拠 %s はありません", r.PathValue("eid"))
	}
	f, err := s.incidentFile(r)
	if err != nil {
		return err
	}
	e, data, err := s.db.Evidence(r.Context(), eid)
	if err != nil {
		return err
	}
	if e.IncidentID != f.Incident.ID {
		return kijun.Errorf(kijun.ENOTFOUND, "証拠 %d はこのインシデントにありません", eid)
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": e.Name}))
	w.Header().Set("X-Content-SHA256", e.SHA256)
	_, err = w.Write(data)
	return err
}

type incidentStatsData struct {
	Year  int
	Name  string
	Years []int
	Stats incidents.Stats
}

// statsYear reads the fiscal year asked for, this one by default.
func (s *Server) statsYear(r *http.Request) (int, time.Time, time.Time, error) {
	fy := wareki.FiscalYear(s.db.Now())
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > fy+1 {
			return 0, time.Time{}, time.Time{}, kijun.Errorf(kijun.EINVALID, "年度 %s は選べません", v)
		}
		fy = y
	}
	from, to := wareki.FiscalYearRange(fy)
	return fy, from, to, nil
}

// handleIncidentStats shows the year's figures for the CISO: counts by
// cause and kind, time to acknowledge and contain, recurrences; drills
// left out (7.2.3).
func (s *Server) handleIncidentStats(w http.ResponseWriter, r *http.Request) error {
	fy, from, to, err := s.statsYear(r)
	if err != nil {
		return err
	}
	rows, err := s.db.IncidentStatRows(r.Context(), from, to)
	if err != nil {
		return err
	}
	d := incidentStatsData{Year: fy, Name: wareki.FiscalYearName(from), Stats: incidents.Compute(rows)}
	for y := wareki.FiscalYear(s.db.Now()); y >= wareki.FiscalYear(s.db.Now())-4; y-- {
		d.Years = append(d.Years, y)
	}
	return s.render(w, r, http.StatusOK, "incident_stats", s.newPage(w, r, "incidents.stats.title", d))
}

// handleIncidentReport sends the CISO's yearly report as a workbook.
func (s *Server) handleIncidentReport(w http.ResponseWriter, r *http.Request) error {
	fy, from, to, err := s.statsYear(r)
	if err != nil {
		return err
	}
	rows, err := s.db.IncidentStatRows(r.Context(), from, to)
	if err != nil {
		return err
	}
	return download(w, "incidents-"+strconv.Itoa(fy), "xlsx", func(w io.Writer) error {
		return incidentsheet.WriteYear(w, wareki.FiscalYearName(from), incidents.Compute(rows), rows)
	})
}

type contactsData struct {
	Contacts   []incidents.Contact
	Procedures []incidents.Procedure
	Contents   []struct{ Item, Label string }
	CanEdit    bool
	Errors     map[string]string
	Form       string
	Contact    incidents.Contact
	Procedure  incidents.Procedure
	Today      time.Time
}

// handleContacts shows the emergency contact network (9.4.3) and the
// response procedures (9.4.1), printable; the CISO's office keeps them.
func (s *Server) handleContacts(w http.ResponseWriter, r *http.Request) error {
	return s.renderContacts(w, r, http.StatusOK, &contactsData{Errors: map[string]string{}})
}

func (s *Server) renderContacts(w http.ResponseWriter, r *http.Request, status int, d *contactsData) error {
	var err error
	if d.Contacts, err = s.db.Contacts(r.Context()); err != nil {
		return err
	}
	if d.Procedures, err = s.db.Procedures(r.Context()); err != nil {
		return err
	}
	d.Contents, d.CanEdit, d.Today = incidents.ProcedureContents, csirt(currentOf(r).Principal), organisation.Day(s.db.Now())
	if d.Contact.Order == 0 {
		d.Contact.Order = len(d.Contacts) + 1
	}
	return s.render(w, r, status, "incident_contacts", s.newPage(w, r, "incidents.contacts.title", d))
}

// handleContactSave adds a line to the contact network.
func (s *Server) handleContactSave(w http.ResponseWriter, r *http.Request) error {
	d := &contactsData{Errors: map[string]string{}, Form: "contact"}
	order, err := strconv.Atoi(strings.TrimSpace(r.FormValue("order")))
	if err != nil {
		d.Errors["order"] = "連絡順序は数字で入力してください"
	}
	d.Contact = incidents.Contact{Order: order, Name: strings.TrimSpace(r.FormValue("name")), Unit: strings.TrimSpace(r.FormValue("unit")),
		Post: strings.TrimSpace(r.FormValue("post")), Phone: strings.TrimSpace(r.FormValue("phone")), Mail: strings.TrimSpace(r.FormValue("mail")),
		Outside: r.FormValue("outside") == "1", Note: strings.TrimSpace(r.FormValue("note"))}
	if len(d.Errors) == 0 {
		var conflict string
		_, err := s.db.SaveContact(r.Context(), d.Contact)
		done, err := formResult(err, d.Errors, &conflict)
		if err != nil {
			return err
		}
		if done {
			http.Redirect(w, r, "/incidents/contacts", http.StatusSeeOther)
			return nil
		}
	}
	return s.renderContacts(w, r, http.StatusBadRequest, d)
}

// handleProcedureSave adds a response procedure with its owner and next
// review (9.4.1, 9.4.5).
func (s *Server) handleProcedureSave(w http.ResponseWriter, r *http.Request) error {
	d := &contactsData{Errors: map[string]string{}, Form: "procedure"}
	if err := r.ParseForm(); err != nil {
		return kijun.Errorf(kijun.EINVALID, "フォームを読めません")
	}
	p := incidents.Procedure{Title: strings.TrimSpace(r.FormValue("title")), Owner: strings.TrimSpace(r.FormValue("owner")),
		Body: strings.TrimSpace(r.FormValue("body")), Covers: r.PostForm["covers"]}
	if id, err := strconv.ParseInt(r.FormValue("id"), 10, 64); err == nil {
		// 9.4.5: a review keeps the procedure and records its new dates.
		ps, err := s.db.Procedures(r.Context())
		if err != nil {
			return err
		}
		i := slices.IndexFunc(ps, func(p incidents.Procedure) bool { return p.ID == id })
		if i < 0 {
			return kijun.Errorf(kijun.ENOTFOUND, "手順書 %d はありません", id)
		}
		p = ps[i]
		p.Version, _ = strconv.ParseInt(r.FormValue("version"), 10, 64)
		d.Form = "review"
	}
	for _, f := range []struct {
		name string
		t    *time.Time
	}{{"reviewed_on", &p.ReviewedOn}, {"next_review", &p.NextReview}} {
		if v := r.FormValue(f.name); v != "" {
			t, err := organisation.ParseDate(v)
			if err != nil {
				d.Errors[f.name] = kijun.ErrorMessage(err)
			}
			*f.t = t
		}
	}
	d.Procedure = p
	if len(d.Errors) == 0 {
		var conflict string
		_, err := s.db.SaveProcedure(r.Context(), p)
		done, err := formResult(err, d.Errors, &conflict)
		if err != nil {
			return err
		}
		if conflict != "" {
			d.Errors["conflict"] = conflict
		}
		if done {
			http.Redirect(w, r, "/incidents/contacts#procedures", http.StatusSeeOther)
			return nil
		}
	}
	if d.Form == "review" {
		// Shown above the table of procedures, apart from the new one's form.
		review := map[string]string{}
		for k, v := range d.Errors {
			review["review."+k] = v
		}
		d.Errors = review
	}
	return s.renderContacts(w, r, http.StatusBadRequest, d)
}

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
	http.Redirect(w, r, "/incidents/"+strconv.FormatInt(in.ID, 10), http.StatusSeeOther)
	return nil
}
