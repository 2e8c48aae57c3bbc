package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"kijun/internal/compliance"
	"kijun/internal/contractors"
	"kijun/internal/permits"
)

// contracts reads the contracts and 再委託 links as the rules of 10.1 and
// 8.3.9 see them: whether each is in force on the check's day, which
// items of 10.1.2ア it misses and whether an exception covers them, the
// state of every contractor's selection check and certifications, the
// staff unchecked or untrained, and each link's whole chain and whether
// an approval covers it. The whole city's rows come from the chain cache
// (chainCache), brought up to date from the ledger; what they mean on the
// day is judged at every check. A re-check that names a contract or a
// link reads the contract whole, links and staff with it, and keeps the
// facts of what it names.
func (r *factsReader) contracts(ctx context.Context) error {
	var ids []any // the contracts to read; nil for all
	wantContract, wantLink := map[string]bool{}, map[string]bool{}
	if r.scope != nil {
		for _, id := range r.scope.ids(compliance.KindContract) {
			wantContract[id] = true
			ids = append(ids, id)
		}
		for _, id := range r.scope.ids(compliance.KindLink) {
			wantLink[id] = true
			var c string
			err := r.tx.QueryRowContext(ctx, "SELECT contract_id FROM subcontracts WHERE id = ?", id).Scan(&c)
			switch {
			case err == nil:
				ids = append(ids, c)
			case !errors.Is(err, sql.ErrNoRows): // a link since removed has no facts
				return fmt.Errorf("read compliance facts: %w", err)
			}
		}
		if len(ids) == 0 {
			return nil
		}
	}
	var rows *chainRows
	if r.scope == nil && r.tx.readOnly {
		// The whole city, between changes: from the cache (chainCache).
		var err error
		if rows, err = r.tx.db.chains.read(ctx, r); err != nil {
			return err
		}
	} else {
		firms, err := r.firms(ctx)
		if err != nil {
			return err
		}
		cs, err := r.readChainRows(ctx, ids)
		if err != nil {
			return err
		}
		rows = newChainRows(firms, cs)
	}
	return r.judgeChain(ctx, rows, ids, wantContract, wantLink)
}

