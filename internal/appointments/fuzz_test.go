package appointments

import (
	"bytes"
	"testing"

	"kijun/internal/kijun"
)

// A workbook of appointments is outside input: Read returns rows or an
// error, never panics, and every row it returns names a known role.
func FuzzRead(f *testing.F) {
	head := "役割コード,対象,職員番号,開始日,終了日,兼務の理由,備考\n"
	f.Add([]byte(head + "ciso,,1003,2026-04-01,,,\n"))
	f.Add([]byte(head + "system_owner,system:juki,1001,2026/4/1,2027-03-31,二人の課,\n"))
	f.Add([]byte(head + "chief,,\"1002\n,x"))
	var b bytes.Buffer
	if err := WriteTemplate(&b); err == nil {
		f.Add(b.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		name := "roles.csv"
		if bytes.HasPrefix(data, []byte("PK")) {
			name = "roles.xlsx"
		}
		rows, _, err := Read(name, data)
		if err != nil {
			if rows != nil || kijun.ErrorCode(err) != kijun.EINVALID {
				t.Fatalf("Read failed with %v (%s), want EINVALID and no rows", err, kijun.ErrorCode(err))
			}
			return
		}
		for _, r := range rows {
			if _, err := r.Role.Spec(); err != nil {
				t.Fatalf("row %d has unknown role %q", r.Line, r.Role)
			}
		}
	})
}
