package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"kijun/internal/assets"
	"kijun/internal/compliance"
	"kijun/internal/devices"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/records"
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

// Migration 0016 gives what holds each asset already stored the asset's
// classes, so a system's class reads the same after it.
func TestHolderClassesAfterMigration(t *testing.T) {
	eachAt(t, 15, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		// As version 15 wrote them: the system, the asset, and what holds it.
		err := db.Update(ctx, func(tx *store.Tx) error {
			now := records.FormatTime(db.Now())
			if _, err := tx.ExecContext(ctx, `INSERT INTO systems (id, name, unit_code, zone, hosting, auth_factors, search_key, created_at, updated_at)
				VALUES ('zeimu', '税務システム', '111', 'lgwan', 'onsite', 2, 'zeimu', ?, ?)`, now, now); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO assets (id, unit_code, name, description, kind, location,
				confidentiality, confidentiality_reason, integrity, integrity_reason, availability, in_scope, stage, search_key, created_at, updated_at)
				VALUES ('F-1', '111', '課税台帳', '', 'data', '', 3, '個人情報', 2, '課税の根拠', 1, 1, 'use', 'f-1', ?, ?)`, now, now); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, "INSERT INTO asset_holders (holder, asset_id) VALUES ('system:zeimu', 'F-1')")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		f, err := db.ComplianceFacts(ctx, db.Now(), store.FactsScope{"system:zeimu"})
		if err != nil || len(f.Systems) != 1 {
			t.Fatalf("facts: %+v, %v", f, err)
		}
		if want := (compliance.Class{Confidentiality: 3, Integrity: 2, Availability: 1, Assets: 1}); f.Systems[0].Class != want {
			t.Errorf("class after 0016 = %+v, want %+v", f.Systems[0].Class, want)
		}
	})
}

// A migration numbered below one already applied, as when work from two
// branches meets, is applied all the same: a database that reached 0016
// without 0011 gets the permit tables.
func TestMigrationBelowTheLastIsApplied(t *testing.T) {
	eachAt(t, 0, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// As if 0011 had never run: its tables and its record gone.
		err := db.Update(ctx, func(tx *store.Tx) error {
			drop := []string{"DROP TABLE permit_attachments", "DROP TABLE permit_steps", "DROP TABLE permit_pending",
				"DROP TABLE permit_requests", "DELETE FROM schema_migrations WHERE version = 11"}
			if db.Dialect == store.Postgres {
				// Later tables refer to the requests (an evidence disposal names
				// its permit, 11.1.6): their references go with the table.
				drop[3] = "DROP TABLE permit_requests CASCADE"
				drop = append(drop, "DROP FUNCTION permit_steps_append_only")
			}
			for _, q := range drop {
				if _, err := tx.ExecContext(ctx, q); err != nil {
					return fmt.Errorf("%s: %w", q, err)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		applied, err := db.Migrate(ctx)
		if err != nil || !slices.Equal(applied, []int{11}) {
			t.Fatalf("applied %v, %v; want [11]", applied, err)
		}
		var n int
		if err := db.View(ctx, func(tx *store.Tx) error {
			return tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM permit_requests").Scan(&n)
		}); err != nil {
			t.Fatalf("permit tables after the migration: %v", err)
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

// A finding is accepted only under a 例外措置 in force that covers its
// provision (9.5.1): each other request is refused beside the field with
// the reason, and the acceptance ends with the exception.
func TestAcceptFindingUnderAnException(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		now := w.clock()
		day := organisation.Day(now)
		found := compliance.Finding{Rule: "system.backup", Provision: "8.1.3", Severity: compliance.SeverityHigh, Kind: compliance.KindSystem,
			Subject: "system:zeimu", SubjectName: "税務システム", Unit: "111", Message: "バックアップがありません"}
		if _, _, err := w.db.RecheckSubjects(ctx, now, store.Rechecked{Subjects: []string{found.Subject}}, []compliance.Finding{found}); err != nil {
			t.Fatal(err)
		}
		exception := func(provision string, approve bool) int64 {
			t.Helper()
			x, err := w.p.File(ctx, store.Filing{Type: "exception", Requester: "1003", Submit: true,
				Fields:    map[string]string{"provision": provision, "measure": "手作業で複製", "reason": "装置の更新まで"},
				ValidFrom: day, ValidTo: day.AddDate(0, 0, 30)})
			if err != nil {
				t.Fatal(err)
			}
			if approve {
				if _, err := w.p.Decide(ctx, x.ID, store.Decision{Approve: true, Decider: "1005"}); err != nil {
					t.Fatal(err)
				}
			}
			return x.ID
		}
		takeOut, err := w.p.File(ctx, store.Filing{Type: "take_out", Requester: "1004", Submit: true,
			Fields: map[string]string{"asset": "A-1", "destination": "研修会場"}, ValidFrom: day, ValidTo: day.AddDate(0, 0, 1)})
		if err != nil {
			t.Fatal(err)
		}
		pending, other, covering := exception("8.1.3", false), exception("6.1.2", true), exception("8.1", true)
		accept := func(id int64, until time.Time) error {
			return w.db.AcceptFinding(ctx, store.Acceptance{Rule: found.Rule, Subject: found.Subject, Request: id, Until: until})
		}
		for _, c := range []struct {
			id    int64
			field string
			says  string
		}{
			{0, "request", "申請番号を選んでください"},
			{99999, "request", "申請番号 99999 の申請はありません"},
			{takeOut.ID, "request", "例外措置ではありません"},
			{pending, "request", "承認された例外措置の下でだけ"},
			{other, "request", "この指摘の条項 8.1.3 を含みません"},
		} {
			var fe *kijun.FieldErrors
			if err := accept(c.id, time.Time{}); !errors.As(err, &fe) || len(fe.Fields) != 1 || fe.Fields[0].Field != c.field || !strings.Contains(fe.Fields[0].Message, c.says) {
				t.Errorf("accept under request %d: %v, want %s saying %q", c.id, err, c.field, c.says)
			}
		}
		var fe *kijun.FieldErrors
		if err := accept(covering, day.AddDate(1, 0, 0)); !errors.As(err, &fe) || fe.Fields[0].Field != "until" {
			t.Errorf("an end other than the exception's: %v", err)
		}
		if err := accept(covering, time.Time{}); err != nil {
			t.Fatal(err)
		}
		list, _, err := w.db.ListFindings(ctx, store.FindingFilter{Subject: found.Subject})
		if err != nil || len(list) != 1 || list[0].AcceptedRequest != covering || list[0].Accepted != strconv.FormatInt(covering, 10) {
			t.Fatalf("accepted: %+v, %v", list, err)
		}
		// Seen again after the exception's end, the finding is no longer
		// accepted.
		later := now.AddDate(0, 0, 31)
		if _, _, err := w.db.RecheckSubjects(ctx, later, store.Rechecked{Subjects: []string{found.Subject}}, []compliance.Finding{found}); err != nil {
			t.Fatal(err)
		}
		if list, _, _ = w.db.ListFindings(ctx, store.FindingFilter{Subject: found.Subject}); len(list) != 1 || list[0].AcceptedRequest != 0 {
			t.Fatalf("after the exception ended: %+v", list)
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

// Who answers for a finding is the role holder on the finding's day: the
// 情報管理者 of its 課, or the 情報セキュリティ管理者 for one no 課 answers
// for; a finding closed before anyone held the role names nobody.
func TestFillResponsible(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		chief, err := db.Person(ctx, "1002")
		if err != nil {
			t.Fatal(err)
		}
		at := func(s string) time.Time { return day(s).Add(9 * time.Hour) }
		fs := []store.StoredFinding{
			{Finding: compliance.Finding{Rule: "r", Subject: "system:a", Unit: "111"}, LastSeen: at("2024-05-01")},
			{Finding: compliance.Finding{Rule: "r", Subject: "system:b", Unit: "111"}, LastSeen: at("2024-03-30"), ClosedAt: at("2024-03-31")},
			{Finding: compliance.Finding{Rule: "r", Subject: "role:ciso@city:"}, LastSeen: at("2024-05-01")},
		}
		if err := db.FillResponsible(ctx, fs); err != nil {
			t.Fatal(err)
		}
		want := []string{chief.Name + "（情報管理者）", "", chief.Name + "（情報セキュリティ管理者）"}
		for i, f := range fs {
			if f.Responsible != want[i] {
				t.Errorf("%s: responsible %q, want %q", f.Subject, f.Responsible, want[i])
			}
		}
	})
}

// Full runs on three days: a finding seen each day keeps the day it was
// first seen; one fixed closes on the day it is no longer found and, found
// again, reopens as first seen that day; the trend keeps each day's
// counts by 課, weighted by severity, a later run the same day replacing
// them.
func TestFindingsOverDays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		t1 := day("2026-06-01").Add(2 * time.Hour)
		t2, t3 := t1.AddDate(0, 0, 1), t1.AddDate(0, 0, 2)
		f := func(rule, unit string, sev compliance.Severity) compliance.Finding {
			return compliance.Finding{Rule: rule, Subject: "system:" + unit, Provision: "8.1.3", Severity: sev, Kind: compliance.KindSystem, Unit: unit, Message: rule}
		}
		a, b, c := f("a", "111", compliance.SeverityHigh), f("b", "112", compliance.SeverityMedium), f("c", "111", compliance.SeverityLow)
		checks := map[string]int{"111": 10, "112": 5}
		for _, run := range []struct {
			at    time.Time
			found []compliance.Finding
		}{{t1, []compliance.Finding{a, b}}, {t2, []compliance.Finding{a}}, {t2, []compliance.Finding{a, c}}, {t3, []compliance.Finding{a, b, c}}} {
			if err := db.SaveCheckRun(ctx, &store.CheckRun{At: run.at, RulesVersion: "v"}, run.found, checks); err != nil {
				t.Fatal(err)
			}
			if run.at.Equal(t2) && len(run.found) == 1 {
				closed, _, err := db.ListFindings(ctx, store.FindingFilter{Rule: "b", Closed: true})
				if err != nil || len(closed) != 1 || !closed[0].ClosedAt.Equal(t2) {
					t.Fatalf("b after its fix: %+v, %v", closed, err)
				}
			}
		}
		open, _, err := db.ListFindings(ctx, store.FindingFilter{Limit: 10})
		if err != nil || len(open) != 3 {
			t.Fatalf("open findings: %+v, %v", open, err)
		}
		first := map[string]time.Time{}
		for _, o := range open {
			first[o.Rule] = o.FirstSeen
			if !o.LastSeen.Equal(t3) {
				t.Errorf("%s last seen %v, want %v", o.Rule, o.LastSeen, t3)
			}
		}
		if !first["a"].Equal(t1) || !first["b"].Equal(t3) || !first["c"].Equal(t2) {
			t.Errorf("first seen: a %v (want %v), b %v (reopened, want %v), c %v (want %v)", first["a"], t1, first["b"], t3, first["c"], t2)
		}
		trend, err := db.DailyCounts(ctx, day("2026-06-01"))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range trend {
			got = append(got, fmt.Sprintf("%s %s %d/%d %d-%d-%d", d.Day.Format("01-02"), d.Unit, d.Failed, d.Checks, d.High, d.Med, d.Low))
		}
		want := []string{
			"06-01 111 3/10 1-0-0", "06-01 112 2/5 0-1-0",
			"06-02 111 4/10 1-0-1", "06-02 112 0/5 0-0-0",
			"06-03 111 4/10 1-0-1", "06-03 112 2/5 0-1-0",
		}
		if !slices.Equal(got, want) {
			t.Errorf("trend:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

// A re-check works out a device's class and マイナンバー flag (5.1イ(2))
// as the city's read does, whether it looks up each asset's other holders
// (a few devices) or lists the マイナンバー systems' assets once (many).
func TestRecheckMyNumberFlag(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		if _, err := db.CreateSystem(ctx, registers.Console(), systems.System{ID: "juki", Name: "住民記録システム", Unit: "111", Zone: systems.ZoneMyNumber,
			Hosting: systems.HostOnsite, AuthFactors: 2}); err != nil {
			t.Fatal(err)
		}
		for _, d := range []string{"D-1", "D-2", "D-3", "D-4"} {
			if _, err := db.CreateDevice(ctx, registers.Console(), device(d, "111", "端末"+d, devices.DevicePC)); err != nil {
				t.Fatal(err)
			}
		}
		shared := asset("F-1", "111", "住民票", 3)
		shared.Holders = []string{"system:juki", "device:D-1"}
		other := asset("F-2", "111", "会議録", 1)
		other.Holders = []string{"device:D-2"}
		// 4.2ア(3): a copy of a copy of 住民票 is マイナンバー data where
		// it is kept (D-3); copies that loop back on each other, none of
		// them held by a マイナンバー system, are not (D-4).
		copy1 := asset("F-3", "111", "住民票の写し", 3)
		copy1.OriginalID = "F-1"
		copy2 := asset("F-4", "111", "住民票の写しの写し", 3)
		copy2.OriginalID, copy2.Holders = "F-3", []string{"device:D-3"}
		loopA := asset("F-5", "111", "議事録A", 1)
		loopB := asset("F-6", "111", "議事録B", 1)
		loopB.OriginalID, loopB.Holders = "F-5", []string{"device:D-4"}
		for _, a := range []assets.Asset{shared, other, copy1, copy2, loopA, loopB} {
			if _, err := db.CreateAsset(ctx, registers.Console(), a, assets.KobeScales()); err != nil {
				t.Fatal(err)
			}
		}
		loopA, _ = db.Asset(ctx, "F-5")
		loopA.OriginalID = "F-6"
		if _, err := db.UpdateAsset(ctx, registers.Console(), loopA, assets.KobeScales()); err != nil {
			t.Logf("a loop of copies is refused by the register: %v", err)
		}
		city, err := db.ComplianceFacts(ctx, db.Now(), nil)
		if err != nil {
			t.Fatal(err)
		}
		flags := func(f *compliance.Facts) string {
			var out []string
			for _, d := range f.Devices {
				out = append(out, fmt.Sprintf("%s %v %d", d.ID, d.MyNumber, d.Class.Confidentiality))
			}
			slices.Sort(out)
			return strings.Join(out, ", ")
		}
		if got, want := flags(city), "D-1 true 3, D-2 false 1, D-3 true 3, D-4 false 1"; got != want {
			t.Fatalf("the city's devices: %s, want %s", got, want)
		}
		for _, many := range []int{64, 0} {
			restore := store.ListMyNumberAssetsFrom(many)
			one, err := db.ComplianceFacts(ctx, db.Now(), store.FactsScope{"device:D-1", "device:D-2", "device:D-3", "device:D-4"})
			restore()
			if err != nil {
				t.Fatal(err)
			}
			if got := flags(one); got != flags(city) {
				t.Errorf("re-check listing from %d devices: %s, want %s", many, got, flags(city))
			}
		}
	})
}
