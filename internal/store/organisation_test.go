package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

func day(s string) time.Time {
	t, err := organisation.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

// smallOrg loads a bureau with one department and two sections, as of
// 2024-04-01, and the people in them.
func smallOrg(t testing.TB, db *store.DB) {
	t.Helper()
	from := day("2024-04-01")
	u := func(code string, kind organisation.UnitKind, name, kana, parent string) organisation.Unit {
		return organisation.Unit{Code: code, Kind: kind, Name: name, Kana: kana, Parent: parent, Period: organisation.Period{From: from}}
	}
	p := func(no, name, kana string) organisation.Person {
		return organisation.Person{StaffNo: no, Name: name, Kana: kana, Employment: organisation.EmployRegular}
	}
	a := func(no, unit string, post organisation.Post, primary bool) organisation.Assignment {
		return organisation.Assignment{StaffNo: no, Unit: unit, Post: post, Primary: primary, Period: organisation.Period{From: from}}
	}
	err := db.LoadOrganisation(context.Background(), store.OrganisationData{
		Units: []organisation.Unit{
			u("100", organisation.KindBureau, "企画調整局", "キカクチョウセイキョク", ""),
			u("110", organisation.KindDepartment, "デジタル戦略部", "デジタルセンリャクブ", "100"),
			u("111", organisation.KindSection, "情報政策課", "ジョウホウセイサクカ", "110"),
			u("112", organisation.KindSection, "情報システム課", "ジョウホウシステムカ", "110"),
		},
		People: []organisation.Person{
			p("1001", "山田 太郎", "ヤマダ タロウ"), p("1002", "佐藤 花子", "サトウ ハナコ"),
			p("1003", "鈴木 一郎", "スズキ イチロウ"), p("1004", "高橋 次郎", "タカハシ ジロウ"),
			p("1005", "田中 三郎", "タナカ サブロウ"),
		},
		Assignments: []organisation.Assignment{
			a("1001", "100", organisation.PostBureauChief, true),
			a("1002", "111", organisation.PostSectionChief, true),
			a("1003", "112", organisation.PostSectionChief, true),
			a("1004", "111", organisation.PostStaff, true),
			a("1005", "112", organisation.PostStaff, true),
			a("1004", "112", organisation.PostStaff, false),
		},
		Roles: []organisation.RoleAssignment{
			{Role: organisation.RoleCISO, Scope: organisation.City(), StaffNo: "1005", Period: organisation.Period{From: from}},
			{Role: organisation.RoleSecurityManager, Scope: organisation.City(), StaffNo: "1002", Period: organisation.Period{From: from}},
		},
		Standing: &organisation.StandingDeputy{Unit: "100", Post: organisation.PostBureauChief},
	})
	if err != nil {
		t.Fatalf("load organisation: %v", err)
	}
}

func TestHolderOf(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		tests := []struct {
			name  string
			role  organisation.Role
			scope organisation.Scope
			date  string
			want  string
			basis organisation.Basis
			code  string
		}{
			{"section chief by default (3.1.6)", organisation.RoleInfoManager, organisation.UnitScope("111"), "2024-05-01", "1002", organisation.BasisPost, ""},
			{"bureau chief by default (3.1.5)", organisation.RoleInfoOfficer, organisation.UnitScope("100"), "2024-05-01", "1001", organisation.BasisPost, ""},
			{"explicit CISO", organisation.RoleCISO, organisation.City(), "2024-05-01", "1005", organisation.BasisExplicit, ""},
			{"CSIRT lead is the security manager (3.3.1ア)", organisation.RoleCSIRTLead, organisation.City(), "2024-05-01", "1002", organisation.BasisRole, ""},
			{"before the organisation existed", organisation.RoleInfoManager, organisation.UnitScope("111"), "2024-03-31", "", "", kijun.ENOTFOUND},
			{"nobody holds it", organisation.RoleAuditDirector, organisation.City(), "2024-05-01", "", "", kijun.ENOTFOUND},
			{"system without holder", organisation.RoleSystemAdmin, organisation.SystemScope("juki"), "2024-05-01", "", "", kijun.ENOTFOUND},
			{"wrong scope", organisation.RoleCISO, organisation.UnitScope("111"), "2024-05-01", "", "", kijun.EINVALID},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h, err := db.HolderOf(ctx, tt.role, tt.scope, day(tt.date))
				if got := kijun.ErrorCode(err); got != tt.code {
					t.Fatalf("error code = %q (%v), want %q", got, err, tt.code)
				}
				if err != nil {
					return
				}
				if h.Person.StaffNo != tt.want || h.Basis != tt.basis {
					t.Errorf("holder = %s (%s), want %s (%s)", h.Person.StaffNo, h.Basis, tt.want, tt.basis)
				}
			})
		}

		// An explicit appointment beats the 課長 default, from its first day.
		if _, err := db.AppointRole(ctx, organisation.RoleAssignment{Role: organisation.RoleInfoManager, Scope: organisation.UnitScope("111"),
			StaffNo: "1004", Period: organisation.Period{From: day("2024-06-01")}}); err != nil {
			t.Fatal(err)
		}
		for d, want := range map[string]string{"2024-05-31": "1002", "2024-06-01": "1004"} {
			h, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope("111"), day(d))
			if err != nil || h.Person.StaffNo != want {
				t.Errorf("info manager of 111 on %s = %s (%v), want %s", d, h.Person.StaffNo, err, want)
			}
		}
		// 情報管理者 only for a 課.
		_, err := db.AppointRole(ctx, organisation.RoleAssignment{Role: organisation.RoleInfoManager, Scope: organisation.UnitScope("110"),
			StaffNo: "1004", Period: organisation.Period{From: day("2024-06-01")}})
		if kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("info manager of a 部: %v, want EINVALID", err)
		}
		// A new CISO closes the previous appointment.
		if _, err := db.AppointRole(ctx, organisation.RoleAssignment{Role: organisation.RoleCISO, Scope: organisation.City(),
			StaffNo: "1001", Period: organisation.Period{From: day("2025-04-01")}}); err != nil {
			t.Fatal(err)
		}
		hist, err := db.RoleAssignments(ctx, store.RoleFilter{Role: organisation.RoleCISO})
		if err != nil || len(hist) != 2 || organisation.FormatDate(hist[0].To) != "2025-03-31" {
			t.Errorf("CISO history = %+v (%v), want the first ending 2025-03-31", hist, err)
		}
	})
}

