package store

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"kijun/internal/audits"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// workOn loads an audit for a change by who: the audit director, the
// console, or an auditor named on it, each independent of its subject
// on the day (11.1.2, checked again at every record of work), on an
// approved plan's audit whose report has not gone.
func (tx *Tx) workOn(ctx context.Context, who audits.Actor, id int64) (audits.Audit, error) {
	return tx.auditFor(ctx, who, id, true)
}

// auditFor loads an audit for a change by who, as workOn does; the
// independence of who is checked only when what they record is work on
// the audit (independent), not when the director submits its report.
func (tx *Tx) auditFor(ctx context.Context, who audits.Actor, id int64, independent bool) (audits.Audit, error) {
	a, err := tx.audit(ctx, id)
	if err != nil {
		return a, err
	}
	if !who.Console {
		named := slices.ContainsFunc(a.Auditors, func(x audits.Auditor) bool { return !x.External && x.StaffNo == who.StaffNo && x.StaffNo != "" })
		if !named && !who.Director {
			return a, kijun.Errorf(kijun.EFORBIDDEN, "監査 %d の作業を記録できるのは、この監査の監査人と監査統括責任者です（11.1.2）", id)
		}
		if who.StaffNo != "" && independent {
			me := audits.Auditor{StaffNo: who.StaffNo}
			if i := slices.IndexFunc(a.Auditors, func(x audits.Auditor) bool { return x.StaffNo == who.StaffNo }); i >= 0 {
				me = a.Auditors[i]
			}
			// Independence on the day of the work as well as over the
			// audit's window: a transfer into the 課 since the plan counts.
			now := a
			if today := organisation.Day(tx.db.Now()); today.After(now.Ends) {
				now.Ends = today
			}
			cs, err := tx.conflicts(ctx, now, []audits.Auditor{me})
			if err != nil {
				return a, err
			}
			if len(cs) > 0 {
				msgs := make([]string, len(cs))
				for i, c := range cs {
					msgs[i] = c.String()
				}
				return a, kijun.Errorf(kijun.EFORBIDDEN, "監査人の独立性（11.1.2）により、監査 %d の作業を記録できません: %s", id, strings.Join(msgs, "／"))
			}
		}
	}
	p, err := tx.plan(ctx, a.PlanID)
	if err != nil {
		return a, err
	}
	if p.State != audits.PlanApproved {
		return a, kijun.Errorf(kijun.ECONFLICT, "監査 %d の計画は CISO の承認前です。承認されてから実施してください（11.1.3）", id)
	}
	if a.State == audits.StateSubmitted {
		return a, kijun.Errorf(kijun.ECONFLICT, "監査 %d の報告は CISO に提出済みです。記録は変えられません（11.1.5）", id)
	}
	return a, nil
}

// startWork moves a planned audit into fieldwork at its first record.
func (tx *Tx) startWork(ctx context.Context, a *audits.Audit) error {
	if a.State != audits.StatePlanned {
		return nil
	}
	a.State, a.Version = audits.StateFieldwork, a.Version+1
	if _, err := tx.ExecContext(ctx, "UPDATE audits SET state = ?, version = ? WHERE id = ?", a.State, a.Version, a.ID); err != nil {
		return fmt.Errorf("start audit %d: %w", a.ID, err)
	}
	_, err := tx.Record(ctx, Change{Action: "audit.start", Entity: "audit", EntityID: fmt.Sprint(a.ID), State: a, Provisions: []string{"11.1.3"}})
	return err
}

// Work is one record of work on an audit.
type Work struct {
	ID      int64     `json:"id"`
	AuditID int64     `json:"audit_id"`
	StaffNo string    `json:"staff_no"`
	Note    string    `json:"note"`
	At      time.Time `json:"at"`
}

