package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"kijun/internal/kijun"
	"kijun/internal/records"
	"kijun/internal/systems"
)

const segmentColumns = `n.id, n.name, n.zone, n.unit_code,
	COALESCE((SELECT v.name FROM org_unit_versions v WHERE v.unit_code = n.unit_code ORDER BY v.valid_from DESC LIMIT 1), n.unit_code),
	n.address, n.wireless, n.description, n.updated_at, n.version`

func scanSegment(sc interface{ Scan(...any) error }) (systems.Segment, error) {
	var s systems.Segment
	var wireless int
	var updated string
	err := sc.Scan(&s.ID, &s.Name, &s.Zone, &s.Unit, &s.UnitName, &s.Address, &wireless, &s.Description, &updated, &s.Version)
	s.Wireless, s.UpdatedAt = wireless != 0, parseStoredTime(updated)
	return s, err
}

const connectionColumns = `c.id, c.from_end, c.to_end, c.channel, c.protocol, c.ports, c.restriction, c.sanitisation,
	c.wireless, c.remote_access, c.one_way, c.description, c.updated_at, c.version`

func scanConnection(sc interface{ Scan(...any) error }) (systems.Connection, error) {
	var c systems.Connection
	var wireless, remote, oneWay int
	var updated string
	err := sc.Scan(&c.ID, &c.From, &c.To, &c.Channel, &c.Protocol, &c.Ports, &c.Restriction, &c.Sanitisation,
		&wireless, &remote, &oneWay, &c.Description, &updated, &c.Version)
	c.Wireless, c.RemoteAccess, c.OneWay, c.UpdatedAt = wireless != 0, remote != 0, oneWay != 0, parseStoredTime(updated)
	return c, err
}

// Network is the whole network register: segments by ID and every
// connection, for the page and for a check that walks them.
type Network struct {
	Segments    []systems.Segment
	Connections []systems.Connection
}

// NetworkRegister returns every segment (optionally of one zone) and every
// connection, by ID.
func (db *DB) NetworkRegister(ctx context.Context, zone systems.Zone) (Network, error) {
	var n Network
	err := db.View(ctx, func(tx *Tx) error {
		return tx.network(ctx, zone, &n)
	})
	return n, err
}

func (tx *Tx) network(ctx context.Context, zone systems.Zone, n *Network) error {
	q, args := "SELECT "+segmentColumns+" FROM network_segments n ORDER BY n.id", []any{}
	if zone != "" {
		q, args = "SELECT "+segmentColumns+" FROM network_segments n WHERE n.zone = ? ORDER BY n.id", []any{zone}
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("list segments: %w", err)
	}
	for rows.Next() {
		s, err := scanSegment(rows)
		if err != nil {
			rows.Close()
			return err
		}
		n.Segments = append(n.Segments, s)
	}
	rows.Close()
	crows, err := tx.QueryContext(ctx, "SELECT "+connectionColumns+" FROM network_connections c ORDER BY c.id")
	if err != nil {
		return fmt.Errorf("list connections: %w", err)
	}
	defer crows.Close()
	for crows.Next() {
		c, err := scanConnection(crows)
		if err != nil {
			return err
		}
		n.Connections = append(n.Connections, c)
	}
	return crows.Err()
}

// Segment returns one segment, or ENOTFOUND.
func (db *DB) Segment(ctx context.Context, id string) (systems.Segment, error) {
	var s systems.Segment
	err := db.View(ctx, func(tx *Tx) (err error) {
		s, err = scanSegment(tx.QueryRowContext(ctx, "SELECT "+segmentColumns+" FROM network_segments n WHERE n.id = ?", id))
		return errNoRows(err, "セグメント %s はありません", id)
	})
	return s, err
}

// Connection returns one connection, or ENOTFOUND.
func (db *DB) Connection(ctx context.Context, id string) (systems.Connection, error) {
	var c systems.Connection
	err := db.View(ctx, func(tx *Tx) (err error) {
		c, err = scanConnection(tx.QueryRowContext(ctx, "SELECT "+connectionColumns+" FROM network_connections c WHERE c.id = ?", id))
		return errNoRows(err, "接続 %s はありません", id)
	})
	return c, err
}

// checkEnds checks that a connection's ends name segments and systems
// that exist (or are among those being imported).
func (tx *Tx) checkEnds(ctx context.Context, c systems.Connection, importing map[string]bool) []kijun.FieldError {
	var fe kijun.FieldErrors
	for field, end := range map[string]string{"from": c.From, "to": c.To} {
		table := map[string]string{"segment": "network_segments", "system": "systems"}
		kind, id, _ := cutEnd(end)
		t, ok := table[kind]
		if !ok || importing[end] {
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+t+" WHERE id = ?", id).Scan(&n); err != nil || n == 0 {
			fe.Add(field, "接続の端 %s は台帳にありません", end)
		}
	}
	return fe.Fields
}

func cutEnd(end string) (kind, id string, ok bool) {
	for i := range len(end) {
		if end[i] == ':' {
			return end[:i], end[i+1:], true
		}
	}
	return "", "", false
}