func TestActingFor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		period := organisation.Period{From: day("2024-08-01"), To: day("2024-08-10")}
		if _, err := db.NameDeputy(ctx, organisation.DeputyAppointment{Role: organisation.RoleInfoManager, Scope: organisation.UnitScope("111"),
			StaffNo: "1004", Reason: "夏季休暇", Period: period}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.NameDeputy(ctx, organisation.DeputyAppointment{Role: organisation.RoleInfoManager, Scope: organisation.UnitScope("111"),
			StaffNo: "1002", Period: period}); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("holder naming themselves: %v, want EINVALID", err)
		}
		if _, err := db.NameDeputy(ctx, organisation.DeputyAppointment{Role: organisation.RoleCISO, Scope: organisation.City(),
			StaffNo: "1004", Period: period}); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("deputy for the CISO under 9.3: %v, want EINVALID", err)
		}
		if _, err := db.RecordAbsence(ctx, organisation.Absence{StaffNo: "1005", Reason: "入院", Period: period}); err != nil {
			t.Fatal(err)
		}
		// 9.3: the deputy acts only while the holder is away.
		if _, err := db.RecordAbsence(ctx, organisation.Absence{StaffNo: "1002", Reason: "出張", Period: organisation.Period{From: day("2024-08-03"), To: day("2024-08-06")}}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			role         organisation.Role
			scope        organisation.Scope
			date         string
			actor, basis string
			onBehalfOf   string
		}{
			{organisation.RoleInfoManager, organisation.UnitScope("111"), "2024-07-31", "person:1002", "self", ""},
			{organisation.RoleInfoManager, organisation.UnitScope("111"), "2024-08-02", "person:1002", "self", ""},
			{organisation.RoleInfoManager, organisation.UnitScope("111"), "2024-08-05", "person:1004", "deputy", "person:1002"},
			{organisation.RoleInfoManager, organisation.UnitScope("111"), "2024-08-07", "person:1002", "self", ""},
			{organisation.RoleCISO, organisation.City(), "2024-07-31", "person:1005", "self", ""},
			{organisation.RoleCISO, organisation.City(), "2024-08-10", "person:1001", "standing_rule", "person:1005"},
		}
		for _, tt := range tests {
			a, err := db.ActingFor(ctx, tt.role, tt.scope, day(tt.date))
			if err != nil {
				t.Errorf("%s on %s: %v", tt.role, tt.date, err)
				continue
			}
			got := a.Actor()
			if got.ID != tt.actor || got.OnBehalfOf != tt.onBehalfOf || string(a.Basis) != tt.basis {
				t.Errorf("%s on %s: actor %+v basis %s, want %s for %q (%s)", tt.role, tt.date, got, a.Basis, tt.actor, tt.onBehalfOf, tt.basis)
			}
		}
	})
}

