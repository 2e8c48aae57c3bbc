package incidents

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"kijun/internal/kijun"
)

// Kind is what sort of event the incident is, for routing and statistics.
type Kind string

// The kinds of incident.
const (
	KindLoss         Kind = "loss"         // 紛失・盗難
	KindMisdelivery  Kind = "misdelivery"  // 誤送信・誤送付
	KindUnauthorised Kind = "unauthorised" // 不正アクセス
	KindMalware      Kind = "malware"      // 不正プログラム感染
	KindLeak         Kind = "leak"         // その他の情報漏えい
	KindFailure      Kind = "failure"      // システム障害（8.1.8 からの格上げ）
	KindPolicy       Kind = "policy"       // ポリシー違反
	KindOther        Kind = "other"        // その他
)

var kindLabels = []struct {
	Kind  Kind
	Label string
	EN    string
}{
	{KindLoss, "紛失・盗難", "Loss or theft"},
	{KindMisdelivery, "誤送信・誤送付", "Sent to the wrong person"},
	{KindUnauthorised, "不正アクセス", "Unauthorised access"},
	{KindMalware, "不正プログラム感染", "Malware"},
	{KindLeak, "その他の情報漏えい", "Other leak"},
	{KindFailure, "システム障害", "System failure"},
	{KindPolicy, "ポリシー違反", "Policy breach"},
	{KindOther, "その他", "Other"},
}

// Kinds returns every kind in the order forms list them.
func Kinds() []Kind {
	out := make([]Kind, len(kindLabels))
	for i, k := range kindLabels {
		out[i] = k.Kind
	}
	return out
}

// Label returns the kind's Japanese name, or "" for an unknown kind.
func (k Kind) Label() string {
	for _, l := range kindLabels {
		if l.Kind == k {
			return l.Label
		}
	}
	return ""
}

// LabelEN returns the kind's English name.
func (k Kind) LabelEN() string {
	for _, l := range kindLabels {
		if l.Kind == k {
			return l.EN
		}
	}
	return string(k)
}

// Cause is the class of root cause, for the statistics of recurrences.
type Cause string

// The classes of cause (7.3.3エ).
const (
	CauseUnknown    Cause = ""           // 調査中
	CauseCareless   Cause = "careless"   // 不注意・確認不足
	CauseProcedure  Cause = "procedure"  // 手順・ルールの不備
	CauseAttack     Cause = "attack"     // 外部からの攻撃
	CauseInsider    Cause = "insider"    // 内部不正
	CauseEquipment  Cause = "equipment"  // 機器・ソフトウェアの不具合
	CauseContractor Cause = "contractor" // 委託先
	CauseOtherCause Cause = "other"      // その他
)

var causeLabels = []struct {
	Cause Cause
	Label string
}{
	{CauseCareless, "不注意・確認不足"},
	{CauseProcedure, "手順・ルールの不備"},
	{CauseAttack, "外部からの攻撃"},
	{CauseInsider, "内部不正"},
	{CauseEquipment, "機器・ソフトウェアの不具合"},
	{CauseContractor, "委託先"},
	{CauseOtherCause, "その他"},
}

// Causes returns every class of cause in the order forms list them.
func Causes() []Cause {
	out := make([]Cause, len(causeLabels))
	for i, c := range causeLabels {
		out[i] = c.Cause
	}
	return out
}

// Label returns the class's Japanese name; 調査中 while unknown.
func (c Cause) Label() string {
	for _, l := range causeLabels {
		if l.Cause == c {
			return l.Label
		}
	}
	if c == CauseUnknown {
		return "調査中"
	}
	return ""
}

// Severity is how serious the CSIRT judges the incident (7.3.3ア).
type Severity int

