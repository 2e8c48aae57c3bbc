package incidents

import (
	"kijun/internal/wareki"
	"strings"
	"time"
)

// Body is an outside body a report may be owed to.
type Body string

// The outside bodies.
const (
	BodyMIC        Body = "mic"        // 総務省 (3.3.2イ, 7.3.1オ)
	BodyPrefecture Body = "prefecture" // 兵庫県 (3.3.2イ, 7.3.1エ・オ)
	BodyPolice     Body = "police"     // 警察 (8.5.3)
	BodyPPC        Body = "ppc"        // 個人情報保護委員会
	BodyPersons    Body = "persons"    // 本人（本人への通知）
)

// Label returns the body's Japanese name.
func (b Body) Label() string {
	switch b {
	case BodyMIC:
		return "総務省"
	case BodyPrefecture:
		return "兵庫県"
	case BodyPolice:
		return "警察"
	case BodyPPC:
		return "個人情報保護委員会"
	case BodyPersons:
		return "本人"
	}
	return string(b)
}

// Stage is which report to the body: a single report, or the 速報 and 確報
// the personal-information rules ask for.
type Stage string

// The stages.
const (
	StageReport Stage = "report" // 報告
	StageFlash  Stage = "flash"  // 速報
	StageFinal  Stage = "final"  // 確報
	StageNotice Stage = "notice" // 本人への通知
)

// Label returns the stage's Japanese name.
func (s Stage) Label() string {
	switch s {
	case StageReport:
		return "報告"
	case StageFlash:
		return "速報"
	case StageFinal:
		return "確報"
	case StageNotice:
		return "通知"
	}
	return string(s)
}

// Obligation is a report owed to an outside body: to whom, which one, on
// what basis, and by when.
type Obligation struct {
	Body   Body      `json:"body"`
	Stage  Stage     `json:"stage"`
	Basis  string    `json:"basis"`
	Reason string    `json:"reason"`
	Due    time.Time `json:"due"`
}

// Key identifies the obligation within its incident.
func (o Obligation) Key() string { return string(o.Body) + ":" + string(o.Stage) }

// Deadlines for outside reports. The standard says 報告すること with no
// hours (3.3.2イ, 7.3.1オ), so the city's procedure sets them (9.4.2ウ);
// the personal-information deadlines are the law's.
const (
	// DueAuthorities: 総務省, 兵庫県 and the police, 速やかに.
	DueAuthorities = 24 * time.Hour
	// DueFlashDays: 速報 to the 個人情報保護委員会 速やかに (規則第44条第1項);
	// the committee's guidance reads this as about three to five days, and
	// Kijun takes the shorter.
	DueFlashDays = 3
	// DueFinalDays: 確報 within 30 days of knowing (規則第44条第2項), or 60
	// when the leak may have been done with unlawful intent.
	DueFinalDays          = 30
	DueFinalMaliciousDays = 60
)

var jst = wareki.JST()

// endOfDay returns the end of the JST day that is days after t's day: a
// period "from the day one knew" counts in whole days.
func endOfDay(t time.Time, days int) time.Time {
	y, m, d := t.In(jst).Date()
	return time.Date(y, m, d+days, 23, 59, 59, 0, jst).UTC()
}

// PPCGrounds returns the grounds on which a leak must be reported to the
// 個人情報保護委員会, each citing its provision, or none.
//
// For the city, a 行政機関等, 個人情報の保護に関する法律 第68条第1項 and
// its 施行規則 第43条 make a leak (or its possibility) reportable when it
// involves 要配慮個人情報 (第1号), may cause financial loss (第2号), may
// have been done with unlawful intent (第3号), or concerns more than 100
// people: 本人の数が百人を超える, so 101 or more (第4号). 番号法
// 第29条の4第1項 and 特定個人情報漏えい等報告規則 第2条 do the same for
// 特定個人情報 held in a 個人番号利用事務 system, done with unlawful
// intent, risking financial loss, or concerning more than 100 people:
// 特定個人情報 alone, in a handful of records, is not reportable. Data
// protected by strong encryption is excluded from both.
func PPCGrounds(l Leak) []string {
	if l.State != LeakSuspected && l.State != LeakConfirmed || l.Encrypted {
		return nil
	}
	var g []string
	if l.Sensitive {
		g = append(g, "要配慮個人情報を含む（個人情報保護法第68条第1項、同規則第43条第1号）")
	}
	if l.Financial {
		g = append(g, "財産的被害のおそれ（規則第43条第2号）")
	}
	if l.Malicious {
		g = append(g, "不正の目的によるおそれ（規則第43条第3号）")
	}
	if l.People > 100 {
		g = append(g, "本人の数が百人を超える（規則第43条第4号）")
	}
	if l.MyNumber && (l.People > 100 || l.Malicious || l.Financial || l.FromMyNumberSystem) {
		g = append(g, "特定個人情報の漏えい等（番号法第29条の4第1項、特定個人情報漏えい等報告規則第2条）")
	}
	return g
}

// Obligations returns the reports the incident owes to outside bodies,
// with their due times, counted from when it came to light. Nothing is
// owed for a report judged not to be an incident (7.3.3ア). Before the
// CSIRT's judgement the list is what would be owed, so the people who
// must report know at once.
func Obligations(in Incident) []Obligation {
	if in.Status == StatusNotIncident || in.DiscoveredAt.IsZero() {
		return nil
	}
	t := in.DiscoveredAt
	out := []Obligation{
		{BodyMIC, StageReport, "3.3.2イ, 7.3.1オ", "情報セキュリティインシデントの報告", t.Add(DueAuthorities)},
		{BodyPrefecture, StageReport, "3.3.2イ, 7.3.1エ・オ", "情報セキュリティインシデントの報告", t.Add(DueAuthorities)},
	}
	if in.CrimeSuspected || in.Kind == KindUnauthorised || in.Leak.Malicious {
		out = append(out, Obligation{BodyPolice, StageReport, "8.5.3",
			"犯罪（窃盗、不正アクセス禁止法違反等）のおそれ", t.Add(DueAuthorities)})
	}
	if g := PPCGrounds(in.Leak); len(g) > 0 {
		reason := strings.Join(g, "、")
		final := DueFinalDays
		if in.Leak.Malicious {
			final = DueFinalMaliciousDays
		}
		out = append(out,
			Obligation{BodyPPC, StageFlash, "個人情報保護法第68条第1項、規則第44条第1項", reason, endOfDay(t, DueFlashDays)},
			Obligation{BodyPPC, StageFinal, "個人情報保護法第68条第1項、規則第44条第2項", reason, endOfDay(t, final)},
			// 第68条第2項: the persons are told too, unless that is hard
			// and the public is told instead; the CSIRT records which.
			Obligation{BodyPersons, StageNotice, "個人情報保護法第68条第2項", reason, endOfDay(t, final)})
	}
	return out
}
