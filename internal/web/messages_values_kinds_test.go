package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"kijun/internal/assets"
	"kijun/internal/audits"
	"kijun/internal/compliance"
	"kijun/internal/contractors"
	"kijun/internal/corrective"
	"kijun/internal/devices"
	"kijun/internal/incidents"
	"kijun/internal/organisation"
	"kijun/internal/review"
	"kijun/internal/soa"
	"kijun/internal/stocktake"
	"kijun/internal/training"
)

// Every kind, outcome and mark the pages show beside a record has an
// English name, read from the constants its package declares, as
// TestStateValuesHaveEnglish does for the states.
func TestKindValuesHaveEnglish(t *testing.T) {
	m := messages()
	needNames(t, m, []valueType{
		{"../assets", "assets", "Kind"},
		{"../assets", "assets", "Stage"},
		{"../incidents", "incidents", "Kind"},
		{"../incidents", "incidents", "LeakState"},
		{"../incidents", "incidents", "Cause"},
		{"../incidents", "incidents", "ActionKind"},
		{"../devices", "devices", "DeviceKind"},
		{"../devices", "devices", "MediumKind"},
		{"../devices", "devices", "AreaKind"},
		{"../contractors", "contractors", "CertKind"},
		{"../contractors", "contractors", "ServiceKind"},
		{"../contractors", "contractors", "CheckKind"},
		{"../contractors", "contractors", "CheckResult"},
		{"../contractors", "contractors", "Outcome"},
		{"../training", "training", "Mode"},
		{"../training", "training", "Audience"},
		{"../training", "training", "Source"},
		{"../operations", "operations", "Outcome"},
		{"../operations", "operations", "Audience"},
		{"../stocktake", "stocktake", "Kind"},
		{"../stocktake", "stocktake", "Mark"},
		{"../organisation", "organisation", "Role"},
		{"../corrective", "corrective", "SourceKind"},
		{"../audits", "audits", "Register"},
		{"../soa", "soa", "Kind"},
		{"../compliance", "compliance", "Kind"},
		{"../review", "review", "Decision"},
		{"../permits", "permits", "Action"},
		{"../idcards", "idcards", "Kind"},
		{"../systems", "systems", "Channel"},
		{"../systems", "systems", "Sanitisation"},
		{"../operations", "operations", "Verdict"},
		{"../incidents", "incidents", "Body"},
		{"../incidents", "incidents", "Stage"},
	})
	// The packages' own lists, which the forms offer, name the same keys.
	var listed []interface{ Label() string }
	for _, s := range assets.KindSpecs() {
		listed = append(listed, s.Kind)
	}
	for _, s := range assets.StageSpecs() {
		listed = append(listed, s.Stage)
	}
	listed = appendLabelled(listed, incidents.Kinds())
	listed = appendLabelled(listed, incidents.Causes())
	for _, c := range devices.DeviceKinds() {
		listed = append(listed, devices.DeviceKind(c.Value))
	}
	for _, c := range devices.MediumKinds() {
		listed = append(listed, devices.MediumKind(c.Value))
	}
	for _, c := range devices.AreaKinds() {
		listed = append(listed, devices.AreaKind(c.Value))
	}
	listed = appendLabelled(listed, contractors.CertKinds())
	listed = appendLabelled(listed, contractors.ServiceKinds())
	listed = appendLabelled(listed, contractors.CheckKinds())
	listed = appendLabelled(listed, contractors.Outcomes())
	listed = appendLabelled(listed, training.Modes())
	listed = appendLabelled(listed, stocktake.Marks())
	for _, r := range organisation.RoleSpecs() {
		listed = append(listed, r.Role)
	}
	listed = appendLabelled(listed, corrective.SourceKinds())
	listed = appendLabelled(listed, audits.Registers())
	listed = appendLabelled(listed, soa.Kinds())
	listed = appendLabelled(listed, compliance.Kinds())
	listed = appendLabelled(listed, review.Decisions())
	needListedNames(t, m, listed)
}

// An external service's page names its kind in the page's language, and
// a device's form offers its states in it: 約款 and 紛失 in Japanese,
// never on the English page.
func TestKindsInEnglish(t *testing.T) {
	_, db := newTestServer(t)
	s, _ := newServer(t, db)
	service := &serviceView{Service: contractors.ExternalService{ID: "S1", Name: "電子申請", Provider: "A社", Kind: contractors.ServiceTerms}}
	var dev devices.Device
	dev.ID, dev.Name, dev.Kind, dev.State = "D1", "庁内PC", devices.DevicePC, devices.StateLost
	form := &registerFormData[devices.Device]{Item: dev, Kinds: devices.DeviceKinds(), States: devices.States(), Errors: map[string]string{}, Base: "/devices"}
	for _, tt := range []struct {
		lang, tpl string
		data      any
		want, not []string
	}{
		{"ja", "service", service, []string{`<dd id="kind">約款</dd>`}, []string{"Standard terms"}},
		{"en", "service", service, []string{`<dd id="kind">Standard terms</dd>`}, []string{"約款"}},
		{"ja", "device_form", form, []string{`selected>紛失</option>`, ">リース返却済み</option>", `selected>パソコン（6.4）</option>`}, []string{"Lost", "Returned to the lessor", ">PC（"}},
		{"en", "device_form", form, []string{`selected>Lost</option>`, ">Returned to the lessor</option>", `selected>PC（6.4）</option>`}, []string{">紛失<", ">リース返却済み<", ">使用中<", ">パソコン"}},
	} {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "/?lang="+tt.lang, nil)
		if err := s.render(w, r, http.StatusOK, tt.tpl, s.newPage(w, r, "services.title", tt.data)); err != nil {
			t.Fatalf("%s %s: %v", tt.lang, tt.tpl, err)
		}
		body := w.Body.String()
		for _, x := range tt.want {
			if !strings.Contains(body, x) {
				t.Errorf("%s: the %s page lacks %q", tt.lang, tt.tpl, x)
			}
		}
		for _, x := range tt.not {
			if strings.Contains(body, x) {
				t.Errorf("%s: the %s page says %q", tt.lang, tt.tpl, x)
			}
		}
	}
}

// The registers' kind drop-downs name each choice through registerKind:
// every choice of each register has an English name, and its Japanese
// one is the choice's own Label.
func TestRegisterKindsHaveEnglish(t *testing.T) {
	m := messages()
	for _, tt := range []struct {
		base    string
		choices []devices.Choice
	}{
		{"/devices", devices.DeviceKinds()},
		{"/media", devices.MediumKinds()},
		{"/areas", devices.AreaKinds()},
	} {
		for _, c := range tt.choices {
			key := valueKey(registerKind(tt.base, c.Value))
			if m[langEN][key] == "" {
				t.Errorf("%s %q has no English name (%s)", tt.base, c.Value, key)
			}
			if got := m[langJA][key]; got != c.Label {
				t.Errorf("%s %q: Japanese name %q, want %q", tt.base, c.Value, got, c.Label)
			}
		}
	}
}
