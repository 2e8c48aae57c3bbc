package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/records"
)

// The states of an uploaded import file, in the order its work takes
// them: checked and failed end a check, done and failed a confirmed
// import.
const (
	UploadQueued   = "queued"   // waiting for its check or its write to start
	UploadChecking = "checking" // being read and checked (a dry run)
	UploadChecked  = "checked"  // checked, waiting for the person to confirm
	UploadWriting  = "writing"  // confirmed: checked again and written
	UploadDone     = "done"     // written
	UploadFailed   = "failed"   // refused: the result names why
)

// Spool bounds: what the server keeps of uploaded files. Each person may
// keep a few at once; all together they may not fill the disk; each is
// removed a day after its upload, and its bytes as soon as it is written.
const (
	// UploadTTL is how long an upload is kept.
	UploadTTL = 24 * time.Hour
	// MaxUploadsPerOwner is how many uploads one person may have waiting
	// or being worked on at once.
	MaxUploadsPerOwner = 5
	// MaxSpool is the most bytes of uploads waiting or being worked on,
	// everyone's together.
	MaxSpool = 1 << 30
	// uploadChunk is the size of one stored piece, each in a transaction
	// of its own.
	uploadChunk = 4 << 20
)

// Upload is an import file kept on the server, and where its work stands.
type Upload struct {
	ID       string
	Owner    string // the account that uploaded it; only it may see or confirm it
	Register string // the import page's address, as /assets/import
	Filename string
	Size     int64
	State    string
	// Confirmed: the person asked for the rows to be written.
	Confirmed bool
	// Read, Checked and Written count rows as the work goes.
	Read, Checked, Written int64
	// Result is the outcome, as the web layer encodes it (JSON).
	Result    string
	CreatedAt time.Time
	UpdatedAt time.Time
	ExpiresAt time.Time
}

// Finished reports whether no work on u is running or waiting.
func (u Upload) Finished() bool {
	return u.State == UploadChecked || u.State == UploadDone || u.State == UploadFailed
}

const uploadColumns = `id, owner, register, filename, size, state, confirmed, rows_read, rows_checked, rows_written, result, created_at, updated_at, expires_at`

func scanUpload(sc scanner) (Upload, error) {
	var u Upload
	var confirmed int
	var created, updated, expires string
	if err := sc.Scan(&u.ID, &u.Owner, &u.Register, &u.Filename, &u.Size, &u.State, &confirmed, &u.Read, &u.Checked, &u.Written,
		&u.Result, &created, &updated, &expires); err != nil {
		return u, err
	}
	u.Confirmed = confirmed != 0
	u.CreatedAt, _ = time.Parse(records.TimeFormat, created)
	u.UpdatedAt, _ = time.Parse(records.TimeFormat, updated)
	u.ExpiresAt, _ = time.Parse(records.TimeFormat, expires)
	return u, nil
}

// SpoolUpload stores the file r holds, of at most max bytes, for owner's
// import through the page register, and returns it queued for its check.
// Expired uploads are removed first. A file past max, a person with
// MaxUploadsPerOwner uploads kept, or a spool past MaxSpool is an
// EINVALID error and nothing is kept. The bytes go in pieces, each in a
// short transaction of its own, so that a large file does not hold other
// people's saves while it is stored; until the last piece is in, the
// upload is not queued and no work reads it.
func (db *DB) SpoolUpload(ctx context.Context, owner, register, filename string, r io.Reader, max int64) (Upload, error) {
	if _, err := db.PurgeUploads(ctx); err != nil {
		return Upload{}, err
	}
	now := db.Now()
	u := Upload{ID: rand.Text()[:20], Owner: owner, Register: register, Filename: filename, State: "uploading",
		CreatedAt: now, UpdatedAt: now, ExpiresAt: now.Add(UploadTTL)}
	err := db.Update(ctx, func(tx *Tx) error {
		var mine int
		var total sql.NullInt64
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM import_uploads WHERE owner = ? AND state NOT IN (?, ?)", owner, UploadDone, UploadFailed).Scan(&mine); err != nil {
			return fmt.Errorf("count uploads: %w", err)
		}
		if mine >= MaxUploadsPerOwner {
			return kijun.Errorf(kijun.EINVALID, "取込み中又は確認待ちのファイルが %d 件あります。終わったものが消えてから（%d 時間後）、又は確認待ちのものを取り込んでからにしてください",
				mine, int(UploadTTL.Hours()))
		}
		if err := tx.QueryRowContext(ctx, "SELECT SUM(size) FROM import_uploads WHERE state NOT IN (?, ?)", UploadDone, UploadFailed).Scan(&total); err != nil {
			return fmt.Errorf("size of uploads: %w", err)
		}
		if total.Int64 >= MaxSpool {
			return kijun.Errorf(kijun.EINVALID, "サーバに置かれた取込みファイルが上限（%d MB）に達しています。しばらくしてからもう一度送ってください", MaxSpool>>20)
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO import_uploads ("+uploadColumns+") VALUES (?, ?, ?, ?, 0, ?, 0, 0, 0, 0, '', ?, ?, ?)",
			u.ID, u.Owner, u.Register, u.Filename, u.State, records.FormatTime(now), records.FormatTime(now), records.FormatTime(u.ExpiresAt))
		return err
	})
	if err != nil {
		return Upload{}, err
	}
	buf := make([]byte, uploadChunk)
	for seq := 0; ; seq++ {
		n, rerr := io.ReadFull(r, buf)
		if n > 0 {
			u.Size += int64(n)
			if u.Size > max {
				db.DeleteUpload(context.WithoutCancel(ctx), u.ID)
				return Upload{}, kijun.Errorf(kijun.EINVALID, "ファイルが大きすぎます（%d MB まで）", max>>20)
			}
			if err := db.Update(ctx, func(tx *Tx) error {
				_, err := tx.ExecContext(ctx, "INSERT INTO import_upload_chunks (upload_id, seq, data) VALUES (?, ?, ?)", u.ID, seq, buf[:n])
				return err
			}); err != nil {
				db.DeleteUpload(context.WithoutCancel(ctx), u.ID)
				return Upload{}, fmt.Errorf("store upload: %w", err)
			}
		}
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
			break
		}
		if rerr != nil {
			db.DeleteUpload(context.WithoutCancel(ctx), u.ID)
			return Upload{}, kijun.Wrap(kijun.EINVALID, rerr, "ファイルを受け取れませんでした（送信が途中で切れました）")
		}
	}
	u.State = UploadQueued
	if err := db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE import_uploads SET size = ?, state = ? WHERE id = ?", u.Size, u.State, u.ID)
		return err
	}); err != nil {
		return Upload{}, fmt.Errorf("store upload: %w", err)
	}
	return u, nil
}