func TestUnitsOverTime(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		// 職制改正: 情報システム課 becomes デジタル基盤課 on 2025-04-01.
		if err := db.ReorganiseUnit(ctx, organisation.UnitChange{Effective: day("2025-04-01"), Unit: organisation.Unit{
			Code: "112", Kind: organisation.KindSection, Name: "デジタル基盤課", Kana: "デジタルキバンカ", Parent: "110"}}); err != nil {
			t.Fatal(err)
		}
		for d, want := range map[string]string{"2025-03-31": "情報システム課", "2025-04-01": "デジタル基盤課"} {
			u, err := db.Unit(ctx, "112", day(d))
			if err != nil || u.Name != want {
				t.Errorf("unit 112 on %s = %q (%v), want %q", d, u.Name, err, want)
			}
		}
		hist, err := db.UnitHistory(ctx, "112")
		if err != nil || len(hist) != 2 {
			t.Errorf("history = %v (%v), want 2 versions", hist, err)
		}
		path, err := db.UnitPath(ctx, "112", day("2025-04-01"))
		if err != nil || len(path) != 3 || path[2].Code != "100" {
			t.Errorf("path = %v (%v), want 112 < 110 < 100", path, err)
		}
		if _, err := db.Unit(ctx, "999", day("2025-04-01")); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("missing unit: %v, want ENOTFOUND", err)
		}
		members, err := db.Members(ctx, "112", day("2024-05-01"))
		if err != nil || len(members) != 3 || members[0].Assignment.Post != organisation.PostSectionChief {
			t.Errorf("members = %+v (%v), want 3 with the 課長 first", members, err)
		}
		// A second primary assignment for the same time is refused.
		_, err = db.Assign(ctx, organisation.Assignment{StaffNo: "1004", Unit: "112", Post: organisation.PostStaff, Primary: true, Period: organisation.Period{From: day("2024-05-01")}})
		if kijun.ErrorCode(err) != kijun.ECONFLICT {
			t.Errorf("second primary assignment: %v, want ECONFLICT", err)
		}
	})
}

func TestSearchPeople(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		for q, want := range map[string]string{"山田": "1001", "やまだ": "1001", "ﾔﾏﾀﾞ": "1001", "ハナコ": "1002", "1003": "1003", "高橋次郎": "1004"} {
			hits, err := db.SearchPeople(ctx, q, day("2024-05-01"), 10)
			if err != nil || len(hits) != 1 || hits[0].StaffNo != want {
				t.Errorf("search %q = %+v (%v), want %s", q, hits, err, want)
			}
		}
		hits, _ := db.SearchPeople(ctx, "鈴木", day("2024-05-01"), 10)
		if len(hits) != 1 || hits[0].UnitName != "情報システム課" || hits[0].Post != organisation.PostSectionChief {
			t.Errorf("search hit = %+v, want 情報システム課 課長", hits)
		}
		if _, err := db.SearchPeople(ctx, "  ", day("2024-05-01"), 10); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("empty search: %v, want EINVALID", err)
		}
		if _, err := db.Person(ctx, "nobody"); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("missing person: %v", err)
		}
	})
}

