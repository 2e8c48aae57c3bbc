package sheets_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/sheets"
)

// part is one file of a crafted workbook: its text, or chunk repeated
// times (deflated once and the deflated bytes repeated, so a part of
// gigabytes is built in milliseconds), or a declared size that lies.
type part struct {
	name     string
	text     string
	chunk    string
	times    int
	declared uint64 // when not 0, the unpacked size the zip claims
}

const (
	contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`
	rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	workbook = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台帳" sheetId="1" r:id="rId1"/></sheets></workbook>`
	workbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
	sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>管理番号</t></is></c></row>`
	sheetTail = `</sheetData></worksheet>`
)

// workbookOf builds a workbook of the usual parts and the parts given,
// which replace a usual part of the same name.
func workbookOf(t testing.TB, parts ...part) []byte {
	t.Helper()
	all := []part{
		{name: "[Content_Types].xml", text: contentTypes},
		{name: "_rels/.rels", text: rootRels},
		{name: "xl/workbook.xml", text: workbook},
		{name: "xl/_rels/workbook.xml.rels", text: workbookRels},
		{name: "xl/worksheets/sheet1.xml", text: sheetHead + `<row r="2"><c r="A2" t="inlineStr"><is><t>A-0001</t></is></c></row>` + sheetTail},
		{name: "xl/sharedStrings.xml", text: `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"></sst>`},
	}
	for _, p := range parts {
		replaced := false
		for i := range all {
			if all[i].name == p.name {
				all[i], replaced = p, true
			}
		}
		if !replaced {
			all = append(all, p)
		}
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, p := range all {
		if p.chunk == "" {
			w, err := zw.Create(p.name)
			if err != nil {
				t.Fatal(err)
			}
			io.WriteString(w, p.text)
			continue
		}
		raw, crc, size := repeated(t, p.text, p.chunk, p.times)
		if p.declared != 0 {
			size = p.declared
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: crc,
			CompressedSize64: uint64(len(raw)), UncompressedSize64: size})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(raw)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// repeated deflates head, then chunk times times, then sheetTail. Each
// piece is deflated on its own and flushed, so its bytes stand alone and
// can be repeated.
func repeated(t testing.TB, head, chunk string, times int) ([]byte, uint32, uint64) {
	t.Helper()
	piece := func(s string) []byte {
		var b bytes.Buffer
		fw, _ := flate.NewWriter(&b, flate.BestCompression)
		io.WriteString(fw, s)
		fw.Flush()
		return b.Bytes()
	}
	var raw bytes.Buffer
	raw.Write(piece(head))
	c := piece(chunk)
	crc := crc32.Update(0, crc32.IEEETable, []byte(head))
	for range times {
		raw.Write(c)
		crc = crc32.Update(crc, crc32.IEEETable, []byte(chunk))
	}
	raw.Write(piece(sheetTail))
	crc = crc32.Update(crc, crc32.IEEETable, []byte(sheetTail))
	raw.Write([]byte{0x03, 0x00}) // the final, empty block
	return raw.Bytes(), crc, uint64(len(head) + len(chunk)*times + len(sheetTail))
}

// testLimits are small, so that each bomb is quick to build; the asset
// register's own limits are checked at city scale in TestCityScale.
var testLimits = sheets.Limits{Size: 32 << 20, Unzipped: 256 << 20, Rows: 5000, Columns: 64, Strings: 10_000}

// readAll opens a file and reads every row, as an import does.
func readAll(name string, data []byte, lim sheets.Limits) (rows int, err error) {
	tb, err := sheets.Open(name, data, "台帳", lim)
	if err != nil {
		return 0, err
	}
	defer tb.Close()
	for {
		_, err := tb.Next()
		if err == io.EOF {
			return rows, nil
		}
		var bad *sheets.BadTextError
		if err != nil && !errors.As(err, &bad) {
			return rows, err
		}
		rows++
	}
}

// measure runs read with TMPDIR set to an empty directory, and returns
// the bytes it allocated and the files it left there.
func measure(t *testing.T, read func()) (alloc uint64, left []string) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	read()
	runtime.ReadMemStats(&after)
	entries, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		left = append(left, e.Name())
	}
	return after.TotalAlloc - before.TotalAlloc, left
}

