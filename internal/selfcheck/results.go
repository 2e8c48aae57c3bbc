package selfcheck

// Counts counts answers by value, and those contradicted by the registers.
type Counts struct {
	Yes, Partly, No, NotApplicable int
	Contradicted                   int
}

// Add counts n answers of value v, c of them contradicted.
func (c *Counts) Add(v Value, n, contradicted int) {
	switch v {
	case Yes:
		c.Yes += n
	case Partly:
		c.Partly += n
	case No:
		c.No += n
	case NotApplicable:
		c.NotApplicable += n
	}
	c.Contradicted += contradicted
}

// Answers is how many answers were given.
func (c Counts) Answers() int { return c.Yes + c.Partly + c.No + c.NotApplicable }

// Rate is the share of applicable answers that are yes, 0 to 100, or -1
// when nothing applicable was answered.
func (c Counts) Rate() int {
	n := c.Yes + c.Partly + c.No
	if n == 0 {
		return -1
	}
	return c.Yes * 100 / n
}

// Line is one row of the report to the CISO: a provision or a 課, this
// 年度 and last.
type Line struct {
	Key, Name  string
	This, Last Counts
}

// NoAnswer is an answer of no (or partly): what the 課 or person admits
// is not done, for the corrective actions of 11.2.4.
type NoAnswer struct {
	Report      int64  `json:"report"`
	Unit        string `json:"unit"`
	SubjectName string `json:"subject_name"`
	Question    string `json:"question"`
	Provision   string `json:"provision"`
	Value       Value  `json:"value"`
	Note        string `json:"note"`
}

// Results is the report of a 年度's self-check to the CISO (11.2.2イ):
// per provision and per 課, compared with last 年度.
type Results struct {
	Campaign Campaign
	// LastYear is the 年度 compared with, or 0 when there was none.
	LastYear   int
	Provisions []Line
	Units      []Line
	Total      Line
	Progress   Tally
	No         []NoAnswer
}
