package operations

import (
	"os"
	"strings"
	"testing"

	"kijun/internal/kijun"
)

// 8.6.1: JVN iPedia's JVNRSS is read item by item: its JVNDB number, the
// CVE numbers it references, the newest CVSS version's base score, and its
// products in CPE 2.2, matched to the software register.
func TestReadJVN(t *testing.T) {
	data, err := os.ReadFile("testdata/jvnrss-sample.rdf")
	if err != nil {
		t.Fatal(err)
	}
	var got []Vuln
	f, err := ReadFeed(strings.NewReader(string(data)), FormatAuto, func(v Vuln) error { got = append(got, v); return nil })
	if err != nil || f != FormatJVN || len(got) != 2 {
		t.Fatalf("read %s, %d records, %v", f, len(got), err)
	}
	v := got[0]
	if v.ID != "JVNDB-2026-000101" || v.Source != "jvn" || len(v.Aliases) != 1 || v.Aliases[0] != "CVE-2026-40001" {
		t.Errorf("identifiers read as %+v", v)
	}
	if v.Score != 9.8 || v.Severity != "CRITICAL" || !strings.HasPrefix(v.Vector, "CVSS:3.0/") {
		t.Errorf("CVSS read as %v %s %s, want the 3.0 base score", v.Score, v.Severity, v.Vector)
	}
	if v.Modified.Format("2006-01-02T15:04") != "2026-12-01T00:30" {
		t.Errorf("modified %v, want 2026-12-01 09:30 JST in UTC", v.Modified)
	}
	if len(v.Affects) != 1 || v.Affects[0].Vendor != "apache" || v.Affects[0].Product != "http_server" || v.Affects[0].Exact != "2.4.57" ||
		!strings.HasPrefix(v.Affects[0].CPE, "cpe:2.3:a:apache:http_server:2.4.57") {
		t.Errorf("product read as %+v", v.Affects)
	}

	apache, _ := ParseCPE("cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*")
	garoon, _ := ParseCPE("cpe:2.3:a:cybozu:garoon:*:*:*:*:*:*:*:*")
	inv := NewInventory([]Installed{
		{System: "S-WEB", Name: "Apache HTTP Server", Version: "2.4.57", CPE: apache},
		{System: "S-OLD", Name: "Apache HTTP Server", Version: "2.4.62", CPE: apache},
		{System: "S-GW", Name: "Garoon", Version: "5.15.0", CPE: garoon},
	})
	if hits := inv.Match(got[0]); len(hits) != 1 || hits[0].System != "S-WEB" {
		t.Errorf("JVNDB-2026-000101 hits %+v, want the system running 2.4.57 only", hits)
	}
	// An overview that names a product without a version: every version.
	if hits := inv.Match(got[1]); len(hits) != 1 || hits[0].System != "S-GW" {
		t.Errorf("JVNDB-2026-000102 hits %+v, want the Garoon system", hits)
	}
}

func TestReadJVNRefuses(t *testing.T) {
	data, err := os.ReadFile("testdata/jvnrss-sample.rdf")
	if err != nil {
		t.Fatal(err)
	}
	jvn := string(data)
	for _, tt := range []struct {
		name, data string
		format     Format
		want       string
	}{
		{"XML that is not JVNRSS", "<html><body/></html>", FormatAuto, "JVNRSS（rdf:RDF）ではありません"},
		{"JVN asked, JSON given", `{"format":"NVD_CVE"}`, FormatJVN, "JVNRSS（XML）ではありません"},
		{"NVD asked, JVN given", jvn, FormatNVD, "NVD の形式ではありません"},
		{"cut short", jvn[:len(jvn)/2], FormatAuto, "JVN"},
		{"bad identifier", strings.Replace(jvn, "<sec:identifier>JVNDB-2026-000102", "<sec:identifier>X-1", 1), FormatAuto, "JVNDB 番号"},
		{"bad score", strings.Replace(jvn, `score="5.4"`, `score="high"`, 1), FormatAuto, "0〜10"},
		{"bad CPE", strings.Replace(jvn, "cpe:/a:cybozu:garoon", "cpe:/z:?", 1), FormatAuto, "CPE"},
		{"not XML", "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><item>", FormatAuto, "JVN"},
	} {
		_, err := ReadFeed(strings.NewReader(tt.data), tt.format, func(Vuln) error { return nil })
		if kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want EINVALID …%s…", tt.name, err, tt.want)
		}
	}
}
