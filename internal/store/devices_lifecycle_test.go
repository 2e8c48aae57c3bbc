package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"kijun/internal/assets"
	"kijun/internal/compliance"
	"kijun/internal/devices"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// 6.1.7, 4.2ケ: a device is returned or disposed only under an approved
// request of its own whose record of the erasure is kept, and only once
// it holds no information asset; then it changes no more, and the
// continuous checks ask nothing of it. 9.2.1: a loss names its incident.
func TestDeviceLifecycle(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		pc := device("PC-9", "111", "窓口端末", devices.DevicePC)
		pc, err := w.db.CreateDevice(ctx, registers.Console(), pc)
		if err != nil {
			t.Fatal(err)
		}
		if pc.State != devices.StateInUse {
			t.Fatalf("a new device is %q, want in use", pc.State)
		}
		a, _ := w.db.Asset(ctx, "A-1")
		a.Holders = []string{"device:PC-9"}
		if _, err := w.db.UpdateAsset(ctx, registers.Console(), a, assets.KobeScales()); err != nil {
			t.Fatal(err)
		}
		if !hasOpenFinding(t, w.db, "device:PC-9", "6.4.3") {
			t.Fatal("an unencrypted PC holding 機密性2 has no 6.4.3 finding")
		}

		retire := pc
		retire.Lifecycle = devices.Lifecycle{State: devices.StateDisposed, StateOn: "2026-06-01"}
		_, err = w.db.UpdateDevice(ctx, registers.Console(), retire)
		wantErr(t, err, kijun.EINVALID, "申請番号")
		retire.StateRef = "999"
		_, err = w.db.UpdateDevice(ctx, registers.Console(), retire)
		wantErr(t, err, kijun.EINVALID, "申請番号 999 の申請はありません")

		// The asset disposal type does not retire a device.
		other, err := w.p.File(ctx, store.Filing{Type: "dispose", Requester: "1004", Submit: true,
			Fields: map[string]string{"asset": "A-2", "kind": "廃棄", "planned_method": "初期化と物理的破壊"}})
		if err != nil {
			t.Fatal(err)
		}
		retire.StateRef = fmt.Sprint(other.ID)
		_, err = w.db.UpdateDevice(ctx, registers.Console(), retire)
		wantErr(t, err, kijun.EINVALID, "廃棄・リース返却の申請ではありません")

		r, err := w.p.File(ctx, store.Filing{Type: "device_dispose", Requester: "1004", Submit: true,
			Fields: map[string]string{"device": "PC-9", "kind": "廃棄", "planned_method": "データ消去ソフトによる消去"}})
		if err != nil {
			t.Fatal(err)
		}
		if r.Unit != "111" {
			t.Fatalf("the request is decided in %q, want the device's 課 111", r.Unit)
		}
		retire.StateRef = fmt.Sprint(r.ID)
		_, err = w.db.UpdateDevice(ctx, registers.Console(), retire)
		wantErr(t, err, kijun.EINVALID, "そろっていません")
		if _, err := w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1002"}); err != nil {
			t.Fatal(err)
		}
		// A returned device needs a request for a return, not a disposal.
		wrongKind := retire
		wrongKind.State = devices.StateReturned
		_, err = w.db.UpdateDevice(ctx, registers.Console(), wrongKind)
		wantErr(t, err, kijun.EINVALID, "「廃棄」の申請です")
		rec := map[string]string{"disposed_on": "2026-06-01", "disposed_by": "1004", "method": "データ消去ソフトによる消去", "certificate": "証-77", "witness": "1004"}
		_, err = w.p.Record(ctx, r.ID, "1004", rec, false)
		wantErr(t, err, kijun.EINVALID, "立会者は担当者とは別の者")
		rec["witness"] = "1005"
		if _, err := w.p.Record(ctx, r.ID, "1004", rec, false); err != nil {
			t.Fatal(err)
		}
		// Still holding A-1: the register says its information is there.
		_, err = w.db.UpdateDevice(ctx, registers.Console(), retire)
		wantErr(t, err, kijun.EINVALID, "情報資産 A-1 が保存されている")
		a, _ = w.db.Asset(ctx, "A-1")
		a.Holders = nil
		if _, err := w.db.UpdateAsset(ctx, registers.Console(), a, assets.KobeScales()); err != nil {
			t.Fatal(err)
		}
		future := retire
		future.StateOn = "2026-06-30"
		_, err = w.db.UpdateDevice(ctx, registers.Console(), future)
		wantErr(t, err, kijun.EINVALID, "未来の日付")
		done, err := w.db.UpdateDevice(ctx, registers.Console(), retire)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := w.db.Device(ctx, "PC-9")
		if got.Lifecycle != retire.Lifecycle || got.Version != done.Version {
			t.Fatalf("stored %+v, want %+v", got.Lifecycle, retire.Lifecycle)
		}
		// Retired: it changes no more, and nothing is asked of it.
		back := got
		back.Lifecycle = devices.Lifecycle{}
		_, err = w.db.UpdateDevice(ctx, registers.Console(), back)
		wantErr(t, err, kijun.EINVALID, "これ以上変更できません")
		renamed := got
		renamed.Name = "別の名前"
		_, err = w.db.UpdateDevice(ctx, registers.Console(), renamed)
		wantErr(t, err, kijun.EINVALID, "これ以上変更できません")
		if gaps := got.Gaps(); len(gaps) != 0 {
			t.Errorf("a disposed PC shows gaps %+v", gaps)
		}
		if hasOpenFinding(t, w.db, "device:PC-9", "6.4.3") {
			t.Error("a disposed PC still has a 6.4.3 finding")
		}
		diffs, err := w.db.VerifyState(ctx)
		if err != nil || len(diffs) != 0 {
			t.Fatalf("the register and the ledger differ: %+v, %v", diffs, err)
		}

		// A loss names its incident report (9.2.1); a device found again
		// is back in use.
		lost := device("PC-8", "111", "持出用端末", devices.DeviceMobile)
		lost, err = w.db.CreateDevice(ctx, registers.Console(), lost)
		if err != nil {
			t.Fatal(err)
		}
		lost.Lifecycle = devices.Lifecycle{State: devices.StateLost, StateOn: "2026-05-30", StateRef: "42"}
		_, err = w.db.UpdateDevice(ctx, registers.Console(), lost)
		wantErr(t, err, kijun.EINVALID, "インシデント報告 42 はありません")
		actx := kijun.WithActor(ctx, kijun.Actor{ID: organisation.ActorID("1004")})
		in, _, err := w.db.FileIncident(actx, lostUSBReport(w.clock()))
		if err != nil {
			t.Fatal(err)
		}
		lost.StateRef = fmt.Sprint(in.ID)
		if lost, err = w.db.UpdateDevice(ctx, registers.Console(), lost); err != nil {
			t.Fatal(err)
		}
		lost.Lifecycle = devices.Lifecycle{}
		if lost, err = w.db.UpdateDevice(ctx, registers.Console(), lost); err != nil || lost.State != devices.StateInUse {
			t.Fatalf("found again: %q, %v", lost.State, err)
		}
	})
}

