package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"kijun/internal/compliance"
	"kijun/internal/contractors"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/records"
)

// The contracts of 10.1.2: who owns each, with whom, for how long, what
// is entrusted and which article states each item of the checklist.

const contractColumns = `k.id, k.name, k.unit_code,
	COALESCE((SELECT v.name FROM org_unit_versions v WHERE v.unit_code = k.unit_code ORDER BY v.valid_from DESC LIMIT 1), k.unit_code),
	k.contractor_id, COALESCE((SELECT c.name FROM org_contractors c WHERE c.id = k.contractor_id), ''),
	k.valid_from, k.valid_to, k.state, k.my_number, k.exception_id, k.created_at, k.updated_at, k.version`

func scanContract(sc scanner) (contractors.Contract, error) {
	var c contractors.Contract
	var from, to, created, updated string
	var my int
	err := sc.Scan(&c.ID, &c.Name, &c.Unit, &c.UnitName, &c.Contractor, &c.ContractorName, &from, &to, &c.State, &my,
		&c.Exception, &created, &updated, &c.Version)
	c.From, c.To, c.MyNumber = parseDay(from), parseDay(to), my != 0
	c.CreatedAt, c.UpdatedAt = parseStoredTime(created), parseStoredTime(updated)
	return c, err
}

// ContractFilter selects a page of contracts.
type ContractFilter struct {
	Units      []string // nil: every 課
	Contractor string
	State      contractors.State
	Q          string
	Offset     int
	Limit      int
	// Keys continues the list from a cursor and gives the next one.
	Keys *Keyset
}

func (f ContractFilter) where(d Dialect) (string, []any) {
	conds := []string{"1 = 1"}
	var args []any
	if f.Units != nil {
		if len(f.Units) == 0 {
			return "WHERE 1 = 0", nil
		}
		conds = append(conds, "k.unit_code IN "+inList(len(f.Units)))
		args = append(args, anys(f.Units)...)
	}
	if f.Contractor != "" {
		conds, args = append(conds, "k.contractor_id = ?"), append(args, f.Contractor)
	}
	if f.State != "" {
		conds, args = append(conds, "k.state = ?"), append(args, string(f.State))
	}
	for _, w := range strings.Fields(f.Q) {
		fn := "instr"
		if d == Postgres {
			fn = "strpos"
		}
		conds, args = append(conds, fn+"(k.search_key, ?) > 0"), append(args, organisation.SearchKey(w))
	}
	return "WHERE " + strings.Join(conds, " AND "), args
}

// ListContracts returns a page of contracts by ID and how many match.
// The list reads no checklist: Missing on them is empty.
func (db *DB) ListContracts(ctx context.Context, f ContractFilter) ([]contractors.Contract, int, error) {
	var out []contractors.Contract
	var total int
	err := db.View(ctx, func(tx *Tx) error {
		where, args := f.where(db.Dialect)
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM contracts k "+where, args...).Scan(&total); err != nil {
			return fmt.Errorf("count contracts: %w", err)
		}
		limit := f.Limit
		if limit <= 0 {
			limit = 100
		}
		return tx.pageInOrder(ctx, "contracts k", contractColumns, where, args, "k.id", limit, f.Offset, f.Keys,
			func(sc scanner) error {
				c, err := scanContract(sc)
				out = append(out, c)
				return err
			})
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list contracts: %w", err)
	}
	return out, total, nil
}

// ContractEntry returns one contract with its checklist and what it
// entrusts, or ENOTFOUND.
func (db *DB) ContractEntry(ctx context.Context, id string) (contractors.Contract, error) {
	var c contractors.Contract
	err := db.View(ctx, func(tx *Tx) (err error) {
		c, err = tx.contract(ctx, id)
		return err
	})
	return c, err
}

func (tx *Tx) contract(ctx context.Context, id string) (contractors.Contract, error) {
	c, err := scanContract(tx.QueryRowContext(ctx, "SELECT "+contractColumns+" FROM contracts k WHERE k.id = ?", id))
	if err = errNoRows(err, "契約番号 %s の契約はありません", id); err != nil {
		return c, err
	}
	c.Articles = map[string]string{}
	if err := tx.each(ctx, "SELECT item, article FROM contract_articles WHERE contract_id = ?", []any{id}, func(sc scanner) error {
		var item, art string
		err := sc.Scan(&item, &art)
		c.Articles[item] = art
		return err
	}); err != nil {
		return c, fmt.Errorf("read the checklist of %s: %w", id, err)
	}
	err = tx.each(ctx, "SELECT kind, ref_id FROM contract_entrusted WHERE contract_id = ? ORDER BY kind, ref_id", []any{id}, func(sc scanner) error {
		var kind, ref string
		err := sc.Scan(&kind, &ref)
		if kind == "system" {
			c.Systems = append(c.Systems, ref)
		} else {
			c.Assets = append(c.Assets, ref)
		}
		return err
	})
	return c, err
}

