package web

import (
	"io/fs"
	"net/http"
)

// routes lists every route Kijun serves.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()

	static, _ := fs.Sub(assets, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /healthz", s.handleHealthz)
	mux.Handle("GET /metrics", s.metricsHandler())

	// Pages.
	mux.HandleFunc("GET /{$}", s.html(s.handleHome))
	mux.HandleFunc("GET /records", s.html(s.handleRecords))
	mux.HandleFunc("GET /records/{seq}", s.html(s.handleRecord))

	// The standard itself, as data: every chapter points here.
	mux.HandleFunc("GET /standard", s.html(s.handleStandard))
	mux.HandleFunc("GET /catalog", s.html(s.handleCatalogs))
	mux.HandleFunc("GET /catalog/search", s.html(s.handleCatalogSearch))
	mux.HandleFunc("GET /catalog/{key}/{edition}", s.html(s.handleCatalog))
	mux.HandleFunc("GET /catalog/{key}/{edition}/p/{pid}", s.html(s.handleProvision))
	mux.HandleFunc("GET /catalog/{key}/{edition}/oscal.json", s.html(s.handleCatalogOSCAL))
	mux.HandleFunc("GET /catalog/{key}/{edition}/catalog.xlsx", s.html(s.handleCatalogXLSX))

	// Chapter 3: the organisation, its people and the roles they hold.
	mux.HandleFunc("GET /org", s.html(s.handleOrgTree))
	mux.HandleFunc("GET /org/units/{code}", s.html(s.handleOrgUnit))
	mux.HandleFunc("GET /org/people/{no}", s.html(s.handleOrgPerson))
	mux.HandleFunc("GET /org/roles", s.html(s.handleOrgRoles))
	mux.HandleFunc("GET /org/search", s.html(s.handleOrgSearch))
	mux.HandleFunc("GET /org/import", s.html(s.handleOrgImportForm))
	mux.HandleFunc("POST /org/import", s.html(s.handleOrgImport))
	mux.HandleFunc("GET /org/import/template.xlsx", s.html(s.handleOrgTemplate))

	// JSON API: each route is declared once, with what the OpenAPI document says of it.
	for _, op := range s.apiOperations() {
		mux.HandleFunc(op.Method+" "+op.Path, s.api(op.Handler))
	}
	mux.HandleFunc("GET /api/v1/openapi.json", s.handleOpenAPI)
	mux.HandleFunc("/api/", s.api(apiNotFound))

	mux.HandleFunc("/", s.html(pageNotFound))
	// Refuse state-changing requests sent from other sites (CSRF), by the
	// browser's Sec-Fetch-Site and Origin headers.
	csrf := http.NewCrossOriginProtection()
	return s.observe(securityHeaders(csrf.Handler(mux)))
}
