package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"kijun/internal/audits"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
)

// Fields of the disposal form, where its refusals are shown.
const (
	FieldDisposalPermit   = "permit"
	FieldDisposalEvidence = "evidence"
)

// DisposeAuditEvidence disposes of evidence files past their retention
// (11.1.6), by the audit director who keeps them (3.1.9), under a request
// of type audits.DisposalPermitType that the CISO approved and that names
// every file. Each file's bytes are removed; its record (name, SHA-256)
// stays with who disposed of it, when and under which request, in the
// transaction of one ledger record per file. Nothing is written when any
// file is refused.
func (db *DB) DisposeAuditEvidence(ctx context.Context, who audits.Actor, permitID int64, ids []int64) ([]audits.Disposal, error) {
	if !who.Director && !who.Console {
		return nil, kijun.Errorf(kijun.EFORBIDDEN, "監査証拠・監査調書を廃棄するのは情報セキュリティ監査統括責任者です（3.1.9、11.1.6）")
	}
	var fe kijun.FieldErrors
	if permitID <= 0 {
		fe.Add(FieldDisposalPermit, "CISO の許可を得た申請（監査証拠・監査調書の廃棄）の申請番号を入力してください（11.1.6）")
	}
	if len(ids) == 0 {
		fe.Add(FieldDisposalEvidence, "廃棄する証拠を選んでください")
	}
	if err := fe.AsError(); err != nil {
		return nil, err
	}
	var out []audits.Disposal
	err := db.Update(ctx, func(tx *Tx) error {
		named, err := tx.disposalPermit(ctx, permitID)
		if err != nil {
			return err
		}
		now := tx.db.Now()
		today := organisation.Day(now)
		by := kijun.ActorFrom(ctx).ID
		out = out[:0]
		for _, id := range ids {
			if !slices.Contains(named, strconv.FormatInt(id, 10)) {
				fe.Add(FieldDisposalEvidence, "証拠 %d は申請番号 %d の廃棄の対象に挙げられていません（挙げられているのは %s）", id, permitID, strings.Join(named, "、"))
				continue
			}
			d, err := tx.disposable(ctx, id, today, &fe)
			if err != nil {
				return err
			}
			d.PermitID, d.DisposedBy, d.DisposedAt = permitID, by, now
			out = append(out, d)
		}
		if err := fe.AsError(); err != nil {
			return err
		}
		for _, d := range out {
			if _, err := tx.ExecContext(ctx, "INSERT INTO audit_evidence_disposals (evidence_id, permit_id, disposed_by, disposed_at) VALUES (?, ?, ?, ?)",
				d.EvidenceID, d.PermitID, d.DisposedBy, storedTime(d.DisposedAt)); err != nil {
				return fmt.Errorf("record the disposal of evidence %d: %w", d.EvidenceID, err)
			}
			// 11.1.6: the bytes go; the row with its name and hash stays. The
			// table's trigger allows this change only once the disposal is
			// recorded, and no other.
			if _, err := tx.ExecContext(ctx, "UPDATE audit_evidence SET data = ? WHERE id = ?", []byte{}, d.EvidenceID); err != nil {
				return fmt.Errorf("remove the file of evidence %d: %w", d.EvidenceID, err)
			}
			if _, err := tx.Record(ctx, Change{Action: "audit.evidence.dispose", Entity: "audit_evidence", EntityID: fmt.Sprint(d.EvidenceID), State: d, Provisions: []string{"11.1.6"}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// disposalPermit checks that request id is a disposal of audit evidence
// the CISO approved, and returns the evidence numbers it names.
func (tx *Tx) disposalPermit(ctx context.Context, id int64) ([]string, error) {
	bad := func(format string, args ...any) ([]string, error) {
		var fe kijun.FieldErrors
		fe.Add(FieldDisposalPermit, format, args...)
		return nil, fe.AsError()
	}
	var typ, state, fields string
	err := tx.QueryRowContext(ctx, "SELECT type, state, fields FROM permit_requests WHERE id = ?", id).Scan(&typ, &state, &fields)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return bad("申請番号 %d の申請はありません", id)
	case err != nil:
		return nil, fmt.Errorf("look up request %d: %w", id, err)
	case typ != audits.DisposalPermitType:
		return bad("申請番号 %d は監査証拠・監査調書の廃棄の申請ではありません（11.1.6）", id)
	}
	var approved int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM permit_steps WHERE request_id = ? AND action = ?", id, string(permits.ActionApprove)).Scan(&approved); err != nil {
		return nil, fmt.Errorf("look up the approval of request %d: %w", id, err)
	}
	if permits.State(state) != permits.StateClosed || approved == 0 {
		return bad("申請番号 %d は CISO の許可を得ていません（%s）。許可を得てから廃棄してください（11.1.6）", id, permits.State(state).Label())
	}
	var fv map[string]any
	if err := json.Unmarshal([]byte(fields), &fv); err != nil {
		return nil, fmt.Errorf("read request %d: %w", id, err)
	}
	v, _ := fv[audits.DisposalField].(string)
	return audits.SplitList(v), nil
}

// disposable reads evidence id for disposal on day: it must exist, not be
// disposed of already, and be past its retention. A refusal goes to fe.
func (tx *Tx) disposable(ctx context.Context, id int64, day time.Time, fe *kijun.FieldErrors) (audits.Disposal, error) {
	var d audits.Disposal
	e, err := scanAuditEvidence(tx.QueryRowContext(ctx, auditEvidence.selectFrom([]string{"id"}, false), id), nil)
	if errors.Is(err, sql.ErrNoRows) {
		fe.Add(FieldDisposalEvidence, "証拠 %d はありません", id)
		return d, nil
	}
	if err != nil {
		return d, fmt.Errorf("read evidence %d: %w", id, err)
	}
	d = audits.Disposal{EvidenceID: e.ID, AuditID: e.AuditID, Name: e.Name, SHA256: e.SHA256, Size: e.Size, KeepUntil: e.KeepUntil}
	if on, err := tx.disposedOn(ctx, id); err != nil || on != "" {
		if on != "" {
			fe.Add(FieldDisposalEvidence, "証拠 %d（%s）は %s に廃棄済みです", id, e.Name, on)
		}
		return d, err
	}
	if !e.KeepUntil.Before(day) {
		fe.Add(FieldDisposalEvidence, "証拠 %d（%s）の保存期限は %s です。期限を過ぎるまでは廃棄できません（11.1.6）", id, e.Name, organisation.FormatDate(e.KeepUntil))
	}
	return d, nil
}

// DisposedEvidence lists the records kept of disposed evidence (11.1.6),
// newest first.
func (db *DB) DisposedEvidence(ctx context.Context) ([]audits.Disposal, error) {
	var out []audits.Disposal
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, `SELECT e.id, e.audit_id, e.name, e.sha256, e.size, e.keep_until, d.permit_id, d.disposed_by, d.disposed_at
			FROM audit_evidence_disposals d JOIN audit_evidence e ON e.id = d.evidence_id ORDER BY d.disposed_at DESC, e.id`, nil, func(sc scanner) error {
			var d audits.Disposal
			var keep, at string
			err := sc.Scan(&d.EvidenceID, &d.AuditID, &d.Name, &d.SHA256, &d.Size, &keep, &d.PermitID, &d.DisposedBy, &at)
			d.KeepUntil, d.DisposedAt = organisation.StoredDate(keep), parseStoredTime(at)
			out = append(out, d)
			return err
		})
	})
	return out, err
}

// disposedOn returns when evidence id was disposed of, or "" if it was not.
func (tx *Tx) disposedOn(ctx context.Context, id int64) (string, error) {
	var at string
	err := tx.QueryRowContext(ctx, "SELECT disposed_at FROM audit_evidence_disposals WHERE evidence_id = ?", id).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("look up the disposal of evidence %d: %w", id, err)
	}
	return organisation.FormatDate(parseStoredTime(at)), nil
}
