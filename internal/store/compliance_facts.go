package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"kijun/internal/compliance"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/systems"
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
		steps := []func(context.Context) error{r.people, r.units, r.classes, r.systems, r.assets, r.devices, r.media, r.areas, r.network, r.accounts, r.roles, r.requests}
		if scope == nil {
			steps = []func(context.Context) error{r.readAssets, r.readHolders, r.people, r.units, r.systems, r.devices, r.media, r.areas, r.network, r.accounts, r.roles, r.requests, r.merge}
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
			for _, step := range []func(context.Context) error{r.people, r.units, r.systems, r.devices, r.media, r.areas, r.network, r.accounts, r.roles, r.requests} {
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

// merge completes the whole city's facts once the assets, their holders
// and the other registers are read: what holds each asset and whether it
// is registered, each holder's class (4.2オ(4)), which hold マイナンバー
// data (5.1イ(2)), each asset's 課 still in being and original still
// registered.
func (r *factsReader) merge(context.Context) error {
	idx := make(map[string]int, len(r.f.Assets))
	for i := range r.f.Assets {
		idx[r.f.Assets[i].ID] = i
	}
	registered := map[string]bool{}
	for _, s := range r.f.Systems {
		registered["system:"+s.ID] = true
	}
	for _, d := range r.f.Devices {
		registered["device:"+d.ID] = true
	}
	for _, m := range r.f.Media {
		registered["medium:"+m.ID] = true
	}
	for _, a := range r.f.Areas {
		registered["area:"+a.ID] = true
	}
	r.exists = registered
	myNumberSystem := map[string]bool{}
	for _, s := range r.f.Systems {
		if s.Zone == string(systems.ZoneMyNumber) {
			myNumberSystem["system:"+s.ID] = true
		}
	}
	r.class = make(map[string]compliance.Class, len(r.held))
	myNumberAsset := make([]bool, len(r.f.Assets))
	anyMyNumber := false
	// at holds each holder's assets by their place in r.f.Assets, one
	// holder after another, so the second pass looks up no IDs.
	at := make([]int32, 0, len(r.f.Assets)+len(r.f.Assets)/4)
	ends := make([]int, len(r.held))
	for n, h := range r.held {
		foreign, myNumber := !r.holderExists(h.holder), myNumberSystem[h.holder]
		var cl compliance.Class
		start := len(at)
		for id := range h.ids {
			i, ok := idx[id]
			if !ok {
				continue
			}
			at = append(at, int32(i))
			a := &r.f.Assets[i]
			a.Holders++
			a.ForeignHolder = a.ForeignHolder || foreign
			cl.Hold(a.Confidentiality, a.Integrity, a.Availability)
			if myNumber {
				myNumberAsset[i], anyMyNumber = true, true
			}
		}
		ends[n] = len(at)
		if len(at) > start {
			r.class[h.holder] = cl
		}
	}
	// 4.2ア(3), 5.1イ(2): a copy of マイナンバー data is マイナンバー data
	// wherever it is kept: an asset whose original a マイナンバー利用事務系
	// system holds makes its own holders hold マイナンバー data too. One
	// step, as the re-check reads it: the copy of a copy names the copy
	// as its original.
	if anyMyNumber {
		original := slices.Clone(myNumberAsset)
		for i := range r.f.Assets {
			if j, ok := idx[r.f.Assets[i].OriginalID]; ok && original[j] {
				myNumberAsset[i] = true
			}
		}
	}
	r.myNumber = map[string]bool{}
	if anyMyNumber {
		start := 0
		for n, h := range r.held {
			if slices.ContainsFunc(at[start:ends[n]], func(i int32) bool { return myNumberAsset[i] }) {
				r.myNumber[h.holder] = true
			}
			start = ends[n]
		}
	}
	for i := range r.f.Assets {
		a := &r.f.Assets[i]
		_, a.UnitActive = r.unitOf[a.Unit]
		if a.OriginalID != "" {
			var j int
			j, a.OriginalExists = idx[a.OriginalID]
			if a.OriginalExists {
				o := &r.f.Assets[j]
				a.OriginalHigher = below(a, o.Confidentiality, o.Integrity, o.Availability)
			}
		}
	}
	for i := range r.f.Systems {
		r.f.Systems[i].Class = r.class["system:"+r.f.Systems[i].ID]
	}
	for i := range r.f.Devices {
		d := &r.f.Devices[i]
		d.Class, d.MyNumber = r.class["device:"+d.ID], r.myNumber["device:"+d.ID]
	}
	for i := range r.f.Media {
		m := &r.f.Media[i]
		m.Class, m.MyNumber = r.class["medium:"+m.ID], r.myNumber["medium:"+m.ID]
	}
	return nil
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

func (r *factsReader) people(ctx context.Context) error {
	r.left = map[string]bool{}
	if r.scope != nil && len(r.scope.ids(compliance.KindDevice)) == 0 && len(r.scope.ids(compliance.KindAccount)) == 0 {
		return nil // only devices and accounts name people
	}
	q, args := "SELECT staff_no FROM org_people WHERE status <> 'active' AND (left_on = '' OR left_on <= ?)", []any{dateArg(r.day)}
	if r.scope != nil {
		// A re-check asks after the people its devices are issued to and
		// its accounts belong to, not the whole city's who have left.
		var named []string
		for _, n := range []struct {
			kind  compliance.Kind
			query string
		}{{compliance.KindDevice, "SELECT issued_to FROM devices"}, {compliance.KindAccount, "SELECT staff_no FROM auth_accounts"}} {
			if where, ids, ok := r.scope.where(n.kind, "id"); ok {
				named, args = append(named, n.query+where), append(args, ids...)
			}
		}
		q += " AND staff_no IN (" + strings.Join(named, " UNION ") + ")"
	}
	return r.query(ctx, q, args, func(sc scanner) error {
		var s string
		err := sc.Scan(&s)
		r.left[s] = true
		return err
	})
}

func (r *factsReader) units(ctx context.Context) error {
	r.unitOf = map[string]organisation.Unit{}
	if r.scope != nil && len(r.scope.ids(compliance.KindRole)) == 0 {
		// Only the roles of units read them all; the assets of a
		// re-check ask after their own 課 (assets).
		return nil
	}
	day := dateArg(r.day)
	rows, err := r.tx.QueryContext(ctx, "SELECT "+unitColumns+" FROM org_unit_versions WHERE valid_from <= ? AND valid_to >= ?", day, day)
	if err != nil {
		return fmt.Errorf("read compliance facts: %w", err)
	}
	units, err := scanUnits(rows)
	if err != nil {
		return err
	}
	for _, u := range units {
		r.unitOf[u.Code] = u
	}
	r.kinds, err = r.tx.unitKinds(ctx)
	return err
}

// classes works out, for the systems, devices and media a re-check names,
// the highest class of each scale among the assets each holds (4.2オ(4)),
// and whether it holds an asset a マイナンバー利用事務系 system also holds
// (5.1イ(2)), in one grouped read of what they hold.
func (r *factsReader) classes(ctx context.Context) error {
	r.class, r.myNumber = map[string]compliance.Class{}, map[string]bool{}
	// The rules read no other holder's class. The holder's rows carry
	// their assets' classes (migration 0016), so each holder's is one
	// group, a system's read from the index alone: the 住民記録システム
	// holds thousands of assets. A device or medium also asks, of each
	// asset it holds, whether a マイナンバー system holds it too.
	var systemHolders, others []any
	for _, s := range r.scope {
		switch kind, _, _ := strings.Cut(s, ":"); compliance.Kind(kind) {
		case compliance.KindSystem:
			systemHolders = append(systemHolders, s)
		case compliance.KindDevice, compliance.KindMedium:
			others = append(others, s)
		}
	}
	scan := func(sc scanner) error {
		var h string
		var cl compliance.Class
		var myNumber int
		err := sc.Scan(&h, &cl.Confidentiality, &cl.Integrity, &cl.Availability, &cl.Assets, &myNumber)
		r.class[h], r.myNumber[h] = cl, myNumber == 1
		return err
	}
	if len(systemHolders) > 0 {
		if err := r.query(ctx, `SELECT holder, MAX(confidentiality), MAX(integrity), MAX(availability), COUNT(*), 0
			FROM asset_holders WHERE holder IN `+inList(len(systemHolders))+` GROUP BY holder`, systemHolders, scan); err != nil {
			return err
		}
	}
	if len(others) == 0 {
		return nil
	}
	myNumber := []any{""} // a holder no row names, so the list is never empty
	if err := r.query(ctx, "SELECT id FROM systems WHERE zone = ?", []any{string(systems.ZoneMyNumber)}, func(sc scanner) error {
		var id string
		err := sc.Scan(&id)
		myNumber = append(myNumber, "system:"+id)
		return err
	}); err != nil {
		return err
	}
	// For a few holders each asset's other holders are looked up; for
	// many (the devices sharing a moved system's assets, about 930 on the
	// city), the マイナンバー systems' assets are listed once, which took
	// that re-check from 0.16 to 0.07 s on SQLite.
	shared := "EXISTS (SELECT 1 FROM asset_holders s WHERE s.asset_id = h.asset_id AND s.holder IN " + inList(len(myNumber)) + ")"
	if len(others) > manyHolders {
		shared = "h.asset_id IN (SELECT asset_id FROM asset_holders WHERE holder IN " + inList(len(myNumber)) + ")"
	}
	// 4.2ア(3), 5.1イ(2): a copy of an asset a マイナンバー system holds
	// is マイナンバー data too, as the full run reads it.
	copied := "EXISTS (SELECT 1 FROM assets c JOIN asset_holders s ON s.asset_id = c.original_id WHERE c.id = h.asset_id AND c.original_id <> '' AND s.holder IN " + inList(len(myNumber)) + ")"
	args := append(append(slices.Clone(myNumber), myNumber...), others...)
	return r.query(ctx, `SELECT h.holder, MAX(h.confidentiality), MAX(h.integrity), MAX(h.availability), COUNT(*),
		MAX(CASE WHEN `+shared+` OR `+copied+` THEN 1 ELSE 0 END)
		FROM asset_holders h WHERE h.holder IN `+inList(len(others))+` GROUP BY h.holder`,
		args, scan)
}

// manyHolders is how many devices and media a re-check names before it
// lists the マイナンバー systems' assets once rather than look up each
// asset's other holders.
var manyHolders = 64

// SharingHolders returns the devices and media that hold an asset system
// also holds, each with whether it holds one that another マイナンバー
// 利用事務系 system holds: a device's or medium's マイナンバー flag
// (5.1イ(2)) follows from the zones of the systems it shares assets with,
// so a move of system into or out of that zone changes theirs.
func (db *DB) SharingHolders(ctx context.Context, system string) (map[string]bool, error) {
	out := map[string]bool{}
	holder := "system:" + system
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, `SELECT h.holder, MAX(CASE WHEN s.holder IN (SELECT 'system:' || id FROM systems WHERE zone = ?) AND s.holder <> ? THEN 1 ELSE 0 END)
			FROM asset_holders me JOIN asset_holders h ON h.asset_id = me.asset_id JOIN asset_holders s ON s.asset_id = h.asset_id
			WHERE me.holder = ? AND (h.holder LIKE 'device:%' OR h.holder LIKE 'medium:%') GROUP BY h.holder`,
			[]any{string(systems.ZoneMyNumber), holder, holder}, func(sc scanner) error {
				var h string
				var other int
				err := sc.Scan(&h, &other)
				out[h] = other == 1
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("read what shares the assets of %s: %w", holder, err)
	}
	return out, nil
}

// inList is the SQL of a list of n placeholders, for IN.
func inList(n int) string {
	return "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
}

func (r *factsReader) systems(ctx context.Context) error {
	where, args, ok := r.scope.where(compliance.KindSystem, "s.id")
	if !ok {
		return nil
	}
	// A re-check reads the software of its few systems only.
	sw := map[string][]systems.Software{}
	var err error
	if r.scope == nil {
		if sw, err = r.tx.software(ctx, ""); err != nil {
			return err
		}
	}
	for _, id := range r.scope.ids(compliance.KindSystem) {
		one, err := r.tx.software(ctx, id)
		if err != nil {
			return err
		}
		sw[id] = one[id]
	}
	return r.query(ctx, "SELECT "+systemColumns+" FROM systems s"+where, args, func(sc scanner) error {
		s, err := scanSystem(sc)
		if err != nil {
			return err
		}
		s.Software = sw[s.ID]
		r.f.Systems = append(r.f.Systems, SystemFacts(s, r.day, r.class["system:"+s.ID]))
		return nil
	})
}

// SystemFacts is what the rules know of s on day, given the class of what
// it holds; roles are filled in by the role step.
func SystemFacts(s systems.System, day time.Time, class compliance.Class) compliance.System {
	out := compliance.System{ID: s.ID, Name: s.Name, Unit: s.Unit, Zone: string(s.Zone), Hosting: string(s.Hosting),
		Redundant: s.Redundant, UPS: s.UPS, SurgeProtect: s.SurgeProtection, Maintenance: s.Maintenance, Backup: s.Backup,
		LogItems: s.LogItems, LogReview: s.LogReview, LogRetentionDays: s.LogRetentionDays, AuthFactors: s.AuthFactors,
		ExternalAccess: s.ExternalAccess, PublicDomain: s.PublicDomain, TLS: s.TLS, Contractor: s.Contractor,
		ContractClauses: s.ContractClauses, Documents: s.Documents, Class: class}
	for _, sw := range s.Software {
		f := compliance.Software{Name: sw.Name, Version: sw.Version, HasEnd: !sw.EndOfSupport.IsZero()}
		if f.HasEnd {
			f.DaysLeft = int(sw.EndOfSupport.Sub(organisation.Day(day)).Hours() / 24)
		}
		out.Software = append(out.Software, f)
	}
	return out
}

// readAssets reads every asset of the city, with the fields the rules
// read; their names are left for the findings to fetch (AssetNames).
func (r *factsReader) readAssets(ctx context.Context) error {
	// Counting first costs less than growing the list of 200,000 assets
	// as it is read.
	var n int
	if err := r.tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM assets").Scan(&n); err != nil {
		return fmt.Errorf("read compliance facts: %w", err)
	}
	r.f.Assets = make([]compliance.Asset, 0, n)
	// Origin is free text, so it is last.
	return r.rowFields(ctx, []string{"a.id", "a.unit_code", "a.kind", "a.stage", "a.original_id",
		"a.confidentiality", "a.integrity", "a.availability", "a.origin"}, "FROM assets a", nil, func(f []string) error {
		a := compliance.Asset{ID: f[0], Unit: f[1], Kind: f[2], Stage: f[3], OriginalID: f[4],
			Confidentiality: digit(f[5]), Integrity: digit(f[6]), Availability: digit(f[7]), Origin: f[8]}
		a.InScope = a.Confidentiality >= 2 || a.Integrity >= 2 || a.Availability >= 2
		r.f.Assets = append(r.f.Assets, a)
		return nil
	})
}

// readHolders reads what holds each asset of the city, a row per holder
// with the IDs of its assets joined: a few thousand holders hold the
// city's quarter of a million (asset, holder) pairs, so each holder is
// looked up once and each pair costs a step through a text, not a row.
// Asset IDs hold no separator (assets.ValidID).
func (r *factsReader) readHolders(ctx context.Context) error {
	agg := "group_concat(asset_id, char(31))"
	if r.tx.db.Dialect == Postgres {
		agg = "string_agg(asset_id, chr(31))"
	}
	return r.query(ctx, "SELECT holder, "+agg+" FROM asset_holders GROUP BY holder", nil, func(sc scanner) error {
		var h heldBy
		err := sc.Scan(&h.holder, &h.assets)
		r.held = append(r.held, h)
		return err
	})
}

// heldBy is a holder and the IDs of the assets it holds, joined by
// fieldSeparator.
type heldBy struct{ holder, assets string }

// ids yields the ID of each asset h holds.
func (h heldBy) ids(yield func(string) bool) {
	for ids := h.assets; ids != ""; {
		id, rest, _ := strings.Cut(ids, string(fieldSeparator))
		if !yield(id) {
			return
		}
		ids = rest
	}
}

// AssetNames returns the names of the assets with the IDs given.
func (db *DB) AssetNames(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	err := db.View(ctx, func(tx *Tx) error {
		return tx.eachIn(ctx, "SELECT id, name FROM assets WHERE id IN ", anys(ids), func(sc scanner) error {
			var id, name string
			err := sc.Scan(&id, &name)
			out[id] = name
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read asset names: %w", err)
	}
	return out, nil
}

// anys is strings as query arguments.
func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func (r *factsReader) assets(ctx context.Context) error {
	where, args, ok := r.scope.where(compliance.KindAsset, "a.id")
	if !ok {
		return nil
	}
	// Each asset's holders: how many, and whether any is not registered.
	type held struct {
		n       int
		foreign bool
	}
	holders := map[string]held{}
	hq := "SELECT h.asset_id, h.holder FROM asset_holders h"
	if where != "" {
		hq += strings.Replace(where, "a.id", "h.asset_id", 1)
	}
	var pairs [][2]string
	if err := r.query(ctx, hq, args, func(sc scanner) error {
		var id, h string
		err := sc.Scan(&id, &h)
		pairs = append(pairs, [2]string{id, h})
		return err
	}); err != nil {
		return err
	}
	if err := r.loadExisting(ctx, pairs); err != nil {
		return err
	}
	for _, p := range pairs {
		x := holders[p[0]]
		x.n++
		if !r.holderExists(p[1]) {
			x.foreign = true
		}
		holders[p[0]] = x
	}
	ids := map[string]int{}
	start := len(r.f.Assets)
	if err := r.query(ctx, `SELECT a.id, a.name, a.unit_code, a.kind, a.stage, a.origin, a.original_id,
		a.confidentiality, a.integrity, a.availability FROM assets a`+where, args, func(sc scanner) error {
		var a compliance.Asset
		if err := sc.Scan(&a.ID, &a.Name, &a.Unit, &a.Kind, &a.Stage, &a.Origin, &a.OriginalID, &a.Confidentiality, &a.Integrity, &a.Availability); err != nil {
			return err
		}
		_, a.UnitActive = r.unitOf[a.Unit]
		a.InScope = a.Confidentiality >= 2 || a.Integrity >= 2 || a.Availability >= 2
		a.Holders, a.ForeignHolder = holders[a.ID].n, holders[a.ID].foreign
		ids[a.ID] = len(r.f.Assets)
		r.f.Assets = append(r.f.Assets, a)
		return nil
	}); err != nil {
		return err
	}
	if r.scope != nil && len(r.unitOf) == 0 {
		// A re-check reads no units (units): whether each asset's 課 is
		// in being on the day is asked of it alone.
		active := map[string]bool{}
		day := dateArg(r.day)
		for i := start; i < len(r.f.Assets); i++ {
			a := &r.f.Assets[i]
			is, ok := active[a.Unit]
			if !ok {
				var n int
				if err := r.tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_unit_versions WHERE unit_code = ? AND valid_from <= ? AND valid_to >= ?",
					a.Unit, day, day).Scan(&n); err != nil {
					return fmt.Errorf("read compliance facts: %w", err)
				}
				is = n > 0
				active[a.Unit] = is
			}
			a.UnitActive = is
		}
	}
	for i := start; i < len(r.f.Assets); i++ {
		a := &r.f.Assets[i]
		if a.OriginalID == "" {
			continue
		}
		if j, ok := ids[a.OriginalID]; ok {
			o := &r.f.Assets[j]
			a.OriginalExists, a.OriginalHigher = true, below(a, o.Confidentiality, o.Integrity, o.Availability)
		} else if r.scope != nil {
			var c, i, av int
			err := r.tx.QueryRowContext(ctx, "SELECT confidentiality, integrity, availability FROM assets WHERE id = ?", a.OriginalID).Scan(&c, &i, &av)
			switch {
			case err == nil:
				a.OriginalExists, a.OriginalHigher = true, below(a, c, i, av)
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
		}
	}
	return nil
}

// loadExisting reads which of the holders named are registered, one
// look-up each: for a re-check's few records.
func (r *factsReader) loadExisting(ctx context.Context, pairs [][2]string) error {
	r.exists = map[string]bool{}
	tables := map[string]string{"system": "systems", "device": "devices", "medium": "media", "area": "areas"}
	for _, p := range pairs {
		kind, id, _ := strings.Cut(p[1], ":")
		table, ok := tables[kind]
		if !ok {
			continue
		}
		var n int
		if err := r.tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table+" WHERE id = ?", id).Scan(&n); err != nil {
			return fmt.Errorf("read compliance facts: %w", err)
		}
		r.exists[p[1]] = n > 0
	}
	return nil
}

// holderExists reports whether a holder names a registered record.
func (r *factsReader) holderExists(h string) bool {
	kind, _, _ := strings.Cut(h, ":")
	switch kind {
	case "system", "device", "medium", "area":
		return r.exists[h]
	}
	return true // a cabinet or shelf named in words: nothing to look up
}

func (r *factsReader) devices(ctx context.Context) error {
	where, args, ok := r.scope.where(compliance.KindDevice, "d.id")
	if !ok {
		return nil
	}
	cols := []string{"d.id", "d.unit_code", "d.kind", "COALESCE(d.issued_to, '')", "COALESCE(d.area_id, '')",
		"d.disk_encryption", "d.screen_lock", "d.remote_wipe", "d.privacy_filter", "d.usb_control", "d.bios_password",
		r.freeText("d.name"), "d.location"}
	return r.rowFields(ctx, cols, "FROM devices d"+where, args, func(f []string) error {
		d := compliance.Device{ID: f[0], Unit: f[1], Kind: f[2], IssuedTo: f[3], Area: f[4],
			DiskEncryption: f[5] != "0", ScreenLock: f[6] != "0", RemoteWipe: f[7] != "0", PrivacyFilter: f[8] != "0",
			USBControl: f[9] != "0", BIOSPassword: f[10] != "0", Name: f[11], Location: f[12]}
		d.IssuedToActive = d.IssuedTo != "" && !r.left[d.IssuedTo]
		d.IssuedToLeft = d.IssuedTo != "" && r.left[d.IssuedTo]
		d.Class, d.MyNumber = r.class["device:"+d.ID], r.myNumber["device:"+d.ID]
		r.f.Devices = append(r.f.Devices, d)
		return nil
	})
}

func (r *factsReader) media(ctx context.Context) error {
	where, args, ok := r.scope.where(compliance.KindMedium, "m.id")
	if !ok {
		return nil
	}
	return r.query(ctx, `SELECT m.id, m.name, m.unit_code, m.kind, m.encrypted, m.location, COALESCE(m.area_id, ''), m.cabinet FROM media m`+where, args, func(sc scanner) error {
		var m compliance.Medium
		var enc int
		if err := sc.Scan(&m.ID, &m.Name, &m.Unit, &m.Kind, &enc, &m.Location, &m.Area, &m.Cabinet); err != nil {
			return err
		}
		m.Encrypted = enc != 0
		m.Class, m.MyNumber = r.class["medium:"+m.ID], r.myNumber["medium:"+m.ID]
		r.f.Media = append(r.f.Media, m)
		return nil
	})
}

func (r *factsReader) areas(ctx context.Context) error {
	where, args, ok := r.scope.where(compliance.KindArea, "a.id")
	if !ok {
		return nil
	}
	return r.query(ctx, `SELECT a.id, a.name, a.unit_code, a.kind, a.building, a.floor, a.is_new, a.entry_control,
		(SELECT COUNT(*) FROM area_people p WHERE p.area_id = a.id) FROM areas a`+where, args, func(sc scanner) error {
		var a compliance.Area
		var isNew int
		if err := sc.Scan(&a.ID, &a.Name, &a.Unit, &a.Kind, &a.Building, &a.Floor, &isNew, &a.EntryControl, &a.People); err != nil {
			return err
		}
		a.New = isNew != 0
		r.f.Areas = append(r.f.Areas, a)
		return nil
	})
}

// network reads segments and connections, whose facts name the zones of
// both ends, and keeps the whole network for the separation proof. The
// proof judges the network as a whole, so a scope naming any segment or
// connection, or network: (after a system changes zone, which its ends
// take), reads all of it. A scope naming connections alone gives the
// rules those connections only: each is judged by itself and its ends,
// whose zones are as they were.
func (r *factsReader) network(ctx context.Context) error {
	segments, connections := r.scope.ids(compliance.KindSegment), r.scope.ids(compliance.KindConnection)
	whole := r.scope == nil || len(segments) > 0 || len(r.scope.ids(compliance.KindNetwork)) > 0
	if !whole && len(connections) == 0 {
		return nil
	}
	var snap *networkSnapshot
	if r.net != nil {
		var err error
		if snap, err = r.net.read(ctx, r); err != nil {
			return err
		}
	} else {
		n, ends, err := r.readNetwork(ctx, nil, nil, nil)
		if err != nil {
			return err
		}
		snap = newNetworkSnapshot(n, ends)
	}
	r.f.Segments = append(r.f.Segments, snap.segments...)
	n := snap.net
	if whole {
		r.f.Connections = slices.Grow(r.f.Connections, len(n.Connections))
	}
	for _, c := range n.Connections {
		if whole || slices.Contains(connections, c.ID) {
			r.f.Connections = append(r.f.Connections, ConnectionFacts(c, snap.zones, snap.units))
		}
	}
	r.f.Network = &compliance.Network{Segments: n.Segments, Connections: n.Connections, Zones: snap.zones, Units: snap.units, Systems: snap.ends}
	return nil
}

// readNetwork reads the whole network when every list of IDs is nil, or
// else the segments, connections and systems whose IDs are in them (a
// table whose list is empty is not read).
func (r *factsReader) readNetwork(ctx context.Context, segments, connections, ends []any) (Network, []systems.System, error) {
	var n Network
	whole := segments == nil && connections == nil && ends == nil
	cond := func(col string, ids []any) (string, bool) {
		if whole {
			return "", true
		}
		return " WHERE " + col + " IN " + inList(len(ids)), len(ids) > 0
	}
	if where, ok := cond("n.id", segments); ok {
		if err := r.query(ctx, "SELECT "+segmentColumns+" FROM network_segments n"+where, segments, func(sc scanner) error {
			s, err := scanSegment(sc)
			n.Segments = append(n.Segments, s)
			return err
		}); err != nil {
			return n, nil, err
		}
	}
	// A re-check of one connection needs the whole network, so it is read
	// a row to a text (rowFields); what the rules and the proof never
	// read (the description, when it was updated) is left out.
	if where, ok := cond("c.id", connections); ok {
		if err := r.rowFields(ctx, []string{"c.id", "c.from_end", "c.to_end", "c.channel", "c.sanitisation", "c.wireless", "c.remote_access",
			"c.version", r.freeText("c.protocol"), r.freeText("c.ports"), "c.restriction", "c.one_way"},
			"FROM network_connections c"+where, connections, func(f []string) error {
				n.Connections = append(n.Connections, systems.Connection{ID: f[0], From: f[1], To: f[2], Channel: systems.Channel(f[3]),
					Sanitisation: systems.Sanitisation(f[4]), Wireless: f[5] != "0", RemoteAccess: f[6] != "0", Version: int64(digit(f[7])),
					Protocol: f[8], Ports: f[9], Restriction: f[10], OneWay: f[11] != "0"})
				return nil
			}); err != nil {
			return n, nil, err
		}
	}
	var read []systems.System
	if where, ok := cond("id", ends); ok {
		if err := r.rowFields(ctx, []string{"id", "zone", "unit_code", "name"}, "FROM systems"+where, ends, func(f []string) error {
			read = append(read, systems.System{ID: f[0], Zone: systems.Zone(f[1]), Unit: f[2], Name: f[3]})
			return nil
		}); err != nil {
			return n, nil, err
		}
	}
	// Sorted here, byte by byte as NetworkCache searches them: ORDER BY
	// would walk the tables by their ID indexes, and on PostgreSQL sort
	// text by the database's collation.
	slices.SortFunc(n.Segments, func(a, b systems.Segment) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(n.Connections, func(a, b systems.Connection) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(read, func(a, b systems.System) int { return strings.Compare(a.ID, b.ID) })
	return n, read, nil
}

// ConnectionFacts is what the rules know of c, given the zone and unit of
// every end.
func ConnectionFacts(c systems.Connection, zones, units map[string]string) compliance.Connection {
	zone := func(end string) string {
		if z, ok := zones[end]; ok {
			return z
		}
		if strings.HasPrefix(end, "external:") {
			return "external"
		}
		return ""
	}
	unit := units[c.From]
	if unit == "" {
		unit = units[c.To]
	}
	return compliance.Connection{ID: c.ID, From: c.From, To: c.To, FromZone: zone(c.From), ToZone: zone(c.To),
		Channel: string(c.Channel), Protocol: c.Protocol, Ports: c.Ports, Restriction: c.Restriction,
		Sanitisation: string(c.Sanitisation), Wireless: c.Wireless, RemoteAccess: c.RemoteAccess, Unit: unit}
}

func (r *factsReader) accounts(ctx context.Context) error {
	where, args, ok := r.scope.where(compliance.KindAccount, "a.id")
	if !ok {
		return nil
	}
	primary := map[string]string{}
	day := dateArg(r.day)
	if err := r.query(ctx, `SELECT staff_no, unit_code FROM org_assignments WHERE is_primary = 1 AND valid_from <= ? AND valid_to >= ?`, []any{day, day}, func(sc scanner) error {
		var s, u string
		err := sc.Scan(&s, &u)
		primary[s] = u
		return err
	}); err != nil {
		return err
	}
	return r.query(ctx, `SELECT a.id, COALESCE(a.staff_no, ''), a.display_name, a.status, a.admin, a.password_changed_at,
		(a.totp_secret <> '' OR EXISTS (SELECT 1 FROM auth_passkeys k WHERE k.account_id = a.id)) FROM auth_accounts a`+where, args, func(sc scanner) error {
		var a compliance.Account
		var status, changed string
		var admin int
		var second bool
		if err := sc.Scan(&a.ID, &a.StaffNo, &a.Name, &status, &admin, &changed, &second); err != nil {
			return err
		}
		a.Active, a.Privileged, a.SecondFactor = status == "active", admin != 0, second
		a.PersonLeft = a.StaffNo != "" && r.left[a.StaffNo]
		if t := parseStoredTime(changed); !t.IsZero() {
			a.PasswordAgeDays = int(r.day.Sub(t).Hours() / 24)
		}
		a.Unit = primary[a.StaffNo]
		r.f.Accounts = append(r.f.Accounts, a)
		return nil
	})
}

// requests reads the permit requests carried out and awaiting their
// return (7.1.1キ) or their report to the CISO (9.5.2), with how long past
// due they are at the check's moment. A re-check reads the requests it
// names whatever their state, so one returned or reported is seen so.
func (r *factsReader) requests(ctx context.Context) error {
	where, args, ok := r.scope.where(compliance.KindRequest, "r.id")
	if !ok {
		return nil
	}
	if r.scope == nil {
		where = " WHERE r.state = 'carried_out' AND r.due_at <> ''"
	}
	reg, err := permits.Default()
	if err != nil {
		return err
	}
	return r.query(ctx, "SELECT r.id, r.type, r.state, r.requester, r.unit_code, r.due_at FROM permit_requests r"+where, args, func(sc scanner) error {
		var q compliance.Request
		var due string
		if err := sc.Scan(&q.ID, &q.Type, &q.State, &q.Requester, &q.Unit, &due); err != nil {
			return err
		}
		q.TypeName = q.Type
		if t := reg.Type(q.Type); t != nil {
			q.TypeName, q.Return, q.ReportAfter = t.Name, t.Return != nil, t.CarriedOutFirst
		}
		if d := parseStoredTime(due); !d.IsZero() && r.day.After(d) {
			q.OverdueHours = int(math.Ceil(r.day.Sub(d).Hours()))
		}
		r.f.Requests = append(r.f.Requests, q)
		return nil
	})
}

// roles works out who holds each role of 3.1 that must be held on day:
// the city's roles, each 局's 情報責任者 and each 課's 情報管理者 (by
// appointment, else by post, as HolderOf decides), and each system's
// 業務システム責任者 and 管理者. Systems read in scope get their holders.
func (r *factsReader) roles(ctx context.Context) error {
	if r.scope != nil && len(r.scope.ids(compliance.KindRole)) == 0 && len(r.f.Systems) == 0 {
		return nil
	}
	day := dateArg(r.day)
	type key struct{ role, scope string }
	explicit := map[key]string{}
	// A re-check reads the holders of the scopes it names only.
	only, onlyArgs := "", []any{day, day, day}
	postOnly, postArgs := "", []any{day, day}
	if r.scope != nil {
		ids := []any{""}
		for _, s := range r.f.Systems {
			ids = append(ids, s.ID)
		}
		for _, sub := range r.scope.ids(compliance.KindRole) {
			if _, sc, ok := strings.Cut(sub, "@"); ok {
				_, id, _ := strings.Cut(sc, ":")
				ids = append(ids, id)
			}
		}
		in := " IN " + inList(len(ids))
		only, onlyArgs = " AND r.scope_id"+in, append(onlyArgs, ids...)
		postOnly, postArgs = " AND unit_code"+in, append(postArgs, ids...)
	}
	if err := r.query(ctx, `SELECT r.role, r.scope_kind, r.scope_id, r.staff_no FROM org_roles r JOIN org_people p ON p.staff_no = r.staff_no
		WHERE r.valid_from <= ? AND r.valid_to >= ? AND (p.status = 'active' OR p.left_on >= ?)`+only+` ORDER BY r.valid_from, r.id`, onlyArgs, func(sc scanner) error {
		var role, kind, id, staff string
		if err := sc.Scan(&role, &kind, &id, &staff); err != nil {
			return err
		}
		explicit[key{role, organisation.Scope{Kind: organisation.ScopeKind(kind), ID: id}.String()}] = staff // the latest wins
		return nil
	}); err != nil {
		return err
	}
	posts := map[key]string{} // unit and post -> holder, primary posts first
	if err := r.query(ctx, `SELECT unit_code, post, staff_no FROM org_assignments WHERE valid_from <= ? AND valid_to >= ?`+postOnly+`
		ORDER BY is_primary DESC, valid_from DESC, id`, postArgs, func(sc scanner) error {
		var unit, post, staff string
		if err := sc.Scan(&unit, &post, &staff); err != nil {
			return err
		}
		if _, ok := posts[key{unit, post}]; !ok {
			posts[key{unit, post}] = staff
		}
		return nil
	}); err != nil {
		return err
	}
	holder := func(role organisation.Role, scope organisation.Scope) string {
		if s, ok := explicit[key{string(role), scope.String()}]; ok {
			return s
		}
		var byPost []organisation.Post
		switch role {
		case organisation.RoleInfoManager: // 3.1.6
			byPost = []organisation.Post{organisation.PostSectionChief}
		case organisation.RoleInfoOfficer: // 3.1.5
			byPost = []organisation.Post{organisation.PostBureauChief, organisation.PostOfficeChief, organisation.PostWardChief}
		case organisation.RoleCSIRTLead: // 3.3.1ア: the 情報セキュリティ管理者 unless another is named
			return explicit[key{string(organisation.RoleSecurityManager), organisation.City().String()}]
		}
		for _, p := range byPost {
			if s, ok := posts[key{scope.ID, string(p)}]; ok {
				return s
			}
		}
		return ""
	}
	for i := range r.f.Systems {
		s := &r.f.Systems[i]
		s.Owner = holder(organisation.RoleSystemOwner, organisation.SystemScope(s.ID))
		s.Admin = holder(organisation.RoleSystemAdmin, organisation.SystemScope(s.ID))
	}
	add := func(spec organisation.RoleSpec, scope organisation.Scope, unit string) {
		sub := "role:" + string(spec.Role) + "@" + scope.String()
		if r.scope != nil && !slices.Contains(r.scope, sub) {
			return
		}
		r.f.Roles = append(r.f.Roles, compliance.Role{Role: string(spec.Role), Label: spec.Label, Clause: spec.Clause,
			Scope: scope.String(), Holder: holder(spec.Role, scope), Unit: unit})
	}
	for _, spec := range organisation.RoleSpecs() {
		switch {
		case spec.Many:
			// CSIRT members: several or none; the lead answers for the team.
		case spec.ScopeKind == organisation.ScopeCity:
			add(spec, organisation.City(), "")
		case spec.ScopeKind == organisation.ScopeUnit:
			for _, code := range sortedUnitCodes(r.unitOf) {
				k := r.kinds[r.unitOf[code].Kind]
				if (spec.UnitKindFlag == "info_officer" && k.InfoOfficer) || (spec.UnitKindFlag == "info_manager" && k.InfoManager) {
					add(spec, organisation.UnitScope(code), code)
				}
			}
		case spec.ScopeKind == organisation.ScopeSystem:
			for _, s := range r.f.Systems {
				add(spec, organisation.SystemScope(s.ID), s.Unit)
			}
		}
	}
	return nil
}

func sortedUnitCodes(m map[string]organisation.Unit) []string {
	out := make([]string, 0, len(m))
	for c := range m {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// below reports whether the copy a is classed lower than its original's
// classes in any of 機密性, 完全性 and 可用性 (4.2ア(3)).
func below(a *compliance.Asset, c, i, av int) bool {
	return a.Confidentiality < c || a.Integrity < i || a.Availability < av
}
