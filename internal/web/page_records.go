package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/records"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

type recordsData struct {
	Records []recordRow
	Entity  string
	ID      string
	Older   int64 // seq to list before for the next page, or 0
	// Form is the search as asked, Query the same without the page, and
	// Kinds the actions a person may pick.
	Form     url.Values
	Query    string
	Kinds    []actionChoice
	Entities []string
	Paged    bool // a page other than the newest is shown
	// NewestHref and OlderHref lead to the first and the next page of
	// the same search.
	NewestHref, OlderHref template.URL
}

// recordRow is a record with the names a reader knows its codes by.
type recordRow struct {
	*records.Record
	ActorName, BehalfName, ActionLabel, EntityName string
}

// actionChoice is an action the search can pick, with its words.
type actionChoice struct{ Action, Label string }

// recordFilter reads the list filter from the query string: the entity
// and its ID, who did it (a staff number, or an actor as the record names
// it), the action (ending in "." for all below it), the days from and to
// (inclusive, in JST), and the page.
func recordFilter(r *http.Request) (store.RecordFilter, error) {
	q := r.URL.Query()
	f := store.RecordFilter{Entity: strings.TrimSpace(q.Get("entity")), EntityID: strings.TrimSpace(q.Get("id")), Limit: 50,
		Actor: strings.TrimSpace(q.Get("actor")), Action: strings.TrimSpace(q.Get("action"))}
	if f.Actor != "" && !strings.Contains(f.Actor, ":") {
		f.Actor = "person:" + f.Actor // a 職員番号, as the picker gives it
	}
	for _, b := range []struct {
		key string
		to  *time.Time
		add int
	}{{"from", &f.From, 0}, {"to", &f.To, 1}} {
		v := strings.TrimSpace(q.Get(b.key))
		if v == "" {
			continue
		}
		d, err := organisation.ParseDate(v)
		if err != nil {
			return f, kijun.Errorf(kijun.EINVALID, "%s の日付 %q は YYYY-MM-DD の形で書いてください", map[string]string{"from": "開始日", "to": "終了日"}[b.key], v)
		}
		*b.to = time.Date(d.Year(), d.Month(), d.Day()+b.add, 0, 0, 0, 0, wareki.JST())
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return f, kijun.Errorf(kijun.EINVALID, "終了日は開始日と同じか後の日にしてください")
	}
	if v := q.Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return f, kijun.Errorf(kijun.EINVALID, "before は 1 以上の整数で指定してください（before must be a positive integer）")
		}
		f.Before = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return f, kijun.Errorf(kijun.EINVALID, "limit は 1 から 500 の整数で指定してください（limit must be 1 to 500）")
		}
		f.Limit = n
	}
	return f, nil
}

// listRecords lists the records the query string asks for, for the page and
// the API alike.
func (s *Server) listRecords(r *http.Request) (store.RecordFilter, []*records.Record, error) {
	f, err := recordFilter(r)
	if err != nil {
		return f, nil, err
	}
	recs, err := s.db.Records(r.Context(), f)
	return f, recs, err
}

// handleRecords lists the ledger, newest first, searched by person,
// action, entity and days (4.4), with names where the records hold codes.
func (s *Server) handleRecords(w http.ResponseWriter, r *http.Request) error {
	f, recs, err := s.listRecords(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	d := recordsData{Entity: f.Entity, ID: f.EntityID, Form: q, Paged: f.Before > 0}
	if len(recs) == f.Limit && recs[len(recs)-1].Seq > 1 {
		d.Older = recs[len(recs)-1].Seq
	}
	page := url.Values{}
	for _, k := range []string{"actor", "action", "entity", "id", "from", "to", "limit"} {
		if v := q.Get(k); v != "" {
			page.Set(k, v)
		}
	}
	d.Query = page.Encode()
	d.NewestHref = template.URL("/records?" + d.Query)
	if d.Older > 0 {
		page.Set("before", strconv.FormatInt(d.Older, 10))
		d.OlderHref = template.URL("/records?" + page.Encode())
	}
	p := s.newPage(w, r, "records.title", &d)
	if d.Records, err = s.recordRows(r, p.Lang, recs); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, k := range store.RecordKinds() {
		if !seen[k.Action] {
			seen[k.Action] = true
			d.Kinds = append(d.Kinds, actionChoice{Action: k.Action, Label: actionLabel(p.Lang, k.Action)})
		}
		if !slices.Contains(d.Entities, k.Entity) {
			d.Entities = append(d.Entities, k.Entity)
		}
	}
	slices.SortFunc(d.Kinds, func(a, b actionChoice) int { return strings.Compare(a.Action, b.Action) })
	slices.Sort(d.Entities)
	return s.render(w, r, http.StatusOK, "records", p)
}

// recordRows names the people and 課 the records hold by number.
func (s *Server) recordRows(r *http.Request, lang string, recs []*records.Record) ([]recordRow, error) {
	var nos []string
	for _, rec := range recs {
		for _, a := range []string{rec.Actor, rec.OnBehalfOf} {
			if no, ok := strings.CutPrefix(a, "person:"); ok {
				nos = append(nos, no)
			}
		}
		if rec.Entity == "person" {
			nos = append(nos, rec.EntityID)
		}
	}
	slices.Sort(nos)
	names, err := s.db.PeopleNames(r.Context(), slices.Compact(nos))
	if err != nil {
		return nil, err
	}
	units := map[string]string{}
	if slices.ContainsFunc(recs, func(rec *records.Record) bool { return rec.Entity == "org_unit" }) {
		us, err := s.db.UnitsOn(r.Context(), organisation.Day(s.db.Now()))
		if err != nil {
			return nil, err
		}
		for _, u := range us {
			units[u.Code] = u.Name
		}
	}
	name := func(actor string) string {
		if no, ok := strings.CutPrefix(actor, "person:"); ok {
			return names[no]
		}
		return ""
	}
	out := make([]recordRow, len(recs))
	for i, rec := range recs {
		out[i] = recordRow{Record: rec, ActorName: name(rec.Actor), BehalfName: name(rec.OnBehalfOf), ActionLabel: actionLabel(lang, rec.Action)}
		switch rec.Entity {
		case "person":
			out[i].EntityName = names[rec.EntityID]
		case "org_unit":
			out[i].EntityName = units[rec.EntityID]
		}
	}
	return out, nil
}

// recordInPath returns the record the path's {seq} names, for the page and
// the API alike.
func (s *Server) recordInPath(r *http.Request) (*records.Record, error) {
	seq, err := strconv.ParseInt(r.PathValue("seq"), 10, 64)
	if err != nil || seq < 1 {
		return nil, kijun.Errorf(kijun.ENOTFOUND, "記録番号 %q はありません（no such record）", r.PathValue("seq"))
	}
	return s.db.RecordBySeq(r.Context(), seq)
}

func (s *Server) handleRecord(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.recordInPath(r)
	if err != nil {
		return err
	}
	p := s.newPage(w, r, "record.title", nil)
	p.Title += " " + strconv.FormatInt(rec.Seq, 10)
	rows, err := s.recordRows(r, p.Lang, []*records.Record{rec})
	if err != nil {
		return err
	}
	p.Data = rows[0]
	return s.render(w, r, http.StatusOK, "record", p)
}
