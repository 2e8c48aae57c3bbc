package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"kijun/internal/assets"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/systems"
)

// permitsWorld is smallOrg with a few assets, and a clock the test moves.
type permitsWorld struct {
	db  *store.DB
	p   *store.Permits
	now time.Time
	mu  sync.Mutex
}

func (w *permitsWorld) clock() time.Time { w.mu.Lock(); defer w.mu.Unlock(); return w.now }
func (w *permitsWorld) advance(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.now = w.now.Add(d)
}

func eachPermits(t *testing.T, fn func(t *testing.T, w *permitsWorld)) {
	t.Helper()
	reg, err := permits.Default()
	if err != nil {
		t.Fatal(err)
	}
	for engine, u := range storetest.URLs(t) {
		t.Run(engine, func(t *testing.T) {
			w := &permitsWorld{now: time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)}
			w.db = storetest.Open(t, u, store.Options{Now: w.clock})
			w.p = w.db.Permits(reg)
			smallOrg(t, w.db)
			ctx := context.Background()
			for _, a := range []assets.Asset{asset("A-1", "111", "住民記録の写し", 2), asset("A-2", "111", "旧台帳データ", 2),
				asset("A-3", "111", "相談記録", 3), asset("A-9", "110", "部の資料", 2)} {
				if _, err := w.db.CreateAsset(ctx, registers.Console(), a, assets.KobeScales()); err != nil {
					t.Fatal(err)
				}
			}
			fn(t, w)
		})
	}
}

func carry(asset string) store.Filing {
	return store.Filing{Type: "carry", Requester: "1004", Submit: true,
		Fields:    map[string]string{"asset": asset, "destination": "北区役所", "protection": "暗号化"},
		ValidFrom: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), ValidTo: time.Date(2026, 6, 5, 0, 0, 0, 0, time.UTC)}
}

func wantErr(t *testing.T, err error, code, part string) {
	t.Helper()
	if err == nil || kijun.ErrorCode(err) != code || !strings.Contains(kijun.ErrorMessage(err), part) {
		t.Fatalf("got %v (%s), want a %s error saying %q", err, kijun.ErrorCode(err), code, part)
	}
}

