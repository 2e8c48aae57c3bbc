package align

import (
	"math"
	"sort"
	"strings"
	"unicode"

	"kijun/internal/catalog"
)

// Candidate is one reference provision proposed for a city provision.
type Candidate struct {
	// To is the reference provision's ID.
	To string
	// Score is the similarity with the structure prior, from 0 to about 1.
	Score float64
	// Relationship is how the city provision relates to the candidate.
	Relationship catalog.Relationship
}

// Proposal is the proposed alignment of one city provision.
type Proposal struct {
	// From is the city provision's ID.
	From string
	// Candidates are the reference provisions proposed, best first; empty
	// when nothing in the reference is like it (the city's own provision).
	Candidates []Candidate
	// Doubt is how unsure the proposal is, from 0 (sure) to 1: a low best
	// score, or a second candidate close to the first.
	Doubt float64
}

// Options tune the alignment.
type Options struct {
	// Normalize rewrites text before it is compared, such as role names
	// to the reference's; nil leaves it as it is.
	Normalize func(string) string
	// Candidates is how many candidates to propose; the default is 3.
	Candidates int
	// MinScore is the score below which a candidate is not proposed; the
	// default is 0.12.
	MinScore float64
}

// doc is one provision read for comparison.
type doc struct {
	id      string
	chapter string // the ID of its chapter
	heading bool   // a chapter, section or 条 rather than an item
	leaf    bool   // nothing under it
	article bool   // a 条, or a numbered heading of the lowest level
	parent  string
	title   string             // normalised
	vec     []term             // the weights of its n-grams, by term
	grams   map[string]float64 // n-gram counts, the title's counted thrice
}

// Align proposes, for each provision of city with text, the reference
// provisions it corresponds to, in the city's document order.
func Align(city, ref *catalog.Catalog, opt Options) []Proposal {
	if opt.Candidates == 0 {
		opt.Candidates = 3
	}
	if opt.MinScore == 0 {
		opt.MinScore = 0.12
	}
	norm := func(s string) string {
		if opt.Normalize != nil {
			s = opt.Normalize(s)
		}
		return normalize(s)
	}
	cityDocs := read(city, norm)
	refDocs := read(ref, norm)
	idf := weights(append(append([]*doc{}, cityDocs...), refDocs...))
	vocab := map[string]int32{}
	for _, d := range cityDocs {
		d.vectorise(idf, vocab)
	}
	for _, d := range refDocs {
		d.vectorise(idf, vocab)
	}
	index := invert(refDocs, len(vocab))
	refIndex := map[string]*doc{}
	for _, r := range refDocs {
		refIndex[r.id] = r
	}
	prior := chapterPrior(cityDocs, refDocs, index)
	var out []Proposal
	for _, d := range cityDocs {
		if len(d.vec) == 0 {
			continue
		}
		scores := index.scores(d)
		var cands []Candidate
		for k, s := range scores {
			if s == 0 {
				continue
			}
			r := refDocs[k]
			if r.id == r.chapter && !r.leaf && d.id != d.chapter {
				continue // a chapter of the reference is too broad for a provision
			}
			f := 0.75 + 0.35*prior[d.chapter][r.chapter]
			if r.heading != d.heading {
				f *= 0.75 // a 条 is first a heading's, a 号 an item's
			}
			s *= f
			if d.title != "" && d.title == r.title {
				s += 0.15 // a 条 titled as a reference heading is first that heading
			}
			if s >= opt.MinScore {
				cands = append(cands, Candidate{To: r.id, Score: s})
			}
		}
		sort.Slice(cands, func(i, j int) bool {
			if cands[i].Score != cands[j].Score {
				return cands[i].Score > cands[j].Score
			}
			return cands[i].To < cands[j].To
		})
		if d.article {
			preferSpan(cands, refIndex)
		}
		if len(cands) > opt.Candidates {
			cands = cands[:opt.Candidates]
		}
		for i := range cands {
			cands[i].Relationship = relationship(d, refIndex[cands[i].To], cands[i].Score)
		}
		out = append(out, Proposal{From: d.id, Candidates: cands, Doubt: doubt(cands)})
	}
	return out
}

// preferSpan applies the structure to a 条's candidates, best first: when
// the best is an item whose heading scores nearly as well, the 条 spans
// the heading's items and is the heading's; when the best is a section
// and one of its own headings scores nearly as well, the 条 is that
// narrower heading's.
func preferSpan(cands []Candidate, ref map[string]*doc) {
	if len(cands) < 2 {
		return
	}
	top := ref[cands[0].To]
	for i := 1; i < len(cands); i++ {
		c := ref[cands[i].To]
		switch {
		case !top.heading && c.id == top.parent && cands[i].Score >= 0.9*cands[0].Score,
			top.heading && c.heading && c.parent == top.id && cands[i].Score >= 0.75*cands[0].Score:
			first := cands[i]
			copy(cands[1:i+1], cands[0:i])
			cands[0] = first
			return
		}
	}
}

