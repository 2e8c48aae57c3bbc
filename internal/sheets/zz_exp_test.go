package sheets_test

import (
	"runtime"
	"strings"
	"testing"

	"kijun/internal/sheets"
)

func TestZZWorstStyles(t *testing.T) {
	lim := sheets.LimitsFor(96<<20, 300_000)
	data := workbookOf(t, part{name: "xl/styles.xml", text: `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>`,
		chunk: strings.Repeat("<xf/>", 2000), times: 4000})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	n, err := readAll("x.xlsx", data, lim)
	runtime.ReadMemStats(&after)
	t.Logf("%d KB file, rows %d err %v, total alloc %d MB, sys %d MB", len(data)>>10, n, err, (after.TotalAlloc-before.TotalAlloc)>>20, after.Sys>>20)
}
