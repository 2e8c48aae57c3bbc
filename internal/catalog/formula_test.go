package catalog

import (
	"bytes"
	"testing"

	"kijun/internal/sheets/sheetstest"
)

// A provision whose text begins like a formula (a city's own catalog may
// hold any text) is written as a text cell, never as a formula.
func TestWriteXLSXFormulas(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	c.Provisions[0].Title = sheetstest.Formula
	c.Provisions[0].Text = "-（削除）"
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, c); err != nil {
		t.Fatal(err)
	}
	sheetstest.NoFormulas(t, buf.Bytes(), sheetstest.Formula, "-（削除）")
}
