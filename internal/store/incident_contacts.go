package store

import (
	"context"
	"fmt"
	"strings"

	"kijun/internal/incidents"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// SaveContact adds a line to the emergency contact network (9.4.3,
// version 0) or changes one at the version that was read.
func (db *DB) SaveContact(ctx context.Context, c incidents.Contact) (incidents.Contact, error) {
	if fe := c.Check(); len(fe) > 0 {
		return c, (&kijun.FieldErrors{Fields: fe}).AsError()
	}
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		if c.Version == 0 {
			c.Version = 1
			c.ID, err = tx.insertReturningID(ctx, `INSERT INTO emergency_contacts (order_no, name, unit, post, phone, mail, outside, note, version)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.Order, c.Name, c.Unit, c.Post, c.Phone, c.Mail, boolInt(c.Outside), c.Note, c.Version)
			if err != nil {
				return fmt.Errorf("add contact: %w", err)
			}
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE emergency_contacts SET order_no = ?, name = ?, unit = ?, post = ?, phone = ?, mail = ?, outside = ?, note = ?,
				version = version + 1 WHERE id = ? AND version = ?`, c.Order, c.Name, c.Unit, c.Post, c.Phone, c.Mail, boolInt(c.Outside), c.Note, c.ID, c.Version)
			if err != nil {
				return fmt.Errorf("save contact %d: %w", c.ID, err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return kijun.Errorf(kijun.ECONFLICT, "連絡先 %d は他の人が更新しました。読み込み直してください", c.ID)
			}
			c.Version++
		}
		_, err = tx.Record(ctx, Change{Action: "contact.save", Entity: "emergency_contact", EntityID: fmt.Sprint(c.ID), State: c, Provisions: []string{"9.4.3"}})
		return err
	})
	return c, err
}

// Contacts returns the emergency contact network in calling order.
func (db *DB) Contacts(ctx context.Context) ([]incidents.Contact, error) {
	var out []incidents.Contact
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT id, order_no, name, unit, post, phone, mail, outside, note, version FROM emergency_contacts ORDER BY order_no, id", nil,
			func(sc scanner) error {
				var c incidents.Contact
				err := sc.Scan(&c.ID, &c.Order, &c.Name, &c.Unit, &c.Post, &c.Phone, &c.Mail, &c.Outside, &c.Note, &c.Version)
				out = append(out, c)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("load contact network: %w", err)
	}
	return out, nil
}

// SaveProcedure adds a response procedure (9.4.1, version 0) or records a
// revision or review (9.4.5) at the version that was read.
func (db *DB) SaveProcedure(ctx context.Context, p incidents.Procedure) (incidents.Procedure, error) {
	fe := kijun.FieldErrors{Fields: p.Check()}
	err := db.Update(ctx, func(tx *Tx) error {
		var n int
		if p.Owner != "" {
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_people WHERE staff_no = ?", p.Owner).Scan(&n); err != nil || n == 0 {
				fe.Add("owner", "職員番号 %s の職員はいません", p.Owner)
			}
		}
		if err := fe.AsError(); err != nil {
			return err
		}
		now := tx.db.Now()
		covers := strings.Join(p.Covers, ",")
		var err error
		if p.Version == 0 {
			p.Version, p.UpdatedAt = 1, now
			p.ID, err = tx.insertReturningID(ctx, `INSERT INTO incident_procedures (title, owner, body, covers, reviewed_on, next_review, updated_at, version)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, p.Title, p.Owner, p.Body, covers, dateArg(p.ReviewedOn), dateArg(p.NextReview), storedTime(now), p.Version)
			if err != nil {
				return fmt.Errorf("add procedure: %w", err)
			}
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE incident_procedures SET title = ?, owner = ?, body = ?, covers = ?, reviewed_on = ?, next_review = ?, updated_at = ?,
				version = version + 1 WHERE id = ? AND version = ?`, p.Title, p.Owner, p.Body, covers, dateArg(p.ReviewedOn), dateArg(p.NextReview), storedTime(now), p.ID, p.Version)
			if err != nil {
				return fmt.Errorf("save procedure %d: %w", p.ID, err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return kijun.Errorf(kijun.ECONFLICT, "手順書 %d は他の人が更新しました。読み込み直してください", p.ID)
			}
			p.Version, p.UpdatedAt = p.Version+1, now
		}
		_, err = tx.Record(ctx, Change{Action: "procedure.save", Entity: "incident_procedure", EntityID: fmt.Sprint(p.ID), State: p, Provisions: []string{"9.4.1", "9.4.2", "9.4.5"}})
		return err
	})
	return p, err
}

// Procedures returns the response procedures, those due for review first.
func (db *DB) Procedures(ctx context.Context) ([]incidents.Procedure, error) {
	var out []incidents.Procedure
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, `SELECT r.id, r.title, r.owner, COALESCE(p.name, ''), r.body, r.covers, r.reviewed_on, r.next_review, r.updated_at, r.version
			FROM incident_procedures r LEFT JOIN org_people p ON p.staff_no = r.owner ORDER BY r.next_review, r.id`, nil, func(sc scanner) error {
			var p incidents.Procedure
			var covers, reviewed, next, updated string
			if err := sc.Scan(&p.ID, &p.Title, &p.Owner, &p.OwnerName, &p.Body, &covers, &reviewed, &next, &updated, &p.Version); err != nil {
				return err
			}
			if covers != "" {
				p.Covers = strings.Split(covers, ",")
			}
			p.ReviewedOn, p.NextReview = organisation.StoredDate(reviewed), organisation.StoredDate(next)
			p.UpdatedAt = parseStoredTime(updated)
			out = append(out, p)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("load procedures: %w", err)
	}
	return out, nil
}
