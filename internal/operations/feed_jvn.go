package operations

import (
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"kijun/internal/kijun"
)

// 8.6.1: JVN iPedia's feed as the CISO's office downloads it (JVNDBRSS,
// the MyJVN API's getVulnOverviewList and the jvndb_*.rdf data feed files,
// JVNRSS 3.2 with the mod_sec module). Each item is one JVNDB entry: its
// identifier, the CVE numbers it references, its CVSS base score and the
// products it names in CPE 2.2. An overview names products, not versions:
// a product named without a version is read as every version affected,
// as NVD reads a criterion without a range, and the finding closes when
// the CISO's office accepts it or a later import of the entry narrows it.

const (
	nsRSS = "http://purl.org/rss/1.0/"
	nsSec = "http://jvn.jp/rss/mod_sec/3.0/"
	nsRDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
)

// jvnItem is the part of a JVNRSS item that matching reads.
type jvnItem struct {
	Title      string `xml:"http://purl.org/rss/1.0/ title"`
	Identifier string `xml:"http://jvn.jp/rss/mod_sec/3.0/ identifier"`
	References []struct {
		Source string `xml:"source,attr"`
		ID     string `xml:"id,attr"`
	} `xml:"http://jvn.jp/rss/mod_sec/3.0/ references"`
	CPEs []struct {
		Version string `xml:"version,attr"`
		Name    string `xml:",chardata"`
	} `xml:"http://jvn.jp/rss/mod_sec/3.0/ cpe"`
	CVSS []struct {
		Version  string `xml:"version,attr"`
		Score    string `xml:"score,attr"`
		Type     string `xml:"type,attr"`
		Severity string `xml:"severity,attr"`
		Vector   string `xml:"vector,attr"`
	} `xml:"http://jvn.jp/rss/mod_sec/3.0/ cvss"`
	Modified string `xml:"http://purl.org/dc/terms/ modified"`
}

// readJVN reads a JVNRSS document, streamed item by item.
func readJVN(r io.Reader, fn func(Vuln) error) error {
	dec := xml.NewDecoder(r)
	sawRoot := false
	n := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var te *kijun.Error
			if errors.As(err, &te) {
				return err // too large
			}
			return kijun.Errorf(kijun.EINVALID, "JVN の XML として読めません（%d バイト目付近）: %v", dec.InputOffset(), err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if !sawRoot {
			if se.Name.Space != nsRDF || se.Name.Local != "RDF" {
				return kijun.Errorf(kijun.EINVALID, "JVN iPedia の JVNRSS（rdf:RDF）ではありません（最初の要素が %s です）", se.Name.Local)
			}
			sawRoot = true
			continue
		}
		if se.Name.Space != nsRSS || se.Name.Local != "item" {
			if se.Name.Local != "channel" {
				if err := dec.Skip(); err != nil {
					return kijun.Errorf(kijun.EINVALID, "JVN の XML として読めません（%d バイト目付近）: %v", dec.InputOffset(), err)
				}
			}
			continue
		}
		n++
		var it jvnItem
		if err := dec.DecodeElement(&it, &se); err != nil {
			var te *kijun.Error
			if errors.As(err, &te) {
				return err
			}
			return kijun.Errorf(kijun.EINVALID, "JVN の %d 件目を読めません: %v", n, err)
		}
		v, err := it.vuln(n)
		if err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	if !sawRoot {
		return kijun.Errorf(kijun.EINVALID, "JVN iPedia の JVNRSS（rdf:RDF）ではありません（要素がありません）")
	}
	return nil
}

// vuln reads an item as a Vuln.
func (it jvnItem) vuln(i int) (Vuln, error) {
	id := strings.TrimSpace(it.Identifier)
	if !strings.HasPrefix(id, "JVNDB-") || len(id) > 40 {
		return Vuln{}, kijun.Errorf(kijun.EINVALID, "JVN の %d 件目の sec:identifier %q は JVNDB 番号（JVNDB-2024-000001）ではありません", i, truncate(id, 60))
	}
	v := Vuln{ID: id, Source: string(FormatJVN), Summary: truncate(strings.TrimSpace(it.Title), 1000)}
	for _, ref := range it.References {
		if cve := strings.TrimSpace(ref.ID); cveID.MatchString(cve) && !slices.Contains(v.Aliases, cve) {
			v.Aliases = append(v.Aliases, cve)
		}
	}
	if t, err := time.Parse("2006-01-02T15:04Z07:00", strings.TrimSpace(it.Modified)); err == nil {
		v.Modified = t.UTC()
	} else if t, err := time.Parse(time.RFC3339, strings.TrimSpace(it.Modified)); err == nil {
		v.Modified = t.UTC()
	}
	// The newest CVSS version's base score: JVN gives 2.0 and 3.x side by
	// side for older entries.
	best := ""
	for _, c := range it.CVSS {
		if c.Type != "" && c.Type != "Base" {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(c.Score), 64)
		if err != nil || f < 0 || f > 10 {
			return Vuln{}, kijun.Errorf(kijun.EINVALID, "%s の CVSS 基本値 %q が 0〜10 の数ではありません", id, truncate(c.Score, 20))
		}
		if c.Version >= best {
			best = c.Version
			v.Score, v.Vector, v.Severity = f, strings.TrimSpace(c.Vector), strings.ToUpper(strings.TrimSpace(c.Severity))
		}
	}
	for _, c := range it.CPEs {
		name := strings.TrimSpace(c.Name)
		if name == "" {
			continue
		}
		cpe, err := ParseCPE(name)
		if err != nil {
			return Vuln{}, kijun.Errorf(kijun.EINVALID, "%s の CPE %q を読めません", id, truncate(name, 200))
		}
		a := Affect{CPE: cpe.String(), Vendor: cpe.Vendor(), Product: cpe.Product()}
		if ver := cpe.Version(); ver != "" && ver != "*" && ver != "-" {
			a.Exact = ver
		}
		v.Affects = append(v.Affects, a)
	}
	return v, nil
}
