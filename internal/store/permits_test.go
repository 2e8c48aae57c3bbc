package store_test

import (
	"context"
	"errors"
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
