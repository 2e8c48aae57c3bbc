package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"kijun/internal/idcards"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// CardGate says what the acting person may write of the register of ID
// cards. Package cards builds it; the store asks it inside each write.
type CardGate interface {
	// Issues reports whether they issue, take back and destroy cards
	// (7.4.1ア: the 情報基盤管理者's office).
	Issues() bool
	// ReportsFor reports whether they may report lost a card of the
	// person holder of 課 unit: the holder themselves (7.4.1イ(3)), the
	// 情報管理者 of the 課, or the office.
	ReportsFor(holder, unit string) bool
}

const cardColumns = "number, kind, holder, unit_code, state, issued_on, lost_on, returned_on, destroyed_on, replaces, note, version"

func scanCard(sc scanner) (idcards.Card, error) {
	var c idcards.Card
	var kind, state, issued, lost, returned, destroyed string
	err := sc.Scan(&c.Number, &kind, &c.Holder, &c.Unit, &state, &issued, &lost, &returned, &destroyed, &c.Replaces, &c.Note, &c.Version)
	c.Kind, c.State = idcards.Kind(kind), idcards.State(state)
	c.IssuedOn, c.LostOn, c.ReturnedOn, c.DestroyedOn = organisation.StoredDate(issued), storedOrZero(lost), storedOrZero(returned), storedOrZero(destroyed)
	return c, err
}

func storedOrZero(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	return organisation.StoredDate(s)
}

func dateOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return dateArg(t)
}

func (tx *Tx) card(ctx context.Context, number string) (idcards.Card, error) {
	c, err := scanCard(tx.QueryRowContext(ctx, "SELECT "+cardColumns+" FROM id_cards WHERE number = ?", number))
	if errors.Is(err, sql.ErrNoRows) {
		return c, kijun.Errorf(kijun.ENOTFOUND, "カード %s は台帳にありません", number)
	}
	return c, err
}

// Card returns a card, or an ENOTFOUND error.
func (db *DB) Card(ctx context.Context, number string) (idcards.Card, error) {
	var c idcards.Card
	err := db.View(ctx, func(tx *Tx) (err error) {
		c, err = tx.card(ctx, number)
		return err
	})
	return c, err
}

func (tx *Tx) insertCards(ctx context.Context, cs []idcards.Card) error {
	for _, c := range cs {
		if _, err := tx.ExecContext(ctx, "INSERT INTO id_cards ("+cardColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
			c.Number, string(c.Kind), c.Holder, c.Unit, string(c.State), dateArg(c.IssuedOn), dateOrEmpty(c.LostOn), dateOrEmpty(c.ReturnedOn),
			dateOrEmpty(c.DestroyedOn), c.Replaces, c.Note); err != nil {
			return fmt.Errorf("insert card %s: %w", c.Number, err)
		}
	}
	return nil
}

func (tx *Tx) updateCard(ctx context.Context, c idcards.Card) error {
	_, err := tx.ExecContext(ctx, "UPDATE id_cards SET state = ?, lost_on = ?, returned_on = ?, destroyed_on = ?, note = ?, version = ? WHERE number = ?",
		string(c.State), dateOrEmpty(c.LostOn), dateOrEmpty(c.ReturnedOn), dateOrEmpty(c.DestroyedOn), c.Note, c.Version, c.Number)
	if err != nil {
		return fmt.Errorf("update card %s: %w", c.Number, err)
	}
	return nil
}

func cardChange(action string, c idcards.Card, provisions ...string) Change {
	return Change{Action: action, Entity: "id_card", EntityID: c.Number, State: c, Provisions: provisions}
}

func errNoIssuing() error {
	return kijun.Errorf(kijun.EFORBIDDEN, "ID カードの交付・回収・廃棄は情報基盤管理者（又は業務システム管理者）が行います（7.4.1ア）")
}

