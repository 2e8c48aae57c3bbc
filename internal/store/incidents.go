package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"kijun/internal/incidents"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// Notice is one person told of an incident (7.3.1), with when they must
// acknowledge it and when they did.
type Notice struct {
	ID             int64             `json:"id"`
	IncidentID     int64             `json:"incident_id"`
	Role           organisation.Role `json:"role"`
	Scope          string            `json:"scope"`
	StaffNo        string            `json:"staff_no"`
	Name           string            `json:"name"`
	Holder         string            `json:"holder,omitempty"` // the holder a deputy acts for
	Clause         string            `json:"clause"`
	Reason         string            `json:"reason"`
	NotifiedAt     time.Time         `json:"notified_at"`
	DueAt          time.Time         `json:"due_at"`
	AcknowledgedAt time.Time         `json:"acknowledged_at,omitzero"`
	EscalatedAt    time.Time         `json:"escalated_at,omitzero"`
	EscalatedFrom  int64             `json:"escalated_from,omitempty"`
	Incident       *IncidentSummary  `json:"incident,omitempty"`
}

// Overdue reports whether the notice is unacknowledged past its due time.
func (n Notice) Overdue(now time.Time) bool { return n.AcknowledgedAt.IsZero() && now.After(n.DueAt) }

// OutsideReport is a report made to an outside body.
type OutsideReport struct {
	Body      incidents.Body  `json:"body"`
	Stage     incidents.Stage `json:"stage"`
	MadeAt    time.Time       `json:"made_at"`
	MadeBy    string          `json:"made_by"`
	Reference string          `json:"reference,omitempty"`
}

// IncidentVersion is one version of a report in its history.
type IncidentVersion struct {
	Version   int64              `json:"version"`
	ChangedAt time.Time          `json:"changed_at"`
	ChangedBy string             `json:"changed_by"`
	Reason    string             `json:"reason,omitempty"`
	Incident  incidents.Incident `json:"incident"`
}

// IncidentFile is an incident with everything around it, for its page.
type IncidentFile struct {
	Incident    incidents.Incident     `json:"incident"`
	Notices     []Notice               `json:"notices"`
	Events      []incidents.Event      `json:"events"`
	Actions     []incidents.Action     `json:"actions"`
	Obligations []incidents.Obligation `json:"obligations"`
	Outside     []OutsideReport        `json:"outside"`
	Evidence    []incidents.Evidence   `json:"evidence"`
}

// Made returns the report made for an obligation, if any.
func (f IncidentFile) Made(o incidents.Obligation) (OutsideReport, bool) {
	for _, r := range f.Outside {
		if r.Body == o.Body && r.Stage == o.Stage {
			return r, true
		}
	}
	return OutsideReport{}, false
}

var incidentProvisions = []string{"7.3.1", "7.3.2"}

// FileIncident files a report (7.3.1ア), routes it to everyone 7.3.1 says
// must be told, and records both in the ledger, in one transaction. A
// wrong field is an EINVALID error wrapping *kijun.FieldErrors.
func (db *DB) FileIncident(ctx context.Context, in incidents.Incident) (incidents.Incident, []Notice, error) {
	var notices []Notice
	err := db.Update(ctx, func(tx *Tx) (err error) {
		in, notices, err = tx.fileIncident(ctx, in)
		return err
	})
	return in, notices, err
}

