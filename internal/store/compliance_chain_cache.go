package store

import (
	"context"
	"database/sql"
	"maps"
	"strconv"
	"sync"
)

// chainCache keeps the rows of the chain check (10.1.4 再委託, 10.1,
// 8.3.9) between checks of the whole city, so that a check after a change
// to one link reads that link's contract rather than all 1,500 contracts,
// 5,000 links and 10,000 staff of a city. It knows what changed from the
// ledger, as NetworkCache does for the network: every change to a
// contractor, contract, link, staff member or request writes a ledger
// record naming it in the change's own transaction, and write transactions
// run one at a time, so the records after the one the cache reflects name
// every row that may differ, whichever process wrote them. Each process
// keeps its own, all kept right by the one ledger.
//
// It keeps rows, not judgements: whether a contract is in force, an
// approval current or a certificate lapsed is worked out on the check's
// day at every check (judgeChain), so the day turning changes them
// without any write. The 例外措置, the classes entrusted and the checks
// due are read at every check.
type chainCache struct {
	mu   sync.Mutex
	head int64 // the last ledger record the cache reflects
	rows *chainRows
}

// chainPatchMost is the most ledger records a cache reads to bring itself
// up to date; past it (an import, say) it reads the chain whole.
const chainPatchMost = 2000

// chainEntities are the ledger's entities whose changes the cache applies:
// a permit_request may approve a link (10.1.4) or end its approval.
var chainEntities = []any{"contractor", "contract", "subcontract", "contract_staff", "permit_request"}

// read returns the chain's rows as of r's transaction, which must be a
// read transaction (a write's changes may yet roll back): the cache
// brought up to date, or the rows read whole when the cache is empty, far
// behind, or ahead of the transaction. The rows are shared: the caller
// must not change them.
func (c *chainCache) read(ctx context.Context, r *factsReader) (*chainRows, error) {
	head, _, err := r.tx.head(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.rows != nil && head == c.head:
	case c.rows != nil && head > c.head && head-c.head <= chainPatchMost:
		if err := c.patch(ctx, r, head); err != nil {
			return nil, err
		}
	default:
		firms, err := r.firms(ctx)
		if err != nil {
			return nil, err
		}
		cs, err := r.readChainRows(ctx, nil)
		if err != nil {
			return nil, err
		}
		rows := newChainRows(firms, cs)
		if c.rows != nil && head < c.head {
			return rows, nil // read for an older transaction: the caller's alone
		}
		c.head, c.rows = head, rows
	}
	return c.rows, nil
}

// patch re-reads the contracts the ledger records after the cache's head
// touch, up to head, into new rows: a contract, link or staff member
// named, the contract that holds it now and the one that held it; a
// request named, the contracts whose links it is the permit of, now or
// before. Any contractor named re-reads the contractors (a few hundred).
func (c *chainCache) patch(ctx context.Context, r *factsReader, head int64) error {
	firms := false
	var links, staff, reqs []any
	touched := map[string]bool{} // contract IDs
	err := r.query(ctx, "SELECT entity, entity_id FROM ledger_records WHERE seq > ? AND seq <= ? AND entity IN "+inList(len(chainEntities)),
		append([]any{c.head, head}, chainEntities...), func(sc scanner) error {
			var entity, id sql.NullString
			if err := sc.Scan(&entity, &id); err != nil {
				return err
			}
			switch entity.String {
			case "contractor":
				firms = true
			case "contract":
				touched[id.String] = true
			case "subcontract":
				links = append(links, id.String)
			case "contract_staff":
				staff = append(staff, id.String)
			case "permit_request":
				if n, err := strconv.ParseInt(id.String, 10, 64); err == nil {
					reqs = append(reqs, n)
				}
			}
			return nil
		})
	if err != nil {
		return err
	}
	old := c.rows
	// Where the rows named are now.
	add := func(sc scanner) error {
		var id string
		err := sc.Scan(&id)
		touched[id] = true
		return err
	}
	for _, q := range []struct {
		sql string
		ids []any
	}{
		{"SELECT contract_id FROM subcontracts WHERE id IN ", links},
		{"SELECT contract_id FROM contract_staff WHERE id IN ", staff},
		{"SELECT contract_id FROM subcontracts WHERE permit_id IN ", reqs},
	} {
		if err := r.tx.eachIn(ctx, q.sql, q.ids, add); err != nil {
			return err
		}
	}
	// Where they were.
	if len(links)+len(staff)+len(reqs) > 0 {
		named := map[any]bool{}
		for _, x := range append(append(append([]any{}, links...), staff...), reqs...) {
			named[x] = true
		}
		for id, k := range old.contracts {
			for _, l := range k.links {
				if named[l.l.ID] || l.l.Permit != 0 && named[l.l.Permit] {
					touched[id] = true
				}
			}
			for _, s := range k.staff {
				if named[s.id] {
					touched[id] = true
				}
			}
		}
	}
	next := &chainRows{firms: old.firms, contracts: old.contracts, order: old.order}
	if firms {
		// The chains name the contractors: every contract is derived again.
		if next.firms, err = r.firms(ctx); err != nil {
			return err
		}
		next.contracts = make(map[string]*chainContract, len(old.contracts))
		for id, k := range old.contracts {
			next.contracts[id] = k.derive(next.firms)
		}
	}
	if len(touched) > 0 {
		ids := make([]any, 0, len(touched))
		for id := range touched {
			ids = append(ids, id)
		}
		cs, err := r.readChainRows(ctx, ids)
		if err != nil {
			return err
		}
		if !firms {
			next.contracts = maps.Clone(old.contracts)
		}
		for id := range touched {
			if k, ok := cs[id]; ok {
				next.contracts[id] = k.derive(next.firms)
			} else {
				delete(next.contracts, id)
			}
		}
		next.withOrder()
	}
	c.head, c.rows = head, next
	return nil
}
