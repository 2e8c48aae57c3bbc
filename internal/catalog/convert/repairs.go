package convert

import (
	"strings"

	"kijun/internal/catalog"
)

// Repair corrects one artefact of the text's conversion (from PDF, most
// often) in one provision: From becomes To.
type Repair struct {
	// ID is the provision the repair applies to.
	ID string
	// From is the text as converted, such as ならぬ。.
	From string
	// To is the text as the standard has it, such as ならない。.
	To string
}

// ReadRepairs reads the repairs from a table in Markdown, one row a
// repair, as the notes beside a catalog keep them:
//
//	| ID | 種類 | 誤 | 正 | 説明 |
//	| 4.1 | 置換 | 従つて | 従って | 促音が「つ」と変換されていた |
//
// Only rows of kind 置換 (replace) are repairs; others are notes.
func ReadRepairs(data []byte) []Repair {
	var out []Repair
	for _, l := range strings.Split(string(data), "\n") {
		cells := strings.Split(l, "|")
		if len(cells) < 6 || strings.TrimSpace(cells[2]) != "置換" {
			continue
		}
		out = append(out, Repair{ID: strings.TrimSpace(cells[1]), From: strings.TrimSpace(cells[3]), To: strings.TrimSpace(cells[4])})
	}
	return out
}

// applyRepairs applies each repair to its provision's text; a repair that
// names no provision or whose text is not there is an error, since the
// repairs would no longer say what was changed.
func applyRepairs(c *catalog.Catalog, repairs []Repair, rep *Report) error {
	for _, r := range repairs {
		p := c.Find(r.ID)
		if p == nil {
			return errorf(0, "修正 %q → %q の規定 %s が本文にない (repair names a provision not in the text)", r.From, r.To, r.ID)
		}
		if r.From == "" || !strings.Contains(p.Text, r.From) {
			return errorf(0, "%s: 修正 %q → %q が本文に当てはまらない (repair does not apply to the text)", r.ID, r.From, r.To)
		}
		p.Text = strings.ReplaceAll(p.Text, r.From, r.To)
		rep.add(0, r.ID, UseRepair, r.From+" → "+r.To, "変換の誤りを修正した (conversion artefact repaired)")
	}
	return nil
}
