package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"kijun/internal/contractors"
)

// chainRows is what the chain check (10.1, 10.1.4, 8.3.9) reads of the
// contracts, their 再委託 links and staff, and the contractors, kept as
// the rows say and judged on no day: whether a contract is in force,
// an approval current or a certificate lapsed is worked out from them on
// the check's day (judgeChain), so a snapshot of them holds from one day
// to the next. A snapshot is never changed once made: a change makes a new
// one, sharing the contracts the change left alone.
type chainRows struct {
	firms     map[string]contractors.Contractor
	contracts map[string]*chainContract
	order     []string // the contracts' IDs, sorted
}

// chainContract is one contract with its links and the staff who lack an
// identity check before their work or their training.
type chainContract struct {
	c     contractors.Contract
	links []chainLink  // by ID
	staff []chainStaff // by ID
	// What no day changes, worked out once with the contractors' names
	// (derive): the numbers of the items of 10.1.2ア missing, and each
	// link's chain from the city, as links.
	missing string
	paths   []chainPath
}

// chainPath is a link's chain from the city, by the contractors' names,
// and how deep it is passed on.
type chainPath struct {
	chain string
	depth int
}

// derive returns k with what no day changes worked out against firms.
func (k *chainContract) derive(firms map[string]contractors.Contractor) *chainContract {
	n := *k
	n.missing = strings.Join(k.c.MissingNumbers(), "、")
	links := make([]contractors.Link, len(k.links))
	for i, cl := range k.links {
		links[i] = cl.l
	}
	chain := contractors.NewChain(k.c.Contractor, links)
	n.paths = make([]chainPath, len(links))
	for i, l := range links {
		path := chain.LinkPath(l)
		names := make([]string, 0, len(path)+1)
		names = append(names, "市")
		for _, p := range path {
			if name := firms[p].Name; name != "" {
				names = append(names, name)
			} else {
				names = append(names, p)
			}
		}
		n.paths[i] = chainPath{chain: strings.Join(names, " → "), depth: len(path) - 1}
	}
	return &n
}

// newChainRows makes the rows of firms and contracts cs, derived.
func newChainRows(firms map[string]contractors.Contractor, cs map[string]*chainContract) *chainRows {
	for id, k := range cs {
		cs[id] = k.derive(firms)
	}
	return (&chainRows{firms: firms, contracts: cs}).withOrder()
}

// chainLink is a link with the closed request of type subcontract,
// exception or emergency_exception its permit names, if any.
type chainLink struct {
	l   contractors.Link
	req *chainRequest
}

// chainRequest is what the chain check needs of an approval: its type,
// period, and whether its fields name the link (contract, link, receiver),
// which no day changes.
type chainRequest struct {
	subcontract      bool
	names            bool
	validFrom, until time.Time
}

// chainStaff is one of a contract's staff with no identity check before
// their first day (8.3.9) or no training recorded (10.1.2ア(12)), and the
// period they work, against which the check's day is set.
type chainStaff struct {
	id, name         string
	checked, trained bool
	from, to         string // days as stored, compared as the database would
}

// atWork reports whether s works on day.
func (s chainStaff) atWork(day string) bool { return s.from <= day && s.to >= day }

// approval judges l's approval on day as approves judges it: a closed
// request of type subcontract whose period holds the day and whose fields
// name the link approves it; one closed and past its period is named with
// the day it ended.
func (cl chainLink) approval(day time.Time) (linkApproval, bool) {
	q := cl.req
	if q == nil || cl.l.Permit == 0 {
		return linkApproval{}, false
	}
	var a linkApproval
	if q.subcontract && !day.Before(q.validFrom) && (q.until.IsZero() || !q.until.Before(day)) {
		a.approved = q.names
	}
	if !a.approved && !q.until.IsZero() && q.until.Before(day) {
		a.expired = q.until
	}
	return a, true
}

// withOrder sorts the contracts' IDs into order.
func (rows *chainRows) withOrder() *chainRows {
	rows.order = make([]string, 0, len(rows.contracts))
	for id := range rows.contracts {
		rows.order = append(rows.order, id)
	}
	slices.Sort(rows.order)
	return rows
}