// A request is filed, appears in its approver's inbox, is approved and
// recorded; each step is in its timeline and in the ledger; deciding it
// again is refused with the reason.
func TestPermitLifecycle(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		// Each step's notice is given inside its transaction.
		var notices []store.PermitNotice
		fail := false
		w.p.SetOnStep(func(ctx context.Context, tx *store.Tx, n store.PermitNotice) error {
			if fail {
				return errors.New("the outbox is full")
			}
			notices = append(notices, n)
			return nil
		})
		r, err := w.p.File(ctx, carry("A-1"))
		if err != nil {
			t.Fatal(err)
		}
		if len(notices) != 1 || notices[0].To[0] != "1002" || !strings.Contains(notices[0].Subject, "決裁をお願いします") || notices[0].Link != "/permits/1" {
			t.Fatalf("notice of the submission: %+v", notices)
		}
		fail = true
		if _, err := w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1002"}); err == nil {
			t.Fatal("a decision whose notice failed stood")
		}
		if v, _ := w.p.Get(ctx, r.ID); v.State != permits.StateSubmitted || len(v.Timeline) != 2 {
			t.Fatalf("a failed notice left the decision: %s, %d steps", v.State, len(v.Timeline))
		}
		fail = false
		if r.State != permits.StateSubmitted || r.Unit != "111" {
			t.Fatalf("filed: got %s in %s, want submitted in 111", r.State, r.Unit)
		}
		in, err := w.p.Inbox(ctx, "1002", organisation.Day(w.clock()), 0)
		if err != nil || len(in.ToDecide) != 1 || in.ToDecide[0].ID != r.ID {
			t.Fatalf("inbox of the 情報管理者: %+v, %v", in, err)
		}
		if in, _ := w.p.Inbox(ctx, "1003", organisation.Day(w.clock()), 0); len(in.ToDecide) != 0 {
			t.Fatalf("another 課's 情報管理者 sees %d requests to decide", len(in.ToDecide))
		}
		actors, err := w.p.ActorsFor(ctx, r.ID)
		if err != nil || len(actors) != 1 || actors[0].StaffNo != "1002" {
			t.Fatalf("who must act: %+v, %v", actors, err)
		}
		_, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1003"})
		wantErr(t, err, kijun.EFORBIDDEN, "佐藤 花子")
		if r, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1002"}); err != nil || r.State != permits.StateApproved {
			t.Fatalf("approve: %s, %v", r.State, err)
		}
		if n := notices[len(notices)-1]; len(notices) != 2 || n.To[0] != "1004" || !strings.Contains(n.Subject, "承認されました") {
			t.Fatalf("notice of the approval: %+v", notices)
		}
		// A notice's key, by which the outbox mails it once, names its
		// step: drafted 1, submitted 2, approved 3.
		if notices[0].Key != "permit:1:step:2" || notices[1].Key != "permit:1:step:3" {
			t.Fatalf("notice keys: %q, %q", notices[0].Key, notices[1].Key)
		}
		_, err = w.p.Record(ctx, r.ID, "1004", map[string]string{"carried_on": "2026-06-02"}, false)
		wantErr(t, err, kijun.EINVALID, "運搬した者")
		_, err = w.p.Record(ctx, r.ID, "1004", map[string]string{"carried_on": "2026-06-09", "carried_by": "1004"}, false)
		wantErr(t, err, kijun.EINVALID, "許可された期間")
		if r, err = w.p.Record(ctx, r.ID, "1004", map[string]string{"carried_on": "2026-06-02", "carried_by": "1004"}, false); err != nil || r.State != permits.StateClosed {
			t.Fatalf("record: %s, %v", r.State, err)
		}
		_, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1002"})
		wantErr(t, err, kijun.ECONFLICT, "既に完了")
		v, err := w.p.Get(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range v.Timeline {
			got = append(got, string(e.Action))
		}
		if want := "draft,submit,approve,record"; strings.Join(got, ",") != want {
			t.Fatalf("timeline %v, want %s", got, want)
		}
		if v.Timeline[3].Fields["carried_by"] != "1004" || v.Timeline[2].ActorName != "佐藤 花子" {
			t.Fatalf("timeline entries: %+v", v.Timeline)
		}
		recs, err := w.db.Records(ctx, store.RecordFilter{Entity: "permit_request", EntityID: "1"})
		if err != nil || len(recs) != 4 || recs[1].Actor != "person:1002" || recs[1].Action != "permit.approve" {
			t.Fatalf("ledger records of the request: %d, %v", len(recs), err)
		}
		if mine, err := w.p.Mine(ctx, "1004", 0); err != nil || len(mine) != 1 {
			t.Fatalf("requester's list: %d, %v", len(mine), err)
		}
	})
}

// 3.2.10ア: a requester cannot approve their own request unless it is
// unavoidable and the reason is recorded; then it is flagged.
func TestPermitSeparationOfDuties(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		f := carry("A-1")
		f.Requester = "1002" // the 情報管理者 of 111 files for an asset of 111
		r, err := w.p.File(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1002"})
		wantErr(t, err, kijun.EFORBIDDEN, "兼務の禁止")
		_, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1002", Unavoidable: true})
		wantErr(t, err, kijun.EINVALID, "理由")
		r, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1002", Unavoidable: true, Reason: "課に他の管理職がいない"})
		if err != nil || !r.Flagged {
			t.Fatalf("unavoidable approval: flagged %v, %v", r.Flagged, err)
		}
		v, _ := w.p.Get(ctx, r.ID)
		if e := v.Timeline[len(v.Timeline)-1]; !e.Unavoidable || e.Reason != "課に他の管理職がいない" {
			t.Fatalf("the unavoidable step: %+v", e)
		}
		if fl, err := w.p.Flagged(ctx, 0); err != nil || len(fl) != 1 || fl[0].ID != r.ID {
			t.Fatalf("flagged for the CISO's office: %+v, %v", fl, err)
		}
	})
}

