package store

import (
	"context"
	"time"

	"kijun/internal/training"
)

// WarmTrainingAttendance keeps this 年度's and the last's attendance, as
// the city's report (7.2.2カ) reads them, so that the first report after a
// start is not the one that reads the 200,000 rows while someone waits.
// The server calls it once as it starts; the attendance kept is brought up
// to date from the ledger at each later read, as any kept attendance is.
func (db *DB) WarmTrainingAttendance(ctx context.Context, day time.Time) error {
	year := training.FiscalYear(day)
	if _, err := db.TrainingYear(ctx, year, day, ""); err != nil {
		return err
	}
	_, err := db.TrainingYear(ctx, year-1, training.YearEnd(year-1).AddDate(0, 0, 1), "")
	return err
}
