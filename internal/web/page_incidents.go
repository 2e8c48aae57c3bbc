package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"kijun/internal/access"
	"kijun/internal/incidents"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

// Incidents (7.3): any member of staff reports; the reporter sees their
// own reports, each person told sees the report they were told of, and
// the CISO's office and the CSIRT (3.3.1) see every report and act on it.

// csirt reports whether the signed-in person works for the whole city:
// the CISO, the 統括責任者, the 情報セキュリティ管理者 (CSIRT 責任者), the
// 情報基盤管理者 or a CSIRT member, as the organisation data says.
func csirt(p *access.Principal) bool { return p.CityOffice() }

// reportUnitRefusal says why a report may not name unit, or "": 7.3.1ア,
// the report goes to the 情報管理者 of the reporter's own 課. The page and
// the API both ask it.
func reportUnitRefusal(p *access.Principal, unit string) string {
	if unit != "" && !slices.Contains(p.Units, unit) {
		return "所属している課から選んでください（7.3.1ア: 所属課の情報管理者へ報告します）"
	}
	return ""
}

// mayStepIncident refuses a CSIRT step to anyone outside the CSIRT and the
// CISO's office (3.3, 7.3.3). The page and the API both ask it.
func mayStepIncident(p *access.Principal) error {
	if !csirt(p) {
		return kijun.Errorf(kijun.EFORBIDDEN, "インシデントへの対応は CSIRT と CISO 室が行います（3.3、7.3.3）")
	}
	return nil
}

// incidentID reads the incident number in the path; anything else is not
// found.
func incidentID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, kijun.Errorf(kijun.ENOTFOUND, "インシデント %s はありません", r.PathValue("id"))
	}
	return id, nil
}

// mayReadIncident reports whether p may see the file: the CSIRT and the
// CISO's office, the reporter, and everyone told of it.
func mayReadIncident(p *access.Principal, f store.IncidentFile) bool {
	if csirt(p) || (p.StaffNo != "" && f.Incident.Reporter == p.StaffNo) {
		return true
	}
	return p.StaffNo != "" && slices.ContainsFunc(f.Notices, func(n store.Notice) bool { return n.StaffNo == p.StaffNo || n.Holder == p.StaffNo })
}

var errIncidentHidden = kijun.Errorf(kijun.EFORBIDDEN, "このインシデントを見られるのは、報告者、通知を受けた人、CSIRT と CISO 室だけです（7.3）")

type incidentsData struct {
	CSIRT   bool
	Board   []store.IncidentSummary
	Mine    []store.IncidentSummary
	Pending []store.Notice
	Now     time.Time
}

// handleIncidents shows the CSIRT's board to the CSIRT, and to everyone
// their own reports and the notices they must acknowledge.
func (s *Server) handleIncidents(w http.ResponseWriter, r *http.Request) error {
	p := currentOf(r).Principal
	d := incidentsData{CSIRT: csirt(p), Now: s.db.Now()}
	var err error
	if d.CSIRT {
		if d.Board, err = s.db.IncidentBoard(r.Context(), d.Now); err != nil {
			return err
		}
	}
	if p.StaffNo != "" {
		if d.Mine, err = s.db.IncidentsReportedBy(r.Context(), p.StaffNo, 50); err != nil {
			return err
		}
		if d.Pending, err = s.db.PendingNotices(r.Context(), p.StaffNo); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "incidents", s.newPage(w, r, "incidents.title", d))
}

type incidentFormData struct {
	Incident incidents.Incident
	New      bool
	Errors   map[string]string
	Conflict string
	Kinds    []incidents.Kind
	Units    []unitChoice
	Reason   string
	// Form holds the text of the date fields as typed, so a wrong one is
	// shown back as it was.
	Discovered, Occurred, Assets, Systems string
}

// datetimeLocal writes t for an <input type="datetime-local"> in JST.
func datetimeLocal(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(wareki.JST()).Format("2006-01-02T15:04")
}

