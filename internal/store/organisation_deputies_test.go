package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"kijun/internal/assets"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/registers"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// deputyOrg is a 局 (100, headed by 2001, the 情報責任者) with a 部 (110)
// and two 課: 111, headed by 2002 (its 情報管理者) with staff 2003 and
// 2004; 112, headed by 2005 with staff 2006. 2007 is the 情報セキュリティ
// 管理者 and 2008 the CISO, both in the 局. Unlike smallOrg, no 課長 holds
// a role of the CISO's office.
func deputyOrg(t *testing.T, db *store.DB) {
	t.Helper()
	from := day("2024-04-01")
	period := organisation.Period{From: from}
	u := func(code string, kind organisation.UnitKind, name, kana, parent string) organisation.Unit {
		return organisation.Unit{Code: code, Kind: kind, Name: name, Kana: kana, Parent: parent, Period: period}
	}
	p := func(no, name, kana string) organisation.Person {
		return organisation.Person{StaffNo: no, Name: name, Kana: kana, Employment: organisation.EmployRegular}
	}
	a := func(no, unit string, post organisation.Post) organisation.Assignment {
		return organisation.Assignment{StaffNo: no, Unit: unit, Post: post, Primary: true, Period: period}
	}
	err := db.LoadOrganisation(context.Background(), store.OrganisationData{
		Units: []organisation.Unit{
			u("100", organisation.KindBureau, "企画調整局", "キカクチョウセイキョク", ""),
			u("110", organisation.KindDepartment, "デジタル戦略部", "デジタルセンリャクブ", "100"),
			u("111", organisation.KindSection, "情報政策課", "ジョウホウセイサクカ", "110"),
			u("112", organisation.KindSection, "情報システム課", "ジョウホウシステムカ", "110"),
		},
		People: []organisation.Person{
			p("2001", "局長 一郎", "キョクチョウ イチロウ"), p("2002", "課長 二郎", "カチョウ ジロウ"),
			p("2003", "代行 三子", "ダイコウ ミツコ"), p("2004", "職員 四郎", "ショクイン シロウ"),
			p("2005", "隣課 五郎", "リンカ ゴロウ"), p("2006", "隣課 六子", "リンカ ムツコ"),
			p("2007", "管理 七郎", "カンリ シチロウ"), p("2008", "最高 八郎", "サイコウ ハチロウ"),
		},
		Assignments: []organisation.Assignment{
			a("2001", "100", organisation.PostBureauChief), a("2002", "111", organisation.PostSectionChief),
			a("2003", "111", organisation.PostStaff), a("2004", "111", organisation.PostStaff),
			a("2005", "112", organisation.PostSectionChief), a("2006", "112", organisation.PostStaff),
			a("2007", "100", organisation.PostStaff), a("2008", "100", organisation.PostStaff),
		},
		Roles: []organisation.RoleAssignment{
			{Role: organisation.RoleSecurityManager, Scope: organisation.City(), StaffNo: "2007", Period: period},
			{Role: organisation.RoleCISO, Scope: organisation.City(), StaffNo: "2008", Period: period},
		},
		Standing: &organisation.StandingDeputy{Unit: "100", Post: organisation.PostBureauChief},
	})
	if err != nil {
		t.Fatalf("load organisation: %v", err)
	}
}

// as is a context acting as the person with staff number no.
func as(no string) context.Context {
	return kijun.WithActor(context.Background(), kijun.Actor{ID: organisation.ActorID(no)})
}

// week is seven days from today.
func week(db *store.DB) organisation.Period {
	today := organisation.Day(db.Now())
	return organisation.Period{From: today, To: today.AddDate(0, 0, 6)}
}

func deputyOf111(no, reason string, p organisation.Period) organisation.DeputyAppointment {
	return organisation.DeputyAppointment{Role: organisation.RoleInfoManager, Scope: organisation.UnitScope("111"), StaffNo: no, Reason: reason, Period: p}
}