// RecordWork records an auditor's work on an audit (a meeting, a review of
// documents), after checking their independence again.
func (db *DB) RecordWork(ctx context.Context, who audits.Actor, auditID int64, note string) (Work, error) {
	w := Work{AuditID: auditID, StaffNo: who.StaffNo, Note: strings.TrimSpace(note)}
	var fe kijun.FieldErrors
	if w.Note == "" {
		fe.Add("work_note", "実施した作業の内容を入力してください")
	}
	fe.Text("work_note", "作業の内容", w.Note, 4000, true)
	if err := fe.AsError(); err != nil {
		return w, err
	}
	err := db.Update(ctx, func(tx *Tx) error {
		a, err := tx.workOn(ctx, who, auditID)
		if err != nil {
			return err
		}
		if err := tx.startWork(ctx, &a); err != nil {
			return err
		}
		w.At = tx.db.Now()
		if w.ID, err = tx.insertReturningID(ctx, "INSERT INTO audit_work (audit_id, staff_no, note, at) VALUES (?, ?, ?, ?) RETURNING id",
			auditID, w.StaffNo, w.Note, storedTime(w.At)); err != nil {
			return fmt.Errorf("record work on audit %d: %w", auditID, err)
		}
		_, err = tx.Record(ctx, Change{Action: "audit.work", Entity: "audit_work", EntityID: fmt.Sprint(w.ID), State: w, Provisions: []string{"11.1.2", "11.1.6"}})
		return err
	})
	return w, err
}

// registerQuery is the SQL listing the IDs of a register's records kept by
// the units in scope.
func registerQuery(r audits.Register) string {
	table := map[audits.Register]string{audits.RegisterAssets: "assets", audits.RegisterDevices: "devices", audits.RegisterMedia: "media", audits.RegisterSystems: "systems"}[r]
	return "SELECT id FROM " + table + " WHERE unit_code IN "
}

// DrawSample draws n records of a register kept by the audit's subject by
// a seeded random draw, recording the seed and the population so the same
// sample can be shown again. One draw per audit and register: a second is
// refused, as a redraw would let an auditor pick the sample.
func (db *DB) DrawSample(ctx context.Context, who audits.Actor, auditID int64, r audits.Register, n int) (audits.Sample, error) {
	s := audits.Sample{AuditID: auditID, Register: r, Size: n}
	if !r.Valid() {
		return s, (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: "register", Message: "抽出する台帳を選んでください"}}}).AsError()
	}
	if err := audits.CheckSize(n); err != nil {
		return s, err
	}
	var seed [8]byte
	if _, err := rand.Read(seed[:]); err != nil {
		return s, fmt.Errorf("seed the draw: %w", err)
	}
	s.Seed = binary.BigEndian.Uint64(seed[:])
	err := db.Update(ctx, func(tx *Tx) error {
		a, err := tx.workOn(ctx, who, auditID)
		if err != nil {
			return err
		}
		var have int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM audit_samples WHERE audit_id = ? AND register = ?", auditID, r).Scan(&have); err != nil {
			return fmt.Errorf("look up sample: %w", err)
		}
		if have > 0 {
			return kijun.Errorf(kijun.ECONFLICT, "監査 %d の%sからは既に標本を抽出しています。抽出は一度だけです（記録された乱数の種で同じ標本を再表示できます）", auditID, r.Label())
		}
		subject, err := tx.auditSubject(ctx, a)
		if err != nil {
			return err
		}
		var keys []any
		if r == audits.RegisterSystems {
			for id := range subject.Systems {
				keys = append(keys, id)
			}
		} else {
			for u := range subject.Units {
				keys = append(keys, u)
			}
		}
		q := registerQuery(r)
		if r == audits.RegisterSystems {
			q = "SELECT id FROM systems WHERE id IN "
		}
		if len(keys) > 0 {
			if err := tx.eachIn(ctx, q, keys, func(sc scanner) error {
				var id string
				err := sc.Scan(&id)
				s.Population = append(s.Population, id)
				return err
			}); err != nil {
				return fmt.Errorf("read the %s of audit %d: %w", r, auditID, err)
			}
		}
		if len(s.Population) == 0 {
			return kijun.Errorf(kijun.EINVALID, "監査 %d の対象には%sの記録がありません", auditID, r.Label())
		}
		slices.Sort(s.Population)
		s.Drawn = audits.Draw(s.Seed, s.Population, n)
		s.DrawnBy, s.DrawnAt = kijun.ActorFrom(ctx).ID, tx.db.Now()
		if err := tx.startWork(ctx, &a); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO audit_samples (audit_id, register, seed, size, population, drawn, drawn_by, drawn_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			auditID, r, strconv.FormatUint(s.Seed, 10), n, strings.Join(s.Population, "\n"), strings.Join(s.Drawn, "\n"), s.DrawnBy, storedTime(s.DrawnAt)); err != nil {
			return fmt.Errorf("keep sample of audit %d: %w", auditID, err)
		}
		_, err = tx.Record(ctx, Change{Action: "audit.sample", Entity: "audit_sample", EntityID: fmt.Sprintf("%d/%s", auditID, r), State: s, Provisions: []string{"11.1.6"}})
		return err
	})
	return s, err
}