// An import cannot retire a medium without its request, nor bring a new
// medium already disposed: the file is refused whole, naming the row.
func TestImportMediaLifecycle(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		usb := devices.Medium{Entry: devices.Entry{ID: "M-1", Unit: "111", Name: "USB 1"}, Kind: devices.MediumUSB}
		if _, err := w.db.CreateMedium(ctx, registers.Console(), usb); err != nil {
			t.Fatal(err)
		}
		cols := map[string]string{devices.FieldStateRef: "根拠の番号", devices.FieldState: "状態"}
		gone := usb
		gone.Lifecycle = devices.Lifecycle{State: devices.StateDisposed, StateOn: "2026-05-01", StateRef: "5"}
		fresh := devices.Medium{Entry: devices.Entry{ID: "M-2", Unit: "111", Name: "USB 2"}, Kind: devices.MediumUSB, Lifecycle: gone.Lifecycle}
		_, err := w.db.ImportMedia(ctx, registers.Console(), "媒体", []store.Row[devices.Medium]{{Line: 2, Item: gone}, {Line: 3, Item: fresh}}, cols, false)
		wantErr(t, err, kijun.EINVALID, "申請番号 5 の申請はありません")
		var ie *kijun.ImportError
		if !asImportError(err, &ie) || len(ie.Errors) != 2 || ie.Errors[0].Row != 2 || ie.Errors[1].Row != 3 || ie.Errors[0].Column != "根拠の番号" {
			t.Fatalf("want both rows named at 根拠の番号: %+v", ie)
		}
		if _, err := w.db.Medium(ctx, "M-2"); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Fatalf("a refused import left M-2: %v", err)
		}
		r, err := w.p.File(ctx, store.Filing{Type: "medium_dispose", Requester: "1004", Submit: true,
			Fields: map[string]string{"medium": "M-1", "kind": "廃棄", "planned_method": "初期化と物理的破壊"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1002"}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.p.Record(ctx, r.ID, "1004", map[string]string{"disposed_on": "2026-05-01", "disposed_by": "1004",
			"method": "初期化と物理的破壊", "certificate": "職員による破壊", "witness": "1005"}, false); err != nil {
			t.Fatal(err)
		}
		gone.StateRef = fmt.Sprint(r.ID)
		plan, err := w.db.ImportMedia(ctx, registers.Console(), "媒体", []store.Row[devices.Medium]{{Line: 2, Item: gone}}, cols, false)
		if err != nil || len(plan.Changed) != 1 {
			t.Fatalf("import of the disposal: %+v, %v", plan, err)
		}
		// The same file again changes nothing, and is not refused.
		if plan, err = w.db.ImportMedia(ctx, registers.Console(), "媒体", []store.Row[devices.Medium]{{Line: 2, Item: gone}}, cols, false); err != nil || plan.Unchanged != 1 {
			t.Fatalf("import again: %+v, %v", plan, err)
		}
	})
}

