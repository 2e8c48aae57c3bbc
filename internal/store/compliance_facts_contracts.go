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
// an approval covers it. A re-check that names a contract or a link reads
// the contract whole, links and staff with it, and keeps the facts of
// what it names.
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
	in := func(col string) (string, []any) {
		if ids == nil {
			return "", nil
		}
		return " WHERE " + col + " IN " + inList(len(ids)), ids
	}
	firms, err := r.firms(ctx)
	if err != nil {
		return err
	}
	// Contracts, read lean: no names of units, no timestamps.
	var list []contractors.Contract
	where, args := in("k.id")
	if err := r.query(ctx, "SELECT k.id, k.name, k.unit_code, k.contractor_id, k.valid_from, k.valid_to, k.state, k.my_number, k.exception_id FROM contracts k"+where, args, func(sc scanner) error {
		var c contractors.Contract
		var from, to string
		var my int
		err := sc.Scan(&c.ID, &c.Name, &c.Unit, &c.Contractor, &from, &to, &c.State, &my, &c.Exception)
		c.From, c.To, c.MyNumber = parseDay(from), parseDay(to), my != 0
		list = append(list, c)
		return err
	}); err != nil {
		return err
	}
	at := map[string]int{}
	for i, c := range list {
		at[c.ID] = i
	}
	// 10.1.2ア: the contracts stating all thirteen items are counted in the
	// database; only the others' items are read.
	var obligatory []any
	for _, cl := range contractors.Clauses() {
		if cl.Obligatory {
			obligatory = append(obligatory, cl.Key)
		}
	}
	complete := map[string]bool{}
	where, args = in("contract_id")
	cond := " WHERE "
	if where != "" {
		cond = where + " AND "
	}
	if err := r.query(ctx, "SELECT contract_id FROM contract_articles"+cond+"item IN "+inList(len(obligatory))+" GROUP BY contract_id HAVING COUNT(*) = ?",
		append(append(slices.Clone(args), obligatory...), len(obligatory)), func(sc scanner) error {
			var id string
			err := sc.Scan(&id)
			complete[id] = true
			return err
		}); err != nil {
		return err
	}
	var short []any
	for i := range list {
		if complete[list[i].ID] {
			list[i].Articles = map[string]string{}
			for _, k := range obligatory {
				list[i].Articles[k.(string)] = "✓"
			}
			continue
		}
		list[i].Articles = map[string]string{}
		short = append(short, list[i].ID)
	}
	if err := r.tx.eachIn(ctx, "SELECT contract_id, item FROM contract_articles WHERE contract_id IN ", short, func(sc scanner) error {
		var id, item string
		if err := sc.Scan(&id, &item); err != nil {
			return err
		}
		list[at[id]].Articles[item] = "✓"
		return nil
	}); err != nil {
		return fmt.Errorf("read compliance facts: %w", err)
	}
	links, approvals, err := r.linkFacts(ctx, in)
	if err != nil {
		return err
	}
	staff, err := r.staffFacts(ctx, in)
	if err != nil {
		return err
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
	r.f.Links = slices.Grow(r.f.Links, len(links))
	byContract := map[string][]contractors.Link{}
	for _, l := range links {
		byContract[l.Contract] = append(byContract[l.Contract], l)
	}
	for _, c := range list {
		inForce := c.InForce(r.day)
		if r.scope == nil || wantContract[c.ID] {
			current := c.State != contractors.StateEnded && !r.day.Before(c.From) && !r.day.After(c.To)
			f := compliance.Contract{Current: current, ID: c.ID, Name: c.Name, Unit: c.Unit, Contractor: c.Contractor, ContractorName: firms[c.Contractor].Name,
				State: string(c.State), InForce: inForce, MyNumber: c.MyNumber, Missing: strings.Join(c.MissingNumbers(), "、"),
				Selected: firms[c.Contractor].Selection.Done(), Lapsed: lapsed(firms[c.Contractor], r), Class: cls[c.ID]}
			if f.Missing != "" && c.Exception != 0 {
				if q, ok := reqs[c.Exception]; ok {
					f.Excepted, _ = judgeException(q, c.Missing(), r.day)
				}
			}
			f.Unchecked, f.Untrained = staff.unchecked[c.ID], staff.untrained[c.ID]
			f.CheckOverdue = overdue[c.ID]
			r.f.Contracts = append(r.f.Contracts, f)
		}
		chain := contractors.NewChain(c.Contractor, byContract[c.ID])
		for _, l := range byContract[c.ID] {
			if r.scope != nil && !wantLink[l.ID] {
				continue
			}
			path := chain.LinkPath(l)
			names := []string{"市"}
			for _, p := range path {
				if n := firms[p].Name; n != "" {
					names = append(names, n)
				} else {
					names = append(names, p)
				}
			}
			to := firms[l.To]
			f := compliance.Link{ID: l.ID, Contract: l.Contract, Unit: c.Unit, From: l.From, To: l.To, State: string(l.State),
				ContractInForce: inForce, Chain: strings.Join(names, " → "), Depth: len(path) - 1,
				Selected: to.Selection.Done(), Lapsed: lapsed(to, r)}
			if a, ok := approvals[l.ID]; ok {
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

// staffReport is, per contract, the names of the staff at work on the
// check's day with no identity check before their work (8.3.9) and with
// no training recorded (10.1.2ア(12)).
type staffReport struct{ unchecked, untrained map[string]string }

func (r *factsReader) staffFacts(ctx context.Context, in func(string) (string, []any)) (staffReport, error) {
	rep := staffReport{unchecked: map[string]string{}, untrained: map[string]string{}}
	add := func(m map[string]string, contract, name string) {
		if m[contract] != "" {
			m[contract] += "、"
		}
		m[contract] += name
	}
	// Only the staff at work on the day who lack a check before their first
	// day (8.3.9) or their training (10.1.2ア(12)) are read.
	where, args := in("s.contract_id")
	cond := " WHERE "
	if where != "" {
		cond = where + " AND "
	}
	day := dateArg(r.day)
	q := `SELECT s.contract_id, s.name, s.trained_on,
		EXISTS (SELECT 1 FROM contract_staff_checks c WHERE c.staff_id = s.id AND c.checked_on <= s.valid_from)
		FROM contract_staff s` + cond + `s.valid_from <= ? AND s.valid_to >= ? AND (s.trained_on = ''
		OR NOT EXISTS (SELECT 1 FROM contract_staff_checks c WHERE c.staff_id = s.id AND c.checked_on <= s.valid_from))
		ORDER BY s.contract_id, s.id`
	err := r.query(ctx, q, append(slices.Clone(args), day, day), func(sc scanner) error {
		var contract, name, trained string
		var checked bool
		if err := sc.Scan(&contract, &name, &trained, &checked); err != nil {
			return err
		}
		if !checked {
			add(rep.unchecked, contract, name)
		}
		if trained == "" {
			add(rep.untrained, contract, name)
		}
		return nil
	})
	return rep, err
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
