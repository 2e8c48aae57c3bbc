package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"kijun/internal/audits"
	"kijun/internal/corrective"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// FindingAction is what the corrective action opened by a finding says
// beyond the finding itself: who owns it and by when (11.1.7).
type FindingAction struct {
	OwnerRole  organisation.Role
	OwnerScope organisation.Scope // empty: the finding's 課
	Due        time.Time
}

// AddFinding records a finding of an audit (11.1.5), citing provisions and
// a severity, and opens its corrective action (11.1.7) in the same
// transaction: both are written, or neither.
func (db *DB) AddFinding(ctx context.Context, who audits.Actor, auditID int64, f audits.Finding, fa FindingAction) (audits.Finding, error) {
	f.AuditID, f.Text, f.Unit = auditID, strings.TrimSpace(f.Text), strings.TrimSpace(f.Unit)
	f.Provisions = audits.SplitList(strings.Join(f.Provisions, " "))
	fe := kijun.FieldErrors{Fields: f.Check()}
	if fa.Due.IsZero() {
		fe.Add("finding_due", "是正の期限を 2026-09-30 のように入力してください")
	}
	if err := fe.AsError(); err != nil {
		return f, err
	}
	if fa.OwnerRole == "" {
		fa.OwnerRole = organisation.RoleInfoManager
	}
	if fa.OwnerScope.Kind == "" {
		fa.OwnerScope = organisation.UnitScope(f.Unit)
	}
	err := db.Update(ctx, func(tx *Tx) error {
		a, err := tx.workOn(ctx, who, auditID)
		if err != nil {
			return err
		}
		if !tx.inAuditScope(ctx, a, f.Unit) {
			return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: "finding_unit", Message: fmt.Sprintf("課 %s は監査 %d の対象ではありません", f.Unit, auditID)}}}).AsError()
		}
		if err := tx.startWork(ctx, &a); err != nil {
			return err
		}
		f.CreatedBy, f.CreatedAt = kijun.ActorFrom(ctx).ID, tx.db.Now()
		if f.ID, err = tx.insertReturningID(ctx, `INSERT INTO audit_findings (audit_id, provisions, severity, unit_code, text, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, auditID, strings.Join(f.Provisions, " "), f.Severity, f.Unit, f.Text, f.CreatedBy, storedTime(f.CreatedAt)); err != nil {
			return fmt.Errorf("record finding of audit %d: %w", auditID, err)
		}
		title := []rune(f.Text)
		if len(title) > 60 {
			title = append(title[:60], '…')
		}
		act, err := tx.CreateCorrective(ctx, corrective.Officer{Auditor: true, Console: who.Console, StaffNo: who.StaffNo}, corrective.Action{
			Source: corrective.Source{Kind: corrective.SourceAuditFinding, ID: fmt.Sprint(f.ID)}, Unit: f.Unit,
			OwnerRole: fa.OwnerRole, OwnerScope: fa.OwnerScope, Title: "監査指摘: " + string(title), Provisions: f.Provisions, Due: fa.Due,
		})
		if err != nil {
			return err
		}
		f.ActionID = act.ID
		if _, err := tx.ExecContext(ctx, "UPDATE audit_findings SET action_id = ? WHERE id = ?", act.ID, f.ID); err != nil {
			return fmt.Errorf("link finding %d to its action: %w", f.ID, err)
		}
		_, err = tx.Record(ctx, Change{Action: "audit.finding", Entity: "audit_finding", EntityID: fmt.Sprint(f.ID), State: f, Provisions: []string{"11.1.5", "11.1.7"}})
		return err
	})
	return f, err
}

// inAuditScope reports whether unit is one the audit looks at: a unit in
// scope or below one, or the keeper of a system in scope.
func (tx *Tx) inAuditScope(ctx context.Context, a audits.Audit, unit string) bool {
	s, err := tx.auditSubject(ctx, a)
	if err != nil {
		return false
	}
	if s.Units[unit] {
		return true
	}
	for _, u := range s.Systems {
		if u == unit {
			return true
		}
	}
	return false
}

const auditFindingColumns = "f.id, f.audit_id, f.provisions, f.severity, f.unit_code, " + "COALESCE((SELECT v.name FROM org_unit_versions v WHERE v.unit_code = f.unit_code ORDER BY v.valid_from DESC LIMIT 1), f.unit_code)" + ", f.text, f.action_id, f.created_by, f.created_at"

func scanAuditFinding(sc scanner) (audits.Finding, error) {
	var f audits.Finding
	var provisions, at string
	err := sc.Scan(&f.ID, &f.AuditID, &provisions, &f.Severity, &f.Unit, &f.UnitName, &f.Text, &f.ActionID, &f.CreatedBy, &at)
	f.Provisions, f.CreatedAt = strings.Fields(provisions), parseStoredTime(at)
	return f, err
}

// AuditFinding returns one finding.
func (db *DB) AuditFinding(ctx context.Context, id int64) (audits.Finding, error) {
	var f audits.Finding
	err := db.View(ctx, func(tx *Tx) (err error) {
		f, err = scanAuditFinding(tx.QueryRowContext(ctx, "SELECT "+auditFindingColumns+" FROM audit_findings f WHERE f.id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return kijun.Errorf(kijun.ENOTFOUND, "監査の指摘 %d はありません", id)
		}
		return err
	})
	return f, err
}

// AddAuditEvidence keeps a working paper or piece of evidence of an audit
// with its SHA-256, until the end of the city's retention (11.1.6).
func (db *DB) AddAuditEvidence(ctx context.Context, who audits.Actor, e audits.Evidence, data []byte) (audits.Evidence, error) {
	if int64(len(data)) > audits.MaxEvidenceBytes {
		return e, (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: "file", Message: kijun.ErrorMessage(audits.TooLarge(int64(len(data))))}}}).AsError()
	}
	var fe kijun.FieldErrors
	if !sealEvidence(&e.File, data) {
		fe.Add("file", "証拠のファイルを選んでください")
	}
	fe.Text("file", "ファイル名", e.Name, 255, false)
	fe.Text("evidence_note", "説明", e.Note, 1000, true)
	if err := fe.AsError(); err != nil {
		return e, err
	}
	years, err := db.retentionYears(ctx)
	if err != nil {
		return e, err
	}
	err = db.Update(ctx, func(tx *Tx) error {
		a, err := tx.workOn(ctx, who, e.AuditID)
		if err != nil {
			return err
		}
		if err := tx.startWork(ctx, &a); err != nil {
			return err
		}
		e.UploadedAt = tx.db.Now()
		e.KeepUntil = organisation.Day(e.UploadedAt).AddDate(years, 0, 0)
		if err := tx.keepEvidence(ctx, auditEvidence, []any{e.AuditID}, []any{dateArg(e.KeepUntil)}, &e.File, data); err != nil {
			return err
		}
		_, err = tx.Record(ctx, Change{Action: "audit.evidence", Entity: "audit_evidence", EntityID: fmt.Sprint(e.ID), State: e, Provisions: []string{"11.1.6"}})
		return err
	})
	return e, err
}

// retentionYears reads the city's retention of audit evidence (11.1.6).
func (db *DB) retentionYears(ctx context.Context) (int, error) {
	v, err := db.Setting(ctx, audits.RetentionSetting)
	if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return 0, err
	}
	return audits.ParseRetention(v)
}

// auditEvidence keeps the working papers and evidence of audits (11.1.6).
var auditEvidence = evidenceTable{name: "audit_evidence", owner: []string{"audit_id"}, extra: []string{"keep_until"}, note: true}

func scanAuditEvidence(sc scanner, data *[]byte) (audits.Evidence, error) {
	var e audits.Evidence
	var keep string
	err := auditEvidence.scan(sc, &e.File, []any{&e.AuditID}, []any{&keep}, data)
	e.KeepUntil = organisation.StoredDate(keep)
	return e, err
}

// AuditEvidenceFile returns one evidence file and its bytes, after checking
// the bytes still have the hash taken at upload.
func (db *DB) AuditEvidenceFile(ctx context.Context, auditID, id int64) (audits.Evidence, []byte, error) {
	var e audits.Evidence
	var data []byte
	err := db.View(ctx, func(tx *Tx) (err error) {
		e, err = scanAuditEvidence(tx.QueryRowContext(ctx, auditEvidence.selectFrom([]string{"id", "audit_id"}, true), id, auditID), &data)
		if errors.Is(err, sql.ErrNoRows) {
			return kijun.Errorf(kijun.ENOTFOUND, "証拠 %d はこの監査にありません", id)
		}
		if err != nil {
			return err
		}
		// 11.1.6: a disposed file is gone; its record stays.
		if on, err := tx.disposedOn(ctx, id); err != nil || on != "" {
			if on != "" {
				return kijun.Errorf(kijun.ENOTFOUND, "証拠 %d（%s）は %s に許可を得て廃棄されました。記録（SHA-256 %s）だけが残っています（11.1.6）", id, e.Name, on, e.SHA256)
			}
			return err
		}
		return nil
	})
	if err != nil {
		return e, nil, err
	}
	return e, data, checkEvidence(e.File, data)
}

// EvidenceForDisposal lists the audit evidence whose retention ended by
// day (11.1.6) and that is not disposed of yet: to be disposed of by
// permit (DisposeAuditEvidence), never deleted silently.
func (db *DB) EvidenceForDisposal(ctx context.Context, day time.Time) ([]audits.Evidence, error) {
	var out []audits.Evidence
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT "+strings.Join(auditEvidence.columns(), ", ")+" FROM audit_evidence WHERE keep_until < ? AND id NOT IN (SELECT evidence_id FROM audit_evidence_disposals) ORDER BY keep_until, id", []any{dateArg(day)}, func(sc scanner) error {
			e, err := scanAuditEvidence(sc, nil)
			out = append(out, e)
			return err
		})
	})
	return out, err
}

// SubmitReport sends an audit's report to the CISO (11.1.5): by the audit
// director, with the conclusion; the submission is a ledger record and
// the audit's records are closed from then on.
func (db *DB) SubmitReport(ctx context.Context, who audits.Actor, auditID, version int64, summary string) (audits.Audit, error) {
	var a audits.Audit
	if !who.Director && !who.Console {
		return a, kijun.Errorf(kijun.EFORBIDDEN, "監査の報告を CISO に提出するのは情報セキュリティ監査統括責任者です（11.1.5）")
	}
	summary = strings.TrimSpace(summary)
	var fe kijun.FieldErrors
	if summary == "" {
		fe.Add(audits.FieldSummary, "監査の結論を入力してください")
	}
	fe.Text(audits.FieldSummary, "結論", summary, 8000, true)
	if err := fe.AsError(); err != nil {
		return a, err
	}
	err := db.Update(ctx, func(tx *Tx) (err error) {
		if a, err = tx.auditFor(ctx, who, auditID, false); err != nil {
			return err
		}
		if version != 0 && a.Version != version {
			return kijun.Errorf(kijun.ECONFLICT, "この監査は他の人が更新しました。読み込み直してください")
		}
		if a.State != audits.StateFieldwork {
			return kijun.Errorf(kijun.ECONFLICT, "監査 %d はまだ実施の記録がありません。実施してから報告してください", auditID)
		}
		now := tx.db.Now()
		a.State, a.Summary, a.SubmittedBy, a.SubmittedAt, a.Version = audits.StateSubmitted, summary, kijun.ActorFrom(ctx).ID, now, a.Version+1
		if _, err := tx.ExecContext(ctx, "UPDATE audits SET state = ?, summary = ?, submitted_by = ?, submitted_at = ?, version = ? WHERE id = ?",
			a.State, a.Summary, a.SubmittedBy, storedTime(now), a.Version, auditID); err != nil {
			return fmt.Errorf("submit report of audit %d: %w", auditID, err)
		}
		_, err = tx.Record(ctx, Change{Action: "audit.report.submit", Entity: "audit", EntityID: fmt.Sprint(auditID), State: a, Provisions: []string{"11.1.5"}})
		return err
	})
	return a, err
}