// hasOpenFinding says whether the shipped rules find provision against
// subject in the registers as they are now.
func hasOpenFinding(t *testing.T, db *store.DB, subject, provision string) bool {
	t.Helper()
	rs, err := compliance.Default()
	if err != nil {
		t.Fatal(err)
	}
	f, err := db.ComplianceFacts(context.Background(), db.Now(), nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := rs.Check(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, fd := range got {
		if fd.Subject == subject && fd.Provision == provision {
			return true
		}
	}
	return false
}

func asImportError(err error, ie **kijun.ImportError) bool { return errors.As(err, ie) }

// 6.2.1イ is asked of an area set up since the standard took effect
// (its edition of 2022-04-01), or being set up, not of an existing one
// on the ground floor; the finding says why the area counts as new.
func TestAreaNewBySetUpDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		if _, err := db.EnsureDefaultCatalog(ctx); err != nil {
			t.Fatal(err)
		}
		rs, err := compliance.Default()
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range []devices.Area{
			{Entry: devices.Entry{ID: "OLD", Unit: "112", Name: "旧サーバ室"}, SetUpOn: "2010-04-01"},
			{Entry: devices.Entry{ID: "NEW", Unit: "112", Name: "新サーバ室"}, SetUpOn: "2023-10-01"},
			{Entry: devices.Entry{ID: "BARE", Unit: "112", Name: "設置日不明"}},
		} {
			a.Kind, a.Building, a.Floor, a.EntryControl, a.People = devices.AreaSystemRoom, "本庁舎", 1, "IC カード", []string{"1003"}
			if _, err := db.CreateArea(ctx, registers.Console(), a); err != nil {
				t.Fatal(err)
			}
		}
		f, err := db.ComplianceFacts(ctx, db.Now(), nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := rs.CheckOne(compliance.KindArea, f)
		if err != nil {
			t.Fatal(err)
		}
		var found []string
		for _, fd := range got {
			if fd.Provision == "6.2.1.イ" {
				found = append(found, fd.Subject+" "+fd.Detail)
			}
		}
		want := "area:NEW 設置日 2023-10-01 は基準の施行日 2022-04-01 以後のため新設に当たります"
		if len(found) != 1 || found[0] != want {
			t.Fatalf("6.2.1イ findings %q, want only %q", found, want)
		}
	})
}
