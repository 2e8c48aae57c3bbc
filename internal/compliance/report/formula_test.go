package report

import (
	"bytes"
	"testing"

	"kijun/internal/sheets/sheetstest"
)

// A finding about a record whose name begins like a formula is written
// as a text cell, never as a formula.
func TestWriteXLSXFormulas(t *testing.T) {
	findings := testFindings()
	findings[0].SubjectName = sheetstest.Formula
	findings[0].Detail = "+1"
	var b bytes.Buffer
	if err := WriteXLSX(&b, findings, testMeta(t)); err != nil {
		t.Fatal(err)
	}
	sheetstest.NoFormulas(t, b.Bytes(), sheetstest.Formula, "+1")
}
