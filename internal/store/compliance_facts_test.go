package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"kijun/internal/assets"
	"kijun/internal/compliance"
	"kijun/internal/devices"
	"kijun/internal/organisation"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
	"kijun/internal/systems"
)

// The whole city's facts, which SQLite reads a row to a text, hold each
// field as saved, free text with any character included, and agree with
// the facts a re-check reads for one asset and one device.
func TestComplianceFactsReadEachField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		if _, err := db.CreateSystem(ctx, registers.Console(), systems.System{ID: "zeimu", Name: "税務システム", Unit: "111", Zone: systems.ZoneLGWAN,
			Hosting: systems.HostOnsite, AuthFactors: 2}); err != nil {
			t.Fatal(err)
		}
		low := asset("F-0", "111", "課税台帳", 2)
		low.Holders = []string{"system:zeimu"}
		if _, err := db.CreateAsset(ctx, registers.Console(), low, assets.KobeScales()); err != nil {
			t.Fatal(err)
		}
		a := asset("F-1", "111", "受領データ", 3)
		a.Holders = []string{"system:zeimu"}
		a.Stage, a.Origin = assets.StageObtain, "県 税務課 (原本)"
		a.Integrity, a.Availability, a.IntegrityReason = 2, 1, "課税の根拠"
		saved, err := db.CreateAsset(ctx, registers.Console(), a, assets.KobeScales())
		if err != nil {
			t.Fatal(err)
		}
		d := device("D-1", "111", "ノートPC", devices.DeviceMobile)
		d.Location = "執務室2階"
		d.Protections = devices.Protections{DiskEncryption: true, USBControl: true}
		if _, err := db.CreateDevice(ctx, registers.Console(), d); err != nil {
			t.Fatal(err)
		}
		// The registers now refuse control characters; rows saved before
		// may hold them, the separator among them.
		a.Origin, d.Name, d.Location = "県\x1f税務課\t(原本)", "ノート\x1fPC", "執務室\x1f2階"
		err = db.Update(ctx, func(tx *store.Tx) error {
			if _, err := tx.ExecContext(ctx, "UPDATE assets SET origin = ? WHERE id = 'F-1'", a.Origin); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, "UPDATE devices SET name = ?, location = ? WHERE id = 'D-1'", d.Name, d.Location)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		city, err := db.ComplianceFacts(ctx, db.Now(), nil)
		if err != nil {
			t.Fatal(err)
		}
		one, err := db.ComplianceFacts(ctx, db.Now(), store.FactsScope{"asset:F-1", "device:D-1", "system:zeimu"})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []*compliance.Facts{city, one} {
			var got compliance.Asset
			for _, x := range f.Assets {
				if x.ID == "F-1" {
					got = x
				}
			}
			if got.Unit != "111" || got.Stage != string(assets.StageObtain) || got.Origin != a.Origin ||
				got.Confidentiality != 3 || got.Integrity != 2 || got.Availability != 1 || !got.InScope || got.Kind != string(assets.KindData) ||
				!got.UnitActive {
				t.Errorf("asset facts = %+v", got)
			}
			// 4.2オ(4): the system takes the highest class of what it
			// holds, whichever way it is read.
			for _, sys := range f.Systems {
				if want := (compliance.Class{Confidentiality: 3, Integrity: 2, Availability: 1, Assets: 2}); sys.ID == "zeimu" && sys.Class != want {
					t.Errorf("system class = %+v, want %+v", sys.Class, want)
				}
			}
			if len(f.Devices) != 1 {
				t.Fatalf("devices = %+v", f.Devices)
			}
			g := f.Devices[0]
			if g.ID != "D-1" || g.Unit != "111" || g.Kind != string(devices.DeviceMobile) || g.Location != d.Location ||
				!g.DiskEncryption || !g.USBControl || g.ScreenLock || g.RemoteWipe || g.PrivacyFilter || g.BIOSPassword {
				t.Errorf("device facts = %+v", g)
			}
			// The separator in a name read among other fields is a space.
			if g.Name != "ノート PC" && g.Name != d.Name {
				t.Errorf("device name = %q", g.Name)
			}
		}
		// Lowered, the asset no longer raises the system: what the
		// system's rows carry follows the asset.
		saved.Confidentiality = 2
		if _, err := db.UpdateAsset(ctx, registers.Console(), saved, assets.KobeScales()); err != nil {
			t.Fatal(err)
		}
		again, err := db.ComplianceFacts(ctx, db.Now(), store.FactsScope{"system:zeimu"})
		if err != nil || len(again.Systems) != 1 || again.Systems[0].Class.Confidentiality != 2 {
			t.Fatalf("system after the asset was lowered: %+v, %v", again.Systems, err)
		}
	})
}

