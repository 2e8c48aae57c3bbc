package organisation

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func reorgState() ReorgState {
	from := mustDate("2024-04-01")
	v := func(code, name, parent string, kind UnitKind) []Unit {
		return []Unit{{Code: code, Name: name, Kana: "カ", Parent: parent, Kind: kind, Period: Period{From: from}}}
	}
	return ReorgState{
		Kinds: map[UnitKind]UnitKindInfo{KindBureau: {Name: "局"}, KindDepartment: {Name: "部"}, KindSection: {Name: "課"}},
		Versions: map[string][]Unit{
			"100": v("100", "企画調整局", "", KindBureau),
			"110": v("110", "デジタル戦略部", "100", KindDepartment),
			"111": v("111", "情報政策課", "110", KindSection),
			"112": v("112", "情報システム課", "110", KindSection),
		},
		Holdings: map[string]RecordCounts{"111": {"assets": 3, "permits": 1}},
		Staffed:  map[string]int{"111": 2},
	}
}

func mustDate(s string) time.Time {
	t, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func row(line int, code, name, parent string, kind UnitKind, from, to, succ string) UnitRow {
	r := UnitRow{Line: line, Code: code, Name: name, Parent: parent, Kind: kind, From: mustDate(from), Successor: succ}
	if to != "" {
		r.To = mustDate(to)
	}
	return r
}

// A 組織マスタ written with its history (the old version ending on 31
// March, the new one from 1 April) renames the unit; it does not abolish it.
func TestPlanReorgHistoryRowsRename(t *testing.T) {
	plan, err := PlanReorg([]UnitRow{
		row(2, "112", "情報システム課", "110", KindSection, "2024-04-01", "2027-03-31", ""),
		row(3, "112", "情報基盤課", "110", KindSection, "2027-04-01", "", ""),
	}, reorgState())
	if err != nil {
		t.Fatal(err)
	}
	if plan.Counts[ReorgChanged] != 1 || plan.Counts[ReorgAbolished] != 0 {
		t.Fatalf("got %v, want one rename", plan.Counts)
	}
	if c := plan.Changes[1]; !c.Renamed || c.Moved || c.Before.Name != "情報システム課" {
		t.Fatalf("change: %+v", c)
	}
}

// A merge, a new 部 and a 課 moved under it on the same day; the preview
// counts what the successor receives.
func TestPlanReorgMergeAndMove(t *testing.T) {
	plan, err := PlanReorg([]UnitRow{
		row(2, "120", "DX推進部", "100", KindDepartment, "2027-04-01", "", ""),
		row(3, "112", "情報システム課", "120", KindSection, "2027-04-01", "", ""),
		row(4, "111", "情報政策課", "110", KindSection, "2024-04-01", "2027-03-31", "112"),
	}, reorgState())
	if err != nil {
		t.Fatal(err)
	}
	if got := plan.Successors()["112"]; got != 4 {
		t.Fatalf("records to 112: got %d, want 4", got)
	}
	if d := plan.Changes[1].Describe(); !strings.Contains(d, "上位 110 → 120") {
		t.Fatalf("move described as %q", d)
	}
	if d := plan.Changes[2].Describe(); !strings.Contains(d, "情報資産 3 件、処理中の許可申請 1 件") || !strings.Contains(d, "配置中の職員 2 人") {
		t.Fatalf("abolition described as %q", d)
	}
}

func TestPlanReorgRefusals(t *testing.T) {
	for _, c := range []struct {
		name string
		rows []UnitRow
		want string
	}{
		{"reused code", []UnitRow{
			row(2, "111", "情報政策課", "110", KindSection, "2024-04-01", "2025-03-31", "112"),
			row(3, "111", "新しい課", "110", KindSection, "2026-04-01", "", ""),
		}, "廃止された組織のもの"},
		{"successor abolished the same day", []UnitRow{
			row(2, "111", "情報政策課", "110", KindSection, "2024-04-01", "2027-03-31", "112"),
			row(3, "112", "情報システム課", "110", KindSection, "2024-04-01", "2027-03-31", "100"),
		}, "承継先 112 は 2027-04-01 に存在しません"},
		{"parent missing", []UnitRow{row(2, "130", "新課", "999", KindSection, "2027-04-01", "", "")}, "上位組織 999"},
		{"unknown kind", []UnitRow{row(2, "130", "新課", "110", "han", "2027-04-01", "", "")}, "種類 \"han\""},
		{"own successor", []UnitRow{row(2, "111", "情報政策課", "110", KindSection, "2024-04-01", "2027-03-31", "111")}, "自分自身"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := PlanReorg(c.rows, reorgState())
			var ie *ImportError
			if !errors.As(err, &ie) || !strings.Contains(ie.Error(), c.want) {
				t.Fatalf("got %v, want an error saying %q", err, c.want)
			}
		})
	}
}

// A change dated before a version already stored is refused, not applied
// out of order.
func TestPlanReorgRefusesChangeBeforeLaterVersion(t *testing.T) {
	st := reorgState()
	v := st.Versions["112"][0]
	v.To = mustDate("2026-03-31")
	next := v
	next.Name, next.From, next.To = "情報基盤課", mustDate("2026-04-01"), time.Time{}
	st.Versions["112"] = []Unit{v, next}
	_, err := PlanReorg([]UnitRow{row(2, "112", "別名課", "110", KindSection, "2025-04-01", "", "")}, st)
	if err == nil || !strings.Contains(err.Error(), "2026-04-01 からの版がすでにある") {
		t.Fatalf("got %v, want a refusal naming the later version", err)
	}
}
