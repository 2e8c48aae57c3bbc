package operations

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"kijun/internal/kijun"
)

// osvRecord is the part of an OSV record (ossf.github.io/osv-schema) that
// matching reads.
type osvRecord struct {
	ID       string   `json:"id"`
	Modified string   `json:"modified"`
	Aliases  []string `json:"aliases"`
	Summary  string   `json:"summary"`
	Details  string   `json:"details"`
	Severity []struct {
		Type  string `json:"type"`
		Score string `json:"score"`
	} `json:"severity"`
	Affected []struct {
		Package struct {
			Ecosystem string `json:"ecosystem"`
			Name      string `json:"name"`
		} `json:"package"`
		Ranges []struct {
			Type   string              `json:"type"`
			Events []map[string]string `json:"events"`
		} `json:"ranges"`
		Versions []string `json:"versions"`
	} `json:"affected"`
	DatabaseSpecific struct {
		Severity  string  `json:"severity"`
		CVSSScore float64 `json:"cvss_score"`
	} `json:"database_specific"`
}

// readOSVOne reads one record of an array of OSV records.
func readOSVOne(dec *json.Decoder, fn func(Vuln) error) error {
	var rec osvRecord
	if err := dec.Decode(&rec); err != nil {
		var te *json.UnmarshalTypeError
		if asType(err, &te) {
			return kijun.Errorf(kijun.EINVALID, "OSV の記録（%d バイト目付近）: %s の型が OSV のスキーマと違います", dec.InputOffset(), te.Field)
		}
		return notJSON(dec, err)
	}
	v, err := rec.vuln()
	if err != nil {
		return err
	}
	return fn(v)
}

func asType(err error, te **json.UnmarshalTypeError) bool { return errors.As(err, te) }

// vuln reads an OSV record as a Vuln: each affected package with its
// ranges (introduced to fixed, or to last_affected) and listed versions.
// Git ranges name commits, not versions, and are left out.
func (r osvRecord) vuln() (Vuln, error) {
	id := strings.TrimSpace(r.ID)
	if id == "" || len(id) > 100 {
		return Vuln{}, kijun.Errorf(kijun.EINVALID, "OSV の記録に id がありません")
	}
	v := Vuln{ID: id, Source: string(FormatOSV), Aliases: r.Aliases, Summary: truncate(r.Summary, 1000)}
	if v.Summary == "" {
		v.Summary = truncate(r.Details, 1000)
	}
	if t, err := time.Parse(time.RFC3339, r.Modified); err == nil {
		v.Modified = t.UTC()
	}
	v.Severity = strings.ToUpper(r.DatabaseSpecific.Severity)
	v.Score = r.DatabaseSpecific.CVSSScore
	for _, s := range r.Severity {
		if f, err := strconv.ParseFloat(s.Score, 64); err == nil && f >= 0 && f <= 10 {
			v.Score = f
		} else if strings.HasPrefix(s.Score, "CVSS:") {
			v.Vector = s.Score
		}
	}
	if v.Score < 0 || v.Score > 10 {
		return Vuln{}, kijun.Errorf(kijun.EINVALID, "%s の CVSS 基本値 %v が 0〜10 の外です", id, v.Score)
	}
	for _, a := range r.Affected {
		name := strings.ToLower(strings.TrimSpace(a.Package.Name))
		if name == "" {
			return Vuln{}, kijun.Errorf(kijun.EINVALID, "%s の affected に package.name がありません", id)
		}
		if len(a.Versions) > 0 {
			v.Affects = append(v.Affects, Affect{Product: name, Versions: a.Versions})
		}
		for _, rg := range a.Ranges {
			if rg.Type == "GIT" {
				continue
			}
			var cur *Affect
			for _, ev := range rg.Events {
				switch {
				case ev["introduced"] != "":
					cur = &Affect{Product: name}
					if ev["introduced"] != "0" {
						cur.StartIncluding = ev["introduced"]
					}
				case ev["fixed"] != "" && cur != nil:
					cur.EndExcluding = ev["fixed"]
					v.Affects = append(v.Affects, *cur)
					cur = nil
				case ev["last_affected"] != "" && cur != nil:
					cur.EndIncluding = ev["last_affected"]
					v.Affects = append(v.Affects, *cur)
					cur = nil
				}
			}
			if cur != nil { // introduced and never fixed
				v.Affects = append(v.Affects, *cur)
			}
		}
	}
	return v, nil
}
