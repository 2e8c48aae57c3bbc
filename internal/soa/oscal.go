package soa

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"kijun/internal/catalog/oscal"
)

type componentDocument struct {
	ComponentDefinition componentDefinition `json:"component-definition"`
}

type componentDefinition struct {
	UUID       string      `json:"uuid"`
	Metadata   cdMetadata  `json:"metadata"`
	Components []component `json:"components"`
}

type cdMetadata struct {
	Title        string `json:"title"`
	LastModified string `json:"last-modified"`
	Version      string `json:"version"`
	OSCALVersion string `json:"oscal-version"`
	Remarks      string `json:"remarks,omitempty"`
}

type component struct {
	UUID                   string                  `json:"uuid"`
	Type                   string                  `json:"type"`
	Title                  string                  `json:"title"`
	Description            string                  `json:"description"`
	ControlImplementations []controlImplementation `json:"control-implementations"`
}

type controlImplementation struct {
	UUID                    string                   `json:"uuid"`
	Source                  string                   `json:"source"`
	Description             string                   `json:"description"`
	Props                   []cdProp                 `json:"props,omitempty"`
	ImplementedRequirements []implementedRequirement `json:"implemented-requirements"`
}

type implementedRequirement struct {
	UUID        string        `json:"uuid"`
	ControlID   string        `json:"control-id"`
	Description string        `json:"description"`
	Props       []cdProp      `json:"props,omitempty"`
	Links       []cdLink      `json:"links,omitempty"`
	Statements  []cdStatement `json:"statements,omitempty"`
	Remarks     string        `json:"remarks,omitempty"`
}

type cdStatement struct {
	StatementID string   `json:"statement-id"`
	UUID        string   `json:"uuid"`
	Description string   `json:"description"`
	Props       []cdProp `json:"props,omitempty"`
	Links       []cdLink `json:"links,omitempty"`
}

type cdProp struct {
	Name  string `json:"name"`
	NS    string `json:"ns,omitempty"`
	Value string `json:"value"`
}

type cdLink struct {
	Href string `json:"href"`
	Text string `json:"text,omitempty"`
}

// OSCALMeta is what the OSCAL export needs besides the statement.
type OSCALMeta struct {
	// Generated is when the statement was computed: the document's
	// last-modified.
	Generated time.Time
	// Version is Kijun's version, the component's version.
	Version string
	// Source is the href of the catalog the controls are in, such as the
	// page that serves its OSCAL export.
	Source string
	// Base is prefixed to the supports' links.
	Base string
}

// WriteOSCAL writes the statement as an OSCAL 1.1.2 component definition
// in JSON: Kijun is one software component whose control implementation
// holds one implemented requirement per control of the catalog that
// something supports, with a statement per supported item (part) of it.
// Control and statement IDs are those oscal.Export gives the catalog.
// A supported provision the OSCAL catalog keeps as a group (a chapter or
// section with sections under it) has no control to point at; it is
// named in the control implementation's remarks prop instead. UUIDs are
// name-based, so the same statement gives the same document.
func WriteOSCAL(w io.Writer, st *Statement, m OSCALMeta) error {
	c := st.Catalog
	if m.Generated.IsZero() {
		return fmt.Errorf("write oscal component definition: the time it was computed is needed")
	}
	version := m.Version
	if version == "" {
		version = "dev"
	}
	key := c.Key + ":" + c.Edition
	ci := controlImplementation{
		UUID:   oscal.NameUUID("soa:control-implementation:" + key),
		Source: m.Source,
		Description: fmt.Sprintf("%s（第%s版）の条項のうち、Kijun が点検ルール・申請・記録・定期処理・画面・自己点検で実装するもの。%d 条項中 %d。",
			c.Title, c.Edition, st.Total.Provisions, st.Total.Supported),
	}
	byControl := map[string]int{}
	var groups []string
	for _, r := range st.Rows {
		if !r.Supported() {
			continue
		}
		ctl, smt, ok := oscal.Target(c, r.Provision.ID)
		if !ok {
			groups = append(groups, r.Provision.ID)
			continue
		}
		i, seen := byControl[ctl]
		if !seen {
			i = len(ci.ImplementedRequirements)
			byControl[ctl] = i
			ci.ImplementedRequirements = append(ci.ImplementedRequirements, implementedRequirement{
				UUID: oscal.NameUUID("soa:requirement:" + key + ":" + ctl), ControlID: ctl})
		}
		ir := &ci.ImplementedRequirements[i]
		desc, props, links := describe(r, m.Base)
		if smt == "" || smt == ctl+"_smt" || smt == ctl+"_tbl" {
			// The heading itself: its supports describe the requirement.
			ir.Description = join(ir.Description, desc)
			ir.Props = append(ir.Props, props...)
			ir.Links = append(ir.Links, links...)
			continue
		}
		ir.Statements = append(ir.Statements, cdStatement{StatementID: smt, UUID: oscal.NameUUID("soa:statement:" + key + ":" + smt),
			Description: desc, Props: props, Links: links})
	}
	for i := range ci.ImplementedRequirements {
		ir := &ci.ImplementedRequirements[i]
		if ir.Description == "" {
			ir.Description = fmt.Sprintf("この条項の %d 項目を Kijun が実装する（各 statement を参照）。", len(ir.Statements))
		}
	}
	if len(groups) > 0 {
		ci.Props = append(ci.Props, cdProp{Name: "group-provisions", NS: oscal.NS, Value: strings.Join(groups, " ")})
	}
	if len(ci.ImplementedRequirements) == 0 {
		return fmt.Errorf("write oscal component definition: nothing in %s 第%s版 is supported, and OSCAL needs at least one requirement", c.Title, c.Edition)
	}
	doc := componentDocument{ComponentDefinition: componentDefinition{
		UUID: oscal.NameUUID("soa:component-definition:" + key + ":" + version),
		Metadata: cdMetadata{Title: "Kijun 適用宣言: " + c.Title + " 第" + c.Edition + "版",
			LastModified: m.Generated.UTC().Format(time.RFC3339), Version: version, OSCALVersion: "1.1.2",
			Remarks: "Kijun の点検ルール・申請の種類・記録・定期処理・画面・自己点検の設問が指す条項から計算した適用宣言。"},
		Components: []component{{UUID: oscal.NameUUID("soa:component:kijun"), Type: "software", Title: "Kijun",
			Description:            "地方公共団体の情報セキュリティ対策基準を実行可能にするシステム。",
			ControlImplementations: []controlImplementation{ci}}},
	}}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("write oscal component definition: %w", err)
	}
	_, err = w.Write(append(out, '\n'))
	return err
}

// describe writes a row's supports as a description, props (one per
// support, named by kind) and links (one per support that has a page).
func describe(r Row, base string) (string, []cdProp, []cdLink) {
	var lines []string
	var props []cdProp
	var links []cdLink
	for _, s := range r.Supports {
		line := r.Provision.ID + ": " + s.Kind.Label() + " " + s.Name
		if s.Title != "" {
			line += "（" + s.Title + "）"
		}
		lines = append(lines, line)
		props = append(props, cdProp{Name: "kijun-" + string(s.Kind), NS: oscal.NS, Value: s.Name})
		if s.Link != "" {
			links = append(links, cdLink{Href: base + s.Link, Text: s.Kind.Label() + " " + s.Name})
		}
	}
	return strings.Join(lines, "\n"), props, links
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n" + b
}
