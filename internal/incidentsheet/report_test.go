package incidentsheet

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kijun/internal/incidents"
)

func TestWriteYear(t *testing.T) {
	at := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	rows := []incidents.StatRow{
		{ID: 1, Title: "USB メモリ紛失", Kind: incidents.KindLoss, Cause: incidents.CauseCareless, Status: incidents.StatusClosed,
			DiscoveredAt: at, ReportedAt: at, FirstAckAt: at.Add(10 * time.Minute), ContainedAt: at.Add(2 * time.Hour)},
		{ID: 2, Title: "標的型メール訓練", Kind: incidents.KindMalware, Drill: true, DiscoveredAt: at},
	}
	var b bytes.Buffer
	if err := WriteYear(&b, "令和8年度", incidents.Compute(rows), rows); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := f.GetCellValue("集計", "B3")
	if got != "1" {
		t.Errorf("incidents: got %q, want 1 (the drill left out)", got)
	}
	got, _ = f.GetCellValue("集計", "B7")
	if got != "10" {
		t.Errorf("minutes to acknowledge: got %q, want 10", got)
	}
	got, _ = f.GetCellValue("一覧", "I3")
	if got != "訓練" {
		t.Errorf("the drill is not marked in the list: %q", got)
	}
}
