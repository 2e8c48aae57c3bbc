package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kijun/internal/corrective"
	"kijun/internal/incidents"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/stocktake"
)

// stocktakeProvisions are what every ledger record of a stocktake cites.
var stocktakeProvisions = []string{"9.2.2"}

// stocktakeActionDays is how long the 情報管理者 has to account for a
// missing item before its corrective action is overdue.
const stocktakeActionDays = 30

// StartStocktake begins a stocktake of unit's devices and media (9.2.2):
// every item of the 課 still in use is copied, with the highest 機密性 of
// what it holds (4.2オ(4)), so the list counted does not move while the
// count goes on. Only the 課's 情報管理者 or the CISO's office may.
func (db *DB) StartStocktake(ctx context.Context, t stocktake.Taker, unit, title string) (stocktake.Stocktake, error) {
	s := stocktake.Stocktake{Unit: strings.TrimSpace(unit), Title: strings.TrimSpace(title), State: stocktake.StateOpen}
	if err := (&kijun.FieldErrors{Fields: stocktake.CheckStart(s.Unit, s.Title)}).AsError(); err != nil {
		return s, err
	}
	err := db.Update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_units WHERE code = ?", s.Unit).Scan(&n); err != nil {
			return fmt.Errorf("look up unit %s: %w", s.Unit, err)
		}
		if n == 0 {
			return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: stocktake.FieldUnit, Message: "課 " + s.Unit + " は組織にありません"}}}).AsError()
		}
		if !t.Runs(s.Unit) {
			return kijun.Errorf(kijun.EFORBIDDEN, "課 %s の利用状況調査を始められるのは、その課の情報管理者か CISO の事務局です（9.2.2）", s.Unit)
		}
		if s.Title == "" {
			s.Title = organisation.Day(tx.db.Now()).Format("2006-01-02") + " の利用状況調査"
		}
		s.StartedBy, s.StartedAt = kijun.ActorFrom(ctx).ID, tx.db.Now()
		var err error
		if s.ID, err = tx.insertReturningID(ctx, `INSERT INTO stocktakes (unit_code, title, state, started_by, started_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			s.Unit, s.Title, s.State, s.StartedBy, storedTime(s.StartedAt)); err != nil {
			return fmt.Errorf("start stocktake of %s: %w", s.Unit, err)
		}
		// 9.2.2: the items in use; a retired, lost or stolen one is not
		// looked for.
		for _, src := range []struct {
			kind            stocktake.Kind
			table, location string
		}{{stocktake.KindDevice, "devices", "r.location"}, {stocktake.KindMedium, "media", "CASE WHEN r.cabinet <> '' THEN r.location || ' ' || r.cabinet ELSE r.location END"}} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO stocktake_items (stocktake_id, kind, item_id, name, location, confidentiality)
				SELECT ?, ?, r.id, r.name, `+src.location+`, COALESCE((SELECT MAX(h.confidentiality) FROM holder_classes h WHERE h.holder = ? || r.id), 0)
				FROM `+src.table+` r WHERE r.unit_code = ? AND r.state = 'in_use'`, s.ID, src.kind, string(src.kind)+":", s.Unit); err != nil {
				return fmt.Errorf("list the %s of stocktake %d: %w", src.table, s.ID, err)
			}
		}
		if s, err = tx.stocktake(ctx, s.ID); err != nil {
			return err
		}
		_, err = tx.Record(ctx, Change{Action: "stocktake.start", Entity: "stocktake", EntityID: fmt.Sprint(s.ID), State: s, Provisions: stocktakeProvisions})
		return err
	})
	return s, err
}

