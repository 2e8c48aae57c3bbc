package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"kijun/internal/records"
)

// BackupEvent is a backup made or a restore drill (8.1.3): what it held,
// and how it ended ("ok", or why it failed).
type BackupEvent struct {
	ID      int64     `json:"id"`
	Kind    string    `json:"kind"` // made, drill
	File    string    `json:"file"`
	Size    int64     `json:"size,omitempty"`
	SHA256  string    `json:"sha256,omitempty"`
	Records int64     `json:"records"`
	Root    string    `json:"root,omitempty"`
	Removed []string  `json:"removed,omitempty"`
	Millis  int64     `json:"millis,omitempty"`
	Result  string    `json:"result"`
	At      time.Time `json:"at"`
}

// RecordBackup keeps a backup event and its ledger record in one
// transaction.
func (db *DB) RecordBackup(ctx context.Context, ev BackupEvent) (BackupEvent, error) {
	ev.At = db.Now()
	err := db.Update(ctx, func(tx *Tx) error {
		id, err := tx.insertReturningID(ctx, `INSERT INTO backup_events (kind, file, size, sha256, records, root, removed, millis, result, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			ev.Kind, ev.File, ev.Size, ev.SHA256, ev.Records, ev.Root, strings.Join(ev.Removed, ","), ev.Millis, ev.Result, records.FormatTime(ev.At))
		if err != nil {
			return fmt.Errorf("keep the backup event: %w", err)
		}
		ev.ID = id
		_, err = tx.Record(ctx, Change{Action: "backup." + ev.Kind, Entity: "backup", EntityID: strconv.FormatInt(id, 10), State: ev, Provisions: []string{"8.1.3"}})
		return err
	})
	return ev, err
}

// BackupEvents returns the newest backup events, newest first.
func (db *DB) BackupEvents(ctx context.Context, limit int) ([]BackupEvent, error) {
	var out []BackupEvent
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, `SELECT id, kind, file, size, sha256, records, root, removed, millis, result, at FROM backup_events ORDER BY id DESC LIMIT ?`,
			[]any{limit}, func(sc scanner) error {
				var ev BackupEvent
				var removed, at string
				if err := sc.Scan(&ev.ID, &ev.Kind, &ev.File, &ev.Size, &ev.SHA256, &ev.Records, &ev.Root, &removed, &ev.Millis, &ev.Result, &at); err != nil {
					return err
				}
				if removed != "" {
					ev.Removed = strings.Split(removed, ",")
				}
				ev.At = parseStoredTime(at)
				out = append(out, ev)
				return nil
			})
	})
	if err != nil {
		return nil, fmt.Errorf("read the backup events: %w", err)
	}
	return out, nil
}