// 9.3: a deputy's decision shows on whose behalf it was taken, in the
// timeline and in the ledger.
func TestPermitDeputyDecision(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		if _, err := w.db.NameDeputy(ctx, organisation.DeputyAppointment{Role: organisation.RoleInfoManager, Scope: organisation.UnitScope("111"),
			StaffNo: "1005", Reason: "出張", Period: organisation.Period{From: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)}}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.db.RecordAbsence(ctx, organisation.Absence{StaffNo: "1002", Reason: "出張", Period: organisation.Period{From: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)}}); err != nil {
			t.Fatal(err)
		}
		r, err := w.p.File(ctx, carry("A-1"))
		if err != nil {
			t.Fatal(err)
		}
		in, err := w.p.Inbox(ctx, "1005", organisation.Day(w.clock()), 0)
		if err != nil || len(in.ToDecide) != 1 || !in.ToDecide[0].Acting.Deputy() {
			t.Fatalf("deputy's inbox: %+v, %v", in, err)
		}
		if _, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1005"}); err != nil {
			t.Fatal(err)
		}
		v, _ := w.p.Get(ctx, r.ID)
		e := v.Timeline[2]
		if e.Actor != "1005" || e.OnBehalfOf != "1002" || e.BehalfName != "佐藤 花子" {
			t.Fatalf("deputy's step: %+v", e)
		}
		recs, _ := w.db.Records(ctx, store.RecordFilter{Entity: "permit_request", EntityID: "1", Limit: 10})
		if recs[0].OnBehalfOf != "person:1002" {
			t.Fatalf("ledger record of the deputy's decision: %+v", recs[0])
		}
	})
}

// Two approvers deciding the same request at once: exactly one decision
// stands, and the other is told who decided.
func TestPermitConcurrentDecisions(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		if _, err := w.db.NameDeputy(ctx, organisation.DeputyAppointment{Role: organisation.RoleInfoManager, Scope: organisation.UnitScope("111"),
			StaffNo: "1005", Reason: "出張", Period: organisation.Period{From: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)}}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.db.RecordAbsence(ctx, organisation.Absence{StaffNo: "1002", Reason: "出張", Period: organisation.Period{From: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)}}); err != nil {
			t.Fatal(err)
		}
		for round := range 5 {
			r, err := w.p.File(ctx, carry("A-1"))
			if err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, who := range []string{"1002", "1005"} {
				wg.Go(func() {
					_, errs[i] = w.p.Decide(ctx, r.ID, store.Decision{Approve: i == 0, Decider: who})
				})
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				switch {
				case err == nil:
					ok++
				case kijun.ErrorCode(err) != kijun.ECONFLICT || !strings.Contains(kijun.ErrorMessage(err), "既に"):
					t.Fatalf("round %d: the second decision failed with %v, want a conflict that says it was decided", round, err)
				}
			}
			if ok != 1 {
				t.Fatalf("round %d: %d decisions stood, want 1 (%v)", round, ok, errs)
			}
			v, _ := w.p.Get(ctx, r.ID)
			n := 0
			for _, e := range v.Timeline {
				if e.Action == permits.ActionApprove || e.Action == permits.ActionReject {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("round %d: %d decisions in the timeline", round, n)
			}
		}
	})
}

