package report

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"

	"kijun/internal/catalog"
	"kijun/internal/catalog/oscal"
	"kijun/internal/store"
)

// PlanResourceTitle is the title of the back-matter resource that stands in
// for the assessment plan. OSCAL requires assessment results to import a
// plan; Kijun's plan is the rules in force, which live in Kijun and not in
// an OSCAL document, so import-ap points at this resource by fragment
// (#uuid) and the resource says which rules those were.
const PlanResourceTitle = "Kijun 自動点検の計画（適用中のルール）"

// WriteOSCAL writes findings as an OSCAL 1.1.2 assessment-results document
// in JSON with one result: the run of m.Run. Each finding becomes an OSCAL
// finding on the statement of the provision it falls short of, with one
// observation of the register record; an accepted finding (例外措置) also
// gets a risk with status deviation-approved, and a closed one (from an
// export that includes them) is marked satisfied. Control and part IDs are
// those oscal.Export gives the catalog, and every UUID is name-based, so the
// same findings give the same document. m.Catalog must be set.
func WriteOSCAL(w io.Writer, findings []store.StoredFinding, m Meta) error {
	c := m.Catalog
	if c == nil || m.Generated.IsZero() {
		return fmt.Errorf("write oscal assessment results: the catalog and the export time are needed")
	}
	ids := map[string]target{}
	targetOf := func(provision string) target {
		t, ok := ids[provision]
		if !ok {
			t = targetIn(c, provision)
			ids[provision] = t
		}
		return t
	}
	planUUID := oscal.NameUUID("assessment-plan:" + c.Key + ":" + c.Edition + ":" + m.Run.RulesVersion)
	doc := arDocument{AssessmentResults: assessmentResults{
		Metadata: arMetadata(m),
		ImportAP: importAP{Href: "#" + planUUID,
			Remarks: "計画は Kijun が適用中のルールで、OSCAL の評価計画としては存在しないため、back-matter の資源を指す。"},
		BackMatter: backMatter{Resources: []resource{{UUID: planUUID, Title: PlanResourceTitle,
			Description: fmt.Sprintf("%s（第%s版）の条項に照らして台帳を点検するルール %s（9.2.1）。", c.Title, c.Edition, m.Run.RulesVersion),
			Props:       []prop{{Name: "rules-version", NS: oscal.NS, Value: orNone(m.Run.RulesVersion)}}}}},
	}}
	res := result{
		UUID:        oscal.NameUUID(fmt.Sprintf("result:%s:%d:%s", c.Key, m.Run.ID, timestamp(m.runStart()))),
		Title:       "台帳の自動点検 " + jst(m.runStart()).Format("2006-01-02 15:04"),
		Description: fmt.Sprintf("ルール %s による台帳の点検（9.2.1）。指摘 %d 件。", orNone(m.Run.RulesVersion), len(findings)),
		Start:       timestamp(m.runStart()),
		Props:       []prop{{Name: "rules-version", NS: oscal.NS, Value: orNone(m.Run.RulesVersion)}},
	}
	if m.Run.ID != 0 {
		res.Props = append(res.Props, prop{Name: "check-run", NS: oscal.NS, Value: fmt.Sprint(m.Run.ID)})
		if d := m.Run.Read + m.Run.Eval + m.Run.Write; d > 0 {
			res.End = timestamp(m.Run.At.Add(d))
		}
	}
	checked := slices.Clone(m.Provisions)
	subjects := map[string]bool{}
	var items []inventoryItem
	for _, f := range findings {
		checked = append(checked, f.Provision)
		subj := subjectUUID(f.Subject)
		if !subjects[f.Subject] {
			subjects[f.Subject] = true
			items = append(items, inventoryItem{UUID: subj, Description: fmt.Sprintf("%s %s（%s）", f.Kind.Label(), f.SubjectName, f.Subject),
				Props: []prop{{Name: "subject", NS: oscal.NS, Value: f.Subject}, {Name: "kind", NS: oscal.NS, Value: string(f.Kind)}}})
		}
		obs, fd, rk := findingParts(f, targetOf(f.Provision), m)
		res.Observations = append(res.Observations, obs)
		res.Findings = append(res.Findings, fd)
		if rk != nil {
			res.Risks = append(res.Risks, *rk)
		}
	}
	if len(items) > 0 {
		res.LocalDefinitions = &localDefs{InventoryItems: items}
	}
	res.ReviewedControls = reviewed(c, checked, targetOf)
	doc.AssessmentResults.Results = []result{res}
	// The document's UUID names its content: the same findings give the
	// same document, and any other an UUID of its own, as OSCAL asks of a
	// revision.
	body, err := json.Marshal(res)
	if err != nil {
		return fmt.Errorf("write oscal assessment results: %w", err)
	}
	sum := sha256.Sum256(body)
	doc.AssessmentResults.UUID = oscal.NameUUID("assessment-results:" + c.Key + ":" + cmp.Or(m.City, c.Issuer) + ":" + hex.EncodeToString(sum[:]))
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write oscal assessment results: %w", err)
	}
	return nil
}

