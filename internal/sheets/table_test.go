package sheets_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"kijun/internal/sheets"
)

func TestWriteTable(t *testing.T) {
	cols := []sheets.TableColumn{{Header: "番号", Width: 8}, {Header: "件名", Width: 40}, {Header: "訓練", Width: 6}}
	for _, tc := range []struct {
		name   string
		rows   [][]any
		filter string
	}{
		{"rows", [][]any{{1, "USB メモリ紛失", ""}, {2, "標的型メール訓練", "訓練"}}, "'表'!$A$1:$C$3"},
		{"short row", [][]any{{1, "件名だけ"}}, "'表'!$A$1:$C$2"},
		{"no rows", nil, "'表'!$A$1:$C$2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := excelize.NewFile()
			defer f.Close()
			if err := f.SetSheetName("Sheet1", "表"); err != nil {
				t.Fatal(err)
			}
			if err := sheets.WriteTable(f, "表", cols, tc.rows); err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if _, err := f.WriteTo(&b); err != nil {
				t.Fatal(err)
			}
			g, err := excelize.OpenReader(&b)
			if err != nil {
				t.Fatal(err)
			}
			defer g.Close()

			got, err := g.GetRows("表")
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{"番号", "件名", "訓練"}; len(got) == 0 || !slices.Equal(got[0], want) {
				t.Fatalf("header: got %q, want %q", got, want)
			}
			if len(got)-1 != len(tc.rows) {
				t.Errorf("rows: got %d, want %d", len(got)-1, len(tc.rows))
			}
			for _, c := range []struct {
				col  string
				want float64
			}{{"A", 8}, {"B", 40}, {"C", 6}} {
				if w, err := g.GetColWidth("表", c.col); err != nil || w != c.want {
					t.Errorf("width of %s: got %v (%v), want %v", c.col, w, err, c.want)
				}
			}
			for _, cell := range []string{"A1", "C1"} {
				id, err := g.GetCellStyle("表", cell)
				if err != nil {
					t.Fatal(err)
				}
				st, err := g.GetStyle(id)
				if err != nil {
					t.Fatal(err)
				}
				if st.Font == nil || !st.Font.Bold || !slices.Equal(st.Fill.Color, []string{"DDEBF7"}) {
					t.Errorf("%s style: got font %+v fill %+v, want bold on DDEBF7", cell, st.Font, st.Fill)
				}
			}
			panes, err := g.GetPanes("表")
			if err != nil || !panes.Freeze || panes.YSplit != 1 {
				t.Errorf("header not frozen: %+v, %v", panes, err)
			}
			filter := ""
			for _, dn := range g.GetDefinedName() {
				if dn.Name == "_xlnm._FilterDatabase" && dn.Scope == "表" {
					filter = dn.RefersTo
				}
			}
			if filter != tc.filter {
				t.Errorf("filter: got %q, want %q", filter, tc.filter)
			}
		})
	}
}

func TestWriteTableNoColumns(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if err := sheets.WriteTable(f, "Sheet1", nil, nil); err == nil {
		t.Error("got no error for a table without columns")
	}
}
