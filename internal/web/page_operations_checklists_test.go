package web

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/operations"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// A system's checklists (8.3.1 to 8.3.5) are answered by its 課 with
// evidence; another 課 can neither answer, move the stage nor read the
// evidence (8.1.6); a met item without a file, and an obligatory item not
// applicable, are refused beside the item.
func TestChecklistPages(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ctx := context.Background()
	db.EnsureDefaultCatalog(ctx)
	accessOrg(t, db)
	opsSystems(t, db)
	ts, _ := startServer(t, db)
	chief := signedIn(t, db, ts.URL, auth.Account{ID: "1001", StaffNo: "1001", DisplayName: "山田 太郎"})
	other := signedIn(t, db, ts.URL, auth.Account{ID: "1004", StaffNo: "1004", DisplayName: "高橋 次郎"})

	if status, body := chief.get("/systems/A"); status != 200 || !strings.Contains(body, `id="life-h"`) || !strings.Contains(body, `id="stage-form"`) {
		t.Fatalf("the system page shows its stage: %d", status)
	}
	if status, body := chief.get("/systems/A/checklists"); status != 200 || !strings.Contains(body, "8.3.2.ア.(12)") || !strings.Contains(body, "8.1.6") {
		t.Fatalf("the checklists page: %d", status)
	}
	if status, _ := chief.post("/systems/B/stage", url.Values{"stage": {"operate"}, "version": {"0"}}); status != http.StatusForbidden {
		t.Errorf("another 課 moves a system: %d", status)
	}
	if status, _ := chief.upload("/systems/B/checklists/io/answer", "evidence", "x.txt", []byte("x"), map[string]string{"provision": "8.3.5.ア", "verdict": "met"}); status != http.StatusForbidden {
		t.Errorf("another 課 answers: %d", status)
	}
	if status, body := chief.post("/systems/A/checklists/io/answer", url.Values{"provision": {"8.3.5.ア"}, "verdict": {"met"}}); status != http.StatusBadRequest || !strings.Contains(body, "証拠のファイルを添付") {
		t.Errorf("met without evidence: %d", status)
	}
	if status, body := chief.post("/systems/A/checklists/io/answer", url.Values{"provision": {"8.3.5.ア"}, "verdict": {"na"}, "note": {"x"}}); status != http.StatusBadRequest || !strings.Contains(body, "義務の項目") {
		t.Errorf("an obligatory item not applicable: %d", status)
	}
	if status, _ := chief.upload("/systems/A/checklists/io/answer", "evidence", "入力チェック設計書.pdf", []byte("%PDF"), map[string]string{"provision": "8.3.5.ア", "verdict": "met"}); status != http.StatusSeeOther {
		t.Fatalf("met with evidence: %d", status)
	}
	state, _ := db.SystemChecklists(ctx, "A")
	ev := state.Evidence[operations.ListIO]["8.3.5.ア"]
	if len(ev) != 1 {
		t.Fatalf("evidence: %+v", ev)
	}
	path := "/systems/A/checklists/evidence/" + itoa(ev[0].ID)
	if status, body := chief.get(path); status != 200 || body != "%PDF" {
		t.Errorf("the 課 reads its evidence: %d %q", status, body)
	}
	if status, _ := other.get(path); status != http.StatusForbidden {
		t.Errorf("another 課 reads the evidence: %d", status)
	}
	if status, _ := chief.post("/systems/A/stage", url.Values{"stage": {"operate"}, "version": {"0"}}); status != http.StatusSeeOther {
		t.Fatalf("move to operate: %d", status)
	}
	if status, body := chief.get("/systems/A"); status != 200 || !strings.Contains(body, "稼働中に未実施") {
		t.Errorf("the system page marks the open items of a running system: %d", status)
	}
}
