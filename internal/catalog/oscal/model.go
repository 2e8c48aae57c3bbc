package oscal

// These types mirror the parts of the OSCAL 1.1 catalog model Kijun reads
// and writes. Fields Kijun does not use (links, back-matter, parties ...)
// are not kept on import.

type document struct {
	Catalog catalogModel `json:"catalog"`
}

type catalogModel struct {
	UUID     string    `json:"uuid"`
	Metadata metadata  `json:"metadata"`
	Params   []param   `json:"params,omitempty"`
	Controls []control `json:"controls,omitempty"`
	Groups   []group   `json:"groups,omitempty"`
}

type metadata struct {
	Title        string     `json:"title"`
	Published    string     `json:"published,omitempty"`
	LastModified string     `json:"last-modified"`
	Version      string     `json:"version"`
	OSCALVersion string     `json:"oscal-version"`
	Revisions    []revision `json:"revisions,omitempty"`
	Props        []prop     `json:"props,omitempty"`
	Remarks      string     `json:"remarks,omitempty"`
}

type revision struct {
	Title     string `json:"title,omitempty"`
	Published string `json:"published,omitempty"`
	Version   string `json:"version"`
	Remarks   string `json:"remarks,omitempty"`
}

type group struct {
	ID       string    `json:"id,omitempty"`
	Class    string    `json:"class,omitempty"`
	Title    string    `json:"title"`
	Params   []param   `json:"params,omitempty"`
	Props    []prop    `json:"props,omitempty"`
	Parts    []part    `json:"parts,omitempty"`
	Groups   []group   `json:"groups,omitempty"`
	Controls []control `json:"controls,omitempty"`
}

type control struct {
	ID       string    `json:"id"`
	Class    string    `json:"class,omitempty"`
	Title    string    `json:"title"`
	Params   []param   `json:"params,omitempty"`
	Props    []prop    `json:"props,omitempty"`
	Parts    []part    `json:"parts,omitempty"`
	Controls []control `json:"controls,omitempty"`
}

type part struct {
	ID    string `json:"id,omitempty"`
	Name  string `json:"name"`
	NS    string `json:"ns,omitempty"`
	Class string `json:"class,omitempty"`
	Title string `json:"title,omitempty"`
	Props []prop `json:"props,omitempty"`
	Prose string `json:"prose,omitempty"`
	Parts []part `json:"parts,omitempty"`
}

type prop struct {
	Name    string `json:"name"`
	NS      string `json:"ns,omitempty"`
	Value   string `json:"value"`
	Class   string `json:"class,omitempty"`
	Remarks string `json:"remarks,omitempty"`
}

type param struct {
	ID     string     `json:"id"`
	Label  string     `json:"label,omitempty"`
	Values []string   `json:"values,omitempty"`
	Select *selection `json:"select,omitempty"`
}

type selection struct {
	HowMany string   `json:"how-many,omitempty"`
	Choice  []string `json:"choice,omitempty"`
}