// Crafted workbooks that unpack to far more than they weigh, or hold
// millions of rows, cells, strings or tags, are refused early, or their
// parts left unread when a register needs none of them: the error names
// the limit, the read allocates little whatever the file unpacks to, and
// no temporary file is left behind.
func TestWorkbookBombs(t *testing.T) {
	emptyRows := strings.Repeat("<row/>", 1000)
	for _, tc := range []struct {
		name  string
		parts []part
		want  string // in the error
	}{
		{"a sheet that unpacks to 2 GB", []part{{name: "xl/worksheets/sheet1.xml", text: sheetHead,
			chunk: strings.Repeat(`<row><c t="inlineStr"><is><t>爆弾</t></is></c></row>`, 20000), times: 2 << 10}}, "展開すると 256 MB を超えます"},
		{"a sheet that says 1 KB and unpacks to 400 MB", []part{{name: "xl/worksheets/sheet1.xml", text: sheetHead,
			chunk: strings.Repeat("<row/>", 1<<20/6), times: 400, declared: 1 << 10}}, "読めません"},
		{"shared strings past the limit", []part{{name: "xl/sharedStrings.xml", text: `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`,
			chunk: strings.Repeat("<si><t/></si>", 1000), times: 1000}}, "共有文字列が 10000 個を超えています"},
		{"one shared string of 16 MB in runs", []part{{name: "xl/sharedStrings.xml", text: `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si>`,
			chunk: strings.Repeat("<r><t>a</t></r>", 1000), times: 1000}}, "一つのセル又は文字列が 4 MB を超えています"},
		{"one cell of 64 MB", []part{{name: "xl/worksheets/sheet1.xml", text: sheetHead + `<row r="2"><c r="A2" t="str"><v>`,
			chunk: strings.Repeat("あ", 1<<20/3), times: 64}}, "一つのセルの文字又はタグが 1 MB を超えています"},
		{"one cell of 32 MB in a sheet named as no sheet", []part{
			{name: "xl/_rels/workbook.xml.rels", text: strings.Replace(workbookRels, "worksheets/sheet1.xml", "data.bin", 1)},
			{name: "xl/data.bin", text: sheetHead + `<row r="2"><c r="A2" t="str"><v>`, chunk: strings.Repeat("あ", 1<<20/3), times: 32}}, "シート「台帳」を読めません"},
		{"shared strings named with a backslash", []part{{name: "xl\\sharedStrings.xml", text: `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`,
			chunk: strings.Repeat("<si><t/></si>", 1000), times: 1000}}, "共有文字列が 10000 個を超えています"},
		{"a cell of CDATA sections", []part{{name: "xl/worksheets/sheet1.xml", text: sheetHead + `<row r="2"><c r="A2" t="str"><v>`,
			chunk: strings.Repeat("<![CDATA[aaaaaaaa]]>", 1000), times: 10}}, "コメント・CDATA・DTD"},
		{"a million empty rows", []part{{name: "xl/worksheets/sheet1.xml", text: sheetHead, chunk: emptyRows, times: 1000}}, "行が 5000 行を超えています"},
		{"a row far down", []part{{name: "xl/worksheets/sheet1.xml", text: sheetHead + `<row r="1048576"><c r="A1048576"><v>1</v></c></row>` + sheetTail}}, "行が 5000 行を超えています"},
		{"a cell in the last column", []part{{name: "xl/worksheets/sheet1.xml", text: sheetHead + `<row r="2"><c r="XFD2"><v>1</v></c></row>` + sheetTail}}, "2 行目が 64 列を超えています"},
		{"a million empty cells in rows", []part{{name: "xl/worksheets/sheet1.xml", text: sheetHead,
			chunk: "<row>" + strings.Repeat("<c/>", 1000) + "<c><v>1</v></c></row>", times: 1000}}, "列を超えています"},
		{"40 MB of tiny styles, never parsed", []part{{name: "xl/styles.xml", text: `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>`,
			chunk: strings.Repeat("<xf/>", 2000), times: 4000}}, ""},
		{"100 MB of pictures, never unpacked", []part{{name: "xl/media/image1.png", text: "\x89PNG", chunk: strings.Repeat("\x00", 1<<20), times: 100}}, ""},
		{"content types of a million tags", []part{{name: "[Content_Types].xml", text: `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`,
			chunk: strings.Repeat("<Default/>", 1000), times: 1000}}, "タグが 50000 個を超えています"},
		{"a workbook of 20 MB", []part{{name: "xl/workbook.xml", text: workbook, chunk: strings.Repeat(" ", 1<<20), times: 20}}, "ブック・関係付けなどの部品が合わせて 16 MB を超えます"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := workbookOf(t, tc.parts...)
			var err error
			start := time.Now()
			alloc, left := measure(t, func() { _, err = readAll("bomb.xlsx", data, testLimits) })
			took := time.Since(start)
			t.Logf("%d KB file: %v; %d MB allocated in %v", len(data)>>10, err, alloc>>20, took)
			if tc.want == "" && err != nil {
				t.Errorf("got %v, want the workbook read", err)
			}
			if tc.want != "" && (kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(kijun.ErrorMessage(err), tc.want)) {
				t.Errorf("got %v, want an EINVALID error saying %q", err, tc.want)
			}
			if alloc > 64<<20 {
				t.Errorf("allocated %d MB, want under 64 MB", alloc>>20)
			}
			if len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

// A workbook of many parts is refused from its directory alone.
func TestWorkbookManyParts(t *testing.T) {
	var parts []part
	for i := range 5000 {
		parts = append(parts, part{name: fmt.Sprintf("xl/media/image%d.png", i), text: "x"})
	}
	data := workbookOf(t, parts...)
	_, err := readAll("bomb.xlsx", data, testLimits)
	if kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(kijun.ErrorMessage(err), "部品が 5006 個あります（上限 1000 個）") {
		t.Errorf("got %v, want the parts counted against the limit", err)
	}
}

// A workbook whose sheet excelize unpacks to a temporary file leaves none
// behind: read to the end, stopped at a limit, or failing to open after
// the sheet was unpacked.
func TestWorkbookTemporaryFiles(t *testing.T) {
	big := part{name: "xl/worksheets/sheet1.xml", text: sheetHead,
		chunk: strings.Repeat(`<row><c t="inlineStr"><is><t>行</t></is></c></row>`, 1000), times: 4} // 4,000 rows, 200 KB a thousand
	for _, tc := range []struct {
		name  string
		parts []part
		lim   sheets.Limits
		rows  int
		want  string
	}{
		{"read to the end", []part{big}, testLimits, 4001, ""},
		{"stopped at a limit", []part{big}, sheets.Limits{Size: 32 << 20, Unzipped: 256 << 20, Rows: 1000, Columns: 64}, 1000, "行が 1000 行を超えています"},
		{"a broken workbook part", []part{big, {name: "xl/workbook.xml", text: "<workbook><sheets><sheet"}}, testLimits, 0, "読めません"},
		{"a broken sheet", []part{{name: "xl/worksheets/sheet1.xml", text: sheetHead, chunk: strings.Repeat(`<row><c t="inlineStr"><is><t>行</t></is></c></row>`, 1000) + `<row><c r="!!"><v>1</v></c></row>`, times: 4}}, testLimits, 0, "読めません"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := workbookOf(t, tc.parts...)
			var rows int
			var err error
			_, left := measure(t, func() { rows, err = readAll("large.xlsx", data, tc.lim) })
			if tc.want == "" && (err != nil || rows != tc.rows) {
				t.Errorf("read %d rows, %v; want %d", rows, err, tc.rows)
			}
			if tc.want != "" && !strings.Contains(kijun.ErrorMessage(err), tc.want) {
				t.Errorf("got %v, want an error saying %q", err, tc.want)
			}
			if len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

// A zip whose directory claims ZIP64 counts, which a workbook never needs
// and which would make archive/zip trust a count of billions, is refused
// before the directory is read.
func TestWorkbookZIP64(t *testing.T) {
	data := workbookOf(t)
	end := bytes.LastIndex(data, []byte("PK\x05\x06"))
	data[end+10], data[end+11] = 0xff, 0xff // the number of files
	_, err := readAll("bomb.xlsx", data, testLimits)
	if kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(kijun.ErrorMessage(err), "ZIP64") {
		t.Errorf("got %v, want ZIP64 refused", err)
	}
}

// A workbook export large enough for excelize to keep its sheet in a
// temporary file removes that file whether it ends well or fails half
// way (the store failing while the rows are read).
func TestExportTemporaryFiles(t *testing.T) {
	long := strings.Repeat("説明", 100)
	for _, fail := range []bool{false, true} {
		var err error
		_, left := measure(t, func() {
			err = sheets.WriteRegister(io.Discard, sheets.XLSX, "台帳", []sheets.Column{{Heading: "番号"}, {Heading: "説明"}}, func(row func(...any) error) error {
				for i := range 60_000 { // about 40 MB of sheet
					if err := row(i, long); err != nil {
						return err
					}
				}
				if fail {
					return errors.New("the store failed")
				}
				return nil
			})
		})
		if (err != nil) != fail {
			t.Errorf("failing %v: got %v", fail, err)
		}
		if len(left) > 0 {
			t.Errorf("failing %v: temporary files left: %v", fail, left)
		}
	}
}
