package web

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"kijun/internal/auth"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// An HR file kept for its owner is confirmed only by the CISO's office:
// a member of staff whose upload of it is there (as after losing the
// office) is refused at the confirmation, and nothing moves.
func TestOrgUploadConfirmNeedsCityOffice(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	accessOrg(t, db)
	ts, _ := startServer(t, db)
	ctx := context.Background()
	staff := seedToken(t, db, auth.Account{ID: "1004", StaffNo: "1004", DisplayName: "高橋 次郎"}, "write")
	u, err := db.SpoolUpload(ctx, "1004", "/org/import", "jinji.csv", strings.NewReader("職員番号,氏名\n"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if moved, err := db.MoveUpload(ctx, u.ID, store.UploadQueued, store.UploadChecked, false); err != nil || !moved {
		t.Fatalf("move to checked: %v %v", moved, err)
	}
	as := uploadRun{t: t, base: ts.URL, auth: func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+staff) }}
	if code, _, _ := as.do("POST", "/imports/"+u.ID+"/confirm", "application/x-www-form-urlencoded", nil); code != http.StatusForbidden {
		t.Errorf("a member of staff's confirmation of an HR file: %d, want 403", code)
	}
	if got, _ := db.Upload(ctx, u.ID); got.State != store.UploadChecked {
		t.Errorf("the upload is %s after a refused confirmation, want checked", got.State)
	}
}
