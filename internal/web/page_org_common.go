package web

import (
	"io"
	"net/http"
	"path/filepath"
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

// uploaded reads the file of an organisation import page: the file chosen
// (at most max bytes read). problem, when set, is what to say beside the
// file field; choose is what it says when no file was chosen.
func uploaded(r *http.Request, choose string, max int64) (name string, data []byte, problem string) {
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		return "", nil, "ファイルを受け取れませんでした（大きすぎるか、送信が途中で切れました）"
	}
	f, h, err := r.FormFile("file")
	if err != nil {
		return "", nil, choose
	}
	defer f.Close()
	if data, err = io.ReadAll(io.LimitReader(f, max)); err != nil {
		return "", nil, "ファイルを読めませんでした"
	}
	return filepath.Base(h.Filename), data, ""
}

// orgFile is what the file field of an organisation import page needs.
type orgFile struct {
	Page      *page
	Label     string
	FileError string
	Errors    []organisation.RowError
}

func newOrgFile(p *page, label, fileErr string, errs []organisation.RowError) orgFile {
	return orgFile{Page: p, Label: label, FileError: fileErr, Errors: errs}
}
