package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strconv"
	"strings"

	"kijun/internal/kijun"
	"kijun/internal/records"
)

// Mail preferences: each mail as it comes, or one digest a day.
const (
	MailEach   = "each"
	MailDigest = "digest"
)

// Recipient is a person as mail reaches them.
type Recipient struct {
	StaffNo string `json:"staff_no"`
	Name    string `json:"name"`
	Mail    string `json:"mail"` // "" when unknown
	Mode    string `json:"mode"` // MailEach or MailDigest
	Left    bool   `json:"left"` // no longer with the city
}

// CheckMailAddress refuses what is not one plain mail address.
func CheckMailAddress(addr string) error {
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Address != addr || !strings.Contains(addr, "@") {
		return kijun.Errorf(kijun.EINVALID, "メールアドレス %q の形式が正しくありません / %q is not a mail address such as taro@city.example", addr, addr)
	}
	return nil
}

// SetPersonMail records a person's mail address ("" to remove it).
func (db *DB) SetPersonMail(ctx context.Context, staffNo, addr string) error {
	addr = strings.TrimSpace(addr)
	if addr != "" {
		if err := CheckMailAddress(addr); err != nil {
			return err
		}
	}
	return db.Update(ctx, func(tx *Tx) error {
		version, err := tx.setPersonMail(ctx, staffNo, addr)
		if err != nil {
			return err
		}
		_, err = tx.Record(ctx, Change{Action: "person.mail", Entity: "person", EntityID: staffNo,
			State: map[string]any{"staff_no": staffNo, "mail": addr, "version": version}})
		return err
	})
}

// setPersonMail sets a person's address and returns the person's new
// version; ENOTFOUND when no one has the staff number.
func (tx *Tx) setPersonMail(ctx context.Context, staffNo, addr string) (int, error) {
	var version int
	err := tx.QueryRowContext(ctx, "UPDATE org_people SET mail = ?, version = version + 1 WHERE staff_no = ? RETURNING version", addr, staffNo).Scan(&version)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, kijun.Errorf(kijun.ENOTFOUND, "職員番号 %s の職員がいません / no person with staff number %s", staffNo, staffNo)
	}
	if err != nil {
		return 0, fmt.Errorf("set mail of %s: %w", staffNo, err)
	}
	return version, nil
}

// SetMailPreference records whether a person wants each mail or a daily
// digest.
func (db *DB) SetMailPreference(ctx context.Context, staffNo, mode string) error {
	if mode != MailEach && mode != MailDigest {
		return kijun.Errorf(kijun.EINVALID, "受け取り方は each（都度）か digest（1日1通のまとめ）です / mail preference must be each or digest, not %q", mode)
	}
	return db.Update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_people WHERE staff_no = ?", staffNo).Scan(&n); err != nil {
			return fmt.Errorf("find person %s: %w", staffNo, err)
		}
		if n == 0 {
			return kijun.Errorf(kijun.ENOTFOUND, "職員番号 %s の職員がいません / no person with staff number %s", staffNo, staffNo)
		}
		var version int
		err := tx.QueryRowContext(ctx, `INSERT INTO notify_preferences (staff_no, mode, updated_at, version) VALUES (?, ?, ?, 1)
			ON CONFLICT (staff_no) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at, version = notify_preferences.version + 1
			RETURNING version`, staffNo, mode, records.FormatTime(db.Now())).Scan(&version)
		if err != nil {
			return fmt.Errorf("set mail preference of %s: %w", staffNo, err)
		}
		_, err = tx.Record(ctx, Change{Action: "person.mail_preference", Entity: "person", EntityID: staffNo,
			State: map[string]any{"staff_no": staffNo, "mode": mode, "version": version}})
		return err
	})
}

// Recipients returns the people with the given staff numbers, in that
// order; a number nobody has is an ENOTFOUND error.
func (tx *Tx) Recipients(ctx context.Context, staffNos []string) ([]Recipient, error) {
	out := make([]Recipient, 0, len(staffNos))
	for _, no := range staffNos {
		var r Recipient
		var status string
		err := tx.QueryRowContext(ctx, `SELECT p.staff_no, p.name, p.mail, p.status, COALESCE(n.mode, ?)
			FROM org_people p LEFT JOIN notify_preferences n ON n.staff_no = p.staff_no WHERE p.staff_no = ?`, MailEach, no).
			Scan(&r.StaffNo, &r.Name, &r.Mail, &status, &r.Mode)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, kijun.Errorf(kijun.ENOTFOUND, "職員番号 %s の職員がいません / no person with staff number %s", no, no)
		}
		if err != nil {
			return nil, fmt.Errorf("read recipient %s: %w", no, err)
		}
		r.Left = status == "left"
		out = append(out, r)
	}
	return out, nil
}

// Recipient returns one person as mail reaches them.
func (db *DB) Recipient(ctx context.Context, staffNo string) (Recipient, error) {
	var rs []Recipient
	err := db.View(ctx, func(tx *Tx) error {
		var err error
		rs, err = tx.Recipients(ctx, []string{staffNo})
		return err
	})
	if err != nil {
		return Recipient{}, err
	}
	return rs[0], nil
}

// DigestItem is one mail waiting for a person's daily digest.
type DigestItem struct {
	ID       int64  `json:"id"`
	StaffNo  string `json:"staff_no"`
	Subject  string `json:"subject"`
	Body     string `json:"body"`
	Link     string `json:"link"`
	QueuedAt string `json:"queued_at"`
}

