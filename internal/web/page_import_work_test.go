package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"kijun/internal/assetsheet"
	"kijun/internal/auth"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// uploadRun is an import through the upload page as a person does it:
// the file is posted once, the status followed until the check ends,
// then (when confirm) the import confirmed by the upload's ID alone and
// followed to its end. It returns the last page's status and body, and
// the upload's ID ("" when the post itself was refused).
type uploadRun struct {
	t    *testing.T
	base string
	auth func(*http.Request)
}

func (u uploadRun) do(method, path, ctype string, body []byte) (int, string, http.Header) {
	u.t.Helper()
	req, _ := http.NewRequest(method, u.base+path, bytes.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	u.auth(req)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		u.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// status reads the upload's JSON status until its work ends.
func (u uploadRun) wait(id string) map[string]any {
	u.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		code, body, _ := u.do("GET", "/imports/"+id+"/status", "", nil)
		var st map[string]any
		if code != 200 || json.Unmarshal([]byte(body), &st) != nil {
			u.t.Fatalf("status of %s: %d %.300s", id, code, body)
		}
		if st["finished"] == true {
			return st
		}
		if time.Now().After(deadline) {
			u.t.Fatalf("upload %s still %v after a minute", id, st["state"])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (u uploadRun) run(path, name string, file []byte, confirm bool) (int, string, string) {
	u.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(file)
	mw.Close()
	code, body, h := u.do("POST", path, mw.FormDataContentType(), b.Bytes())
	if code != http.StatusSeeOther {
		return code, body, ""
	}
	id := strings.TrimPrefix(h.Get("Location"), "/imports/")
	st := u.wait(id)
	if confirm && st["state"] == store.UploadChecked {
		if code, body, _ := u.do("POST", "/imports/"+id+"/confirm", "application/x-www-form-urlencoded", nil); code != http.StatusSeeOther {
			u.t.Fatalf("confirm %s: %d %.300s", id, code, body)
		}
		u.wait(id)
	}
	code, body, _ = u.do("GET", "/imports/"+id, "", nil)
	return code, body, id
}

func assetCSV(rows ...string) []byte {
	return []byte(strings.Join(assetsheet.Headings(), ",") + "\n" + strings.Join(rows, "\n") + "\n")
}

func assetLine(id, unit string, c int) string {
	return fmt.Sprintf("%s,住民記録データ%s,説明,%s,データベース,サーバ室,%d,個人情報,2,改ざん,2,停止,利用,,,", id, id, unit, c)
}

// A register file is uploaded once: its check shows the plan and a
// confirmation that names the upload, not the file; the confirmation
// writes it and the page says so. Until then nothing is written; another
// person cannot see the upload.
func TestImportUploadCheckThenConfirm(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	accessOrg(t, db)
	ts, _ := startServer(t, db)
	chief := seedToken(t, db, auth.Account{ID: "1001", StaffNo: "1001", DisplayName: "山田 太郎"}, "write")
	other := seedToken(t, db, auth.Account{ID: "1004", StaffNo: "1004", DisplayName: "高橋 次郎"}, "write")
	as := func(token string) uploadRun {
		return uploadRun{t: t, base: ts.URL, auth: func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }}
	}
	file := assetCSV(assetLine("A-0001", "111", 3), assetLine("A-0002", "111", 2))
	code, body, id := as(chief).run("/assets/import", "daicho.csv", file, false)
	if code != 200 || !strings.Contains(body, "追加 2 件") || !strings.Contains(body, `id="confirm"`) || strings.Contains(body, "payload") {
		t.Fatalf("the check's page: %d %.2000s", code, body)
	}
	if n := countAssets(t, db); n != 0 {
		t.Fatalf("after the check %d assets, want 0", n)
	}
	if code, _, _ := as(other).do("GET", "/imports/"+id, "", nil); code != http.StatusNotFound {
		t.Errorf("another person's view of the upload: %d, want 404", code)
	}
	if code, _, _ := as(other).do("POST", "/imports/"+id+"/confirm", "application/x-www-form-urlencoded", nil); code != http.StatusNotFound {
		t.Errorf("another person's confirmation: %d, want 404", code)
	}
	if code, _, _ := as(chief).do("POST", "/imports/"+id+"/confirm", "application/x-www-form-urlencoded", nil); code != http.StatusSeeOther {
		t.Fatalf("confirm: %d", code)
	}
	st := as(chief).wait(id)
	if st["state"] != store.UploadDone || st["rows_written"] != 2.0 || st["rows_checked"] != 2.0 || st["rows_read"] != 2.0 {
		t.Errorf("status after the write: %v", st)
	}
	_, body, _ = as(chief).do("GET", "/imports/"+id, "", nil)
	if !strings.Contains(body, `data-done="true"`) || !strings.Contains(body, "取り込みました") {
		t.Errorf("the result page: %.2000s", body)
	}
	if n := countAssets(t, db); n != 2 {
		t.Errorf("after the confirmation %d assets, want 2", n)
	}
	// Confirming again writes nothing more: the upload is done.
	as(chief).do("POST", "/imports/"+id+"/confirm", "application/x-www-form-urlencoded", nil)
	if data, err := db.UploadData(context.Background(), id); err == nil {
		t.Errorf("the file's %d bytes are kept after the write", len(data))
	}
}

// A file with a wrong row, or another 課's row, is refused with the row,
// column and reason listed once, and nothing written; a fake .txt gets one
// error.
func TestImportUploadRefused(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	accessOrg(t, db)
	ts, _ := startServer(t, db)
	chief := seedToken(t, db, auth.Account{ID: "1001", StaffNo: "1001", DisplayName: "山田 太郎"}, "write")
	as := uploadRun{t: t, base: ts.URL, auth: func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+chief) }}
	code, body, _ := as.run("/assets/import", "daicho.csv", assetCSV(assetLine("A-0001", "111", 3), assetLine("A-0002", "111", 9), assetLine("B-0001", "112", 1)), true)
	if code != http.StatusBadRequest || !strings.Contains(body, "3 行目") || !strings.Contains(body, "4 行目") {
		t.Errorf("a file with a wrong level and another 課's row: %d %.3000s", code, body)
	}
	if n := strings.Count(body, "4 行目"); n != 1 {
		t.Errorf("the other 課's row is listed %d times, want once", n)
	}
	if n := countAssets(t, db); n != 0 {
		t.Errorf("%d assets written, want none", n)
	}
	var zipped bytes.Buffer
	zipped.WriteString("PK\x03\x04")
	zipped.Write(bytes.Repeat([]byte{0, 1, 2, 0xff}, 2000))
	code, body, _ = as.run("/assets/import", "daicho.txt", zipped.Bytes(), true)
	errs := regexp.MustCompile(`CSV（文字だけのファイル）ではありません`).FindAllString(body, -1)
	if code != http.StatusBadRequest || len(errs) != 1 || strings.Contains(body, `id="row-errors"`) {
		t.Errorf("a fake .txt: %d, %d errors: %.2000s", code, len(errs), body)
	}
}

func countAssets(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.View(context.Background(), func(tx *store.Tx) error {
		return tx.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM assets").Scan(&n)
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// A register file past the 20 MB every other form may send is taken by
// its import page (the city's asset register is tens of MB), and its
// check answers with what is wrong in it, not with the size of the body.
func TestImportUploadTakesLargeFile(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	accessOrg(t, db)
	ts, _ := startServer(t, db)
	chief := seedToken(t, db, auth.Account{ID: "1001", StaffNo: "1001", DisplayName: "山田 太郎"}, "write")
	as := uploadRun{t: t, base: ts.URL, auth: func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+chief) }}
	// 25 MB with no heading the register knows.
	big := append([]byte("列,列\n"), bytes.Repeat([]byte("x,"+strings.Repeat("y", 1000)+"\n"), 25<<20/1003)...)
	code, body, id := as.run("/assets/import", "daicho.csv", big, false)
	if id == "" || code != http.StatusBadRequest || !strings.Contains(body, "見出し「管理番号」の列がありません") {
		i := strings.Index(body, "<main")
		t.Errorf("a 25 MB file: %d (upload %q) %.3000s", code, id, body[max(i, 0):])
	}
	// Another form stays bounded at 20 MB.
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, _ := mw.CreateFormFile("file", "big.csv")
	fw.Write(big)
	mw.Close()
	if _, body, _ := as.do("POST", "/assets", mw.FormDataContentType(), b.Bytes()); !strings.Contains(body, "上限 20 MB") {
		t.Errorf("a 25 MB body to the asset form: %.300s", body)
	}
}
