package web

import (
	"context"
	"testing"
	"time"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

func mustService(t *testing.T, db *store.DB) *access.Service {
	svc, err := access.New(context.Background(), access.Config{DB: db, Policy: access.DefaultPolicy(), SealKey: make([]byte, auth.KeySize)})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// accessOrg is a bureau (100) with two sections: 1001 heads 111, 1004
// heads 112, 1002 works in 111, 1006 is 1001's deputy while he is away this
// week, 1003 is the 情報セキュリティ管理者 and 1005 the 監査統括責任者.
func accessOrg(t testing.TB, db *store.DB) {
	t.Helper()
	from := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	period := organisation.Period{From: from}
	person := func(no, name, kana string) organisation.Person {
		return organisation.Person{StaffNo: no, Name: name, Kana: kana, Employment: organisation.EmployRegular}
	}
	as := func(no, unit string, post organisation.Post) organisation.Assignment {
		return organisation.Assignment{StaffNo: no, Unit: unit, Post: post, Primary: true, Period: period}
	}
	today := organisation.Day(db.Now())
	err := db.LoadOrganisation(context.Background(), store.OrganisationData{
		Units: []organisation.Unit{
			{Code: "100", Kind: organisation.KindBureau, Name: "企画調整局", Kana: "キカクチョウセイキョク", Period: period},
			{Code: "111", Kind: organisation.KindSection, Name: "情報政策課", Kana: "ジョウホウセイサクカ", Parent: "100", Period: period},
			{Code: "112", Kind: organisation.KindSection, Name: "情報システム課", Kana: "ジョウホウシステムカ", Parent: "100", Period: period},
		},
		People: []organisation.Person{person("1001", "山田 太郎", "ヤマダ タロウ"), person("1002", "佐藤 花子", "サトウ ハナコ"),
			person("1003", "鈴木 一郎", "スズキ イチロウ"), person("1004", "高橋 次郎", "タカハシ ジロウ"),
			person("1005", "田中 三郎", "タナカ サブロウ"), person("1006", "伊藤 六郎", "イトウ ロクロウ")},
		Assignments: []organisation.Assignment{as("1001", "111", organisation.PostSectionChief), as("1002", "111", organisation.PostStaff),
			as("1003", "100", organisation.PostStaff), as("1004", "112", organisation.PostSectionChief), as("1005", "100", organisation.PostStaff),
			as("1006", "111", organisation.PostStaff)},
		Roles: []organisation.RoleAssignment{
			{Role: organisation.RoleSecurityManager, Scope: organisation.City(), StaffNo: "1003", Period: period},
			{Role: organisation.RoleAuditDirector, Scope: organisation.City(), StaffNo: "1005", Period: period},
		},
		Deputies: []organisation.DeputyAppointment{{Role: organisation.RoleInfoManager, Scope: organisation.UnitScope("111"), StaffNo: "1006",
			Reason: "出張", Period: organisation.Period{From: today, To: today.AddDate(0, 0, 7)}}},
		// 9.3: the deputy acts only while the 課長 is recorded away.
		Absences: []organisation.Absence{{StaffNo: "1001", Reason: "出張", Period: organisation.Period{From: today, To: today.AddDate(0, 0, 7)}}},
		Standing: &organisation.StandingDeputy{Unit: "100", Post: organisation.PostBureauChief},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// seedAccount stores an account as it would be after its first sign-in.
func seedAccount(t testing.TB, db *store.DB, a auth.Account) {
	t.Helper()
	a.Status, a.CreatedAt = auth.StatusActive, db.Now()
	if a.Credential.Hash == "" {
		a.Credential = auth.Credential{Hash: "x", ChangedAt: db.Now()}
	}
	sealed, err := auth.SealSecret(make([]byte, auth.KeySize), []byte("JBSWY3DPEHPK3PXP"))
	if err != nil {
		t.Fatal(err)
	}
	a.TOTPSecret = sealed
	err = db.Update(context.Background(), func(tx *store.Tx) error { return tx.InsertAccount(context.Background(), a) })
	if err != nil {
		t.Fatal(err)
	}
}

// seedSession opens a session for an account that has given both
// factors, and returns its cookie value and CSRF token.
func seedSession(t testing.TB, db *store.DB, a auth.Account) (token, csrf string) {
	t.Helper()
	token, csrf = "tok-"+a.ID+"-"+time.Now().Format("150405.000000000"), "csrf-"+a.ID
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		return tx.InsertSession(context.Background(), store.Session{TokenHash: access.HashToken(token), AccountID: a.ID, CSRF: csrf,
			Method: "password", Factors: 2, CreatedAt: db.Now(), LastSeen: db.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	return token, csrf
}
