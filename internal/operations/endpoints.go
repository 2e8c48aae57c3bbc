package operations

import (
	"bytes"
	"encoding/csv"
	"errors"
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
	data, err := io.ReadAll(io.LimitReader(r, MaxWorkCSV+1))
	if err != nil {
		return nil, kijun.Wrap(kijun.EINVALID, err, "端末の状況ファイルを読めません")
	}
	if len(data) > MaxWorkCSV {
		return nil, kijun.Errorf(kijun.EINVALID, "端末の状況ファイルが大きすぎます（%d MiB まで）", MaxWorkCSV>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, kijun.Errorf(kijun.EINVALID, "端末の状況ファイルが UTF-8 ではありません（UTF-8 の CSV で書き出してください）")
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, kijun.Errorf(kijun.EINVALID, "端末の状況ファイルが空です")
	}
	if err != nil {
		return nil, kijun.Wrap(kijun.EINVALID, err, "端末の状況ファイルの見出し行を読めません")
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		for f, names := range endpointColumns {
			for _, n := range names {
				if _, dup := col[f]; h == n && !dup {
					col[f] = i
				}
			}
		}
	}
	ie := &kijun.ImportError{What: "端末の状況ファイル"}
	if _, ok := col["device"]; !ok {
		ie.Add("", 1, "機器ID", "列「機器ID」がありません")
	}
	_, p := col["pattern"]
	_, o := col["os_updated"]
	if !p && !o {
		ie.Add("", 1, "定義ファイル日付", "列「定義ファイル日付」か「OS更新日」が要ります")
	}
	if err := ie.AsError(); err != nil {
		return nil, err
	}
	cell := func(rec []string, f string) string {
		if i, ok := col[f]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var out []EndpointRow
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			ie.Add("", line, "", "CSV として読めません: %v", err)
			break
		}
		line, _ := cr.FieldPos(0)
		if len(out)+len(ie.Errors) >= MaxWorkRows {
			ie.Add("", line, "", "行が多すぎます（%d 行まで）", MaxWorkRows)
			break
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		st := EndpointStatus{Device: cell(rec, "device"), AVProduct: cell(rec, "av_product")}
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
			s := cell(rec, f.name)
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
	}
	if err := ie.AsError(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, kijun.Errorf(kijun.EINVALID, "端末の状況ファイルに取り込む行がありません")
	}
	return out, nil
}