// What permit requests still owe reaches the rules: a taken-out asset
// past its return (7.1.1キ) and an emergency exception past its report
// (9.5.2) are found from the moment they fall due, and no longer once
// returned or reported. The whole city reads only requests that owe
// something; a re-check reads the one it names whatever its state.
func TestComplianceFactsRequestsOwing(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		rs, err := compliance.Default()
		if err != nil {
			t.Fatal(err)
		}
		found := func(at time.Time, scope store.FactsScope) []string {
			t.Helper()
			f, err := w.db.ComplianceFacts(ctx, at, scope)
			if err != nil {
				t.Fatal(err)
			}
			got, err := rs.CheckOne(compliance.KindRequest, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, fd := range got {
				out = append(out, fd.Rule+" "+fd.Provision+" "+fd.Subject+" "+fd.Unit)
			}
			return out
		}
		day := organisation.Day(w.clock())
		out, err := w.p.File(ctx, store.Filing{Type: "take_out", Requester: "1004", Submit: true,
			Fields: map[string]string{"asset": "A-1", "destination": "研修会場"}, ValidFrom: day, ValidTo: day.AddDate(0, 0, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.p.Decide(ctx, out.ID, store.Decision{Approve: true, Decider: "1002"}); err != nil {
			t.Fatal(err)
		}
		if out, err = w.p.Record(ctx, out.ID, "1004", map[string]string{"taken_on": "2026-06-01"}, false); err != nil {
			t.Fatal(err)
		}
		em, err := w.p.File(ctx, store.Filing{Type: "emergency_exception", Requester: "1002",
			Fields: map[string]string{"provision": "8.2.6.ウ", "measure": "共用IDで復旧作業", "urgency": "窓口停止", "done_on": "2026-06-01"}})
		if err != nil {
			t.Fatal(err)
		}
		if em, err = w.p.Record(ctx, em.ID, "1002", nil, false); err != nil {
			t.Fatal(err)
		}
		outSub, emSub := fmt.Sprintf("request:%d", out.ID), fmt.Sprintf("request:%d", em.ID)
		if got := found(out.DueAt.Add(-time.Minute), nil); len(got) != 0 {
			t.Fatalf("found before anything is due: %v", got)
		}
		want := []string{"request.take-out-not-returned 7.1.1.キ " + outSub + " 111"}
		if got := found(out.DueAt.Add(time.Minute), nil); !slices.Equal(got, want) {
			t.Fatalf("a minute past the return: %v, want %v", got, want)
		}
		late := em.DueAt.Add(time.Hour)
		want = []string{"request.emergency-exception-not-reported 9.5.2 " + emSub + " 111", "request.take-out-not-returned 7.1.1.キ " + outSub + " 111"}
		if got := found(late, nil); !slices.Equal(got, want) {
			t.Fatalf("past both: %v, want %v", got, want)
		}
		if _, err := w.p.Record(ctx, out.ID, "1004", map[string]string{"returned_on": "2026-06-03", "condition": "異常なし"}, true); err != nil {
			t.Fatal(err)
		}
		if _, err := w.p.Submit(ctx, em.ID, "1002"); err != nil {
			t.Fatal(err)
		}
		if got := found(late, nil); len(got) != 0 {
			t.Fatalf("found once returned and reported: %v", got)
		}
		f, err := w.db.ComplianceFacts(ctx, late, store.FactsScope{outSub})
		if err != nil || len(f.Requests) != 1 || f.Requests[0].State != "closed" || !f.Requests[0].Return {
			t.Fatalf("a re-check of the returned request reads %+v, %v", f.Requests, err)
		}
	})
}

// A re-check of a device knows whether the person it is issued to has
// left (8.2.1イ(3)), as the whole city's read does, asking after that
// person alone.
func TestComplianceFactsDeviceOfALeaver(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		for _, d := range []devices.Device{device("D-1", "111", "事務用PC", devices.DevicePC), device("D-2", "111", "事務用PC", devices.DevicePC)} {
			d.IssuedTo = map[string]string{"D-1": "1004", "D-2": "1005"}[d.ID]
			if _, err := db.CreateDevice(ctx, registers.Console(), d); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.SavePerson(ctx, organisation.Person{StaffNo: "1004", Name: "高橋 次郎", Kana: "タカハシ ジロウ",
			Employment: organisation.EmployRegular, Status: organisation.StatusLeft, LeftOn: organisation.Day(db.Now()).AddDate(0, 0, -1)}); err != nil {
			t.Fatal(err)
		}
		for _, scope := range []store.FactsScope{nil, {"device:D-1", "device:D-2"}} {
			f, err := db.ComplianceFacts(ctx, db.Now(), scope)
			if err != nil {
				t.Fatal(err)
			}
			left := map[string]bool{}
			for _, d := range f.Devices {
				left[d.ID] = d.IssuedToLeft
			}
			if !left["D-1"] || left["D-2"] {
				t.Errorf("scope %v: issued to one who left: %v, want D-1 only", scope, left)
			}
		}
	})
}

// The whole city's read runs its parts on connections of their own and
// must see one state of the registers. A change that lands after the
// first part has begun reading and before the second has: on PostgreSQL
// the second still reads the first's snapshot; on SQLite the parts are
// reported apart, so the city is read again in one transaction.
func TestCityReadSeesOneState(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		count := func(tx *store.Tx) (int, error) {
			var n int
			err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM settings").Scan(&n)
			return n, err
		}
		var seen [2]int
		wrote := make(chan struct{})
		same, err := db.ViewTogether(ctx, []func(context.Context, *store.Tx) error{
			func(ctx context.Context, tx *store.Tx) error {
				defer close(wrote)
				var err error
				if seen[0], err = count(tx); err != nil {
					return err
				}
				// Another client's change: its own goroutine, as a
				// transaction must not begin one inside itself.
				landed := make(chan error)
				go func() { landed <- db.SetSetting(ctx, "test.landed", "between the reads") }()
				return <-landed
			},
			func(ctx context.Context, tx *store.Tx) error {
				<-wrote
				var err error
				seen[1], err = count(tx)
				return err
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		switch db.Dialect {
		case store.Postgres:
			if !same || seen[1] != seen[0] {
				t.Errorf("PostgreSQL: same = %v, settings seen %v; want one snapshot, the change unseen by both", same, seen)
			}
		default:
			if same || seen[1] != seen[0]+1 {
				t.Errorf("SQLite: same = %v, settings seen %v; want the parts reported apart, the second seeing the change", same, seen)
			}
		}
		// With nothing landing between them, the parts agree.
		same, err = db.ViewTogether(ctx, []func(context.Context, *store.Tx) error{
			func(context.Context, *store.Tx) error { return nil },
			func(context.Context, *store.Tx) error { return nil },
		})
		if err != nil || !same {
			t.Errorf("quiet read: same = %v, err = %v; want true", same, err)
		}
	})
}
