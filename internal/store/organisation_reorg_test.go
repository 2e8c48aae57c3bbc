package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/records"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// unitRow is a row of an organisation file, as the reader makes it.
func unitRow(line int, code, name, parent string, kind organisation.UnitKind, from, to, successor string) organisation.UnitRow {
	r := organisation.UnitRow{Line: line, Code: code, Name: name, Parent: parent, Kind: kind, From: day(from), Successor: successor}
	if to != "" {
		r.To = day(to)
	}
	return r
}

// A city that starts on an empty database gets its units from the
// organisation file, and then the people import finds them.
func TestImportUnitsIntoEmptyCity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rows := []organisation.UnitRow{
			unitRow(2, "1111", "情報政策課", "1100", organisation.KindSection, "2026-04-01", "", ""),
			unitRow(3, "1000", "企画調整局", "", organisation.KindBureau, "2026-04-01", "", ""),
			unitRow(4, "1100", "デジタル戦略部", "1000", organisation.KindDepartment, "2026-04-01", "", ""),
		}
		plan, err := db.ImportUnits(ctx, rows, true)
		if err != nil {
			t.Fatal(err)
		}
		if got := plan.Counts[organisation.ReorgNew]; got != 3 {
			t.Fatalf("preview: got %d new units, want 3", got)
		}
		if us, _ := db.UnitsOn(ctx, day("2026-04-01")); len(us) != 0 {
			t.Fatalf("the preview wrote %d units", len(us))
		}
		if _, err := db.ImportUnits(ctx, rows, false); err != nil {
			t.Fatal(err)
		}
		path, err := db.UnitPath(ctx, "1111", day("2026-05-01"))
		if err != nil || len(path) != 3 || path[2].Name != "企画調整局" {
			t.Fatalf("path of 1111: %+v, %v", path, err)
		}
		// The same file again changes nothing.
		plan, err = db.ImportUnits(ctx, rows, false)
		if err != nil || plan.Counts[organisation.ReorgUnchanged] != 3 {
			t.Fatalf("second import: %+v, %v", plan, err)
		}
		hr := []organisation.HRRow{{Line: 2, StaffNo: "0001", Name: "山田 太郎", Kana: "ヤマダ タロウ", Employment: organisation.EmployRegular,
			Unit: "1111", Post: organisation.PostSectionChief, Primary: true, Effective: day("2026-04-01"), Action: organisation.HRHire}}
		if _, err := db.ImportHR(ctx, hr, false); err != nil {
			t.Fatalf("people import against the new units: %v", err)
		}
	})
}

