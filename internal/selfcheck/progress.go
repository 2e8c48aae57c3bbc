package selfcheck

// Tally counts the reports of a 課, a 局 or the city.
type Tally struct {
	// Code and Name name the 課 or 局; empty for the city.
	Code, Name string
	Reports    int
	// Answered counts reports with at least one answer.
	Answered  int
	Submitted int
	// Overdue counts reports not submitted by the due day.
	Overdue int
	// Contradicted counts unexplained contradicted answers.
	Contradicted int
}

// Add adds o's counts to t.
func (t *Tally) Add(o Tally) {
	t.Reports += o.Reports
	t.Answered += o.Answered
	t.Submitted += o.Submitted
	t.Overdue += o.Overdue
	t.Contradicted += o.Contradicted
}

// Percent is the share of reports submitted, 0 to 100.
func (t Tally) Percent() int {
	if t.Reports == 0 {
		return 0
	}
	return t.Submitted * 100 / t.Reports
}

// Bureau is a 局's tally and its 課'.
type Bureau struct {
	Tally
	Units []Tally
}

// Progress is a campaign's progress per 局 and 課 (11.2.2).
type Progress struct {
	Campaign Campaign
	Bureaus  []Bureau
	Total    Tally
}
