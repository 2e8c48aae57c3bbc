package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"kijun/internal/audits"
	"kijun/internal/compliance"
	"kijun/internal/compliance/work"
	"kijun/internal/contractors"
	"kijun/internal/devices"
	"kijun/internal/permits"
	"kijun/internal/store"
)

// constValues reads the values of the constants of type typ declared in
// the Go package in dir, as valueKey prints them: a string constant's
// text, an iota constant's number. A constant it cannot evaluate fails
// the test, so a new kind of declaration is not silently skipped.
func constValues(t *testing.T, dir, typ string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var vals []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			// A spec without type and value repeats the one before (iota).
			var curType ast.Expr
			var curValue ast.Expr
			for iota, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				if vs.Type != nil || len(vs.Values) > 0 {
					curType, curValue = vs.Type, nil
					if len(vs.Values) > 0 {
						curValue = vs.Values[0]
					}
				}
				if id, ok := curType.(*ast.Ident); !ok || id.Name != typ {
					continue
				}
				switch v := curValue.(type) {
				case *ast.BasicLit:
					if v.Kind != token.STRING {
						t.Fatalf("%s: constant %s of %s is not a string", name, vs.Names[0], typ)
					}
					s, err := strconv.Unquote(v.Value)
					if err != nil {
						t.Fatal(err)
					}
					vals = append(vals, s)
				case *ast.Ident:
					if v.Name != "iota" {
						t.Fatalf("%s: constant %s of %s is %s", name, vs.Names[0], typ, v.Name)
					}
					vals = append(vals, strconv.Itoa(iota))
				default:
					t.Fatalf("%s: cannot read constant %s of %s", name, vs.Names[0], typ)
				}
			}
		}
	}
	return vals
}

// Every state and severity the pages show has an English name, read
// from the constants its package declares: a state added later without
// one fails here rather than showing Japanese on an English page.
func TestStateValuesHaveEnglish(t *testing.T) {
	m := messages()
	needNames(t, m, []valueType{
		{"../permits", "permits", "State"},
		{"../compliance", "compliance", "Severity"},
		{"../compliance/work", "work", "State"},
		{"../corrective", "corrective", "State"},
		{"../incidents", "incidents", "Severity"},
		{"../incidents", "incidents", "Status"},
		{"../incidents", "incidents", "ActionState"},
		{"../contractors", "contractors", "State"},
		{"../contractors", "contractors", "LinkState"},
		{"../audits", "audits", "Severity"},
		{"../audits", "audits", "PlanState"},
		{"../audits", "audits", "State"},
		{"../idcards", "idcards", "State"},
		{"../stocktake", "stocktake", "State"},
		{"../devices", "devices", "State"},
		{"../training", "training", "PlanState"},
		{"../operations", "operations", "ChangeState"},
	})
	// The packages' own lists name the same keys as their constants.
	var listed []interface{ Label() string }
	listed = appendLabelled(listed, compliance.Severities())
	listed = appendLabelled(listed, work.States())
	listed = appendLabelled(listed, contractors.States())
	listed = appendLabelled(listed, contractors.LinkStates())
	listed = appendLabelled(listed, audits.Severities())
	for _, c := range devices.States() {
		listed = append(listed, devices.State(c.Value))
	}
	needListedNames(t, m, listed)
}

// valueType is a type of a Kijun package whose values the pages show
// through L: the package's folder, name and the type's name.
type valueType struct{ dir, pkg, typ string }

// needNames fails for each constant of each type that has no Japanese or
// no English name, and for a type whose constants it cannot find.
func needNames(t *testing.T, m map[string]map[string]string, types []valueType) {
	t.Helper()
	for _, tt := range types {
		vals := constValues(t, tt.dir, tt.typ)
		if len(vals) < 2 {
			t.Errorf("%s.%s: found %d constants, want the type's values", tt.pkg, tt.typ, len(vals))
		}
		for _, v := range vals {
			key := "value." + tt.pkg + "." + tt.typ + "." + v
			if m[langEN][key] == "" {
				t.Errorf("%s.%s %q has no English name (%s)", tt.pkg, tt.typ, v, key)
			}
			if m[langJA][key] == "" {
				t.Errorf("%s.%s %q has no Japanese name (%s)", tt.pkg, tt.typ, v, key)
			}
		}
	}
}

// needListedNames fails for each value of a package's own lists that has
// no English name, or a Japanese name other than its Label.
func needListedNames(t *testing.T, m map[string]map[string]string, listed []interface{ Label() string }) {
	t.Helper()
	for _, v := range listed {
		if m[langEN][valueKey(v)] == "" {
			t.Errorf("%T %v has no English name", v, v)
		}
		if got := m[langJA][valueKey(v)]; got != v.Label() {
			t.Errorf("%T %v: Japanese name %q, want its Label %q", v, v, got, v.Label())
		}
	}
}

// appendLabelled appends a package's list of values to listed.
func appendLabelled[T interface{ Label() string }](listed []interface{ Label() string }, vs []T) []interface{ Label() string } {
	for _, v := range vs {
		listed = append(listed, v)
	}
	return listed
}

// The home page names the requests' states and the findings' severity
// and work in the page's language: 申請中 in Japanese, Submitted in
// English, never the Japanese on the English page.
func TestHomeStatesInEnglish(t *testing.T) {
	_, db := newTestServer(t)
	s, _ := newServer(t, db)
	carry := s.permits.Registry().Type("carry")
	if carry == nil {
		t.Fatal("the request type carry is not declared")
	}
	submitted := homeRequest{Request: permits.Request{ID: 7, Type: "carry", State: permits.StateSubmitted}, TypeName: carry.Name, PermitType: carry}
	approved := homeRequest{Request: permits.Request{ID: 8, Type: "carry", State: permits.StateApproved}, TypeName: carry.Name, PermitType: carry}
	var f store.StoredFinding
	f.Rule, f.Subject, f.SubjectName, f.Message = "r1", "A", "住民記録システム", "暗号化されていません"
	f.Severity, f.Work.State = compliance.SeverityHigh, work.StateFixed
	d := &homeData{Links: map[string]bool{}, Mine: []homeRequest{submitted}, ToRecord: []homeRequest{approved}, Owned: []store.StoredFinding{f}}
	for _, tt := range []struct {
		lang      string
		want, not []string
	}{
		{"ja", []string{"— 申請中", "— 承認済み（記録待ち）", "（高・是正済み（再点検待ち）・"}, []string{"Submitted", "awaiting"}},
		{"en", []string{"— Submitted", "— Approved (awaiting its record)", "（High・Fixed (awaiting re-inspection)・"}, []string{"申請中", "承認済み", "（高・", "是正済み"}},
	} {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "/?lang="+tt.lang, nil)
		if err := s.render(w, r, http.StatusOK, "home", s.newPage(w, r, "home.title", d)); err != nil {
			t.Fatal(err)
		}
		body := w.Body.String()
		for _, x := range tt.want {
			if !strings.Contains(body, x) {
				t.Errorf("%s: the home page lacks %q", tt.lang, x)
			}
		}
		for _, x := range tt.not {
			if strings.Contains(body, x) {
				t.Errorf("%s: the home page says %q", tt.lang, x)
			}
		}
	}
}
