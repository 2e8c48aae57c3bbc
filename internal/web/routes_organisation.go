package web

import "net/http"

// organisationRoutes lists the pages of chapter 3: the organisation, its
// people and the roles they hold.
func (s *Server) organisationRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /org", s.html(s.handleOrgTree))
	mux.HandleFunc("GET /org/units/{code}", s.html(s.handleOrgUnit))
	mux.HandleFunc("GET /org/people/{no}", s.html(s.handleOrgPerson))
	mux.HandleFunc("GET /org/roles", s.html(s.handleOrgRoles))
	mux.HandleFunc("GET /org/search", s.html(s.handleOrgSearch))
	mux.HandleFunc("GET /org/import", s.html(s.handleOrgImportForm))
	mux.HandleFunc("POST /org/import", s.html(s.handleOrgImport))
	mux.HandleFunc("GET /org/import/template.xlsx", s.html(s.handleOrgTemplate))
}