// Refusals with their reasons: an approver who cannot be found names who
// must fix the organisation; a withdrawn or expired request cannot be
// approved; an automatic refusal is recorded as a decision.
func TestPermitRefusals(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		// 110 is a 部, with no 情報管理者.
		r, err := w.p.File(ctx, carry("A-9"))
		wantErr(t, err, kijun.ENOTFOUND, "情報セキュリティ管理者 佐藤 花子")
		if r.ID == 0 || r.State != permits.StateDrafted {
			t.Fatalf("the request should stay a draft: %+v", r)
		}
		// Withdrawn.
		r, _ = w.p.File(ctx, carry("A-1"))
		if _, err := w.p.Withdraw(ctx, r.ID, "1002", ""); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Fatalf("withdrawn by another: %v", err)
		}
		if _, err := w.p.Withdraw(ctx, r.ID, "1004", "不要になった"); err != nil {
			t.Fatal(err)
		}
		_, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1002"})
		wantErr(t, err, kijun.ECONFLICT, "取り下げられています")
		// Permitted but not carried out: closed by the requester with the reason.
		r, _ = w.p.File(ctx, carry("A-1"))
		if _, err := w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1002"}); err != nil {
			t.Fatal(err)
		}
		_, err = w.p.Close(ctx, r.ID, "1004", "")
		wantErr(t, err, kijun.EINVALID, "理由")
		if r, err = w.p.Close(ctx, r.ID, "1004", "行事が中止になった"); err != nil || r.State != permits.StateClosed {
			t.Fatalf("closed without carrying out: %s, %v", r.State, err)
		}
		// Expired: the period ends before anyone decides.
		r, _ = w.p.File(ctx, carry("A-1"))
		w.advance(6 * 24 * time.Hour)
		_, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1002"})
		wantErr(t, err, kijun.ECONFLICT, "期間")
		// 7.1.1カ(2): a device not issued by the city never for 機密性3.
		r, err = w.p.File(ctx, store.Filing{Type: "byod", Requester: "1004", Submit: true,
			Fields:    map[string]string{"asset": "A-3", "device_desc": "私物タブレット", "procedure_ok": "true"},
			ValidFrom: organisation.Day(w.clock()), ValidTo: organisation.Day(w.clock()).AddDate(0, 1, 0)})
		if err != nil || r.State != permits.StateRejected {
			t.Fatalf("byod for 機密性3: %s, %v", r.State, err)
		}
		v, _ := w.p.Get(ctx, r.ID)
		if e := v.Timeline[len(v.Timeline)-1]; e.Action != permits.ActionAutoReject || !strings.Contains(e.Reason, "7.1.1.カ.(2)") {
			t.Fatalf("automatic refusal step: %+v", e)
		}
		// 8.1.15イ: no wireless LAN for マイナンバー利用事務系.
		if _, err := w.db.CreateSystem(ctx, registers.Console(), systems.System{ID: "juki", Name: "住民記録システム", Unit: "111", Zone: systems.ZoneMyNumber, Hosting: systems.HostOnsite, AuthFactors: 2}); err != nil {
			t.Fatal(err)
		}
		r, err = w.p.File(ctx, store.Filing{Type: "wireless_lan", Requester: "1004", Submit: true,
			Fields: map[string]string{"system": "juki", "reason": "窓口の移動端末"}})
		if err != nil || r.State != permits.StateRejected {
			t.Fatalf("wireless LAN for マイナンバー利用事務系: %s, %v", r.State, err)
		}
		// Unknown asset: an error on its field.
		_, err = w.p.File(ctx, carry("NOPE"))
		var fe *kijun.FieldErrors
		if !errors.As(err, &fe) || !slices.ContainsFunc(fe.Fields, func(f kijun.FieldError) bool { return f.Field == "asset" }) {
			t.Fatalf("unknown asset: %v", err)
		}
		// 4.2キ(2): no permission to carry an asset of 機密性1.
		if _, err := w.db.CreateAsset(ctx, registers.Console(), asset("A-4", "111", "広報資料", 1), assets.KobeScales()); err != nil {
			t.Fatal(err)
		}
		_, err = w.p.File(ctx, carry("A-4"))
		wantErr(t, err, kijun.EINVALID, "機密性2以上")
		// Only the roles 9.5.1 names may file an exception.
		_, err = w.p.File(ctx, store.Filing{Type: "exception", Requester: "1004", Fields: map[string]string{"provision": "8.2.6", "measure": "x", "reason": "y"},
			ValidFrom: organisation.Day(w.clock()), ValidTo: organisation.Day(w.clock()).AddDate(0, 1, 0)})
		wantErr(t, err, kijun.EFORBIDDEN, "情報管理者")
	})
}

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