// cardKnown reads what an import's checks need.
func (tx *Tx) cardKnown(ctx context.Context, day time.Time) (idcards.Known, error) {
	k := idcards.Known{People: map[string]bool{}, Units: map[string]bool{}, Cards: map[string]idcards.Card{}}
	d := dateArg(day)
	if err := tx.each(ctx, "SELECT staff_no, status, left_on FROM org_people", nil, func(sc scanner) error {
		var s, status, left string
		err := sc.Scan(&s, &status, &left)
		k.People[s] = status != string(organisation.StatusActive) && (left == "" || left < d)
		return err
	}); err != nil {
		return k, fmt.Errorf("read people: %w", err)
	}
	tree, err := tx.unitTree(ctx, day)
	if err != nil {
		return k, err
	}
	for code := range tree.units {
		k.Units[code] = true
	}
	if k.UnitOf, err = tx.unitsOfStaff(ctx, tree, day); err != nil {
		return k, err
	}
	err = tx.each(ctx, "SELECT "+cardColumns+" FROM id_cards", nil, func(sc scanner) error {
		c, err := scanCard(sc)
		k.Cards[c.Number] = c
		return err
	})
	return k, err
}

// IssueCards issues cards (a form issues one, an import many), all or
// none: each is checked as idcards.Check checks a file, so a card number
// never goes to two people.
func (db *DB) IssueCards(ctx context.Context, g CardGate, rows []idcards.Row, dryRun bool) ([]idcards.Card, error) {
	if !g.Issues() {
		return nil, errNoIssuing()
	}
	var out []idcards.Card
	write := db.Update
	if dryRun {
		write = db.View
	}
	err := write(ctx, func(tx *Tx) error {
		k, err := tx.cardKnown(ctx, organisation.Day(db.Now()))
		if err != nil {
			return err
		}
		cs, err := idcards.Check(rows, k)
		if err != nil {
			return err
		}
		out = cs
		if dryRun || len(cs) == 0 {
			return nil
		}
		if err := tx.insertCards(ctx, cs); err != nil {
			return err
		}
		changes := make([]Change, len(cs))
		for i, c := range cs {
			changes[i] = cardChange("idcard.issue", c, "7.4.1.ア")
		}
		return tx.RecordMany(ctx, changes)
	})
	return out, err
}

// errStaleCard refuses a write made against a version of the card that
// is no longer the register's.
func errStaleCard(c idcards.Card, version int64) error {
	return kijun.Errorf(kijun.ECONFLICT, "カード %s は読んだ後に変更されています（読んだ版 %d、今の版 %d）。一覧を読み込み直してください", c.Number, version, c.Version)
}

// ReportCardLost stops a card on day (7.4.1イ(3), ウ) and, in the same
// transaction, has tell queue the report to the 情報管理者 of the card's
// 課 (manager: "" when the 課 has none today).
//
// version is the card's version the reporter read, compared in this
// transaction; 0 reports the card as it is now. A loss is taken without a
// version because the card must be stopped at once (7.4.1ウ): a report
// held back for a stale read leaves a lost card working, while reporting
// a card already stopped is refused by the card's own state anyway.
func (db *DB) ReportCardLost(ctx context.Context, g CardGate, number string, version int64, day time.Time, tell func(tx *Tx, c idcards.Card, manager string) error) (idcards.Card, error) {
	var c idcards.Card
	err := db.Update(ctx, func(tx *Tx) error {
		old, err := tx.card(ctx, number)
		if err != nil {
			return err
		}
		if !g.ReportsFor(old.Holder, old.Unit) {
			return kijun.Errorf(kijun.EFORBIDDEN, "カード %s の紛失は、本人又は所属の課の情報管理者が報告します（7.4.1イ(3)）", number)
		}
		if version != 0 && old.Version != version {
			return errStaleCard(old, version)
		}
		if c, err = old.ReportLost(day); err != nil {
			return err
		}
		c.Version++
		if err := tx.updateCard(ctx, c); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, cardChange("idcard.lost", c, "7.4.1.イ", "7.4.1.ウ")); err != nil {
			return err
		}
		manager := ""
		if h, err := tx.holderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope(c.Unit), day); err == nil {
			manager = h.Person.StaffNo
		}
		if tell != nil {
			return tell(tx, c, manager)
		}
		return nil
	})
	return c, err
}

