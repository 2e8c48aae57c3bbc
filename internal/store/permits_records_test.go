package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"kijun/internal/assets"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/registers"
	"kijun/internal/store"
)

// 4.2ケ: an asset cannot be marked disposed without an approved disposal
// request and its record.
func TestPermitDisposalGuardsTheRegister(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		a, _ := w.db.Asset(ctx, "A-2")
		a.Stage = assets.StageDispose
		_, err := w.db.UpdateAsset(ctx, registers.Console(), a, assets.KobeScales())
		wantErr(t, err, kijun.EINVALID, "廃棄の申請")
		r, err := w.p.File(ctx, store.Filing{Type: "dispose", Requester: "1004", Submit: true,
			Fields: map[string]string{"asset": "A-2", "kind": "廃棄", "planned_method": "初期化と物理的破壊"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1002"}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.db.UpdateAsset(ctx, registers.Console(), a, assets.KobeScales()); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Fatalf("disposed with permission but no record: %v", err)
		}
		// Nor by an import that changes the stage of a registered asset,
		// nor by one that brings a new asset already disposed.
		_, err = w.db.ImportAssets(ctx, registers.Console(), "台帳", []store.AssetRow{{Line: 2, Asset: a}}, assets.KobeScales(), map[string]string{assets.FieldStage: "段階"}, false)
		wantErr(t, err, kijun.EINVALID, "廃棄の申請")
		fresh := a
		fresh.ID, fresh.Version = "A-NEW-9", 0
		_, err = w.db.ImportAssets(ctx, registers.Console(), "台帳", []store.AssetRow{{Line: 2, Asset: fresh}}, assets.KobeScales(), map[string]string{assets.FieldStage: "段階"}, false)
		wantErr(t, err, kijun.EINVALID, "廃棄の申請")
		if _, err := w.db.Asset(ctx, "A-NEW-9"); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("a refused import left A-NEW-9: %v", err)
		}
		rec := map[string]string{"disposed_on": "2026-06-02", "disposed_by": "1004", "method": "初期化と物理的破壊", "certificate": "証-0001", "witness": "1005"}
		_, err = w.p.Record(ctx, r.ID, "1004", rec, false, store.Attachment{Key: "certificate_copy", Name: "empty.pdf"})
		wantErr(t, err, kijun.EINVALID, "空です")
		_, err = w.p.Record(ctx, r.ID, "1004", rec, false, store.Attachment{Key: "photo", Name: "x.jpg", Data: []byte("x")})
		wantErr(t, err, kijun.EINVALID, "ありません")
		pdf := []byte("%PDF-1.4 証明書")
		if _, err := w.p.Record(ctx, r.ID, "1004", rec, false, store.Attachment{Key: "certificate_copy", Name: `C:\\scan\\"証明書".pdf`, ContentType: "application/pdf", Data: pdf}); err != nil {
			t.Fatal(err)
		}
		v, _ := w.p.Get(ctx, r.ID)
		files := v.Timeline[len(v.Timeline)-1].Attachments
		if len(files) != 1 || files[0].Name != "証明書.pdf" || files[0].Size != len(pdf) {
			t.Fatalf("the record's file: %+v", files)
		}
		got, err := w.p.Attachment(ctx, r.ID, files[0].N)
		if err != nil || string(got.Data) != string(pdf) || got.ContentType != "application/pdf" {
			t.Fatalf("the kept file: %+v, %v", got.AttachmentRef, err)
		}
		if recs, _ := w.db.Records(ctx, store.RecordFilter{Entity: "permit_request", EntityID: fmt.Sprint(r.ID), Limit: 1}); recs[0].Action != "permit.attach" {
			t.Fatalf("no ledger record of the file: %+v", recs[0])
		}
		if a, err = w.db.UpdateAsset(ctx, registers.Console(), a, assets.KobeScales()); err != nil || a.Stage != assets.StageDispose {
			t.Fatalf("disposed with its record: %v", err)
		}
	})
}

