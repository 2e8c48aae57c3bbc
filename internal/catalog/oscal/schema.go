package oscal

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// schemaJSON is NIST's OSCAL 1.1.2 complete JSON Schema (public domain).
//
//go:embed schema/oscal_complete_schema-1.1.2.json
var schemaJSON []byte

// The definitions of the models Kijun writes, in the complete schema.
const (
	catalogDefinition   = "#/definitions/oscal-complete-oscal-catalog:catalog"
	resultsDefinition   = "#/definitions/oscal-complete-oscal-ar:assessment-results"
	componentDefinition = "#/definitions/oscal-complete-oscal-component-definition:component-definition"
)

// Problem is one reason an OSCAL document was refused.
type Problem struct {
	// File is the name the document was loaded under.
	File string
	// Path is the JSON pointer of the offending value (instance
	// location), such as /catalog/metadata/title; "" for the whole document.
	Path string
	// Reason says what is wrong.
	Reason string
}

// Error lists the problems of a refused OSCAL document.
type Error struct {
	// Problems are the problems found, sorted by path.
	Problems []Problem
}

// Error returns one problem per line, as file: path: reason.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = fmt.Sprintf("%s: %s: %s", p.File, displayPath(p.Path), p.Reason)
	}
	return strings.Join(lines, "\n")
}

func displayPath(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// Validator checks OSCAL documents of one model against a JSON Schema.
type Validator struct {
	schema *jsonschema.Schema
	// root is the document's root key, which names its model: "catalog".
	root string
}

// NewValidator compiles the catalog model of an OSCAL complete JSON Schema;
// schema nil means the OSCAL 1.1.2 schema embedded in the package.
func NewValidator(schema []byte) (*Validator, error) {
	return newValidator(schema, "catalog", catalogDefinition)
}

// NewResultsValidator compiles the assessment-results model of an OSCAL
// complete JSON Schema, for the findings Kijun exports; schema nil means the
// embedded OSCAL 1.1.2 schema.
func NewResultsValidator(schema []byte) (*Validator, error) {
	return newValidator(schema, "assessment-results", resultsDefinition)
}

// NewComponentValidator compiles the component-definition model of an
// OSCAL complete JSON Schema, for the statement of applicability Kijun
// exports; schema nil means the embedded OSCAL 1.1.2 schema.
func NewComponentValidator(schema []byte) (*Validator, error) {
	return newValidator(schema, "component-definition", componentDefinition)
}

func newValidator(schema []byte, root, definition string) (*Validator, error) {
	if schema == nil {
		schema = schemaJSON
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		return nil, fmt.Errorf("read oscal schema: %w", err)
	}
	const url = "file:///oscal_complete_schema.json"
	c := jsonschema.NewCompiler()
	if err := c.AddResource(url, doc); err != nil {
		return nil, fmt.Errorf("add oscal schema: %w", err)
	}
	sch, err := c.Compile(url + definition)
	if err != nil {
		return nil, fmt.Errorf("compile oscal %s schema: %w", root, err)
	}
	return &Validator{schema: sch, root: root}, nil
}

// Validate checks that data is JSON whose root key ("catalog" for a
// catalog) holds a valid document of the validator's model. It returns an *Error naming the file, the JSON path and the
// reason of each problem, or nil.
func (v *Validator) Validate(name string, data []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return &Error{Problems: []Problem{{File: name, Reason: "malformed JSON: " + syntaxReason(data)}}}
	}
	root, ok := inst.(map[string]any)
	if !ok || root[v.root] == nil {
		return &Error{Problems: []Problem{{File: name, Reason: fmt.Sprintf("not an OSCAL %s: no root key %q", v.root, v.root)}}}
	}
	err = v.schema.Validate(root[v.root])
	var ve *jsonschema.ValidationError
	if err == nil {
		return nil
	}
	if !errors.As(err, &ve) {
		return &Error{Problems: []Problem{{File: name, Path: "/" + v.root, Reason: err.Error()}}}
	}
	var ps []Problem
	seen := map[string]bool{}
	printer := message.NewPrinter(language.English)
	var walk func(*jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		p := Problem{File: name, Path: "/" + v.root + jsonPointer(e.InstanceLocation), Reason: e.ErrorKind.LocalizedString(printer)}
		if key := p.Path + "\x00" + p.Reason; !seen[key] {
			seen[key] = true
			ps = append(ps, p)
		}
	}
	walk(ve)
	if len(ps) == 0 {
		ps = append(ps, Problem{File: name, Path: "/" + v.root, Reason: ve.Error()})
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Path < ps[j].Path })
	return &Error{Problems: ps}
}

// syntaxReason describes a JSON syntax error with its line and column.
func syntaxReason(data []byte) string {
	var v any
	err := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		before := data[:se.Offset]
		line := bytes.Count(before, []byte("\n")) + 1
		col := int(se.Offset) - bytes.LastIndexByte(before, '\n') - 1
		return fmt.Sprintf("line %d column %d: %v", line, col, se)
	}
	if err != nil {
		return err.Error()
	}
	return "unreadable JSON"
}

// jsonPointer writes a path as a JSON pointer (RFC 6901).
func jsonPointer(path []string) string {
	var b strings.Builder
	for _, seg := range path {
		b.WriteString("/" + strings.ReplaceAll(strings.ReplaceAll(seg, "~", "~0"), "/", "~1"))
	}
	return b.String()
}