func (tx *Tx) fileIncident(ctx context.Context, in incidents.Incident) (incidents.Incident, []Notice, error) {
	now := tx.db.Now()
	in = in.Normalise()
	in.ID, in.Status, in.ReportedAt, in.UpdatedAt, in.Version = 0, incidents.StatusReported, now, now, 1
	in.Severity, in.TriagedAt, in.CISOReportAt, in.ContainedAt, in.ClosedAt = incidents.SeverityUnjudged, time.Time{}, time.Time{}, time.Time{}, time.Time{}
	in = tx.incidentContractOf(ctx, in)
	if err := tx.checkIncident(ctx, in, now); err != nil {
		return in, nil, err
	}
	var err error
	in.ID, err = tx.insertReturningID(ctx, `INSERT INTO incidents (title, kind, unit_code, reporter, status, severity, cause_kind, drill,
		discovered_at, reported_at, updated_at, version, body, contractor_id, contract_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		in.Title, in.Kind, in.Unit, in.Reporter, in.Status, in.Severity, in.CauseKind, boolInt(in.Drill),
		storedTime(in.DiscoveredAt), storedTime(now), storedTime(now), in.Version, "{}", in.ContractorID, in.ContractID)
	if err != nil {
		return in, nil, fmt.Errorf("file incident: %w", err)
	}
	if err := tx.writeIncident(ctx, in, "第一報", true); err != nil {
		return in, nil, err
	}
	what := "報告を受け付けました"
	if in.OnBehalfOf != "" {
		what += "（外部からの通報: " + in.OnBehalfOf + "）"
	}
	if in.Drill {
		what = "訓練として" + what
	}
	if err := tx.incidentEvent(ctx, in.ID, incidents.EventReported, what); err != nil {
		return in, nil, err
	}
	if _, err := tx.Record(ctx, Change{Action: "incident.report", Entity: "incident", EntityID: fmt.Sprint(in.ID), State: in, Provisions: incidentProvisions}); err != nil {
		return in, nil, err
	}
	notices, err := tx.routeIncident(ctx, in)
	return in, notices, err
}

// checkIncident checks the report's fields and that its 課, reporter,
// systems and assets exist.
func (tx *Tx) checkIncident(ctx context.Context, in incidents.Incident, now time.Time) error {
	fe := kijun.FieldErrors{Fields: in.Check(now)}
	exists := func(q string, arg any) bool {
		var n int
		return tx.QueryRowContext(ctx, q, arg).Scan(&n) == nil && n > 0
	}
	if in.Unit != "" && !exists("SELECT COUNT(*) FROM org_units WHERE code = ?", in.Unit) {
		fe.Add(incidents.FieldUnit, "課 %s はありません", in.Unit)
	}
	if in.Reporter != "" && !exists("SELECT COUNT(*) FROM org_people WHERE staff_no = ?", in.Reporter) {
		fe.Add(incidents.FieldReporter, "職員番号 %s の職員はいません", in.Reporter)
	}
	for _, s := range in.Systems {
		if !exists("SELECT COUNT(*) FROM systems WHERE id = ?", s) {
			fe.Add("systems", "情報システム %s は台帳にありません", s)
		}
	}
	for _, a := range in.Leak.AssetIDs {
		if !exists("SELECT COUNT(*) FROM assets WHERE id = ?", a) {
			fe.Add(incidents.FieldLeakAssets, "情報資産 %s は台帳にありません", a)
		}
	}
	tx.checkIncidentContractor(ctx, in, &fe)
	return fe.AsError()
}

// writeIncident writes the report's current row and a new version of its
// history; the row of every earlier version stays as it was.
func (tx *Tx) writeIncident(ctx context.Context, in incidents.Incident, reason string, first bool) error {
	in.ContractorName = "" // read from the register, so a renamed contractor shows as it is now
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE incidents SET title = ?, kind = ?, unit_code = ?, reporter = ?, status = ?, severity = ?,
		cause_kind = ?, drill = ?, discovered_at = ?, contained_at = ?, updated_at = ?, version = ?, body = ?, contractor_id = ?, contract_id = ? WHERE id = ?`,
		in.Title, in.Kind, in.Unit, in.Reporter, in.Status, in.Severity, in.CauseKind, boolInt(in.Drill),
		storedTime(in.DiscoveredAt), storedTime(in.ContainedAt), storedTime(in.UpdatedAt), in.Version, string(body), in.ContractorID, in.ContractID, in.ID); err != nil {
		return fmt.Errorf("save incident %d: %w", in.ID, err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO incident_versions (incident_id, version, changed_at, changed_by, reason, body) VALUES (?, ?, ?, ?, ?, ?)",
		in.ID, in.Version, storedTime(in.UpdatedAt), kijun.ActorFrom(ctx).ID, reason, string(body)); err != nil {
		return fmt.Errorf("keep version %d of incident %d: %w", in.Version, in.ID, err)
	}
	if !first {
		if _, err := tx.ExecContext(ctx, "DELETE FROM incident_assets WHERE incident_id = ?", in.ID); err != nil {
			return fmt.Errorf("save assets of incident %d: %w", in.ID, err)
		}
	}
	for _, a := range in.Leak.AssetIDs {
		if _, err := tx.ExecContext(ctx, "INSERT INTO incident_assets (incident_id, asset_id) VALUES (?, ?)", in.ID, a); err != nil {
			return fmt.Errorf("save assets of incident %d: %w", in.ID, err)
		}
	}
	return nil
}

func (tx *Tx) incidentEvent(ctx context.Context, id int64, kind incidents.EventKind, text string) error {
	a := kijun.ActorFrom(ctx)
	actor := a.ID
	if a.OnBehalfOf != "" {
		actor += " for " + a.OnBehalfOf
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO incident_events (incident_id, at, actor, kind, text) VALUES (?, ?, ?, ?, ?)",
		id, storedTime(tx.db.Now()), actor, kind, text); err != nil {
		return fmt.Errorf("add to the timeline of incident %d: %w", id, err)
	}
	return nil
}

// Incident returns one report as it stands, or an ENOTFOUND error.
func (db *DB) Incident(ctx context.Context, id int64) (incidents.Incident, error) {
	var in incidents.Incident
	err := db.View(ctx, func(tx *Tx) (err error) {
		in, err = tx.incident(ctx, id)
		return err
	})
	return in, err
}

func (tx *Tx) incident(ctx context.Context, id int64) (incidents.Incident, error) {
	var in incidents.Incident
	var body, firstAck string
	err := tx.QueryRowContext(ctx, "SELECT body, first_ack_at FROM incidents WHERE id = ?", id).Scan(&body, &firstAck)
	if errors.Is(err, sql.ErrNoRows) {
		return in, kijun.Errorf(kijun.ENOTFOUND, "インシデント %d はありません", id)
	}
	if err != nil {
		return in, fmt.Errorf("load incident %d: %w", id, err)
	}
	if err := json.Unmarshal([]byte(body), &in); err != nil {
		return in, fmt.Errorf("read incident %d: %w", id, err)
	}
	return in, nil
}

// IncidentFile returns an incident with its notices, timeline, actions,
// outside reports owed and made, and evidence, in one snapshot.
func (db *DB) IncidentFile(ctx context.Context, id int64) (IncidentFile, error) {
	var f IncidentFile
	err := db.View(ctx, func(tx *Tx) (err error) {
		if f.Incident, err = tx.incident(ctx, id); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT name FROM org_people WHERE staff_no = ?), ''),
			COALESCE((SELECT v.name FROM org_unit_versions v WHERE v.unit_code = ? ORDER BY v.valid_from DESC LIMIT 1), '')`,
			f.Incident.Reporter, f.Incident.Unit).Scan(&f.Incident.ReporterName, &f.Incident.UnitName); err != nil {
			return fmt.Errorf("load names for incident %d: %w", id, err)
		}
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE((SELECT name FROM org_contractors WHERE id = ?), '')",
			f.Incident.ContractorID).Scan(&f.Incident.ContractorName); err != nil {
			return fmt.Errorf("load names for incident %d: %w", id, err)
		}
		if f.Notices, err = tx.notices(ctx, "n.incident_id = ?", id); err != nil {
			return err
		}
		if err := tx.each(ctx, `SELECT e.id, e.at, e.actor, COALESCE(p.name, ''), e.kind, e.text FROM incident_events e
			LEFT JOIN org_people p ON p.staff_no = substr(e.actor, 8) AND substr(e.actor, 1, 7) = 'person:' WHERE e.incident_id = ? ORDER BY e.id`, []any{id}, func(sc scanner) error {
			ev := incidents.Event{IncidentID: id}
			var at string
			if err := sc.Scan(&ev.ID, &at, &ev.Actor, &ev.ActorName, &ev.Kind, &ev.Text); err != nil {
				return err
			}
			ev.At = parseStoredTime(at)
			f.Events = append(f.Events, ev)
			return nil
		}); err != nil {
			return fmt.Errorf("load timeline of incident %d: %w", id, err)
		}
		if f.Actions, err = tx.actions(ctx, id); err != nil {
			return err
		}
		if err := tx.each(ctx, "SELECT body, stage, made_at, made_by, reference FROM incident_outside_reports WHERE incident_id = ? ORDER BY made_at",
			[]any{id}, func(sc scanner) error {
				var r OutsideReport
				var at string
				if err := sc.Scan(&r.Body, &r.Stage, &at, &r.MadeBy, &r.Reference); err != nil {
					return err
				}
				r.MadeAt = parseStoredTime(at)
				f.Outside = append(f.Outside, r)
				return nil
			}); err != nil {
			return fmt.Errorf("load outside reports of incident %d: %w", id, err)
		}
		f.Evidence, err = tx.evidenceList(ctx, id)
		return err
	})
	f.Obligations = incidents.Obligations(f.Incident)
	return f, err
}

// IncidentHistory returns every version of a report, oldest first.
func (db *DB) IncidentHistory(ctx context.Context, id int64) ([]IncidentVersion, error) {
	var out []IncidentVersion
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT version, changed_at, changed_by, reason, body FROM incident_versions WHERE incident_id = ? ORDER BY version",
			[]any{id}, func(sc scanner) error {
				var v IncidentVersion
				var at, body string
				if err := sc.Scan(&v.Version, &at, &v.ChangedBy, &v.Reason, &body); err != nil {
					return err
				}
				v.ChangedAt = parseStoredTime(at)
				if err := json.Unmarshal([]byte(body), &v.Incident); err != nil {
					return err
				}
				out = append(out, v)
				return nil
			})
	})
	if err != nil {
		return nil, fmt.Errorf("load history of incident %d: %w", id, err)
	}
	return out, nil
}

// CorrectIncident replaces the reporter's items of 7.3.2 (and the facts
// routing reads) with those of c, at the version that was read, keeping
// the earlier version in the history. Anyone newly owed a notice, such as
// the CISO when the report becomes urgent, is told. The CSIRT's own
// fields are not changed by a correction.
func (db *DB) CorrectIncident(ctx context.Context, c incidents.Incident, reason string) (incidents.Incident, error) {
	var out incidents.Incident
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.updateIncident(ctx, c.ID, c.Version, "incident.correct", incidents.EventCorrected, "報告を訂正しました: "+reason,
			func(in *incidents.Incident) error {
				in.Title, in.Kind, in.DiscoveredAt, in.OccurredAt = c.Title, c.Kind, c.DiscoveredAt, c.OccurredAt
				in.OnBehalfOf, in.Description, in.Leak = c.OnBehalfOf, c.Description, c.Leak
				in.SupposedCause, in.Response, in.Recovery = c.SupposedCause, c.Response, c.Recovery
				in.Systems, in.SharedNetwork, in.Urgent, in.CrimeSuspected = c.Systems, c.SharedNetwork, c.Urgent, c.CrimeSuspected
				in.ContractorID, in.ContractID = c.ContractorID, c.ContractID
				return nil
			})
		if err != nil {
			return err
		}
		_, err = tx.routeIncident(ctx, out)
		return err
	})
	return out, err
}

// updateIncident loads the incident at version, applies change, checks
// and writes the result as a new version with its timeline event and
// ledger record.
func (tx *Tx) updateIncident(ctx context.Context, id, version int64, action string, ev incidents.EventKind, text string,
	change func(*incidents.Incident) error) (incidents.Incident, error) {
	in, err := tx.incident(ctx, id)
	if err != nil {
		return in, err
	}
	if version != 0 && in.Version != version {
		return in, kijun.Errorf(kijun.ECONFLICT, "インシデント %d は他の人が更新しました。読み込み直してください", id)
	}
	if err := change(&in); err != nil {
		return in, err
	}
	now := tx.db.Now()
	in = tx.incidentContractOf(ctx, in.Normalise())
	in.UpdatedAt, in.Version = now, in.Version+1
	if err := tx.checkIncident(ctx, in, now); err != nil {
		return in, err
	}
	if err := tx.writeIncident(ctx, in, text, false); err != nil {
		return in, err
	}
	if err := tx.incidentEvent(ctx, id, ev, text); err != nil {
		return in, err
	}
	_, err = tx.Record(ctx, Change{Action: action, Entity: "incident", EntityID: fmt.Sprint(id), State: in, Provisions: provisionsOf(action)})
	return in, err
}

func provisionsOf(action string) []string {
	switch action {
	case "incident.triage":
		return []string{"7.3.3.ア"}
	case "incident.ciso_report":
		return []string{"7.3.3.イ", "3.3.1.イ"}
	case "incident.cause":
		return []string{"7.3.3.エ"}
	case "incident.announce":
		return []string{"7.3.1.エ"}
	case "incident.debrief":
		return []string{"7.2.3"}
	}
	return incidentProvisions
}

// TriageIncident records the CSIRT's judgement (7.3.3ア). A report judged
// serious is routed again, so the CISO is told at once (7.3.1イ).
func (db *DB) TriageIncident(ctx context.Context, id, version int64, t incidents.Triage) (incidents.Incident, error) {
	if fe := t.Check(); len(fe) > 0 {
		return incidents.Incident{}, (&kijun.FieldErrors{Fields: fe}).AsError()
	}
	text := "インシデントではないと評価しました"
	if t.IsIncident {
		text = "インシデントと評価しました（重要度: " + t.Severity.Label() + "）"
	}
	if t.Note != "" {
		text += ": " + t.Note
	}
	var out incidents.Incident
	err := db.Update(ctx, func(tx *Tx) (err error) {
		out, err = tx.updateIncident(ctx, id, version, "incident.triage", incidents.EventTriaged, text, func(in *incidents.Incident) error {
			*in = t.Apply(*in, tx.db.Now())
			return nil
		})
		if err == nil && t.IsIncident {
			_, err = tx.routeIncident(ctx, out)
		}
		return err
	})
	return out, err
}

// ReportIncidentToCISO records the CSIRT's report to the CISO (7.3.3イ).
func (db *DB) ReportIncidentToCISO(ctx context.Context, id, version int64, note string) (incidents.Incident, error) {
	return db.simpleIncidentStep(ctx, id, version, "incident.ciso_report", incidents.EventCISOReport, "CISO へ報告しました（7.3.3イ）", note,
		func(in *incidents.Incident, now time.Time) error {
			if in.Status != incidents.StatusResponding && in.Status != incidents.StatusContained {
				return kijun.Errorf(kijun.ECONFLICT, "インシデントと評価してから CISO へ報告してください（7.3.3イ）")
			}
			in.CISOReportAt = now
			return nil
		})
}

// RecordIncidentCause records the root cause the CSIRT found (7.3.3エ)
// and the 委託事業者 (and contract) involved, which replace those the
// report named; a cause of 委託先 must name the contractor (10.1).
func (db *DB) RecordIncidentCause(ctx context.Context, id, version int64, f incidents.Finding) (incidents.Incident, error) {
	cause, text := f.Cause, f.Text
	return db.simpleIncidentStep(ctx, id, version, "incident.cause", incidents.EventCause, "原因を記録しました（"+cause.Label()+"）", text,
		func(in *incidents.Incident, _ time.Time) error {
			var fe kijun.FieldErrors
			if cause.Label() == "" || cause == incidents.CauseUnknown {
				fe.Add(incidents.FieldCauseKind, "原因の分類を選んでください")
			}
			if text == "" {
				fe.Add(incidents.FieldRootCause, "原因（7.3.3エ）を入力してください")
			}
			if cause == incidents.CauseContractor && f.ContractorID == "" && f.ContractID == "" {
				fe.Add(incidents.FieldContractor, "原因が委託先のときは、委託事業者を選んでください（10.1）")
			}
			if err := fe.AsError(); err != nil {
				return err
			}
			in.RootCause, in.CauseKind = text, cause
			in.ContractorID, in.ContractID = f.ContractorID, f.ContractID
			return nil
		})
}

// DecideAnnouncement records the 7.3.1エ decision on telling the press.
func (db *DB) DecideAnnouncement(ctx context.Context, id, version int64, announce bool, reason string) (incidents.Incident, error) {
	d, text := "no", "公表しないと判断しました"
	if announce {
		d, text = "announce", "報道機関へ通知・公表すると判断しました"
	}
	return db.simpleIncidentStep(ctx, id, version, "incident.announce", incidents.EventAnnounce, text+"（7.3.1エ）", reason,
		func(in *incidents.Incident, _ time.Time) error {
			in.Announce, in.AnnounceReason = d, reason
			return nil
		})
}

// MarkContained records that the damage has stopped spreading.
func (db *DB) MarkContained(ctx context.Context, id, version int64, note string) (incidents.Incident, error) {
	return db.simpleIncidentStep(ctx, id, version, "incident.contain", incidents.EventContained, "被害の拡大を防止しました", note,
		func(in *incidents.Incident, now time.Time) error {
			if in.Status != incidents.StatusResponding {
				return kijun.Errorf(kijun.ECONFLICT, "対応中のインシデントだけを封じ込め済みにできます")
			}
			in.Status, in.ContainedAt = incidents.StatusContained, now
			return nil
		})
}

// RecordDebrief records a drill's debrief: what to improve (7.2.3).
func (db *DB) RecordDebrief(ctx context.Context, id, version int64, text string) (incidents.Incident, error) {
	return db.simpleIncidentStep(ctx, id, version, "incident.debrief", incidents.EventDebrief, "訓練の振り返りを記録しました（7.2.3）", text,
		func(in *incidents.Incident, _ time.Time) error {
			if !in.Drill {
				return kijun.Errorf(kijun.EINVALID, "振り返りは訓練にだけ記録します")
			}
			if text == "" {
				return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: incidents.FieldDebrief, Message: "改善すべき点を入力してください"}}}).AsError()
			}
			in.Debrief = text
			return nil
		})
}

// CloseIncident closes an incident when incidents.CanClose allows it.
func (db *DB) CloseIncident(ctx context.Context, id, version int64) (incidents.Incident, error) {
	var out incidents.Incident
	err := db.Update(ctx, func(tx *Tx) error {
		acts, err := tx.actions(ctx, id)
		if err != nil {
			return err
		}
		out, err = tx.updateIncident(ctx, id, version, "incident.close", incidents.EventClosed, "完了しました", func(in *incidents.Incident) error {
			if why := incidents.CanClose(*in, acts); len(why) > 0 {
				return kijun.Errorf(kijun.ECONFLICT, "まだ完了できません: %s", strings.Join(why, "／"))
			}
			if in.Status == incidents.StatusClosed {
				return kijun.Errorf(kijun.ECONFLICT, "すでに完了しています")
			}
			in.Status, in.ClosedAt = incidents.StatusClosed, tx.db.Now()
			return nil
		})
		return err
	})
	return out, err
}

func (db *DB) simpleIncidentStep(ctx context.Context, id, version int64, action string, ev incidents.EventKind, text, note string,
	change func(*incidents.Incident, time.Time) error) (incidents.Incident, error) {
	if note != "" {
		text += ": " + note
	}
	var out incidents.Incident
	err := db.Update(ctx, func(tx *Tx) (err error) {
		out, err = tx.updateIncident(ctx, id, version, action, ev, text, func(in *incidents.Incident) error { return change(in, tx.db.Now()) })
		return err
	})
	return out, err
}

// RecordOutsideReport records that a report owed to an outside body was
// made (3.3.2イ, 7.3.1エ・オ, 8.5.3), with the body's reference if any.
func (db *DB) RecordOutsideReport(ctx context.Context, id int64, body incidents.Body, stage incidents.Stage, madeAt time.Time, reference string) error {
	return db.Update(ctx, func(tx *Tx) error {
		in, err := tx.incident(ctx, id)
		if err != nil {
			return err
		}
		owed := false
		for _, o := range incidents.Obligations(in) {
			owed = owed || (o.Body == body && o.Stage == stage)
		}
		if !owed {
			return kijun.Errorf(kijun.EINVALID, "%sへの%sはこのインシデントでは求められていません", body.Label(), stage.Label())
		}
		if madeAt.IsZero() {
			madeAt = tx.db.Now()
		}
		if madeAt.After(tx.db.Now().Add(time.Minute)) || madeAt.Before(in.DiscoveredAt) {
			return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: "made_at", Message: "報告した日時は判明した日時から現在までの間にしてください"}}}).AsError()
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO incident_outside_reports (incident_id, body, stage, made_at, made_by, reference) VALUES (?, ?, ?, ?, ?, ?)",
			id, body, stage, storedTime(madeAt), kijun.ActorFrom(ctx).ID, reference); err != nil {
			return kijun.Wrap(kijun.ECONFLICT, err, "%sへの%sはすでに記録されています", body.Label(), stage.Label())
		}
		text := body.Label() + "へ" + stage.Label() + "しました"
		if in.Drill {
			text = "（訓練）" + text
		}
		if reference != "" {
			text += "（" + reference + "）"
		}
		if err := tx.incidentEvent(ctx, id, incidents.EventOutside, text); err != nil {
			return err
		}
		_, err = tx.Record(ctx, Change{Action: "incident.outside_report", Entity: "incident", EntityID: fmt.Sprint(id),
			State: OutsideReport{Body: body, Stage: stage, MadeAt: madeAt, Reference: reference}, Provisions: []string{"3.3.2.イ", "7.3.1.オ"}})
		return err
	})
}
