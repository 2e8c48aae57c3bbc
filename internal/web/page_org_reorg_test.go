package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"kijun/internal/demo"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

func postMultipart(t *testing.T, url string, fields map[string]string, name string, data []byte) (int, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(data)
	}
	mw.Close()
	i := strings.Index(url, "/org/")
	return followUpload(t, url[:i], url[i:], mw.FormDataContentType(), b.Bytes())
}

// The CISO's office merges a 課 of the demo city into another: the file
// refused without a successor, then previewed with the records that move,
// then confirmed; the asset's page shows the 組織改正 moved it.
func TestReorganisationPage(t *testing.T) {
	ts, db := newTestServer(t)
	ctx := context.Background()
	if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	resp, body := get(t, ts.URL+"/org/reorg")
	if resp.StatusCode != 200 || !strings.Contains(body, "/org/reorg/template.xlsx") || !strings.Contains(body, `name="successor"`) {
		t.Fatalf("form: %d", resp.StatusCode)
	}
	if m := missingKey.FindString(body); m != "" {
		t.Errorf("message key %q shows as itself", m)
	}
	last := day(t, "2027-03-31")
	u, err := db.Unit(ctx, "10101", last)
	if err != nil {
		t.Fatal(err)
	}
	head := "組織コード,名称,カナ,上位組織コード,種類,適用開始日,適用終了日,承継先組織コード\n"
	line := func(succ string) string {
		return fmt.Sprintf("%s,%s,,%s,%s,%s,2027-03-31,%s\n", u.Code, u.Name, u.Parent, u.Kind, organisation.FormatDate(u.From), succ)
	}
	status, body := postMultipart(t, ts.URL+"/org/reorg", map[string]string{"mode": "preview"}, "bad.csv", []byte(head+line("")))
	if status != 400 || !strings.Contains(body, "2 行目") || !strings.Contains(body, "承継先組織コードが必要") {
		t.Fatalf("no successor: %d, want 400 naming row 2", status)
	}
	assets, _, err := db.ListAssets(ctx, store.AssetFilter{Units: []string{"10101"}, Limit: 1})
	if err != nil || len(assets) == 0 {
		t.Fatalf("a demo asset of 10101: %v", err)
	}
	asset := assets[0].ID
	seq, _, _ := db.Head(ctx)
	status, body = postMultipart(t, ts.URL+"/org/reorg", map[string]string{"mode": "preview"}, "merge.csv", []byte(head+line("10102")))
	if status != 200 || !strings.Contains(body, "まだ取り込んでいません") || !strings.Contains(body, "10102") || strings.Contains(body, `name="payload"`) {
		t.Fatalf("preview: %d %s", status, body)
	}
	if again, _, _ := db.Head(ctx); again != seq {
		t.Fatal("the preview wrote records")
	}
	status, body = confirmUpload(t, ts.URL, body)
	if status != 200 || !strings.Contains(body, "取り込みました") {
		t.Fatalf("confirm: %d", status)
	}
	if a, err := db.Asset(ctx, asset); err != nil || a.Unit != "10102" {
		t.Fatalf("asset %s: unit %s, %v; want 10102", asset, a.Unit, err)
	}
	if _, body := get(t, ts.URL+"/assets/"+asset); !strings.Contains(body, store.ReorgMoveAction) || !strings.Contains(body, "組織改正により承継先の課へ移動") {
		t.Errorf("the asset's history does not show the 組織改正")
	}
	if _, err := db.Unit(ctx, "10101", last); err != nil {
		t.Errorf("10101 on its last day: %v", err)
	}
	if _, err := db.Unit(ctx, "10101", last.AddDate(0, 0, 1)); err == nil {
		t.Errorf("10101 still stands after its last day")
	}
	// One unit created with the small form: previewed, then confirmed.
	form := map[string]string{"op": "create", "code": "10199", "name": "新設課", "kana": "シンセツカ", "parent": u.Parent, "kind": "ka", "from": "2027-04-01"}
	if status, body = postMultipart(t, ts.URL+"/org/reorg/unit", form, "", nil); status != 200 || !strings.Contains(body, "新設 10199") {
		t.Fatalf("create preview: %d", status)
	}
	form["mode"] = "confirm"
	if status, _ = postMultipart(t, ts.URL+"/org/reorg/unit", form, "", nil); status != 200 {
		t.Fatalf("create: %d", status)
	}
	if got, err := db.Unit(ctx, "10199", day(t, "2027-04-01")); err != nil || got.Name != "新設課" {
		t.Fatalf("created unit: %+v %v", got, err)
	}
}

// The API creates a unit and abolishes it into another, with dry_run and
// the rows in error as the file import has them.
func TestReorganisationAPI(t *testing.T) {
	ts, db := newTestServer(t)
	ctx := context.Background()
	if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	post := func(path, body string) (int, map[string]any) {
		req, _ := http.NewRequest("POST", ts.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		authorize(req)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		checkAgainstOpenAPI(t, ts.URL, exchange{req: req, body: []byte(body), status: resp.StatusCode, header: resp.Header, answer: b})
		var out map[string]any
		json.Unmarshal(b, &out)
		return resp.StatusCode, out
	}
	u, err := db.Unit(ctx, "10101", day(t, "2027-04-01"))
	if err != nil {
		t.Fatal(err)
	}
	create := fmt.Sprintf(`{"code":"10198","name":"試験課","kind":"ka","parent":%q,"from":"2027-04-01"}`, u.Parent)
	if status, out := post("/api/v1/org/units?dry_run=1", create); status != 200 || out["dry_run"] != true {
		t.Fatalf("dry run: %d %v", status, out)
	}
	if _, err := db.Unit(ctx, "10198", day(t, "2027-04-01")); err == nil {
		t.Fatal("the dry run created the unit")
	}
	if status, out := post("/api/v1/org/units", create); status != 200 {
		t.Fatalf("create: %d %v", status, out)
	}
	status, out := post("/api/v1/org/units/10198/abolish", `{"last_day":"2027-09-30"}`)
	rows, _ := out["rows"].([]any)
	if status != 400 || len(rows) != 1 || !strings.Contains(fmt.Sprint(rows[0]), "承継先組織コードが必要") {
		t.Fatalf("abolish without successor: %d %v", status, out)
	}
	if status, out := post("/api/v1/org/units/10198/abolish", `{"last_day":"2027-09-30","successor":"10101"}`); status != 200 {
		t.Fatalf("abolish: %d %v", status, out)
	}
	if h, err := db.UnitHistory(ctx, "10198"); err != nil || len(h) != 1 || organisation.FormatDate(h[0].To) != "2027-09-30" {
		t.Fatalf("history of 10198: %+v %v", h, err)
	}
	if status, _ := post("/api/v1/org/reorganisation", `{"rows":[{"code":"x"}], "extra": 1}`); status != 400 {
		t.Fatalf("unknown field: %d, want 400", status)
	}
}

func day(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := organisation.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
