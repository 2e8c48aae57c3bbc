package web

import "net/http"

// catalogRoutes lists the pages of the standard (the catalog).
func (s *Server) catalogRoutes(mux *http.ServeMux) {}
