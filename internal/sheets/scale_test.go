package sheets_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kijun/internal/sheets"
)

// A city's register of 200,000 rows, as the asset register exports it,
// reads within the limits the asset register uses. Slow (a 200 MB sheet):
// run with KIJUN_TEST_SCALE=1.
func TestCityScale(t *testing.T) {
	if os.Getenv("KIJUN_TEST_SCALE") == "" {
		t.Skip("set KIJUN_TEST_SCALE=1 to read a register of 200,000 rows")
	}
	const rows = 200_000
	cols := make([]sheets.Column, 16)
	for i := range cols {
		cols[i] = sheets.Column{Heading: fmt.Sprintf("列%d", i+1)}
	}
	var b bytes.Buffer
	err := sheets.WriteRegister(&b, sheets.XLSX, "台帳", cols, func(row func(...any) error) error {
		for i := range rows {
			if err := row(fmt.Sprintf("A-%06d", i), fmt.Sprintf("住民基本台帳データ%d", i), "住民記録システムのデータベース（本番と待機）", "10101", "データベース",
				"データセンター 住記サーバ", 3, "個人情報を含む（4.1.1）", 2, "改ざんで住民の権利が侵害される", 2, "窓口業務が止まる", "利用", "", "",
				fmt.Sprintf("system:juki,device:PC-%04d", i%10000)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	lim := sheets.LimitsFor(96<<20, 300_000) // the asset register's
	// What excelize alone takes to open it, to compare.
	start := time.Now()
	if f, err := excelize.OpenReader(bytes.NewReader(b.Bytes())); err == nil {
		f.Close()
	}
	t.Logf("excelize alone opens it in %v", time.Since(start))
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start = time.Now()
	tb, err := sheets.Open("台帳.xlsx", b.Bytes(), "台帳", lim)
	if err != nil {
		t.Fatal(err)
	}
	opened := time.Since(start)
	n := 0
	for {
		if _, err := tb.Next(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if err := tb.Close(); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	t.Logf("%d MB file: opened (checked and unpacked) in %v, %d rows read in %v, %d MB allocated in all, heap %d MB after",
		b.Len()>>20, opened, n, time.Since(start), (after.TotalAlloc-before.TotalAlloc)>>20, after.HeapAlloc>>20)
	if n != rows+1 {
		t.Errorf("read %d rows, want %d", n, rows+1)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
