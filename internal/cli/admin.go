package cli

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"kijun/internal/jobs"
	"kijun/internal/kijun"
	"kijun/internal/records"
	"kijun/internal/store"
)

func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "migrate [--db URL]", "Apply database migrations (serve does it too).\nデータベースを最新のスキーマにします（serve も自動で行います）。")
	var d dbFlags
	d.register(fs, e)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := d.open(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	// An upgrade copies the database as it was first, as serve's does.
	if err := backupBeforeUpgrade(ctx, e, db, &d); err != nil {
		return err
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	// The job queue's tables, with River's own migrations (internal/jobs).
	if _, err := jobs.Migrate(ctx, db); err != nil {
		return err
	}
	have, _, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(e.stdout, "schema is up to date (version %d)\n", have)
		return nil
	}
	fmt.Fprintf(e.stdout, "applied %d migration(s); schema is at version %d\n", len(applied), have)
	return nil
}

// stringList is a flag that may be given several times.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ", ") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func runVerify(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "verify [--db URL] [--pubkey FILE] [--heads FILE] [--checkpoint LINE|@FILE] [--state]",
		"Check the whole record ledger: every hash, every signed checkpoint, the signed tree heads, the head.\nExits 0 when intact, 1 naming the first broken record.\n記録台帳全体を検証します。改ざんがあれば最初の不正な記録を示して終了コード 1 で終わります。")
	var d dbFlags
	d.register(fs, e)
	pubFile := fs.String("pubkey", "", "trust only checkpoints and tree heads signed by this public key (PEM, from kijun ledger pubkey); the ledger must then match a signed tree head; without it the keys registered in the database are used / 信頼する公開鍵")
	headsFile := fs.String("heads", "", "the signed tree heads the auditor keeps (a copy of the ledger key's .heads file); default: the file beside the ledger key / 署名済みの木の先頭のファイル")
	state := fs.Bool("state", false, "also compare every register row with the state its last ledger record holds, naming each difference / 台帳の各行を最後の記録の状態と照合する")
	var cps stringList
	fs.Var(&cps, "checkpoint", "a checkpoint line kept from kijun ledger checkpoint (or @FILE with one per line); the ledger must reach it / 保管しておいたチェックポイント")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var opts store.VerifyOptions
	if *pubFile != "" {
		b, err := os.ReadFile(*pubFile)
		if err != nil {
			return kijun.Wrap(kijun.EINVALID, err, "cannot read public key file %s", *pubFile)
		}
		// The file may hold the keys a rotation retired with the key in
		// use (kijun ledger pubkey prints them all).
		keys, err := records.ParsePublicKeys(string(b))
		if err != nil {
			return kijun.Wrap(kijun.EINVALID, err, "%s is not a Kijun ledger public key", *pubFile)
		}
		opts.Keys = keys
	}
	for _, c := range cps {
		lines := []string{c}
		if f, ok := strings.CutPrefix(c, "@"); ok {
			b, err := os.ReadFile(f)
			if err != nil {
				return kijun.Wrap(kijun.EINVALID, err, "cannot read checkpoint file %s", f)
			}
			lines = strings.Split(string(b), "\n")
		}
		for _, l := range lines {
			if strings.TrimSpace(l) == "" {
				continue
			}
			cp, err := records.ParseCheckpoint(l)
			if err != nil {
				return kijun.Wrap(kijun.EINVALID, err, "bad --checkpoint")
			}
			opts.Checkpoints = append(opts.Checkpoints, cp)
		}
	}
	db, err := d.open(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CheckSchema(ctx); err != nil {
		return err
	}
	heads, err := verifyHeads(&d, *headsFile, opts.Keys)
	if err != nil {
		fmt.Fprintln(e.stdout, "FAIL "+err.Error())
		return kijun.Wrap(kijun.EINVALID, err, "signed tree heads")
	}
	opts.Heads = heads.Heads
	rep, err := db.VerifyLedger(ctx, opts)
	if err != nil {
		var b *records.Break
		if errors.As(err, &b) {
			fmt.Fprintln(e.stdout, "FAIL "+b.Error())
		}
		return err
	}
	fmt.Fprintf(e.stdout, "OK ledger intact: %d records, head %s\n", rep.Records, rep.LastHash)
	fmt.Fprintf(e.stdout, "   Merkle tree root %s\n", rep.Tree.Hash)
	if h := rep.LastHead; h != nil {
		fmt.Fprintf(e.stdout, "   signed tree heads in %s match; the latest covers %d records (signed %s)", heads.Path, h.N, h.At)
		if n := rep.LastSeq - h.N; n > 0 {
			fmt.Fprintf(e.stdout, "; %d record(s) after it are not yet signed", n)
		}
		fmt.Fprintln(e.stdout)
	} else {
		fmt.Fprintln(e.stdout, "   no signed tree heads were checked")
	}
	if opts.Keys == nil {
		fmt.Fprintln(e.stdout, "   checkpoints were checked against the keys stored in this database; an auditor passes --pubkey with their own copy of the key to trust only that")
	}
	if rep.LastCheckpoint != nil {
		fmt.Fprintf(e.stdout, "   %d signed checkpoint(s), latest at record %d (%s), key %s\n", rep.Checkpoints, rep.LastCheckpoint.Seq, rep.LastCheckpoint.At, rep.LastCheckpoint.KeyID)
	} else {
		fmt.Fprintln(e.stdout, "   no signed checkpoints yet")
	}
	if *state {
		return verifyState(ctx, e, db)
	}
	return nil
}