// 持ち出し with its return, and the reminders Due lists: the same at the
// same time, each condition under one key.
func TestPermitTakeOutReturnAndDue(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		day := organisation.Day(w.clock())
		r, err := w.p.File(ctx, store.Filing{Type: "take_out", Requester: "1004", Submit: true,
			Fields: map[string]string{"asset": "A-1", "destination": "研修会場"}, ValidFrom: day, ValidTo: day.AddDate(0, 0, 1)})
		if err != nil {
			t.Fatal(err)
		}
		w.advance(4 * 24 * time.Hour) // waiting for a decision
		due, err := w.p.Due(ctx, w.clock())
		if err != nil || len(due) != 1 || due[0].Kind != permits.RemindApproval {
			t.Fatalf("due while waiting: %+v, %v", due, err)
		}
		// A decision waiting too long is the approver's to hear of.
		if ns, err := w.p.Notices(ctx, w.clock()); err != nil || len(ns) != 1 || strings.Join(ns[0].To, ",") != "1002" || !strings.Contains(ns[0].Subject, "決裁を待っています") {
			t.Fatalf("the waiting request's notice: %+v, %v", ns, err)
		}
		w.advance(-4 * 24 * time.Hour)
		if _, err := w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1002"}); err != nil {
			t.Fatal(err)
		}
		if r, err = w.p.Record(ctx, r.ID, "1004", map[string]string{"taken_on": "2026-06-01"}, false); err != nil || r.State != permits.StateCarriedOut {
			t.Fatalf("taken out: %s, %v", r.State, err)
		}
		later := w.clock().Add(3 * 24 * time.Hour)
		due, err = w.p.Due(ctx, later)
		if err != nil || len(due) != 1 || due[0].Kind != permits.RemindReturn {
			t.Fatalf("due after the return date: %+v, %v", due, err)
		}
		to, err := w.p.Recipients(ctx, due[0])
		if err != nil || len(to) != 2 || to[0].StaffNo != "1004" || to[1].StaffNo != "1002" {
			t.Fatalf("an overdue return goes to the requester and the 情報管理者: %+v, %v", to, err)
		}
		ns, err := w.p.Notices(ctx, later)
		if err != nil || len(ns) != 1 || strings.Join(ns[0].To, ",") != "1004,1002" || !strings.Contains(ns[0].Subject, "返却") || ns[0].Key != "permit:"+due[0].Key {
			t.Fatalf("the reminder's notice: %+v, %v", ns, err)
		}
		again, _ := w.p.Due(ctx, later)
		if len(again) != 1 || again[0].Key != due[0].Key {
			t.Fatalf("Due is not idempotent: %+v then %+v", due, again)
		}
		// The city sees the late return; so do its requester and the
		// 情報管理者 of its 課, and no one else.
		for _, c := range []struct {
			who  store.LateFor
			want int
		}{
			{store.LateFor{City: true}, 1},
			{store.LateFor{Requester: "1004"}, 1},
			{store.LateFor{Requester: "1009", Units: []string{r.Unit}}, 1},
			{store.LateFor{Requester: "1009", Units: []string{"999"}}, 0},
			{store.LateFor{Requester: "1009"}, 0},
			{store.LateFor{}, 0},
		} {
			if od, err := w.p.Overdue(ctx, later, c.who); err != nil || len(od) != c.want {
				t.Errorf("overdue returns for %+v: %d, want %d (%v)", c.who, len(od), c.want, err)
			}
		}
		if r, err = w.p.Record(ctx, r.ID, "1004", map[string]string{"returned_on": "2026-06-04", "condition": "異常なし"}, true); err != nil || r.State != permits.StateClosed {
			t.Fatalf("returned: %s, %v", r.State, err)
		}
		if due, _ = w.p.Due(ctx, later); len(due) != 0 {
			t.Fatalf("due after the return: %+v", due)
		}
	})
}
