package store_test

import (
	"context"
	"testing"

	"kijun/internal/compliance"
	"kijun/internal/idcards"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// TestCardFacts checks that the checks see the cards still owed: a card
// replaced while still in use (7.4.1ウ), one returned and not destroyed
// (エ), a leaver's card not returned (7.1.1コ); and not a lost card
// replaced, which cannot be handed back, nor one destroyed.
func TestCardFacts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		from := day("2024-04-01")
		err := db.LoadOrganisation(ctx, store.OrganisationData{
			Units: []organisation.Unit{
				{Code: "100", Kind: organisation.KindBureau, Name: "企画調整局", Kana: "キカクチョウセイキョク", Period: organisation.Period{From: from}},
				{Code: "111", Kind: organisation.KindSection, Name: "情報政策課", Kana: "ジョウホウセイサクカ", Parent: "100", Period: organisation.Period{From: from}},
			},
			People: []organisation.Person{
				{StaffNo: "1001", Name: "山田 太郎", Kana: "ヤマダ タロウ", Employment: organisation.EmployRegular, Status: organisation.StatusActive},
				{StaffNo: "1002", Name: "佐藤 花子", Kana: "サトウ ハナコ", Employment: organisation.EmployRegular, Status: organisation.StatusActive},
			},
			Assignments: []organisation.Assignment{
				{StaffNo: "1001", Unit: "111", Post: organisation.PostStaff, Primary: true, Period: organisation.Period{From: from}},
				{StaffNo: "1002", Unit: "111", Post: organisation.PostStaff, Primary: true, Period: organisation.Period{From: from}},
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		infra := keeper{issues: true}
		issue := func(number, holder, replaces string, on string) {
			t.Helper()
			r := idcards.Row{Line: 2, Card: idcards.Card{Number: number, Kind: idcards.KindCard, Holder: holder, State: idcards.StateIssued, IssuedOn: day(on), Replaces: replaces}}
			if _, err := db.IssueCards(ctx, infra, []idcards.Row{r}, false); err != nil {
				t.Fatalf("issue %s: %v", number, err)
			}
		}
		for _, n := range []string{"A", "B", "C", "D"} {
			issue(n, "1001", "", "2024-04-01")
		}
		issue("L", "1002", "", "2024-04-01")
		leave := organisation.HRRow{Sheet: "人事異動", Line: 2, StaffNo: "1002", Name: "佐藤 花子", Kana: "サトウ ハナコ", Employment: organisation.EmployRegular,
			Effective: day("2024-06-30"), Action: organisation.HRLeave}
		if _, err := db.ImportHR(ctx, []organisation.HRRow{leave}, false); err != nil {
			t.Fatal(err)
		}
		issue("A2", "1001", "A", "2024-05-01") // A still in use
		issue("B2", "1001", "B", "2024-05-01") // B returned, not destroyed
		if _, err := db.ReturnCard(ctx, infra, "B", 1, day("2024-05-02")); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ReportCardLost(ctx, infra, "C", 0, day("2024-05-01"), nil); err != nil {
			t.Fatal(err)
		}
		issue("C2", "1001", "C", "2024-05-02") // C lost: stopped
		issue("D2", "1001", "D", "2024-05-01") // D returned and destroyed
		if _, err := db.ReturnCard(ctx, infra, "D", 1, day("2024-05-02")); err != nil {
			t.Fatal(err)
		}
		if _, err := db.DestroyCard(ctx, infra, "D", 2, day("2024-05-03")); err != nil {
			t.Fatal(err)
		}
		rules, err := compliance.Default()
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			scope store.FactsScope
			want  map[string]string
		}{
			{nil, map[string]string{"idcard:A": "idcard.replaced-still-active", "idcard:B": "idcard.replaced-not-destroyed", "idcard:L": "idcard.leaver-not-returned"}},
			{store.FactsScope{"idcard:B"}, map[string]string{"idcard:B": "idcard.replaced-not-destroyed"}},
		} {
			f, err := db.ComplianceFacts(ctx, day("2024-07-01"), tc.scope)
			if err != nil {
				t.Fatal(err)
			}
			fds, err := rules.CheckOne(compliance.KindCard, f)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, fd := range fds {
				got[fd.Subject] = fd.Rule
			}
			if len(got) != len(tc.want) {
				t.Errorf("scope %v: got %v, want %v", tc.scope, got, tc.want)
			}
			for s, r := range tc.want {
				if got[s] != r {
					t.Errorf("scope %v: %s: got %q, want %q", tc.scope, s, got[s], r)
				}
			}
		}
	})
}
