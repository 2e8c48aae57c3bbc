package cli

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/records"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

// 8.1.3: backups are taken on a schedule, each one verified after it is
// written and recorded in the ledger, and their restore is drilled; each
// step leaves evidence an audit can see.

// backupPrefix names the backups a directory holds, newest last by name.
const backupPrefix = "kijun-"

// backupInto writes a backup of db into dir, named by the time, verifies
// it against the live key, signed heads and the live database (as a
// restore would), records it, and removes the oldest beyond keep.
func backupInto(ctx context.Context, e *env, db *store.DB, d *dbFlags, dir string, keep int) (store.BackupEvent, error) {
	var made store.BackupEvent
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return made, kijun.Wrap(kijun.EINVALID, err, "cannot make the backup directory %s", dir)
	}
	name := backupPrefix + db.Now().UTC().Format("20060102T150405.000Z") + backupExt(db)
	path := filepath.Join(dir, name)
	if err := writeBackup(ctx, db, d, path); err != nil {
		return made, err
	}
	target, done, err := openCopy(ctx, db, d, path)
	var rep *store.VerifyReport
	if err == nil {
		rep, err = verifyCopy(ctx, e, db, d, target)
		done()
	}
	if err != nil {
		// A backup that fails its check is kept out of the directory, and
		// the failure is recorded.
		os.Remove(path)
		if _, rerr := db.RecordBackup(ctx, store.BackupEvent{Kind: "made", File: name, Result: err.Error()}); rerr != nil {
			return made, rerr
		}
		return made, err
	}
	sum, size, err := fileDigest(path)
	if err != nil {
		return made, err
	}
	made = store.BackupEvent{Kind: "made", File: name, Size: size, SHA256: sum, Records: rep.Records, Root: rep.Tree.Hash.String(), Result: "ok"}
	old, err := backupsIn(dir)
	if err != nil {
		return made, err
	}
	if keep > 0 && len(old) > keep {
		for _, f := range old[:len(old)-keep] {
			if err := os.Remove(filepath.Join(dir, f)); err != nil {
				return made, fmt.Errorf("remove old backup %s: %w", f, err)
			}
			made.Removed = append(made.Removed, f)
		}
	}
	return db.RecordBackup(ctx, made)
}

// backupsIn lists the backups in dir, oldest first.
func backupsIn(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, kijun.Wrap(kijun.EINVALID, err, "cannot read the backup directory %s", dir)
	}
	var out []string
	for _, en := range entries {
		if n := en.Name(); en.Type().IsRegular() && strings.HasPrefix(n, backupPrefix) && (strings.HasSuffix(n, ".db") || strings.HasSuffix(n, ".dump")) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out, nil
}

func fileDigest(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil)), n, err
}

// drillRestore restores the newest backup in dir into a scratch directory,
// verifies it as a restore would and checks its registers against its
// ledger, and records the drill and its result in the live ledger.
func drillRestore(ctx context.Context, e *env, db *store.DB, d *dbFlags, dir string) (store.BackupEvent, error) {
	var drill store.BackupEvent
	files, err := backupsIn(dir)
	if err != nil {
		return drill, err
	}
	if len(files) == 0 {
		return drill, kijun.Errorf(kijun.EINVALID, "no backup in %s to drill: kijun backup --dir %s makes one", dir, dir)
	}
	start := time.Now()
	drill = store.BackupEvent{Kind: "drill", File: files[len(files)-1]}
	scratch, err := os.MkdirTemp("", "kijun-drill-*")
	if err != nil {
		return drill, err
	}
	defer os.RemoveAll(scratch)
	restored := filepath.Join(scratch, "restored.db")
	failed := func(err error) (store.BackupEvent, error) {
		drill.Result = err.Error()
		drill.Millis = time.Since(start).Milliseconds()
		if _, rerr := db.RecordBackup(ctx, drill); rerr != nil {
			return drill, rerr
		}
		return drill, err
	}
	if db.Dialect == store.SQLite {
		if err := copyFile(filepath.Join(dir, drill.File), restored); err != nil {
			return failed(err)
		}
	} else {
		scratchURL, done, err := pgRestoreScratch(ctx, d.url, filepath.Join(dir, drill.File))
		if err != nil {
			return failed(err)
		}
		defer done()
		restored = scratchURL
	}
	rep, err := verifyCopy(ctx, e, db, d, restored)
	if err != nil {
		return failed(err)
	}
	drill.Records, drill.Root = rep.Records, rep.Tree.Hash.String()
	rdb, err := store.Open(ctx, restored, store.Options{Logger: e.log})
	if err != nil {
		return failed(err)
	}
	diffs, err := rdb.VerifyState(ctx)
	rdb.Close()
	if err != nil {
		return failed(err)
	}
	if len(diffs) > 0 {
		return failed(kijun.Errorf(kijun.EINVALID, "the restored registers differ from their ledger in %d records", len(diffs)))
	}
	drill.Result = "ok"
	drill.Millis = time.Since(start).Milliseconds()
	return db.RecordBackup(ctx, drill)
}

