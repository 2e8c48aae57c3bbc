package store

import (
	"context"
	"fmt"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/operations"
	"kijun/internal/records"
)

// EndpointImport is what an import of device statuses did.
type EndpointImport struct {
	Devices int `json:"devices"`
}

// ImportEndpointStatus records what an endpoint-management product
// reports of each device (8.4.1ウ,エ), for g, who must work for the whole
// city (the 情報基盤管理者 runs the product), in one transaction with a
// ledger record per device, or none: a row naming a device not in the
// register refuses the whole file with the row named.
func (db *DB) ImportEndpointStatus(ctx context.Context, g OpsGate, rows []operations.EndpointRow) (*EndpointImport, error) {
	if g == nil || !g.City() {
		return nil, kijun.Errorf(kijun.EFORBIDDEN, "端末の状況を取り込めるのは CISO 室・情報基盤管理者です（8.4.1）")
	}
	out := &EndpointImport{}
	err := db.Update(ctx, func(tx *Tx) error {
		ie := &kijun.ImportError{What: "端末の状況ファイル"}
		keys := make([]any, len(rows))
		for i, r := range rows {
			keys[i] = r.Status.Device
		}
		known := map[string]bool{}
		if err := tx.eachIn(ctx, "SELECT id FROM devices WHERE id IN ", keys, func(sc scanner) error {
			var id string
			if err := sc.Scan(&id); err != nil {
				return err
			}
			known[id] = true
			return nil
		}); err != nil {
			return fmt.Errorf("look up devices: %w", err)
		}
		for _, r := range rows {
			if !known[r.Status.Device] {
				ie.Add("", r.Line, "機器ID", "機器 %s は機器台帳にありません", r.Status.Device)
			}
		}
		if err := ie.AsError(); err != nil {
			return err
		}
		at := records.FormatTime(db.Now())
		changes := make([]Change, 0, len(rows))
		for _, r := range rows {
			s := r.Status
			if _, err := tx.ExecContext(ctx, `INSERT INTO endpoint_status (device_id, av_product, pattern_on, os_updated, imported_at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (device_id) DO UPDATE SET av_product = excluded.av_product, pattern_on = excluded.pattern_on,
				os_updated = excluded.os_updated, imported_at = excluded.imported_at`,
				s.Device, s.AVProduct, dayText(s.Pattern), dayText(s.OSUpdated), at); err != nil {
				return fmt.Errorf("write the status of %s: %w", s.Device, err)
			}
			changes = append(changes, Change{Action: "endpoint.status", Entity: "endpoint_status", EntityID: s.Device, State: s, Provisions: []string{"8.4.1"}})
		}
		out.Devices = len(rows)
		return tx.RecordMany(ctx, changes)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func dayText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// daysSince is the days from a stored day to day, or -1 when none is
// stored.
func daysSince(stored string, day time.Time) int {
	if stored == "" {
		return -1
	}
	d, err := time.Parse(time.DateOnly, stored)
	if err != nil {
		return -1
	}
	return int(day.Sub(d).Hours() / 24)
}
