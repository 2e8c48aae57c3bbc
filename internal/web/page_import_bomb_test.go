package web

import (
	"archive/zip"
	"bytes"
	"os"
	"strings"
	"testing"
)

// An HR workbook whose sheet unpacks to 4 GB, from a file of a few
// hundred bytes that any member of staff could upload, is refused with
// the limit named, and leaves no temporary file.
func TestImportRefusesBomb(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ts, _ := newTestServer(t)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, text := range map[string]string{
		"[Content_Types].xml": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"xl/workbook.xml":     `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>`,
	} {
		w, _ := zw.Create(name)
		w.Write([]byte(text))
	}
	// The sheet says it unpacks to 4 GB; its bytes are never unpacked.
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CompressedSize64: 2, UncompressedSize64: 4 << 30})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte{0x03, 0x00})
	zw.Close()

	status, body := postImport(t, ts.URL, map[string]string{"mode": "dryrun"}, "bomb.xlsx", b.Bytes())
	if status != 400 || !strings.Contains(body, "展開すると") || !strings.Contains(body, "MB を超えます") {
		t.Errorf("a %d-byte bomb: %d, want 400 naming the limit", b.Len(), status)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		var names []string
		for _, e := range left {
			names = append(names, e.Name())
		}
		t.Errorf("temporary files left: %v", names)
	}
}
