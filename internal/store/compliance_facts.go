package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"kijun/internal/compliance"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// FactsScope limits the records ComplianceFacts reads: nil reads the
// whole city; otherwise only the subjects named, as kind:id (system:juki,
// asset:A-1), which is what an incremental check after one change needs.
type FactsScope []string

func (s FactsScope) ids(kind compliance.Kind) []string {
	var out []string
	for _, sub := range s {
		if k, id, ok := strings.Cut(sub, ":"); ok && k == string(kind) {
			out = append(out, id)
		}
	}
	return out
}

// where limits a kind's query to the scope; it reports false when the
// scope names none of the kind, so nothing need be read.
func (s FactsScope) where(kind compliance.Kind, col string) (string, []any, bool) {
	if s == nil {
		return "", nil, true
	}
	ids := s.ids(kind)
	if len(ids) == 0 {
		return "", nil, false
	}
	return " WHERE " + col + " IN " + inList(len(ids)), anys(ids), true
}

// ComplianceFacts reads the registers as the rules see them on day, in one
// read transaction, so every rule judges the same state of the city.
func (db *DB) ComplianceFacts(ctx context.Context, day time.Time, scope FactsScope) (*compliance.Facts, error) {
	return db.ComplianceFactsCached(ctx, day, scope, nil)
}

