package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/store"
)

// permitsPerSection is how many past requests each 課 has in the demo: a
// year of carrying, taking out, providing and disposing of assets,
// software, work outside the office and the odd exception.
func permitsPerSection(s Scale) int {
	if s == City {
		return 20
	}
	return 6
}

// generatePermits gives the city a history of requests (once: a database
// that has requests keeps them).
func generatePermits(ctx context.Context, db *store.DB, _ *rand.Rand, opts Options, sum *Summary) error {
	reg, err := permits.Default()
	if err != nil {
		return err
	}
	p := db.Permits(reg)
	n, err := p.CountPermits(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		sum.Lines = append(sum.Lines, fmt.Sprintf("permits: %d requests kept, none added", n))
	} else {
		reqs, err := PermitHistory(ctx, db, reg, -1, permitsPerSection(opts.Scale), opts.Seed)
		if err != nil {
			return err
		}
		sum.Lines = append(sum.Lines, fmt.Sprintf("permits: %d past requests with their steps", len(reqs)))
	}
	// What the history leaves owing: taken-out assets past their return
	// (7.1.1キ) and an emergency exception never reported (9.5.2).
	late, err := p.PastDue(ctx, db.Now())
	if err != nil {
		return err
	}
	for _, r := range late {
		subject := "request:" + strconv.FormatInt(r.ID, 10)
		if t := reg.Type(r.Type); t != nil && t.Return != nil {
			sum.plant("request.take-out-not-returned", subject, "7.1.1.キ")
		} else if t != nil && t.CarriedOutFirst {
			sum.plant("request.emergency-exception-not-reported", subject, "9.5.2")
		}
	}
	return nil
}

