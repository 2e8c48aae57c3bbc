package catalog

// Catalog is one edition of a security standard: its identity, its revision
// history and its provisions in document order.
type Catalog struct {
	// Key identifies the standard across editions, such as "kobe-kijun".
	Key string `yaml:"key"`
	// Issuer is the body that issued the standard, such as 神戸市.
	Issuer string `yaml:"issuer"`
	// Title is the standard's name, such as 神戸市情報セキュリティ対策基準.
	Title string `yaml:"title"`
	// Edition is the edition number as the standard writes it, such as "5.5".
	Edition string `yaml:"edition"`
	// Enacted is the date of 制定 (YYYY-MM-DD).
	Enacted string `yaml:"enacted,omitempty"`
	// Amended is the date of the latest 改正 (YYYY-MM-DD).
	Amended string `yaml:"amended,omitempty"`
	// Effective is the date of 施行 of this edition (YYYY-MM-DD).
	Effective string `yaml:"effective,omitempty"`
	// Source says where the text came from.
	Source string `yaml:"source,omitempty"`
	// IDScheme is "dotted" (the default) when provision IDs extend their
	// parent's ID with a dot, as in 8.2.6.ウ, or "free" for catalogs imported
	// from elsewhere whose IDs follow no such rule.
	IDScheme string `yaml:"id_scheme,omitempty"`
	// Revisions is the revision history (改定履歴), oldest first.
	Revisions []Revision `yaml:"revisions,omitempty"`
	// Provisions are the provisions in document order.
	Provisions []Provision `yaml:"provisions"`
}

// Revision is one row of the revision history (改定履歴).
type Revision struct {
	// Date is the 施行年月日 of the edition (YYYY-MM-DD).
	Date string `yaml:"date"`
	// Edition is the 版番号, such as "1.0".
	Edition string `yaml:"edition"`
	// Reason is the 改訂理由・内容 as the standard writes it.
	Reason string `yaml:"reason"`
}

// Provision is one numbered part of the standard: a heading, an item (ア,
// イ, ...) or a sub-item ((1), (2), ...).
type Provision struct {
	// ID is the number exactly as the standard writes it: "3", "3.1",
	// "8.2.6", "8.2.6.ウ", "4.2.オ.(3)".
	ID string `yaml:"id"`
	// Kind says where the provision sits in the hierarchy.
	Kind Kind `yaml:"kind"`
	// Parent is the ID of the enclosing provision; empty for chapters.
	Parent string `yaml:"parent,omitempty"`
	// Title is the heading, for headings and titled items.
	Title string `yaml:"title,omitempty"`
	// Text is the standard's own text; paragraphs are separated by "\n".
	Text string `yaml:"text,omitempty"`
	// Table is a table the provision holds, such as the classification
	// tables of 4.1.1 to 4.1.3.
	Table *Table `yaml:"table,omitempty"`
	// Part is the kind of text for provisions imported from OSCAL parts,
	// such as "statement", "item" or "guidance"; empty otherwise.
	Part string `yaml:"part,omitempty"`
	// OSCALID is the OSCAL id the provision was imported from or exported as.
	OSCALID string `yaml:"oscal_id,omitempty"`
	// Obliges lists the roles the provision puts a duty on.
	Obliges []Role `yaml:"obliges,omitempty,flow"`
	// Force says what kind of rule the provision is.
	Force Force `yaml:"force,omitempty"`
	// Operations say how Kijun operationalises the provision.
	Operations []Operation `yaml:"operations,omitempty"`
	// Refs are the IDs of other provisions this one refers to.
	Refs []string `yaml:"refs,omitempty,flow"`
	// ImplementedBy names the Kijun features that implement the provision
	// today, such as "ledger".
	ImplementedBy []string `yaml:"implemented_by,omitempty,flow"`
}

// Table is a table held by a provision.
type Table struct {
	// Columns are the header cells, such as 分類 and 分類基準.
	Columns []string `yaml:"columns,flow"`
	// Rows are the body rows in order.
	Rows []TableRow `yaml:"rows"`
}

// TableRow is one row of a Table.
type TableRow struct {
	// Cells are the row's cells, one for each column.
	Cells []TableCell `yaml:"cells"`
}

// TableCell is one cell of a TableRow: its text and an optional bullet list
// that follows the text.
type TableCell struct {
	// Text is the cell's text.
	Text string `yaml:"text"`
	// List is the bullet list in the cell, one entry per bullet.
	List []string `yaml:"list,omitempty"`
}

// Operation says how Kijun operationalises a provision.
type Operation struct {
	// Kind is the kind of operation.
	Kind OpKind `yaml:"kind"`
	// Approver is the role whose permission or approval a permit needs.
	Approver Role `yaml:"approver,omitempty"`
	// Fields are the fields a record must hold, such as 日時, 担当者, 処理内容.
	Fields []string `yaml:"fields,omitempty,flow"`
	// Frequency is how often a periodic duty recurs, such as 毎年度.
	Frequency string `yaml:"frequency,omitempty"`
	// Note explains the operation in Japanese.
	Note string `yaml:"note,omitempty"`
}

// Mapping relates a provision of one catalog to a control of another.
type Mapping struct {
	// FromCatalog is the key of the source catalog, such as "kobe-kijun".
	FromCatalog string `yaml:"from_catalog"`
	// From is the provision ID in the source catalog, such as "8.2.5".
	From string `yaml:"from"`
	// ToCatalog is the key of the target catalog, such as "nist-sp800-53r5".
	ToCatalog string `yaml:"to_catalog"`
	// To is the control ID in the target catalog, such as "ac-7".
	To string `yaml:"to"`
	// Relationship says how the two relate.
	Relationship Relationship `yaml:"relationship"`
	// Note explains the mapping.
	Note string `yaml:"note,omitempty"`
}

// Relationship is how a mapped provision relates to its target.
type Relationship string

// The relationships a Mapping may state, after the OSCAL mapping model.
const (
	Equivalent     Relationship = "equivalent"
	SubsetOf       Relationship = "subset-of"
	SupersetOf     Relationship = "superset-of"
	IntersectsWith Relationship = "intersects-with"
	RelatedTo      Relationship = "related-to"
)

// Valid reports whether r is one of the known relationships.
func (r Relationship) Valid() bool {
	switch r {
	case Equivalent, SubsetOf, SupersetOf, IntersectsWith, RelatedTo:
		return true
	}
	return false
}

// Find returns the provision with the given ID, or nil.
func (c *Catalog) Find(id string) *Provision {
	for i := range c.Provisions {
		if c.Provisions[i].ID == id {
			return &c.Provisions[i]
		}
	}
	return nil
}
