package report

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kijun/internal/catalog"
	"kijun/internal/catalog/oscal"
	"kijun/internal/compliance"
	"kijun/internal/sharedtest"
	"kijun/internal/store"
)

var (
	runAt     = time.Date(2025, 4, 1, 0, 30, 0, 0, time.UTC) // 09:30 JST
	generated = time.Date(2025, 4, 2, 1, 0, 0, 0, time.UTC)
)

func testFindings() []store.StoredFinding {
	seen := func(f compliance.Finding) store.StoredFinding {
		return store.StoredFinding{Finding: f, FirstSeen: runAt.AddDate(0, 0, -10), LastSeen: runAt}
	}
	open := seen(compliance.Finding{Rule: "patch-overdue", Provision: "6.1.5.ア", Severity: compliance.SeverityHigh, Kind: compliance.KindSystem,
		Subject: "system:juki", SubjectName: "住民基本台帳システム", Unit: "110100", Message: "修正プログラムの適用が遅れている", Detail: "OS"})
	open.Responsible = "山田 太郎（情報管理者）"
	accepted := seen(compliance.Finding{Rule: "asset-no-owner", Provision: "4.2.ア.(1)", Severity: compliance.SeverityMedium, Kind: compliance.KindAsset,
		Subject: "asset:A-001", SubjectName: "住民票データ", Unit: "999999", Message: "管理者が決まっていない"})
	accepted.Accepted = "例外-2025-01"
	closed := seen(compliance.Finding{Rule: "role-vacant", Provision: "3.1.1", Severity: compliance.SeverityLow, Kind: compliance.KindRole,
		Subject: "role:ciso", SubjectName: "CISO", Message: "任命されていない"})
	closed.ClosedAt = runAt.Add(time.Hour)
	return []store.StoredFinding{open, accepted, closed}
}

func testMeta(t *testing.T) Meta {
	t.Helper()
	c, err := catalog.Default()
	if err != nil {
		t.Fatalf("catalog.Default: %v", err)
	}
	rs, err := compliance.Default()
	if err != nil {
		t.Fatalf("compliance.Default: %v", err)
	}
	var provisions []string
	for p := range rs.Provisions() {
		provisions = append(provisions, p)
	}
	slices.Sort(provisions)
	return Meta{Catalog: c, Provisions: provisions, Units: map[string]string{"110100": "情報政策課"}, Generated: generated,
		Run: store.CheckRun{ID: 7, At: runAt, RulesVersion: "kobe-5.5", Read: time.Second, Eval: 2 * time.Second}}
}