// Upload returns the upload with the ID, or an ENOTFOUND error.
func (db *DB) Upload(ctx context.Context, id string) (Upload, error) {
	var u Upload
	err := db.View(ctx, func(tx *Tx) error {
		var err error
		u, err = scanUpload(tx.QueryRowContext(ctx, "SELECT "+uploadColumns+" FROM import_uploads WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return kijun.Errorf(kijun.ENOTFOUND, "取込みファイル %s はありません（期限が過ぎて消えたかもしれません）", id)
		}
		return err
	})
	return u, err
}

// UploadData returns the bytes of an upload, or an ENOTFOUND error once
// they are gone (written, or expired).
func (db *DB) UploadData(ctx context.Context, id string) ([]byte, error) {
	var data []byte
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT data FROM import_upload_chunks WHERE upload_id = ? ORDER BY seq", []any{id}, func(sc scanner) error {
			var b []byte
			if err := sc.Scan(&b); err != nil {
				return err
			}
			data = append(data, b...)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read upload %s: %w", id, err)
	}
	if data == nil {
		return nil, kijun.Errorf(kijun.ENOTFOUND, "取込みファイル %s の中身はもうありません。もう一度送ってください", id)
	}
	return data, nil
}

// MoveUpload sets an upload's state to to when it is in from, and reports
// whether it was: two requests to confirm the same file start one write.
// confirm marks the write asked for.
func (db *DB) MoveUpload(ctx context.Context, id, from, to string, confirm bool) (bool, error) {
	var moved bool
	err := db.Update(ctx, func(tx *Tx) error {
		q := "UPDATE import_uploads SET state = ?, updated_at = ?, rows_read = 0, rows_checked = 0, rows_written = 0"
		if confirm {
			q += ", confirmed = 1"
		}
		res, err := tx.ExecContext(ctx, q+" WHERE id = ? AND state = ?", to, records.FormatTime(db.Now()), id, from)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		moved = n == 1
		return err
	})
	if err != nil {
		return false, fmt.Errorf("move upload %s to %s: %w", id, to, err)
	}
	return moved, nil
}

// NoteUpload records an upload's progress, and when result is not empty,
// its state and outcome. It is a short transaction of its own: the work
// calls it between its batches, never inside its own write.
func (db *DB) NoteUpload(ctx context.Context, id string, read, checked, written int64, state, result string) error {
	return db.Update(ctx, func(tx *Tx) error {
		q, args := "UPDATE import_uploads SET rows_read = ?, rows_checked = ?, rows_written = ?, updated_at = ?", []any{read, checked, written, records.FormatTime(db.Now())}
		if state != "" {
			q, args = q+", state = ?, result = ?", append(args, state, result)
		}
		_, err := tx.ExecContext(ctx, q+" WHERE id = ?", append(args, id)...)
		if err != nil {
			return fmt.Errorf("note upload %s: %w", id, err)
		}
		if state == UploadDone || state == UploadFailed {
			// Written, or refused: the bytes are no longer needed.
			if _, err := tx.ExecContext(ctx, "DELETE FROM import_upload_chunks WHERE upload_id = ?", id); err != nil {
				return fmt.Errorf("drop upload %s: %w", id, err)
			}
		}
		return nil
	})
}

// DeleteUpload removes an upload and its bytes.
func (db *DB) DeleteUpload(ctx context.Context, id string) error {
	return db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM import_upload_chunks WHERE upload_id = ?", id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM import_uploads WHERE id = ?", id)
		return err
	})
}

// PurgeUploads removes the uploads past their expiry, each in a short
// transaction, and returns how many.
func (db *DB) PurgeUploads(ctx context.Context) (int, error) {
	var ids []string
	err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT id FROM import_uploads WHERE expires_at < ?", []any{records.FormatTime(db.Now())}, func(sc scanner) error {
			var id string
			err := sc.Scan(&id)
			ids = append(ids, id)
			return err
		})
	})
	if err != nil {
		return 0, fmt.Errorf("list expired uploads: %w", err)
	}
	for _, id := range ids {
		if err := db.DeleteUpload(ctx, id); err != nil {
			return 0, fmt.Errorf("remove expired upload %s: %w", id, err)
		}
	}
	return len(ids), nil
}
