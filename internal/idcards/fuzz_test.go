package idcards

import (
	"bytes"
	"testing"

	"kijun/internal/kijun"
)

// A register of cards is outside input: ReadFile returns rows or an
// EINVALID error, never panics; Check never lets one number go to two.
func FuzzReadFile(f *testing.F) {
	head := "カード番号,種別,職員番号,共用の課,交付日,切替え前のカード番号,備考\n"
	f.Add([]byte(head + "C-1,ID カード,1001,,2026-04-01,,\n"))
	f.Add([]byte(head + "C-1,トークン,,111,46204,,\nC-1,card,1002,,2026/4/1,C-1,x\n"))
	var b bytes.Buffer
	if err := WriteTemplate(&b); err == nil {
		f.Add(b.Bytes())
	}
	k := Known{People: map[string]bool{"1001": false, "1002": false}, Units: map[string]bool{"111": true}, Cards: map[string]Card{}, UnitOf: map[string]string{}}
	f.Fuzz(func(t *testing.T, data []byte) {
		name := "c.csv"
		if bytes.HasPrefix(data, []byte("PK")) {
			name = "c.xlsx"
		}
		rows, err := ReadFile(name, data)
		if err != nil {
			if rows != nil || kijun.ErrorCode(err) != kijun.EINVALID {
				t.Fatalf("ReadFile: %v (%s)", err, kijun.ErrorCode(err))
			}
			return
		}
		cards, err := Check(rows, k)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, c := range cards {
			if seen[c.Number] {
				t.Fatalf("card %s issued twice", c.Number)
			}
			seen[c.Number] = true
		}
	})
}
