package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kijun/internal/contractors"
	"kijun/internal/kijun"
	"kijun/internal/permits"
	"kijun/internal/records"
)

// The 再委託 links of 10.1.4: each passes part of a contract's work from a
// contractor in its chain to another, in force once the 情報管理者 of the
// contract's 課 has approved it by a request of type subcontract.

const linkColumns = `l.id, l.contract_id, l.from_id, l.to_id, l.part, l.state, l.permit_id, l.created_at, l.updated_at, l.version`

func scanLink(sc scanner) (contractors.Link, error) {
	var l contractors.Link
	var created, updated string
	err := sc.Scan(&l.ID, &l.Contract, &l.From, &l.To, &l.Part, &l.State, &l.Permit, &created, &updated, &l.Version)
	l.CreatedAt, l.UpdatedAt = parseStoredTime(created), parseStoredTime(updated)
	return l, err
}

// Links returns the 再委託 links of a contract, by ID.
func (db *DB) Links(ctx context.Context, contract string) ([]contractors.Link, error) {
	var out []contractors.Link
	err := db.View(ctx, func(tx *Tx) (err error) {
		out, err = tx.links(ctx, contract)
		return err
	})
	return out, err
}

func (tx *Tx) links(ctx context.Context, contract string) ([]contractors.Link, error) {
	var out []contractors.Link
	err := tx.each(ctx, "SELECT "+linkColumns+" FROM subcontracts l WHERE l.contract_id = ? ORDER BY l.id", []any{contract}, func(sc scanner) error {
		l, err := scanLink(sc)
		out = append(out, l)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the links of %s: %w", contract, err)
	}
	return out, nil
}

// LinkEntry returns one link, or ENOTFOUND.
func (db *DB) LinkEntry(ctx context.Context, id string) (contractors.Link, error) {
	var l contractors.Link
	err := db.View(ctx, func(tx *Tx) (err error) {
		l, err = tx.link(ctx, id)
		return err
	})
	return l, err
}

func (tx *Tx) link(ctx context.Context, id string) (contractors.Link, error) {
	l, err := scanLink(tx.QueryRowContext(ctx, "SELECT "+linkColumns+" FROM subcontracts l WHERE l.id = ?", id))
	return l, errNoRows(err, "再委託番号 %s の再委託はありません", id)
}

// CreateLink adds a 再委託 link to a contract whose 課 g keeps.
func (db *DB) CreateLink(ctx context.Context, g Gate, l contractors.Link) (contractors.Link, error) {
	return db.saveLink(ctx, g, Create, l)
}

// UpdateLink changes a link at the version read.
func (db *DB) UpdateLink(ctx context.Context, g Gate, l contractors.Link) (contractors.Link, error) {
	return db.saveLink(ctx, g, Update, l)
}

func (db *DB) saveLink(ctx context.Context, g Gate, m Mode, l contractors.Link) (contractors.Link, error) {
	err := db.Update(ctx, func(tx *Tx) error {
		var fe []kijun.FieldError
		var err error
		if l, fe, err = tx.saveLink(ctx, g, m, l, true); err != nil {
			return err
		}
		return (&kijun.FieldErrors{Fields: fe}).AsError()
	})
	return l, err
}

// saveLink checks and writes one link in tx; see saveContractor. The
// link is the contract's: g must keep the contract's 課, and a link
// cannot move to another contract.
func (tx *Tx) saveLink(ctx context.Context, g Gate, m Mode, l contractors.Link, checkVersion bool) (contractors.Link, []kijun.FieldError, error) {
	l.ID = strings.TrimSpace(l.ID)
	old, err := tx.link(ctx, l.ID)
	found := err == nil
	if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return l, nil, err
	}
	switch {
	case m == Create && found:
		return l, []kijun.FieldError{{Field: contractors.FieldID, Message: inUse("再委託番号", l.ID)}}, nil
	case m == Update && !found:
		return l, nil, err
	}
	if found {
		c, err := tx.contract(ctx, old.Contract)
		if err != nil {
			return l, nil, err
		}
		if !g.Keeps(c.Unit) { // 8.2.1ア: the link as it is now
			return l, nil, errNotKept("再委託", l.ID)
		}
		if l.Contract != old.Contract {
			return l, []kijun.FieldError{{Field: contractors.FieldContract, Message: fmt.Sprintf("再委託 %s は契約 %s のものです。別の契約に移せません", l.ID, old.Contract)}}, nil
		}
	}
	if fe := l.Check(); len(fe) > 0 {
		return l, fe, nil
	}
	c, err := tx.contract(ctx, l.Contract)
	if kijun.ErrorCode(err) == kijun.ENOTFOUND {
		return l, []kijun.FieldError{{Field: contractors.FieldContract, Message: fmt.Sprintf("契約番号 %s の契約はありません", l.Contract)}}, nil
	}
	if err != nil {
		return l, nil, err
	}
	if !g.Keeps(c.Unit) { // 8.2.1ア: and as it will be
		return l, []kijun.FieldError{{Field: contractors.FieldContract, Message: notKeptUnit(c.Unit)}}, nil
	}
	fe := &kijun.FieldErrors{}
	for _, who := range []struct{ field, id string }{{contractors.FieldGiver, l.From}, {contractors.FieldReceiver, l.To}} {
		if ok, err := tx.contractorExists(ctx, who.id); err != nil {
			return l, nil, err
		} else if !ok {
			fe.Add(who.field, "事業者ID %s の委託事業者は登録されていません（先に事業者を登録してください）", who.id)
		}
	}
	if len(fe.Fields) > 0 {
		return l, fe.Fields, nil
	}
	links, err := tx.links(ctx, l.Contract)
	if err != nil {
		return l, nil, err
	}
	chain := contractors.NewChain(c.Contractor, links)
	if fe := chain.Check(l); len(fe) > 0 { // 10.1.4: a tree, no loops
		return l, fe, nil
	}
	if l.State == contractors.LinkActive { // 10.1.4: in force only once approved
		ok, why, err := tx.linkApproved(ctx, l, tx.db.dayOf())
		if err != nil {
			return l, nil, err
		}
		if !ok {
			return l, []kijun.FieldError{{Field: contractors.FieldPermit, Message: why}}, nil
		}
	}
	now := tx.db.Now()
	action := "subcontract.create"
	if found {
		if checkVersion && old.Version != l.Version {
			return l, nil, kijun.Errorf(kijun.ECONFLICT, "再委託 %s は他の人が変更しました（版 %d → %d）。読み込み直してから変更してください", l.ID, l.Version, old.Version)
		}
		l.CreatedAt, l.Version, action = old.CreatedAt, old.Version+1, "subcontract.update"
	} else {
		l.CreatedAt, l.Version = now, 1
	}
	l.UpdatedAt = now
	if _, err := tx.ExecContext(ctx, `INSERT INTO subcontracts (id, contract_id, from_id, to_id, part, state, permit_id, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET from_id = excluded.from_id, to_id = excluded.to_id,
		part = excluded.part, state = excluded.state, permit_id = excluded.permit_id, updated_at = excluded.updated_at, version = excluded.version`,
		l.ID, l.Contract, l.From, l.To, l.Part, string(l.State), l.Permit, records.FormatTime(l.CreatedAt), records.FormatTime(l.UpdatedAt), l.Version); err != nil {
		return l, nil, fmt.Errorf("write link %s: %w", l.ID, err)
	}
	_, err = tx.Record(ctx, Change{Action: action, Entity: "subcontract", EntityID: l.ID, State: l, Provisions: []string{"10.1.4"}})
	return l, nil, err
}

