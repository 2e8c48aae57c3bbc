package catalog

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestWriteXLSX(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, c); err != nil {
		t.Fatalf("WriteXLSX: %v", err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("open written file: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows("規定")
	if err != nil {
		t.Fatalf("read rows: %v", err)
	}
	if got, want := len(rows), len(c.Provisions)+1; got != want {
		t.Fatalf("rows: got %d, want %d", got, want)
	}
	header := []string{"ID", "種別", "見出し", "本文", "対象者", "規定の種類", "運用方法", "参照", "実装"}
	for i, h := range header {
		if rows[0][i] != h {
			t.Errorf("header %d: got %q, want %q", i, rows[0][i], h)
		}
	}
	byID := map[string][]string{}
	for _, r := range rows[1:] {
		byID[r[0]] = r
	}
	tests := []struct {
		id       string
		col      int
		contains string
	}{
		{"8.2.6.ウ", 4, "情報基盤管理者、業務システム管理者"},
		{"4.2.キ.(2)", 6, "許可者: 情報管理者"},
		{"4.4", 8, "ledger"},
		{"4.1.1", 3, "分類 | 分類基準"},
		{"7.1.2", 7, "7.1.1"},
		{"3", 2, "組織体制"},
	}
	for _, tt := range tests {
		r := byID[tt.id]
		if len(r) <= tt.col || !bytes.Contains([]byte(r[tt.col]), []byte(tt.contains)) {
			t.Errorf("%s column %d: got %v, want it to contain %q", tt.id, tt.col, r, tt.contains)
		}
	}
	panes, err := f.GetPanes("規定")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes: got %+v %v, want a frozen header row", panes, err)
	}
}