// ComplianceFactsCached is ComplianceFacts for a re-check, which reads the
// network through cache when it needs the network (see NetworkCache); a
// nil cache reads it whole. The whole city is always read from the
// database.
func (db *DB) ComplianceFactsCached(ctx context.Context, day time.Time, scope FactsScope, cache *NetworkCache) (*compliance.Facts, error) {
	if scope == nil {
		// The city is read on three connections at once. On SQLite, when
		// a change lands between the three's first reads, it is read
		// again in one transaction.
		f, ok, err := db.cityFacts(ctx, day)
		if err != nil || ok {
			return f, err
		}
	}
	f := &compliance.Facts{Day: day}
	err := db.View(ctx, func(tx *Tx) error {
		r := factsReader{tx: tx, f: f, day: day, scope: scope, net: cache}
		if scope == nil {
			r.net = nil
		}
		steps := []func(context.Context) error{r.people, r.units, r.classes, r.systems, r.assets, r.devices, r.media, r.areas, r.network, r.accounts, r.roles, r.requests, r.contracts, r.training, r.cards, r.services}
		if scope == nil {
			steps = []func(context.Context) error{r.readAssets, r.readHolders, r.people, r.units, r.systems, r.devices, r.media, r.areas, r.network, r.accounts, r.roles, r.requests, r.contracts, r.training, r.cards, r.services, r.merge}
		}
		for _, step := range steps {
			if err := step(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	return f, err
}

// cityFacts reads the whole city in three read transactions at once, on
// three connections: the assets, what holds them, and every other
// register. On PostgreSQL the others import the first one's snapshot, so
// all see one state; on SQLite each reads the ledger's head, and ok is
// false when a change landed between their first reads.
func (db *DB) cityFacts(ctx context.Context, day time.Time) (f *compliance.Facts, ok bool, err error) {
	f = &compliance.Facts{Day: day}
	var assets, holders factsReader
	r := &factsReader{f: f, day: day}
	parts := []func(ctx context.Context, tx *Tx) error{
		func(ctx context.Context, tx *Tx) error {
			assets = factsReader{tx: tx, f: &compliance.Facts{}, day: day}
			return assets.readAssets(ctx)
		},
		func(ctx context.Context, tx *Tx) error {
			holders = factsReader{tx: tx, f: &compliance.Facts{}, day: day}
			return holders.readHolders(ctx)
		},
		func(ctx context.Context, tx *Tx) error {
			r.tx = tx
			for _, step := range []func(context.Context) error{r.people, r.units, r.systems, r.devices, r.media, r.areas, r.network, r.accounts, r.roles, r.requests, r.contracts, r.training, r.cards, r.services} {
				if err := step(ctx); err != nil {
					return err
				}
			}
			return nil
		},
	}
	same, err := db.viewTogether(ctx, parts)
	if err != nil || !same {
		return nil, false, err
	}
	f.Assets, r.held = assets.f.Assets, holders.held
	return f, true, r.merge(ctx)
}

// viewTogether runs each part in a read transaction of its own, all at
// once, over one state of the database: on PostgreSQL the first exports
// its snapshot and the others import it; on SQLite each reads the
// ledger's head, and same is false when they differ (a change landed
// between their first reads; every change to the registers adds a
// record).
//
// One group runs at a time: its parts hold their connections while they
// wait for one another, and two groups that each held part of a full pool
// would wait for the rest for ever. Transactions outside a group never wait
// for a second connection (txGuard), so a group always gets its own.
func (db *DB) viewTogether(ctx context.Context, parts []func(context.Context, *Tx) error) (same bool, err error) {
	db.guard.check("read the city on several connections")
	select {
	case db.together <- struct{}{}:
		defer func() { <-db.together }()
	case <-ctx.Done():
		return false, kijun.Wrap(kijun.EUNAVAILABLE, ctx.Err(), "wait for another read of the whole city")
	}
	heads := make([]int64, len(parts))
	errs := make([]error, len(parts))
	// On PostgreSQL the first part exports its snapshot, the others wait
	// for it and import it; the first stays open until they have.
	var snapshotID string
	ready := make(chan struct{})
	var readyOnce sync.Once
	setReady := func() { readyOnce.Do(func() { close(ready) }) }
	var imported sync.WaitGroup
	imported.Add(len(parts) - 1)
	var wg sync.WaitGroup
	for i, part := range parts {
		wg.Go(func() {
			var importOnce sync.Once
			done := func() {
				if i > 0 {
					importOnce.Do(imported.Done)
				}
			}
			defer done()
			if i == 0 {
				defer setReady()
			}
			errs[i] = db.View(ctx, func(tx *Tx) error {
				if db.Dialect == Postgres && i == 0 {
					err := tx.QueryRowContext(ctx, "SELECT pg_export_snapshot()").Scan(&snapshotID)
					setReady()
					if err != nil {
						return fmt.Errorf("export snapshot: %w", err)
					}
				}
				if db.Dialect == Postgres && i > 0 {
					<-ready
					if snapshotID == "" {
						return fmt.Errorf("no snapshot to share")
					}
					_, err := tx.ExecContext(ctx, "SET TRANSACTION SNAPSHOT '"+snapshotID+"'")
					done()
					if err != nil {
						return fmt.Errorf("share snapshot: %w", err)
					}
				}
				if err := part(ctx, tx); err != nil {
					return err
				}
				// Read last, the head is of the state the part read: a
				// transaction's first read fixes what it sees.
				var err error
				if heads[i], _, err = tx.head(ctx); err != nil {
					return err
				}
				if i == 0 && db.Dialect == Postgres {
					imported.Wait()
				}
				return nil
			})
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return false, err
	}
	for _, h := range heads[1:] {
		if h != heads[0] {
			return false, nil
		}
	}
	return true, nil
}

type factsReader struct {
	tx     *Tx
	f      *compliance.Facts
	day    time.Time
	scope  FactsScope
	left   map[string]bool // staff numbers of people who have left by day
	unitOf map[string]organisation.Unit
	kinds  map[organisation.UnitKind]organisation.UnitKindInfo
	class  map[string]compliance.Class // holder -> highest class held
	// myNumber holds the holders of an asset a マイナンバー利用事務系
	// system also holds.
	myNumber map[string]bool
	// held is what each holder of the city holds, as read.
	held   []heldBy
	exists map[string]bool // holders that are registered
	net    *NetworkCache   // the network between re-checks, or nil
}

func (r *factsReader) query(ctx context.Context, q string, args []any, scan func(scanner) error) error {
	if err := r.tx.each(ctx, q, args, scan); err != nil {
		return fmt.Errorf("read compliance facts: %w", err)
	}
	return nil
}

// rowFields reads rows of text fields, cols being SQL expressions that are
// never NULL (concat_ws leaves a NULL out, moving the fields after it). On
// SQLite the database joins each row's fields into one text
// and rowFields splits it: the pure-Go driver takes a lock for every
// column it reads, which was half the time of reading the whole city (1.8
// million columns of assets alone). A field that is free text goes through
// freeText, so that it holds no separator; the last may hold anything. On
// PostgreSQL the fields are read column by column. fn must not keep the
// slice it is given.
func (r *factsReader) rowFields(ctx context.Context, cols []string, from string, args []any, fn func([]string) error) error {
	fields := make([]string, len(cols))
	if r.tx.db.Dialect != SQLite {
		ptrs := make([]any, len(cols))
		for i := range fields {
			ptrs[i] = &fields[i]
		}
		return r.query(ctx, "SELECT "+strings.Join(cols, ", ")+" "+from, args, func(sc scanner) error {
			if err := sc.Scan(ptrs...); err != nil {
				return err
			}
			return fn(fields)
		})
	}
	// concat_ws sizes the text once; || would grow it field by field.
	return r.query(ctx, "SELECT concat_ws(char(31), "+strings.Join(cols, ", ")+") "+from, args, func(sc scanner) error {
		var row string
		if err := sc.Scan(&row); err != nil {
			return err
		}
		for i := range len(fields) - 1 {
			j := strings.IndexByte(row, fieldSeparator)
			if j < 0 {
				return fmt.Errorf("a row of %d fields has %d", len(fields), i+1)
			}
			fields[i], row = row[:j], row[j+1:]
		}
		fields[len(fields)-1] = row
		return fn(fields)
	})
}

// fieldSeparator parts the fields of a row that rowFields reads on SQLite.
const fieldSeparator = '\x1f'

// freeText is the SQL for a column of free text read by rowFields among
// others: on SQLite, its separators are made spaces.
func (r *factsReader) freeText(col string) string {
	if r.tx.db.Dialect != SQLite {
		return col
	}
	return "replace(" + col + ", char(31), ' ')"
}

// digit is a field of rowFields that holds a small number or a flag.
func digit(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
