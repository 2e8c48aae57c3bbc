package operations

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"kijun/internal/kijun"
)

// sampleVulns are a small feed's records: a range, an exact version, and
// a record with no configuration yet (NVD's "Awaiting Analysis").
func sampleVulns() []Vuln {
	return []Vuln{
		{ID: "CVE-2026-10001", Summary: "Apache HTTP Server の脆弱性", Score: 9.8, Affects: []Affect{
			{CPE: "cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*", StartIncluding: "2.4.0", EndExcluding: "2.4.62"}}},
		{ID: "CVE-2026-10002", Summary: "OpenSSL", Score: 7.5, Affects: []Affect{
			{CPE: "cpe:2.3:a:openssl:openssl:3.0.7:*:*:*:*:*:*:*"}}},
		{ID: "CVE-2026-10003", Summary: "not yet analysed", Score: 5.3},
	}
}

func writeSample(t testing.TB) []byte {
	var b bytes.Buffer
	if err := WriteNVD(&b, sampleVulns(), now); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// nvdSchema compiles NVD's published CVE API 2.0 schema and the FIRST
// CVSS schemas it refers to, kept in testdata as published.
func nvdSchema(t *testing.T) *jsonschema.Schema {
	c := jsonschema.NewCompiler()
	// NVD writes its times without an offset (2024-01-01T00:00:00.000,
	// UTC), which RFC 3339's date-time does not allow; the check takes
	// NVD's own form and RFC 3339, and nothing else.
	c.RegisterFormat(&jsonschema.Format{Name: "date-time", Validate: func(v any) error {
		s, ok := v.(string)
		if !ok {
			return nil
		}
		if _, err := time.Parse("2006-01-02T15:04:05.000", s); err == nil {
			return nil
		}
		_, err := time.Parse(time.RFC3339, s)
		return err
	}})
	add := func(url, file string) {
		f, err := os.Open(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if err := c.AddResource(url, doc); err != nil {
			t.Fatal(err)
		}
	}
	const ext = "https://csrc.nist.gov/schema/nvd/api/2.0/external/"
	add("https://csrc.nist.gov/schema/nvd/api/2.0/cve_api_json_2.0.schema", "cve_api_json_2.0.schema")
	for _, f := range []string{"cvss-v2.0.json", "cvss-v3.0.json", "cvss-v3.1.json", "cvss-v4.0.json"} {
		add(ext+f, f)
	}
	sch, err := c.Compile("https://csrc.nist.gov/schema/nvd/api/2.0/cve_api_json_2.0.schema")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// TestNVDFeedMatchesSchema checks that the feed the tests, benchmarks and
// demo import is an NVD CVE API 2.0 document by NVD's own schema, so the
// reader is tested on the real format, and that a document breaking the
// schema is caught by the check.
func TestNVDFeedMatchesSchema(t *testing.T) {
	sch := nvdSchema(t)
	data := writeSample(t)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("the sample feed breaks NVD's schema: %v", err)
	}
	broken := bytes.Replace(data, []byte(`"id":"CVE-2026-10001"`), []byte(`"id":"CVE-26-1"`), 1)
	inst, _ = jsonschema.UnmarshalJSON(bytes.NewReader(broken))
	if err := sch.Validate(inst); err == nil {
		t.Error("a CVE id breaking the schema's pattern passes the check")
	}
}

func TestReadNVD(t *testing.T) {
	var got []Vuln
	f, err := ReadFeed(bytes.NewReader(writeSample(t)), FormatAuto, func(v Vuln) error { got = append(got, v); return nil })
	if err != nil || f != FormatNVD || len(got) != 3 {
		t.Fatalf("read %s, %d records, %v", f, len(got), err)
	}
	a := got[0].Affects[0]
	if got[0].Score != 9.8 || got[0].Severity != "CRITICAL" || a.Vendor != "apache" || a.Product != "http_server" || a.EndExcluding != "2.4.62" {
		t.Errorf("first record read as %+v", got[0])
	}
	if got[1].Affects[0].Exact != "3.0.7" {
		t.Errorf("an exact version read as %+v", got[1].Affects[0])
	}
	if len(got[2].Affects) != 0 {
		t.Errorf("a record without configurations: %+v", got[2])
	}
}

func TestReadOSV(t *testing.T) {
	one := `{"id":"GHSA-aaaa","modified":"2026-01-01T00:00:00Z","aliases":["CVE-2026-1"],"summary":"lodash",
	 "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],"database_specific":{"severity":"HIGH"},
	 "affected":[{"package":{"ecosystem":"npm","name":"lodash"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"4.17.21"}]}]}]}`
	var got []Vuln
	f, err := ReadFeed(strings.NewReader(one), FormatAuto, func(v Vuln) error { got = append(got, v); return nil })
	if err != nil || f != FormatOSV || len(got) != 1 {
		t.Fatalf("one record: %s %d %v", f, len(got), err)
	}
	if a := got[0].Affects; len(a) != 1 || a[0].Product != "lodash" || a[0].EndExcluding != "4.17.21" || a[0].StartIncluding != "" || got[0].Severity != "HIGH" {
		t.Errorf("read as %+v", got[0])
	}
	got = nil
	if f, err := ReadFeed(strings.NewReader("["+one+","+one+"]"), FormatOSV, func(v Vuln) error { got = append(got, v); return nil }); err != nil || f != FormatOSV || len(got) != 2 {
		t.Errorf("an array: %s %d %v", f, len(got), err)
	}
}

func TestReadFeedRefuses(t *testing.T) {
	nvd := string(writeSample(t))
	for _, tt := range []struct {
		name, data string
		format     Format
		want       string
	}{
		{"not JSON", "{oops", FormatAuto, "正しい JSON ではありません"},
		{"cut short", nvd[:len(nvd)/2], FormatAuto, "途中で終わっています"},
		{"unknown", `{"hello":"world"}`, FormatAuto, "形式がわかりません"},
		{"scalar", `42`, FormatAuto, "形式がわかりません"},
		{"other NVD format", strings.Replace(nvd, `"NVD_CVE"`, `"NVD_CPE"`, 1), FormatAuto, "format が \"NVD_CPE\""},
		{"OSV asked, NVD given", nvd, FormatOSV, "OSV の形式ではありません"},
		{"NVD asked, OSV given", `{"id":"GHSA-1","affected":[]}`, FormatNVD, "NVD の形式ではありません"},
		{"NVD asked, array given", `[]`, FormatNVD, "NVD の形式ではありません"},
		{"bad id", strings.Replace(nvd, "CVE-2026-10001", "CVE-X", 1), FormatAuto, "CVE 番号"},
		{"bad CPE", strings.Replace(nvd, "cpe:2.3:a:openssl:openssl:3.0.7", "cpe:9:q", 1), FormatAuto, "CPE"},
		{"trailing", nvd + "{}", FormatAuto, "余分なデータ"},
		{"wrong type", strings.Replace(nvd, `"baseScore":9.8`, `"baseScore":"high"`, 1), FormatAuto, "型が"},
		{"score out of range", strings.Replace(nvd, `"baseScore":9.8`, `"baseScore":98`, 1), FormatAuto, "0〜10"},
		{"OSV without id", `[{"affected":[]}]`, FormatAuto, "id がありません"},
	} {
		n := 0
		_, err := ReadFeed(strings.NewReader(tt.data), tt.format, func(Vuln) error { n++; return nil })
		if kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want EINVALID …%s…", tt.name, err, tt.want)
		}
	}
}

// TestReadFeedTooLarge refuses a file past the limit as it streams,
// without reading it whole: the reader stops at the limit (ReadFeed's is
// MaxFeed; 1 MiB here, to be quick).
func TestReadFeedTooLarge(t *testing.T) {
	r := &endless{prefix: []byte(`{"format":"NVD_CVE","vulnerabilities":[`), item: []byte(`{"cve":{"id":"CVE-2026-0001","descriptions":[{"lang":"en","value":"` + strings.Repeat("x", 4000) + `"}]}},`)}
	const limit = 1 << 20
	_, err := readFeed(r, FormatAuto, limit, func(Vuln) error { return nil })
	if kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), "大きすぎます（1 MiB まで") {
		t.Fatalf("got %v", err)
	}
	if r.n > limit+1<<17 {
		t.Errorf("read %d bytes of an endless file", r.n)
	}
}

type endless struct {
	prefix, item []byte
	n            int64
	pos          int
}

func (e *endless) Read(p []byte) (int, error) {
	src := e.item
	if e.n < int64(len(e.prefix)) {
		src = e.prefix
	}
	k := copy(p, src[e.pos:])
	e.pos += k
	if e.pos == len(src) {
		e.pos = 0
	}
	e.n += int64(k)
	return k, nil
}

// The fixture must stay valid JSON for the fuzz seeds below.
var _ = json.Valid
