package operations

import (
	"bufio"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// WriteNVD writes vulns as an NVD CVE API 2.0 response, the shape NVD's
// 2.0 feed files have too, streamed one record at a time: the demo city's
// feed and the tests' and benchmarks' feeds are written by it, and read
// back by ReadFeed as a feed from NVD would be.
func WriteNVD(w io.Writer, vulns []Vuln, at time.Time) error {
	return WriteNVDFunc(w, len(vulns), func(i int) Vuln { return vulns[i] }, at)
}

// WriteNVDFunc is WriteNVD for n vulnerabilities made one at a time by
// vuln, so a feed of a year's CVEs is never held whole.
func WriteNVDFunc(w io.Writer, n int, vuln func(int) Vuln, at time.Time) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	ts := at.UTC().Format("2006-01-02T15:04:05.000")
	fmt.Fprintf(bw, `{"resultsPerPage":%d,"startIndex":0,"totalResults":%d,"format":"NVD_CVE","version":"2.0","timestamp":%q,"vulnerabilities":[`, n, n, ts)
	enc := json.NewEncoder(bw)
	for i := 0; i < n; i++ {
		if i > 0 {
			bw.WriteString(",")
		}
		if err := enc.Encode(nvdOut(vuln(i), ts)); err != nil {
			return err
		}
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}

type nvdOutItem struct {
	CVE nvdOutCVE `json:"cve"`
}

type nvdOutCVE struct {
	ID               string           `json:"id"`
	SourceIdentifier string           `json:"sourceIdentifier"`
	Published        string           `json:"published"`
	LastModified     string           `json:"lastModified"`
	VulnStatus       string           `json:"vulnStatus"`
	Descriptions     []map[string]any `json:"descriptions"`
	Metrics          map[string]any   `json:"metrics"`
	Configurations   []map[string]any `json:"configurations,omitempty"`
	References       []map[string]any `json:"references"`
}

func nvdOut(v Vuln, ts string) nvdOutItem {
	mod := ts
	if !v.Modified.IsZero() {
		mod = v.Modified.UTC().Format("2006-01-02T15:04:05.000")
	}
	sev := v.Severity
	if sev == "" {
		sev = severityOf(v.Score)
	}
	vector := v.Vector
	if !strings.HasPrefix(vector, "CVSS:3.1/") {
		vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
	}
	out := nvdOutItem{CVE: nvdOutCVE{ID: v.ID, SourceIdentifier: "cve@mitre.org", Published: mod, LastModified: mod, VulnStatus: "Analyzed",
		Descriptions: []map[string]any{{"lang": "en", "value": v.Summary}},
		Metrics: map[string]any{"cvssMetricV31": []map[string]any{{"source": "nvd@nist.gov", "type": "Primary",
			"cvssData":            map[string]any{"version": "3.1", "vectorString": vector, "baseScore": v.Score, "baseSeverity": sev},
			"exploitabilityScore": 3.9, "impactScore": 5.9}}},
		References: []map[string]any{{"url": "https://nvd.nist.gov/vuln/detail/" + v.ID, "source": "nvd@nist.gov"}}},
	}
	var matches []map[string]any
	for i, a := range v.Affects {
		m := map[string]any{"vulnerable": true, "criteria": a.CPE, "matchCriteriaId": matchID(v.ID, i)}
		for k, val := range map[string]string{"versionStartIncluding": a.StartIncluding, "versionStartExcluding": a.StartExcluding,
			"versionEndIncluding": a.EndIncluding, "versionEndExcluding": a.EndExcluding} {
			if val != "" {
				m[k] = val
			}
		}
		matches = append(matches, m)
	}
	if len(matches) > 0 {
		out.CVE.Configurations = []map[string]any{{"nodes": []map[string]any{{"operator": "OR", "negate": false, "cpeMatch": matches}}}}
	}
	return out
}

// matchID makes a stable UUID-shaped matchCriteriaId.
func matchID(id string, i int) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s/%d", id, i)))
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

func severityOf(score float64) string {
	switch {
	case score >= 9:
		return "CRITICAL"
	case score >= 7:
		return "HIGH"
	case score >= 4:
		return "MEDIUM"
	case score > 0:
		return "LOW"
	}
	return "NONE"
}
