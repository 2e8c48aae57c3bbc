package web

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/kijun"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// The ledger page searches by person, action and days, and names people
// and actions in words rather than codes.
func TestRecordsSearch(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	accessOrg(t, db)
	for i, who := range []string{"person:1002", "person:1004", "person:1002"} {
		ctx := kijun.WithActor(context.Background(), kijun.Actor{ID: who})
		if err := db.SetSetting(ctx, "search-"+string(rune('a'+i)), "v"); err != nil {
			t.Fatal(err)
		}
	}
	ts, _ := startServer(t, db)
	office := auth.Account{ID: "1003", StaffNo: "1003", DisplayName: "鈴木 一郎"}
	seedAccount(t, db, office)
	token, _ := seedSession(t, db, office)
	page := func(query string) (int, string) {
		t.Helper()
		resp, body := get(t, ts.URL+"/records?"+query, "Cookie", "kijun_session="+token)
		return resp.StatusCode, body
	}
	status, body := page("actor=1002&action=setting.set")
	if status != http.StatusOK {
		t.Fatalf("search: status %d", status)
	}
	table := body[strings.Index(body, `<table id="records"`):]
	for _, want := range []string{"佐藤 花子", "設定の変更", "search-a", "search-c"} {
		if !strings.Contains(table, want) {
			t.Errorf("search by 1002 lacks %q", want)
		}
	}
	if strings.Contains(table, "search-b") {
		t.Error("search by 1002 shows 1004's record")
	}
	if _, body := page("actor=1004"); !strings.Contains(body, "高橋 次郎") || strings.Contains(body, "search-a<") {
		t.Error("search by 1004 does not show just 1004's records by name")
	}
	if status, body := page("from=2026-13-01"); status != http.StatusBadRequest || !strings.Contains(body, "開始日") {
		t.Errorf("a wrong date: status %d, want 400 naming 開始日", status)
	}
	if _, body := page("actor=1002&limit=1"); !strings.Contains(body, `id="older"`) || !strings.Contains(body, "actor=1002") {
		t.Error("a page of one has no link to older records that keeps the search")
	}
	// One record's page names its actor and action too.
	recs, err := db.Records(context.Background(), store.RecordFilter{Actor: "person:1002", Limit: 1})
	if err != nil || len(recs) != 1 {
		t.Fatalf("read a record: %v", err)
	}
	resp, body := get(t, ts.URL+"/records/"+itoa(recs[0].Seq), "Cookie", "kijun_session="+token)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "佐藤 花子") || !strings.Contains(body, "設定の変更") {
		t.Errorf("record %d's page does not name its actor and action (status %d)", recs[0].Seq, resp.StatusCode)
	}
}
