package notify_test

import (
	"context"
	"strings"
	"testing"

	"kijun/internal/demo"
	"kijun/internal/jobs"
	"kijun/internal/operations"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// A security notice to the demo city's 施設予約システム is mailed, in the
// transaction that records it, to each of its people with an address,
// with the link where they confirm reading it (8.6.2).
func TestNoticeMailed(t *testing.T) {
	db := storetest.Open(t, t.TempDir()+"/k.db", store.Options{})
	ctx := context.Background()
	if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := jobs.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	f := startMail(t, db, nil)
	n, err := db.SendNotice(ctx, registers.Console(), operations.Notice{Title: "Apache の緊急更新", Body: "予約システムを一時停止します。",
		Audience: operations.AudienceSystem, Target: "yoyaku"}, f.n.QueueNotice(ctx))
	if err != nil {
		t.Fatal(err)
	}
	got := f.sent(t)
	if len(got) == 0 || len(got) > n.Recipients {
		t.Fatalf("got %d mails for %d recipients", len(got), n.Recipients)
	}
	for _, m := range got {
		if !strings.Contains(m.Subject, "Apache の緊急更新") || !strings.Contains(m.Body, "/notices/") {
			t.Errorf("mail %q: %q", m.Subject, m.Body)
		}
	}
}
