package operations

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"kijun/internal/kijun"
)

// FuzzReadFeed: any bytes are read as a feed or refused with an EINVALID
// error; never a panic, never records and an error that is not one.
func FuzzReadFeed(f *testing.F) {
	var b bytes.Buffer
	if err := WriteNVD(&b, sampleVulns(), now); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add([]byte(`[{"id":"GHSA-1","affected":[{"package":{"name":"x"},"ranges":[{"type":"SEMVER","events":[{"introduced":"1.0"},{"last_affected":"1.2"}]}],"versions":["0.9"]}]}]`))
	f.Add([]byte(`{"id":"OSV-1","severity":[{"score":"7.5"}]}`))
	f.Add([]byte(`{"format":"NVD_CVE"}`))
	if jvn, err := os.ReadFile("testdata/jvnrss-sample.rdf"); err == nil {
		f.Add(jvn)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ReadFeed(bytes.NewReader(data), FormatAuto, func(v Vuln) error {
			if v.ID == "" || v.Score < 0 || v.Score > 10 {
				t.Fatalf("a record read without its id or with a score out of range: %+v", v)
			}
			for _, a := range v.Affects {
				a.Covers("1.0")
			}
			return nil
		})
		if err != nil && kijun.ErrorCode(err) != kijun.EINVALID {
			t.Fatalf("a fault of the file is not EINVALID: %v", err)
		}
	})
}

// FuzzReadWorkCSV: any bytes are read as work records, each one checked,
// or refused whole with an EINVALID error.
func FuzzReadWorkCSV(f *testing.F) {
	f.Add("チケット番号,システムID,作業日時,作業者,作業内容,対象,結果\nT-1,SYS-1,2026-05-01 10:00,1001,パッチ,web,完了\n")
	f.Add("システムID,作業日時,作業者,作業内容,結果\n\"S,2026\n")
	f.Add("system,at,workers,summary,outcome\nS,2026-01-01T00:00:00Z,a;b,x,done\n")
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := ReadWorkCSV(strings.NewReader(s), now)
		if err != nil {
			if kijun.ErrorCode(err) != kijun.EINVALID || rows != nil {
				t.Fatalf("refused with %v and %d rows", err, len(rows))
			}
			return
		}
		for _, r := range rows {
			if fe := r.Record.Check(now); len(fe) > 0 {
				t.Fatalf("row %d read though wrong: %v", r.Line, fe)
			}
		}
	})
}

// FuzzCompareVersions: the order is antisymmetric and never panics.
func FuzzCompareVersions(f *testing.F) {
	f.Add("2.4.57", "2.4.58")
	f.Add("9.3p1", "9.3")
	f.Add("1.0.0-rc.1", "1.0")
	f.Fuzz(func(t *testing.T, a, b string) {
		if x, y := CompareVersions(a, b), CompareVersions(b, a); x != -y {
			t.Fatalf("CompareVersions(%q, %q) = %d but reversed %d", a, b, x, y)
		}
	})
}

// FuzzParseCPE: a CPE either parses to one that parses again the same,
// or is refused with EINVALID.
func FuzzParseCPE(f *testing.F) {
	f.Add("cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*")
	f.Add("cpe:/a:microsoft:iis:10.0")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCPE(s)
		if err != nil {
			if kijun.ErrorCode(err) != kijun.EINVALID {
				t.Fatalf("refused with %v", err)
			}
			return
		}
		again, err := ParseCPE(c.String())
		if err != nil || again.String() != c.String() {
			t.Fatalf("%q read as %q, which reads as %q, %v", s, c.String(), again.String(), err)
		}
	})
}

// FuzzReadEndpointCSV: any bytes are read as device statuses, none in the
// future, or refused whole with an EINVALID error.
func FuzzReadEndpointCSV(f *testing.F) {
	f.Add("機器ID,ウイルス対策ソフト,定義ファイル日付,OS更新日\nPC-1,Defender,2026-05-31,2026/5/10\n")
	f.Add("device,pattern_date\n\"PC,2026\n")
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := ReadEndpointCSV(strings.NewReader(s), now)
		if err != nil {
			if kijun.ErrorCode(err) != kijun.EINVALID || rows != nil {
				t.Fatalf("refused with %v and %d rows", err, len(rows))
			}
			return
		}
		for _, r := range rows {
			if r.Status.Device == "" || r.Status.Pattern.After(now) || r.Status.OSUpdated.After(now) || (r.Status.Pattern.IsZero() && r.Status.OSUpdated.IsZero()) {
				t.Fatalf("row %d read though wrong: %+v", r.Line, r.Status)
			}
		}
	})
}
