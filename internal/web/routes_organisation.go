package web

import "net/http"

// organisationRoutes lists the pages of chapter 3: the organisation, its
// people and the roles they hold.
func (s *Server) organisationRoutes(mux *http.ServeMux) {}
