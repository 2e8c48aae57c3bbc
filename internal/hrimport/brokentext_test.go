package hrimport_test

import (
	"errors"
	"strings"
	"testing"

	"kijun/internal/hrimport"
	"kijun/internal/kijun"
)

// An HR file in Shift_JIS with a broken character in a name is refused,
// naming the row and the column; no name is read with U+FFFD in it.
func TestBrokenShiftJIS(t *testing.T) {
	lines := strings.SplitAfter(goodCSV, "\n")
	var data []byte
	for i, l := range lines {
		b := sjis(t, l)
		if i == 3 { // the 4th row of the sheet: 佐藤 花子
			b = append(sjis(t, "023456,佐藤 "), 0x81, 0x20) // a lead byte without its second
			b = append(b, sjis(t, strings.TrimPrefix(l, "023456,佐藤 "))...)
		}
		data = append(data, b...)
	}
	_, err := hrimport.Read("idou.csv", data)
	var ie *kijun.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v, want the row refused", err)
	}
	found := false
	for _, e := range ie.Errors {
		if e.Row == 4 && e.Column == hrimport.ColName && strings.Contains(e.Reason, "Shift_JIS") {
			found = true
		}
		if e.Row != 4 {
			t.Errorf("an error on another row: %+v", e)
		}
	}
	if !found {
		t.Errorf("errors %+v; want row 4, column 氏名, saying Shift_JIS", ie.Errors)
	}
}