// SaveSegment adds a segment (Create) or changes one at the version read
// (Update). The network register is the city's: package registers lets
// only its keepers call it (8.1.9).
func (db *DB) SaveSegment(ctx context.Context, m Mode, s systems.Segment) (systems.Segment, error) {
	if m == Create {
		s.Version = 0
	}
	if fe := s.Check(); len(fe) > 0 {
		return s, (&kijun.FieldErrors{Fields: fe}).AsError()
	}
	err := db.Update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_units WHERE code = ?", s.Unit).Scan(&n); err != nil || n == 0 {
			return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: systems.FieldUnit, Message: "所管課コード " + s.Unit + " の組織はありません"}}}).AsError()
		}
		if err := tx.checkVersion(ctx, m, "network_segments", s.ID, s.Version, "セグメント"); err != nil {
			return err
		}
		action := map[bool]string{true: "network.segment.create", false: "network.segment.update"}[m == Create]
		s.Version++
		s.UpdatedAt = db.Now()
		if err := tx.writeSegments(ctx, []systems.Segment{s}); err != nil {
			return err
		}
		_, err := tx.Record(ctx, Change{Action: action, Entity: "network_segment", EntityID: s.ID, State: s, Provisions: segmentProvisions})
		return err
	})
	return s, err
}

// SaveConnection adds a connection (Create) or changes one at the version
// read (Update); see SaveSegment.
func (db *DB) SaveConnection(ctx context.Context, m Mode, c systems.Connection) (systems.Connection, error) {
	if m == Create {
		c.Version = 0
	}
	if fe := c.Check(); len(fe) > 0 {
		return c, (&kijun.FieldErrors{Fields: fe}).AsError()
	}
	err := db.Update(ctx, func(tx *Tx) error {
		if fe := tx.checkEnds(ctx, c, nil); len(fe) > 0 {
			return (&kijun.FieldErrors{Fields: fe}).AsError()
		}
		if err := tx.checkVersion(ctx, m, "network_connections", c.ID, c.Version, "接続"); err != nil {
			return err
		}
		action := map[bool]string{true: "network.connection.create", false: "network.connection.update"}[m == Create]
		c.Version++
		c.UpdatedAt = db.Now()
		if err := tx.writeConnections(ctx, []systems.Connection{c}); err != nil {
			return err
		}
		_, err := tx.Record(ctx, Change{Action: action, Entity: "network_connection", EntityID: c.ID, State: c, Provisions: connectionProvisions})
		return err
	})
	return c, err
}

// checkVersion refuses a new record whose ID is taken, a change of a
// record that is not there, or a change from a version someone has
// changed since.
func (tx *Tx) checkVersion(ctx context.Context, m Mode, table, id string, version int64, what string) error {
	var have int64
	err := tx.QueryRowContext(ctx, "SELECT version FROM "+table+" WHERE id = ?", id).Scan(&have)
	switch {
	case m == Create && err == nil:
		return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: "id", Message: inUse(what+"ID", id)}}}).AsError()
	case m == Create && errors.Is(err, sql.ErrNoRows):
		return nil
	case m == Create:
		return err
	case err != nil:
		return errNoRows(err, "%s %s はありません", what, id)
	case have != version:
		return kijun.Errorf(kijun.ECONFLICT, "%s %s は他の人が変更しました（版 %d → %d）。読み込み直してから変更してください", what, id, version, have)
	}
	return nil
}

func (tx *Tx) writeSegments(ctx context.Context, ss []systems.Segment) error {
	for start := 0; start < len(ss); start += 500 {
		chunk := ss[start:min(start+500, len(ss))]
		var args []any
		for _, s := range chunk {
			args = append(args, s.ID, s.Name, s.Zone, s.Unit, s.Address, boolInt(s.Wireless), s.Description, records.FormatTime(s.UpdatedAt), s.Version)
		}
		q := `INSERT INTO network_segments (id, name, zone, unit_code, address, wireless, description, updated_at, version) VALUES ` +
			placeholders(len(chunk), 9) + ` ON CONFLICT (id) DO UPDATE SET name = excluded.name, zone = excluded.zone,
			unit_code = excluded.unit_code, address = excluded.address, wireless = excluded.wireless,
			description = excluded.description, updated_at = excluded.updated_at, version = excluded.version`
		if _, err := tx.tx.ExecContext(ctx, tx.db.rebind(q), args...); err != nil {
			return fmt.Errorf("write segments: %w", err)
		}
	}
	return nil
}