// A 課 merged into another on 1 April: its asset and its pending permit
// move to the successor, whose 情報管理者 now decides; each unit's history
// answers its own name on both sides of the date; the asset's history
// says the 組織改正 moved it.
func TestReorganisationMergeMovesRecords(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		req, err := w.p.File(ctx, carry("A-1"))
		if err != nil {
			t.Fatal(err)
		}
		if req.Unit != "111" {
			t.Fatalf("request filed for %s, want 111", req.Unit)
		}
		// An open finding moves; a closed one keeps the 課 it was found in.
		if err := w.db.Update(ctx, func(tx *store.Tx) error {
			for _, f := range []struct{ rule, closed string }{{"r.open", ""}, {"r.closed", "2026-05-01T00:00:00Z"}} {
				if _, err := tx.ExecContext(ctx, `INSERT INTO compliance_findings (rule, subject, provision, severity, kind, subject_name, unit_code, message, first_seen, last_seen, closed_at)
					VALUES (?, 'asset:A-1', '4.2', 'high', 'asset', 'A-1', '111', 'm', '2026-05-01T00:00:00Z', '2026-05-01T00:00:00Z', ?)`, f.rule, f.closed); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		rows := []organisation.UnitRow{
			unitRow(2, "111", "情報政策課", "110", organisation.KindSection, "2024-04-01", "2027-03-31", "112"),
			unitRow(3, "112", "情報企画課", "110", organisation.KindSection, "2027-04-01", "", ""),
		}
		preview, err := w.db.ImportUnits(ctx, rows, true)
		if err != nil {
			t.Fatal(err)
		}
		if got := preview.Successors()["112"]; got != 5 { // the request and the open finding
			t.Fatalf("preview: %d records move to 112, want 5 (%+v)", got, preview.Changes)
		}
		if c := preview.Changes[0]; c.Staff != 2 || !strings.Contains(c.Describe(), "配置中の職員 2 人") {
			t.Errorf("preview of 111: %d people still assigned (%q), want 2", c.Staff, c.Describe())
		}
		if a, _ := w.db.Asset(ctx, "A-1"); a.Unit != "111" {
			t.Fatalf("the preview moved A-1 to %s", a.Unit)
		}
		if _, err := w.db.ImportUnits(ctx, rows, false); err != nil {
			t.Fatal(err)
		}
		if a, _ := w.db.Asset(ctx, "A-1"); a.Unit != "112" {
			t.Fatalf("A-1 belongs to %s, want 112", a.Unit)
		}
		if a, _ := w.db.Asset(ctx, "A-9"); a.Unit != "110" {
			t.Fatalf("A-9 of another unit moved to %s", a.Unit)
		}
		v, err := w.p.Get(ctx, req.ID)
		if err != nil || v.Unit != "112" {
			t.Fatalf("request: unit %s, %v; want 112", v.Unit, err)
		}
		for rule, want := range map[string]string{"r.open": "112", "r.closed": "111"} {
			var unit string
			if err := w.db.View(ctx, func(tx *store.Tx) error {
				return tx.QueryRowContext(ctx, "SELECT unit_code FROM compliance_findings WHERE rule = ?", rule).Scan(&unit)
			}); err != nil || unit != want {
				t.Errorf("finding %s: unit %s, %v; want %s", rule, unit, err, want)
			}
		}
		in, err := w.p.Inbox(ctx, "1003", day("2026-06-01"), 10)
		if err != nil || !slices.ContainsFunc(in.ToDecide, func(it store.InboxItem) bool { return it.ID == req.ID }) {
			t.Fatalf("the successor's 課長 does not have the request to decide: %+v, %v", in.ToDecide, err)
		}
		for _, c := range []struct{ code, on, want string }{
			{"111", "2027-03-31", "情報政策課"}, {"111", "2027-04-01", ""},
			{"112", "2027-03-31", "情報システム課"}, {"112", "2027-04-01", "情報企画課"},
		} {
			u, err := w.db.Unit(ctx, c.code, day(c.on))
			if c.want == "" {
				if kijun.ErrorCode(err) != kijun.ENOTFOUND {
					t.Errorf("%s on %s: got %+v, %v; want none", c.code, c.on, u, err)
				}
				continue
			}
			if err != nil || u.Name != c.want {
				t.Errorf("%s on %s: got %q, %v; want %q", c.code, c.on, u.Name, err, c.want)
			}
		}
		if h, _ := w.db.UnitHistory(ctx, "112"); len(h) != 2 {
			t.Fatalf("112 has %d versions, want 2", len(h))
		}
		recs, err := w.db.Records(ctx, store.RecordFilter{Entity: "asset", EntityID: "A-1"})
		if err != nil || !slices.ContainsFunc(recs, func(r *records.Record) bool { return r.Action == store.ReorgMoveAction }) {
			t.Fatalf("A-1's history has no 組織改正 record: %v", err)
		}
		// 4.4: each moved row is the state its last record holds, so the
		// move is not taken for an edit outside Kijun.
		if diffs, err := w.db.VerifyState(ctx); err != nil || len(diffs) != 0 {
			t.Errorf("verify --state after the 組織改正: %v, %v; want no difference", diffs, err)
		}
	})
}

// Each bad file is refused with its row and reason, and nothing is written.
func TestImportUnitsRefusesBadFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		smallOrg(t, db)
		ctx := context.Background()
		cases := []struct {
			name string
			rows []organisation.UnitRow
			row  int
			want string
		}{
			{"abolished without a successor", []organisation.UnitRow{
				unitRow(2, "113", "新設課", "110", organisation.KindSection, "2027-04-01", "", ""),
				unitRow(3, "111", "情報政策課", "110", organisation.KindSection, "2024-04-01", "2027-03-31", ""),
			}, 3, "承継先組織コードが必要"},
			{"loop of parents", []organisation.UnitRow{
				unitRow(2, "113", "新設課", "110", organisation.KindSection, "2027-04-01", "", ""),
				unitRow(3, "110", "デジタル戦略部", "111", organisation.KindDepartment, "2027-04-01", "", ""),
			}, 3, "循環"},
			{"a code for two units on one date", []organisation.UnitRow{
				unitRow(2, "120", "総務課", "100", organisation.KindSection, "2027-04-01", "", ""),
				unitRow(3, "120", "人事課", "100", organisation.KindSection, "2027-04-01", "", ""),
			}, 3, "同じ日に使われています"},
			{"successor not in being", []organisation.UnitRow{
				unitRow(2, "111", "情報政策課", "110", organisation.KindSection, "2024-04-01", "2027-03-31", "999"),
			}, 2, "承継先 999"},
			{"children left under an abolished unit", []organisation.UnitRow{
				unitRow(2, "110", "デジタル戦略部", "100", organisation.KindDepartment, "2024-04-01", "2027-03-31", "100"),
			}, 2, "111、112 が残っています"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				seq, _, _ := db.Head(ctx)
				_, err := db.ImportUnits(ctx, c.rows, false)
				var ie *organisation.ImportError
				if !errors.As(err, &ie) {
					t.Fatalf("got %v, want the rows in error", err)
				}
				found := false
				for _, re := range ie.Errors {
					if re.Row == c.row && strings.Contains(re.Reason, c.want) {
						found = true
					}
				}
				if !found {
					t.Fatalf("got %+v, want row %d saying %q", ie.Errors, c.row, c.want)
				}
				if after, _, _ := db.Head(ctx); after != seq {
					t.Fatalf("the ledger grew from %d to %d", seq, after)
				}
				if us, _ := db.UnitsOn(ctx, day("2027-04-01")); len(us) != 4 {
					t.Fatalf("%d units on 2027-04-01, want the 4 there were", len(us))
				}
			})
		}
	})
}
