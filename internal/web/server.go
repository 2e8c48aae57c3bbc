// Package web is Kijun's HTTP adapter: HTML pages (Japanese first, English
// second) and the JSON API under /api/v1/, over the same store. Every route is
// listed in routes.go.
package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"kijun/internal/appointments"
	"log/slog"
	"maps"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"kijun/internal/access"
	"kijun/internal/assets"
	"kijun/internal/compliance/monitor"
	"kijun/internal/devices"
	"kijun/internal/jobs"
	"kijun/internal/kijun"
	"kijun/internal/notify"
	"kijun/internal/permits"
	"kijun/internal/records"
	"kijun/internal/registers"
	"kijun/internal/soa"
	"kijun/internal/store"
	"kijun/internal/systems"
	"kijun/internal/wareki"
)

//go:embed templates static
var webFiles embed.FS

// Config holds what the server needs; every dependency is passed in.
type Config struct {
	DB      *store.DB
	Access  *access.Service
	Logger  *slog.Logger
	Version string
	// Secure marks cookies Secure and __Host-: set it when Kijun is reached
	// over HTTPS, directly or through a proxy.
	Secure bool
	// ClientIPHeader, when set, names the header a reverse proxy writes the
	// client's address into, such as X-Forwarded-For or X-Real-IP; the last
	// address in it is taken (clientAddr). Unset, the connection's address.
	ClientIPHeader string
	// TrustedProxies, when set, are the only peers whose ClientIPHeader
	// is believed; from any other the connection's address stands.
	TrustedProxies []netip.Prefix
	// Mailer, when set, mails at once what a change makes someone owe,
	// such as the notices of an incident just reported (7.3.1); without
	// it, the job queue's reminders mail them later.
	Mailer *notify.Notifier
	// Monitor, when set, is the server's monitor, shared with the job
	// queue's nightly check; without it the server makes its own.
	Monitor *monitor.Monitor
	// Jobs, when set, is the job queue the work of uploaded imports is
	// queued on (worked by ImportJobs); without it the work runs on a
	// goroutine of this process.
	Jobs *jobs.Scheduler
	// JobSupports are the provisions the process's periodic jobs serve,
	// for the statement of applicability; none when it runs no jobs.
	JobSupports []soa.Support
}

// Server serves Kijun over HTTP.
type Server struct {
	db     *store.DB
	access *access.Service
	secure bool
	// clientIPHeader names the proxy's header of the client's address.
	clientIPHeader string
	trustedProxies []netip.Prefix
	log            *slog.Logger
	version        string
	pages          map[string]*template.Template
	msgs           map[string]map[string]string
	metrics        *metrics
	registry       *prometheus.Registry
	// metricsHTTP serves the registry to operators.
	metricsHTTP http.Handler
	handler     http.Handler
	// The registers of chapter 6.
	devices *registerPages[devices.Device]
	media   *registerPages[devices.Medium]
	areas   *registerPages[devices.Area]
	// monitor checks the registers against the standard (9.2.1).
	monitor *monitor.Monitor
	mailer  *notify.Notifier
	// permits keeps the requests for permission and approval.
	permits *store.Permits
	// jobSupports are Config.JobSupports.
	jobSupports []soa.Support
	// appoint makes and ends the appointments of 3.1.
	appoint *appointments.Service
	// registers writes the registers of chapters 4 to 6, each write
	// through its gate (8.2.1ア).
	registers *registers.Service
	// imports runs the work of uploaded register files.
	imports importRunner
	// jobs is Config.Jobs.
	jobs *jobs.Scheduler
	// uploadLimits are the largest file each register's import page
	// takes, by its address.
	uploadLimits map[string]int
	// links applies the routes' rules to a path, for the links a page
	// offers (mayOpen).
	links *http.ServeMux
}