// EntrustedClass returns the highest class of the information a
// contract's contractor handles (4.2オ(4)): of the assets it entrusts and
// of those the systems it entrusts hold.
func (db *DB) EntrustedClass(ctx context.Context, id string) (compliance.Class, error) {
	var out compliance.Class
	err := db.View(ctx, func(tx *Tx) error {
		m, err := tx.entrustedClasses(ctx, []any{id})
		out = m[id]
		return err
	})
	return out, err
}

// entrustedClasses reads the class of what each contract entrusts; nil
// ids reads every contract.
func (tx *Tx) entrustedClasses(ctx context.Context, ids []any) (map[string]compliance.Class, error) {
	out := map[string]compliance.Class{}
	q := `SELECT x.contract_id, MAX(x.c), MAX(x.i), MAX(x.a), COUNT(DISTINCT x.id) FROM (
		SELECT e.contract_id, a.id, a.confidentiality AS c, a.integrity AS i, a.availability AS a
			FROM contract_entrusted e JOIN assets a ON a.id = e.ref_id WHERE e.kind = 'asset'
		UNION
		SELECT e.contract_id, a.id, a.confidentiality, a.integrity, a.availability
			FROM contract_entrusted e JOIN asset_holders h ON h.holder = 'system:' || e.ref_id JOIN assets a ON a.id = h.asset_id
			WHERE e.kind = 'system') x`
	var args []any
	if ids != nil {
		q += " WHERE x.contract_id IN " + inList(len(ids))
		args = ids
	}
	err := tx.each(ctx, q+" GROUP BY x.contract_id", args, func(sc scanner) error {
		var id string
		var c compliance.Class
		err := sc.Scan(&id, &c.Confidentiality, &c.Integrity, &c.Availability, &c.Assets)
		out[id] = c
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the classes entrusted: %w", err)
	}
	return out, nil
}

// CreateContract adds a contract for g, whose 課 g must keep.
func (db *DB) CreateContract(ctx context.Context, g Gate, c contractors.Contract) (contractors.Contract, error) {
	return db.saveContract(ctx, g, Create, c)
}

// UpdateContract changes a contract at the version read: g must keep its
// 課 as it is and as it will be.
func (db *DB) UpdateContract(ctx context.Context, g Gate, c contractors.Contract) (contractors.Contract, error) {
	return db.saveContract(ctx, g, Update, c)
}

func (db *DB) saveContract(ctx context.Context, g Gate, m Mode, c contractors.Contract) (contractors.Contract, error) {
	err := db.Update(ctx, func(tx *Tx) error {
		var fe []kijun.FieldError
		var err error
		if c, fe, err = tx.saveContract(ctx, g, m, c, true); err != nil {
			return err
		}
		return (&kijun.FieldErrors{Fields: fe}).AsError()
	})
	return c, err
}

// saveContract checks and writes one contract in tx; see saveContractor.
func (tx *Tx) saveContract(ctx context.Context, g Gate, m Mode, c contractors.Contract, checkVersion bool) (contractors.Contract, []kijun.FieldError, error) {
	c.ID = strings.TrimSpace(c.ID)
	old, err := tx.contract(ctx, c.ID)
	found := err == nil
	if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return c, nil, err
	}
	switch {
	case m == Create && found:
		return c, []kijun.FieldError{{Field: contractors.FieldID, Message: inUse("契約番号", c.ID)}}, nil
	case m == Update && !found:
		return c, nil, err
	case found && !g.Keeps(old.Unit): // 8.2.1ア: the record as it is now
		return c, nil, errNotKept("契約", c.ID)
	}
	fe := c.Check()
	if len(fe) == 0 {
		if fe, err = tx.checkContractRefs(ctx, c); err != nil {
			return c, nil, err
		}
	}
	if fe = gateUnit(g, fe, contractors.FieldUnit, c.Unit); len(fe) > 0 { // 8.2.1ア: and as it will be
		return c, fe, nil
	}
	// 10.1.2ア: in force only with every obligatory item, or under a 例外措置.
	covered, cfe, err := tx.exceptionCovers(ctx, c)
	if err != nil {
		return c, nil, err
	}
	if fe = append(cfe, c.CheckActivation(covered)...); len(fe) > 0 {
		return c, fe, nil
	}
	if found && old.State == contractors.StateEnded && c.State != contractors.StateEnded {
		return c, []kijun.FieldError{{Field: contractors.FieldState, Message: "終了した契約は再開できません。新しい契約として登録してください"}}, nil
	}
	// 10.1.2ア(8): every asset entrusted, before or in this change, is
	// accounted for before the contract ends.
	closing := c
	if found {
		closing.Assets = contractors.SortIDs(append(slices.Clone(old.Assets), c.Assets...))
	}
	if fe, err = tx.checkClosing(ctx, closing, found && old.State == contractors.StateEnded); err != nil || len(fe) > 0 {
		return c, fe, err
	}
	now := tx.db.Now()
	action := "contract.create"
	if found {
		if checkVersion && old.Version != c.Version {
			return c, nil, kijun.Errorf(kijun.ECONFLICT, "契約 %s は他の人が変更しました（版 %d → %d）。読み込み直してから変更してください", c.ID, c.Version, old.Version)
		}
		c.CreatedAt, c.Version, action = old.CreatedAt, old.Version+1, "contract.update"
	} else {
		c.CreatedAt, c.Version = now, 1
	}
	c.UpdatedAt = now
	c.Systems, c.Assets = contractors.SortIDs(c.Systems), contractors.SortIDs(c.Assets)
	for k, v := range c.Articles {
		if v == "" {
			delete(c.Articles, k)
		}
	}
	if err := tx.writeContract(ctx, c); err != nil {
		return c, nil, err
	}
	c.UnitName, c.ContractorName = "", ""
	_, err = tx.Record(ctx, Change{Action: action, Entity: "contract", EntityID: c.ID, State: c, Provisions: []string{"10.1.2"}})
	return c, nil, err
}

