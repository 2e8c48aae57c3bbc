package catalog

import (
	"go.yaml.in/yaml/v3"
)

// MappingSet is a mapping file: the mappings from the provisions of one
// catalog to the controls of another.
type MappingSet struct {
	// FromCatalog is the key of the source catalog, such as "kobe-kijun".
	FromCatalog string `yaml:"from_catalog"`
	// FromEdition is the edition of the source catalog, such as "5.5".
	FromEdition string `yaml:"from_edition"`
	// ToCatalog is the key of the target catalog, such as "nist-sp800-53r5".
	ToCatalog string `yaml:"to_catalog"`
	// ToSource says which publication of the target the IDs come from.
	ToSource string `yaml:"to_source,omitempty"`
	// Mappings are the mappings in file order; each has its catalogs set.
	Mappings []Mapping `yaml:"mappings"`

	lines []int
}

// mappingEntry is a mapping as written in the file, where the catalogs come
// from the file's header.
type mappingEntry struct {
	From         string       `yaml:"from"`
	To           string       `yaml:"to"`
	Relationship Relationship `yaml:"relationship"`
	Note         string       `yaml:"note"`
}

// ParseMappings reads a mapping file. Like Parse it returns either a valid
// set or a *ParseError naming the file and line of each problem.
func ParseMappings(name string, data []byte) (*MappingSet, error) {
	ps := &problems{file: name}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		ps.add(errLine(err), "", "YAML の構文誤り (yaml syntax error: %v)", err)
		return nil, ps.result()
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		ps.add(root.Line, "", "最上位がマッピングではない (top level is not a mapping)")
		return nil, ps.result()
	}
	ms := &MappingSet{}
	doc := root.Content[0]
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		switch k.Value {
		case "from_catalog", "from_edition", "to_catalog", "to_source":
			var s string
			if err := v.Decode(&s); err != nil {
				ps.add(v.Line, "", "%s は文字列でなければならない (%s must be a string)", k.Value, k.Value)
			}
			*map[string]*string{"from_catalog": &ms.FromCatalog, "from_edition": &ms.FromEdition, "to_catalog": &ms.ToCatalog, "to_source": &ms.ToSource}[k.Value] = s
		case "mappings":
			for _, n := range v.Content {
				var e mappingEntry
				checkKeys(ps, n, map[string]bool{"from": true, "to": true, "relationship": true, "note": true})
				if err := n.Decode(&e); err != nil {
					ps.add(n.Line, "", "対応を読めない (cannot decode mapping: %v)", errText(err))
					continue
				}
				ms.Mappings = append(ms.Mappings, Mapping{From: e.From, To: e.To, Relationship: e.Relationship, Note: e.Note})
				ms.lines = append(ms.lines, n.Line)
			}
		default:
			ps.add(k.Line, "", "未知の項目 %q (unknown key)", k.Value)
		}
	}
	if ms.FromCatalog == "" || ms.ToCatalog == "" {
		ps.add(1, "", "from_catalog と to_catalog が必要 (missing catalog keys)")
	}
	seen := map[[2]string]int{}
	for i := range ms.Mappings {
		m := &ms.Mappings[i]
		m.FromCatalog, m.ToCatalog = ms.FromCatalog, ms.ToCatalog
		line := ms.lines[i]
		if m.From == "" || m.To == "" {
			ps.add(line, m.From, "from と to が必要 (mapping needs from and to)")
		}
		if !m.Relationship.Valid() {
			ps.add(line, m.From, "未知の関係 %q (unknown relationship)", m.Relationship)
		}
		key := [2]string{m.From, m.To}
		if first, dup := seen[key]; dup {
			ps.add(line, m.From, "%s → %s の重複、最初は %d 行 (duplicate mapping)", m.From, m.To, first)
		}
		seen[key] = line
	}
	if err := ps.result(); err != nil {
		return nil, err
	}
	return ms, nil
}

// Check verifies the set against its source catalog and the IDs of its
// target: every From must be a provision of from and every To must satisfy
// targetExists. It returns a *ParseError naming the lines, or nil.
func (ms *MappingSet) Check(name string, from *Catalog, targetExists func(id string) bool) error {
	ps := &problems{file: name}
	if from.Key != ms.FromCatalog {
		ps.add(1, "", "from_catalog %q が規定集 %q と違う (source catalog mismatch)", ms.FromCatalog, from.Key)
	}
	for i, m := range ms.Mappings {
		line := 0
		if i < len(ms.lines) {
			line = ms.lines[i]
		}
		if from.Find(m.From) == nil {
			ps.add(line, m.From, "対応元の規定が存在しない (source provision does not exist)")
		}
		if targetExists != nil && !targetExists(m.To) {
			ps.add(line, m.From, "対応先 %q が存在しない (target control does not exist)", m.To)
		}
	}
	return ps.result()
}
