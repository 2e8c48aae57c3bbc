package catalog

// CoverageReport says, chapter by chapter, how a catalog's provisions are
// operationalised and which Kijun features implement them.
type CoverageReport struct {
	// Chapters has one entry per chapter, in document order.
	Chapters []ChapterCoverage
	// Total sums the chapters.
	Total ChapterCoverage
	// TextOnly lists the IDs of the provisions no feature implements yet
	// (empty ImplementedBy), in document order.
	TextOnly []string
}

// ChapterCoverage counts the provisions of one chapter, the chapter's own
// heading included.
type ChapterCoverage struct {
	// ID and Title identify the chapter; empty for the total.
	ID, Title string
	// Provisions is the number of provisions in the chapter.
	Provisions int
	// ByOperation counts provisions by operation kind; a provision with
	// two operations of different kinds counts under both.
	ByOperation map[OpKind]int
	// ByImplementation counts provisions by the feature that implements
	// them; "" counts those that only have text.
	ByImplementation map[string]int
}

// Coverage computes the coverage report of c.
func Coverage(c *Catalog) CoverageReport {
	var r CoverageReport
	r.Total = newChapterCoverage("", "")
	chapterOf := map[string]int{}
	for _, p := range c.Provisions {
		idx, ok := chapterOf[p.Parent]
		if p.Parent == "" {
			r.Chapters = append(r.Chapters, newChapterCoverage(p.ID, p.Title))
			idx, ok = len(r.Chapters)-1, true
		}
		if !ok {
			continue // a parent that does not exist; Parse refuses such catalogs
		}
		chapterOf[p.ID] = idx
		count(&r.Chapters[idx], p)
		count(&r.Total, p)
		if len(p.ImplementedBy) == 0 {
			r.TextOnly = append(r.TextOnly, p.ID)
		}
	}
	return r
}

func newChapterCoverage(id, title string) ChapterCoverage {
	return ChapterCoverage{ID: id, Title: title, ByOperation: map[OpKind]int{}, ByImplementation: map[string]int{}}
}

func count(cc *ChapterCoverage, p Provision) {
	cc.Provisions++
	seen := map[OpKind]bool{}
	for _, op := range p.Operations {
		if !seen[op.Kind] {
			seen[op.Kind] = true
			cc.ByOperation[op.Kind]++
		}
	}
	if len(p.ImplementedBy) == 0 {
		cc.ByImplementation[""]++
	}
	for _, f := range p.ImplementedBy {
		cc.ByImplementation[f]++
	}
}