func runBackup(ctx context.Context, e *env, args []string) error {
	drill := len(args) > 0 && args[0] == "drill"
	if drill {
		args = args[1:]
	}
	fs := newFlags(e, "backup [--db URL] FILE | backup --dir DIR [--keep N] | backup drill --dir DIR",
		"Make a consistent backup of a running database (SQLite: a copy of the file; PostgreSQL: pg_dump's custom format): to FILE, or into DIR named by the time, verified and recorded in the ledger, keeping the newest N (8.1.3). backup drill restores the newest backup in DIR into a scratch place (PostgreSQL: a scratch database), verifies it and records the drill.\n"+
			"稼働中のデータベースの一貫したバックアップを作成します（PostgreSQL は pg_dump）。--dir では時刻の名前で作り、検証して記録台帳に記録し、新しい N 個を残します（8.1.3）。backup drill は最新のバックアップを作業用の場所へ復元して検証し、その訓練を記録します。")
	var d dbFlags
	d.register(fs, e)
	dir := fs.String("dir", e.getenv("KIJUN_BACKUP_DIR"), "directory of the backups (env KIJUN_BACKUP_DIR) / バックアップの保存先")
	keep := fs.Int("keep", envInt(e, "KIJUN_BACKUP_KEEP", 14), "how many backups to keep in the directory (env KIJUN_BACKUP_KEEP) / 保持する世代数")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if (drill || *dir != "") && len(rest) == 0 {
		if *dir == "" {
			return kijun.Errorf(kijun.EINVALID, "backup drill needs --dir, the directory of the backups")
		}
		db, err := d.openReady(ctx, e, false)
		if err != nil {
			return err
		}
		defer db.Close()
		if drill {
			dr, err := drillRestore(ctx, e, db, &d, *dir)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "restore drill of %s: ok (%d records verified against the live key and signed heads, registers agree with the ledger, %d ms); recorded in the ledger\n", dr.File, dr.Records, dr.Millis)
			return nil
		}
		made, err := backupInto(ctx, e, db, &d, *dir, *keep)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "backed up to %s (%d records, verified; sha256 %s); %d old backup(s) removed; recorded in the ledger\n",
			filepath.Join(*dir, made.File), made.Records, made.SHA256, len(made.Removed))
		return nil
	}
	if len(rest) != 1 {
		fs.Usage()
		return kijun.Errorf(kijun.EINVALID, "backup needs one FILE to write, or --dir DIR")
	}
	db, err := d.open(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CheckSchema(ctx); err != nil {
		return err
	}
	if err := writeBackup(ctx, db, &d, rest[0]); err != nil {
		return err
	}
	seq, _, err := db.Head(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backed up to %s (ledger had %d records when the copy began)\n", rest[0], seq)
	return nil
}

// envInt is an integer from the environment, or def.
func envInt(e *env, name string, def int) int {
	if n, err := strconv.Atoi(e.getenv(name)); err == nil {
		return n
	}
	return def
}

func runRestore(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "restore [--db URL] [--force] [--accept-rollback] FILE",
		"Put a backup made by kijun backup back as the database. The backup's ledger is verified first, against the live ledger key and the last signed tree head. Stop kijun serve before restoring.\nkijun backup で作ったバックアップから復元します。先に記録台帳を、稼働中の署名鍵と最後に署名した木の先頭に照らして検証します。復元前に kijun serve を停止してください。")
	var d dbFlags
	d.register(fs, e)
	force := fs.Bool("force", false, "replace an existing database / 既存のデータベースを置き換える")
	accept := fs.Bool("accept-rollback", false, "restore a backup that does not extend what was signed (older than the last signed head, or signed by another key); the restore is recorded in the ledger and the heads file / 署名済みの履歴を延長しないバックアップを復元する（記録されます）")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		fs.Usage()
		return kijun.Errorf(kijun.EINVALID, "restore needs the backup FILE")
	}
	dialect, target, err := store.ParseURL(d.url)
	if err != nil {
		return err
	}
	if dialect != store.SQLite {
		return kijun.Errorf(kijun.EINVALID, "kijun restore works on SQLite; for PostgreSQL use pg_restore (see the README)")
	}
	src := rest[0]
	if _, err := os.Stat(src); err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "cannot read backup %s", src)
	}
	rep, rb, err := checkBackup(ctx, e, &d, src, target)
	if err != nil {
		return err
	}
	if rb != nil && !*accept {
		return kijun.Errorf(kijun.EINVALID, "バックアップ %s は署名済みの履歴を延長していないため復元しません。承知のうえで戻すときは --accept-rollback を付けてください（台帳に記録されます） / backup does not extend what was signed; not restored: %s", src, describeRollback(rb))
	}
	if _, err := os.Stat(target); err == nil && !*force {
		return kijun.Errorf(kijun.EINVALID, "database %s exists: add --force to replace it (stop kijun serve first)", target)
	}
	if err := copyFile(src, target); err != nil {
		return err
	}
	if rb != nil {
		fmt.Fprintf(e.stdout, "restored %s from %s (%d records) although it does not extend what was signed (--accept-rollback): %s\n", target, src, rep.Records, describeRollback(rb))
		return recordRollback(ctx, e, &d, rb)
	}
	fmt.Fprintf(e.stdout, "restored %s from %s (%d records, verified against the live key and signed heads)\n", target, src, rep.Records)
	return nil
}