func (tx *Tx) writeConnections(ctx context.Context, cs []systems.Connection) error {
	for start := 0; start < len(cs); start += 400 {
		chunk := cs[start:min(start+400, len(cs))]
		var args []any
		for _, c := range chunk {
			args = append(args, c.ID, c.From, c.To, c.Channel, c.Protocol, c.Ports, c.Restriction, c.Sanitisation,
				boolInt(c.Wireless), boolInt(c.RemoteAccess), boolInt(c.OneWay), c.Description, records.FormatTime(c.UpdatedAt), c.Version)
		}
		q := `INSERT INTO network_connections (id, from_end, to_end, channel, protocol, ports, restriction, sanitisation, wireless,
			remote_access, one_way, description, updated_at, version) VALUES ` + placeholders(len(chunk), 14) + `
			ON CONFLICT (id) DO UPDATE SET from_end = excluded.from_end, to_end = excluded.to_end, channel = excluded.channel,
			protocol = excluded.protocol, ports = excluded.ports, restriction = excluded.restriction,
			sanitisation = excluded.sanitisation, wireless = excluded.wireless, remote_access = excluded.remote_access,
			one_way = excluded.one_way, description = excluded.description, updated_at = excluded.updated_at, version = excluded.version`
		if _, err := tx.tx.ExecContext(ctx, tx.db.rebind(q), args...); err != nil {
			return fmt.Errorf("write connections: %w", err)
		}
	}
	return nil
}

// NetworkRows are the rows of an imported network file: segments or
// connections, and the sheet they came from.
type NetworkRows struct {
	Sheet       string
	Segments    []Row[systems.Segment]
	Connections []Row[systems.Connection]
}

// ImportNetwork checks every segment and connection, and then, unless
// dryRun, writes them in one transaction with a ledger record each. Any
// wrong row refuses the whole file, naming sheet, row and column; rows match
// by ID, so the same file again changes nothing.
func (db *DB) ImportNetwork(ctx context.Context, rows NetworkRows, columns map[string]string, dryRun bool) (*ImportPlan, error) {
	ie := &kijun.ImportError{What: "ネットワーク台帳"}
	if len(rows.Segments)+len(rows.Connections) == 0 {
		ie.Add(rows.Sheet, 2, "", "取り込む行がありません")
		return nil, ie.AsError()
	}
	plan := &ImportPlan{DryRun: dryRun}
	apply := func(tx *Tx) error {
		var have Network
		if err := tx.network(ctx, "", &have); err != nil {
			return err
		}
		oldSeg := map[string]systems.Segment{}
		for _, s := range have.Segments {
			oldSeg[s.ID] = s
		}
		oldCon := map[string]systems.Connection{}
		for _, c := range have.Connections {
			oldCon[c.ID] = c
		}
		units, err := tx.unitCodes(ctx)
		if err != nil {
			return err
		}
		importing := map[string]bool{}
		now := db.Now()
		var segs []systems.Segment
		var cons []systems.Connection
		var changes []Change
		seen := map[string]int{}
		for _, r := range rows.Segments {
			s := r.Item
			importing["segment:"+s.ID] = true
			for _, f := range s.Check() {
				ie.Add(rows.Sheet, r.Line, columns[f.Field], "%s", f.Message)
			}
			if s.Unit != "" && !units[s.Unit] {
				ie.Add(rows.Sheet, r.Line, columns[systems.FieldUnit], "所管課コード %s の組織はありません", s.Unit)
			}
			if first, dup := seen["s"+s.ID]; dup {
				ie.Add(rows.Sheet, r.Line, columns["id"], "ID %s は %d 行目と重複しています", s.ID, first)
			}
			seen["s"+s.ID] = r.Line
			old, found := oldSeg[s.ID]
			if found && systems.SameSegment(old, s) {
				plan.Unchanged++
				continue
			}
			s.Version, s.UpdatedAt = old.Version+1, now
			plan.note(found, "segment:"+s.ID)
			segs = append(segs, s)
			changes = append(changes, Change{Action: "network.segment.import", Entity: "network_segment", EntityID: s.ID, State: s, Provisions: segmentProvisions})
		}
		for _, r := range rows.Connections {
			c := r.Item
			for _, f := range append(c.Check(), tx.checkEnds(ctx, c, importing)...) {
				ie.Add(rows.Sheet, r.Line, columns[f.Field], "%s", f.Message)
			}
			if first, dup := seen["c"+c.ID]; dup {
				ie.Add(rows.Sheet, r.Line, columns["id"], "ID %s は %d 行目と重複しています", c.ID, first)
			}
			seen["c"+c.ID] = r.Line
			old, found := oldCon[c.ID]
			if found && systems.SameConnection(old, c) {
				plan.Unchanged++
				continue
			}
			c.Version, c.UpdatedAt = old.Version+1, now
			plan.note(found, "connection:"+c.ID)
			cons = append(cons, c)
			changes = append(changes, Change{Action: "network.connection.import", Entity: "network_connection", EntityID: c.ID, State: c, Provisions: connectionProvisions})
		}
		if err := ie.AsError(); err != nil || dryRun {
			return err
		}
		if err := tx.writeSegments(ctx, segs); err != nil {
			return err
		}
		if err := tx.writeConnections(ctx, cons); err != nil {
			return err
		}
		return tx.RecordMany(ctx, changes)
	}
	if err := db.importTx(ctx, dryRun, apply); err != nil {
		return nil, err
	}
	return plan, nil
}

// note counts an item as added or changed.
func (p *ImportPlan) note(changed bool, id string) {
	if changed {
		p.Changed = append(p.Changed, id)
	} else {
		p.Added = append(p.Added, id)
	}
}