func TestImportHR(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		eff := day("2025-04-01")
		row := func(line int, no, name, kana, unit string, post organisation.Post, primary bool, act organisation.HRAction) organisation.HRRow {
			return organisation.HRRow{Sheet: "人事異動", Line: line, StaffNo: no, Name: name, Kana: kana, Employment: organisation.EmployRegular,
				Unit: unit, Post: post, Primary: primary, Effective: eff, Action: act}
		}
		good := []organisation.HRRow{
			row(2, "2001", "伊藤 四郎", "イトウ シロウ", "111", organisation.PostStaff, true, organisation.HRHire),
			row(3, "1004", "高橋 次郎", "タカハシ ジロウ", "112", organisation.PostSubsectionChief, true, organisation.HRTransfer),
			row(4, "1003", "鈴木 一郎", "スズキ イチロウ", "", "", false, organisation.HRLeave),
			row(5, "1005", "田中 三郎", "タナカ サブロウ", "112", organisation.PostStaff, true, organisation.HRTransfer),
		}
		bad := append([]organisation.HRRow{}, good...)
		bad = append(bad, row(6, "1002", "佐藤 花子", "サトウ ハナコ", "999", organisation.PostStaff, true, organisation.HRTransfer))
		seq0, _, _ := db.Head(ctx)
		_, err := db.ImportHR(ctx, bad, false)
		var ie *organisation.ImportError
		if !errors.As(err, &ie) || len(ie.Errors) != 1 || ie.Errors[0].Row != 6 || ie.Errors[0].Column != "所属コード" {
			t.Fatalf("bad file: %v, want one error naming row 6, 所属コード", err)
		}
		if seq, _, _ := db.Head(ctx); seq != seq0 {
			t.Errorf("a refused file wrote %d ledger records", seq-seq0)
		}
		if _, err := db.Person(ctx, "2001"); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("a refused file added a person: %v", err)
		}

		plan, err := db.ImportHR(ctx, good, true)
		if err != nil {
			t.Fatal(err)
		}
		want := map[organisation.HRChangeKind]int{organisation.HRAdded: 1, organisation.HRChanged: 1, organisation.HRLeaving: 1, organisation.HRUnchanged: 1}
		for k, n := range want {
			if plan.Counts[k] != n {
				t.Errorf("dry run %s = %d, want %d", k, plan.Counts[k], n)
			}
		}
		if seq, _, _ := db.Head(ctx); seq != seq0 {
			t.Errorf("a dry run wrote %d ledger records", seq-seq0)
		}
		if _, err := db.ImportHR(ctx, good, false); err != nil {
			t.Fatal(err)
		}
		if seq, _, _ := db.Head(ctx); seq != seq0+3 {
			t.Errorf("import wrote %d ledger records, want 3 (one per changed person)", seq-seq0)
		}
		// Re-importing the same rows changes nothing.
		plan, err = db.ImportHR(ctx, good, false)
		if err != nil || plan.Counts[organisation.HRUnchanged] != 4 {
			t.Errorf("re-import: %+v (%v), want 4 unchanged", plan, err)
		}
		if seq, _, _ := db.Head(ctx); seq != seq0+3 {
			t.Errorf("re-import wrote %d more ledger records", seq-seq0-3)
		}
		p, _ := db.Person(ctx, "1003")
		if p.Status != organisation.StatusLeft || organisation.FormatDate(p.LeftOn) != "2025-04-01" {
			t.Errorf("leaver = %+v", p)
		}
		reviews, err := db.IDReviews(ctx)
		if err != nil || len(reviews) != 1 || reviews[0].StaffNo != "1003" {
			t.Errorf("ID reviews = %+v (%v), want 1003", reviews, err)
		}
		// The leaver no longer holds the 情報管理者 of 112; nobody does.
		if _, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope("112"), day("2025-04-02")); kijun.ErrorCode(err) != kijun.ENOTFOUND {
			t.Errorf("info manager after the 課長 left: %v, want ENOTFOUND", err)
		}
		as, _ := db.Assignments(ctx, "1004")
		open := 0
		for _, a := range as {
			if a.Open() {
				open++
				if a.Unit != "112" || a.Post != organisation.PostSubsectionChief {
					t.Errorf("open assignment %+v, want 112 係長", a)
				}
			}
		}
		if open != 1 {
			t.Errorf("1004 has %d open assignments, want 1 (the 兼務 ended)", open)
		}
	})
}
