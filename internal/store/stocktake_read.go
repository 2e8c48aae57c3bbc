package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"kijun/internal/kijun"
	"kijun/internal/stocktake"
)

const stocktakeColumns = `s.id, s.unit_code, ` + "COALESCE((SELECT v.name FROM org_unit_versions v WHERE v.unit_code = s.unit_code ORDER BY v.valid_from DESC LIMIT 1), s.unit_code)" +
	`, s.title, s.state, s.started_by, s.started_at, s.closed_by, s.closed_at`

func scanStocktake(sc scanner) (stocktake.Stocktake, error) {
	var s stocktake.Stocktake
	var started, closed string
	err := sc.Scan(&s.ID, &s.Unit, &s.UnitName, &s.Title, &s.State, &s.StartedBy, &started, &s.ClosedBy, &closed)
	s.StartedAt = parseStoredTime(started)
	if closed != "" {
		s.ClosedAt = parseStoredTime(closed)
	}
	return s, err
}

// Stocktake returns one stocktake with its items, devices first, each by
// 管理番号, to whoever may see the 課's.
func (db *DB) Stocktake(ctx context.Context, t stocktake.Taker, id int64) (stocktake.Stocktake, error) {
	var s stocktake.Stocktake
	err := db.View(ctx, func(tx *Tx) (err error) {
		if s, err = tx.stocktake(ctx, id); err != nil {
			return err
		}
		if !t.Sees(s.Unit) {
			return kijun.Errorf(kijun.EFORBIDDEN, "課 %s の利用状況調査を見る権限がありません（9.2.2）", s.Unit)
		}
		return nil
	})
	return s, err
}

func (tx *Tx) stocktake(ctx context.Context, id int64) (stocktake.Stocktake, error) {
	s, err := scanStocktake(tx.QueryRowContext(ctx, "SELECT "+stocktakeColumns+" FROM stocktakes s WHERE s.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, kijun.Errorf(kijun.ENOTFOUND, "利用状況調査 %d はありません", id)
	}
	if err != nil {
		return s, fmt.Errorf("load stocktake %d: %w", id, err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT kind, item_id, name, location, confidentiality, mark, place, marked_by, marked_at, action_id, incident_id
		FROM stocktake_items WHERE stocktake_id = ? ORDER BY kind, item_id`, id)
	if err != nil {
		return s, fmt.Errorf("load the items of stocktake %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var it stocktake.Item
		var at string
		if err := rows.Scan(&it.Kind, &it.ID, &it.Name, &it.Location, &it.Confidentiality, &it.Mark, &it.Place, &it.MarkedBy, &at, &it.ActionID, &it.IncidentID); err != nil {
			return s, fmt.Errorf("load the items of stocktake %d: %w", id, err)
		}
		if at != "" {
			it.MarkedAt = parseStoredTime(at)
		}
		s.Items = append(s.Items, it)
	}
	return s, rows.Err()
}

// Stocktakes lists the stocktakes the taker sees, newest first, of one
// 課 when unit is given.
func (db *DB) Stocktakes(ctx context.Context, t stocktake.Taker, unit string) ([]stocktake.Stocktake, error) {
	var out []stocktake.Stocktake
	err := db.View(ctx, func(tx *Tx) error {
		q, args := "SELECT "+stocktakeColumns+" FROM stocktakes s", []any{}
		if unit != "" {
			q, args = q+" WHERE s.unit_code = ?", append(args, unit)
		}
		rows, err := tx.QueryContext(ctx, q+" ORDER BY s.started_at DESC, s.id DESC LIMIT 500", args...)
		if err != nil {
			return fmt.Errorf("list stocktakes: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			s, err := scanStocktake(rows)
			if err != nil {
				return fmt.Errorf("list stocktakes: %w", err)
			}
			if t.Sees(s.Unit) {
				out = append(out, s)
			}
		}
		return rows.Err()
	})
	return out, err
}