// New parses the templates (a broken template stops the start, not a request)
// and builds the routes.
func New(cfg Config) (*Server, error) {
	if cfg.Access == nil {
		return nil, fmt.Errorf("web: no access service")
	}
	s := &Server{db: cfg.DB, access: cfg.Access, secure: cfg.Secure, clientIPHeader: cfg.ClientIPHeader, trustedProxies: cfg.TrustedProxies, log: cfg.Logger, version: cfg.Version, msgs: messages(),
		devices: devicePages(), media: mediumPages(), areas: areaPages(), monitor: cfg.Monitor, mailer: cfg.Mailer, jobSupports: cfg.JobSupports, jobs: cfg.Jobs,
		registers: registers.New(cfg.DB)}
	if s.monitor == nil {
		s.monitor = monitor.New(cfg.DB)
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	reg, err := permits.Default()
	if err != nil {
		return nil, err
	}
	s.permits = s.db.Permits(reg)
	s.appoint = appointments.New(s.db, reg)
	s.uploadLimits = map[string]int{}
	for path, si := range s.sheetImports() {
		s.uploadLimits[path] = si.maxSize
	}
	if s.mailer != nil {
		// Each step mails those who must act next, in its own transaction.
		s.mailer.TellPermits(s.permits)
	}
	s.registry = prometheus.NewRegistry()
	s.metrics = newMetrics(s.registry, s.db)
	s.metricsHTTP = promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{})
	s.handler = s.routes()
	s.links = s.linkRules()
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func (s *Server) parseTemplates() error {
	funcs := template.FuncMap{
		"join":        strings.Join,
		"subjectLink": subjectLink,
		"findingLink": findingLink,
		"add": func(ns ...int) int {
			t := 0
			for _, n := range ns {
				t += n
			}
			return t
		},
		"paragraphs":  paragraphs,
		"catalogPath": catalogPath,
		"hasPrefix":   strings.HasPrefix,
		"field":       newFieldArgs,
		"orgfile":     newOrgFile,
		"tfield":      newTextField,
		"pfield":      newPickField,  // an ID with a picker
		"pmfield":     newPicksField, // several IDs with a picker
		"pickable":    pickable,
		"lfield":      newLevelField,
		"cfield":      newCheckField,
		"sortArgs":    newSortArgs,
		"history":     newHistory,
		"ints":        ints,
		"hostings":    systems.HostingLabels,
		"summaries":   newSummaries,
		"leakStates":  leakStates,
		// deviceState makes a drop-down's devices.Choice value a State, so
		// page.L can name it in the page's language.
		"deviceState": func(v string) devices.State { return devices.State(v) },
		"regKind":     registerKind,
		"age":         age,
		"itemValue":   itemValue,
		"madeReport":  madeReport,
		"nextState":   nextState,
		"severities":  severities,
		"duration":    humanDuration,
		"bytes":       evidenceBytes,
		"number":      groupDigits,
		"yesno": func(p *page, b bool) string {
			if b {
				return p.T("systems.yes")
			}
			return p.T("systems.no")
		},
	}
	maps.Copy(funcs, operationsFuncs()) // chapter 8's operations records
	maps.Copy(funcs, checklistFuncs())  // 8.3.1 to 8.3.5: a system's checklists
	// Every page gets the layout and the partials shared between pages.
	layout, err := template.New("layout").Funcs(funcs).ParseFS(webFiles, "templates/layout.html", "templates/partial_*.html")
	if err != nil {
		return fmt.Errorf("parse layout template: %w", err)
	}
	files, err := fs.Glob(webFiles, "templates/page_*.html")
	if err != nil {
		return fmt.Errorf("list templates: %w", err)
	}
	s.pages = make(map[string]*template.Template, len(files))
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/page_"), ".html")
		t, err := template.Must(layout.Clone()).ParseFS(webFiles, f)
		if err != nil {
			return fmt.Errorf("parse template %s: %w", f, err)
		}
		s.pages[name] = t
	}
	return nil
}

// fieldArgs are what a form field's template needs.
type fieldArgs struct {
	Page              *page
	Name, Auto, Error string
}