// 9.5.2 carried out first, reported after, escalated when late; 9.5.1
// approved by the CISO; both in the register of 9.5.3.
func TestPermitExceptions(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		day := organisation.Day(w.clock())
		r, err := w.p.File(ctx, store.Filing{Type: "emergency_exception", Requester: "1002", Submit: true,
			Fields: map[string]string{"provision": "8.2.6.ウ", "measure": "共用IDで復旧作業", "urgency": "窓口停止", "done_on": "2026-06-01"}})
		if err != nil || r.State != permits.StateDrafted {
			t.Fatalf("emergency filed: %s, %v", r.State, err)
		}
		if r, err = w.p.Record(ctx, r.ID, "1002", nil, false); err != nil || r.State != permits.StateCarriedOut || r.DueAt.IsZero() {
			t.Fatalf("emergency carried out: %+v, %v", r, err)
		}
		due, _ := w.p.Due(ctx, w.clock().Add(4*24*time.Hour))
		if len(due) != 1 || due[0].Kind != permits.EscalateReport {
			t.Fatalf("unreported emergency: %+v", due)
		}
		// Its notice goes to the requester and, escalated, to the CISO.
		if ns, err := w.p.Notices(ctx, w.clock().Add(4*24*time.Hour)); err != nil || len(ns) != 1 || strings.Join(ns[0].To, ",") != "1002,1005" {
			t.Fatalf("the unreported emergency's notice: %+v, %v", ns, err)
		}
		if r, err = w.p.Submit(ctx, r.ID, "1002"); err != nil || r.State != permits.StateSubmitted {
			t.Fatalf("reported: %s, %v", r.State, err)
		}
		if r, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1005"}); err != nil || r.State != permits.StateClosed {
			t.Fatalf("CISO received the report: %s, %v", r.State, err)
		}
		x, err := w.p.File(ctx, store.Filing{Type: "exception", Requester: "1003", Submit: true,
			Fields:    map[string]string{"provision": "8.2.6.ウ", "measure": "旧端末のパスワード規則", "reason": "更新まで"},
			ValidFrom: day, ValidTo: day.AddDate(0, 0, 20)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.p.Decide(ctx, x.ID, store.Decision{Approve: true, Decider: "1005"}); err != nil {
			t.Fatal(err)
		}
		// 9.5.1 なお書き: the 統括責任者 permits an exception only when judged minor.
		if _, err := w.db.AppointRole(ctx, organisation.RoleAssignment{Role: organisation.RoleSecurityDirector, Scope: organisation.City(),
			StaffNo: "1001", Period: organisation.Period{From: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}}); err != nil {
			t.Fatal(err)
		}
		minor, err := w.p.File(ctx, store.Filing{Type: "exception", Requester: "1003", Submit: true,
			Fields:    map[string]string{"provision": "7.1.1.ケ", "measure": "窓口端末の自動ロックを15分に", "reason": "窓口業務の中断を避ける"},
			ValidFrom: day, ValidTo: day.AddDate(0, 1, 0)})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.p.Decide(ctx, minor.ID, store.Decision{Approve: true, Decider: "1001"})
		wantErr(t, err, kijun.EFORBIDDEN, "軽微")
		if minor, err = w.p.Decide(ctx, minor.ID, store.Decision{Approve: true, Decider: "1001", Judgement: "minor"}); err != nil || minor.State != permits.StateClosed {
			t.Fatalf("the 統括責任者 permits a minor exception: %s, %v", minor.State, err)
		}
		if v, _ := w.p.Get(ctx, minor.ID); v.Timeline[len(v.Timeline)-1].Judgement != "minor" || v.Timeline[len(v.Timeline)-1].Role != organisation.RoleSecurityDirector {
			t.Fatalf("the decision does not show the judgement: %+v", v.Timeline[len(v.Timeline)-1])
		}
		due, _ = w.p.Due(ctx, w.clock().Add(10*24*time.Hour))
		if len(due) != 1 || due[0].Kind != permits.RemindExpiry {
			t.Fatalf("exception near its end: %+v", due)
		}
		reg, err := w.p.Exceptions(ctx, store.ExceptionFilter{})
		if err != nil || len(reg) != 3 {
			t.Fatalf("register of exceptions: %d, %v", len(reg), err)
		}
		if reg, _ = w.p.Exceptions(ctx, store.ExceptionFilter{Q: "旧端末"}); len(reg) != 1 || reg[0].ID != x.ID {
			t.Fatalf("search the register: %+v", reg)
		}
		// A % or _ typed into the search is a character, not a wildcard.
		if reg, _ = w.p.Exceptions(ctx, store.ExceptionFilter{Q: "%"}); len(reg) != 0 {
			t.Fatalf("search for %%: %d found", len(reg))
		}
	})
}