// linkApproved reports whether the link's permit approves it on day: a
// request of type subcontract for this contract, link and receiver,
// approved by the 情報管理者 of the contract's 課, whose period holds day.
// If not, it says why.
func (tx *Tx) linkApproved(ctx context.Context, l contractors.Link, d time.Time) (bool, string, error) {
	if l.Permit == 0 {
		return false, "再委託を実施中にするには、所管課の情報管理者の承認（再委託の承認の申請番号）が必要です（10.1.4）", nil
	}
	r, err := tx.request(ctx, l.Permit)
	if kijun.ErrorCode(err) == kijun.ENOTFOUND {
		return false, fmt.Sprintf("申請番号 %d の申請はありません", l.Permit), nil
	}
	if err != nil {
		return false, "", err
	}
	return approves(r, l, d)
}

// approves is the judgement of linkApproved on a request read.
func approves(r permits.Request, l contractors.Link, d time.Time) (bool, string, error) {
	switch {
	case r.Type != "subcontract":
		return false, fmt.Sprintf("申請 %d は再委託の承認の申請ではありません（10.1.4）", r.ID), nil
	case r.Fields["contract"] != l.Contract || r.Fields["link"] != l.ID || r.Fields["receiver"] != l.To:
		return false, fmt.Sprintf("申請 %d は契約 %s・再委託 %s・再委託先 %s の承認です。この再委託（契約 %s・%s・%s）のものではありません",
			r.ID, r.Fields["contract"], r.Fields["link"], r.Fields["receiver"], l.Contract, l.ID, l.To), nil
	case r.State != permits.StateClosed:
		return false, fmt.Sprintf("再委託の承認 %d はまだ承認されていません（%s）。所管課の情報管理者の承認を得てください（10.1.4）", r.ID, r.State.Label()), nil
	case !r.ValidFrom.IsZero() && d.Before(r.ValidFrom):
		return false, fmt.Sprintf("再委託の承認 %d の期間は %s からです", r.ID, r.ValidFrom.Format(time.DateOnly)), nil
	case !r.ValidTo.IsZero() && r.ValidTo.Before(d):
		return false, fmt.Sprintf("再委託の承認 %d の期間は %s に終わっています。改めて承認を得てください（10.1.4）", r.ID, r.ValidTo.Format(time.DateOnly)), nil
	}
	return true, "", nil
}
