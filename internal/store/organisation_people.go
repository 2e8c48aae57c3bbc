package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

const personColumns = "staff_no, name, kana, employment, COALESCE(contractor_id, ''), status, left_on"

func scanPerson(sc interface{ Scan(...any) error }) (organisation.Person, error) {
	var p organisation.Person
	var left string
	err := sc.Scan(&p.StaffNo, &p.Name, &p.Kana, &p.Employment, &p.Contractor, &p.Status, &left)
	if left != "" {
		p.LeftOn = organisation.StoredDate(left)
	}
	return p, err
}

func checkPerson(p organisation.Person) error {
	if err := p.CheckText(); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(p.StaffNo) == "":
		return kijun.Errorf(kijun.EINVALID, "職員番号がありません")
	case strings.TrimSpace(p.Name) == "":
		return kijun.Errorf(kijun.EINVALID, "職員番号 %s の氏名がありません", p.StaffNo)
	case !organisation.ValidKana(p.Kana):
		return kijun.Errorf(kijun.EINVALID, "職員番号 %s の氏名カナ %q はカタカナで書いてください", p.StaffNo, p.Kana)
	case !p.Employment.Valid():
		return kijun.Errorf(kijun.EINVALID, "職員番号 %s の雇用区分 %q はありません", p.StaffNo, string(p.Employment))
	case (p.Employment == organisation.EmployContractor) != (p.Contractor != ""):
		return kijun.Errorf(kijun.EINVALID, "職員番号 %s: 委託業務従事者には委託事業者を、それ以外には委託事業者なしを指定してください", p.StaffNo)
	case p.Status != organisation.StatusActive && p.Status != organisation.StatusLeft:
		return kijun.Errorf(kijun.EINVALID, "職員番号 %s の状態 %q はありません", p.StaffNo, string(p.Status))
	}
	return nil
}

// SavePerson adds a person or updates one, with its ledger record.
func (db *DB) SavePerson(ctx context.Context, p organisation.Person) error {
	if p.Status == "" {
		p.Status = organisation.StatusActive
	}
	if err := checkPerson(p); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.savePerson(ctx, p); err != nil {
			return err
		}
		_, err := tx.Record(ctx, Change{Action: "org.person.save", Entity: "person", EntityID: p.StaffNo, State: p, Provisions: []string{"3.2.5イ"}})
		return err
	})
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (tx *Tx) savePerson(ctx context.Context, p organisation.Person) error {
	left := ""
	if p.Status == organisation.StatusLeft {
		left = dateArg(p.LeftOn)
	}
	key := organisation.SearchKey(p.Name) + "|" + organisation.SearchKey(p.Kana)
	_, err := tx.ExecContext(ctx, `INSERT INTO org_people (staff_no, name, kana, search_key, employment, contractor_id, status, left_on)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (staff_no) DO UPDATE SET name = excluded.name, kana = excluded.kana, search_key = excluded.search_key,
		employment = excluded.employment, contractor_id = excluded.contractor_id, status = excluded.status,
		left_on = excluded.left_on, version = org_people.version + 1`,
		p.StaffNo, p.Name, p.Kana, key, p.Employment, nullable(p.Contractor), p.Status, left)
	if err != nil {
		return fmt.Errorf("store person %s: %w", p.StaffNo, err)
	}
	return nil
}

// Person returns the person with the staff number, or an ENOTFOUND error.
func (db *DB) Person(ctx context.Context, staffNo string) (organisation.Person, error) {
	var p organisation.Person
	err := db.View(ctx, func(tx *Tx) error {
		var err error
		p, err = scanPerson(tx.QueryRowContext(ctx, "SELECT "+personColumns+" FROM org_people WHERE staff_no = ?", staffNo))
		return errNoRows(err, "職員番号 %s の職員等はいません", staffNo)
	})
	if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		err = fmt.Errorf("load person %s: %w", staffNo, err)
	}
	return p, err
}

