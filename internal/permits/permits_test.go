package permits

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kijun/internal/catalog"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

func registry(t *testing.T) *Registry {
	t.Helper()
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestTypesCiteProvisionsOfTheCatalog(t *testing.T) {
	c, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	r := registry(t)
	if got := len(r.Types()); got < 19 {
		t.Errorf("got %d request types, want at least 19", got)
	}
	for _, ty := range r.Types() {
		for _, id := range ty.Provisions() {
			if c.Find(id) == nil {
				t.Errorf("type %s cites %s, which the catalog does not hold", ty.Key, id)
			}
		}
	}
}

func TestParseIsStrict(t *testing.T) {
	base := `types:
  - key: x
    name: X
    purpose: p
    clauses: ["9.5.1"]
    requesters: [staff]
    approvers:
      - [{role: ciso, scope: city}]
    fields:
      - {key: a, type: text, label: A, help: h, clause: "9.5.1"}
`
	if _, err := Parse([]byte(base)); err != nil {
		t.Fatalf("valid types: %v", err)
	}
	for _, tc := range []struct{ name, from, to, want string }{
		{"unknown key", "    purpose: p\n", "    purpose: p\n    colour: red\n", "colour"},
		{"unknown role", "role: ciso", "role: mayor", "not a role"},
		{"unknown scope", "scope: city", "scope: moon", "unknown scope"},
		{"no clause", `clauses: ["9.5.1"]`, "clauses: []", "cites no clause"},
		{"field type", "type: text", "type: colour", "unknown type"},
		{"subject scope without subject", "scope: city", "scope: subject_unit", "no field names the subject"},
	} {
		_, err := Parse([]byte(strings.Replace(base, tc.from, tc.to, 1)))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error saying %q", tc.name, err, tc.want)
		}
	}
}

func TestNext(t *testing.T) {
	r := registry(t)
	carry, exc, emerg, takeOut, exch := r.Type("carry"), r.Type("exception"), r.Type("emergency_exception"), r.Type("take_out"), r.Type("exchange")
	for _, tc := range []struct {
		ty    *Type
		state State
		step  int
		a     Action
		want  State // "" when refused
	}{
		{carry, StateDrafted, 0, ActionSubmit, StateSubmitted},
		{carry, StateSubmitted, 0, ActionApprove, StateApproved},
		{carry, StateSubmitted, 0, ActionReject, StateRejected},
		{carry, StateApproved, 0, ActionRecord, StateClosed},
		{carry, StateApproved, 0, ActionApprove, ""},
		{carry, StateRejected, 0, ActionApprove, ""},
		{carry, StateWithdrawn, 0, ActionApprove, ""},
		{carry, StateSubmitted, 0, ActionWithdraw, StateWithdrawn},
		{carry, StateClosed, 0, ActionWithdraw, ""},
		{carry, StateClosed, 0, ActionCorrect, StateClosed},
		{carry, StateApproved, 0, ActionClose, StateClosed},
		{carry, StateSubmitted, 0, ActionClose, ""},
		{exc, StateSubmitted, 0, ActionApprove, StateClosed},
		{exch, StateSubmitted, 0, ActionApprove, StateReviewed},
		{exch, StateReviewed, 1, ActionApprove, StateClosed},
		{takeOut, StateApproved, 0, ActionRecord, StateCarriedOut},
		{takeOut, StateCarriedOut, 0, ActionReturn, StateClosed},
		{carry, StateCarriedOut, 0, ActionReturn, ""},
		{emerg, StateDrafted, 0, ActionSubmit, ""},
		{emerg, StateDrafted, 0, ActionRecord, StateCarriedOut},
		{emerg, StateCarriedOut, 0, ActionSubmit, StateSubmitted},
		{emerg, StateCarriedOut, 0, ActionWithdraw, ""},
		{emerg, StateSubmitted, 0, ActionApprove, StateClosed},
	} {
		got, err := tc.ty.Next(Request{State: tc.state, Step: tc.step}, tc.a)
		if got != tc.want || (tc.want == "") != (err != nil) {
			t.Errorf("%s %s %s: got %q, %v; want %q", tc.ty.Key, tc.state, tc.a, got, err, tc.want)
		}
	}
	_, err := carry.Next(Request{State: StateClosed}, ActionApprove)
	if err == nil || !strings.Contains(kijun.ErrorMessage(err), "既に完了") {
		t.Errorf("approving a closed request: got %v, want it to say it is closed", err)
	}
}