func arMetadata(m Meta) metadata {
	c := m.Catalog
	md := metadata{
		Title:        c.Title + " 点検結果",
		LastModified: timestamp(m.Generated),
		Version:      fmt.Sprintf("run-%d", m.Run.ID),
		OSCALVersion: "1.1.2",
		Props: []prop{{Name: "catalog-key", NS: oscal.NS, Value: c.Key}, {Name: "catalog-edition", NS: oscal.NS, Value: orNone(c.Edition)},
			{Name: "rules-version", NS: oscal.NS, Value: orNone(m.Run.RulesVersion)}},
	}
	if city := cmp.Or(m.City, c.Issuer); city != "" {
		md.Parties = []party{{UUID: oscal.NameUUID("party:" + city), Type: "organization", Name: city}}
	}
	return md
}

// findingParts turns one finding into its observation, its OSCAL finding
// and, when it is accepted under a 例外措置, its risk.
func findingParts(f store.StoredFinding, t target, m Meta) (observation, finding, *risk) {
	key := f.Key()
	props := []prop{{Name: "rule", NS: oscal.NS, Value: f.Rule}, {Name: "provision", NS: oscal.NS, Value: f.Provision},
		{Name: "severity", NS: oscal.NS, Value: string(f.Severity), Remarks: f.Severity.Label()}}
	if f.Unit != "" {
		props = append(props, prop{Name: "unit", NS: oscal.NS, Value: f.Unit, Remarks: m.Units[f.Unit]})
	}
	if f.Responsible != "" {
		props = append(props, prop{Name: "responsible", NS: oscal.NS, Value: f.Responsible, Remarks: "その日に答える者（9.2.1）"})
	}
	desc := f.Message
	if f.Detail != "" {
		desc += "（" + f.Detail + "）"
	}
	obs := observation{
		UUID:        oscal.NameUUID("observation:" + key),
		Title:       f.SubjectName + ": " + f.Message,
		Description: desc,
		Props:       slices.Clone(props),
		// EXAMINE is OSCAL's word for reviewing records; AUTOMATED says no
		// person made the observation.
		Methods:   []string{"EXAMINE", "AUTOMATED"},
		Types:     []string{"finding"},
		Subjects:  []subjectRef{{SubjectUUID: subjectUUID(f.Subject), Type: "inventory-item", Title: f.Kind.Label() + " " + f.SubjectName}},
		Collected: timestamp(cmp.Or(f.LastSeen, m.runStart())),
	}
	if !f.FirstSeen.IsZero() {
		obs.Props = append(obs.Props, prop{Name: "first-seen", NS: oscal.NS, Value: timestamp(f.FirstSeen)})
	}
	fd := finding{
		UUID:        oscal.NameUUID("finding:" + key),
		Title:       f.Provision + " " + f.Message,
		Description: fmt.Sprintf("%s %s（%s）: %s", f.Kind.Label(), f.SubjectName, f.Subject, desc),
		Props:       props,
		Target: findingTarget{Type: t.kind, TargetID: t.id,
			Status: targetStatus{State: "not-satisfied", Reason: "fail"}},
		RelatedObservations: []relatedObs{{ObservationUUID: obs.UUID}},
	}
	if !f.ClosedAt.IsZero() {
		fd.Target.Status = targetStatus{State: "satisfied", Reason: "pass", Remarks: "解消 " + timestamp(f.ClosedAt)}
		fd.Props = append(fd.Props, prop{Name: "closed", NS: oscal.NS, Value: timestamp(f.ClosedAt)})
	}
	if f.Accepted == "" {
		return obs, fd, nil
	}
	fd.Props = append(fd.Props, prop{Name: "accepted", NS: oscal.NS, Value: f.Accepted, Remarks: "例外措置"})
	rk := &risk{
		UUID:                oscal.NameUUID("risk:" + key),
		Title:               "例外措置 " + f.Accepted,
		Description:         fmt.Sprintf("%s %s の指摘は例外措置 %s のもとで認められている。", f.Kind.Label(), f.SubjectName, f.Accepted),
		Statement:           desc,
		Props:               []prop{{Name: "accepted", NS: oscal.NS, Value: f.Accepted}},
		Status:              "deviation-approved",
		RelatedObservations: []relatedObs{{ObservationUUID: obs.UUID}},
	}
	fd.RelatedRisks = []relatedRisk{{RiskUUID: rk.UUID}}
	return obs, fd, rk
}

