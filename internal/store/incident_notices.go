package store

import (
	"context"
	"fmt"
	"time"

	"kijun/internal/incidents"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// routeIncident tells everyone incidents.Route names who has not been
// told yet, each person once: a notice row, a timeline event and one
// ledger record for them all. Someone already told whose step now asks for
// a shorter time, such as the CISO once the report is judged serious
// (7.3.1イ), has their unacknowledged notice brought forward. A role
// nobody holds is put on the timeline once, so the gap is seen rather
// than silently skipped.
func (tx *Tx) routeIncident(ctx context.Context, in incidents.Incident) ([]Notice, error) {
	now := tx.db.Now()
	officer, err := tx.officerUnit(ctx, in.Unit, now)
	if err != nil {
		return nil, err
	}
	existing, err := tx.notices(ctx, "n.incident_id = ?", in.ID)
	if err != nil {
		return nil, err
	}
	told := map[string]*Notice{}    // by staff number, the person's open notice if any
	stepped := map[string]*Notice{} // by role@scope
	for i := range existing {
		n := &existing[i]
		if prev, ok := told[n.StaffNo]; !ok || (!prev.AcknowledgedAt.IsZero() && n.AcknowledgedAt.IsZero()) {
			told[n.StaffNo] = n
		}
		stepped[string(n.Role)+"@"+n.Scope] = n
	}
	var out, sooner []Notice
	bringForward := func(n *Notice, s incidents.Step) error {
		due := now.Add(s.Within)
		if !n.AcknowledgedAt.IsZero() || !n.EscalatedAt.IsZero() || !n.DueAt.After(due) {
			return nil
		}
		if _, err := tx.ExecContext(ctx, "UPDATE incident_notices SET due_at = ? WHERE id = ?", storedTime(due), n.ID); err != nil {
			return fmt.Errorf("bring notice %d forward: %w", n.ID, err)
		}
		n.DueAt = due
		sooner = append(sooner, *n)
		return tx.incidentEvent(ctx, in.ID, incidents.EventNotified, n.Role.Label()+" "+n.Name+" の確認期限を早めました: "+s.Reason+"（"+s.Clause+"）")
	}
	// noteOnce puts text on the timeline unless an earlier routing did.
	noteOnce := func(text string) error {
		var seen int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM incident_events WHERE incident_id = ? AND kind = ? AND text = ?",
			in.ID, incidents.EventNotified, text).Scan(&seen); err != nil {
			return fmt.Errorf("load timeline of incident %d: %w", in.ID, err)
		}
		if seen > 0 {
			return nil
		}
		return tx.incidentEvent(ctx, in.ID, incidents.EventNotified, text)
	}
	for _, s := range incidents.Route(incidents.RouteInput{Incident: in, OfficerUnit: officer}) {
		if n, ok := stepped[string(s.Role)+"@"+s.Scope.String()]; ok {
			if err := bringForward(n, s); err != nil {
				return nil, err
			}
			continue
		}
		a, err := tx.actingFor(ctx, s.Role, s.Scope, organisation.Day(now))
		if kijun.ErrorCode(err) == kijun.ENOTFOUND {
			if err := noteOnce("報告先の" + s.Role.Label() + "（" + s.Scope.String() + "）が設定されていません: " + s.Clause); err != nil {
				return nil, err
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		role, scope, reason := s.Role, s.Scope, s.Reason
		if a.Person.StaffNo == in.Reporter || a.Deputy() && a.Holder.Person.StaffNo == in.Reporter {
			// 3.2.10ア: nobody acknowledges their own report.
			var note string
			if a, role, scope, note, err = tx.nextAfterReporter(ctx, a, s.Role, s.Scope, in.Reporter, now); err != nil {
				return nil, err
			}
			if err := noteOnce(note); err != nil {
				return nil, err
			}
			if a.Person.StaffNo == "" {
				continue
			}
			reason = s.Reason + "（" + note + "）"
			if prev, ok := stepped[string(role)+"@"+scope.String()]; ok && role != s.Role {
				stepped[string(s.Role)+"@"+s.Scope.String()] = prev
				if err := bringForward(prev, s); err != nil {
					return nil, err
				}
				continue
			}
		}
		if n, ok := told[a.Person.StaffNo]; ok {
			if err := bringForward(n, s); err != nil {
				return nil, err
			}
			continue
		}
		n := Notice{IncidentID: in.ID, Role: role, Scope: scope.String(), StaffNo: a.Person.StaffNo, Name: a.Person.Name,
			Clause: s.Clause, Reason: reason, NotifiedAt: now, DueAt: now.Add(s.Within)}
		if a.Deputy() {
			// 9.3: the holder is told of what reaches their deputy (their
			// list of notices and the mail, see PendingNotices).
			n.Holder = a.Holder.Person.StaffNo
		}
		if n.ID, err = tx.insertNotice(ctx, n); err != nil {
			return nil, err
		}
		told[n.StaffNo], stepped[string(s.Role)+"@"+s.Scope.String()], stepped[string(role)+"@"+scope.String()] = &n, &n, &n
		out = append(out, n)
	}
	if len(out) > 0 {
		text := ""
		for i, n := range out {
			if i > 0 {
				text += "、"
			}
			text += n.Role.Label() + " " + n.Name
		}
		if err := tx.incidentEvent(ctx, in.ID, incidents.EventNotified, "通知しました: "+text); err != nil {
			return nil, err
		}
	}
	if len(out)+len(sooner) > 0 {
		if _, err := tx.Record(ctx, Change{Action: "incident.notify", Entity: "incident", EntityID: fmt.Sprint(in.ID),
			State: append(out, sooner...), Provisions: []string{"7.3.1"}}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// nextAfterReporter returns who is told in place of the person acting in
// role for scope when that person, or the holder they act for, filed the
// report (3.2.10ア: nobody acknowledges their own report, nor a deputy for
// them): the holder in person when the reporter is their deputy (9.3),
// else the next role up the chain of 7.3.1 held by someone else. It
// returns a note for the timeline, and an empty Acting when nobody is
// left.
func (tx *Tx) nextAfterReporter(ctx context.Context, a organisation.Acting, role organisation.Role, scope organisation.Scope, reporter string, now time.Time) (organisation.Acting, organisation.Role, organisation.Scope, string, error) {
	if a.Deputy() && a.Person.StaffNo == reporter {
		self := organisation.Acting{Holder: a.Holder, Person: a.Holder.Person, Basis: organisation.BasisSelf}
		return self, role, scope, "報告者が" + role.Label() + "の代行者のため、" + role.Label() + "本人 " + a.Holder.Person.Name + " に通知します（3.2.10ア、9.3）", nil
	}
	for r, sc, ok := incidents.Escalation(role, scope); ok; r, sc, ok = incidents.Escalation(r, sc) {
		next, err := tx.actingFor(ctx, r, sc, organisation.Day(now))
		switch {
		case kijun.ErrorCode(err) == kijun.ENOTFOUND:
			continue
		case err != nil:
			return a, role, scope, "", err
		case next.Person.StaffNo == reporter || next.Holder.Person.StaffNo == reporter && next.Deputy():
			continue
		}
		return next, r, sc, "報告者本人が" + role.Label() + "のため、上位の" + r.Label() + "に通知します（3.2.10ア）", nil
	}
	return organisation.Acting{}, role, scope, "報告者本人が" + role.Label() + "で、これより上位の報告先がありません（3.2.10ア）", nil
}

func (tx *Tx) insertNotice(ctx context.Context, n Notice) (int64, error) {
	var from any
	if n.EscalatedFrom != 0 {
		from = n.EscalatedFrom
	}
	return tx.insertReturningID(ctx, `INSERT INTO incident_notices (incident_id, role, scope, staff_no, holder, clause, reason, notified_at, due_at,
		acknowledged_at, escalated_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, n.IncidentID, n.Role, n.Scope, n.StaffNo, n.Holder, n.Clause, n.Reason,
		storedTime(n.NotifiedAt), storedTime(n.DueAt), storedTime(n.AcknowledgedAt), from)
}

// officerUnit returns the 局室区 above unit whose head is the 情報責任者
// (3.1.5), or "".
func (tx *Tx) officerUnit(ctx context.Context, unit string, now time.Time) (string, error) {
	kinds, err := tx.unitKinds(ctx)
	if err != nil {
		return "", err
	}
	path, err := tx.unitPath(ctx, unit, organisation.Day(now))
	if kijun.ErrorCode(err) == kijun.ENOTFOUND {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	for _, u := range path {
		if kinds[u.Kind].InfoOfficer {
			return u.Code, nil
		}
	}
	return "", nil
}

const noticeColumns = `n.id, n.incident_id, n.role, n.scope, n.staff_no, COALESCE(p.name, ''), n.holder, n.clause, n.reason,
	n.notified_at, n.due_at, n.acknowledged_at, n.escalated_at, COALESCE(n.escalated_from, 0)`

func scanNotice(sc scanner) (Notice, error) {
	var n Notice
	var notified, due, ack, esc string
	err := sc.Scan(&n.ID, &n.IncidentID, &n.Role, &n.Scope, &n.StaffNo, &n.Name, &n.Holder, &n.Clause, &n.Reason,
		&notified, &due, &ack, &esc, &n.EscalatedFrom)
	n.NotifiedAt, n.DueAt, n.AcknowledgedAt, n.EscalatedAt = parseStoredTime(notified), parseStoredTime(due), parseStoredTime(ack), parseStoredTime(esc)
	return n, err
}

func (tx *Tx) notices(ctx context.Context, where string, args ...any) ([]Notice, error) {
	var out []Notice
	err := tx.each(ctx, "SELECT "+noticeColumns+" FROM incident_notices n LEFT JOIN org_people p ON p.staff_no = n.staff_no WHERE "+where+" ORDER BY n.id",
		args, func(sc scanner) error {
			n, err := scanNotice(sc)
			out = append(out, n)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("load notices: %w", err)
	}
	return out, nil
}

// PendingNotices returns the notices a person has not acknowledged yet,
// with their incidents, oldest first: what the person must look at. A
// holder's list has the notices told to their deputy too (9.3).
func (db *DB) PendingNotices(ctx context.Context, staffNo string) ([]Notice, error) {
	var out []Notice
	err := db.View(ctx, func(tx *Tx) (err error) {
		// 9.3: the holder sees what reached their deputy, and may acknowledge it.
		if out, err = tx.notices(ctx, "(n.staff_no = ? OR n.holder = ?) AND n.acknowledged_at = ''", staffNo, staffNo); err != nil {
			return err
		}
		return tx.withSummaries(ctx, out)
	})
	return out, err
}

// UnacknowledgedNotices returns the notices nobody has acknowledged yet, of
// one incident or, for id 0, of every incident, each with its incident:
// who is still to be told, for the mail.
func (db *DB) UnacknowledgedNotices(ctx context.Context, incidentID int64) ([]Notice, error) {
	where, args := "n.acknowledged_at = ''", []any{}
	if incidentID != 0 {
		where, args = where+" AND n.incident_id = ?", append(args, incidentID)
	}
	var out []Notice
	err := db.View(ctx, func(tx *Tx) (err error) {
		if out, err = tx.notices(ctx, where, args...); err != nil {
			return err
		}
		return tx.withSummaries(ctx, out)
	})
	return out, err
}

// withSummaries puts each notice's incident on it.
func (tx *Tx) withSummaries(ctx context.Context, ns []Notice) error {
	if len(ns) == 0 {
		return nil
	}
	var ids []any
	seen := map[int64]bool{}
	for _, n := range ns {
		if !seen[n.IncidentID] {
			seen[n.IncidentID] = true
			ids = append(ids, n.IncidentID)
		}
	}
	byID := make(map[int64]*IncidentSummary, len(ids))
	if err := tx.eachIn(ctx, "SELECT "+summaryColumns+" FROM incidents i WHERE i.id IN ", ids, func(sc scanner) error {
		s, err := scanSummary(sc)
		byID[s.ID] = &s
		return err
	}); err != nil {
		return fmt.Errorf("read the notices' incidents: %w", err)
	}
	for i := range ns {
		if ns[i].Incident = byID[ns[i].IncidentID]; ns[i].Incident == nil {
			return kijun.Errorf(kijun.ENOTFOUND, "インシデント %d はありません", ns[i].IncidentID)
		}
	}
	return nil
}

// AcknowledgeNotice records that the person told has read the notice. A
// deputy may acknowledge for the holder they act for, and the holder for
// their deputy; nobody acknowledges a notice of their own report
// (3.2.10ア). Acknowledging twice changes nothing.
func (db *DB) AcknowledgeNotice(ctx context.Context, id int64, staffNo string) (Notice, error) {
	var n Notice
	err := db.Update(ctx, func(tx *Tx) error {
		ns, err := tx.notices(ctx, "n.id = ?", id)
		if err != nil {
			return err
		}
		if len(ns) == 0 {
			return kijun.Errorf(kijun.ENOTFOUND, "通知 %d はありません", id)
		}
		n = ns[0]
		if n.StaffNo != staffNo && n.Holder != staffNo {
			return kijun.Errorf(kijun.EFORBIDDEN, "この通知は %s さん宛てです", n.Name)
		}
		reporter, err := tx.incidentReporter(ctx, n.IncidentID)
		if err != nil {
			return err
		}
		if reporter == staffNo || n.Holder != "" && n.Holder == reporter {
			return kijun.Errorf(kijun.EFORBIDDEN, "自分が報告したインシデントの通知は確認できません。%sとしての確認は上位の方が行います（3.2.10ア）", n.Role.Label())
		}
		if !n.AcknowledgedAt.IsZero() {
			return nil
		}
		now := tx.db.Now()
		n.AcknowledgedAt = now
		if _, err := tx.ExecContext(ctx, "UPDATE incident_notices SET acknowledged_at = ? WHERE id = ?", storedTime(now), id); err != nil {
			return fmt.Errorf("acknowledge notice %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE incidents SET first_ack_at = ? WHERE id = ? AND first_ack_at = ''", storedTime(now), n.IncidentID); err != nil {
			return fmt.Errorf("acknowledge notice %d: %w", id, err)
		}
		if err := tx.incidentEvent(ctx, n.IncidentID, incidents.EventAcknowledged, n.Role.Label()+" "+n.Name+" が受領を確認しました"); err != nil {
			return err
		}
		_, err = tx.Record(ctx, Change{Action: "incident.acknowledge", Entity: "incident_notice", EntityID: fmt.Sprint(id), State: n, Provisions: []string{"7.3.1"}})
		return err
	})
	return n, err
}

// EscalateOverdue escalates every notice unacknowledged past its due time
// at now: the next role up the chain of 7.3.1 is told, with its own short
// deadline, and the overdue notice is marked escalated so that running
// again does nothing more. It returns the notices it made. The scheduler
// calls it every few minutes.
func (db *DB) EscalateOverdue(ctx context.Context, now time.Time) ([]Notice, error) {
	var made []Notice
	err := db.Update(ctx, func(tx *Tx) error {
		overdue, err := tx.notices(ctx, "n.acknowledged_at = '' AND n.escalated_at = '' AND n.due_at < ?", storedTime(now))
		if err != nil {
			return err
		}
		for _, n := range overdue {
			reporter, err := tx.incidentReporter(ctx, n.IncidentID)
			if err != nil {
				return err
			}
			next := Notice{IncidentID: n.IncidentID, EscalatedFrom: n.ID, Clause: n.Clause, NotifiedAt: now, DueAt: now.Add(incidents.EscalateWithin)}
			text := n.Role.Label() + " " + n.Name + " の受領確認が期限を過ぎました"
			// Climb the chain to the first role held by someone else.
			reached := false
			for role, scope, ok := incidents.Escalation(n.Role, organisation.ParseScope(n.Scope)); ok && !reached; role, scope, ok = incidents.Escalation(role, scope) {
				a, err := tx.actingFor(ctx, role, scope, organisation.Day(now))
				switch {
				case kijun.ErrorCode(err) == kijun.ENOTFOUND:
					text += "。上位の" + role.Label() + "が設定されていません"
					continue
				case err != nil:
					return err
				case a.Person.StaffNo == n.StaffNo, a.Person.StaffNo == reporter, a.Deputy() && a.Holder.Person.StaffNo == reporter: // 3.2.10ア
					continue
				}
				reached = true
				// Someone still to acknowledge a notice of their own is not
				// told twice: their notice is brought forward.
				open, err := tx.notices(ctx, "n.incident_id = ? AND n.staff_no = ? AND n.acknowledged_at = '' AND n.escalated_at = ''", n.IncidentID, a.Person.StaffNo)
				if err != nil {
					return err
				}
				if len(open) > 0 {
					if open[0].DueAt.After(next.DueAt) {
						if _, err := tx.ExecContext(ctx, "UPDATE incident_notices SET due_at = ? WHERE id = ?", storedTime(next.DueAt), open[0].ID); err != nil {
							return fmt.Errorf("bring notice %d forward: %w", open[0].ID, err)
						}
					}
					text += "。" + role.Label() + " " + a.Person.Name + " への通知の確認期限を早めました"
					break
				}
				next.Role, next.Scope, next.StaffNo, next.Name = role, scope.String(), a.Person.StaffNo, a.Person.Name
				next.Reason = n.Role.Label() + "の受領確認が期限までにないため上位者へ"
				if a.Deputy() {
					next.Holder = a.Holder.Person.StaffNo
				}
				if next.ID, err = tx.insertNotice(ctx, next); err != nil {
					return err
				}
				made = append(made, next)
				text += "。" + role.Label() + " " + a.Person.Name + " へ通知しました"
			}
			if !reached {
				text += "。これより上位の報告先はありません"
			}
			if _, err := tx.ExecContext(ctx, "UPDATE incident_notices SET escalated_at = ? WHERE id = ? AND escalated_at = ''", storedTime(now), n.ID); err != nil {
				return fmt.Errorf("escalate notice %d: %w", n.ID, err)
			}
			if err := tx.incidentEvent(ctx, n.IncidentID, incidents.EventEscalated, text); err != nil {
				return err
			}
			if _, err := tx.Record(ctx, Change{Action: "incident.escalate", Entity: "incident_notice", EntityID: fmt.Sprint(n.ID),
				State: next, Provisions: []string{"7.3.1"}}); err != nil {
				return err
			}
		}
		return nil
	})
	return made, err
}

// incidentReporter returns the staff number of who filed an incident.
func (tx *Tx) incidentReporter(ctx context.Context, id int64) (string, error) {
	var reporter string
	if err := tx.QueryRowContext(ctx, "SELECT reporter FROM incidents WHERE id = ?", id).Scan(&reporter); err != nil {
		return "", errNoRows(err, "インシデント %d はありません", id)
	}
	return reporter, nil
}