// QueueDigestItem keeps a mail for the person's next digest.
func (tx *Tx) QueueDigestItem(ctx context.Context, it DigestItem) error {
	it.QueuedAt = records.FormatTime(tx.db.Now())
	err := tx.QueryRowContext(ctx, `INSERT INTO notify_digest_items (staff_no, subject, body, link, queued_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		it.StaffNo, it.Subject, it.Body, it.Link, it.QueuedAt).Scan(&it.ID)
	if err != nil {
		return fmt.Errorf("queue digest item for %s: %w", it.StaffNo, err)
	}
	_, err = tx.Record(ctx, Change{Action: "mail.digest_queue", Entity: "mail_digest_item", EntityID: strconv.FormatInt(it.ID, 10), State: it})
	return err
}

// DigestRecipients returns the staff numbers with mail waiting for a digest.
func (db *DB) DigestRecipients(ctx context.Context) ([]string, error) {
	var out []string
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT DISTINCT staff_no FROM notify_digest_items WHERE sent_at = '' ORDER BY staff_no", nil, func(sc scanner) error {
			var s string
			if err := sc.Scan(&s); err != nil {
				return err
			}
			out = append(out, s)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list digest recipients: %w", err)
	}
	return out, nil
}

// PendingDigest returns the mails waiting for a person's digest, oldest
// first.
func (db *DB) PendingDigest(ctx context.Context, staffNo string) ([]DigestItem, error) {
	var out []DigestItem
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, `SELECT id, staff_no, subject, body, link, queued_at FROM notify_digest_items
			WHERE sent_at = '' AND staff_no = ? ORDER BY id`, []any{staffNo}, func(sc scanner) error {
			var it DigestItem
			if err := sc.Scan(&it.ID, &it.StaffNo, &it.Subject, &it.Body, &it.Link, &it.QueuedAt); err != nil {
				return err
			}
			out = append(out, it)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read digest of %s: %w", staffNo, err)
	}
	return out, nil
}

// MarkDigestSent records that the items with ids went out in one digest.
func (db *DB) MarkDigestSent(ctx context.Context, staffNo string, ids []int64) error {
	return db.Update(ctx, func(tx *Tx) error {
		at := records.FormatTime(db.Now())
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, "UPDATE notify_digest_items SET sent_at = ? WHERE id = ? AND staff_no = ?", at, id, staffNo); err != nil {
				return fmt.Errorf("mark digest item %d sent: %w", id, err)
			}
		}
		_, err := tx.Record(ctx, Change{Action: "mail.digest_sent", Entity: "person", EntityID: staffNo,
			State: map[string]any{"staff_no": staffNo, "items": ids, "sent_at": at}})
		return err
	})
}

// RemindersSent reports which of keys name reminders already mailed, in
// one read: a reminder job skips them without a write transaction each.
func (db *DB) RemindersSent(ctx context.Context, keys []string) (map[string]bool, error) {
	sent := map[string]bool{}
	err := db.View(ctx, func(tx *Tx) error {
		return tx.eachIn(ctx, "SELECT key FROM notify_reminders_sent WHERE key IN ", anys(keys), func(sc scanner) error {
			var k string
			err := sc.Scan(&k)
			sent[k] = true
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read reminders sent: %w", err)
	}
	return sent, nil
}

// ClaimReminder records that the reminder with key is being mailed, and
// reports false when it already was: the same reminder never goes twice,
// whichever process finds it due.
func (tx *Tx) ClaimReminder(ctx context.Context, key string, recipients []string, subject string) (bool, error) {
	if key == "" {
		return false, errors.New("reminder needs a key")
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO notify_reminders_sent (key, recipients, subject, queued_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (key) DO NOTHING`, key, strings.Join(recipients, ","), subject, records.FormatTime(tx.db.Now()))
	if err != nil {
		return false, fmt.Errorf("claim reminder %s: %w", key, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	_, err = tx.Record(ctx, Change{Action: "mail.reminder", Entity: "reminder", EntityID: key,
		State: map[string]any{"key": key, "recipients": recipients, "subject": subject}})
	return err == nil, err
}

// PersonMail is a person's address and mail preference, for SetPeopleMail.
type PersonMail struct {
	StaffNo string `json:"staff_no"`
	Mail    string `json:"mail"`
	Mode    string `json:"mode"` // MailEach or MailDigest
}

// SetPeopleMail records many people's addresses and preferences in one
// transaction, each with its ledger record: an import from the city's
// directory, or the demo city.
func (db *DB) SetPeopleMail(ctx context.Context, people []PersonMail) error {
	for _, p := range people {
		if err := CheckMailAddress(p.Mail); err != nil {
			return err
		}
		if p.Mode != MailEach && p.Mode != MailDigest {
			return kijun.Errorf(kijun.EINVALID, "職員番号 %s: 受け取り方は each か digest です / mail preference must be each or digest", p.StaffNo)
		}
	}
	return db.Update(ctx, func(tx *Tx) error {
		at := records.FormatTime(db.Now())
		for _, p := range people {
			if _, err := tx.setPersonMail(ctx, p.StaffNo, p.Mail); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO notify_preferences (staff_no, mode, updated_at, version) VALUES (?, ?, ?, 1)
				ON CONFLICT (staff_no) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at, version = notify_preferences.version + 1`,
				p.StaffNo, p.Mode, at); err != nil {
				return fmt.Errorf("set mail preference of %s: %w", p.StaffNo, err)
			}
			if _, err := tx.Record(ctx, Change{Action: "person.mail", Entity: "person", EntityID: p.StaffNo, State: p}); err != nil {
				return err
			}
		}
		return nil
	})
}
