package incidentsheet

import (
	"bytes"
	"testing"
	"time"

	"kijun/internal/incidents"
	"kijun/internal/sheets/sheetstest"
)

// An incident whose title begins like a formula is listed as a text
// cell, never as a formula.
func TestWriteYearFormulas(t *testing.T) {
	at := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	rows := []incidents.StatRow{{ID: 1, Title: sheetstest.Formula, Kind: incidents.KindLoss, DiscoveredAt: at, Unit: "@10101",
		Contractor: "F1", ContractorName: sheetstest.Formula}}
	var b bytes.Buffer
	if err := WriteYear(&b, "令和8年度", incidents.Compute(rows), rows); err != nil {
		t.Fatal(err)
	}
	sheetstest.NoFormulas(t, b.Bytes(), sheetstest.Formula, "@10101", sheetstest.Formula+"（F1）")
}