// parseLocal reads what a datetime-local field sends, as JST.
func parseLocal(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, true
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, v, wareki.JST()); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// incidentFromForm reads the reporter's items of a report; errs gets the
// fields that cannot even be read.
func incidentFromForm(r *http.Request, d *incidentFormData) incidents.Incident {
	in := incidents.Incident{
		Title: r.FormValue("title"), Kind: incidents.Kind(r.FormValue("kind")), OnBehalfOf: r.FormValue("on_behalf_of"),
		Unit: strings.TrimSpace(r.FormValue("unit")), Description: r.FormValue("description"),
		SupposedCause: r.FormValue("supposed_cause"), Response: r.FormValue("response"), Recovery: r.FormValue("recovery"),
		SharedNetwork: r.FormValue("shared_network") == "1", Urgent: r.FormValue("urgent") == "1",
		CrimeSuspected: r.FormValue("crime_suspected") == "1", Drill: r.FormValue("drill") == "1",
		ContractorID: strings.TrimSpace(r.FormValue("contractor_id")), ContractID: strings.TrimSpace(r.FormValue("contract_id")),
		Leak: incidents.Leak{State: incidents.LeakState(r.FormValue("leak_state")), Description: r.FormValue("leak_description"),
			Sensitive: r.FormValue("leak_sensitive") == "1", MyNumber: r.FormValue("leak_my_number") == "1",
			Financial: r.FormValue("leak_financial") == "1", Malicious: r.FormValue("leak_malicious") == "1",
			Encrypted: r.FormValue("leak_encrypted") == "1", FromMyNumberSystem: r.FormValue("leak_mn_system") == "1"},
	}
	d.Discovered, d.Occurred = r.FormValue("discovered_at"), r.FormValue("occurred_at")
	d.Assets, d.Systems = r.FormValue("leak_assets"), r.FormValue("systems")
	in.Leak.AssetIDs, in.Systems = strings.Fields(d.Assets), strings.Fields(d.Systems)
	var ok bool
	if in.DiscoveredAt, ok = parseLocal(d.Discovered); !ok {
		d.Errors[incidents.FieldDiscoveredAt] = "判明した日時を 2026-04-01 09:30 のように入力してください"
	}
	if in.OccurredAt, ok = parseLocal(d.Occurred); !ok {
		d.Errors[incidents.FieldOccurredAt] = "発生した日時を 2026-04-01 09:30 のように入力してください"
	}
	if v := strings.TrimSpace(r.FormValue("leak_people")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			d.Errors[incidents.FieldLeakPeople] = "人数は数字で入力してください"
		}
		in.Leak.People = n
	}
	in.Version, _ = strconv.ParseInt(r.FormValue("version"), 10, 64)
	return in
}

// unitChoice is one of the reporter's units, for the form's list.
type unitChoice struct{ Code, Name string }

func (s *Server) incidentForm(r *http.Request) *incidentFormData {
	p := currentOf(r).Principal
	d := &incidentFormData{Errors: map[string]string{}, Kinds: incidents.Kinds()}
	day := organisation.Day(s.db.Now())
	for _, code := range p.Units {
		name := code
		if u, err := s.db.Unit(r.Context(), code, day); err == nil {
			name = u.Name
		}
		d.Units = append(d.Units, unitChoice{code, name})
	}
	return d
}

// handleIncidentNew shows an empty report, with now as when it came to light.
func (s *Server) handleIncidentNew(w http.ResponseWriter, r *http.Request) error {
	d := s.incidentForm(r)
	d.New = true
	d.Incident.Kind = incidents.KindLoss
	// 9.2.3ア: the self-check page leads here to report a breach of the
	// policy, with the kind chosen.
	if k := incidents.Kind(r.URL.Query().Get("kind")); slices.Contains(d.Kinds, k) {
		d.Incident.Kind = k
	}
	d.Discovered = datetimeLocal(s.db.Now())
	if len(d.Units) > 0 {
		d.Incident.Unit = d.Units[0].Code
	}
	return s.render(w, r, http.StatusOK, "incident_form", s.newPage(w, r, "incidents.new.title", d))
}

// handleIncidentFile files a report and routes it (7.3.1); each wrong
// field is shown beside it.
func (s *Server) handleIncidentFile(w http.ResponseWriter, r *http.Request) error {
	p := currentOf(r).Principal
	d := s.incidentForm(r)
	d.New = true
	in := incidentFromForm(r, d)
	in.Reporter = p.StaffNo
	d.Incident = in
	if p.StaffNo == "" {
		return kijun.Errorf(kijun.EINVALID, "職員番号のないアカウントでは報告できません。自分のアカウントでログインしてください")
	}
	if why := reportUnitRefusal(p, in.Unit); why != "" {
		d.Errors[incidents.FieldUnit] = why
	}
	if len(d.Errors) == 0 {
		saved, _, err := s.db.FileIncident(r.Context(), in)
		done, err := formResult(err, d.Errors, &d.Conflict)
		if err != nil {
			return err
		}
		if done {
			s.tellIncident(r, saved.ID)
			http.Redirect(w, r, "/incidents/"+strconv.FormatInt(saved.ID, 10)+"?filed=1", http.StatusSeeOther)
			return nil
		}
	}
	return s.render(w, r, statusOfForm(d.Conflict), "incident_form", s.newPage(w, r, "incidents.new.title", d))
}

// incidentFile loads an incident the signed-in person may see.
func (s *Server) incidentFile(r *http.Request) (store.IncidentFile, error) {
	id, err := incidentID(r)
	if err != nil {
		return store.IncidentFile{}, err
	}
	f, err := s.db.IncidentFile(r.Context(), id)
	if err != nil {
		return f, err
	}
	if !mayReadIncident(currentOf(r).Principal, f) {
		return f, errIncidentHidden
	}
	return f, nil
}

