package store_test

import (
	"context"
	"testing"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// An answer kept for an Idempotency-Key is found again until it expires,
// per account; a key kept again keeps one answer; an expired one is gone.
func TestIdempotencyAnswers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := db.Now()
		a := store.IdemAnswer{AccountID: "acct", Key: "k-1", Method: "POST", Path: "/api/v1/permits", BodyHash: "abc",
			Status: 201, Response: []byte(`{"id":1}`), CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
		if err := db.KeepIdemAnswer(ctx, a); err != nil {
			t.Fatal(err)
		}
		got, err := db.IdemAnswer(ctx, "acct", "k-1")
		if err != nil || got.BodyHash != "abc" || got.Status != 201 || string(got.Response) != `{"id":1}` {
			t.Fatalf("kept answer: %+v, %v", got, err)
		}
		if _, err := db.IdemAnswer(ctx, "other", "k-1"); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("another account's key: %v, want not found", err)
		}
		a.Status = 200
		if err := db.KeepIdemAnswer(ctx, a); err != nil {
			t.Fatalf("keep again: %v", err)
		}
		if got, _ := db.IdemAnswer(ctx, "acct", "k-1"); got.Status != 200 {
			t.Errorf("kept twice: status %d", got.Status)
		}
		old := store.IdemAnswer{AccountID: "acct", Key: "k-old", Method: "POST", Path: "/x", BodyHash: "h", Status: 200,
			Response: []byte(`{}`), CreatedAt: now.Add(-48 * time.Hour), ExpiresAt: now.Add(-24 * time.Hour)}
		if err := db.KeepIdemAnswer(ctx, old); err != nil {
			t.Fatal(err)
		}
		if _, err := db.IdemAnswer(ctx, "acct", "k-old"); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("an expired key: %v, want not found", err)
		}
		// A request in progress holds its key: a second claim is refused
		// until the first releases it (it failed) or keeps its answer.
		c := store.IdemAnswer{AccountID: "acct", Key: "k-2", Method: "POST", Path: "/x", BodyHash: "h", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
		if ok, err := db.ClaimIdemKey(ctx, c); !ok || err != nil {
			t.Fatalf("claim: %v %v", ok, err)
		}
		if ok, err := db.ClaimIdemKey(ctx, c); ok || err != nil {
			t.Errorf("second claim: %v %v, want refused", ok, err)
		}
		if got, err := db.IdemAnswer(ctx, "acct", "k-2"); err != nil || got.Status != 0 {
			t.Errorf("a claimed key reads %+v, %v; want status 0", got, err)
		}
		if err := db.ReleaseIdemKey(ctx, "acct", "k-2"); err != nil {
			t.Fatal(err)
		}
		if ok, err := db.ClaimIdemKey(ctx, c); !ok || err != nil {
			t.Errorf("claim after release: %v %v", ok, err)
		}
	})
}
