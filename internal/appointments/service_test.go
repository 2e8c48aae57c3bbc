package appointments_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"kijun/internal/access"
	"kijun/internal/appointments"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

var april = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)

// cityOf makes a tiny city: a 局 with one 課 whose 課長 is 1001, staff
// 1002 and 1003, 1004 who left on 31 March, and one system.
func cityOf(t *testing.T, db *store.DB) *appointments.Service {
	t.Helper()
	ctx := context.Background()
	period := organisation.Period{From: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)}
	person := func(no, name string) organisation.Person {
		return organisation.Person{StaffNo: no, Name: name, Kana: "テスト", Employment: organisation.EmployRegular, Status: organisation.StatusActive}
	}
	left := person("1004", "退職 者")
	left.Status, left.LeftOn = organisation.StatusLeft, time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	err := db.LoadOrganisation(ctx, store.OrganisationData{
		Units: []organisation.Unit{
			{Code: "100", Kind: organisation.KindBureau, Name: "総務局", Kana: "ソウムキョク", Period: period},
			{Code: "110", Kind: organisation.KindSection, Name: "情報政策課", Kana: "ジョウホウセイサクカ", Parent: "100", Period: period},
		},
		People: []organisation.Person{person("1001", "課長 一郎"), person("1002", "職員 二郎"), person("1003", "職員 三郎"), left},
		Assignments: []organisation.Assignment{
			{StaffNo: "1001", Unit: "110", Post: organisation.PostSectionChief, Primary: true, Period: period},
			{StaffNo: "1002", Unit: "110", Post: organisation.PostStaff, Primary: true, Period: period},
			{StaffNo: "1003", Unit: "110", Post: organisation.PostStaff, Primary: true, Period: period},
			{StaffNo: "1004", Unit: "110", Post: organisation.PostStaff, Primary: true, Period: organisation.Period{From: period.From, To: left.LeftOn}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	now := "2026-04-01T00:00:00Z"
	if err := db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO systems (id, name, unit_code, zone, hosting, search_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			"juki", "住民記録システム", "110", "mynumber", "onsite", "juki", now, now)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	reg, err := permits.Default()
	if err != nil {
		t.Fatal(err)
	}
	return appointments.New(db, reg)
}

func wantCode(t *testing.T, err error, code, words string) {
	t.Helper()
	if kijun.ErrorCode(err) != code || !strings.Contains(kijun.ErrorMessage(err), words) {
		t.Errorf("got %v (%s), want %s saying %q", err, kijun.ErrorCode(err), code, words)
	}
}

// An appointment is made only by those who keep the city's 体制, names a
// person in service and a system in the register, and keeps 3.2.10: the
// audit director holds no other role, and roles whose requests one decides
// for the other are held together only for a recorded reason.
func TestAppoint(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := cityOf(t, db)
		con := appointments.Console()
		appoint := func(by appointments.Appointer, role organisation.Role, scope organisation.Scope, no, why string) error {
			_, _, err := svc.Appoint(ctx, by, appointments.Appointment{Role: role, Scope: scope, StaffNo: no, From: april, Unavoidable: why})
			return err
		}
		city, juki := organisation.City(), organisation.SystemScope("juki")

		// A member of staff may not appoint; nor may a read token.
		staff := &access.Principal{StaffNo: "1002"}
		wantCode(t, appoint(appointments.AppointerOf(staff), organisation.RoleCISO, city, "1002", ""), kijun.EFORBIDDEN, "任命")

		if err := appoint(con, organisation.RoleCISO, city, "1003", ""); err != nil {
			t.Fatalf("appoint the CISO: %v", err)
		}
		// 3.2.10イ: the audit director holds no other role, either way round.
		wantCode(t, appoint(con, organisation.RoleAuditDirector, city, "1003", "人手不足"), kijun.EFORBIDDEN, "3.2.10イ")
		if err := appoint(con, organisation.RoleAuditDirector, city, "1002", ""); err != nil {
			t.Fatalf("appoint the audit director: %v", err)
		}
		wantCode(t, appoint(con, organisation.RoleSystemOwner, juki, "1002", ""), kijun.EFORBIDDEN, "3.2.10イ")

		// 3.2.10ア: the system's 責任者 decides its 管理者's requests.
		if err := appoint(con, organisation.RoleSystemAdmin, juki, "1001", ""); err != nil {
			t.Fatalf("appoint the system admin: %v", err)
		}
		wantCode(t, appoint(con, organisation.RoleSystemOwner, juki, "1001", ""), kijun.EFORBIDDEN, "3.2.10ア")
		// The 課長 is the 課's 情報管理者 by post; the 情報基盤管理者 decides
		// the 情報管理者's requests, so that clash is found through the post.
		wantCode(t, appoint(con, organisation.RoleInfraManager, city, "1001", ""), kijun.EFORBIDDEN, "情報管理者")
		// Unavoidable, with the reason recorded: made, and flagged.
		a, v, err := svc.Appoint(ctx, con, appointments.Appointment{Role: organisation.RoleSystemOwner, Scope: juki, StaffNo: "1001", From: april, Unavoidable: "課に職員が二人しかいないため"})
		if err != nil || !v.Flagged || a.ID == 0 {
			t.Fatalf("an unavoidable appointment with its reason: %+v %+v %v; want made and flagged", a, v, err)
		}
		if h, err := db.HolderOf(ctx, organisation.RoleSystemOwner, juki, april); err != nil || h.Person.StaffNo != "1001" {
			t.Errorf("holder of the system owner: %+v, %v", h, err)
		}

		// Bad input: one who has left, a system not in the register, a
		// unit role over the city, an unknown person.
		wantCode(t, appoint(con, organisation.RoleSecurityManager, city, "1004", ""), kijun.EINVALID, "退職")
		wantCode(t, appoint(con, organisation.RoleSystemAdmin, organisation.SystemScope("nosuch"), "1003", ""), kijun.EINVALID, "nosuch")
		wantCode(t, appoint(con, organisation.RoleInfoManager, city, "1003", ""), kijun.EINVALID, "")
		wantCode(t, appoint(con, organisation.RoleSecurityManager, city, "9999", ""), kijun.EINVALID, "9999")
	})
}

// A workbook of appointments is made all or none, each row checked as one
// appointment is, the rows before it counted: a row that breaks 3.2.10
// refuses the file, naming its row, and nothing is made; the same file
// again changes nothing.
func TestImportAppointments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := cityOf(t, db)
		con := appointments.Console()
		head := "役割コード,対象,職員番号,開始日,終了日,兼務の理由,備考\n"
		for _, tt := range []struct {
			file string
			row  int
			want string
		}{
			{head + "ciso,,1003,2026-04-01,,,\nsystem_admin,juki,1001,2026-04-01,,,\nsystem_owner,juki,1001,2026-04-01,,,\n", 4, "3.2.10ア"},
			{head + "ciso,,1003,2026-04-01,,,\nchief,,1002,2026-04-01,,,\n", 3, "chief"},
			{head + "ciso,,1004,2026-04-01,,,\n", 2, "退職"},
			{head + "system_owner,,1003,2026/13/01,,,\n", 2, "対象"},
		} {
			_, err := svc.Import(ctx, con, "roles.csv", []byte(tt.file), false)
			var ie *kijun.ImportError
			if !errors.As(err, &ie) || len(ie.Errors) == 0 || ie.Errors[0].Row != tt.row || !strings.Contains(ie.Errors[0].String(), tt.want) {
				t.Errorf("a file refused at row %d for %q: %v", tt.row, tt.want, err)
			}
		}
		if as, _ := db.RoleAssignments(ctx, store.RoleFilter{}); len(as) != 0 {
			t.Fatalf("a refused file made %d appointments", len(as))
		}
		good := head + "ciso,,1003,2026-04-01,,,\nsystem_admin,juki,1001,2026-04-01,,,\nsystem_owner,juki,1001,2026-04-01,,二人の課のため,\n"
		if _, err := svc.Import(ctx, con, "roles.csv", []byte(good), true); err != nil {
			t.Fatalf("dry run: %v", err)
		}
		if as, _ := db.RoleAssignments(ctx, store.RoleFilter{}); len(as) != 0 {
			t.Fatalf("a dry run made %d appointments", len(as))
		}
		vs, err := svc.Import(ctx, con, "roles.csv", []byte(good), false)
		if err != nil || len(vs) != 3 || !vs[2].Flagged {
			t.Fatalf("import: %+v, %v; want three rows, the last flagged", vs, err)
		}
		if _, err := svc.Import(ctx, con, "roles.csv", []byte(good), false); err != nil {
			t.Fatalf("the same file again: %v", err)
		}
		if as, _ := db.RoleAssignments(ctx, store.RoleFilter{}); len(as) != 3 {
			t.Errorf("after importing the file twice: %d appointments, want 3", len(as))
		}
		if _, err := svc.Import(ctx, appointments.AppointerOf(nil), "roles.csv", []byte(good), false); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("an import by nobody: %v, want forbidden", err)
		}
	})
}
