package soa_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kijun/internal/catalog"
	"kijun/internal/catalog/oscal"
	"kijun/internal/compliance"
	"kijun/internal/compliance/separation"
	"kijun/internal/permits"
	"kijun/internal/sharedtest"
	"kijun/internal/soa"
	"kijun/internal/store"
)

// shipped is the statement of the shipped catalog from the shipped rules,
// permit types and record kinds.
func shipped(t testing.TB) *soa.Statement {
	t.Helper()
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := compliance.Default()
	if err != nil {
		t.Fatal(err)
	}
	preg, err := permits.Default()
	if err != nil {
		t.Fatal(err)
	}
	sup := append(rs.Supports(), separation.Supports()...)
	sup = append(sup, preg.Supports()...)
	sup = append(sup, store.RecordSupports()...)
	return soa.Compute(cat, sup)
}

// The OSCAL export is a valid OSCAL 1.1.2 component definition, against
// the embedded schema and NIST's file in the shared folder, and every
// implemented requirement names a control of the catalog's own export.
func TestOSCALValidates(t *testing.T) {
	st := shipped(t)
	if len(st.Unknown) > 0 {
		t.Errorf("shipped supports cite provisions the catalog lacks: %+v", st.Unknown)
	}
	var buf bytes.Buffer
	at := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	if err := soa.WriteOSCAL(&buf, st, soa.OSCALMeta{Generated: at, Version: "test", Source: "/catalog/kobe-kijun/5.5/oscal.json"}); err != nil {
		t.Fatal(err)
	}
	embedded, err := oscal.NewComponentValidator(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := embedded.Validate("soa.json", buf.Bytes()); err != nil {
		t.Errorf("against the embedded schema:\n%v", err)
	}
	schema, err := os.ReadFile(sharedtest.File(t, "KIJUN_OSCAL_SCHEMA", "oscal/oscal_complete_schema-1.1.2.json"))
	if err != nil {
		t.Fatal(err)
	}
	shared, err := oscal.NewComponentValidator(schema)
	if err != nil {
		t.Fatal(err)
	}
	if err := shared.Validate("soa.json", buf.Bytes()); err != nil {
		t.Errorf("against the shared schema:\n%v", err)
	}
	// A broken document is refused: the test can fail.
	if err := shared.Validate("broken.json", bytes.Replace(buf.Bytes(), []byte(`"control-id"`), []byte(`"control"`), 1)); err == nil {
		t.Error("a requirement without control-id validated")
	}
	catJSON, err := oscal.Export(st.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		CD struct {
			Components []struct {
				CI []struct {
					Reqs []struct {
						ControlID  string `json:"control-id"`
						Statements []struct {
							ID string `json:"statement-id"`
						} `json:"statements"`
					} `json:"implemented-requirements"`
				} `json:"control-implementations"`
			} `json:"components"`
		} `json:"component-definition"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	reqs := doc.CD.Components[0].CI[0].Reqs
	if len(reqs) < 50 {
		t.Errorf("only %d implemented requirements", len(reqs))
	}
	for _, r := range reqs {
		if !bytes.Contains(catJSON, []byte(`"id": "`+r.ControlID+`"`)) {
			t.Errorf("requirement names control %s, which the catalog export does not have", r.ControlID)
		}
		for _, s := range r.Statements {
			if !bytes.Contains(catJSON, []byte(`"id": "`+s.ID+`"`)) {
				t.Errorf("statement %s of %s is not a part of the catalog export", s.ID, r.ControlID)
			}
		}
	}
	var again bytes.Buffer
	if err := soa.WriteOSCAL(&again, st, soa.OSCALMeta{Generated: at, Version: "test", Source: "/catalog/kobe-kijun/5.5/oscal.json"}); err != nil || again.String() != buf.String() {
		t.Errorf("the export is not reproducible (%v)", err)
	}
}

// The workbook has the chapter table and a row per support, with the link.
func TestXLSX(t *testing.T) {
	st := shipped(t)
	var buf bytes.Buffer
	if err := soa.WriteXLSX(&buf, st, "https://kijun.example"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("適用宣言")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if len(r) > 7 && r[0] == "6.4.3" && r[5] == "medium.encryption" && strings.HasPrefix(r[7], "https://kijun.example/compliance/findings?rule=") {
			found = true
		}
	}
	if !found {
		t.Error("no row for rule medium.encryption of 6.4.3 with its link")
	}
	sum, _ := f.GetRows("章別")
	if got, want := len(sum), len(st.Chapters)+2; got != want {
		t.Errorf("chapter rows: got %d, want %d", got, want)
	}
}
