package web

import (
	"net/http"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// organisationOperations are the JSON API of chapter 3: the organisation,
// its people and who holds each role.
func (s *Server) organisationOperations() []operation {
	date := param{Name: "date", In: "query", Type: "string", Description: "as of this day, YYYY-MM-DD (default: today in JST)"}
	return []operation{
		{
			Method: "GET", Path: "/api/v1/org/units", ID: "listUnits",
			Summary: "The organisation units in force on a day (3.1)", Params: []param{date},
			Response: "UnitList", Handler: s.apiUnits,
		},
		{
			Method: "GET", Path: "/api/v1/org/units/{code}", ID: "getUnit",
			Summary:  "One unit and the people assigned to it on a day",
			Params:   []param{{Name: "code", In: "path", Type: "string", Description: "unit code", Required: true}, date},
			Response: "UnitDetail", Handler: s.apiUnit,
		},
		{
			Method: "GET", Path: "/api/v1/org/people", ID: "searchPeople",
			Summary:  "People by staff number, or by part of their name in kanji or kana",
			Params:   []param{{Name: "q", In: "query", Type: "string", Description: "staff number or part of a name", Required: true}, date},
			Response: "PersonList", Handler: s.apiPeople,
		},
		{
			Method: "GET", Path: "/api/v1/org/people/{no}", ID: "getPerson",
			Summary:  "One person (職員等) and their assignments over time",
			Params:   []param{{Name: "no", In: "path", Type: "string", Description: "staff number", Required: true}},
			Response: "PersonDetail", Handler: s.apiPerson,
		},
		{
			Method: "GET", Path: "/api/v1/org/roles/{role}/holder", ID: "getRoleHolder",
			Summary: "Who holds a role of 3.1 for a scope on a day, and on what basis",
			Params: []param{
				{Name: "role", In: "path", Type: "string", Description: "role, such as ciso or info_manager", Required: true},
				{Name: "scope", In: "query", Type: "string", Description: "city, unit:CODE or system:ID (default city)"},
				date,
			},
			Response: "Holder", Handler: s.apiRoleHolder,
		},
	}
}

// apiDate reads ?date= strictly: a script that sends a bad date is told so.
func (s *Server) apiDate(r *http.Request) (time.Time, error) {
	raw := strings.TrimSpace(r.URL.Query().Get("date"))
	if raw == "" {
		return organisation.Day(s.db.Now()), nil
	}
	return organisation.ParseDate(raw)
}

func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request) error {
	d, err := s.apiDate(r)
	if err != nil {
		return err
	}
	units, err := s.db.UnitsOn(r.Context(), d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"date": organisation.FormatDate(d), "units": nonNil(units)})
	return nil
}

func (s *Server) apiUnit(w http.ResponseWriter, r *http.Request) error {
	d, err := s.apiDate(r)
	if err != nil {
		return err
	}
	u, err := s.db.Unit(r.Context(), r.PathValue("code"), d)
	if err != nil {
		return err
	}
	members, err := s.db.Members(r.Context(), u.Code, d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"date": organisation.FormatDate(d), "unit": u, "members": nonNil(members)})
	return nil
}

func (s *Server) apiPeople(w http.ResponseWriter, r *http.Request) error {
	d, err := s.apiDate(r)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		return kijun.Errorf(kijun.EINVALID, "q を指定してください（q is required）")
	}
	hits, err := s.db.SearchPeople(r.Context(), q, d, 100)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"people": nonNil(hits)})
	return nil
}

func (s *Server) apiPerson(w http.ResponseWriter, r *http.Request) error {
	p, err := s.db.Person(r.Context(), r.PathValue("no"))
	if err != nil {
		return err
	}
	as, err := s.db.Assignments(r.Context(), p.StaffNo)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"person": p, "assignments": nonNil(as)})
	return nil
}

func (s *Server) apiRoleHolder(w http.ResponseWriter, r *http.Request) error {
	d, err := s.apiDate(r)
	if err != nil {
		return err
	}
	scope := organisation.City()
	if raw := r.URL.Query().Get("scope"); raw != "" && raw != "city" {
		scope = organisation.ParseScope(raw)
		if scope.ID == "" || (scope.Kind != organisation.ScopeUnit && scope.Kind != organisation.ScopeSystem) {
			return kijun.Errorf(kijun.EINVALID, "scope は city、unit:組織コード、system:システムID のいずれかです（scope is city, unit:CODE or system:ID）")
		}
	}
	h, err := s.db.HolderOf(r.Context(), organisation.Role(r.PathValue("role")), scope, d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h)
	return nil
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