// The severities, from not yet judged to critical.
const (
	SeverityUnjudged Severity = iota
	SeverityLow
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

// Label returns the severity's Japanese name.
func (s Severity) Label() string {
	return [...]string{"未評価", "低", "中", "高", "重大"}[min(max(int(s), 0), 4)]
}

// Valid reports whether s is one of the severities.
func (s Severity) Valid() bool { return s >= SeverityUnjudged && s <= SeverityCritical }

// Status is where the incident stands.
type Status string

// The statuses, in the order an incident passes through them.
const (
	StatusReported    Status = "reported"     // 報告受付（評価前）
	StatusNotIncident Status = "not_incident" // インシデントではないと評価
	StatusResponding  Status = "responding"   // 対応中
	StatusContained   Status = "contained"    // 被害拡大防止済み
	StatusClosed      Status = "closed"       // 完了
)

// Label returns the status's Japanese name.
func (s Status) Label() string {
	switch s {
	case StatusReported:
		return "評価待ち"
	case StatusNotIncident:
		return "インシデント非該当"
	case StatusResponding:
		return "対応中"
	case StatusContained:
		return "封じ込め済み"
	case StatusClosed:
		return "完了"
	}
	return string(s)
}

// Open reports whether the CSIRT still has work on an incident in s.
func (s Status) Open() bool {
	return s == StatusReported || s == StatusResponding || s == StatusContained
}

// LeakState says what the report knows of leaked information (7.3.2カ).
type LeakState string

// The leak states.
const (
	LeakUnknown   LeakState = ""          // まだ分からない: owed
	LeakNone      LeakState = "none"      // 漏えいなし
	LeakSuspected LeakState = "suspected" // 漏えいのおそれ
	LeakConfirmed LeakState = "confirmed" // 漏えいあり
)

// Label returns the state's Japanese name.
func (l LeakState) Label() string {
	switch l {
	case LeakNone:
		return "漏えいなし"
	case LeakSuspected:
		return "漏えいのおそれ"
	case LeakConfirmed:
		return "漏えいあり"
	}
	return "未確認"
}

// Leak is 7.3.2カ 漏えいした情報: which assets, how many people's data,
// and the facts the personal-information laws turn on.
type Leak struct {
	State       LeakState `json:"state"`
	AssetIDs    []string  `json:"asset_ids,omitempty"`
	Description string    `json:"description,omitempty"`
	// People is how many people's data leaked or may have (本人の数).
	People int `json:"people"`
	// Sensitive: 要配慮個人情報 (個人情報保護法第2条第3項) is included.
	Sensitive bool `json:"sensitive"`
	// MyNumber: 特定個人情報 (番号法第2条第8項) is included.
	MyNumber bool `json:"my_number"`
	// Financial: misuse may cause financial loss (規則第43条第2号).
	Financial bool `json:"financial"`
	// Malicious: the leak may have been done with unlawful intent, such
	// as an attack or theft (規則第43条第3号).
	Malicious bool `json:"malicious"`
	// Encrypted: the data was protected by strong encryption, which takes
	// the leak out of the reporting duty (規則第43条 柱書の括弧書き).
	Encrypted bool `json:"encrypted"`
	// FromMyNumberSystem: the 特定個人情報 was held in a system used for
	// 個人番号利用事務 (特定個人情報漏えい等報告規則第2条第1号ロ).
	FromMyNumberSystem bool `json:"from_my_number_system"`
}

// Incident is one report of an information security incident, as it
// stands after its latest correction.
type Incident struct {
	ID int64 `json:"id"`
	// 7.3.2ア 件名
	Title string `json:"title"`
	Kind  Kind   `json:"kind"`
	// 7.3.2イ 判明した日時
	DiscoveredAt time.Time `json:"discovered_at"`
	// 7.3.2ウ 発生した日時; zero while unknown
	OccurredAt time.Time `json:"occurred_at,omitzero"`
	// 7.3.2エ 通報者: the member of staff who files the report, and the
	// resident or outsider who told them, if any (7.3.1ア).
	Reporter     string `json:"reporter"`
	ReporterName string `json:"reporter_name,omitempty"`
	OnBehalfOf   string `json:"on_behalf_of,omitempty"`
	// Unit is the reporter's 課: its 情報管理者 is told first (7.3.1ア).
	Unit     string `json:"unit"`
	UnitName string `json:"unit_name,omitempty"`
	// 7.3.2オ 事件事故等の内容
	Description string `json:"description"`
	// 7.3.2カ 漏えいした情報
	Leak Leak `json:"leak"`
	// 7.3.2キ 想定される原因
	SupposedCause string `json:"supposed_cause,omitempty"`
	// 7.3.2ク 事件事故等への対応
	Response string `json:"response,omitempty"`
	// 7.3.2ケ 復旧方針
	Recovery string `json:"recovery,omitempty"`
	// Systems are the 情報システム involved; SharedNetwork says a network
	// common to many 課 is involved (7.3.1イ).
	Systems       []string `json:"systems,omitempty"`
	SharedNetwork bool     `json:"shared_network"`
	// Urgent is the reporter's judgement of 重要性又は緊急性 that sends
	// the report straight to the CISO (7.3.1イ).
	Urgent bool `json:"urgent"`
	// CrimeSuspected: a crime such as theft or unauthorised access may
	// lie behind it, so the police are told (8.5.3).
	CrimeSuspected bool `json:"crime_suspected"`
	// Drill marks a 訓練 (7.2.3): the same process, left out of statistics.
	Drill bool `json:"drill"`

	Status   Status   `json:"status"`
	Severity Severity `json:"severity"`
	// Announce is the 7.3.1エ decision on telling the press and public:
	// "" undecided, "announce" or "no".
	Announce       string `json:"announce,omitempty"`
	AnnounceReason string `json:"announce_reason,omitempty"`
	// RootCause is the CSIRT's finding (7.3.3エ) and CauseKind its class.
	RootCause string `json:"root_cause,omitempty"`
	CauseKind Cause  `json:"cause_kind,omitempty"`
	// Debrief records what a drill showed should improve (7.2.3).
	Debrief string `json:"debrief,omitempty"`
	// ContractorID is the 委託事業者 of the register the incident involves
	// (10.1, 9.3.1エ), and ContractID the contract it arose under, if
	// known; named when reporting or when the CSIRT records the cause.
	ContractorID   string `json:"contractor_id,omitempty"`
	ContractorName string `json:"contractor_name,omitempty"`
	ContractID     string `json:"contract_id,omitempty"`
	// FailureID is the 障害記録 the incident was promoted from.
	FailureID int64 `json:"failure_id,omitempty"`

	ReportedAt   time.Time `json:"reported_at"`
	TriagedAt    time.Time `json:"triaged_at,omitzero"`
	CISOReportAt time.Time `json:"ciso_report_at,omitzero"`
	ContainedAt  time.Time `json:"contained_at,omitzero"`
	ClosedAt     time.Time `json:"closed_at,omitzero"`
	UpdatedAt    time.Time `json:"updated_at"`
	Version      int64     `json:"version"`
}

// Serious reports whether the report goes straight to the CISO (7.3.1イ):
// the reporter said so, or the CSIRT judged it high or critical.
func (in Incident) Serious() bool { return in.Urgent || in.Severity >= SeverityHigh }

// The fields of a report, as forms and errors name them.
const (
	FieldTitle         = "title"
	FieldKind          = "kind"
	FieldDiscoveredAt  = "discovered_at"
	FieldOccurredAt    = "occurred_at"
	FieldReporter      = "reporter"
	FieldUnit          = "unit"
	FieldDescription   = "description"
	FieldLeak          = "leak_state"
	FieldLeakPeople    = "leak_people"
	FieldLeakAssets    = "leak_assets"
	FieldSupposedCause = "supposed_cause"
	FieldResponse      = "response"
	FieldRecovery      = "recovery"
	FieldOnBehalfOf    = "on_behalf_of"
	FieldSeverity      = "severity"
	FieldRootCause     = "root_cause"
	FieldCauseKind     = "cause_kind"
	FieldAnnounce      = "announce"
	FieldText          = "text"
	FieldDebrief       = "debrief"
	FieldContractor    = "contractor_id"
	FieldContract      = "contract_id"
)

// Item is one item of 7.3.2 and whether the report gives it yet.
type Item struct {
	Clause string `json:"clause"`
	Field  string `json:"field"`
	Label  string `json:"label"`
	Given  bool   `json:"given"`
}

// Items returns the nine items of 7.3.2 in order, each marked given or
// owed: a first report may be partial (報告は第一報から).
func (in Incident) Items() []Item {
	return []Item{
		{"7.3.2ア", FieldTitle, "件名", strings.TrimSpace(in.Title) != ""},
		{"7.3.2イ", FieldDiscoveredAt, "判明した日時", !in.DiscoveredAt.IsZero()},
		{"7.3.2ウ", FieldOccurredAt, "発生した日時", !in.OccurredAt.IsZero()},
		{"7.3.2エ", FieldReporter, "通報者", in.Reporter != ""},
		{"7.3.2オ", FieldDescription, "事件事故等の内容", strings.TrimSpace(in.Description) != ""},
		{"7.3.2カ", FieldLeak, "漏えいした情報", in.Leak.State != LeakUnknown},
		{"7.3.2キ", FieldSupposedCause, "想定される原因", strings.TrimSpace(in.SupposedCause) != ""},
		{"7.3.2ク", FieldResponse, "事件事故等への対応", strings.TrimSpace(in.Response) != ""},
		{"7.3.2ケ", FieldRecovery, "復旧方針", strings.TrimSpace(in.Recovery) != ""},
	}
}

// Owed returns the items of 7.3.2 the report does not give yet.
func (in Incident) Owed() []Item {
	var out []Item
	for _, it := range in.Items() {
		if !it.Given {
			out = append(out, it)
		}
	}
	return out
}

// Limits on the report's text, so one report cannot fill the database.
const (
	maxTitle = 200
	maxText  = 20000
)

// Check returns every field of the report that is wrong, in the form's
// order, judged at now. A first report needs only what routing needs: the
// 件名, when it came to light, what happened, its kind, the reporter and
// the 課. Dates that cannot be (発生 after 判明, either in the future)
// are refused.
func (in Incident) Check(now time.Time) []kijun.FieldError {
	var fe kijun.FieldErrors
	switch t := strings.TrimSpace(in.Title); {
	case t == "":
		fe.Add(FieldTitle, "件名（7.3.2ア）を入力してください")
	case utf8.RuneCountInString(t) > maxTitle:
		fe.Add(FieldTitle, "件名は %d 文字以内にしてください", maxTitle)
	}
	if in.Kind.Label() == "" {
		fe.Add(FieldKind, "種類を選んでください")
	}
	// A minute of slack: the form fills "now" from the phone's clock.
	future := now.Add(time.Minute)
	switch {
	case in.DiscoveredAt.IsZero():
		fe.Add(FieldDiscoveredAt, "判明した日時（7.3.2イ）を入力してください")
	case in.DiscoveredAt.After(future):
		fe.Add(FieldDiscoveredAt, "判明した日時が未来になっています")
	}
	switch {
	case in.OccurredAt.IsZero():
	case in.OccurredAt.After(future):
		fe.Add(FieldOccurredAt, "発生した日時が未来になっています")
	case !in.DiscoveredAt.IsZero() && in.OccurredAt.After(in.DiscoveredAt):
		fe.Add(FieldOccurredAt, "発生した日時が判明した日時より後になっています")
	}
	if in.Reporter == "" {
		fe.Add(FieldReporter, "通報者（7.3.2エ）が分かりません")
	}
	if in.Unit == "" {
		fe.Add(FieldUnit, "通報者の所属課を選んでください")
	}
	if utf8.RuneCountInString(in.OnBehalfOf) > maxTitle {
		fe.Add(FieldOnBehalfOf, "外部の通報者は %d 文字以内にしてください", maxTitle)
	}
	switch d := strings.TrimSpace(in.Description); {
	case d == "":
		fe.Add(FieldDescription, "事件事故等の内容（7.3.2オ）を入力してください")
	case utf8.RuneCountInString(d) > maxText:
		fe.Add(FieldDescription, "内容は %d 文字以内にしてください", maxText)
	}
	switch in.Leak.State {
	case LeakUnknown, LeakNone, LeakSuspected, LeakConfirmed:
	default:
		fe.Add(FieldLeak, "漏えいの有無を選んでください")
	}
	if in.Leak.People < 0 {
		fe.Add(FieldLeakPeople, "人数は 0 以上にしてください")
	}
	if in.Leak.State == LeakNone && (in.Leak.People > 0 || len(in.Leak.AssetIDs) > 0) {
		fe.Add(FieldLeak, "「漏えいなし」なのに漏えいした情報資産か人数が入っています")
	}
	for _, f := range []struct {
		field, label, text string
	}{
		{FieldSupposedCause, "想定される原因", in.SupposedCause},
		{FieldResponse, "事件事故等への対応", in.Response},
		{FieldRecovery, "復旧方針", in.Recovery},
		{FieldRootCause, "原因", in.RootCause},
		{FieldDebrief, "振り返り", in.Debrief},
	} {
		if utf8.RuneCountInString(f.text) > maxText {
			fe.Add(f.field, "%sは %d 文字以内にしてください", f.label, maxText)
		}
	}
	in.checkChars(&fe)
	if !in.Severity.Valid() {
		fe.Add(FieldSeverity, "重要度を選んでください")
	}
	switch in.Announce {
	case "", "announce", "no":
	default:
		fe.Add(FieldAnnounce, "公表の判断を選んでください")
	}
	if in.Debrief != "" && !in.Drill {
		fe.Add(FieldDebrief, "振り返りは訓練（7.2.3）にだけ記録します")
	}
	return fe.Fields
}

// Normalise trims the report's text and sorts its lists, so that a
// correction that changes nothing is seen as such.
func (in Incident) Normalise() Incident {
	in.Title = strings.TrimSpace(in.Title)
	in.Description = strings.TrimSpace(in.Description)
	in.OnBehalfOf = strings.TrimSpace(in.OnBehalfOf)
	in.SupposedCause = strings.TrimSpace(in.SupposedCause)
	in.Response = strings.TrimSpace(in.Response)
	in.Recovery = strings.TrimSpace(in.Recovery)
	in.Leak.Description = strings.TrimSpace(in.Leak.Description)
	in.Leak.AssetIDs = uniqSorted(in.Leak.AssetIDs)
	in.Systems = uniqSorted(in.Systems)
	in.ContractorID = strings.TrimSpace(in.ContractorID)
	in.ContractID = strings.TrimSpace(in.ContractID)
	return in
}

func uniqSorted(s []string) []string {
	var out []string
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
