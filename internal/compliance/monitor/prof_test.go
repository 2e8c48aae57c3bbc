package monitor_test

import (
	"context"
	"os"
	"testing"

	"kijun/internal/compliance/monitor"
	"kijun/internal/store"
)

func TestProfileCity(t *testing.T) {
	path := os.Getenv("PROF_DB")
	if path == "" {
		t.Skip()
	}
	db, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := monitor.New(db)
	for range 3 {
		res, err := m.Evaluate(context.Background(), db.Now())
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%d findings, read %s eval %s", len(res.Findings), res.Read, res.Eval)
	}
}
