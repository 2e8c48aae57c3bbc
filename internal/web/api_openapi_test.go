package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// openAPIRouters holds each test server's OpenAPI document, loaded and
// checked once, by the server's URL.
var openAPIRouters sync.Map

// openAPIDocs holds every operation ID of the documents loaded, and
// openAPIChecked those an exchange was validated against (see
// TestMain's openAPICoverage).
var openAPIDocs, openAPIChecked sync.Map

func openAPIRouter(base string) (routers.Router, error) {
	if r, ok := openAPIRouters.Load(base); ok {
		return r.(routers.Router), nil
	}
	resp, err := http.Get(base + "/api/v1/openapi.json")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	doc, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, err
	}
	doc.Servers = openapi3.Servers{{URL: base}}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			openAPIDocs.Store(op.OperationID, true)
		}
	}
	r, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	openAPIRouters.Store(base, r)
	return r, nil
}

// checkAgainstOpenAPI validates one exchange the API tests made against
// the document (see openAPIDrift).
func checkAgainstOpenAPI(t *testing.T, base string, x exchange) {
	t.Helper()
	if err := openAPIDrift(base, x); err != nil {
		t.Errorf("%s %s answered %d: %v\n%.400s", x.req.Method, x.req.URL.Path, x.status, err, x.answer)
	}
}

// openAPIDrift says how an exchange breaks the document: the answer
// always (a problem too is documented), and the request when the answer
// was a success (a refused request is often refused because it breaks the
// document, which is the test's point).
func openAPIDrift(base string, x exchange) error {
	router, err := openAPIRouter(base)
	if err != nil {
		return fmt.Errorf("the OpenAPI document does not load: %w", err)
	}
	req := x.req.Clone(context.Background())
	req.Body = io.NopCloser(bytes.NewReader(x.body))
	route, params, err := router.FindRoute(req)
	if err != nil {
		return fmt.Errorf("not in the OpenAPI document: %w", err)
	}
	openAPIChecked.Store(route.Operation.OperationID, true)
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if x.status < 300 {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			return fmt.Errorf("the request breaks the document: %w", err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: x.status, Header: x.header,
		Body: io.NopCloser(bytes.NewReader(x.answer)), Options: opts}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		return fmt.Errorf("the answer breaks the document: %w", err)
	}
	return nil
}

// The check catches drift: an answer without a field the document
// requires, a problem without its status, and a request body with a field
// the document does not have.
func TestOpenAPICheckCatchesDrift(t *testing.T) {
	ts, _ := newTestServer(t)
	mk := func(method, path, body string) *http.Request {
		r, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
		if body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
		return r
	}
	jsonHeader := http.Header{"Content-Type": {"application/json"}}
	problemHeader := http.Header{"Content-Type": {"application/problem+json"}}
	for _, tt := range []struct {
		name string
		x    exchange
		ok   bool
	}{
		{"a good event page", exchange{req: mk("GET", "/api/v1/events?after=0", ""), status: 200, header: jsonHeader, answer: []byte(`{"events":[],"next":0,"prev_hash":"00"}`)}, true},
		{"an event page without next", exchange{req: mk("GET", "/api/v1/events", ""), status: 200, header: jsonHeader, answer: []byte(`{"events":[]}`)}, false},
		{"a problem without status", exchange{req: mk("GET", "/api/v1/events", ""), status: 400, header: problemHeader, answer: []byte(`{"type":"x","title":"x","detail":"x","code":"invalid"}`)}, false},
		{"a filing with an unknown field", exchange{req: mk("POST", "/api/v1/permits", `{"type":"carry","colour":"red"}`), body: []byte(`{"type":"carry","colour":"red"}`),
			status: 201, header: jsonHeader, answer: []byte(`{}`)}, false},
	} {
		if err := openAPIDrift(ts.URL, tt.x); (err == nil) != tt.ok {
			t.Errorf("%s: %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

// The browsable page of the document lists every operation, with no
// script and nothing from another site.
func TestAPIDocsPage(t *testing.T) {
	ts, db := newTestServer(t)
	s, _ := newServer(t, db)
	resp, body := get(t, ts.URL+"/api/docs")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("/api/docs: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, op := range s.apiOperations() {
		if !strings.Contains(body, `id="`+op.ID+`"`) {
			t.Errorf("the page lacks %s (%s %s)", op.ID, op.Method, op.Path)
		}
	}
	if strings.Contains(body, "<script") || strings.Contains(body, "https://") {
		t.Error("the page loads a script or something from another site")
	}
}
