package store_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// An uploaded file is kept in pieces and read back whole; one past its
// limit is refused and leaves nothing; a person has at most
// MaxUploadsPerOwner waiting; only one of two confirmations moves it;
// once written its bytes are gone.
func TestUploadSpool(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		data := bytes.Repeat([]byte("管理番号,名称\n"), 1<<20) // 19 MB: several pieces
		u, err := db.SpoolUpload(ctx, "1001", "/assets/import", "daicho.csv", bytes.NewReader(data), 96<<20)
		if err != nil || u.State != store.UploadQueued || u.Size != int64(len(data)) {
			t.Fatalf("spool: %+v, %v", u, err)
		}
		got, err := db.UploadData(ctx, u.ID)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("read back %d bytes, %v; want %d", len(got), err, len(data))
		}
		if _, err := db.SpoolUpload(ctx, "1001", "/assets/import", "big.csv", bytes.NewReader(data), 1<<20); kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), "1 MB まで") {
			t.Errorf("a file past its limit: %v", err)
		}
		for range store.MaxUploadsPerOwner - 1 {
			if _, err := db.SpoolUpload(ctx, "1001", "/assets/import", "a.csv", strings.NewReader("a\n"), 1<<20); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.SpoolUpload(ctx, "1001", "/assets/import", "a.csv", strings.NewReader("a\n"), 1<<20); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("upload past the person's limit: %v", err)
		}
		if _, err := db.SpoolUpload(ctx, "1002", "/assets/import", "a.csv", strings.NewReader("a\n"), 1<<20); err != nil {
			t.Errorf("another person's upload: %v", err)
		}
		db.MoveUpload(ctx, u.ID, store.UploadQueued, store.UploadChecked, false)
		first, err1 := db.MoveUpload(ctx, u.ID, store.UploadChecked, store.UploadWriting, true)
		second, err2 := db.MoveUpload(ctx, u.ID, store.UploadChecked, store.UploadWriting, true)
		if !first || second || err1 != nil || err2 != nil {
			t.Errorf("two confirmations moved %v and %v (%v, %v), want only the first", first, second, err1, err2)
		}
		if err := db.NoteUpload(ctx, u.ID, 5, 5, 5, store.UploadDone, `{"summary":"x"}`); err != nil {
			t.Fatal(err)
		}
		if u, _ = db.Upload(ctx, u.ID); u.State != store.UploadDone || !u.Confirmed || u.Written != 5 || u.Result != `{"summary":"x"}` {
			t.Errorf("after the write: %+v", u)
		}
		if _, err := db.UploadData(ctx, u.ID); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("the bytes of a written upload: %v, want gone", err)
		}
	})
}

// An upload is removed a day after it was made.
func TestUploadExpires(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{Now: func() time.Time { return now }})
	ctx := context.Background()
	u, err := db.SpoolUpload(ctx, "1001", "/assets/import", "a.csv", strings.NewReader("a\n"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	now = now.Add(store.UploadTTL + time.Minute)
	if n, err := db.PurgeUploads(ctx); n != 1 || err != nil {
		t.Errorf("purged %d, %v; want 1", n, err)
	}
	if _, err := db.Upload(ctx, u.ID); kijun.ErrorCode(err) != kijun.ENOTFOUND {
		t.Errorf("an expired upload: %v", err)
	}
}
