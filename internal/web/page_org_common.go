package web

import (
	"net/http"
	"strings"
	"time"

	"kijun/internal/organisation"
)

// dateField is the "as of" date of an organisation page, with the error to
// show next to its field when the one asked for could not be read.
type dateField struct {
	Value time.Time
	Raw   string
	Error string
}

// String writes the date as the field holds it.
func (f dateField) String() string {
	if f.Error != "" {
		return f.Raw
	}
	return organisation.FormatDate(f.Value)
}

// asOf reads ?date=, defaulting to today in JST; a bad date falls back to
// today and says so next to the field.
func (s *Server) asOf(r *http.Request) dateField {
	f := dateField{Value: organisation.Day(s.db.Now())}
	raw := strings.TrimSpace(r.URL.Query().Get("date"))
	if raw == "" {
		return f
	}
	d, err := organisation.ParseDate(raw)
	if err != nil {
		f.Raw, f.Error = raw, "日付は YYYY-MM-DD の形で入力してください（本日の時点で表示しています）"
		return f
	}
	f.Value = d
	return f
}
