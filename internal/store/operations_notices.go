package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/operations"
	"kijun/internal/organisation"
)

// QueueNotice queues the mail of a notice to its recipients in the
// transaction that records it (the notify outbox).
type QueueNotice func(tx *Tx, n operations.Notice, to []string) error

// SendNotice records a security notice (8.6.2) from the CISO's office
// (g.City) to the people its audience names on day, queues its mail
// through queue in the same transaction, and writes its ledger record. An
// audience nobody is in is refused.
func (db *DB) SendNotice(ctx context.Context, g OpsGate, n operations.Notice, queue QueueNotice) (operations.Notice, error) {
	n.Title, n.Body, n.Target = strings.TrimSpace(n.Title), strings.TrimSpace(n.Body), strings.TrimSpace(n.Target)
	if fe := n.Check(); len(fe) > 0 {
		return n, (&kijun.FieldErrors{Fields: fe}).AsError()
	}
	if g == nil || !g.City() {
		return n, kijun.Errorf(kijun.EFORBIDDEN, "セキュリティ情報を周知できるのは情報セキュリティ管理者（CISO 事務局）だけです（8.6.2）")
	}
	day := organisation.Day(db.Now())
	people, err := db.noticeAudience(ctx, n.Audience, n.Target, day)
	if err != nil {
		return n, err
	}
	if len(people) == 0 {
		return n, (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: operations.FieldTarget, Message: fmt.Sprintf("%s「%s」に当たる職員がいません", n.Audience.Label(), n.Target)}}}).AsError()
	}
	err = db.Update(ctx, func(tx *Tx) error {
		n.SentBy, n.SentAt = kijun.ActorFrom(ctx).ID, db.Now()
		id, err := tx.insertReturningID(ctx, `INSERT INTO security_notices (title, body, audience, target, sent_by, sent_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			n.Title, n.Body, string(n.Audience), n.Target, n.SentBy, storedTime(n.SentAt))
		if err != nil {
			return fmt.Errorf("record notice: %w", err)
		}
		n.ID = id
		to := make([]string, 0, len(people))
		for _, p := range people {
			unit, err := tx.primaryUnit(ctx, p, day)
			if kijun.ErrorCode(err) == kijun.ENOTFOUND {
				// A holder of a role serving in no 課 is counted apart.
				unit, err = "", nil
			}
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO notice_recipients (notice_id, staff_no, unit_code) VALUES (?, ?, ?)", id, p, unit); err != nil {
				return fmt.Errorf("record recipient %s of notice %d: %w", p, id, err)
			}
			to = append(to, p)
		}
		n.Recipients = len(to)
		if queue != nil {
			if err := queue(tx, n, to); err != nil {
				return err
			}
		}
		_, err = tx.Record(ctx, Change{Action: "notice.send", Entity: "security_notice", EntityID: strconv.FormatInt(id, 10), State: n, Provisions: []string{"8.6.2"}})
		return err
	})
	return n, err
}

// noticeAudience returns the staff numbers of the people an audience
// names on day: a role's holders (in every 課 or system it is held for),
// a 課's members, or a system's 課 and its 業務システム責任者 and 管理者.
func (db *DB) noticeAudience(ctx context.Context, a operations.Audience, target string, day time.Time) ([]string, error) {
	var out []string
	add := func(staffNo string) {
		if staffNo != "" && !slices.Contains(out, staffNo) {
			out = append(out, staffNo)
		}
	}
	holders := func(role organisation.Role, scope organisation.Scope) error {
		hs, err := db.Holders(ctx, role, scope, day)
		if kijun.ErrorCode(err) == kijun.ENOTFOUND {
			return nil
		}
		for _, h := range hs {
			add(h.Person.StaffNo)
		}
		return err
	}
	switch a {
	case operations.AudienceUnit:
		if _, err := db.Unit(ctx, target, day); err != nil {
			return nil, fieldNotFound(operations.FieldTarget, err)
		}
		ms, err := db.Members(ctx, target, day)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			add(m.StaffNo)
		}
	case operations.AudienceSystem:
		sys, err := db.System(ctx, target)
		if err != nil {
			return nil, fieldNotFound(operations.FieldTarget, err)
		}
		ms, err := db.Members(ctx, sys.Unit, day)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			add(m.StaffNo)
		}
		for _, r := range []organisation.Role{organisation.RoleSystemOwner, organisation.RoleSystemAdmin} {
			if err := holders(r, organisation.SystemScope(sys.ID)); err != nil {
				return nil, err
			}
		}
	case operations.AudienceRole:
		role := organisation.Role(target)
		spec, err := role.Spec()
		if err != nil {
			return nil, fieldNotFound(operations.FieldTarget, kijun.Errorf(kijun.ENOTFOUND, "役割 %q はありません", target))
		}
		switch spec.ScopeKind {
		case organisation.ScopeCity:
			err = holders(role, organisation.City())
		case organisation.ScopeUnit:
			var units []organisation.Unit
			if units, err = db.UnitsOn(ctx, day); err == nil {
				for _, u := range units {
					if err = holders(role, organisation.UnitScope(u.Code)); err != nil {
						break
					}
				}
			}
		case organisation.ScopeSystem:
			var ids []string
			err = db.View(ctx, func(tx *Tx) error {
				return tx.each(ctx, "SELECT id FROM systems ORDER BY id", nil, func(sc scanner) error {
					var id string
					err := sc.Scan(&id)
					ids = append(ids, id)
					return err
				})
			})
			for _, id := range ids {
				if err == nil {
					err = holders(role, organisation.SystemScope(id))
				}
			}
		}
		if err != nil {
			return nil, err
		}
	}
	slices.Sort(out)
	return out, nil
}

// fieldNotFound puts a not-found beside a field.
func fieldNotFound(field string, err error) error {
	if kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return err
	}
	return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: field, Message: kijun.ErrorMessage(err)}}}).AsError()
}

// ConfirmNoticeRead records that staffNo has read notice id (8.6.2), with
// its ledger record; only a recipient confirms, and once.
func (db *DB) ConfirmNoticeRead(ctx context.Context, id int64, staffNo string) error {
	return db.Update(ctx, func(tx *Tx) error {
		var readAt string
		err := tx.QueryRowContext(ctx, "SELECT read_at FROM notice_recipients WHERE notice_id = ? AND staff_no = ?", id, staffNo).Scan(&readAt)
		if errors.Is(err, sql.ErrNoRows) {
			return kijun.Errorf(kijun.EFORBIDDEN, "セキュリティ情報 %d はあなた宛てではありません", id)
		}
		if err != nil {
			return fmt.Errorf("read recipient of notice %d: %w", id, err)
		}
		if readAt != "" {
			return kijun.Errorf(kijun.ECONFLICT, "セキュリティ情報 %d は既に既読です", id)
		}
		now := db.Now()
		if _, err := tx.ExecContext(ctx, "UPDATE notice_recipients SET read_at = ? WHERE notice_id = ? AND staff_no = ?", storedTime(now), id, staffNo); err != nil {
			return fmt.Errorf("confirm notice %d read: %w", id, err)
		}
		_, err = tx.Record(ctx, Change{Action: "notice.read", Entity: "security_notice", EntityID: strconv.FormatInt(id, 10),
			State: map[string]any{"notice": id, "staff_no": staffNo, "read_at": now}, Provisions: []string{"8.6.2"}})
		return err
	})
}

const secNoticeColumns = `n.id, n.title, n.body, n.audience, n.target, n.sent_by, n.sent_at,
	(SELECT COUNT(*) FROM notice_recipients r WHERE r.notice_id = n.id), (SELECT COUNT(*) FROM notice_recipients r WHERE r.notice_id = n.id AND r.read_at <> '')`

func scanSecNotice(sc scanner) (operations.Notice, error) {
	var n operations.Notice
	var aud, at string
	err := sc.Scan(&n.ID, &n.Title, &n.Body, &aud, &n.Target, &n.SentBy, &at, &n.Recipients, &n.Read)
	n.Audience, n.SentAt = operations.Audience(aud), parseStoredTime(at)
	return n, err
}

// Notice returns one notice, or an ENOTFOUND error.
func (db *DB) Notice(ctx context.Context, id int64) (operations.Notice, error) {
	var n operations.Notice
	err := db.View(ctx, func(tx *Tx) (err error) {
		n, err = scanSecNotice(tx.QueryRowContext(ctx, "SELECT "+secNoticeColumns+" FROM security_notices n WHERE n.id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return kijun.Errorf(kijun.ENOTFOUND, "セキュリティ情報 %d はありません", id)
		}
		return err
	})
	return n, err
}

// Notices returns the notices, newest first: every one for the city
// office (staffNo ""), else those sent to staffNo.
func (db *DB) Notices(ctx context.Context, staffNo string, limit int) ([]operations.Notice, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	q, args := "SELECT "+secNoticeColumns+" FROM security_notices n ORDER BY n.id DESC LIMIT ?", []any{limit}
	if staffNo != "" {
		q = "SELECT " + secNoticeColumns + " FROM security_notices n JOIN notice_recipients me ON me.notice_id = n.id AND me.staff_no = ? ORDER BY n.id DESC LIMIT ?"
		args = []any{staffNo, limit}
	}
	var out []operations.Notice
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, q, args, func(sc scanner) error {
			n, err := scanSecNotice(sc)
			out = append(out, n)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list notices: %w", err)
	}
	return out, nil
}

// NoticeReads counts, per 課, the people a notice went to and those who
// confirmed reading it.
func (db *DB) NoticeReads(ctx context.Context, id int64) ([]operations.NoticeReads, error) {
	var out []operations.NoticeReads
	day := dateArg(organisation.Day(db.Now()))
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, `SELECT r.unit_code, COALESCE(MAX(v.name), ''), COUNT(*), SUM(CASE WHEN r.read_at <> '' THEN 1 ELSE 0 END)
			FROM notice_recipients r LEFT JOIN org_unit_versions v ON v.unit_code = r.unit_code AND v.valid_from <= ? AND v.valid_to >= ?
			WHERE r.notice_id = ? GROUP BY r.unit_code ORDER BY r.unit_code`, []any{day, day, id}, func(sc scanner) error {
			var c operations.NoticeReads
			err := sc.Scan(&c.Unit, &c.UnitName, &c.Recipients, &c.Read)
			out = append(out, c)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("count reads of notice %d: %w", id, err)
	}
	return out, nil
}

// NoticeRead reports whether notice id went to staffNo, and when they
// confirmed reading it (zero for not yet).
func (db *DB) NoticeRead(ctx context.Context, id int64, staffNo string) (to bool, at time.Time, err error) {
	err = db.View(ctx, func(tx *Tx) error {
		var readAt string
		err := tx.QueryRowContext(ctx, "SELECT read_at FROM notice_recipients WHERE notice_id = ? AND staff_no = ?", id, staffNo).Scan(&readAt)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read recipient of notice %d: %w", id, err)
		}
		to = true
		if readAt != "" {
			at = parseStoredTime(readAt)
		}
		return nil
	})
	return to, at, err
}
