package incidents

import (
	"slices"
	"testing"
	"time"

	"kijun/internal/organisation"
)

var now = time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC) // 15:00 JST

func lostUSB() Incident {
	return Incident{
		Title: "住民データ入りUSBメモリの紛失", Kind: KindLoss,
		DiscoveredAt: now.Add(-2 * time.Hour), OccurredAt: now.Add(-20 * time.Hour),
		Reporter: "1004", Unit: "111", Description: "帰宅途中に USB メモリを紛失した",
		Leak: Leak{State: LeakSuspected, People: 120, AssetIDs: []string{"A-1"}},
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Incident)
		want   []string
	}{
		{"whole report", func(*Incident) {}, nil},
		{"partial first report", func(in *Incident) { in.OccurredAt = time.Time{}; in.Leak = Leak{} }, nil},
		{"nothing", func(in *Incident) { *in = Incident{} },
			[]string{FieldTitle, FieldKind, FieldDiscoveredAt, FieldReporter, FieldUnit, FieldDescription}},
		{"occurred after discovered", func(in *Incident) { in.OccurredAt = in.DiscoveredAt.Add(time.Hour) }, []string{FieldOccurredAt}},
		{"discovered in the future", func(in *Incident) { in.DiscoveredAt = now.Add(time.Hour) }, []string{FieldDiscoveredAt}},
		{"occurred in the future", func(in *Incident) { in.OccurredAt = now.Add(2 * time.Hour); in.DiscoveredAt = now.Add(-time.Hour) },
			[]string{FieldOccurredAt}},
		{"a phone a few seconds ahead", func(in *Incident) { in.DiscoveredAt = now.Add(30 * time.Second) }, nil},
		{"negative people", func(in *Incident) { in.Leak.People = -1 }, []string{FieldLeakPeople}},
		{"no leak but people", func(in *Incident) { in.Leak = Leak{State: LeakNone, People: 3} }, []string{FieldLeak}},
		{"debrief outside a drill", func(in *Incident) { in.Debrief = "x" }, []string{FieldDebrief}},
		{"unknown kind", func(in *Incident) { in.Kind = "fire" }, []string{FieldKind}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := lostUSB()
			tt.change(&in)
			var got []string
			for _, f := range in.Check(now) {
				got = append(got, f.Field)
				if f.Message == "" {
					t.Errorf("field %s has no message", f.Field)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestOwed(t *testing.T) {
	in := lostUSB()
	in.OccurredAt = time.Time{}
	var got []string
	for _, it := range in.Owed() {
		got = append(got, it.Clause)
	}
	want := []string{"7.3.2ウ", "7.3.2キ", "7.3.2ク", "7.3.2ケ"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if n := len(in.Items()); n != 9 {
		t.Errorf("got %d items, want the 9 of 7.3.2", n)
	}
}

func roles(steps []Step) []string {
	var out []string
	for _, s := range steps {
		out = append(out, string(s.Role)+"@"+s.Scope.String()+" "+s.Clause)
	}
	return out
}

func TestRoute(t *testing.T) {
	im, sm, ciso := string(organisation.RoleInfoManager), string(organisation.RoleSecurityManager), string(organisation.RoleCISO)
	sd, io := string(organisation.RoleSecurityDirector), string(organisation.RoleInfoOfficer)
	tests := []struct {
		name   string
		change func(*Incident)
		bureau string
		want   []string
	}{
		{"plain", func(*Incident) {}, "100", []string{
			im + "@unit:111 7.3.1ア", sm + "@city 7.3.1イ", io + "@unit:100 7.3.1エ", sd + "@city 7.3.1オ", ciso + "@city 7.3.1オ"}},
		{"urgent goes straight to the CISO", func(in *Incident) { in.Urgent = true }, "100", []string{
			im + "@unit:111 7.3.1ア", ciso + "@city 7.3.1イ", sm + "@city 7.3.1イ", io + "@unit:100 7.3.1エ", sd + "@city 7.3.1オ"}},
		{"shared network and a system", func(in *Incident) { in.SharedNetwork = true; in.Systems = []string{"zeimu"} }, "", []string{
			im + "@unit:111 7.3.1ア", sm + "@city 7.3.1イ",
			string(organisation.RoleInfraManager) + "@city 7.3.1イ",
			string(organisation.RoleSystemAdmin) + "@system:zeimu 7.3.1イ",
			string(organisation.RoleSystemOwner) + "@system:zeimu 7.3.1ウ",
			sd + "@city 7.3.1オ", ciso + "@city 7.3.1オ"}},
		// 9.2.3ア: a breach of the policy a member of staff noticed goes to
		// their 情報管理者, then on to the 情報セキュリティ管理者 as any report.
		{"a breach of the policy", func(in *Incident) { in.Kind = KindPolicy }, "100", []string{
			im + "@unit:111 9.2.3ア", sm + "@city 7.3.1イ", io + "@unit:100 7.3.1エ", sd + "@city 7.3.1オ", ciso + "@city 7.3.1オ"}},
		{"judged critical", func(in *Incident) { in.Severity = SeverityCritical }, "100", []string{
			im + "@unit:111 7.3.1ア", ciso + "@city 7.3.1イ", sm + "@city 7.3.1イ", io + "@unit:100 7.3.1エ", sd + "@city 7.3.1オ"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := lostUSB()
			tt.change(&in)
			got := roles(Route(RouteInput{Incident: in, OfficerUnit: tt.bureau}))
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n%v\nwant\n%v", got, tt.want)
			}
		})
	}
}

func TestEscalation(t *testing.T) {
	chain := []organisation.Role{organisation.RoleSystemAdmin}
	r, s := organisation.RoleSystemAdmin, organisation.SystemScope("zeimu")
	for {
		next, scope, ok := Escalation(r, s)
		if !ok {
			break
		}
		chain = append(chain, next)
		r, s = next, scope
		if len(chain) > 10 {
			t.Fatal("escalation does not end")
		}
	}
	want := []organisation.Role{organisation.RoleSystemAdmin, organisation.RoleSystemOwner, organisation.RoleSecurityManager,
		organisation.RoleSecurityDirector, organisation.RoleCISO}
	if !slices.Equal(chain, want) {
		t.Errorf("got %v, want %v", chain, want)
	}
}

func TestPPCGrounds(t *testing.T) {
	tests := []struct {
		name string
		leak Leak
		want int
	}{
		{"100 people is not more than 100", Leak{State: LeakConfirmed, People: 100}, 0},
		{"101 people", Leak{State: LeakConfirmed, People: 101}, 1},
		{"one person's 要配慮個人情報", Leak{State: LeakSuspected, People: 1, Sensitive: true}, 1},
		{"strongly encrypted", Leak{State: LeakConfirmed, People: 5000, Sensitive: true, Encrypted: true}, 0},
		{"no leak", Leak{State: LeakNone}, 0},
		{"unknown yet", Leak{People: 500}, 0},
		{"a few records of 特定個人情報 alone", Leak{State: LeakConfirmed, People: 3, MyNumber: true}, 0},
		{"特定個人情報 from a My Number system", Leak{State: LeakConfirmed, People: 3, MyNumber: true, FromMyNumberSystem: true}, 1},
		{"特定個人情報 of 101 people", Leak{State: LeakConfirmed, People: 101, MyNumber: true}, 2},
		{"theft", Leak{State: LeakSuspected, People: 2, Malicious: true}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := len(PPCGrounds(tt.leak)); got != tt.want {
				t.Errorf("got %d grounds %v, want %d", got, PPCGrounds(tt.leak), tt.want)
			}
		})
	}
}

func TestObligations(t *testing.T) {
	in := lostUSB() // discovered 13:00 JST on 2026-11-26
	got := map[string]time.Time{}
	for _, o := range Obligations(in) {
		got[o.Key()] = o.Due
	}
	want := map[string]time.Time{
		"mic:report":        in.DiscoveredAt.Add(24 * time.Hour),
		"prefecture:report": in.DiscoveredAt.Add(24 * time.Hour),
		"ppc:flash":         time.Date(2026, 11, 29, 23, 59, 59, 0, jst).UTC(),
		"ppc:final":         time.Date(2026, 12, 26, 23, 59, 59, 0, jst).UTC(),
		"persons:notice":    time.Date(2026, 12, 26, 23, 59, 59, 0, jst).UTC(),
	}
	if len(got) != len(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for k, w := range want {
		if !got[k].Equal(w) {
			t.Errorf("%s: got %v, want %v", k, got[k], w)
		}
	}

	in.CrimeSuspected, in.Leak.Malicious = true, true
	got = map[string]time.Time{}
	for _, o := range Obligations(in) {
		got[o.Key()] = o.Due
	}
	if _, ok := got["police:report"]; !ok {
		t.Error("a theft owes the police no report")
	}
	if w := time.Date(2027, 1, 25, 23, 59, 59, 0, jst).UTC(); !got["ppc:final"].Equal(w) {
		t.Errorf("malicious 確報: got %v, want %v (60 days)", got["ppc:final"], w)
	}

	in.Status = StatusNotIncident
	if o := Obligations(in); len(o) != 0 {
		t.Errorf("not an incident owes %v", o)
	}
}

func TestActionFlow(t *testing.T) {
	m := Action{Kind: ActionMeasure, Text: "USB メモリの暗号化を必須にする", State: ActionMeasure.FirstState()}
	var err error
	for _, to := range []ActionState{StateReported, StateInstructed, StateDone} {
		if m, err = m.Advance(to, now, false, ""); err != nil {
			t.Fatalf("advance to %s: %v", to, err)
		}
	}
	if m.CheckDue.IsZero() {
		t.Error("a done measure has no check due")
	}
	if _, err := m.Advance(StateChecked, now, true, ""); err == nil {
		t.Error("a check without a result was accepted")
	}
	if m, err = m.Advance(StateChecked, now, true, "再発なし"); err != nil || m.Open() {
		t.Errorf("checked: %v, open %v", err, m.Open())
	}
	if _, err := m.Advance(StateDone, now, false, ""); err == nil {
		t.Error("a step back was accepted")
	}
	i := Action{Kind: ActionInstruction, Text: "x", State: ActionInstruction.FirstState()}
	if _, err := i.Advance(StateReported, now, false, ""); err == nil {
		t.Error("an instruction went to reported")
	}
	if fe := (Action{Kind: ActionInstruction, Text: "x"}).Check(); len(fe) != 1 || fe[0].Field != "assignee" {
		t.Errorf("instruction without assignee: %v", fe)
	}
}

func TestCanClose(t *testing.T) {
	in := lostUSB()
	in = Triage{IsIncident: true, Severity: SeverityHigh}.Apply(in, now)
	acts := []Action{{Kind: ActionInstruction, Text: "捜索", State: StateInstructed}, {Kind: ActionMeasure, Text: "暗号化", State: StateReported}}
	if got := len(CanClose(in, acts)); got != 3 {
		t.Errorf("got %d reasons %v, want 3", got, CanClose(in, acts))
	}
	in.RootCause = "持ち出し手順が守られていなかった"
	acts[0].State, acts[1].State = StateDone, StateInstructed
	if why := CanClose(in, acts); len(why) != 0 {
		t.Errorf("got %v, want none", why)
	}
	in.Drill = true
	if why := CanClose(in, acts); len(why) != 1 {
		t.Errorf("a drill without debrief: got %v", why)
	}
	if nt := (Triage{IsIncident: false}).Apply(lostUSB(), now); len(CanClose(nt, nil)) != 0 || nt.Status != StatusNotIncident {
		t.Errorf("not an incident: %v %v", nt.Status, CanClose(nt, nil))
	}
	if fe := (Triage{IsIncident: true}).Check(); len(fe) != 1 {
		t.Errorf("an incident without severity: %v", fe)
	}
}

func TestCompute(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 4, d, 0, 0, 0, 0, time.UTC) }
	rows := []StatRow{
		{ID: 1, Kind: KindLoss, Cause: CauseCareless, Unit: "111", Severity: SeverityHigh, Status: StatusClosed,
			DiscoveredAt: day(1), ReportedAt: day(1), FirstAckAt: day(1).Add(10 * time.Minute), ContainedAt: day(1).Add(5 * time.Hour)},
		{ID: 2, Kind: KindLoss, Cause: CauseCareless, Unit: "111", Severity: SeverityMedium, Status: StatusResponding,
			DiscoveredAt: day(20), ReportedAt: day(20), FirstAckAt: day(20).Add(30 * time.Minute)},
		{ID: 3, Kind: KindLoss, Cause: CauseCareless, Unit: "112", Status: StatusResponding, DiscoveredAt: day(21), ReportedAt: day(21)},
		{ID: 4, Kind: KindMalware, Drill: true, Status: StatusClosed, DiscoveredAt: day(2), ReportedAt: day(2), FirstAckAt: day(2)},
		{ID: 5, Kind: KindLoss, Cause: CauseCareless, Unit: "111", Drill: true, DiscoveredAt: day(25)},
		{ID: 6, Kind: KindOther, Status: StatusNotIncident, DiscoveredAt: day(3)},
	}
	s := Compute(rows)
	if s.Incidents != 3 || s.Drills != 2 || s.NotCounted != 1 {
		t.Errorf("got %d incidents, %d drills, %d not counted; want 3, 2, 1", s.Incidents, s.Drills, s.NotCounted)
	}
	if len(s.ByKind) != 1 || s.ByKind[0].N != 3 {
		t.Errorf("by kind: got %v, want loss 3 (the drill's malware left out)", s.ByKind)
	}
	if !slices.Equal(s.RecurrenceIDs, []int64{2}) {
		t.Errorf("recurrences: got %v, want [2]", s.RecurrenceIDs)
	}
	if s.AckMedian != 10*time.Minute || s.AckP90 != 10*time.Minute {
		t.Errorf("ack: got %v / %v", s.AckMedian, s.AckP90)
	}
	if s.ContainMedian != 5*time.Hour {
		t.Errorf("contain: got %v", s.ContainMedian)
	}
}

func TestFailurePromote(t *testing.T) {
	f := Failure{ID: 7, System: "zeimu", Unit: "112", ReportedBy: "1005", OccurredAt: now.Add(-time.Hour),
		Description: "税務システムにログインできない", Handling: "再起動"}
	if fe := f.Check(now); len(fe) != 0 {
		t.Fatalf("check: %v", fe)
	}
	in := f.Promote("1003", "112")
	if fe := in.Check(now); len(fe) != 0 {
		t.Errorf("promoted report: %v", fe)
	}
	if in.FailureID != 7 || !slices.Equal(in.Systems, []string{"zeimu"}) || in.Kind != KindFailure {
		t.Errorf("promoted: %+v", in)
	}
	if fe := (Failure{OccurredAt: now.Add(time.Hour)}).Check(now); len(fe) != 4 {
		t.Errorf("empty failure: %v", fe)
	}
}

func TestContactAndProcedure(t *testing.T) {
	c := Contact{Order: 1, Name: "兵庫県警察本部 サイバー犯罪対策課", Unit: "兵庫県警察", Phone: "078-341-7441", Outside: true}
	if fe := c.Check(); len(fe) != 0 {
		t.Errorf("contact: %v", fe)
	}
	c.Phone, c.Mail, c.Order = "電話", "not-mail", 0
	if fe := c.Check(); len(fe) != 3 {
		t.Errorf("bad contact: got %v, want order, phone, mail", fe)
	}
	p := Procedure{Title: "情報セキュリティインシデント対応手順書", Owner: "1001", Covers: []string{"ア", "イ", "ウ"},
		ReviewedOn: day0("2025-04-01"), NextReview: day0("2026-04-01")}
	if fe := p.Check(); len(fe) != 0 {
		t.Errorf("procedure: %v", fe)
	}
	if m := p.Missing(); len(m) != 2 {
		t.Errorf("missing: %v", m)
	}
	if !p.Overdue(now) {
		t.Error("a review due last April is not overdue")
	}
	p.NextReview = p.ReviewedOn
	if fe := p.Check(); len(fe) != 1 {
		t.Errorf("next review not after: %v", fe)
	}
}

func day0(s string) time.Time {
	d, _ := time.Parse("2006-01-02", s)
	return d
}