func (tx *Tx) writeContract(ctx context.Context, c contractors.Contract) error {
	key := organisation.SearchKey(c.ID + " " + c.Name + " " + c.Contractor)
	if _, err := tx.ExecContext(ctx, `INSERT INTO contracts (id, name, unit_code, contractor_id, valid_from, valid_to, state, my_number,
		exception_id, search_key, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, unit_code = excluded.unit_code, contractor_id = excluded.contractor_id,
		valid_from = excluded.valid_from, valid_to = excluded.valid_to, state = excluded.state, my_number = excluded.my_number,
		exception_id = excluded.exception_id, search_key = excluded.search_key, updated_at = excluded.updated_at, version = excluded.version`,
		c.ID, c.Name, c.Unit, c.Contractor, day(c.From), day(c.To), string(c.State), boolInt(c.MyNumber), c.Exception, key,
		records.FormatTime(c.CreatedAt), records.FormatTime(c.UpdatedAt), c.Version); err != nil {
		return fmt.Errorf("write contract %s: %w", c.ID, err)
	}
	for _, q := range []string{"DELETE FROM contract_articles WHERE contract_id = ?", "DELETE FROM contract_entrusted WHERE contract_id = ?"} {
		if _, err := tx.ExecContext(ctx, q, c.ID); err != nil {
			return fmt.Errorf("write contract %s: %w", c.ID, err)
		}
	}
	for _, cl := range contractors.Clauses() {
		if a := c.Articles[cl.Key]; a != "" {
			if _, err := tx.ExecContext(ctx, "INSERT INTO contract_articles (contract_id, item, article) VALUES (?, ?, ?)", c.ID, cl.Key, a); err != nil {
				return fmt.Errorf("write the checklist of %s: %w", c.ID, err)
			}
		}
	}
	for kind, ids := range map[string][]string{"system": c.Systems, "asset": c.Assets} {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, "INSERT INTO contract_entrusted (contract_id, kind, ref_id) VALUES (?, ?, ?)", c.ID, kind, id); err != nil {
				return fmt.Errorf("write what %s entrusts: %w", c.ID, err)
			}
		}
	}
	return nil
}

