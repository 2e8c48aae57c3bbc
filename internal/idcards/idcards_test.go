package idcards

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"kijun/internal/kijun"
)

func TestLifecycle(t *testing.T) {
	d := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	c := Card{Number: "C-1", Kind: KindCard, Holder: "1001", Unit: "111", State: StateIssued, IssuedOn: d}
	if _, err := c.Destroy(d); kijun.ErrorCode(err) != kijun.ECONFLICT {
		t.Errorf("a card in use destroyed: %v", err)
	}
	lost, err := c.ReportLost(d.AddDate(0, 1, 0))
	if err != nil || lost.State != StateLost {
		t.Fatalf("lost: %+v, %v", lost, err)
	}
	if _, err := lost.ReportLost(d); kijun.ErrorCode(err) != kijun.ECONFLICT {
		t.Errorf("lost twice: %v", err)
	}
	if _, err := lost.Destroy(d); kijun.ErrorCode(err) != kijun.ECONFLICT {
		t.Errorf("a lost card, not in hand, destroyed: %v", err)
	}
	back, err := lost.Return(d.AddDate(0, 2, 0))
	if err != nil {
		t.Fatal(err)
	}
	if gone, err := back.Destroy(d.AddDate(0, 2, 1)); err != nil || gone.State != StateDestroyed {
		t.Errorf("destroy: %+v, %v", gone, err)
	}
}

func TestImportCheck(t *testing.T) {
	head := "カード番号,種別,職員番号,共用の課,交付日,切替え前のカード番号,備考\n"
	data := head + "C-1,ID カード,1001,,2026-04-01,,\n" +
		"C-2,トークン,,111,2026-04-01,,窓口共用\n" +
		"C-1,ID カード,1002,,2026-04-01,,\n" + // issued to two people
		"C-3,ID カード,9999,,2026-04-01,,\n" + // unknown person
		"C-4,ID カード,1003,,2026-04-01,,\n" + // left
		"C-9,ID カード,1002,,2026-04-01,,\n" + // registered to someone else
		"C-5,ID カード,1002,,2026-04-01,C-404,\n" // replaces an unknown card
	rows, err := ReadFile("c.csv", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	k := Known{People: map[string]bool{"1001": false, "1002": false, "1003": true}, Units: map[string]bool{"111": true},
		Cards: map[string]Card{"C-9": {Number: "C-9", Holder: "1001"}}, UnitOf: map[string]string{"1001": "111", "1002": "112"}}
	got, err := Check(rows, k)
	var ie *kijun.ImportError
	if !errors.As(err, &ie) || got != nil {
		t.Fatalf("got %v, %v", got, err)
	}
	var lines []int
	for _, e := range ie.Errors {
		lines = append(lines, e.Row)
	}
	if want := []int{4, 5, 6, 7, 8}; len(lines) != len(want) {
		t.Errorf("errors on rows %v, want %v: %v", lines, want, ie.Errors)
	}
	good, err := Check(rows[:2], k)
	if err != nil || len(good) != 2 || good[0].Unit != "111" || !good[1].Shared() {
		t.Errorf("good rows: %+v, %v", good, err)
	}
	var b bytes.Buffer
	if err := WriteRegister(&b, "csv", good); err != nil {
		t.Fatal(err)
	}
	back, err := ReadFile("r.csv", b.Bytes())
	if err != nil || len(back) != 2 || back[0].Number != "C-1" {
		t.Errorf("an export reads back: %+v, %v", back, err)
	}
}