func TestCheckDecision(t *testing.T) {
	r := registry(t)
	day := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	carry, exc := r.Type("carry"), r.Type("exception")
	mgr := Approver{Role: organisation.RoleInfoManager, Scope: ScopeSubjectUnit}
	dir := exc.Approvers[0][1]
	pending := Request{State: StateSubmitted, Requester: "1001", ValidTo: day.AddDate(0, 0, 3)}
	for _, tc := range []struct {
		name    string
		ty      *Type
		r       Request
		d       Decision
		want    string // part of the error, "" for none
		flagged bool
	}{
		{"another person approves", carry, pending, Decision{Approve: true, Approver: mgr, Decider: organisation.Party{StaffNo: "2002"}}, "", false},
		{"requester approves own request", carry, pending, Decision{Approve: true, Approver: mgr, Decider: organisation.Party{StaffNo: "1001"}}, "兼務の禁止", false},
		{"requester's deputy approves for them", carry, pending, Decision{Approve: true, Approver: mgr, Decider: organisation.Party{StaffNo: "3003", OnBehalfOf: "1001"}}, "兼務の禁止", false},
		{"unavoidable without reason", carry, pending, Decision{Approve: true, Approver: mgr, Decider: organisation.Party{StaffNo: "1001"}, Unavoidable: true}, "理由", false},
		{"unavoidable with reason", carry, pending, Decision{Approve: true, Approver: mgr, Decider: organisation.Party{StaffNo: "1001"}, Unavoidable: true, Reason: "課に他の管理職がいない"}, "", true},
		{"expired", carry, Request{State: StateSubmitted, Requester: "1001", ValidTo: day.AddDate(0, 0, -1)}, Decision{Approve: true, Approver: mgr, Decider: organisation.Party{StaffNo: "2002"}}, "期間", false},
		{"expired may still be rejected", carry, Request{State: StateSubmitted, Requester: "1001", ValidTo: day.AddDate(0, 0, -1)}, Decision{Approver: mgr, Decider: organisation.Party{StaffNo: "2002"}}, "", false},
		{"decided", carry, Request{State: StateApproved, Requester: "1001"}, Decision{Approve: true, Approver: mgr, Decider: organisation.Party{StaffNo: "2002"}}, "既に承認", false},
		{"withdrawn", carry, Request{State: StateWithdrawn, Requester: "1001"}, Decision{Approve: true, Approver: mgr, Decider: organisation.Party{StaffNo: "2002"}}, "取り下げ", false},
		{"director without judging minor", exc, pending, Decision{Approve: true, Approver: dir, Decider: organisation.Party{StaffNo: "2002"}}, "軽微", false},
		{"director judging minor", exc, pending, Decision{Approve: true, Approver: dir, Decider: organisation.Party{StaffNo: "2002"}, Judgement: "minor"}, "", false},
	} {
		v, err := tc.ty.CheckDecision(tc.r, tc.d, day)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: got %v, want no error", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(kijun.ErrorMessage(err), tc.want)):
			t.Errorf("%s: got %v, want an error saying %q", tc.name, err, tc.want)
		case v.Flagged != tc.flagged:
			t.Errorf("%s: flagged %v, want %v", tc.name, v.Flagged, tc.flagged)
		}
	}
}

func TestRefuse(t *testing.T) {
	r := registry(t)
	for _, tc := range []struct {
		ty     string
		fields map[string]string
		facts  Facts
		want   string
	}{
		{"wireless_lan", nil, Facts{SystemZone: "mynumber"}, "8.1.15.イ"},
		{"wireless_lan", nil, Facts{SystemZone: "lgwan"}, ""},
		{"byod", nil, Facts{AssetConfidentiality: 3}, "7.1.1.カ.(2)"},
		{"byod", nil, Facts{AssetConfidentiality: 2}, ""},
		{"remote_work", map[string]string{"personal_data": "true"}, Facts{}, "7.1.1.オ.(2)"},
		{"remote_work", map[string]string{}, Facts{}, ""},
	} {
		got := r.Type(tc.ty).Refuse(tc.fields, tc.facts)
		if (got == nil) != (tc.want == "") || (got != nil && got.Clause != tc.want) {
			t.Errorf("%s %v %+v: got %+v, want %q", tc.ty, tc.fields, tc.facts, got, tc.want)
		}
	}
}

