package training

import (
	"bytes"
	"testing"

	"kijun/internal/kijun"
)

// An attendance file is outside input: ReadFile returns rows or an
// EINVALID error, never panics, and Check refuses or accepts every row it
// returns, never half.
func FuzzReadFile(f *testing.F) {
	head := "職員番号,研修コード,受講日,点数,合否\n"
	f.Add([]byte(head + "1001,all,2026-07-01,90,合格\n"))
	f.Add([]byte(head + "1001,all,46204,,\n1001,all,2026-07-01,,\n"))
	f.Add([]byte(head + "\"1002\n,x"))
	var b bytes.Buffer
	if err := WriteTemplate(&b); err == nil {
		f.Add(b.Bytes())
	}
	k := Known{People: map[string]bool{"1001": true, "1002": true}, Courses: map[string]Course{"all": courses2026()[0]}, Recorded: map[string]bool{}}
	f.Fuzz(func(t *testing.T, data []byte) {
		name := "a.csv"
		if bytes.HasPrefix(data, []byte("PK")) {
			name = "a.xlsx"
		}
		rows, err := ReadFile(name, data)
		if err != nil {
			if rows != nil || kijun.ErrorCode(err) != kijun.EINVALID {
				t.Fatalf("ReadFile failed with %v (%s), want EINVALID and no rows", err, kijun.ErrorCode(err))
			}
			return
		}
		got, err := Check(rows, k)
		if err != nil {
			if got != nil || kijun.ErrorCode(err) != kijun.EINVALID {
				t.Fatalf("Check failed with %v, want EINVALID and nothing", err)
			}
			return
		}
		if len(got) != len(rows) {
			t.Fatalf("Check kept %d of %d rows", len(got), len(rows))
		}
		for _, a := range got {
			if !k.People[a.StaffNo] || !k.Courses[a.CourseID].Covers(a.On) {
				t.Fatalf("accepted %+v", a)
			}
		}
	})
}

// A drill's results are outside input too: ReadDrillFile returns rows or
// an EINVALID error, never panics, and no row clicks an unopened mail.
func FuzzReadDrillFile(f *testing.F) {
	head := "職員番号,開封,クリック,報告\n"
	f.Add([]byte(head + "1001,○,○,×\n1002,×,×,○\n"))
	f.Add([]byte(head + "1001,はい,1,FALSE\n,x,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		name := "d.csv"
		if bytes.HasPrefix(data, []byte("PK")) {
			name = "d.xlsx"
		}
		rs, err := ReadDrillFile(name, data)
		if err != nil {
			if rs != nil || kijun.ErrorCode(err) != kijun.EINVALID {
				t.Fatalf("ReadDrillFile: %v (%s)", err, kijun.ErrorCode(err))
			}
			return
		}
		for _, r := range rs {
			if r.Clicked && !r.Opened || r.StaffNo == "" {
				t.Fatalf("row %+v", r)
			}
		}
	})
}
