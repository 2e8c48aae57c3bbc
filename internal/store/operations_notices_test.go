package store_test

import (
	"context"
	"slices"
	"testing"

	"kijun/internal/kijun"
	"kijun/internal/operations"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

func TestSecurityNotices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		opsSystem(t, db, "2.4.57")
		office := opsGate{city: true}
		n := operations.Notice{Title: "Emotet の再流行", Body: "添付ファイルのマクロを有効にしないでください。", Audience: operations.AudienceUnit, Target: "111"}
		if _, err := db.SendNotice(ctx, opsGate{units: []string{"111"}}, n, nil); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("a 課 sends a notice: %v", err)
		}
		bad := n
		bad.Target = "999"
		if _, err := db.SendNotice(ctx, office, bad, nil); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("a notice to no 課: %v", err)
		}
		var queued []string
		sent, err := db.SendNotice(ctx, office, n, func(tx *store.Tx, n operations.Notice, to []string) error {
			queued = append(queued, to...)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"1002", "1004"}; !slices.Equal(queued, want) || sent.Recipients != 2 {
			t.Errorf("queued to %v (%d recipients), want %v", queued, sent.Recipients, want)
		}
		// The role of 情報管理者: each 課's chief.
		byRole, err := db.SendNotice(ctx, office, operations.Notice{Title: "x", Body: "y", Audience: operations.AudienceRole, Target: "info_manager"}, nil)
		if err != nil || byRole.Recipients != 2 {
			t.Errorf("to the 情報管理者: %+v %v", byRole, err)
		}
		if err := db.ConfirmNoticeRead(ctx, sent.ID, "1003"); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("someone it did not go to confirms: %v", err)
		}
		if err := db.ConfirmNoticeRead(ctx, sent.ID, "1004"); err != nil {
			t.Fatal(err)
		}
		if err := db.ConfirmNoticeRead(ctx, sent.ID, "1004"); kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("confirmed twice: %v", err)
		}
		reads, err := db.NoticeReads(ctx, sent.ID)
		if err != nil || len(reads) != 1 || reads[0].Unit != "111" || reads[0].Recipients != 2 || reads[0].Read != 1 || reads[0].UnitName != "情報政策課" {
			t.Errorf("reads per 課: %+v %v", reads, err)
		}
		mine, err := db.Notices(ctx, "1004", 0)
		if err != nil || len(mine) != 1 || mine[0].Read != 1 {
			t.Errorf("1004's notices: %+v %v", mine, err)
		}
		if to, at, err := db.NoticeRead(ctx, sent.ID, "1004"); err != nil || !to || at.IsZero() {
			t.Errorf("1004 read: %v %v %v", to, at, err)
		}
		if recs, err := db.Records(ctx, store.RecordFilter{Entity: "security_notice"}); err != nil || len(recs) != 3 {
			t.Errorf("got %d ledger records (%v), want 3", len(recs), err)
		}
	})
}