// read returns each provision as the text of itself and its descendants.
func read(c *catalog.Catalog, norm func(string) string) []*doc {
	text := map[string]*strings.Builder{}
	parent := map[string]string{}
	var order []string
	for _, p := range c.Provisions {
		b := &strings.Builder{}
		text[p.ID] = b
		parent[p.ID] = p.Parent
		order = append(order, p.ID)
		own := p.Title + p.Text
		if p.Table != nil {
			for _, row := range p.Table.Rows {
				for _, cell := range row.Cells {
					own += cell.Text + strings.Join(cell.List, "")
				}
			}
		}
		for id := p.ID; id != ""; id = parent[id] {
			if t, ok := text[id]; ok {
				t.WriteString(own)
			}
			if parent[id] == id {
				break
			}
		}
	}
	chapterOf := func(id string) string {
		for parent[id] != "" && parent[id] != id {
			id = parent[id]
		}
		return id
	}
	hasKids, headingKids := map[string]bool{}, map[string]bool{}
	for _, p := range c.Provisions {
		hasKids[p.Parent] = true
		if p.Kind.Heading() {
			headingKids[p.Parent] = true
		}
	}
	var out []*doc
	for _, p := range c.Provisions {
		g := grams(norm(text[p.ID].String()))
		for t, k := range grams(norm(p.Title)) {
			g[t] += 2 * k
		}
		out = append(out, &doc{id: p.ID, chapter: chapterOf(p.ID), heading: p.Kind.Heading(), leaf: !hasKids[p.ID], grams: g,
			article: p.Kind == catalog.KindSubsection || (p.Kind.Heading() && p.Parent != "" && !headingKids[p.ID]),
			parent:  p.Parent, title: normalize(norm(p.Title))})
	}
	_ = order
	return out
}

// normalize keeps letters and digits in the search form of the catalog.
func normalize(s string) string {
	s = catalog.Normalize(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

func grams(s string) map[string]float64 {
	rs := []rune(s)
	out := map[string]float64{}
	for n := 2; n <= 3; n++ {
		for i := 0; i+n <= len(rs); i++ {
			out[string(rs[i:i+n])]++
		}
	}
	return out
}

// weights returns the inverse document frequency of every n-gram; an
// n-gram in most provisions (しなければ) says little.
func weights(docs []*doc) map[string]float64 {
	df := map[string]int{}
	for _, d := range docs {
		for g := range d.grams {
			df[g]++
		}
	}
	n := float64(len(docs))
	idf := make(map[string]float64, len(df))
	for g, k := range df {
		if float64(k) > n/2 {
			continue
		}
		idf[g] = math.Log(n / float64(k))
	}
	return idf
}

// term is an n-gram by its number in the vocabulary, with its weight.
type term struct {
	id int32
	w  float64
}

func (d *doc) vectorise(idf map[string]float64, vocab map[string]int32) {
	d.vec = d.vec[:0]
	var sum float64
	for g, tf := range d.grams {
		if w, ok := idf[g]; ok {
			w *= 1 + math.Log(tf)
			id, ok := vocab[g]
			if !ok {
				id = int32(len(vocab))
				vocab[g] = id
			}
			d.vec = append(d.vec, term{id, w})
			sum += w * w
		}
	}
	if sum == 0 {
		return
	}
	norm := math.Sqrt(sum)
	for i := range d.vec {
		d.vec[i].w /= norm
	}
}

type posting struct {
	doc int32
	w   float64
}

// inverted lists, for each term, the reference provisions holding it.
type inverted struct {
	postings [][]posting
	docs     int
}

func invert(docs []*doc, terms int) inverted {
	ix := inverted{postings: make([][]posting, terms), docs: len(docs)}
	for k, d := range docs {
		for _, t := range d.vec {
			ix.postings[t.id] = append(ix.postings[t.id], posting{int32(k), t.w})
		}
	}
	return ix
}

// scores returns the cosine similarity of d with every reference
// provision, by index; 0 for those sharing no n-gram with it.
func (ix inverted) scores(d *doc) []float64 {
	out := make([]float64, ix.docs)
	for _, t := range d.vec {
		for _, p := range ix.postings[t.id] {
			out[p.doc] += t.w * p.w
		}
	}
	return out
}

// chapterPrior aligns the chapters first: for each city chapter, how like
// each reference chapter it is, scaled so that the likest is 1.
func chapterPrior(city, ref []*doc, ix inverted) map[string]map[string]float64 {
	out := map[string]map[string]float64{}
	for _, d := range city {
		if d.id != d.chapter {
			continue
		}
		m := map[string]float64{}
		best := 0.0
		for k, s := range ix.scores(d) {
			if s == 0 {
				continue
			}
			r := ref[k]
			if r.id != r.chapter {
				continue
			}
			m[r.id] = s
			best = max(best, s)
		}
		if best > 0 {
			for k := range m {
				m[k] /= best
			}
		}
		out[d.id] = m
	}
	return out
}

// relationship says how the city provision relates to the reference one,
// from how much of each side's n-grams the other holds.
func relationship(city, ref *doc, score float64) catalog.Relationship {
	if ref == nil || len(city.grams) == 0 || len(ref.grams) == 0 {
		return catalog.IntersectsWith
	}
	shared := 0
	for g := range city.grams {
		if ref.grams[g] > 0 {
			shared++
		}
	}
	inRef := float64(shared) / float64(len(city.grams)) // how much of the city's text the reference holds
	inCity := float64(shared) / float64(len(ref.grams))
	switch {
	case inRef >= 0.7 && inCity >= 0.7:
		return catalog.Equivalent
	case inRef >= 0.7:
		return catalog.SubsetOf
	case inCity >= 0.7:
		return catalog.SupersetOf
	}
	_ = score
	return catalog.IntersectsWith
}

// doubt is high when the best score is low or the second is close to it.
func doubt(cands []Candidate) float64 {
	if len(cands) == 0 {
		return 1
	}
	top := cands[0].Score
	d := 1 - min(top, 1)
	if len(cands) > 1 && top > 0 {
		d = 0.6*d + 0.4*(cands[1].Score/top)
	} else {
		d *= 0.6
	}
	return math.Round(d*1000) / 1000
}