// copyFile writes src to dst through a temporary file and a rename, so dst is
// never half-written, and drops dst's old WAL files, which belong to the old
// database.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".kijun-restore-*")
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "cannot write into %s", filepath.Dir(dst))
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, in); err != nil {
		tmp.Close()
		return fmt.Errorf("restore: copy: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("restore: sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dst + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("restore: remove old %s: %w", dst+suffix, err)
		}
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}

func runLedger(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "ledger pubkey|checkpoint|rotate [--db URL] [--ledger-key FILE]",
		"pubkey: print the public keys that verify checkpoints and tree heads, the key in use first and then those it replaced (give them to auditors).\ncheckpoint: sign a checkpoint of the ledger now and print it as one line to keep.\nrotate: replace the ledger key: the old key signs a last head, the new one signs from there on, the old public key is kept beside the key (stop kijun serve first).\npubkey: チェックポイント検証用の公開鍵（使用中の鍵、続いて以前の鍵）を表示します。checkpoint: いまの台帳に署名したチェックポイントを 1 行で表示します。rotate: 署名鍵を交換します（先に kijun serve を停止してください）。")
	var d dbFlags
	d.register(fs, e)
	if len(args) == 0 {
		fs.Usage()
		return kijun.Errorf(kijun.EINVALID, "ledger needs pubkey, checkpoint or rotate")
	}
	sub := args[0]
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	switch sub {
	case "pubkey":
		path, err := d.ledgerKeyPath()
		if err != nil {
			return err
		}
		key, err := records.LoadKey(path)
		if err != nil {
			return kijun.Wrap(kijun.EINVALID, err, "no ledger key at %s (kijun serve creates it)", path)
		}
		// The key in use first, then the keys it replaced: heads and
		// checkpoints from before a rotation verify with them.
		retired, err := records.ReadRetiredKeys(path)
		if err != nil {
			return err
		}
		for _, pub := range append([]ed25519.PublicKey{key.Public()}, retired...) {
			pem, err := records.EncodePublicKey(pub)
			if err != nil {
				return err
			}
			fmt.Fprint(e.stdout, pem)
		}
		return nil
	case "rotate":
		return rotateLedgerKey(ctx, e, &d)
	case "checkpoint":
		db, err := d.open(ctx, e)
		if err != nil {
			return err
		}
		defer db.Close()
		if err := db.CheckSchema(ctx); err != nil {
			return err
		}
		if err := d.attachKey(ctx, e, db, true); err != nil {
			return err
		}
		cp, err := db.Checkpoint(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, cp.String())
		return nil
	}
	return kijun.Errorf(kijun.EINVALID, "unknown ledger command %q: use pubkey, checkpoint or rotate", sub)
}