// ReturnCard records a card back in hand, and DestroyCard one destroyed
// (7.4.1エ). version is the card's version the office read: the write
// is refused (ECONFLICT) when the card has changed since, compared in the
// write's own transaction.
func (db *DB) ReturnCard(ctx context.Context, g CardGate, number string, version int64, day time.Time) (idcards.Card, error) {
	return db.moveCard(ctx, g, number, version, "idcard.return", func(c idcards.Card) (idcards.Card, error) { return c.Return(day) })
}

// DestroyCard records a returned card destroyed (7.4.1エ), at the version
// read.
func (db *DB) DestroyCard(ctx context.Context, g CardGate, number string, version int64, day time.Time) (idcards.Card, error) {
	return db.moveCard(ctx, g, number, version, "idcard.destroy", func(c idcards.Card) (idcards.Card, error) { return c.Destroy(day) })
}

func (db *DB) moveCard(ctx context.Context, g CardGate, number string, version int64, action string, step func(idcards.Card) (idcards.Card, error)) (idcards.Card, error) {
	if !g.Issues() {
		return idcards.Card{}, errNoIssuing()
	}
	var c idcards.Card
	err := db.Update(ctx, func(tx *Tx) error {
		old, err := tx.card(ctx, number)
		if err != nil {
			return err
		}
		if old.Version != version {
			return errStaleCard(old, version)
		}
		if c, err = step(old); err != nil {
			return err
		}
		c.Version++
		if err := tx.updateCard(ctx, c); err != nil {
			return err
		}
		_, err = tx.Record(ctx, cardChange(action, c, "7.4.1.エ"))
		return err
	})
	return c, err
}

// CardFilter limits a list of cards: by holder, or by 課.
type CardFilter struct {
	Holder string
	Unit   string
}

// Cards lists cards by number.
func (db *DB) Cards(ctx context.Context, f CardFilter) ([]idcards.Card, error) {
	q, args := "SELECT "+cardColumns+" FROM id_cards WHERE 1 = 1", []any{}
	if f.Holder != "" {
		q, args = q+" AND holder = ?", append(args, f.Holder)
	}
	if f.Unit != "" {
		q, args = q+" AND unit_code = ?", append(args, f.Unit)
	}
	var out []idcards.Card
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, q+" ORDER BY number", args, func(sc scanner) error {
			c, err := scanCard(sc)
			out = append(out, c)
			return err
		})
	})
	return out, err
}

// CardsOwed lists the cards still owed back on day: those of people who
// have left and not returned (7.1.1コ), and those replaced by a new card
// and not yet destroyed (7.4.1エ).
func (db *DB) CardsOwed(ctx context.Context, day time.Time) (leavers, replaced []idcards.Card, err error) {
	err = db.View(ctx, func(tx *Tx) error {
		if err := tx.each(ctx, "SELECT "+prefixed("c.", cardColumns)+` FROM id_cards c JOIN org_people p ON p.staff_no = c.holder
			WHERE c.state IN ('issued', 'lost') AND p.status <> 'active' AND p.left_on <> '' AND p.left_on < ? ORDER BY c.number`, []any{dateArg(day)}, func(sc scanner) error {
			c, err := scanCard(sc)
			leavers = append(leavers, c)
			return err
		}); err != nil {
			return err
		}
		return tx.each(ctx, "SELECT "+prefixed("o.", cardColumns)+` FROM id_cards o JOIN id_cards n ON n.replaces = o.number
			WHERE o.state <> 'destroyed' ORDER BY o.number`, nil, func(sc scanner) error {
			c, err := scanCard(sc)
			replaced = append(replaced, c)
			return err
		})
	})
	return leavers, replaced, err
}

// prefixed puts p before each column of a list.
func prefixed(p, cols string) string {
	parts := strings.Split(cols, ", ")
	for i := range parts {
		parts[i] = p + parts[i]
	}
	return strings.Join(parts, ", ")
}
