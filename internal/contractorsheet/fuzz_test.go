package contractorsheet

import (
	"bytes"
	"errors"
	"testing"

	"kijun/internal/kijun"
)

// FuzzRead reads any bytes as a workbook of the register: it gives rows
// or an EINVALID error, and never panics.
func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	if err := WriteTemplate(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Read("f.xlsx", data)
		var ie *kijun.ImportError
		if err != nil && kijun.ErrorCode(err) != kijun.EINVALID && !errors.As(err, &ie) {
			t.Fatalf("an unreadable workbook gave %v, want an EINVALID error", err)
		}
		if err == nil && len(b.Contractors)+len(b.Contracts)+len(b.Links)+len(b.Staff) > 200_000*4 {
			t.Fatalf("rows past the limit")
		}
		if checks, err := ParseChecks(string(data)); err == nil {
			_ = FormatChecks(checks)
		}
	})
}