// TestNameDeputyRules: who may name a 情報管理者's deputy, and who may be
// named (9.3, 3.2.10). The probe's M3 scenario is the second case: the
// deputy, acting while the 課長 is away, names someone from the 課 next
// door, who would then approve her requests and read the 課's registers.
func TestNameDeputyRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		deputyOrg(t, db)
		p := week(db)
		if _, err := db.NameDeputy(as("2002"), deputyOf111("2003", "課長の出張・休暇中", p)); err != nil {
			t.Fatalf("the 課長 names a member of his 課: %v", err)
		}
		if _, err := db.RecordAbsence(as("2002"), organisation.Absence{StaffNo: "2002", Reason: "出張", Period: p}); err != nil {
			t.Fatal(err)
		}
		if a, err := db.ActingFor(context.Background(), organisation.RoleInfoManager, organisation.UnitScope("111"), p.From); err != nil || a.Person.StaffNo != "2003" {
			t.Fatalf("while the 課長 is away: %+v, %v; want the deputy 2003 acting", a, err)
		}
		for _, tc := range []struct {
			name, by, named string
			code, says      string
		}{
			{"the acting deputy names someone from another 課 (M3)", "2003", "2006", kijun.EFORBIDDEN, "別の代行者を指名できません"},
			{"the acting deputy names a colleague of her own 課", "2003", "2004", kijun.EFORBIDDEN, "別の代行者を指名できません"},
			{"the 課長 names someone from another 課", "2002", "2006", kijun.EFORBIDDEN, "CISO 室だけ"},
			{"the 課長 next door names a deputy for 111", "2005", "2004", kijun.EFORBIDDEN, "上位の情報責任者又は CISO 室"},
			{"a member of staff names himself", "2004", "2004", kijun.EFORBIDDEN, "上位の情報責任者又は CISO 室"},
			{"the 課長 names himself", "2002", "2002", kijun.EINVALID, "自分自身"},
			{"the 局長 above names a member of the 課", "2001", "2004", "", ""},
			{"the 局長 names someone of the 部 above the 課", "2001", "2001", "", ""},
			{"the 局長 names someone from another 課", "2001", "2006", kijun.EFORBIDDEN, "CISO 室だけ"},
			{"the 情報セキュリティ管理者 names someone from another 課", "2007", "2006", "", ""},
		} {
			_, err := db.NameDeputy(as(tc.by), deputyOf111(tc.named, "", p))
			if kijun.ErrorCode(err) != tc.code || !strings.Contains(kijun.ErrorMessage(err), tc.says) {
				t.Errorf("%s: got %v (%s), want %q saying %q", tc.name, err, kijun.ErrorCode(err), tc.code, tc.says)
			}
		}
		// A load names on behalf of whoever NamedBy says, under the same rules.
		if _, err := db.NameDeputy(context.Background(), organisation.DeputyAppointment{Role: organisation.RoleInfoManager,
			Scope: organisation.UnitScope("111"), StaffNo: "2006", NamedBy: "2003", Period: p}); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("a load naming someone from another 課 for the deputy: %v, want EFORBIDDEN", err)
		}
		if _, err := db.NameDeputy(as("2002"), organisation.DeputyAppointment{Role: organisation.RoleInfoManager,
			Scope: organisation.UnitScope("111"), StaffNo: "2004", NamedBy: "2001", Period: p}); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("naming in another's name: %v, want EINVALID", err)
		}
		admin := kijun.WithActor(context.Background(), kijun.Actor{ID: "account:admin-1"})
		if _, err := db.NameDeputy(admin, deputyOf111("2004", "", p)); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("an administrator's account without a person names a deputy: %v, want EFORBIDDEN", err)
		}
		ds, err := db.Deputies(context.Background(), organisation.RoleInfoManager, organisation.UnitScope("111"))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range ds {
			got = append(got, d.StaffNo+" by "+d.NamedBy)
		}
		if want := []string{"2003 by 2002", "2004 by 2001", "2001 by 2001", "2006 by 2007"}; !slices.Equal(got, want) {
			t.Errorf("deputies of 111: got %v, want %v", got, want)
		}
	})
}

