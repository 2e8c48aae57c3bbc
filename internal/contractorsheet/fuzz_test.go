package contractorsheet

import (
	"bytes"
	"errors"
	"testing"

	"kijun/internal/kijun"
	"kijun/internal/store"
)

// FuzzRead reads any bytes as a workbook of the register, all seven
// sheets: it gives rows or an EINVALID error, and never panics.
func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	if err := WriteTemplate(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	// The sheets of checks, returns and services, with a wrong cell each.
	bad := extrasBook()
	bad.Checks[0].Item.Kind, bad.Returns[0].Item.Outcome, bad.Services[0].Item.Kind = "電話", "紛失", "無料"
	for _, b := range []store.ContractorBook{extrasBook(), bad} {
		var w bytes.Buffer
		if err := write(&w, b); err != nil {
			f.Fatal(err)
		}
		f.Add(w.Bytes())
	}
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Read("f.xlsx", data)
		var ie *kijun.ImportError
		if err != nil && kijun.ErrorCode(err) != kijun.EINVALID && !errors.As(err, &ie) {
			t.Fatalf("an unreadable workbook gave %v, want an EINVALID error", err)
		}
		if err == nil && len(b.Contractors)+len(b.Contracts)+len(b.Links)+len(b.Staff)+len(b.Checks)+len(b.Returns)+len(b.Services) > 200_000*7 {
			t.Fatalf("rows past the limit")
		}
		if checks, err := ParseChecks(string(data)); err == nil {
			_ = FormatChecks(checks)
		}
	})
}