// MarkStocktakeItem records what the count found of the item a code or
// typed 管理番号 names: found, missing, or elsewhere (saying where). A
// mark may be changed until the stocktake is closed; the 課's staff and
// whoever runs the stocktake may mark.
func (db *DB) MarkStocktakeItem(ctx context.Context, t stocktake.Taker, id int64, code string, m stocktake.Mark, place string) (stocktake.Item, error) {
	place = strings.TrimSpace(place)
	var it stocktake.Item
	if err := (&kijun.FieldErrors{Fields: stocktake.CheckMark(m, place)}).AsError(); err != nil {
		return it, err
	}
	err := db.Update(ctx, func(tx *Tx) error {
		s, err := tx.stocktake(ctx, id)
		if err != nil {
			return err
		}
		if !t.Counts(s.Unit) {
			return kijun.Errorf(kijun.EFORBIDDEN, "課 %s の利用状況調査で照合できるのは、その課の職員と情報管理者、CISO の事務局です（9.2.2）", s.Unit)
		}
		if s.State != stocktake.StateOpen {
			return kijun.Errorf(kijun.ECONFLICT, "利用状況調査 %d は終了しています", id)
		}
		var ok bool
		if it, ok = s.Find(code); !ok {
			return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: stocktake.FieldCode, Message: fmt.Sprintf("%q はこの調査の対象（%s の機器・媒体）にありません", strings.TrimSpace(code), s.UnitName)}}}).AsError()
		}
		it.Mark, it.Place, it.MarkedBy, it.MarkedAt = m, place, kijun.ActorFrom(ctx).ID, tx.db.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE stocktake_items SET mark = ?, place = ?, marked_by = ?, marked_at = ? WHERE stocktake_id = ? AND kind = ? AND item_id = ?`,
			it.Mark, it.Place, it.MarkedBy, storedTime(it.MarkedAt), id, it.Kind, it.ID); err != nil {
			return fmt.Errorf("mark %s in stocktake %d: %w", it.Code(), id, err)
		}
		_, err = tx.Record(ctx, Change{Action: "stocktake.mark", Entity: "stocktake", EntityID: fmt.Sprint(id), State: it, Provisions: stocktakeProvisions})
		return err
	})
	return it, err
}

// CloseStocktake ends a stocktake (9.2.2). Each missing item becomes a
// corrective action of the 課's 情報管理者 citing 9.2.2 and, where it held
// 機密性2以上 data, an incident report of a loss filed through the
// incident service (7.3.1), which routes it as any report; all of it is
// written with the closing, or none. Items never looked at refuse the
// closing: each must be marked, missing if it was not found.
func (db *DB) CloseStocktake(ctx context.Context, t stocktake.Taker, id int64) (stocktake.Stocktake, error) {
	var s stocktake.Stocktake
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		if s, err = tx.stocktake(ctx, id); err != nil {
			return err
		}
		if !t.Runs(s.Unit) {
			return kijun.Errorf(kijun.EFORBIDDEN, "課 %s の利用状況調査を終えられるのは、その課の情報管理者か CISO の事務局です（9.2.2）", s.Unit)
		}
		if s.State != stocktake.StateOpen {
			return kijun.Errorf(kijun.ECONFLICT, "利用状況調査 %d は終了しています", id)
		}
		if n := s.Counts()[stocktake.MarkNone]; n > 0 {
			return kijun.Errorf(kijun.EINVALID, "未確認の機器・媒体が %d 件あります。見つからないものは「所在不明」としてから終了してください（9.2.2）", n)
		}
		now := tx.db.Now()
		s.State, s.ClosedBy, s.ClosedAt = stocktake.StateClosed, kijun.ActorFrom(ctx).ID, now
		for i := range s.Items {
			if s.Items[i].Mark == stocktake.MarkMissing {
				if err := tx.stocktakeMissing(ctx, t, s, &s.Items[i], now); err != nil {
					return err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE stocktakes SET state = ?, closed_by = ?, closed_at = ? WHERE id = ?", s.State, s.ClosedBy, storedTime(now), id); err != nil {
			return fmt.Errorf("close stocktake %d: %w", id, err)
		}
		_, err = tx.Record(ctx, Change{Action: "stocktake.close", Entity: "stocktake", EntityID: fmt.Sprint(id), State: s, Provisions: stocktakeProvisions})
		return err
	})
	return s, err
}

// stocktakeMissing opens what a missing item calls for: its corrective
// action and, for an item that held 機密性2以上 data, an incident report.
func (tx *Tx) stocktakeMissing(ctx context.Context, t stocktake.Taker, s stocktake.Stocktake, it *stocktake.Item, now time.Time) error {
	what := fmt.Sprintf("%s %s（%s）", it.Kind.Label(), it.ID, it.Name)
	provisions := []string{"9.2.2", "6.4"}
	if it.Kind == stocktake.KindMedium {
		provisions = []string{"9.2.2", "4.2.カ", "6.4.3"}
	}
	act, err := tx.CreateCorrective(ctx, corrective.Officer{Stocktaker: true, City: t.City, Console: t.Console, StaffNo: t.StaffNo}, corrective.Action{
		Source: corrective.Source{Kind: corrective.SourceStocktake, ID: fmt.Sprintf("%d %s", s.ID, it.Code())}, Unit: s.Unit,
		OwnerRole: organisation.RoleInfoManager, OwnerScope: organisation.UnitScope(s.Unit),
		Title: "利用状況調査で所在不明: " + what, Provisions: provisions, Due: organisation.Day(now).AddDate(0, 0, stocktakeActionDays),
	})
	if err != nil {
		return fmt.Errorf("open the action for %s: %w", it.Code(), err)
	}
	it.ActionID = act.ID
	if it.Sensitive() {
		// 7.3.1ア: the report is filed by a person; from the console, by
		// the 課's 情報管理者 on the day.
		reporter := t.StaffNo
		if reporter == "" {
			h, err := tx.holderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope(s.Unit), now)
			if err != nil {
				return fmt.Errorf("find who reports the loss of %s: %w", it.Code(), err)
			}
			reporter = h.Person.StaffNo
		}
		in, _, err := tx.fileIncident(ctx, incidents.Incident{
			Title: "所在不明: " + what, Kind: incidents.KindLoss, DiscoveredAt: now, Reporter: reporter, Unit: s.Unit,
			Description: fmt.Sprintf("利用状況調査「%s」（%d）で、%s が所在不明でした。機密性%d の情報を保存していた%sです（9.2.2）。所在の確認と漏えいの有無の判断を続けてください。",
				s.Title, s.ID, what, it.Confidentiality, it.Kind.Label()),
		})
		if err != nil {
			return fmt.Errorf("report the loss of %s: %w", it.Code(), err)
		}
		it.IncidentID = in.ID
	}
	if _, err := tx.ExecContext(ctx, "UPDATE stocktake_items SET action_id = ?, incident_id = ? WHERE stocktake_id = ? AND kind = ? AND item_id = ?",
		it.ActionID, it.IncidentID, s.ID, it.Kind, it.ID); err != nil {
		return fmt.Errorf("link %s to its action: %w", it.Code(), err)
	}
	return nil
}