// TestRecordAbsenceRules: the holder, the office above or the CISO's
// office records an absence; the deputy cannot record the holder away to
// make herself act.
func TestRecordAbsenceRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		deputyOrg(t, db)
		p := week(db)
		if _, err := db.NameDeputy(as("2002"), deputyOf111("2003", "課長の出張・休暇中", p)); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			by, code string
		}{
			{"2003", kijun.EFORBIDDEN}, // the deputy
			{"2005", kijun.EFORBIDDEN}, // the 課長 next door
			{"2002", ""},               // the 課長 himself
			{"2001", ""},               // the 局長 above
			{"2007", ""},               // the 情報セキュリティ管理者
		} {
			_, err := db.RecordAbsence(as(tc.by), organisation.Absence{StaffNo: "2002", Reason: "休暇", Period: p})
			if kijun.ErrorCode(err) != tc.code {
				t.Errorf("%s records the 課長's absence: %v, want %q", tc.by, err, tc.code)
			}
		}
	})
}

// TestDeputyActsOnlyWhileHolderAway: a designation made before deputies
// needed an absence (a row as the old code wrote it) keeps working on the
// days the holder is recorded away, and only on those.
func TestDeputyActsOnlyWhileHolderAway(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		deputyOrg(t, db)
		err := db.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO org_deputies (role, scope_kind, scope_id, staff_no, named_by, reason, valid_from, valid_to)
				VALUES ('info_manager', 'unit', '111', '2003', '2002', '課長の出張・休暇中（9.3）', '2025-04-01', '9999-12-31')`)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordAbsence(as("2002"), organisation.Absence{StaffNo: "2002", Reason: "出張", Period: organisation.Period{From: day("2025-06-02"), To: day("2025-06-04")}}); err != nil {
			t.Fatal(err)
		}
		for date, want := range map[string]string{"2025-06-01": "2002/self", "2025-06-02": "2003/deputy", "2025-06-04": "2003/deputy", "2025-06-05": "2002/self"} {
			a, err := db.ActingFor(ctx, organisation.RoleInfoManager, organisation.UnitScope("111"), day(date))
			if got := a.Person.StaffNo + "/" + string(a.Basis); err != nil || got != want {
				t.Errorf("情報管理者 of 111 on %s: %s (%v), want %s", date, got, err, want)
			}
			roles, err := db.RolesOf(ctx, "2003", day(date))
			if acts := len(roles) > 0; err != nil || acts != strings.HasPrefix(want, "2003") {
				t.Errorf("roles of the deputy on %s: %+v (%v)", date, roles, err)
			}
		}
	})
}

// TestLostUSBReportedByDeputy is the incident of the issue: the 課長's
// deputy "for his trips and leave" reports a lost USB memory while he is
// at his desk. The 情報管理者's notice goes to the 課長, not to her; she
// cannot acknowledge her own report; when he is away and someone else
// reports, the notice reaches her and he is told as well.
func TestLostUSBReportedByDeputy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		deputyOrg(t, db)
		now := db.Now()
		p := week(db)
		if _, err := db.NameDeputy(as("2002"), deputyOf111("2003", "課長の出張・休暇中", p)); err != nil {
			t.Fatal(err)
		}
		report := func(by string) filedIncident {
			r := lostUSBReport(now)
			r.Reporter = by
			in, ns, err := db.FileIncident(as(by), r)
			if err != nil {
				t.Fatalf("report by %s: %v", by, err)
			}
			return filedIncident{in.ID, ns}
		}
		// The 課長 is not away: the report reaches him, the deputy is not told.
		first := report("2003")
		if got, want := noticeTo(first.notices), []string{"info_manager:2002", "security_manager:2007", "info_officer:2001", "ciso:2008"}; !slices.Equal(got, want) {
			t.Errorf("notices of the deputy's report: got %v, want %v", got, want)
		}
		if _, err := db.AcknowledgeNotice(as("2003"), first.notices[0].ID, "2003"); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("the deputy acknowledges the notice of her own report: %v, want EFORBIDDEN", err)
		}
		if _, err := db.AcknowledgeNotice(as("2002"), first.notices[0].ID, "2002"); err != nil {
			t.Errorf("the 課長 acknowledges: %v", err)
		}

		// The 課長 at his desk reports himself: the 情報管理者's step goes up
		// the chain, to the 情報セキュリティ管理者, within its 30 minutes.
		own := report("2002")
		if got := noticeTo(own.notices); got[0] != "security_manager:2007" || slices.Contains(got, "info_manager:2002") {
			t.Errorf("notices of the 課長's own report: %v, want the 情報セキュリティ管理者 first and no 情報管理者", got)
		}
		for _, x := range own.notices {
			if x.StaffNo == "2002" || x.Holder == "2002" {
				t.Errorf("the 課長 is told of his own report: %+v", x)
			}
		}
		// The timeline says why, once, however often the report is routed again.
		in, err := db.Incident(context.Background(), own.id)
		if err != nil {
			t.Fatal(err)
		}
		in.Response = "警察へ遺失届を提出"
		if _, err := db.CorrectIncident(as("2002"), in, "対応を追記"); err != nil {
			t.Fatal(err)
		}
		f, err := db.IncidentFile(context.Background(), own.id)
		if err != nil {
			t.Fatal(err)
		}
		why := 0
		for _, e := range f.Events {
			if strings.Contains(e.Text, "報告者本人が情報管理者のため") {
				why++
			}
		}
		if why != 1 {
			t.Errorf("the timeline says %d times why the 情報管理者 was passed over, want once", why)
		}

		// The 課長 is away: his deputy acts, and he is told too.
		if _, err := db.RecordAbsence(as("2002"), organisation.Absence{StaffNo: "2002", Reason: "出張", Period: p}); err != nil {
			t.Fatal(err)
		}
		second := report("2004")
		n := second.notices[0]
		if n.Role != organisation.RoleInfoManager || n.StaffNo != "2003" || n.Holder != "2002" {
			t.Fatalf("notice of a report while the 課長 is away: %+v, want the deputy 2003 for 2002", n)
		}
		pending, err := db.PendingNotices(context.Background(), "2002")
		if err != nil || !slices.ContainsFunc(pending, func(x store.Notice) bool { return x.ID == n.ID }) {
			t.Errorf("the 課長's pending notices %v (%v) lack the one told to his deputy", noticeTo(pending), err)
		}

		// The 課長 is away and the deputy reports: the 課長 himself is told,
		// and she cannot acknowledge it for him.
		third := report("2003")
		if n := third.notices[0]; n.Role != organisation.RoleInfoManager || n.StaffNo != "2002" || n.Holder != "" {
			t.Errorf("notice of the deputy's report while the 課長 is away: %+v, want 2002 in person", n)
		}
		for _, x := range third.notices {
			if x.StaffNo == "2003" {
				t.Errorf("the deputy is told of her own report: %+v", x)
			}
		}

		// The 課長 reports himself while away: neither he nor his deputy
		// acknowledges it as 情報管理者; the notice goes up the chain.
		fourth := report("2002")
		if got := noticeTo(fourth.notices); got[0] != "security_manager:2007" || slices.Contains(got, "info_manager:2003") || slices.Contains(got, "info_manager:2002") {
			t.Errorf("notices of the 課長's own report: %v, want the 情報セキュリティ管理者 first and no 情報管理者 of 111", got)
		}
		if f := fourth.notices[0]; f.DueAt.Sub(f.NotifiedAt) != 30*time.Minute {
			t.Errorf("the step that replaces the 情報管理者 keeps its 30 minutes: %v", f.DueAt.Sub(f.NotifiedAt))
		}
	})
}

type filedIncident struct {
	id      int64
	notices []store.Notice
}

// TestDeputyOwnRequest: a deputy does not decide her own request, even as
// unavoidable; the 課長 does, and sees it in his inbox while she does
// not. The 課長 is told what his deputy decided for him.
func TestDeputyOwnRequest(t *testing.T) {
	reg, err := permits.Default()
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		deputyOrg(t, db)
		p := week(db)
		pm := db.Permits(reg)
		var told [][]string
		pm.SetOnStep(func(_ context.Context, _ *store.Tx, n store.PermitNotice) error {
			told = append(told, n.To)
			return nil
		})
		if _, err := db.CreateAsset(as("2002"), registers.Console(), asset("A-1", "111", "住民記録の写し", 2), assets.KobeScales()); err != nil {
			t.Fatal(err)
		}
		if _, err := db.NameDeputy(as("2002"), deputyOf111("2003", "課長の出張・休暇中", p)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordAbsence(as("2002"), organisation.Absence{StaffNo: "2002", Reason: "休暇", Period: p}); err != nil {
			t.Fatal(err)
		}
		filing := func(by string) store.Filing {
			return store.Filing{Type: "carry", Requester: by, Submit: true,
				Fields:    map[string]string{"asset": "A-1", "destination": "北区役所", "protection": "暗号化"},
				ValidFrom: p.From, ValidTo: p.To}
		}
		own, err := pm.File(as("2003"), filing("2003"))
		if err != nil {
			t.Fatal(err)
		}
		if got := told[len(told)-1]; !slices.Equal(got, []string{"2002"}) {
			t.Errorf("the deputy's own request is sent to %v, want the 課長 2002", got)
		}
		in, err := pm.Inbox(context.Background(), "2003", p.From, 0)
		if err != nil || len(in.ToDecide) != 0 {
			t.Errorf("the deputy's inbox lists her own request: %+v, %v", in.ToDecide, err)
		}
		for _, unavoidable := range []bool{false, true} {
			_, err := pm.Decide(as("2003"), own.ID, store.Decision{Approve: true, Decider: "2003", Unavoidable: unavoidable, Reason: "課長不在"})
			if kijun.ErrorCode(err) != kijun.EFORBIDDEN {
				t.Errorf("the deputy approves her own request (unavoidable %v): %v, want EFORBIDDEN", unavoidable, err)
			}
		}
		if in, err := pm.Inbox(context.Background(), "2002", p.From, 0); err != nil || len(in.ToDecide) != 1 || in.ToDecide[0].ID != own.ID {
			t.Errorf("the 課長's inbox: %+v, %v; want the deputy's request", in.ToDecide, err)
		}
		if _, err := pm.Decide(as("2002"), own.ID, store.Decision{Approve: true, Decider: "2002"}); err != nil {
			t.Errorf("the 課長 approves his deputy's request: %v", err)
		}

		// Another's request: the deputy decides it, and the 課長 is told
		// of it when it arrives and when she decides.
		other, err := pm.File(as("2004"), filing("2004"))
		if err != nil {
			t.Fatal(err)
		}
		if got := told[len(told)-1]; !slices.Equal(got, []string{"2003", "2002"}) {
			t.Errorf("a request while the 課長 is away is sent to %v, want the deputy and the 課長", got)
		}
		if _, err := pm.Decide(as("2003"), other.ID, store.Decision{Approve: true, Decider: "2003"}); err != nil {
			t.Fatal(err)
		}
		if got := told[len(told)-1]; !slices.Equal(got, []string{"2004", "2002"}) {
			t.Errorf("the deputy's approval is sent to %v, want the requester and the 課長", got)
		}
	})
}

// TestNameDeputyWithPendingRequest: a person whose request waits for the
// 情報管理者's decision cannot be named the 情報管理者's deputy (3.2.10ア).
func TestNameDeputyWithPendingRequest(t *testing.T) {
	reg, err := permits.Default()
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		deputyOrg(t, db)
		p := week(db)
		pm := db.Permits(reg)
		if _, err := db.CreateAsset(as("2002"), registers.Console(), asset("A-1", "111", "住民記録の写し", 2), assets.KobeScales()); err != nil {
			t.Fatal(err)
		}
		r, err := pm.File(as("2004"), store.Filing{Type: "carry", Requester: "2004", Submit: true,
			Fields:    map[string]string{"asset": "A-1", "destination": "北区役所", "protection": "暗号化"},
			ValidFrom: p.From, ValidTo: p.To})
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.NameDeputy(as("2002"), deputyOf111("2004", "", p))
		if kijun.ErrorCode(err) != kijun.ECONFLICT || !strings.Contains(kijun.ErrorMessage(err), "No.1") {
			t.Errorf("naming the requester of a pending request: %v, want ECONFLICT naming request %d", err, r.ID)
		}
		if _, err := pm.Decide(as("2002"), r.ID, store.Decision{Approve: true, Decider: "2002"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.NameDeputy(as("2002"), deputyOf111("2004", "", p)); err != nil {
			t.Errorf("naming once the request is decided: %v", err)
		}
	})
}
