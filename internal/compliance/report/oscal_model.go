package report

// These types mirror the parts of the OSCAL 1.1.2 assessment-results model
// that WriteOSCAL writes. OSCAL refuses empty arrays, so every optional
// list is omitted when empty.

type arDocument struct {
	AssessmentResults assessmentResults `json:"assessment-results"`
}

type assessmentResults struct {
	UUID       string     `json:"uuid"`
	Metadata   metadata   `json:"metadata"`
	ImportAP   importAP   `json:"import-ap"`
	Results    []result   `json:"results"`
	BackMatter backMatter `json:"back-matter"`
}

type metadata struct {
	Title        string  `json:"title"`
	LastModified string  `json:"last-modified"`
	Version      string  `json:"version"`
	OSCALVersion string  `json:"oscal-version"`
	Props        []prop  `json:"props,omitempty"`
	Parties      []party `json:"parties,omitempty"`
}

type party struct {
	UUID string `json:"uuid"`
	Type string `json:"type"`
	Name string `json:"name,omitempty"`
}

type prop struct {
	Name    string `json:"name"`
	NS      string `json:"ns,omitempty"`
	Value   string `json:"value"`
	Remarks string `json:"remarks,omitempty"`
}

type importAP struct {
	Href    string `json:"href"`
	Remarks string `json:"remarks,omitempty"`
}

type backMatter struct {
	Resources []resource `json:"resources"`
}

type resource struct {
	UUID        string `json:"uuid"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	Props       []prop `json:"props,omitempty"`
}

type result struct {
	UUID             string           `json:"uuid"`
	Title            string           `json:"title"`
	Description      string           `json:"description"`
	Start            string           `json:"start"`
	End              string           `json:"end,omitempty"`
	Props            []prop           `json:"props,omitempty"`
	LocalDefinitions *localDefs       `json:"local-definitions,omitempty"`
	ReviewedControls reviewedControls `json:"reviewed-controls"`
	Observations     []observation    `json:"observations,omitempty"`
	Risks            []risk           `json:"risks,omitempty"`
	Findings         []finding        `json:"findings,omitempty"`
}

type localDefs struct {
	InventoryItems []inventoryItem `json:"inventory-items,omitempty"`
}

type inventoryItem struct {
	UUID        string `json:"uuid"`
	Description string `json:"description"`
	Props       []prop `json:"props,omitempty"`
}

type reviewedControls struct {
	ControlSelections []controlSelection `json:"control-selections"`
}

type controlSelection struct {
	IncludeControls []selectControl `json:"include-controls,omitempty"`
	Remarks         string          `json:"remarks,omitempty"`
}

type selectControl struct {
	ControlID    string   `json:"control-id"`
	StatementIDs []string `json:"statement-ids,omitempty"`
}

type observation struct {
	UUID        string       `json:"uuid"`
	Title       string       `json:"title,omitempty"`
	Description string       `json:"description"`
	Props       []prop       `json:"props,omitempty"`
	Methods     []string     `json:"methods"`
	Types       []string     `json:"types,omitempty"`
	Subjects    []subjectRef `json:"subjects,omitempty"`
	Collected   string       `json:"collected"`
}

type subjectRef struct {
	SubjectUUID string `json:"subject-uuid"`
	Type        string `json:"type"`
	Title       string `json:"title,omitempty"`
	Props       []prop `json:"props,omitempty"`
}

type risk struct {
	UUID                string       `json:"uuid"`
	Title               string       `json:"title"`
	Description         string       `json:"description"`
	Statement           string       `json:"statement"`
	Props               []prop       `json:"props,omitempty"`
	Status              string       `json:"status"`
	RelatedObservations []relatedObs `json:"related-observations,omitempty"`
}

type finding struct {
	UUID                string        `json:"uuid"`
	Title               string        `json:"title"`
	Description         string        `json:"description"`
	Props               []prop        `json:"props,omitempty"`
	Target              findingTarget `json:"target"`
	RelatedObservations []relatedObs  `json:"related-observations,omitempty"`
	RelatedRisks        []relatedRisk `json:"related-risks,omitempty"`
}

type findingTarget struct {
	Type     string       `json:"type"`
	TargetID string       `json:"target-id"`
	Status   targetStatus `json:"status"`
}

type targetStatus struct {
	State   string `json:"state"`
	Reason  string `json:"reason,omitempty"`
	Remarks string `json:"remarks,omitempty"`
}

type relatedObs struct {
	ObservationUUID string `json:"observation-uuid"`
}

type relatedRisk struct {
	RiskUUID string `json:"risk-uuid"`
}
