package catalog

import (
	"bytes"
	"regexp"
	"strconv"

	"go.yaml.in/yaml/v3"
)

var yamlLine = regexp.MustCompile(`line (\d+)`)

// Parse reads a catalog from YAML. name is used in error messages, usually
// the file name. Parse returns either a valid catalog or a *ParseError
// listing every problem found; never a half-loaded catalog.
func Parse(name string, data []byte) (*Catalog, error) {
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
	doc := root.Content[0]
	var c Catalog
	lines := map[string]int{}
	var provLines []int
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		switch k.Value {
		case "key", "issuer", "title", "edition", "enacted", "amended", "effective", "source", "id_scheme":
			var s string
			if err := v.Decode(&s); err != nil {
				ps.add(v.Line, "", "%s は文字列でなければならない (%s must be a string)", k.Value, k.Value)
				continue
			}
			lines[k.Value] = v.Line
			setField(&c, k.Value, s)
		case "revisions":
			if err := v.Decode(&c.Revisions); err != nil {
				ps.add(v.Line, "", "改定履歴を読めない (cannot decode revisions: %v)", err)
			}
			lines["revisions"] = v.Line
		case "provisions":
			if v.Kind != yaml.SequenceNode {
				ps.add(v.Line, "", "provisions は列でなければならない (provisions must be a sequence)")
				continue
			}
			for _, n := range v.Content {
				var p Provision
				checkKeys(ps, n, provisionKeys)
				if err := n.Decode(&p); err != nil {
					ps.add(n.Line, "", "規定を読めない (cannot decode provision: %v)", errText(err))
					continue
				}
				c.Provisions = append(c.Provisions, p)
				provLines = append(provLines, n.Line)
			}
		default:
			ps.add(k.Line, "", "未知の項目 %q (unknown key)", k.Value)
		}
	}
	validate(ps, &c, lines, provLines)
	if err := ps.result(); err != nil {
		return nil, err
	}
	return &c, nil
}

var provisionKeys = map[string]bool{
	"id": true, "kind": true, "parent": true, "title": true, "text": true, "table": true, "part": true,
	"oscal_id": true, "obliges": true, "force": true, "operations": true, "refs": true, "implemented_by": true,
}

var operationKeys = map[string]bool{"kind": true, "approver": true, "fields": true, "frequency": true, "note": true}

// checkKeys reports keys of a provision (and of its operations) that the
// format does not know: a misspelt key would otherwise be dropped silently.
func checkKeys(ps *problems, n *yaml.Node, known map[string]bool) {
	if n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !known[k.Value] {
			ps.add(k.Line, "", "未知の項目 %q (unknown key)", k.Value)
		}
		if k.Value == "operations" && n.Content[i+1].Kind == yaml.SequenceNode {
			for _, op := range n.Content[i+1].Content {
				checkKeys(ps, op, operationKeys)
			}
		}
	}
}

func setField(c *Catalog, key, v string) {
	switch key {
	case "key":
		c.Key = v
	case "issuer":
		c.Issuer = v
	case "title":
		c.Title = v
	case "edition":
		c.Edition = v
	case "enacted":
		c.Enacted = v
	case "amended":
		c.Amended = v
	case "effective":
		c.Effective = v
	case "source":
		c.Source = v
	case "id_scheme":
		c.IDScheme = v
	}
}

func errLine(err error) int {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

func errText(err error) string {
	return string(bytes.TrimPrefix([]byte(err.Error()), []byte("yaml: ")))
}