// target is what a finding points at: a statement part of a control, or,
// for a heading with no text, the control itself as the objective.
type target struct {
	control string
	// kind is the OSCAL target type, statement-id or objective-id; id is
	// the statement's or the control's ID.
	kind, id string
}

// targetIn places provision in the OSCAL export of c. A provision the
// export puts in no control (a heading with sections under it) is named by
// its own mapped ID, as if it were a control.
func targetIn(c *catalog.Catalog, provision string) target {
	ctl, smt, ok := oscal.Target(c, provision)
	if !ok {
		ctl = oscal.ControlID(c.Key, provision)
	}
	if smt == "" {
		return target{control: ctl, kind: "objective-id", id: ctl}
	}
	return target{control: ctl, kind: "statement-id", id: smt}
}

// reviewed names the controls, and their statements, that the rules check,
// in the catalog's order.
func reviewed(c *catalog.Catalog, provisions []string, targetOf func(string) target) reviewedControls {
	want := map[string]bool{}
	for _, p := range provisions {
		want[p] = true
	}
	var order []string
	for _, p := range c.Provisions {
		if want[p.ID] {
			order = append(order, p.ID)
			delete(want, p.ID)
		}
	}
	rest := make([]string, 0, len(want))
	for p := range want {
		rest = append(rest, p)
	}
	slices.Sort(rest)
	order = append(order, rest...)
	var sel []selectControl
	at := map[string]int{}
	for _, p := range order {
		t := targetOf(p)
		i, ok := at[t.control]
		if !ok {
			i = len(sel)
			at[t.control] = i
			sel = append(sel, selectControl{ControlID: t.control})
		}
		if t.kind == "statement-id" && !slices.Contains(sel[i].StatementIDs, t.id) {
			sel[i].StatementIDs = append(sel[i].StatementIDs, t.id)
		}
	}
	if len(sel) == 0 {
		return reviewedControls{ControlSelections: []controlSelection{{Remarks: "点検したルールはない。"}}}
	}
	return reviewedControls{ControlSelections: []controlSelection{{IncludeControls: sel}}}
}

// subjectUUID names a register record the same way in every export.
func subjectUUID(subject string) string { return oscal.NameUUID("subject:" + subject) }

// timestamp writes t in JST, as OSCAL's date-time with a time zone.
func timestamp(t time.Time) string {
	return jst(t).Format(time.RFC3339)
}

func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
