package cli_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"kijun/internal/records"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// forgery is the SQL of the probe's attack on a ledger: record k's actor
// changed, every later hash recomputed so that the chain holds, and the
// checkpoints deleted. With tree, the stored Merkle tree is rebuilt over
// the forged records and the registered keys are deleted too, as someone
// who means to re-sign the copy with a key of their own would.
func forgery(t *testing.T, url string, k int64, tree bool) []string {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	type rec struct {
		seq        int64
		body, hash string
	}
	var all []rec
	err = db.View(ctx, func(tx *store.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT seq, body, hash FROM ledger_records ORDER BY seq")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r rec
			if err := rows.Scan(&r.seq, &r.body, &r.hash); err != nil {
				return err
			}
			all = append(all, r)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	quote := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	var sql []string
	if db.Dialect == store.Postgres {
		for _, tr := range []string{"ledger_records", "ledger_checkpoints", "ledger_tree", "ledger_keys"} {
			sql = append(sql, fmt.Sprintf("ALTER TABLE %s DISABLE TRIGGER USER", tr))
		}
	} else {
		sql = append(sql, "DROP TRIGGER ledger_records_no_update", "DROP TRIGGER ledger_checkpoints_no_delete", "DROP TRIGGER ledger_tree_no_delete", "DROP TRIGGER ledger_keys_no_delete")
	}
	sql = append(sql, "DELETE FROM ledger_checkpoints")
	h := records.NewHasher()
	prev := all[k-2].hash
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			out[i] = stored[x]
		}
		return out, nil
	})
	for _, r := range all {
		if r.seq >= k {
			if r.seq == k {
				r.body = strings.Replace(r.body, `"actor":"`, `"actor":"intruder`, 1)
			}
			r.hash = string(h.Hash([]byte(prev), r.seq, []byte(r.body)))
			sql = append(sql, fmt.Sprintf("UPDATE ledger_records SET body = %s, hash = %s WHERE seq = %d", quote(r.body), quote(r.hash), r.seq))
		}
		prev = r.hash
		hs, err := tlog.StoredHashesForRecordHash(r.seq-1, records.LeafHash([]byte(r.hash)), reader)
		if err != nil {
			t.Fatal(err)
		}
		stored = append(stored, hs...)
	}
	if tree {
		sql = append(sql, "DELETE FROM ledger_keys", "DELETE FROM ledger_tree")
		for i := 0; i < len(stored); i += 500 {
			var vals []string
			for j := i; j < min(i+500, len(stored)); j++ {
				vals = append(vals, fmt.Sprintf("(%d, '%s')", j, stored[j]))
			}
			sql = append(sql, "INSERT INTO ledger_tree (idx, hash) VALUES "+strings.Join(vals, ", "))
		}
	}
	return sql
}

