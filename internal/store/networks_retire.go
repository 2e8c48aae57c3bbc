package store

import (
	"context"
	"fmt"

	"kijun/internal/kijun"
	"kijun/internal/systems"
)

// RetireSegment takes a segment out of the network register (5, 8.1.9) at
// the version read. Its last state stays in the ledger's record of the
// retirement, so its history is kept. A segment a connection still names
// is refused: retire the connections first. The network register is the
// city's: package registers lets only its keepers call it.
func (db *DB) RetireSegment(ctx context.Context, id string, version int64) (systems.Segment, error) {
	var s systems.Segment
	err := db.Update(ctx, func(tx *Tx) (err error) {
		if s, err = scanSegment(tx.QueryRowContext(ctx, "SELECT "+segmentColumns+" FROM network_segments n WHERE n.id = ?", id)); err != nil {
			return errNoRows(err, "セグメント %s はありません", id)
		}
		if err := tx.checkVersion(ctx, Update, "network_segments", id, version, "セグメント"); err != nil {
			return err
		}
		var named []string
		end := "segment:" + id
		if err := tx.each(ctx, "SELECT id FROM network_connections WHERE from_end = ? OR to_end = ? ORDER BY id", []any{end, end}, func(sc scanner) error {
			var c string
			if err := sc.Scan(&c); err != nil {
				return err
			}
			named = append(named, c)
			return nil
		}); err != nil {
			return fmt.Errorf("read the connections of segment %s: %w", id, err)
		}
		if len(named) > 0 {
			return kijun.Errorf(kijun.ECONFLICT, "セグメント %s は接続 %s が使っています。先にその接続を廃止してください", id, joinFew(named, 5))
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM network_segments WHERE id = ?", id); err != nil {
			return fmt.Errorf("retire segment %s: %w", id, err)
		}
		_, err = tx.Record(ctx, Change{Action: "network.segment.retire", Entity: "network_segment", EntityID: id, State: s, Provisions: segmentProvisions})
		return err
	})
	return s, err
}

// RetireConnection takes a connection out of the network register at the
// version read; its last state stays in the ledger (see RetireSegment).
func (db *DB) RetireConnection(ctx context.Context, id string, version int64) (systems.Connection, error) {
	var c systems.Connection
	err := db.Update(ctx, func(tx *Tx) (err error) {
		if c, err = scanConnection(tx.QueryRowContext(ctx, "SELECT "+connectionColumns+" FROM network_connections c WHERE c.id = ?", id)); err != nil {
			return errNoRows(err, "接続 %s はありません", id)
		}
		if err := tx.checkVersion(ctx, Update, "network_connections", id, version, "接続"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM network_connections WHERE id = ?", id); err != nil {
			return fmt.Errorf("retire connection %s: %w", id, err)
		}
		_, err = tx.Record(ctx, Change{Action: "network.connection.retire", Entity: "network_connection", EntityID: id, State: c, Provisions: connectionProvisions})
		return err
	})
	return c, err
}

// joinFew joins the first n of names with 「、」, saying how many more.
func joinFew(names []string, n int) string {
	out := ""
	for i, s := range names {
		if i == n {
			return out + fmt.Sprintf(" ほか %d 件", len(names)-n)
		}
		if i > 0 {
			out += "、"
		}
		out += s
	}
	return out
}