func TestCheck(t *testing.T) {
	r := registry(t)
	day := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	fieldsOf := func(fe *kijun.FieldErrors) string {
		var s []string
		for _, f := range fe.Fields {
			s = append(s, f.Field)
		}
		return strings.Join(s, ",")
	}
	for _, tc := range []struct {
		ty       string
		fields   map[string]string
		from, to time.Time
		want     string
	}{
		{"carry", map[string]string{"asset": "A-1", "destination": "本庁", "protection": "暗号化"}, day, day.AddDate(0, 0, 2), ""},
		{"carry", map[string]string{"asset": "A-1", "protection": "袋"}, day, day.AddDate(0, 0, 40), "destination,protection,valid_to"},
		{"carry", map[string]string{"asset": "A-1", "destination": "x", "protection": "暗号化"}, day.AddDate(0, 0, -9), day.AddDate(0, 0, -2), "valid_to"},
		{"carry", map[string]string{"asset": "A-1", "destination": "x", "protection": "暗号化"}, day.AddDate(0, 0, -1), day.AddDate(0, 0, 2), "valid_from"},
		{"repair", map[string]string{"device": "PC-1", "contractor": "修理社"}, time.Time{}, time.Time{}, "nda"},
		{"repair", map[string]string{"device": "PC-1", "contractor": "修理社", "erased": "true"}, time.Time{}, time.Time{}, ""},
		{"area_entry", map[string]string{"area": "R-1", "visitor": "保守 太郎"}, day, day, "escort"},
	} {
		got := fieldsOf(r.Type(tc.ty).Check(tc.fields, tc.from, tc.to, day))
		if got != tc.want {
			t.Errorf("%s %v: got errors on %q, want %q", tc.ty, tc.fields, got, tc.want)
		}
	}
	d := r.Type("dispose")
	rec := map[string]string{"disposed_on": "2026-06-02", "disposed_by": "1001", "method": "焼却", "certificate": "C-1", "witness": "1001"}
	if got := fieldsOf(d.CheckRecord(rec, false)); got != "witness" {
		t.Errorf("disposal witnessed by the one who disposed: got errors on %q, want witness", got)
	}
	delete(rec, "certificate")
	rec["witness"] = "2002"
	if got := fieldsOf(d.CheckRecord(rec, false)); got != "certificate" {
		t.Errorf("disposal without certificate: got errors on %q, want certificate", got)
	}
}

