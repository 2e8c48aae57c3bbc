package training

import (
	"io"
	"strconv"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/sheets"
)

// The columns of an attendance file, as e-learning systems can be made to
// export them (and `kijun training template` writes them).
const (
	ColStaff  = "職員番号"
	ColCourse = "研修コード"
	ColDate   = "受講日"
	ColScore  = "点数"
	ColResult = "合否"
	// What names the file in messages.
	What = "受講記録ファイル"
	// MaxSize is the largest file read: 200,000 rows of a few cells.
	MaxSize = 32 << 20
	// MaxRows is the most rows read.
	MaxRows = 300_000
)

// Columns are the columns of an attendance file.
var Columns = []sheets.Column{
	{Heading: ColStaff, Required: true}, {Heading: ColCourse, Required: true}, {Heading: ColDate, Required: true},
	{Heading: ColScore}, {Heading: ColResult},
}

var limits = sheets.LimitsFor(MaxSize, MaxRows)

// Row is one row of an attendance file as read.
type Row struct {
	Sheet    string
	Line     int
	StaffNo  string
	CourseID string
	On       time.Time
	Score    int
	HasScore bool
	// Result is the file's own verdict: "" (none), "pass" or "fail".
	Result string
}

// ReadFile reads an attendance file (xlsx, or CSV in UTF-8 or Shift_JIS),
// every cell checked; a file with any cell wrong is refused whole, each
// problem named by row and column.
func ReadFile(name string, data []byte) ([]Row, error) {
	var rows []Row
	_, err := sheets.ReadRegister(name, data, "受講記録", What, limits, Columns, func(c sheets.Cells) {
		r := Row{Sheet: c.Sheet, Line: c.Line, StaffNo: c.Get(ColStaff), CourseID: c.Get(ColCourse)}
		if r.StaffNo == "" {
			c.Bad(ColStaff, "職員番号を書いてください")
		}
		if r.CourseID == "" {
			c.Bad(ColCourse, "研修コードを書いてください")
		}
		d, err := sheets.Date(c.Get(ColDate))
		if err != nil {
			c.Bad(ColDate, "受講日 %q は YYYY-MM-DD の形で書いてください", c.Get(ColDate))
		}
		r.On = d
		if s := c.Get(ColScore); s != "" {
			n, err := strconv.Atoi(strings.TrimSuffix(s, "点"))
			if err != nil || n < 0 || n > 100 {
				c.Bad(ColScore, "点数 %q は 0〜100 の整数で書いてください", s)
			}
			r.Score, r.HasScore = n, true
		}
		switch v := c.Get(ColResult); v {
		case "":
		case "合格", "修了", "受講済", "pass", "passed", "○":
			r.Result = "pass"
		case "不合格", "未修了", "fail", "failed", "×":
			r.Result = "fail"
		default:
			c.Bad(ColResult, "合否 %q は 合格 か 不合格 で書いてください", v)
		}
		rows = append(rows, r)
	})
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// Known is what the checks of an import need from the store: the people
// by staff number, the courses by code, and what is already recorded.
type Known struct {
	People  map[string]bool
	Courses map[string]Course
	// Recorded holds course|staff of every attendance already recorded.
	Recorded map[string]bool
}

// Key is the key of an attendance in Known.Recorded.
func Key(courseID, staffNo string) string { return courseID + "|" + staffNo }

// Check turns the rows into attendances, or refuses them all with every
// problem named by row: an unknown staff number or course, a row for a
// person and course given before in the file or already recorded, a date
// outside the course period. A row without a verdict passes when it has
// no score or its score reaches the course's pass mark.
func Check(rows []Row, k Known) ([]Attendance, error) {
	ie := &kijun.ImportError{What: What}
	seen := map[string]int{}
	out := make([]Attendance, 0, len(rows))
	for _, r := range rows {
		bad := func(col, format string, args ...any) { ie.Add(r.Sheet, r.Line, col, format, args...) }
		c, ok := k.Courses[r.CourseID]
		if !ok {
			bad(ColCourse, "研修コード %s の研修は研修計画にありません", r.CourseID)
		}
		if !k.People[r.StaffNo] {
			bad(ColStaff, "職員番号 %s の職員等は組織の台帳にいません", r.StaffNo)
		}
		if !ok || !k.People[r.StaffNo] {
			continue
		}
		key := Key(r.CourseID, r.StaffNo)
		if line, dup := seen[key]; dup {
			bad(ColStaff, "職員番号 %s の研修 %s の受講は %d 行目と重複しています", r.StaffNo, r.CourseID, line)
			continue
		}
		seen[key] = r.Line
		if k.Recorded[key] {
			bad(ColStaff, "職員番号 %s の研修 %s の受講は既に記録されています", r.StaffNo, r.CourseID)
			continue
		}
		if !c.Covers(r.On) {
			bad(ColDate, "受講日 %s は研修 %s の実施期間（%s〜%s）の外です", organisation.FormatDate(r.On), c.ID,
				organisation.FormatDate(c.From), organisation.FormatDate(c.To))
			continue
		}
		passed := r.Result == "pass" || r.Result == "" && (!r.HasScore || c.PassMark == 0 || r.Score >= c.PassMark)
		out = append(out, Attendance{CourseID: c.ID, StaffNo: r.StaffNo, On: r.On, Source: SourceImport,
			Score: r.Score, HasScore: r.HasScore, Passed: passed})
	}
	if err := ie.AsError(); err != nil {
		return nil, err
	}
	return out, nil
}

// WriteTemplate writes an empty attendance file with its headings and one
// example row.
func WriteTemplate(w io.Writer) error {
	return sheets.WriteRegister(w, sheets.XLSX, "受講記録", Columns, func(row func(cells ...any) error) error {
		return row("1001", "2026-all", "2026-06-15", 90, "合格")
	})
}