// checkContractRefs checks that the contract's 課, contractor, systems
// and assets exist.
func (tx *Tx) checkContractRefs(ctx context.Context, c contractors.Contract) ([]kijun.FieldError, error) {
	fe := &kijun.FieldErrors{}
	count := func(q string, args ...any) (int, error) {
		var n int
		err := tx.QueryRowContext(ctx, q, args...).Scan(&n)
		return n, err
	}
	if n, err := count("SELECT COUNT(*) FROM org_units WHERE code = ?", c.Unit); err != nil {
		return nil, err
	} else if n == 0 {
		fe.Add(contractors.FieldUnit, "所管課コード %s の組織はありません", c.Unit)
	}
	if ok, err := tx.contractorExists(ctx, c.Contractor); err != nil {
		return nil, err
	} else if !ok {
		fe.Add(contractors.FieldContractor, "事業者ID %s の委託事業者は登録されていません（先に事業者を登録してください）", c.Contractor)
	}
	for _, l := range []struct {
		field, table, label string
		ids                 []string
	}{
		{contractors.FieldSystems, "systems", "システムID", c.Systems}, {contractors.FieldAssets, "assets", "管理番号", c.Assets}} {
		for _, id := range l.ids {
			if n, err := count("SELECT COUNT(*) FROM "+l.table+" WHERE id = ?", id); err != nil {
				return nil, err
			} else if n == 0 {
				fe.Add(l.field, "%s %s は台帳にありません", l.label, id)
			}
		}
	}
	return fe.Fields, nil
}

// exceptionCovers reads the 例外措置 the contract names, if any, and
// reports whether it is in force today and covers every obligatory item
// the contract is missing (9.5.1, 10.1.2ア). A named request that is not
// an exception in force is an error beside the field.
func (tx *Tx) exceptionCovers(ctx context.Context, c contractors.Contract) (bool, []kijun.FieldError, error) {
	if c.Exception == 0 {
		return false, nil, nil
	}
	ok, why, err := tx.exceptionInForce(ctx, c.Exception, c.Missing(), tx.db.dayOf())
	if err != nil || ok {
		return ok, nil, err
	}
	if c.State != contractors.StateActive {
		return false, nil, nil // named for later; judged when the contract is made active
	}
	return false, []kijun.FieldError{{Field: contractors.FieldException, Message: why}}, nil
}

// exceptionInForce reports whether request id is an exception (9.5) in
// force on day that covers each item of missing, and if not, why.
func (tx *Tx) exceptionInForce(ctx context.Context, id int64, missing []contractors.Clause, d time.Time) (bool, string, error) {
	r, err := tx.request(ctx, id)
	if kijun.ErrorCode(err) == kijun.ENOTFOUND {
		return false, fmt.Sprintf("申請番号 %d の申請はありません", id), nil
	}
	if err != nil {
		return false, "", err
	}
	ok, why := judgeException(r, missing, d)
	return ok, why, nil
}

// judgeException is the judgement of exceptionInForce on a request read.
func judgeException(r permits.Request, missing []contractors.Clause, d time.Time) (bool, string) {
	id := r.ID
	if r.Type != "exception" && r.Type != "emergency_exception" {
		return false, fmt.Sprintf("申請 %d は例外措置の申請ではありません（9.5）", id)
	}
	if r.State != permits.StateClosed {
		return false, fmt.Sprintf("例外措置 %d は許可されていません（%s）", id, r.State.Label())
	}
	if !r.ValidTo.IsZero() && r.ValidTo.Before(d) {
		return false, fmt.Sprintf("例外措置 %d の期間は %s に終わっています", id, r.ValidTo.Format(time.DateOnly))
	}
	var not []string
	for _, cl := range missing {
		if !permits.Covers(r.Fields["provision"], cl.Provision) {
			not = append(not, cl.Number())
		}
	}
	if len(not) > 0 {
		return false, fmt.Sprintf("例外措置 %d（対象 %s）は 10.1.2%s を対象にしていません", id, r.Fields["provision"], strings.Join(not, "・"))
	}
	return true, ""
}

// ContractsEntrusting returns the contracts that entrust the system or
// asset (kind "system" or "asset"), by ID: who handles it for the city
// (10.1.2), the 委託先 of a system as contracts rather than a name.
func (db *DB) ContractsEntrusting(ctx context.Context, kind, id string) ([]contractors.Contract, error) {
	var out []contractors.Contract
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT "+contractColumns+" FROM contracts k JOIN contract_entrusted e ON e.contract_id = k.id WHERE e.kind = ? AND e.ref_id = ? ORDER BY k.id",
			[]any{kind, id}, func(sc scanner) error {
				c, err := scanContract(sc)
				out = append(out, c)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("read the contracts entrusting %s %s: %w", kind, id, err)
	}
	return out, nil
}