// SaveContractor adds or updates a contractor (委託事業者).
func (db *DB) SaveContractor(ctx context.Context, c organisation.Contractor) error {
	if strings.TrimSpace(c.ID) == "" || strings.TrimSpace(c.Name) == "" {
		return kijun.Errorf(kijun.EINVALID, "委託事業者には ID と名称が必要です")
	}
	if err := c.CheckText(); err != nil {
		return err
	}
	if c.CorporateNo != "" && (len(c.CorporateNo) != 13 || strings.Trim(c.CorporateNo, "0123456789") != "") {
		return kijun.Errorf(kijun.EINVALID, "法人番号 %q は 13 桁の数字です", c.CorporateNo)
	}
	return db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO org_contractors (id, name, corporate_no) VALUES (?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, corporate_no = excluded.corporate_no`, c.ID, c.Name, c.CorporateNo); err != nil {
			return fmt.Errorf("store contractor %s: %w", c.ID, err)
		}
		_, err := tx.Record(ctx, Change{Action: "org.contractor.save", Entity: "contractor", EntityID: c.ID, State: c, Provisions: []string{"3.2.5イ"}})
		return err
	})
}

// Contractor returns a contractor, or an ENOTFOUND error.
func (db *DB) Contractor(ctx context.Context, id string) (organisation.Contractor, error) {
	var c organisation.Contractor
	err := db.View(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, "SELECT id, name, corporate_no FROM org_contractors WHERE id = ?", id).Scan(&c.ID, &c.Name, &c.CorporateNo)
		return errNoRows(err, "委託事業者 %s はありません", id)
	})
	return c, err
}

// PersonHit is a person found by a search, with where they serve today.
type PersonHit struct {
	organisation.Person
	Unit     string
	UnitName string
	Post     organisation.Post
}

// SearchPeople finds people by staff number (exact) or by part of their
// name in kanji or kana (hiragana, katakana and half-width all match), and
// shows each one's primary assignment on day d. At most limit come back.
func (db *DB) SearchPeople(ctx context.Context, q string, d time.Time, limit int) ([]PersonHit, error) {
	key := organisation.SearchKey(q)
	if key == "" {
		return nil, kijun.Errorf(kijun.EINVALID, "検索する氏名・カナ又は職員番号を入力してください")
	}
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(key) + "%"
	var out []PersonHit
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT p.staff_no, p.name, p.kana, p.employment, COALESCE(p.contractor_id, ''), p.status, p.left_on,
			COALESCE(a.unit_code, ''), COALESCE(v.name, ''), COALESCE(a.post, '')
			FROM org_people p
			LEFT JOIN org_assignments a ON a.staff_no = p.staff_no AND a.is_primary = 1 AND a.valid_from <= ? AND a.valid_to >= ?
			LEFT JOIN org_unit_versions v ON v.unit_code = a.unit_code AND v.valid_from <= ? AND v.valid_to >= ?
			WHERE p.staff_no = ? OR p.search_key LIKE ? ESCAPE '\'
			ORDER BY CASE WHEN p.staff_no = ? THEN 0 ELSE 1 END, p.kana, p.staff_no LIMIT ?`,
			dateArg(d), dateArg(d), dateArg(d), dateArg(d), strings.TrimSpace(q), like, strings.TrimSpace(q), limit)
		if err != nil {
			return fmt.Errorf("search people: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var h PersonHit
			var left string
			if err := rows.Scan(&h.StaffNo, &h.Name, &h.Kana, &h.Employment, &h.Contractor, &h.Status, &left, &h.Unit, &h.UnitName, &h.Post); err != nil {
				return fmt.Errorf("search people: %w", err)
			}
			if left != "" {
				h.LeftOn = organisation.StoredDate(left)
			}
			out = append(out, h)
		}
		return rows.Err()
	})
	return out, err
}

// CountPeople returns how many people are active (or all, with all set).
func (db *DB) CountPeople(ctx context.Context) (int, error) {
	var n int
	err := db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_people WHERE status = 'active'").Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("count people: %w", err)
	}
	return n, nil
}