func newFieldArgs(p *page, name, auto, err string) fieldArgs {
	return fieldArgs{Page: p, Name: name, Auto: auto, Error: err}
}

// textField is what a text field's template needs.
type textField struct {
	Page                      *page
	Name, Value, Error, Label string
	// Suggest names what the field's picker looks up (suggestKinds),
	// and Multi says the field takes several IDs; see static/picker.js.
	Suggest string
	Multi   bool
}

func newTextField(p *page, name, value, err, label string) textField {
	return textField{Page: p, Name: name, Value: value, Error: err, Label: label}
}

// newPickField is a text field for the ID of something Kijun knows, with
// a picker of kind; newPicksField takes several IDs.
func newPickField(p *page, name, value, err, label, kind string) textField {
	return textField{Page: p, Name: name, Value: value, Error: err, Label: label, Suggest: kind}
}

func newPicksField(p *page, name, value, err, label, kind string) textField {
	return textField{Page: p, Name: name, Value: value, Error: err, Label: label, Suggest: kind, Multi: true}
}

// checkField is what a checkbox's template needs.
type checkField struct {
	Name, Value, Error, Label string
}

func newCheckField(name string, on bool, err, label string) checkField {
	return checkField{Name: name, Value: fmt.Sprint(on), Error: err, Label: label}
}

// levelField is what a classification field's template needs: the class
// on its scale and the reason for it.
type levelField struct {
	Page                *page
	Name, Value, Reason string
	Scale               assets.Scale
	Error, ReasonError  string
}

func newLevelField(p *page, name, value, reason string, scale assets.Scale, errs map[string]string) levelField {
	return levelField{Page: p, Name: name, Value: value, Reason: reason, Scale: scale, Error: errs[name], ReasonError: errs[name+"_reason"]}
}

// historyTable is an item's records in the ledger, for the "history"
// partial every register's page shares.
type historyTable struct {
	Page    *page
	Caption string // the message key of the table's caption
	Records []*records.Record
}

func newHistory(p *page, caption string, recs []*records.Record) historyTable {
	return historyTable{Page: p, Caption: caption, Records: recs}
}

// sortHead is a sortable column heading: its link sorts by Key, or
// reverses the order when the list is already sorted by it.
type sortHead struct {
	Page                *page
	Key, Label, Current string
	Desc                bool
	Href                string
}

func newSortArgs(p *page, key, label string) sortHead {
	q := url.Values{}
	for k, vs := range p.query {
		q[k] = vs
	}
	h := sortHead{Page: p, Key: key, Label: label, Current: q.Get("sort"), Desc: q.Get("desc") == "1"}
	if h.Current == "" {
		h.Current = "id"
	}
	q.Del("offset")
	q.Set("sort", key)
	q.Del("desc")
	if h.Current == key && !h.Desc {
		q.Set("desc", "1")
	}
	h.Href = p.Path + "?" + q.Encode()
	return h
}

