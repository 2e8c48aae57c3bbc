// Package report writes the findings of the compliance checks (9.2.1) for
// people and tools outside Kijun: a workbook for the 情報セキュリティ委員会
// and the 課, and an OSCAL 1.1.2 assessment-results document for auditors'
// tools.
package report

import (
	"strings"
	"time"

	"kijun/internal/catalog"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

// Meta is what an export says about the findings it holds.
type Meta struct {
	// Catalog is the standard the rules check. The workbook names chapters
	// by it; the OSCAL document names the city and its controls by it, and
	// needs it.
	Catalog *catalog.Catalog
	// Run is the check run the findings come from, normally the latest
	// full run (store.DB.LastCheckRun); zero before the first.
	Run store.CheckRun
	// Provisions are the provisions the rules in force check, whether or
	// not they found anything: the controls the results say were reviewed.
	Provisions []string
	// City is the name of the city whose registers were checked, the
	// party the OSCAL document is about; "" means the catalog's issuer.
	City string
	// Units names the 課 by code; a code without a name is shown bare.
	Units map[string]string
	// Generated is when the export is made.
	Generated time.Time
}

// unit is a 課 as a person reads it: its code and, when known, its name.
func (m Meta) unit(code string) string {
	if name := m.Units[code]; name != "" && code != "" {
		return code + " " + name
	}
	return code
}

// runStart is when the run began; the export time before the first run.
func (m Meta) runStart() time.Time {
	if m.Run.At.IsZero() {
		return m.Generated
	}
	return m.Run.At
}

// chapter is the chapter a provision ID sits in: 6 for 6.1.5.ア.
func chapter(provision string) string {
	ch, _, _ := strings.Cut(provision, ".")
	return ch
}

// subjectID is the record's ID without its kind: juki for system:juki.
func subjectID(subject string) string {
	if _, id, ok := strings.Cut(subject, ":"); ok {
		return id
	}
	return subject
}

func jst(t time.Time) time.Time { return t.In(wareki.JST()) }
