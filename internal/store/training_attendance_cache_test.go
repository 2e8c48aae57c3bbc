package store_test

import (
	"context"
	"testing"

	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/training"
)

// TestTrainingCityCache checks that the city's read, which keeps the
// year's attendance between reads, sees each attendance recorded after it
// (by the ledger records since) and answers the same while nothing is.
func TestTrainingCityCache(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		trainingYear2024(t, db)
		city := func() map[string]string {
			t.Helper()
			y, err := db.TrainingYear(ctx, 2024, day("2024-10-01"), "")
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, tl := range y.ByUnit() {
				got[tl.Unit] = tallyString(tl)
			}
			return got
		}
		if got := city(); got["112"] != "3/0/3" || got["111"] != "3/0/3" {
			t.Fatalf("before: %v", got)
		}
		if got, want := city()["112"], "3/0/3"; got != want {
			t.Fatalf("課 112 before: got %s, want %s", got, want)
		}
		if got, want := city()["112"], "3/0/3"; got != want {
			t.Fatalf("課 112 read again: got %s, want %s", got, want)
		}
		if _, err := db.AnswerQuiz(ctx, trainer{person: "1005"}, "all-2024", []int{1}, day("2024-07-01")); err != nil {
			t.Fatal(err)
		}
		if got, want := city()["112"], "3/1/2"; got != want {
			t.Errorf("課 112 after 1005 passed: got %s, want %s", got, want)
		}
		rows := []training.Row{{Line: 2, StaffNo: "1004", CourseID: "all-2024", On: day("2024-07-01")}}
		if _, err := db.ImportAttendance(ctx, office, rows, false); err != nil {
			t.Fatal(err)
		}
		got := city()
		if got["112"] != "3/1/2" || got["111"] != "3/1/2" {
			t.Errorf("after 1004's attendance was imported: got %v, want 111 and 112 3/1/2", got)
		}
	})
}

// TestWarmTrainingAttendance: the server's read at start keeps the year's
// attendance, so the first city report after it reads none again, and the
// report is the one a cold read gives.
func TestWarmTrainingAttendance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		trainingYear2024(t, db)
		cold, err := db.TrainingYear(ctx, 2024, day("2024-10-01"), "")
		if err != nil {
			t.Fatal(err)
		}
		db.ForgetTrainingAttendance()
		if err := db.WarmTrainingAttendance(ctx, day("2024-10-01")); err != nil {
			t.Fatal(err)
		}
		if n := db.KeptTrainingYears(); n == 0 {
			t.Fatal("nothing kept after the warm read")
		}
		warm, err := db.TrainingYear(ctx, 2024, day("2024-10-01"), "")
		if err != nil {
			t.Fatal(err)
		}
		if a, b := len(cold.ByUnit()), len(warm.ByUnit()); a != b || a == 0 {
			t.Fatalf("units: cold %d, warm %d", a, b)
		}
		for i, tl := range cold.ByUnit() {
			if got := tallyString(warm.ByUnit()[i]); got != tallyString(tl) {
				t.Errorf("課 %s: warm %s, cold %s", tl.Unit, got, tallyString(tl))
			}
		}
	})
}
