package operations

import (
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"kijun/internal/kijun"
)

// EndpointStatus is what an endpoint-management product reports of one
// device (8.4.1): its anti-malware product, the date of its pattern file
// (ウ: 定義ファイルは常に最新), and when its OS was last updated (8.4.2ケ,
// 8.5.1エ).
type EndpointStatus struct {
	Device    string    `json:"device"`
	AVProduct string    `json:"av_product,omitempty"`
	Pattern   time.Time `json:"pattern,omitzero"`
	OSUpdated time.Time `json:"os_updated,omitzero"`
}

// EndpointRow is a row of an endpoint-management export.
type EndpointRow struct {
	Line   int
	Status EndpointStatus
}

// endpointColumns names the columns of an export by what they hold.
var endpointColumns = map[string][]string{
	"device":     {"機器id", "機器", "資産番号", "device", "device_id", "hostname"},
	"av_product": {"ウイルス対策ソフト", "対策ソフト", "av_product", "antivirus"},
	"pattern":    {"定義ファイル日付", "パターンファイル日付", "pattern_date", "pattern"},
	"os_updated": {"os更新日", "最終更新日", "os_updated", "last_patched"},
}

var endpointLabels = map[string]string{"device": "機器ID", "av_product": "ウイルス対策ソフト", "pattern": "定義ファイル日付", "os_updated": "OS更新日"}

// ParseDay reads a date as exports write it: 2026-06-01 or 2026/6/1, with
// a time after it left out.
func ParseDay(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i]
	}
	for _, layout := range []string{"2006-01-02", "2006/01/02", "2006/1/2", "2006-1-2"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// ReadEndpointCSV reads an endpoint-management product's CSV export
// (UTF-8): a device ID and the date of its pattern file or OS update at
// least, none in the future as of now. Any wrong row refuses the whole
// file with an EINVALID error wrapping a *kijun.ImportError.
func ReadEndpointCSV(r io.Reader, now time.Time) ([]EndpointRow, error) {
	file, err := openCSV(r, "端末の状況ファイル", endpointColumns)
	if err != nil {
		return nil, err
	}
	ie := &kijun.ImportError{What: "端末の状況ファイル"}
	if !file.has("device") {
		ie.Add("", 1, "機器ID", "列「機器ID」がありません")
	}
	if !file.has("pattern") && !file.has("os_updated") {
		ie.Add("", 1, "定義ファイル日付", "列「定義ファイル日付」か「OS更新日」が要ります")
	}
	if err := ie.AsError(); err != nil {
		return nil, err
	}
	var out []EndpointRow
	seen := map[string]int{}
	file.rows(ie, func() int { return len(out) }, func(line int, rec []string) {
		st := EndpointStatus{Device: file.cell(rec, "device"), AVProduct: file.cell(rec, "av_product")}
		bad := false
		if st.Device == "" || len(st.Device) > 40 {
			ie.Add("", line, "機器ID", "機器ID がありません（又は 40 文字を超えています）")
			bad = true
		} else if first, dup := seen[st.Device]; dup {
			ie.Add("", line, "機器ID", "機器 %s は %d 行目にもあります", st.Device, first)
			bad = true
		}
		seen[st.Device] = line
		for _, f := range []struct {
			name string
			dst  *time.Time
		}{{"pattern", &st.Pattern}, {"os_updated", &st.OSUpdated}} {
			s := file.cell(rec, f.name)
			if s == "" {
				continue
			}
			d, ok := ParseDay(s)
			switch {
			case !ok:
				ie.Add("", line, endpointLabels[f.name], "%s %q を読めません（例: 2026-06-01）", endpointLabels[f.name], s)
				bad = true
			case d.After(now):
				ie.Add("", line, endpointLabels[f.name], "%s %s は未来です", endpointLabels[f.name], s)
				bad = true
			default:
				*f.dst = d
			}
		}
		if !bad && st.Pattern.IsZero() && st.OSUpdated.IsZero() {
			ie.Add("", line, "定義ファイル日付", "定義ファイル日付も OS更新日もありません")
			bad = true
		}
		if utf8.RuneCountInString(st.AVProduct) > 100 {
			ie.Add("", line, "ウイルス対策ソフト", "ウイルス対策ソフトの名称は 100 文字以内にしてください")
			bad = true
		}
		if !bad {
			out = append(out, EndpointRow{Line: line, Status: st})
		}
	})
	if err := ie.AsError(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, kijun.Errorf(kijun.EINVALID, "端末の状況ファイルに取り込む行がありません")
	}
	return out, nil
}
