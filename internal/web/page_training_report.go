package web

import (
	"io"
	"net/http"
	"strconv"

	"kijun/internal/sheets"
	"kijun/internal/training"
)

type trainingReportData struct {
	Year, Last         int
	Total, LastTotal   training.Tally
	Bureaus, Units     []trainingCompare
	Overdue            int
	Reports            int
	QuizMean, LastMean string
}

// trainingCompare is a 課 or 局's tally this year beside last year's.
type trainingCompare struct {
	training.Tally
	LastRate float64
	HasLast  bool
}

// trainingCompared reads this 年度 and the last, and sets each unit's
// tally beside last year's.
func (s *Server) trainingCompared(r *http.Request) (*trainingReportData, error) {
	year, day, err := s.trainingYearOf(r)
	if err != nil {
		return nil, err
	}
	this, err := s.db.TrainingYear(r.Context(), year, day, "")
	if err != nil {
		return nil, err
	}
	last, err := s.db.TrainingYear(r.Context(), year-1, training.YearEnd(year-1).AddDate(0, 0, 1), "")
	if err != nil {
		return nil, err
	}
	d := &trainingReportData{Year: year, Last: year - 1}
	compare := func(now, before []training.Tally) []trainingCompare {
		prev := map[string]training.Tally{}
		for _, t := range before {
			prev[t.Unit] = t
		}
		out := make([]trainingCompare, len(now))
		for i, t := range now {
			p, ok := prev[t.Unit]
			out[i] = trainingCompare{Tally: t, LastRate: p.Rate(), HasLast: ok}
		}
		return out
	}
	d.Units, d.Bureaus = compare(this.ByUnit(), last.ByUnit()), compare(this.ByBureau(), last.ByBureau())
	d.Total, d.LastTotal = training.Total(this.ByUnit()), training.Total(last.ByUnit())
	d.Overdue = d.Total.Overdue
	d.QuizMean, d.LastMean = strconv.FormatFloat(d.Total.MeanScore(), 'f', 1, 64), strconv.FormatFloat(d.LastTotal.MeanScore(), 'f', 1, 64)
	reports, err := s.db.TrainingReports(r.Context(), year, "")
	if err != nil {
		return nil, err
	}
	d.Reports = len(reports)
	return d, nil
}

// handleTrainingReport is the 統括責任者's analysis for the CISO
// (7.2.2カ): completion by 局 and 課, this 年度 beside the last.
func (s *Server) handleTrainingReport(w http.ResponseWriter, r *http.Request) error {
	d, err := s.trainingCompared(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "training_report", s.newPage(w, r, "training.report.title", d))
}

// handleTrainingReportXLSX sends the analysis as a workbook.
func (s *Server) handleTrainingReportXLSX(w http.ResponseWriter, r *http.Request) error {
	d, err := s.trainingCompared(r)
	if err != nil {
		return err
	}
	return download(w, "training-"+strconv.Itoa(d.Year), sheets.XLSX, func(w io.Writer) error {
		return writeTrainingReport(w, d)
	})
}

func writeTrainingReport(w io.Writer, d *trainingReportData) error {
	sw, err := sheets.NewWriter(w, sheets.XLSX, "研修の実施状況")
	if err != nil {
		return err
	}
	rows := [][]any{{"区分", "組織コード", "名称", "対象（件）", "受講済", "期限超過", "未了", "受講率(%)", "前年度の受講率(%)", "確認テスト受験", "合格", "平均点"}}
	add := func(kind string, ts []trainingCompare) {
		for _, t := range ts {
			var last any = ""
			if t.HasLast {
				last = round1(t.LastRate)
			}
			rows = append(rows, []any{kind, t.Unit, t.Name, t.Required, t.Met, t.Overdue, t.Pending, round1(t.Rate()), last, t.Quizzes, t.Passed, round1(t.MeanScore())})
		}
	}
	add("局室区", d.Bureaus)
	add("課", d.Units)
	rows = append(rows, []any{"全体", "", strconv.Itoa(d.Year) + " 年度", d.Total.Required, d.Total.Met, d.Total.Overdue, d.Total.Pending,
		round1(d.Total.Rate()), round1(d.LastTotal.Rate()), d.Total.Quizzes, d.Total.Passed, round1(d.Total.MeanScore())})
	for _, r := range rows {
		if err := sw.Row(r...); err != nil {
			return err
		}
	}
	return sw.Close()
}

func round1(f float64) float64 { return float64(int(f*10+0.5)) / 10 }