// tamperWith runs the statements as someone with direct access to the
// database would: the sqlite3 shell for SQLite, a client for PostgreSQL.
func tamperWith(t *testing.T, url string, sql []string) {
	t.Helper()
	if strings.HasPrefix(url, "postgres") {
		ctx := context.Background()
		db, err := store.Open(ctx, url, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		err = db.Update(ctx, func(tx *store.Tx) error {
			for _, q := range sql {
				if err := tx.ExecScript(ctx, q); err != nil {
					return fmt.Errorf("%.80s: %w", q, err)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	cmd := exec.Command("sqlite3", url)
	cmd.Stdin = strings.NewReader(strings.Join(sql, ";\n") + ";\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sqlite3: %v\n%s", err, out)
	}
}

// eachEngine runs fn with a new SQLite file and, when PostgreSQL is
// tested, a new PostgreSQL schema, in dir.
func eachEngine(t *testing.T, fn func(t *testing.T, dir, url string)) {
	t.Run("sqlite", func(t *testing.T) {
		needSQLite3(t)
		dir := t.TempDir()
		fn(t, dir, filepath.Join(dir, "kijun.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv(storetest.EnvPostgres)
		if dsn == "" {
			t.Skipf("PostgreSQL not tested: set %s", storetest.EnvPostgres)
		}
		fn(t, t.TempDir(), storetest.PostgresURL(t, dsn))
	})
}

// H3, the probe's attack: a middle record rewritten with every later hash
// and the checkpoints deleted. verify with the auditor's key, which said OK
// before, fails naming the record, and serve refuses to start (and so to
// sign the forged head).
func TestRewrittenLedgerFailsVerifyAndStopsServe(t *testing.T) {
	eachEngine(t, func(t *testing.T, dir, db string) {
		fill(t, dir, db)
		cp := kijun(t, dir, "ledger", "checkpoint", "--db", db)
		if cp.code != 0 {
			t.Fatalf("ledger checkpoint: %+v", cp)
		}
		signed, _ := strconv.ParseInt(strings.Fields(cp.stdout)[0], 10, 64)
		pub := kijun(t, dir, "ledger", "pubkey", "--db", db)
		pubFile := filepath.Join(dir, "auditor.pub")
		os.WriteFile(pubFile, []byte(pub.stdout), 0o644)
		keyFile := keyFileFor(dir, db)
		// The auditor keeps a copy of the heads.
		heads, err := os.ReadFile(records.HeadsPath(keyFile))
		if err != nil {
			t.Fatalf("no heads file beside the ledger key: %v", err)
		}
		auditorHeads := filepath.Join(dir, "auditor.heads")
		os.WriteFile(auditorHeads, heads, 0o644)
		if r := kijun(t, dir, "verify", "--db", db, "--pubkey", pubFile, "--heads", auditorHeads); r.code != 0 || !strings.Contains(r.stdout, fmt.Sprintf("the latest covers %d records", signed)) {
			t.Fatalf("verify before the attack: %+v", r)
		}

		k := signed / 2
		tamperWith(t, db, forgery(t, db, k, false))
		want := fmt.Sprintf("ledger broken at record %d: records 1–%d do not match the tree head signed", k, signed)
		if r := kijun(t, dir, "verify", "--db", db, "--pubkey", pubFile); r.code != 1 || !strings.Contains(r.stdout, want) {
			t.Errorf("verify --pubkey after the rewrite: %+v, want exit 1 and %q", r, want)
		}
		if r := kijun(t, dir, "verify", "--db", db, "--pubkey", pubFile, "--heads", auditorHeads); r.code != 1 || !strings.Contains(r.stdout, want) {
			t.Errorf("verify with the auditor's heads after the rewrite: %+v, want exit 1 and %q", r, want)
		}
		r := kijun(t, dir, "serve", "--db", db, "--addr", "127.0.0.1:0")
		if r.code != 1 || !strings.Contains(r.stderr, fmt.Sprintf("ledger broken at record %d", k)) || strings.Contains(r.stdout, "listening") {
			t.Errorf("serve over the rewritten ledger: %+v, want a refusal naming record %d", r, k)
		}
		if r := kijun(t, dir, "config", "set", "city.name", "x", "--db", db); r.code != 1 {
			t.Errorf("a change appended onto the rewritten ledger: %+v, want refusal", r)
		}
		after, _ := os.ReadFile(records.HeadsPath(keyFile))
		if string(after) != string(heads) {
			t.Errorf("a head was signed over the rewritten ledger:\n%s", after[len(heads):])
		}
	})
}

// The whole forgery: records, the stored tree and the keys rewritten, the
// copy re-signed with a key of the intruder's own, and the server's heads
// file deleted. The database then agrees with itself; the heads the
// auditor kept still show it.
func TestReSignedLedgerFailsAgainstAuditorsHeads(t *testing.T) {
	eachEngine(t, func(t *testing.T, dir, db string) {
		fill(t, dir, db)
		if r := kijun(t, dir, "ledger", "checkpoint", "--db", db); r.code != 0 {
			t.Fatalf("ledger checkpoint: %+v", r)
		}
		pub := kijun(t, dir, "ledger", "pubkey", "--db", db)
		pubFile := filepath.Join(dir, "auditor.pub")
		os.WriteFile(pubFile, []byte(pub.stdout), 0o644)
		serverHeads := records.HeadsPath(keyFileFor(dir, db))
		heads, _ := os.ReadFile(serverHeads)
		auditorHeads := filepath.Join(dir, "auditor.heads")
		os.WriteFile(auditorHeads, heads, 0o644)

		tamperWith(t, db, forgery(t, db, 10, true))
		os.Remove(serverHeads)
		if r := kijun(t, dir, "ledger", "checkpoint", "--db", db, "--ledger-key", filepath.Join(dir, "intruder.key")); r.code != 0 {
			t.Fatalf("re-sign with the intruder's key: %+v", r)
		}
		if r := kijun(t, dir, "verify", "--db", db); r.code != 0 {
			t.Fatalf("the re-signed copy verifies with its own keys, as expected: %+v", r)
		}
		r := kijun(t, dir, "verify", "--db", db, "--pubkey", pubFile, "--heads", auditorHeads)
		if r.code != 1 || !strings.Contains(r.stdout, "FAIL") {
			t.Errorf("verify of the re-signed copy with the auditor's key and heads: %+v, want FAIL", r)
		}
		r = kijun(t, dir, "verify", "--db", db, "--pubkey", pubFile)
		if r.code != 1 || !strings.Contains(r.stdout, "no signed tree head from key") {
			t.Errorf("verify --pubkey with the heads file gone: %+v, want FAIL saying no head covers the ledger", r)
		}
	})
}

// keyFileFor returns where kijun keeps the ledger key of db by default,
// when run in dir.
func keyFileFor(dir, db string) string {
	if strings.HasPrefix(db, "postgres") {
		return filepath.Join(dir, "kijun-ledger.key")
	}
	return db + ".ledger.key"
}

// M2: restore checks a backup against the live key and the last signed
// head. A backup older than the last head (records lost), and a copy
// rewritten and re-signed with another key, are refused; with
// --accept-rollback they are restored, and the ledger and the heads file
// say so.
func TestRestoreRefusesRollbackUnlessAccepted(t *testing.T) {
	needSQLite3(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "kijun.db")
	if r := kijun(t, dir, "demo", "--db", db); r.code != 0 {
		t.Fatalf("demo: %+v", r)
	}
	old := filepath.Join(dir, "old.db")
	if r := kijun(t, dir, "backup", "--db", db, old); r.code != 0 {
		t.Fatalf("backup: %+v", r)
	}
	for i := range 5 {
		if r := kijun(t, dir, "config", "set", "city.name", fmt.Sprintf("市%d", i), "--db", db); r.code != 0 {
			t.Fatalf("config set: %+v", r)
		}
	}
	if r := kijun(t, dir, "ledger", "checkpoint", "--db", db); r.code != 0 {
		t.Fatalf("ledger checkpoint: %+v", r)
	}
	before := sqlite3(t, db, "SELECT COUNT(*) FROM ledger_records")
	pub := kijun(t, dir, "ledger", "pubkey", "--db", db)
	pubFile := filepath.Join(dir, "auditor.pub")
	os.WriteFile(pubFile, []byte(pub.stdout), 0o644)

	// A copy of the live database, rewritten and re-signed by an intruder.
	resigned := filepath.Join(dir, "resigned.db")
	if r := kijun(t, dir, "backup", "--db", db, resigned); r.code != 0 {
		t.Fatalf("backup: %+v", r)
	}
	tamperWith(t, resigned, forgery(t, resigned, 20, true))
	if r := kijun(t, dir, "ledger", "checkpoint", "--db", resigned, "--ledger-key", filepath.Join(dir, "intruder.key")); r.code != 0 {
		t.Fatalf("re-sign: %+v", r)
	}
	if r := kijun(t, dir, "verify", "--db", resigned); r.code != 0 {
		t.Fatalf("the re-signed copy verifies with its own keys: %+v", r)
	}

	for _, c := range []struct{ name, file, why string }{
		{"older than the last signed head", old, "removed from the end"},
		{"re-signed with another key", resigned, "checkpoint signed by unknown key"},
	} {
		r := kijun(t, dir, "restore", "--db", db, "--force", c.file)
		if r.code != 1 || !strings.Contains(r.stderr, "does not extend what was signed") || !strings.Contains(r.stderr, c.why) || !strings.Contains(r.stderr, "--accept-rollback") {
			t.Errorf("restore of a backup %s: %+v, want refusal saying %q", c.name, r, c.why)
		}
		if got := sqlite3(t, db, "SELECT COUNT(*) FROM ledger_records"); got != before {
			t.Fatalf("after a refused restore the database has %s records, want %s", got, before)
		}
	}

	for _, c := range []struct {
		name, file string
		foreign    bool
	}{{"older", old, false}, {"re-signed", resigned, true}} {
		r := kijun(t, dir, "restore", "--db", db, "--force", "--accept-rollback", c.file)
		if r.code != 0 || !strings.Contains(r.stdout, "signed a rollback head") {
			t.Fatalf("restore --accept-rollback of the %s backup: %+v", c.name, r)
		}
		if got := sqlite3(t, db, "SELECT actor || ' ' || json_extract(body, '$.entity_id') FROM ledger_records WHERE action = 'ledger.rollback' ORDER BY seq DESC LIMIT 1"); got != "console restore" {
			t.Errorf("after restoring the %s backup, the ledger's rollback record is %q", c.name, got)
		}
		// The heads from the rollback on bind the restored ledger, and
		// signing goes on. The auditor's key still refuses checkpoints a
		// foreign key signed: the history before the rollback is not theirs.
		r = kijun(t, dir, "verify", "--db", db, "--pubkey", pubFile)
		if !c.foreign && r.code != 0 {
			t.Errorf("verify after restoring the %s backup: %+v", c.name, r)
		}
		if c.foreign && (r.code != 1 || !strings.Contains(r.stdout, "checkpoint signed by unknown key")) {
			t.Errorf("verify with the auditor's key after restoring the %s backup: %+v, want the foreign key named", c.name, r)
		}
		if r := kijun(t, dir, "verify", "--db", db); r.code != 0 {
			t.Errorf("verify after restoring the %s backup: %+v", c.name, r)
		}
		if r := kijun(t, dir, "config", "set", "city.name", "後", "--db", db); r.code != 0 {
			t.Errorf("a change after restoring the %s backup: %+v", c.name, r)
		}
		if r := kijun(t, dir, "ledger", "checkpoint", "--db", db); r.code != 0 {
			t.Errorf("a checkpoint after restoring the %s backup: %+v", c.name, r)
		}
	}
	heads, _ := os.ReadFile(db + ".ledger.key.heads")
	if n := strings.Count(string(heads), "kijun ledger rollback v1"); n != 2 {
		t.Errorf("the heads file holds %d rollback heads, want 2:\n%s", n, heads)
	}
}

// fill gives db a ledger: the demo city on SQLite; on PostgreSQL, where the
// demo takes minutes on a shared machine, the standard and a few settings.
func fill(t *testing.T, dir, db string) {
	t.Helper()
	if !strings.HasPrefix(db, "postgres") {
		if r := kijun(t, dir, "demo", "--db", db); r.code != 0 {
			t.Fatalf("demo: %+v", r)
		}
		return
	}
	for i := range 3 {
		if r := kijun(t, dir, "config", "set", "city.name", fmt.Sprintf("市%d", i), "--db", db); r.code != 0 {
			t.Fatalf("config set: %+v", r)
		}
	}
}

// 4.4: a register row edited directly in the database leaves the ledger's
// hashes intact; verify --state names it, by kind and ID.
func TestVerifyStateNamesARowEditedInTheSQLiteShell(t *testing.T) {
	needSQLite3(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "kijun.db")
	if r := kijun(t, dir, "demo", "--db", db); r.code != 0 {
		t.Fatalf("demo: %+v", r)
	}
	if r := kijun(t, dir, "verify", "--db", db, "--state"); r.code != 0 || !strings.Contains(r.stdout, "OK every register row") {
		t.Fatalf("verify --state after the demo: %+v", r)
	}
	id := sqlite3(t, db, "SELECT MIN(id) FROM assets")
	sqlite3(t, db, "UPDATE assets SET confidentiality = 1 WHERE id = '"+id+"'")
	r := kijun(t, dir, "verify", "--db", db, "--state")
	if r.code != 1 || !strings.Contains(r.stdout, "FAIL asset "+id+": the row differs from the state of its last record") || !strings.HasPrefix(r.stdout, "OK ledger intact") {
		t.Errorf("verify --state after editing asset %s: %+v, want the ledger intact and the asset named", id, r)
	}
}