// rotateLedgerKey replaces the ledger key (4.4): a new key is made beside
// the old one; the old public key is appended to the retired keys beside
// the key file (records.RetireKey), so heads and checkpoints it signed
// stay verifiable; the database signs a last head with the old key,
// registers the new one and records the rotation, and signs with the new
// key; then the new key takes the old one's file, and the old private key
// is kept as KEY.retired-ID, readable by its owner only, for the city to
// archive offline or destroy.
func rotateLedgerKey(ctx context.Context, e *env, d *dbFlags) error {
	db, err := d.open(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CheckSchema(ctx); err != nil {
		return err
	}
	if err := d.attachKey(ctx, e, db, true); err != nil {
		return err
	}
	path, err := d.ledgerKeyPath()
	if err != nil {
		return err
	}
	old := db.LedgerKey()
	if old == nil {
		return kijun.Errorf(kijun.EINVALID, "no ledger key at %s to rotate", path)
	}
	nextPath := path + ".next"
	next, _, err := records.LoadOrCreateKey(nextPath)
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "cannot make the new ledger key")
	}
	if err := records.RetireKey(path, old.Public()); err != nil {
		return err
	}
	if err := db.RotateLedgerKey(ctx, next); err != nil {
		return err
	}
	retiredPriv := path + ".retired-" + old.ID()
	if err := os.Rename(path, retiredPriv); err != nil {
		return fmt.Errorf("keep the old ledger key: %w", err)
	}
	if err := os.Chmod(retiredPriv, 0o400); err != nil {
		return err
	}
	if err := os.Rename(nextPath, path); err != nil {
		return fmt.Errorf("put the new ledger key in place: %w", err)
	}
	fmt.Fprintf(e.stdout, "ledger key rotated: %s signs from now on, %s signed up to here; its public key is kept in %s and its private key in %s (archive it offline or destroy it); give auditors kijun ledger pubkey\n",
		next.ID(), old.ID(), records.RetiredKeysPath(path), retiredPriv)
	return nil
}