// RecordVerdict records the verdict on one sampled record: conforms or
// not, with a note. A record outside the sample is refused.
func (db *DB) RecordVerdict(ctx context.Context, who audits.Actor, auditID int64, r audits.Register, recordID string, conforms bool, note string) (audits.Verdict, error) {
	v := audits.Verdict{RecordID: strings.TrimSpace(recordID), Conforms: conforms, Note: strings.TrimSpace(note)}
	var fe kijun.FieldErrors
	if !conforms && v.Note == "" {
		fe.Add("verdict_note", "適合しない理由を入力してください")
	}
	fe.Text("verdict_note", "所見", v.Note, 4000, true)
	if err := fe.AsError(); err != nil {
		return v, err
	}
	err := db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.workOn(ctx, who, auditID); err != nil {
			return err
		}
		var drawn string
		if err := tx.QueryRowContext(ctx, "SELECT drawn FROM audit_samples WHERE audit_id = ? AND register = ?", auditID, r).Scan(&drawn); err != nil {
			return kijun.Errorf(kijun.EINVALID, "監査 %d の%sからはまだ標本を抽出していません", auditID, r.Label())
		}
		if !slices.Contains(strings.Split(drawn, "\n"), v.RecordID) {
			return kijun.Errorf(kijun.EINVALID, "%s %s は監査 %d の標本にありません", r.Label(), v.RecordID, auditID)
		}
		v.By, v.At = who.StaffNo, tx.db.Now()
		if v.By == "" {
			v.By = kijun.ActorFrom(ctx).ID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_verdicts (audit_id, register, record_id, conforms, note, by_staff, at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (audit_id, register, record_id) DO UPDATE SET conforms = excluded.conforms, note = excluded.note, by_staff = excluded.by_staff, at = excluded.at`,
			auditID, r, v.RecordID, boolInt(conforms), v.Note, v.By, storedTime(v.At)); err != nil {
			return fmt.Errorf("record verdict: %w", err)
		}
		_, err := tx.Record(ctx, Change{Action: "audit.verdict", Entity: "audit_verdict", EntityID: fmt.Sprintf("%d/%s/%s", auditID, r, v.RecordID), State: v, Provisions: []string{"11.1.6"}})
		return err
	})
	return v, err
}

// samples returns an audit's samples with their verdicts.
func (tx *Tx) samples(ctx context.Context, auditID int64) ([]audits.Sample, error) {
	var out []audits.Sample
	if err := tx.each(ctx, "SELECT register, seed, size, population, drawn, drawn_by, drawn_at FROM audit_samples WHERE audit_id = ? ORDER BY register", []any{auditID}, func(sc scanner) error {
		s := audits.Sample{AuditID: auditID}
		var seed, pop, drawn, at string
		if err := sc.Scan(&s.Register, &seed, &s.Size, &pop, &drawn, &s.DrawnBy, &at); err != nil {
			return err
		}
		s.Seed, _ = strconv.ParseUint(seed, 10, 64)
		s.Population, s.Drawn, s.DrawnAt = strings.Split(pop, "\n"), strings.Split(drawn, "\n"), parseStoredTime(at)
		out = append(out, s)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("list samples of audit %d: %w", auditID, err)
	}
	for i := range out {
		if err := tx.each(ctx, "SELECT record_id, conforms, note, by_staff, at FROM audit_verdicts WHERE audit_id = ? AND register = ? ORDER BY record_id",
			[]any{auditID, out[i].Register}, func(sc scanner) error {
				var v audits.Verdict
				var c int
				var at string
				err := sc.Scan(&v.RecordID, &c, &v.Note, &v.By, &at)
				v.Conforms, v.At = c != 0, parseStoredTime(at)
				out[i].Verdicts = append(out[i].Verdicts, v)
				return err
			}); err != nil {
			return nil, fmt.Errorf("list verdicts of audit %d: %w", auditID, err)
		}
	}
	return out, nil
}