func TestWriteXLSX(t *testing.T) {
	var b bytes.Buffer
	if err := WriteXLSX(&b, testFindings(), testMeta(t)); err != nil {
		t.Fatalf("WriteXLSX: %v", err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatalf("open workbook: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(FindingsSheet)
	if err != nil {
		t.Fatalf("read %s: %v", FindingsSheet, err)
	}
	wantHeader := []string{"重大度", "条項", "ルール", "対象の種類", "対象", "名称", "課", "責任者", "指摘", "詳細", "初回検出", "最終確認", "例外措置", "解消"}
	if len(rows) != 4 || !slices.Equal(rows[0], wantHeader) {
		t.Fatalf("got %d rows headed %q, want 4 headed %q", len(rows), rows[0], wantHeader)
	}
	wantRows := [][]string{
		{"高", "6.1.5.ア", "patch-overdue", "情報システム", "juki", "住民基本台帳システム", "110100 情報政策課", "山田 太郎（情報管理者）", "修正プログラムの適用が遅れている", "OS",
			"2025-03-22 09:30", "2025-04-01 09:30"},
		{"中", "4.2.ア.(1)", "asset-no-owner", "情報資産", "A-001", "住民票データ", "999999", "", "管理者が決まっていない", "",
			"2025-03-22 09:30", "2025-04-01 09:30", "例外-2025-01"},
		{"低", "3.1.1", "role-vacant", "役割", "ciso", "CISO", "", "", "任命されていない", "",
			"2025-03-22 09:30", "2025-04-01 09:30", "", "2025-04-01 10:30"},
	}
	for i, want := range wantRows {
		if got := rows[i+1]; !slices.Equal(got, want) {
			t.Errorf("row %d:\n got %q\nwant %q", i+2, got, want)
		}
	}
	for _, sheet := range []string{FindingsSheet, SummarySheet} {
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: header not frozen: %+v, %v", sheet, panes, err)
		}
		filtered := false
		for _, dn := range f.GetDefinedName() {
			if dn.Name == "_xlnm._FilterDatabase" && dn.Scope == sheet {
				filtered = true
			}
		}
		if !filtered {
			t.Errorf("%s: no filter", sheet)
		}
	}
	summary, err := f.GetRows(SummarySheet)
	if err != nil {
		t.Fatalf("read %s: %v", SummarySheet, err)
	}
	wantSummary := [][]string{
		{"章", "章名", "高", "中", "低", "計", "うち例外措置", "解消済み"},
		{"3", "組織体制", "0", "0", "0", "0", "0", "1"},
		{"4", "情報資産の分類と管理", "0", "1", "0", "1", "1", "0"},
		{"6", "物理的セキュリティ", "1", "0", "0", "1", "0", "0"},
		{"合計", "", "1", "1", "0", "2", "1", "1"},
	}
	if len(summary) != len(wantSummary) {
		t.Fatalf("%s: got %d rows %q, want %d", SummarySheet, len(summary), summary, len(wantSummary))
	}
	for i, want := range wantSummary {
		if got := summary[i]; !slices.Equal(got, want) {
			t.Errorf("%s row %d: got %q, want %q", SummarySheet, i+1, got, want)
		}
	}
}

func resultsValidators(t *testing.T) map[string]*oscal.Validator {
	t.Helper()
	schema, err := os.ReadFile(sharedtest.File(t, "KIJUN_OSCAL_SCHEMA", "oscal/oscal_complete_schema-1.1.2.json"))
	if err != nil {
		t.Fatalf("read schema: %v", err)
	}
	out := map[string]*oscal.Validator{}
	for name, s := range map[string][]byte{"embedded": nil, "shared": schema} {
		if out[name], err = oscal.NewResultsValidator(s); err != nil {
			t.Fatalf("NewResultsValidator(%s): %v", name, err)
		}
	}
	return out
}

// token is OSCAL's TokenDatatype; Kijun's IDs also keep to ASCII.
var token = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9.\-_]*$`)

func TestWriteOSCAL(t *testing.T) {
	findings := testFindings()
	// A provision the catalog lacks still gets an ASCII token.
	stray := findings[0]
	stray.Rule, stray.Provision = "stray", "99.ア.(2)"
	findings = append(findings, stray)
	m := testMeta(t)
	var b bytes.Buffer
	if err := WriteOSCAL(&b, findings, m); err != nil {
		t.Fatalf("WriteOSCAL: %v", err)
	}
	for name, v := range resultsValidators(t) {
		if err := v.Validate("results.json", b.Bytes()); err != nil {
			t.Errorf("does not validate against the %s schema:\n%v", name, err)
		}
	}
	// The validators do refuse what OSCAL refuses.
	bad := bytes.Replace(b.Bytes(), []byte(`"type": "statement-id"`), []byte(`"type": "control-id"`), 1)
	for name, v := range resultsValidators(t) {
		if err := v.Validate("bad.json", bad); err == nil || !strings.Contains(err.Error(), "/assessment-results/results/0/findings/0/target/type") {
			t.Errorf("%s schema: a finding targeting a control-id: got %v, want a problem at its target type", name, err)
		}
	}
	var again bytes.Buffer
	if err := WriteOSCAL(&again, findings, m); err != nil {
		t.Fatalf("WriteOSCAL again: %v", err)
	}
	if again.String() != b.String() {
		t.Errorf("two exports of the same findings differ")
	}
	var doc, fewer arDocument
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("decode: %v", err)
	}
	// Other findings are another revision, with a UUID of its own.
	var other bytes.Buffer
	if err := WriteOSCAL(&other, findings[1:], m); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(other.Bytes(), &fewer); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if doc.AssessmentResults.UUID == fewer.AssessmentResults.UUID {
		t.Errorf("exports of different findings share the document UUID %s", doc.AssessmentResults.UUID)
	}
	ar := doc.AssessmentResults
	// Who answers for a finding is one of its properties.
	if !slices.ContainsFunc(ar.Results[0].Findings[0].Props, func(p prop) bool { return p.Name == "responsible" && p.Value == "山田 太郎（情報管理者）" }) {
		t.Errorf("the first finding's properties lack who answers for it: %+v", ar.Results[0].Findings[0].Props)
	}
	if got, want := ar.ImportAP.Href, "#"+ar.BackMatter.Resources[0].UUID; got != want {
		t.Errorf("import-ap: got %s, want %s", got, want)
	}
	if got := ar.Metadata.Parties; len(got) != 1 || got[0].Name != m.Catalog.Issuer || got[0].Type != "organization" {
		t.Errorf("parties: got %+v, want the issuer when no city is named", got)
	}
	r := ar.Results[0]
	if r.Start != "2025-04-01T09:30:00+09:00" || r.End != "2025-04-01T09:30:03+09:00" {
		t.Errorf("result: start %s, end %s", r.Start, r.End)
	}
	if len(r.Findings) != 4 || len(r.Observations) != 4 || len(r.Risks) != 1 {
		t.Fatalf("got %d findings, %d observations, %d risks; want 4, 4, 1", len(r.Findings), len(r.Observations), len(r.Risks))
	}
	tests := []struct {
		i                      int
		targetType, target     string
		state                  string
		accepted, observations bool
	}{
		{0, "statement-id", "kobe-kijun-6.1.5.a", "not-satisfied", false, true},
		{1, "statement-id", "kobe-kijun-4.2.a.p1", "not-satisfied", true, true},
		{2, "statement-id", "kobe-kijun-3.1.1_smt", "satisfied", false, true},
		{3, "objective-id", "kobe-kijun-99.a.p2", "not-satisfied", false, true},
	}
	for _, tt := range tests {
		f := r.Findings[tt.i]
		if f.Target.Type != tt.targetType || f.Target.TargetID != tt.target || f.Target.Status.State != tt.state {
			t.Errorf("finding %d: got target %s %s %s, want %s %s %s", tt.i, f.Target.Type, f.Target.TargetID, f.Target.Status.State,
				tt.targetType, tt.target, tt.state)
		}
		if !token.MatchString(f.Target.TargetID) {
			t.Errorf("finding %d: target %q is not an ASCII token", tt.i, f.Target.TargetID)
		}
		if got := f.RelatedObservations[0].ObservationUUID; got != r.Observations[tt.i].UUID {
			t.Errorf("finding %d: observation %s, want %s", tt.i, got, r.Observations[tt.i].UUID)
		}
		if got := len(f.RelatedRisks) == 1; got != tt.accepted {
			t.Errorf("finding %d: has a risk %v, want %v", tt.i, got, tt.accepted)
		}
	}
	if rk := r.Risks[0]; rk.Status != "deviation-approved" || !strings.Contains(rk.Title, "例外-2025-01") {
		t.Errorf("risk: got %s %q, want deviation-approved naming the 例外措置", rk.Status, rk.Title)
	}
	// The same record is the same subject in both of its findings and in
	// every export.
	if a, b := r.Observations[0].Subjects[0].SubjectUUID, r.Observations[3].Subjects[0].SubjectUUID; a != b || a != subjectUUID("system:juki") {
		t.Errorf("subject UUIDs: %s and %s, want both %s", a, b, subjectUUID("system:juki"))
	}
	if got := len(r.LocalDefinitions.InventoryItems); got != 3 {
		t.Errorf("inventory items: got %d, want one per record, 3", got)
	}
	controls := map[string][]string{}
	for _, sc := range r.ReviewedControls.ControlSelections[0].IncludeControls {
		if !token.MatchString(sc.ControlID) {
			t.Errorf("reviewed control %q is not an ASCII token", sc.ControlID)
		}
		controls[sc.ControlID] = sc.StatementIDs
	}
	for _, p := range m.Provisions {
		ctl, smt, ok := oscal.Target(m.Catalog, p)
		if !ok {
			t.Errorf("rule provision %s is in no control of the catalog", p)
			continue
		}
		if smt != "" && !slices.Contains(controls[ctl], smt) {
			t.Errorf("reviewed controls: %s lacks %s (provision %s)", ctl, smt, p)
		}
	}
}

func TestWriteOSCALEmpty(t *testing.T) {
	m := testMeta(t)
	m.Run, m.City = store.CheckRun{}, "みなと市"
	var b bytes.Buffer
	if err := WriteOSCAL(&b, nil, m); err != nil {
		t.Fatalf("WriteOSCAL: %v", err)
	}
	for name, v := range resultsValidators(t) {
		if err := v.Validate("results.json", b.Bytes()); err != nil {
			t.Errorf("no findings, no run: does not validate against the %s schema:\n%v", name, err)
		}
	}
	var doc arDocument
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if got := doc.AssessmentResults.Metadata.Parties; len(got) != 1 || got[0].Name != m.City {
		t.Errorf("parties: got %+v, want %s", got, m.City)
	}
	if err := WriteOSCAL(&b, nil, Meta{Generated: generated}); err == nil {
		t.Errorf("WriteOSCAL without a catalog: got no error")
	}
}