// PermitHistory adds past requests over the year before today: total of
// them (or perSection in each 課 when total is negative), each filed by a
// member of a 課's staff and decided by its 情報管理者, the 情報基盤管理者
// or the CISO as its type says. Most are closed with their records; the
// last few days' are still waiting, a few taken-out assets of the last
// month are overdue (at least one), and
// the first emergency exception of more than three days ago was never
// reported. It returns the requests as kept.
func PermitHistory(ctx context.Context, db *store.DB, reg *permits.Registry, total, perSection int, seed int64) ([]permits.Request, error) {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x7065726d697473))
	now := db.Now()
	today := organisation.Day(now)
	type section struct {
		code, chief string
		staff       []string
	}
	units, err := db.UnitsOn(ctx, today)
	if err != nil {
		return nil, err
	}
	var secs []section
	for _, u := range units {
		if u.Kind != organisation.KindSection {
			continue
		}
		h, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope(u.Code), today)
		if err != nil {
			continue
		}
		ms, err := db.Members(ctx, u.Code, today)
		if err != nil {
			return nil, err
		}
		s := section{code: u.Code, chief: h.Person.StaffNo}
		for _, m := range ms {
			if m.Assignment.Post == organisation.PostStaff && m.StaffNo != s.chief {
				s.staff = append(s.staff, m.StaffNo)
			}
		}
		if len(s.staff) > 0 {
			secs = append(secs, s)
		}
	}
	if len(secs) == 0 {
		return nil, nil
	}
	ciso, err := db.HolderOf(ctx, organisation.RoleCISO, organisation.City(), today)
	if err != nil {
		return nil, err
	}
	infra, err := db.HolderOf(ctx, organisation.RoleInfraManager, organisation.City(), today)
	if err != nil {
		return nil, err
	}
	if total < 0 {
		total = perSection * len(secs)
	}
	kinds := []string{"carry", "carry", "take_out", "take_out", "take_out", "provide", "dispose", "remote_work", "software",
		"repair", "security_settings", "exception", "emergency_exception"}
	var hs []store.History
	// Planted: one emergency exception never reported (9.5.2), one
	// taken-out asset not returned (7.1.1キ).
	unreported, overdue := false, false
	for i := range total {
		s := secs[i%len(secs)]
		t := reg.Type(kinds[rng.IntN(len(kinds))])
		requester, approver := s.staff[rng.IntN(len(s.staff))], s.chief
		switch t.Key {
		case "software", "security_settings":
			approver = infra.Person.StaffNo
		case "exception", "emergency_exception":
			requester, approver = s.chief, ciso.Person.StaffNo
		}
		if requester == approver {
			continue
		}
		asset := fmt.Sprintf("A%s-%04d", s.code, 1+rng.IntN(3))
		// Spread over the past year; a request filed in the last three days
		// is still waiting.
		at := now.Add(-time.Duration(rng.IntN(365*24*60)) * time.Minute)
		// The first take-out is the one planted overdue: taken out in the
		// last fortnight for two days, approved, never returned.
		planted := t.Key == "take_out" && !overdue
		if planted {
			at, overdue = now.Add(-time.Duration(7*24+rng.IntN(7*24))*time.Hour), true
		}
		h := store.History{Request: permits.Request{Type: t.Key, Requester: requester, Unit: s.code, CreatedAt: at, SubmittedAt: at.Add(5 * time.Minute)}}
		r := &h.Request
		day := organisation.Day(at)
		switch t.Key {
		case "carry":
			r.Fields = map[string]string{"asset": asset, "destination": []string{"北区役所", "中央図書館", "県庁", "データセンター"}[rng.IntN(4)], "protection": "鍵付きケースと暗号化"}
		case "take_out":
			r.Fields = map[string]string{"asset": asset, "destination": []string{"研修会場", "住民説明会", "出張先（県庁）"}[rng.IntN(3)]}
		case "provide":
			r.Fields = map[string]string{"asset": asset, "recipient": []string{"県 統計課", "委託事業者", "警察署（照会回答）"}[rng.IntN(3)], "encrypted": "true"}
		case "dispose":
			r.Fields = map[string]string{"asset": asset, "kind": "廃棄", "planned_method": "初期化と物理的破壊"}
		case "remote_work":
			r.Fields = map[string]string{"place": "自宅", "work": "資料作成（個人情報を含まない）"}
		case "software":
			r.Fields = map[string]string{"software": "PDF 編集ソフト 12", "device": fmt.Sprintf("D%s-0001", s.code), "reason": "申請書様式の作成"}
		case "repair":
			r.Fields = map[string]string{"device": fmt.Sprintf("D%s-0001", s.code), "contractor": "みなと事務機 株式会社", "erased": "true"}
		case "security_settings":
			r.Fields = map[string]string{"device": fmt.Sprintf("D%s-0001", s.code), "change": "業務アプリの動作確認のため、一時的にマクロの実行を許可する"}
		case "exception":
			r.Fields = map[string]string{"provision": "8.2.6.ウ", "measure": "旧型端末のパスワード桁数を 8 桁のまま運用", "reason": "端末更新（次年度）まで設定を変更できない"}
		case "emergency_exception":
			r.Fields = map[string]string{"provision": "6.4.2.ア", "measure": "障害復旧のため保守事業者に一時的な管理者 ID を発行", "urgency": "窓口システム停止", "done_on": organisation.FormatDate(day)}
		}
		if t.Period {
			r.ValidFrom, r.ValidTo = day, day.AddDate(0, 0, 1+rng.IntN(min(t.MaxDays, 60)))
		}
		if planted {
			r.ValidTo = day.AddDate(0, 0, 2)
		}
		if t.SubjectField() != nil {
			h.Subject = r.Fields[t.SubjectField().Key]
		}
		step := func(a permits.Action, from, to permits.State, when time.Time, actor string) *permits.Entry {
			h.Steps = append(h.Steps, permits.Entry{Action: a, From: from, To: to, At: when, Actor: actor})
			return &h.Steps[len(h.Steps)-1]
		}
		step(permits.ActionDraft, "", permits.StateDrafted, at, requester)
		decided := r.SubmittedAt.Add(time.Duration(1+rng.IntN(72)) * time.Hour)
		waiting := now.Sub(at) < 3*24*time.Hour
		if t.CarriedOutFirst {
			step(permits.ActionRecord, permits.StateDrafted, permits.StateCarriedOut, at.Add(time.Minute), requester)
			r.DueAt = at.Add(time.Minute + time.Duration(t.ReportWithinHours)*time.Hour)
			if waiting || !unreported {
				unreported = unreported || !waiting
				r.State, r.SubmittedAt = permits.StateCarriedOut, time.Time{}
				r.UpdatedAt = at.Add(time.Minute)
				hs = append(hs, h)
				continue
			}
		}
		from := permits.StateDrafted
		if t.CarriedOutFirst {
			from = permits.StateCarriedOut // 9.5.2: the report follows the measure
		}
		step(permits.ActionSubmit, from, permits.StateSubmitted, r.SubmittedAt, requester)
		r.UpdatedAt = r.SubmittedAt
		roll := rng.IntN(100)
		if planted {
			roll = 99 // approved
		}
		switch {
		case waiting:
			r.State = permits.StateSubmitted
		case roll < 3:
			r.State, r.DecidedAt = permits.StateWithdrawn, decided
			step(permits.ActionWithdraw, permits.StateSubmitted, permits.StateWithdrawn, decided, requester).Reason = "予定が中止になった"
		case roll < 8:
			r.State, r.DecidedAt = permits.StateRejected, decided
			e := step(permits.ActionReject, permits.StateSubmitted, permits.StateRejected, decided, approver)
			e.Role, e.Reason = t.Approvers[0][0].Role, "目的に対して必要性が認められない"
		default:
			r.State, r.DecidedAt = permits.StateClosed, decided
			e := step(permits.ActionApprove, permits.StateSubmitted, permits.StateApproved, decided, approver)
			e.Role = t.Approvers[0][0].Role
			if t.Record == nil || t.CarriedOutFirst {
				e.To = permits.StateClosed
				break
			}
			recorded := decided.Add(time.Duration(1+rng.IntN(48)) * time.Hour)
			fields := map[string]string{}
			for _, f := range t.Record.Fields {
				switch f.Type {
				case permits.FieldDate:
					// Done within the permitted period.
					done := organisation.Day(recorded)
					if t.Period && done.After(r.ValidTo) {
						done = r.ValidTo
					}
					fields[f.Key] = organisation.FormatDate(done)
				case permits.FieldStaff:
					fields[f.Key] = requester
				case permits.FieldChoice:
					fields[f.Key] = f.Choices[0]
				default:
					fields[f.Key] = "記録どおり"
				}
			}
			if t.Key == "dispose" {
				fields["witness"], fields["certificate"] = approver, fmt.Sprintf("証明書 %d-%05d", recorded.Year(), i)
			}
			to := permits.StateClosed
			if t.Return != nil {
				to = permits.StateCarriedOut
			}
			step(permits.ActionRecord, permits.StateApproved, to, recorded, requester).Fields = fields
			r.UpdatedAt = recorded
			if t.Return == nil {
				break
			}
			r.DueAt = r.ValidTo.Add(15 * time.Hour)
			// 7.1.1キ: the planted one and one in twenty of the others
			// taken out in the last month are overdue.
			if now.Sub(at) < 30*24*time.Hour && (rng.IntN(20) == 0 || planted) && r.DueAt.Before(now) {
				r.State = permits.StateCarriedOut
				break
			}
			back := r.DueAt.Add(-time.Duration(rng.IntN(12)) * time.Hour)
			if back.After(now) {
				r.State = permits.StateCarriedOut
				break
			}
			step(permits.ActionReturn, permits.StateCarriedOut, permits.StateClosed, back, requester).Fields =
				map[string]string{"returned_on": organisation.FormatDate(organisation.Day(back)), "condition": "異常なし"}
			r.UpdatedAt, r.DueAt = back, time.Time{}
		}
		if !r.DecidedAt.IsZero() && r.UpdatedAt.Before(r.DecidedAt) {
			r.UpdatedAt = r.DecidedAt
		}
		hs = append(hs, h)
	}
	// Exceptions in force that the CISO permitted ten days ago for half a
	// year, against provisions the city falls short of (8.1.3 backups,
	// 6.1.2 redundancy): the findings they cover may be accepted under
	// them (9.5.1).
	s := secs[0]
	t := reg.Type("exception")
	for i, x := range []struct{ provision, measure, reason string }{
		{"8.1.3", "バックアップ装置の更新までの間、週次の手作業による複製で代替する", "装置の調達が次年度になるため"},
		{"6.1.2", "冗長化工事までの間、障害時は予備機へ手作業で切り替える", "庁舎の改修工事と合わせて冗長化するため"},
	} {
		at := now.Add(-time.Duration(10*24+i) * time.Hour)
		day := organisation.Day(at)
		h := store.History{Request: permits.Request{Type: t.Key, State: permits.StateClosed, Requester: s.chief, Unit: s.code,
			Fields:    map[string]string{"provision": x.provision, "measure": x.measure, "reason": x.reason},
			ValidFrom: day, ValidTo: day.AddDate(0, 0, 180), CreatedAt: at, SubmittedAt: at, DecidedAt: at.Add(time.Hour), UpdatedAt: at.Add(time.Hour)}}
		h.Steps = []permits.Entry{
			{Action: permits.ActionDraft, To: permits.StateDrafted, At: at, Actor: s.chief},
			{Action: permits.ActionSubmit, From: permits.StateDrafted, To: permits.StateSubmitted, At: at, Actor: s.chief},
			{Action: permits.ActionApprove, From: permits.StateSubmitted, To: permits.StateClosed, At: at.Add(time.Hour), Actor: ciso.Person.StaffNo, Role: t.Approvers[0][0].Role},
		}
		hs = append(hs, h)
	}
	return db.Permits(reg).LoadHistory(ctx, hs)
}
