package operations

import (
	"encoding/json"
	"regexp"
	"strings"
	"time"

	"kijun/internal/kijun"
)

// nvdItem is the part of an NVD CVE API 2.0 record (the schema's
// def_cve_item) that matching reads.
type nvdItem struct {
	CVE *struct {
		ID           string `json:"id"`
		LastModified string `json:"lastModified"`
		Descriptions []struct {
			Lang  string `json:"lang"`
			Value string `json:"value"`
		} `json:"descriptions"`
		Metrics struct {
			V40 []nvdMetric `json:"cvssMetricV40"`
			V31 []nvdMetric `json:"cvssMetricV31"`
			V30 []nvdMetric `json:"cvssMetricV30"`
			V2  []nvdMetric `json:"cvssMetricV2"`
		} `json:"metrics"`
		Configurations []struct {
			Nodes []struct {
				Negate   bool `json:"negate"`
				CPEMatch []struct {
					Vulnerable            bool   `json:"vulnerable"`
					Criteria              string `json:"criteria"`
					VersionStartIncluding string `json:"versionStartIncluding"`
					VersionStartExcluding string `json:"versionStartExcluding"`
					VersionEndIncluding   string `json:"versionEndIncluding"`
					VersionEndExcluding   string `json:"versionEndExcluding"`
				} `json:"cpeMatch"`
			} `json:"nodes"`
		} `json:"configurations"`
	} `json:"cve"`
}

type nvdMetric struct {
	Type     string `json:"type"`
	CVSSData struct {
		BaseScore    float64 `json:"baseScore"`
		BaseSeverity string  `json:"baseSeverity"`
		VectorString string  `json:"vectorString"`
	} `json:"cvssData"`
	BaseSeverity string `json:"baseSeverity"` // CVSS v2 keeps it here
}

var cveID = regexp.MustCompile(`^CVE-[0-9]{4}-[0-9]{4,}$`)

// readNVDItems streams the vulnerabilities array of an NVD response.
func readNVDItems(dec *json.Decoder, fn func(Vuln) error) error {
	tok, err := dec.Token()
	if err != nil {
		return notJSON(dec, err)
	}
	if tok != json.Delim('[') {
		return kijun.Errorf(kijun.EINVALID, "NVD の vulnerabilities が配列ではありません")
	}
	for i := 1; dec.More(); i++ {
		var it nvdItem
		if err := dec.Decode(&it); err != nil {
			if kijun.ErrorCode(err) != "" && kijun.ErrorCode(err) != kijun.EINTERNAL {
				return err
			}
			var te *json.UnmarshalTypeError
			if ok := asType(err, &te); ok {
				return kijun.Errorf(kijun.EINVALID, "NVD の %d 件目: %s の型が NVD CVE API 2.0 のスキーマと違います", i, te.Field)
			}
			return notJSON(dec, err)
		}
		v, err := it.vuln(i)
		if err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return notJSON(dec, err)
	}
	return nil
}

// vuln reads the i-th record (from 1) as a Vuln: the primary CVSS score
// of the newest version NVD gives, and every vulnerable CPE criterion.
// NVD's configurations may join a vulnerable product with the platform it
// runs on (AND); each vulnerable criterion is matched on its own, so a
// system is reported when it runs the vulnerable product whatever the
// platform: the 業務システム管理者 judges the rest.
func (it nvdItem) vuln(i int) (Vuln, error) {
	if it.CVE == nil {
		return Vuln{}, kijun.Errorf(kijun.EINVALID, "NVD の %d 件目に cve がありません", i)
	}
	c := it.CVE
	if !cveID.MatchString(c.ID) {
		return Vuln{}, kijun.Errorf(kijun.EINVALID, "NVD の %d 件目の id %q は CVE 番号（CVE-2024-12345）ではありません", i, c.ID)
	}
	v := Vuln{ID: c.ID, Source: string(FormatNVD)}
	if t, err := time.Parse("2006-01-02T15:04:05.999", c.LastModified); err == nil {
		v.Modified = t
	} else if t, err := time.Parse(time.RFC3339, c.LastModified); err == nil {
		v.Modified = t.UTC()
	}
	for _, d := range c.Descriptions {
		if d.Lang == "en" || v.Summary == "" {
			v.Summary = truncate(d.Value, 1000)
		}
	}
	for _, ms := range [][]nvdMetric{c.Metrics.V40, c.Metrics.V31, c.Metrics.V30, c.Metrics.V2} {
		m, ok := primary(ms)
		if !ok {
			continue
		}
		if m.CVSSData.BaseScore < 0 || m.CVSSData.BaseScore > 10 {
			return Vuln{}, kijun.Errorf(kijun.EINVALID, "%s の CVSS 基本値 %v が 0〜10 の外です", c.ID, m.CVSSData.BaseScore)
		}
		v.Score, v.Vector = m.CVSSData.BaseScore, m.CVSSData.VectorString
		v.Severity = strings.ToUpper(m.CVSSData.BaseSeverity)
		if v.Severity == "" {
			v.Severity = strings.ToUpper(m.BaseSeverity)
		}
		break
	}
	for _, cfg := range c.Configurations {
		for _, n := range cfg.Nodes {
			if n.Negate {
				continue
			}
			for _, m := range n.CPEMatch {
				if !m.Vulnerable {
					continue
				}
				cpe, err := ParseCPE(m.Criteria)
				if err != nil {
					return Vuln{}, kijun.Errorf(kijun.EINVALID, "%s の CPE %q を読めません", c.ID, truncate(m.Criteria, 200))
				}
				a := Affect{CPE: cpe.String(), Vendor: cpe.Vendor(), Product: cpe.Product(),
					StartIncluding: m.VersionStartIncluding, StartExcluding: m.VersionStartExcluding,
					EndIncluding: m.VersionEndIncluding, EndExcluding: m.VersionEndExcluding}
				if a.StartIncluding == "" && a.StartExcluding == "" && a.EndIncluding == "" && a.EndExcluding == "" {
					if ver := cpe.Version(); ver != "" && ver != "*" && ver != "-" {
						a.Exact = ver
					}
				}
				v.Affects = append(v.Affects, a)
			}
		}
	}
	return v, nil
}

// primary returns NVD's primary metric, or the first.
func primary(ms []nvdMetric) (nvdMetric, bool) {
	for _, m := range ms {
		if m.Type == "Primary" {
			return m, true
		}
	}
	if len(ms) > 0 {
		return ms[0], true
	}
	return nvdMetric{}, false
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