// judgeChain works out the facts of the contracts and links in rows on
// the check's day: whether each is in force, its approval current, its
// contractors' certifications lapsed, its staff at work unchecked or
// untrained. The 例外措置, the classes entrusted and the checks due
// (10.1.3) are read here, as of the transaction. A re-check (r.scope)
// keeps the facts of what it names.
func (r *factsReader) judgeChain(ctx context.Context, rows *chainRows, ids []any, wantContract, wantLink map[string]bool) error {
	firms := rows.firms
	list := make([]contractors.Contract, 0, len(rows.order))
	for _, id := range rows.order {
		list = append(list, rows.contracts[id].c)
	}
	reqs, err := r.contractExceptions(ctx, list)
	if err != nil {
		return err
	}
	cls, err := r.tx.entrustedClasses(ctx, ids)
	if err != nil {
		return err
	}
	// 10.1.3: the contracts whose periodic check is past due.
	dues, err := r.tx.checksDue(ctx, ids, r.day)
	if err != nil {
		return err
	}
	overdue := map[string]string{}
	for _, d := range dues {
		if d.Due.Before(r.day) {
			overdue[d.Contract] = day(d.Due)
		}
	}
	r.f.Contracts = slices.Grow(r.f.Contracts, len(list))
	if r.scope == nil {
		n := 0
		for _, k := range rows.contracts {
			n += len(k.links)
		}
		r.f.Links = slices.Grow(r.f.Links, n)
	}
	today := dateArg(r.day)
	// The certifications lapsed by the day, once a contractor.
	lapsedOf := map[string]string{}
	lapsedBy := func(id string) string {
		s, ok := lapsedOf[id]
		if !ok {
			s = lapsed(firms[id], r)
			lapsedOf[id] = s
		}
		return s
	}
	for _, c := range list {
		k := rows.contracts[c.ID]
		inForce := c.InForce(r.day)
		if r.scope == nil || wantContract[c.ID] {
			current := c.State != contractors.StateEnded && !r.day.Before(c.From) && !r.day.After(c.To)
			f := compliance.Contract{Current: current, ID: c.ID, Name: c.Name, Unit: c.Unit, Contractor: c.Contractor, ContractorName: firms[c.Contractor].Name,
				State: string(c.State), InForce: inForce, MyNumber: c.MyNumber, Missing: k.missing,
				Selected: firms[c.Contractor].Selection.Done(), Lapsed: lapsedBy(c.Contractor), Class: cls[c.ID]}
			if f.Missing != "" && c.Exception != 0 {
				if q, ok := reqs[c.Exception]; ok {
					f.Excepted, _ = judgeException(q, c.Missing(), r.day)
				}
			}
			// 8.3.9, 10.1.2ア(12): the staff at work on the day.
			var unchecked, untrained []string
			for _, s := range k.staff {
				if !s.atWork(today) {
					continue
				}
				if !s.checked {
					unchecked = append(unchecked, s.name)
				}
				if !s.trained {
					untrained = append(untrained, s.name)
				}
			}
			f.Unchecked, f.Untrained = strings.Join(unchecked, "、"), strings.Join(untrained, "、")
			f.CheckOverdue = overdue[c.ID]
			r.f.Contracts = append(r.f.Contracts, f)
		}
		for i, cl := range k.links {
			l := cl.l
			if r.scope != nil && !wantLink[l.ID] {
				continue
			}
			to := firms[l.To]
			f := compliance.Link{ID: l.ID, Contract: l.Contract, Unit: c.Unit, From: l.From, To: l.To, State: string(l.State),
				ContractInForce: inForce, Chain: k.paths[i].chain, Depth: k.paths[i].depth,
				Selected: to.Selection.Done(), Lapsed: lapsedBy(l.To)}
			if a, ok := cl.approval(r.day); ok {
				f.Approved = a.approved
				if !a.expired.IsZero() {
					f.Expired = day(a.expired)
				}
			}
			r.f.Links = append(r.f.Links, f)
		}
	}
	slices.SortFunc(r.f.Contracts, func(a, b compliance.Contract) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(r.f.Links, func(a, b compliance.Link) int { return strings.Compare(a.ID, b.ID) })
	return nil
}

// lapsed lists the certifications of c expired by the check's day.
func lapsed(c contractors.Contractor, r *factsReader) string {
	var out []string
	for _, ct := range c.Lapsed(r.day) {
		out = append(out, ct.Kind.Label()+" "+day(ct.Expires))
	}
	return strings.Join(out, "、")
}

// firms reads every contractor with its certifications: a few hundred in
// a city, read whole even for a re-check, since a chain may name any.
func (r *factsReader) firms(ctx context.Context) (map[string]contractors.Contractor, error) {
	var list []contractors.Contractor
	if err := r.query(ctx, "SELECT "+contractorColumns+" FROM org_contractors c", nil, func(sc scanner) error {
		c, err := scanContractor(sc)
		list = append(list, c)
		return err
	}); err != nil {
		return nil, err
	}
	out := make(map[string]contractors.Contractor, len(list))
	idx := map[string]int{}
	for i, c := range list {
		idx[c.ID] = i
	}
	if err := r.query(ctx, "SELECT contractor_id, kind, number, expires_on FROM contractor_certifications", nil, func(sc scanner) error {
		var id, kind, num, exp string
		if err := sc.Scan(&id, &kind, &num, &exp); err != nil {
			return err
		}
		if i, ok := idx[id]; ok {
			list[i].Certifications = append(list[i].Certifications, contractors.Certification{Kind: contractors.CertKind(kind), Number: num, Expires: parseDay(exp)})
		}
		return nil
	}); err != nil {
		return nil, err
	}
	for _, c := range list {
		out[c.ID] = c
	}
	return out, nil
}

// contractExceptions reads the 例外措置 (9.5) the contracts name, read
// lean: a few in a city, so read by ID.
func (r *factsReader) contractExceptions(ctx context.Context, list []contractors.Contract) (map[int64]permits.Request, error) {
	want := map[int64]bool{}
	var ids []any
	for _, c := range list {
		if c.Exception != 0 && !want[c.Exception] {
			want[c.Exception] = true
			ids = append(ids, c.Exception)
		}
	}
	out := make(map[int64]permits.Request, len(ids))
	if err := r.tx.eachIn(ctx, "SELECT r.id, r.type, r.state, r.fields, r.valid_from, r.valid_to FROM permit_requests r WHERE r.id IN ", ids, func(sc scanner) error {
		var q permits.Request
		var fields, from, to string
		if err := sc.Scan(&q.ID, &q.Type, &q.State, &fields, &from, &to); err != nil {
			return err
		}
		q.ValidFrom, q.ValidTo = storedDay(from), storedDay(to)
		var err error
		q.Fields, err = leanFields(q.ID, fields)
		out[q.ID] = q
		return err
	}); err != nil {
		return nil, fmt.Errorf("read compliance facts: %w", err)
	}
	return out, nil
}
