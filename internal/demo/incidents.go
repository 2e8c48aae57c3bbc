package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"kijun/internal/incidents"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

// pastIncidents is how many incidents the city has handled before: about
// 2,000 a year over five years at city scale.
func pastIncidents(s Scale) int {
	if s == City {
		return 10000
	}
	return 30
}

// incidentMix is how past incidents divide among the kinds and their
// usual causes, out of 20.
var incidentMix = []struct {
	kind  incidents.Kind
	n     int
	title string
	cause incidents.Cause
}{
	{incidents.KindMisdelivery, 7, "メールの誤送信", incidents.CauseCareless},
	{incidents.KindLoss, 4, "書類・USB メモリの紛失", incidents.CauseCareless},
	{incidents.KindMalware, 2, "不審メールの添付ファイル実行", incidents.CauseAttack},
	{incidents.KindUnauthorised, 1, "公開サーバへの不正アクセスの試み", incidents.CauseAttack},
	{incidents.KindLeak, 2, "委託先からの個人情報の流出", incidents.CauseContractor},
	{incidents.KindFailure, 2, "業務システムの障害", incidents.CauseEquipment},
	{incidents.KindPolicy, 2, "許可のないソフトウェアの導入", incidents.CauseProcedure},
}

// generateIncidents writes the city's past incidents (7.3): handled and
// closed, each with its notices acknowledged, an instruction done and a
// measure checked, a few drills among them (7.2.3), and a handful still
// open on the CSIRT's board. All of it came to light before the current
// fiscal year, so this year's statistics start empty. It does nothing
// when the database holds incidents already.
func generateIncidents(ctx context.Context, db *store.DB, _ *rand.Rand, opts Options, sum *Summary) error {
	if n, err := db.CountIncidents(ctx); err != nil || n > 0 {
		return err
	}
	rng := rand.New(rand.NewPCG(uint64(opts.Seed), 0x696e6369))
	today := organisation.Day(db.Now())
	units, err := db.UnitsOn(ctx, today)
	if err != nil {
		return err
	}
	type section struct {
		code, chief string
		staff       []string
	}
	var sections []section
	for _, u := range units {
		if u.Kind != organisation.KindSection {
			continue
		}
		ms, err := db.Members(ctx, u.Code, today)
		if err != nil {
			return err
		}
		s := section{code: u.Code}
		for _, m := range ms {
			if m.Assignment.Post == organisation.PostSectionChief && s.chief == "" {
				s.chief = m.StaffNo
			} else {
				s.staff = append(s.staff, m.StaffNo)
			}
		}
		if s.chief != "" && len(s.staff) > 0 {
			sections = append(sections, s)
		}
	}
	manager, err1 := db.HolderOf(ctx, organisation.RoleSecurityManager, organisation.City(), today)
	ciso, err2 := db.HolderOf(ctx, organisation.RoleCISO, organisation.City(), today)
	if len(sections) == 0 || err1 != nil || err2 != nil {
		return nil
	}
	fyStart, _ := wareki.FiscalYearRange(wareki.FiscalYear(db.Now()))
	span := 5 * 365 * 24 * time.Hour
	n := pastIncidents(opts.Scale)
	open := max(3, n/250)
	past := make([]store.PastIncident, 0, n)
	for i := range n {
		// Oldest first, evenly over the five years before this one.
		at := fyStart.Add(-span + time.Duration(i)*span/time.Duration(n) + time.Duration(rng.IntN(3600))*time.Second).UTC()
		pick, mix := rng.IntN(20), incidentMix[0]
		for _, m := range incidentMix {
			if pick < m.n {
				mix = m
				break
			}
			pick -= m.n
		}
		sec := sections[rng.IntN(len(sections))]
		reporter := sec.staff[rng.IntN(len(sec.staff))]
		in := incidents.Incident{
			Title: mix.title, Kind: mix.kind, DiscoveredAt: at, OccurredAt: at.Add(-time.Duration(1+rng.IntN(48)) * time.Hour),
			Reporter: reporter, Unit: sec.code, Description: mix.title + "（過去の記録）",
			Leak:          incidents.Leak{State: incidents.LeakNone},
			SupposedCause: mix.cause.Label(), Response: "情報管理者の指示により対応", Recovery: "通常業務へ復帰",
			Severity: incidents.Severity(1 + rng.IntN(3)), ReportedAt: at.Add(time.Duration(5+rng.IntN(55)) * time.Minute),
			Drill: rng.IntN(20) == 0, Version: 1,
		}
		if mix.kind == incidents.KindMisdelivery || mix.kind == incidents.KindLoss || mix.kind == incidents.KindLeak {
			in.Leak = incidents.Leak{State: incidents.LeakConfirmed, People: 1 + rng.IntN(40)}
		}
		in.TriagedAt = in.ReportedAt.Add(time.Hour)
		in.ContainedAt = in.DiscoveredAt.Add(time.Duration(2+rng.IntN(70)) * time.Hour)
		in.RootCause, in.CauseKind = mix.cause.Label()+"によるもの", mix.cause
		in.Status, in.ClosedAt, in.UpdatedAt = incidents.StatusClosed, in.ContainedAt.Add(14*24*time.Hour), in.ContainedAt.Add(14*24*time.Hour)
		if in.Drill {
			in.Title, in.Debrief = "【訓練】"+in.Title, "連絡網の更新が必要"
		}
		if i >= n-open {
			// Still on the board: not yet judged, or being handled.
			in.Status, in.ClosedAt, in.ContainedAt, in.RootCause, in.CauseKind, in.Drill, in.Debrief = incidents.StatusResponding, time.Time{}, time.Time{}, "", "", false, ""
			in.UpdatedAt = in.TriagedAt
			if i%2 == 0 {
				in.Status, in.Severity, in.TriagedAt = incidents.StatusReported, incidents.SeverityUnjudged, time.Time{}
				in.UpdatedAt = in.ReportedAt
			}
		} else if rng.IntN(30) == 0 {
			in.Status, in.Severity, in.RootCause, in.CauseKind = incidents.StatusNotIncident, incidents.SeverityUnjudged, "", ""
		}
		ack := in.ReportedAt.Add(time.Duration(3+rng.IntN(60)) * time.Minute)
		p := store.PastIncident{Incident: in,
			Notices: []store.Notice{
				{Role: organisation.RoleInfoManager, Scope: organisation.UnitScope(sec.code).String(), StaffNo: sec.chief, Clause: "7.3.1ア",
					Reason: "報告者の所属課の情報管理者への報告", NotifiedAt: in.ReportedAt, DueAt: in.ReportedAt.Add(incidents.AckFirst), AcknowledgedAt: ack},
				{Role: organisation.RoleSecurityManager, Scope: organisation.City().String(), StaffNo: manager.Person.StaffNo, Clause: "7.3.1イ",
					Reason: "情報セキュリティ管理者への報告", NotifiedAt: in.ReportedAt, DueAt: in.ReportedAt.Add(incidents.AckManager), AcknowledgedAt: ack.Add(10 * time.Minute)},
				{Role: organisation.RoleCISO, Scope: organisation.City().String(), StaffNo: ciso.Person.StaffNo, Clause: "7.3.1オ",
					Reason: "CISO への報告", NotifiedAt: in.ReportedAt, DueAt: in.ReportedAt.Add(incidents.AckOthers), AcknowledgedAt: ack.Add(time.Hour)},
			},
			Events: []incidents.Event{
				{At: in.ReportedAt, Actor: organisation.ActorID(reporter), Kind: incidents.EventReported, Text: "報告を受け付けました"},
				{At: in.ReportedAt, Actor: organisation.ActorID(reporter), Kind: incidents.EventNotified, Text: "通知しました"},
				{At: ack, Actor: organisation.ActorID(sec.chief), Kind: incidents.EventAcknowledged, Text: "情報管理者が受領を確認しました"},
			},
		}
		if in.Status == incidents.StatusReported {
			p.Notices[1].AcknowledgedAt, p.Notices[2].AcknowledgedAt = time.Time{}, time.Time{}
		}
		if in.Status == incidents.StatusClosed {
			done := in.ContainedAt
			p.Actions = []incidents.Action{
				{Kind: incidents.ActionInstruction, Text: "被害の拡大防止と復旧", Assignee: sec.chief, State: incidents.StateDone, CreatedAt: in.TriagedAt, UpdatedAt: done, Version: 2},
				{Kind: incidents.ActionMeasure, Text: "手順の見直しと課内周知", State: incidents.StateChecked, Effective: true, Result: "再発なし",
					CheckDue: done.Add(90 * 24 * time.Hour), CreatedAt: done, UpdatedAt: in.ClosedAt, Version: 5},
			}
			p.Events = append(p.Events,
				incidents.Event{At: in.TriagedAt, Actor: organisation.ActorID(manager.Person.StaffNo), Kind: incidents.EventTriaged, Text: "インシデントと評価しました（重要度: " + in.Severity.Label() + "）"},
				incidents.Event{At: in.ContainedAt, Actor: organisation.ActorID(manager.Person.StaffNo), Kind: incidents.EventContained, Text: "被害の拡大を防止しました"},
				incidents.Event{At: in.ContainedAt, Actor: organisation.ActorID(manager.Person.StaffNo), Kind: incidents.EventCause, Text: "原因を記録しました（" + in.CauseKind.Label() + "）"},
				incidents.Event{At: in.ClosedAt, Actor: organisation.ActorID(manager.Person.StaffNo), Kind: incidents.EventClosed, Text: "完了しました"},
			)
		}
		past = append(past, p)
	}
	for start := 0; start < len(past); start += 2000 {
		if err := db.LoadPastIncidents(ctx, past[start:min(start+2000, len(past))]); err != nil {
			return err
		}
	}
	sum.Lines = append(sum.Lines, fmt.Sprintf("incidents: %d handled in the five years before this one (%d still open), drills among them", n, open))
	return nil
}