// correctableIncident reads the incident of the request for its
// correction, which only the reporter and the CSIRT may make.
func (s *Server) correctableIncident(r *http.Request) (store.IncidentFile, error) {
	f, err := s.incidentFile(r)
	if err != nil {
		return f, err
	}
	if p := currentOf(r).Principal; !csirt(p) && f.Incident.Reporter != p.StaffNo {
		return f, kijun.Errorf(kijun.EFORBIDDEN, "報告を訂正できるのは報告者と CSIRT です")
	}
	return f, nil
}

// handleIncidentEdit shows the report for correction: the reporter or the
// CSIRT corrects it; the earlier version stays in the history.
func (s *Server) handleIncidentEdit(w http.ResponseWriter, r *http.Request) error {
	f, err := s.correctableIncident(r)
	if err != nil {
		return err
	}
	d := s.incidentForm(r)
	d.Incident = f.Incident
	d.Discovered, d.Occurred = datetimeLocal(f.Incident.DiscoveredAt), datetimeLocal(f.Incident.OccurredAt)
	d.Assets, d.Systems = strings.Join(f.Incident.Leak.AssetIDs, " "), strings.Join(f.Incident.Systems, " ")
	return s.render(w, r, http.StatusOK, "incident_form", s.newPage(w, r, "incidents.edit.title", d))
}

// handleIncidentCorrect saves a correction as a new version.
func (s *Server) handleIncidentCorrect(w http.ResponseWriter, r *http.Request) error {
	f, err := s.correctableIncident(r)
	if err != nil {
		return err
	}
	d := s.incidentForm(r)
	in := incidentFromForm(r, d)
	in.ID, in.Unit, in.Reporter, in.Drill = f.Incident.ID, f.Incident.Unit, f.Incident.Reporter, f.Incident.Drill
	d.Incident, d.Reason = in, strings.TrimSpace(r.FormValue("reason"))
	if d.Reason == "" {
		d.Errors["reason"] = "訂正の理由を入力してください"
	}
	if len(d.Errors) == 0 {
		_, err := s.db.CorrectIncident(r.Context(), in, d.Reason)
		done, err := formResult(err, d.Errors, &d.Conflict)
		if err != nil {
			return err
		}
		if done {
			s.tellIncident(r, in.ID)
			http.Redirect(w, r, "/incidents/"+strconv.FormatInt(in.ID, 10), http.StatusSeeOther)
			return nil
		}
	}
	return s.render(w, r, statusOfForm(d.Conflict), "incident_form", s.newPage(w, r, "incidents.edit.title", d))
}

type incidentPageData struct {
	store.IncidentFile
	CSIRT    bool
	CISO     bool
	Me       string
	Now      time.Time
	CanClose []string
	History  []store.IncidentVersion
	Causes   []incidents.Cause
	Error    string
	// Errors are the wrong fields of the form just sent, keyed by the
	// form's name and the field: "cause.root_cause".
	Errors map[string]string
	Form   string
	Filed  bool
}

// handleIncident shows an incident: its items owed and given, who was told
// and who acknowledged, the reports owed outside, the CSIRT's steps and
// the timeline.
func (s *Server) handleIncident(w http.ResponseWriter, r *http.Request) error {
	f, err := s.incidentFile(r)
	if err != nil {
		return err
	}
	return s.renderIncident(w, r, http.StatusOK, f, "")
}

func (s *Server) renderIncident(w http.ResponseWriter, r *http.Request, status int, f store.IncidentFile, msg string) error {
	return s.renderIncidentForm(w, r, status, f, msg, "", nil)
}

func (s *Server) renderIncidentForm(w http.ResponseWriter, r *http.Request, status int, f store.IncidentFile, msg, form string, errs map[string]string) error {
	p := currentOf(r).Principal
	d := &incidentPageData{IncidentFile: f, CSIRT: csirt(p), Me: p.StaffNo, Now: s.db.Now(), Causes: incidents.Causes(), Error: msg,
		Form: form, Errors: map[string]string{},
		CISO: p.Acts(organisation.RoleCISO, organisation.City()), Filed: r.URL.Query().Get("filed") == "1"}
	for k, v := range errs {
		d.Errors[form+"."+k] = v
	}
	d.CanClose = incidents.CanClose(f.Incident, f.Actions)
	var err error
	if d.History, err = s.db.IncidentHistory(r.Context(), f.Incident.ID); err != nil {
		return err
	}
	pg := s.newPage(w, r, "incidents.title", d)
	pg.Title = "No." + strconv.FormatInt(f.Incident.ID, 10) + " " + f.Incident.Title
	if f.Incident.Drill {
		pg.Title = "【訓練】" + pg.Title
	}
	return s.render(w, r, status, "incident", pg)
}

// tellIncident mails at once the notices an incident's change made (7.3.1):
// the city has minutes to know who must be told. The change stands if the
// mail cannot be queued; the job queue's reminders mail the notices later.
func (s *Server) tellIncident(r *http.Request, id int64) {
	if s.mailer == nil {
		return
	}
	if err := s.mailer.TellIncident(r.Context(), id); err != nil {
		s.log.Warn("mail incident notices", "incident", id, "err", err)
	}
}