// Several approvers in order (8.1.4: the 業務システム責任者, then the 統括責任者):
// the first approval leaves the request reviewed and in the second's inbox.
func TestPermitApproversInOrder(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		if _, err := w.db.CreateSystem(ctx, registers.Console(), systems.System{ID: "juki", Name: "住民記録システム", Unit: "111", Zone: systems.ZoneMyNumber, Hosting: systems.HostOnsite, AuthFactors: 2}); err != nil {
			t.Fatal(err)
		}
		from := organisation.Period{From: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}
		for _, a := range []organisation.RoleAssignment{
			{Role: organisation.RoleSystemOwner, Scope: organisation.SystemScope("juki"), StaffNo: "1002", Period: from},
			{Role: organisation.RoleSystemAdmin, Scope: organisation.SystemScope("juki"), StaffNo: "1004", Period: from},
			{Role: organisation.RoleSecurityDirector, Scope: organisation.City(), StaffNo: "1003", Period: from},
		} {
			if _, err := w.db.AppointRole(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		r, err := w.p.File(ctx, store.Filing{Type: "exchange", Requester: "1004", Submit: true,
			Fields: map[string]string{"system": "juki", "partner": "県 情報政策課", "handling": "暗号化した媒体で手渡し"}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1003"})
		wantErr(t, err, kijun.EFORBIDDEN, "業務システム責任者")
		if r, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1002"}); err != nil || r.State != permits.StateReviewed {
			t.Fatalf("first approval: %s, %v", r.State, err)
		}
		in, _ := w.p.Inbox(ctx, "1003", organisation.Day(w.clock()), 0)
		if len(in.ToDecide) != 1 || in.ToDecide[0].ID != r.ID {
			t.Fatalf("the 統括責任者's inbox after the first approval: %+v", in.ToDecide)
		}
		if in, _ := w.p.Inbox(ctx, "1002", organisation.Day(w.clock()), 0); len(in.ToDecide) != 0 {
			t.Fatalf("the first approver still sees it: %+v", in.ToDecide)
		}
		if r, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1003"}); err != nil || r.State != permits.StateClosed {
			t.Fatalf("second approval: %s, %v", r.State, err)
		}
	})
}

// 3.2.11: while the CISO is absent, the 企画調整局長 decides in the CISO's
// stead, and the decision says on whose behalf.
func TestPermitStandingDeputyOfTheCISO(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		day := organisation.Day(w.clock())
		if _, err := w.db.RecordAbsence(ctx, organisation.Absence{StaffNo: "1005", Reason: "入院", Period: organisation.Period{From: day, To: day.AddDate(0, 0, 14)}}); err != nil {
			t.Fatal(err)
		}
		r, err := w.p.File(ctx, store.Filing{Type: "exception", Requester: "1003", Submit: true,
			Fields:    map[string]string{"provision": "8.2.6.ウ", "measure": "旧端末", "reason": "更新まで"},
			ValidFrom: day, ValidTo: day.AddDate(0, 1, 0)})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1003"})
		wantErr(t, err, kijun.EFORBIDDEN, "山田 太郎")
		if _, err := w.p.Decide(ctx, r.ID, store.Decision{Approve: true, Decider: "1001"}); err != nil {
			t.Fatal(err)
		}
		v, _ := w.p.Get(ctx, r.ID)
		if e := v.Timeline[len(v.Timeline)-1]; e.Actor != "1001" || e.OnBehalfOf != "1005" || e.Role != organisation.RoleCISO {
			t.Fatalf("the standing deputy's decision: %+v", e)
		}
	})
}

// 9.5.2: the report of an emergency exception is due counting from the day
// the measure was carried out, not from when it was recorded in Kijun.
func TestEmergencyReportCountsFromTheMeasure(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		day := organisation.Day(w.clock())
		// The deadline counts from the day the measure was carried out: one
		// done ten days ago and recorded now is overdue now, and a day after
		// today is refused.
		late, err := w.p.File(ctx, store.Filing{Type: "emergency_exception", Requester: "1002", Submit: true,
			Fields: map[string]string{"provision": "8.2.6.ウ", "measure": "共用IDで復旧作業", "urgency": "窓口停止", "done_on": day.AddDate(0, 0, -10).Format("2006-01-02")}})
		if err != nil {
			t.Fatal(err)
		}
		if late, err = w.p.Record(ctx, late.ID, "1002", nil, false); err != nil || !late.DueAt.Before(w.clock()) {
			t.Fatalf("a measure of ten days ago recorded now: due %v (now %v), %v; want already due", late.DueAt, w.clock(), err)
		}
		if due, _ := w.p.Due(ctx, w.clock()); !slices.ContainsFunc(due, func(d permits.Reminder) bool { return d.RequestID == late.ID && d.Kind == permits.EscalateReport }) {
			t.Errorf("a measure of ten days ago recorded now is not escalated now: %+v", due)
		}
		future, err := w.p.File(ctx, store.Filing{Type: "emergency_exception", Requester: "1002", Submit: true,
			Fields: map[string]string{"provision": "8.2.6.ウ", "measure": "予定", "urgency": "予定", "done_on": day.AddDate(0, 0, 2).Format("2006-01-02")}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.p.Record(ctx, future.ID, "1002", nil, false)
		wantErr(t, err, kijun.EINVALID, "今日より後")
	})
}
