package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"kijun/internal/incidents"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

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
