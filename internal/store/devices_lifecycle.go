package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"kijun/internal/devices"
	"kijun/internal/wareki"
)

// lifecycle checks a change of a device's or medium's state from old (nil
// for a new item) to v, which it normalises: a retired item changes no
// more; a lease return or disposal needs the approved request of the
// register's disposal type, naming the item and the same kind, whose
// record of the erasure is kept (6.1.7, 4.2ケ(2), (3)); a retired item
// holds no information asset any more (6.1.7: all of it erased); a loss
// or theft names its incident report (9.2.1). Registers without a
// lifecycle (areas) pass.
func (reg *register[T]) lifecycle(ctx context.Context, tx *Tx, old, v *T, now time.Time) ([]devices.FieldError, error) {
	if reg.life == nil {
		return nil, nil
	}
	l := reg.life(v)
	l.Normalise()
	var was devices.Lifecycle
	if old != nil {
		was = *reg.life(old)
	}
	was.Normalise()
	// The day a state began is the city's day (JST), as people write it.
	if fe := l.Transition(was, now.In(wareki.JST()), reg.noun); len(fe) > 0 {
		return fe, nil
	}
	if !l.State.Gone() || (l.State == was.State && l.StateRef == was.StateRef) {
		return nil, nil
	}
	id := reg.entry(v).ID
	bad := func(field, format string, args ...any) ([]devices.FieldError, error) {
		return []devices.FieldError{{Field: field, Message: fmt.Sprintf(format, args...)}}, nil
	}
	if !l.State.Retired() {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM incidents WHERE id = ?", l.StateRef).Scan(&n); err != nil {
			return nil, fmt.Errorf("look up incident %s: %w", l.StateRef, err)
		}
		if n == 0 {
			return bad(devices.FieldStateRef, "インシデント報告 %s はありません（%sは先にインシデントとして報告してください。9.2.1）", l.StateRef, l.State.Label())
		}
		return nil, nil
	}
	typ := reg.entity + "_dispose"
	var gotType, subject, state, fields string
	err := tx.QueryRowContext(ctx, "SELECT type, subject, state, fields FROM permit_requests WHERE id = ?", l.StateRef).Scan(&gotType, &subject, &state, &fields)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return bad(devices.FieldStateRef, "申請番号 %s の申請はありません", l.StateRef)
	case err != nil:
		return nil, fmt.Errorf("look up request %s: %w", l.StateRef, err)
	case gotType != typ || subject != id:
		return bad(devices.FieldStateRef, "申請番号 %s は%s %s の廃棄・リース返却の申請ではありません", l.StateRef, reg.noun, id)
	}
	var fv map[string]any
	if err := json.Unmarshal([]byte(fields), &fv); err != nil {
		return nil, fmt.Errorf("read request %s: %w", l.StateRef, err)
	}
	if kind, _ := fv["kind"].(string); kind != l.State.PermitKind() {
		return bad(devices.FieldStateRef, "申請番号 %s は「%s」の申請です。「%s」にはできません", l.StateRef, kind, l.State.Label())
	}
	var recorded int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM permit_steps WHERE request_id = ? AND action = 'record'", l.StateRef).Scan(&recorded); err != nil {
		return nil, fmt.Errorf("look up the record of request %s: %w", l.StateRef, err)
	}
	if state != "closed" || recorded == 0 {
		return bad(devices.FieldStateRef, "申請番号 %s は、許可と処理の記録（日時・担当者・消去の方法・証明書・立会者）がそろっていません（6.1.7、4.2ケ）", l.StateRef)
	}
	var held []string
	err = tx.each(ctx, "SELECT asset_id FROM asset_holders WHERE holder = ? ORDER BY asset_id", []any{reg.entity + ":" + id}, func(sc scanner) error {
		var a string
		err := sc.Scan(&a)
		held = append(held, a)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read what %s holds: %w", id, err)
	}
	if len(held) > 0 {
		return bad(devices.FieldState, "%s %s には情報資産 %s が保存されていると記録されています。全ての情報を消去したうえで、情報資産台帳の保存先から外してください（6.1.7）",
			reg.noun, id, strings.Join(held, "、"))
	}
	return nil, nil
}
