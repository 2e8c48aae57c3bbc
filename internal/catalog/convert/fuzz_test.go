package convert

import (
	"errors"
	"os"
	"testing"

	"kijun/internal/catalog"
)

// A city's standard is outside input: whatever the file holds, Convert
// returns a catalog that validates with its report, or an *Error or a
// validation error, and never panics.
func FuzzConvert(f *testing.F) {
	if data, err := os.ReadFile("testdata/asahi-kijun.txt"); err == nil {
		f.Add(data)
		f.Add(data[:len(data)/3])
	}
	f.Add([]byte("1. 目的\nア 一つ目である。\n(1) 細目\n① 丸数字\n2. 範囲\n分類\t基準\n3\t高い\n"))
	f.Add([]byte("<html><body><pre>第1章 総則\n第1条 目的\n2 項\n一 号\n</pre></body></html>"))
	f.Add([]byte("目次\n第1章 総則\n第1章 総則\n（目的）\n第1条 前条及び第2条第3項第4号による。\n"))
	f.Add([]byte{0x82, 0xa0, 0x91, 0xe6, 0x31, 0x8f, 0xf0})
	f.Fuzz(func(t *testing.T, data []byte) {
		c, rep, err := Convert(data, Options{})
		if err != nil {
			var ce *Error
			var pe *catalog.ParseError
			if c != nil || rep != nil {
				t.Fatalf("Convert returned a catalog with the error %v", err)
			}
			if !errors.As(err, &ce) && !errors.As(err, &pe) {
				t.Fatalf("Convert failed with %T %v", err, err)
			}
			return
		}
		if err := catalog.Validate("fuzz", c); err != nil {
			t.Fatalf("Convert returned a catalog that does not validate: %v", err)
		}
	})
}