// verifyCopy checks a copy of the live database: its ledger whole, its
// checkpoints signed by the live key, and its last record the live
// ledger's record of the same number, so the copy is what the live
// database was when it was made (the live one has moved on since).
func verifyCopy(ctx context.Context, e *env, live *store.DB, d *dbFlags, path string) (*store.VerifyReport, error) {
	c, err := store.Open(ctx, path, store.Options{Logger: e.log})
	if err != nil {
		return nil, err
	}
	defer c.Close()
	if err := c.CheckSchema(ctx); err != nil {
		return nil, err
	}
	var opts store.VerifyOptions
	keyPath, err := d.ledgerKeyPath()
	if err != nil {
		return nil, err
	}
	if key, err := records.LoadKey(keyPath); err == nil {
		opts.Keys = []ed25519.PublicKey{key.Public()}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, kijun.Wrap(kijun.EINVALID, err, "cannot read the live ledger key %s", keyPath)
	}
	rep, err := c.VerifyLedger(ctx, opts)
	if err != nil {
		return nil, kijun.Wrap(kijun.EINVALID, err, "the copy %s fails verification", path)
	}
	if rep.LastSeq == 0 {
		return rep, nil
	}
	same, err := live.Records(ctx, store.RecordFilter{Before: rep.LastSeq + 1, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(same) == 0 || same[0].Seq != rep.LastSeq || same[0].Hash != rep.LastHash {
		return nil, kijun.Errorf(kijun.EINVALID, "the copy %s ends at record %d, which is not the live ledger's record %d", path, rep.LastSeq, rep.LastSeq)
	}
	return rep, nil
}

// nightlyBackupArgs is the job of the scheduled backup.
type nightlyBackupArgs struct{}

func (nightlyBackupArgs) Kind() string { return "backup.nightly" }

// nightlyBackup makes the day's backup from 3 a.m. JST, when none was made
// that day: the queue's leader asks every ten minutes, so one missed while
// no server ran is made soon after one starts.
func nightlyBackup(ctx context.Context, e *env, db *store.DB, d *dbFlags, dir string, keep int) error {
	now := db.Now().In(wareki.JST())
	if now.Hour() < 3 {
		return nil
	}
	last, err := db.BackupEvents(ctx, 20)
	if err != nil {
		return err
	}
	for _, ev := range last {
		if ev.Kind == "made" && ev.Result == "ok" && ev.At.In(wareki.JST()).Format(time.DateOnly) == now.Format(time.DateOnly) {
			return nil
		}
	}
	made, err := backupInto(ctx, e, db, d, dir, keep)
	if err != nil {
		e.log.Error("scheduled backup failed", "dir", dir, "err", err)
		return err
	}
	e.log.Info("scheduled backup", "file", made.File, "records", made.Records, "removed", len(made.Removed))
	return nil
}

// backupBeforeUpgrade copies a SQLite database whose schema this kijun
// will migrate, beside it, before the first migration runs: an upgrade
// that goes wrong is undone by restoring the copy (kijun restore).
func backupBeforeUpgrade(ctx context.Context, e *env, db *store.DB, d *dbFlags) error {
	if db.Dialect != store.SQLite {
		return nil
	}
	// A database that is not Kijun's, or not yet one, is Migrate's to
	// refuse or make, with its own message.
	have, want, err := db.SchemaVersion(ctx)
	if err != nil || have == 0 || have >= want {
		return nil
	}
	_, target, err := store.ParseURL(d.url)
	if err != nil {
		return err
	}
	path := fmt.Sprintf("%s.before-schema-%d-%s.db", target, want, db.Now().UTC().Format("20060102T150405Z"))
	if err := db.Backup(ctx, path); err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "cannot back up %s before upgrading its schema from version %d to %d; nothing was changed", target, have, want)
	}
	e.log.Info("backed up before upgrading the schema", "from", have, "to", want, "backup", path)
	fmt.Fprintf(e.stderr, "upgrading the database schema from version %d to %d; the database as it was is in %s / スキーマを更新します。更新前の複製: %s\n", have, want, path, path)
	return nil
}