// readChainRows reads the contracts ids (every contract when ids is nil)
// with their links, approvals and staff lacking a check or training. The
// contractors are not read: see firms.
func (r *factsReader) readChainRows(ctx context.Context, ids []any) (map[string]*chainContract, error) {
	out := map[string]*chainContract{}
	if ids != nil && len(ids) == 0 {
		return out, nil
	}
	in := func(col string) (string, []any) {
		if ids == nil {
			return "", nil
		}
		return " WHERE " + col + " IN " + inList(len(ids)), ids
	}
	// Contracts, read lean: no names of units, no timestamps.
	where, args := in("k.id")
	if err := r.query(ctx, "SELECT k.id, k.name, k.unit_code, k.contractor_id, k.valid_from, k.valid_to, k.state, k.my_number, k.exception_id FROM contracts k"+where, args, func(sc scanner) error {
		var c contractors.Contract
		var from, to string
		var my int
		err := sc.Scan(&c.ID, &c.Name, &c.Unit, &c.Contractor, &from, &to, &c.State, &my, &c.Exception)
		c.From, c.To, c.MyNumber = parseDay(from), parseDay(to), my != 0
		c.Articles = map[string]string{}
		out[c.ID] = &chainContract{c: c}
		return err
	}); err != nil {
		return nil, err
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
		return nil, err
	}
	var short []any
	for id, k := range out {
		if !complete[id] {
			short = append(short, id)
			continue
		}
		for _, o := range obligatory {
			k.c.Articles[o.(string)] = "✓"
		}
	}
	if err := r.tx.eachIn(ctx, "SELECT contract_id, item FROM contract_articles WHERE contract_id IN ", short, func(sc scanner) error {
		var id, item string
		if err := sc.Scan(&id, &item); err != nil {
			return err
		}
		if k := out[id]; k != nil {
			k.c.Articles[item] = "✓"
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read compliance facts: %w", err)
	}
	if err := r.readChainLinks(ctx, out, ids == nil, in); err != nil {
		return nil, err
	}
	if err := r.readChainStaff(ctx, out, in); err != nil {
		return nil, err
	}
	return out, nil
}

// readChainLinks reads the links of the contracts in out and the closed
// requests their permits name. Only closed requests are read (the others
// approve nothing and have not ended), and their fields are matched
// against the link without decoding where they can be (namesLink).
func (r *factsReader) readChainLinks(ctx context.Context, out map[string]*chainContract, city bool, in func(string) (string, []any)) error {
	var links []contractors.Link
	where, args := in("l.contract_id")
	if err := r.query(ctx, "SELECT l.id, l.contract_id, l.from_id, l.to_id, l.state, l.permit_id FROM subcontracts l"+where, args, func(sc scanner) error {
		var l contractors.Link
		err := sc.Scan(&l.ID, &l.Contract, &l.From, &l.To, &l.State, &l.Permit)
		links = append(links, l)
		return err
	}); err != nil {
		return err
	}
	type request struct {
		chainRequest
		fields string
	}
	reqs := map[int64]request{}
	scan := func(sc scanner) error {
		var id int64
		var typ, from, to string
		var q request
		if err := sc.Scan(&id, &typ, &q.fields, &from, &to); err != nil {
			return err
		}
		q.subcontract, q.validFrom, q.until = typ == "subcontract", storedDay(from), storedDay(to)
		reqs[id] = q
		return nil
	}
	// 'closed' is permits.StateClosed: decided, approved.
	const cols = "SELECT r.id, r.type, r.fields, r.valid_from, r.valid_to FROM permit_requests r WHERE r.state = 'closed' AND r.type IN ('subcontract', 'exception', 'emergency_exception')"
	if city { // the whole city: every closed request of the types, one scan
		if err := r.query(ctx, cols, nil, scan); err != nil {
			return err
		}
	} else {
		var ids []any
		for _, l := range links {
			if l.Permit != 0 {
				ids = append(ids, l.Permit)
			}
		}
		if err := r.tx.eachIn(ctx, cols+" AND r.id IN ", ids, scan); err != nil {
			return fmt.Errorf("read compliance facts: %w", err)
		}
	}
	slices.SortFunc(links, func(a, b contractors.Link) int { return strings.Compare(a.ID, b.ID) })
	for _, l := range links {
		k := out[l.Contract]
		if k == nil {
			continue
		}
		cl := chainLink{l: l}
		if q, ok := reqs[l.Permit]; ok && l.Permit != 0 {
			cq := q.chainRequest
			if cq.subcontract {
				cq.names = namesLink(q.fields, l)
				if !cq.names {
					f, err := leanFields(l.Permit, q.fields)
					if err != nil {
						return err
					}
					cq.names = f["contract"] == l.Contract && f["link"] == l.ID && f["receiver"] == l.To
				}
			}
			cl.req = &cq
		}
		k.links = append(k.links, cl)
	}
	return nil
}

// readChainStaff reads the staff of the contracts in out who lack an
// identity check before their first day (8.3.9) or their training
// (10.1.2ア(12)), whatever their period: the check's day picks those at
// work.
func (r *factsReader) readChainStaff(ctx context.Context, out map[string]*chainContract, in func(string) (string, []any)) error {
	where, args := in("s.contract_id")
	cond := " WHERE "
	if where != "" {
		cond = where + " AND "
	}
	q := `SELECT s.id, s.contract_id, s.name, s.trained_on, s.valid_from, s.valid_to,
		EXISTS (SELECT 1 FROM contract_staff_checks c WHERE c.staff_id = s.id AND c.checked_on <= s.valid_from)
		FROM contract_staff s` + cond + `(s.trained_on = ''
		OR NOT EXISTS (SELECT 1 FROM contract_staff_checks c WHERE c.staff_id = s.id AND c.checked_on <= s.valid_from))
		ORDER BY s.contract_id, s.id`
	return r.query(ctx, q, args, func(sc scanner) error {
		var s chainStaff
		var contract, trained string
		if err := sc.Scan(&s.id, &contract, &s.name, &trained, &s.from, &s.to, &s.checked); err != nil {
			return err
		}
		s.trained = trained != ""
		if k := out[contract]; k != nil {
			k.staff = append(k.staff, s)
		}
		return nil
	})
}