func ints(from, to int) []int {
	var out []int
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

// page is what every template gets: the language and its helpers, and the
// page's own data.
type page struct {
	Lang    string
	Title   string
	Path    string
	Version string
	Now     time.Time
	Data    any
	// User is who is signed in, or nil.
	User *access.Current
	// CSRF is the token every form of the page carries.
	CSRF  string
	query url.Values
	msgs  map[string]string
	ja    map[string]string
	// may answers whether the person may open a path (Server.mayOpen).
	may func(path string) bool
}

// T returns the message for key in the page's language.
func (p *page) T(key string) string {
	if m, ok := p.msgs[key]; ok {
		return m
	}
	if m, ok := p.ja[key]; ok {
		return m
	}
	return key
}

// Date shows t as a date the reader expects (和暦 in Japanese).
func (p *page) Date(t time.Time) string { return formatDate(p.Lang, t) }

// DateTime shows t as a date and time in JST.
func (p *page) DateTime(t time.Time) string { return formatDateTime(p.Lang, t) }

// FiscalYear shows t's fiscal year (年度).
func (p *page) FiscalYear(t time.Time) string {
	if p.Lang == langEN {
		return fmt.Sprintf("FY%d (%s)", wareki.FiscalYear(t), wareki.FiscalYearName(t))
	}
	return wareki.FiscalYearName(t)
}

// Query returns a value of the page's query string.
func (p *page) Query(key string) string { return p.query.Get(key) }

// OtherLang returns the language the switch link leads to.
func (p *page) OtherLang() string {
	if p.Lang == langEN {
		return langJA
	}
	return langEN
}

func (s *Server) newPage(w http.ResponseWriter, r *http.Request, titleKey string, data any) *page {
	lang := requestLang(w, r)
	p := &page{Lang: lang, Path: r.URL.Path, Version: s.version, Now: s.db.Now(), Data: data, msgs: s.msgs[lang], ja: s.msgs[langJA], query: r.URL.Query()}
	if cur := currentOf(r); cur != nil {
		p.User, p.CSRF = cur, cur.Session.CSRF
	}
	p.may = func(path string) bool { return s.mayOpen(r, path) }
	p.Title = p.T(titleKey)
	return p
}

// render writes a page. Templates are executed into a buffer first so that a
// failure becomes an error page, not half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) error {
	t, ok := s.pages[name]
	if !ok {
		return fmt.Errorf("no template %q", name)
	}
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, "layout", p); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write([]byte(b.String()))
	return err
}

// handler is an HTML handler that returns its error instead of writing it.
type handler func(w http.ResponseWriter, r *http.Request) error

// html adapts a handler: an error becomes an error page in the reader's
// language, with a status from its kind; internals are logged, not shown.
func (s *Server) html(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		status := statusOf(err)
		if started(w) {
			s.log.Warn("error after the response began", "method", r.Method, "path", r.URL.Path, "err", err)
			return
		}
		s.logError(r, status, err)
		p := s.newPage(w, r, "error.title", nil)
		msg := kijun.ErrorMessage(err)
		switch kijun.ErrorCode(err) {
		case kijun.EINTERNAL, kijun.EUNAVAILABLE:
			msg = p.T("error.internal")
		}
		p.Data = msg
		if rerr := s.render(w, r, status, "error", p); rerr != nil {
			http.Error(w, msg, status)
		}
	}
}

// api adapts a JSON handler: an error becomes an RFC 9457 problem
// document (application/problem+json).
func (s *Server) api(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		status := problemStatus(err)
		if started(w) {
			s.log.Warn("error after the response began", "method", r.Method, "path", r.URL.Path, "err", err)
			return
		}
		s.logError(r, status, err)
		writeProblem(w, r, err)
	}
}

// started reports whether w's response has already begun.
func started(w http.ResponseWriter) bool {
	sw, ok := w.(interface{ Started() bool })
	return ok && sw.Started()
}

func (s *Server) logError(r *http.Request, status int, err error) {
	if status >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "status", status, "err", err)
	}
}

func statusOf(err error) int {
	switch kijun.ErrorCode(err) {
	case kijun.EINVALID:
		return http.StatusBadRequest
	case kijun.ENOTFOUND:
		return http.StatusNotFound
	case kijun.ECONFLICT:
		return http.StatusConflict
	case kijun.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case kijun.EFORBIDDEN:
		return http.StatusForbidden
	case kijun.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	writeJSONType(w, status, "application/json; charset=utf-8", v)
}

// writeJSONType writes v as JSON with the content type given.
func writeJSONType(w http.ResponseWriter, status int, contentType string, v any) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// groupDigits writes n with a comma every three digits (10,000), as both
// Japanese and English pages write counts.
func groupDigits(n int) string { return digitPrinter.Sprint(n) }

// digitPrinter groups digits as Japanese writes them (x/text/message).
var digitPrinter = message.NewPrinter(language.Japanese)