func TestDue(t *testing.T) {
	r := registry(t)
	t0 := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	for _, tc := range []struct {
		name string
		ty   string
		req  Request
		now  time.Time
		want []ReminderKind
	}{
		{"fresh request", "carry", Request{ID: 1, State: StateSubmitted, SubmittedAt: t0}, t0.Add(day), nil},
		{"waiting", "carry", Request{ID: 1, State: StateSubmitted, SubmittedAt: t0}, t0.Add(3 * day), []ReminderKind{RemindApproval}},
		{"waiting too long", "carry", Request{ID: 1, State: StateSubmitted, SubmittedAt: t0}, t0.Add(8 * day), []ReminderKind{EscalateApproval}},
		{"decided", "carry", Request{ID: 1, State: StateClosed, SubmittedAt: t0}, t0.Add(8 * day), nil},
		{"out, not yet due", "take_out", Request{ID: 2, State: StateCarriedOut, DueAt: t0.Add(2 * day)}, t0.Add(day), nil},
		{"return overdue", "take_out", Request{ID: 2, State: StateCarriedOut, DueAt: t0.Add(2 * day)}, t0.Add(3 * day), []ReminderKind{RemindReturn}},
		{"emergency, early", "emergency_exception", Request{ID: 3, State: StateCarriedOut, DueAt: t0.Add(3 * day)}, t0.Add(day), nil},
		{"emergency, near deadline", "emergency_exception", Request{ID: 3, State: StateCarriedOut, DueAt: t0.Add(3 * day)}, t0.Add(2*day + time.Hour), []ReminderKind{RemindReport}},
		{"emergency, deadline missed", "emergency_exception", Request{ID: 3, State: StateCarriedOut, DueAt: t0.Add(3 * day)}, t0.Add(4 * day), []ReminderKind{EscalateReport}},
		{"emergency reported", "emergency_exception", Request{ID: 3, State: StateSubmitted, SubmittedAt: t0.Add(4 * day), DueAt: t0.Add(3 * day)}, t0.Add(4 * day), nil},
		{"approved, within its period", "carry", Request{ID: 5, State: StateApproved, DecidedAt: t0, ValidTo: t0.AddDate(0, 0, 2)}, t0.Add(day), nil},
		{"approved, period over, no record", "carry", Request{ID: 5, State: StateApproved, DecidedAt: t0, ValidTo: t0.AddDate(0, 0, 2)}, t0.Add(3 * day), []ReminderKind{RemindRecord}},
		{"approved, no period, no record", "software", Request{ID: 6, State: StateApproved, DecidedAt: t0}, t0.Add(4 * day), []ReminderKind{RemindRecord}},
		{"exception far from end", "exception", Request{ID: 4, State: StateClosed, ValidTo: t0.AddDate(0, 2, 0)}, t0, nil},
		{"exception near end", "exception", Request{ID: 4, State: StateClosed, ValidTo: t0.AddDate(0, 0, 10)}, t0, []ReminderKind{RemindExpiry}},
		{"exception ended", "exception", Request{ID: 4, State: StateClosed, ValidTo: t0.AddDate(0, 0, -1)}, t0, nil},
	} {
		ty := r.Type(tc.ty)
		got := ty.Due(tc.req, tc.now)
		var kinds []ReminderKind
		for _, g := range got {
			kinds = append(kinds, g.Kind)
		}
		if strings.Join(toStrings(kinds), ",") != strings.Join(toStrings(tc.want), ",") {
			t.Errorf("%s: got %v, want %v", tc.name, kinds, tc.want)
		}
		// Idempotent: the same request and time give the same keys; a
		// later time while the condition lasts gives the same key too.
		again := ty.Due(tc.req, tc.now)
		for i := range got {
			if got[i].Key != again[i].Key {
				t.Errorf("%s: key %s then %s", tc.name, got[i].Key, again[i].Key)
			}
		}
	}
	ty := r.Type("take_out")
	req := Request{ID: 2, State: StateCarriedOut, DueAt: t0}
	if a, b := ty.Due(req, t0.Add(day)), ty.Due(req, t0.Add(5*day)); a[0].Key != b[0].Key {
		t.Errorf("an overdue return's key changed from %s to %s as time went on", a[0].Key, b[0].Key)
	}
}

func toStrings(ks []ReminderKind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}

func TestWriteRegister(t *testing.T) {
	r := registry(t)
	at := time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)
	rows := []RegisterRow{{
		Request: Request{ID: 7, Type: "exception", State: StateClosed, Requester: "1003", RequesterName: "鈴木 一郎",
			Fields: map[string]string{"provision": "8.2.6.ウ", "measure": "旧端末", "reason": "更新まで"}, SubmittedAt: at},
		Timeline: []Entry{{Action: ActionSubmit, At: at, ActorName: "鈴木 一郎"},
			{Action: ActionApprove, At: at.Add(time.Hour), ActorName: "高橋 次郎", BehalfName: "田中 三郎", Judgement: "minor"}},
	}}
	var b bytes.Buffer
	if err := WriteRegister(&b, r, rows); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.GetRows(RegisterSheet)
	if err != nil || len(got) != 2 {
		t.Fatalf("rows: %v, %v", got, err)
	}
	for i, want := range map[int]string{1: "例外措置", 5: "8.2.6.ウ", 11: "承認", 12: "高橋 次郎", 13: "田中 三郎", 14: "2026-06-01 11:00", 15: "軽微（9.5.1 なお書き）"} {
		if got[1][i] != want {
			t.Errorf("column %s: got %q, want %q", got[0][i], got[1][i], want)
		}
	}
}
