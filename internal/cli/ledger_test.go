package cli_test

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// sqlite3 runs the sqlite3 shell, as an intruder or a curious admin would.
func sqlite3(t *testing.T, db, sql string) string {
	t.Helper()
	out, err := exec.Command("sqlite3", db, sql).CombinedOutput()
	if err != nil {
		t.Fatalf("sqlite3 %q: %v\n%s", sql, err, out)
	}
	return strings.TrimSpace(string(out))
}

func needSQLite3(t *testing.T) {
	if _, err := exec.LookPath("sqlite3"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("sqlite3 shell missing in CI (apt-get install sqlite3)")
		}
		t.Skip("sqlite3 shell not installed (apt-get install sqlite3)")
	}
}

// Editing any byte of any past record with the sqlite3 shell makes kijun
// verify fail, naming that record.
func TestVerifyNamesTheRecordEditedInTheSQLiteShell(t *testing.T) {
	needSQLite3(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "kijun.db")
	if r := kijun(t, dir, "demo", "--db", db); r.code != 0 {
		t.Fatalf("demo: %+v", r)
	}
	if r := kijun(t, dir, "verify", "--db", db); r.code != 0 || !strings.HasPrefix(r.stdout, "OK ledger intact") {
		t.Fatalf("verify of a fresh database: %+v", r)
	}
	n, _ := strconv.Atoi(sqlite3(t, db, "SELECT COUNT(*) FROM ledger_records"))
	if n < 3 {
		t.Fatalf("demo wrote %d records, want several", n)
	}
	// One character of each field's value inside the stored body, and of the hash.
	targets := []struct{ column, prefix string }{
		{"body", `"at":"`}, {"body", `"actor":"`}, {"body", `"action":"`}, {"body", `"entity":"`},
		{"body", `"entity_id":"`}, {"body", `"digest":"`}, {"body", `"provisions":["`}, {"hash", ``},
	}
	// The first records, one in the middle and the last ones: every field of
	// each (every record of the chain is covered by the store's tests).
	for _, seq := range []int{1, 2, 3, n / 2, n - 1, n} {
		for _, tg := range targets {
			orig := sqlite3(t, db, fmt.Sprintf("SELECT quote(%s) FROM ledger_records WHERE seq = %d", tg.column, seq))
			pos := fmt.Sprintf("instr(%s, '%s') + %d", tg.column, tg.prefix, len([]rune(tg.prefix)))
			if tg.prefix == "" {
				pos = "1"
			}
			edit := fmt.Sprintf(`DROP TRIGGER IF EXISTS ledger_records_no_update;
				UPDATE ledger_records SET %[1]s = substr(%[1]s, 1, %[2]s - 1) || (CASE substr(%[1]s, %[2]s, 1) WHEN 'Z' THEN 'Y' ELSE 'Z' END) || substr(%[1]s, %[2]s + 1)
				WHERE seq = %[3]d AND substr(%[1]s, %[2]s, 1) NOT IN ('"', ']');`, tg.column, pos, seq)
			sqlite3(t, db, edit)
			if sqlite3(t, db, fmt.Sprintf("SELECT quote(%s) FROM ledger_records WHERE seq = %d", tg.column, seq)) == orig {
				continue // an empty value: nothing to edit
			}
			r := kijun(t, dir, "verify", "--db", db)
			want := fmt.Sprintf("ledger broken at record %d:", seq)
			if r.code != 1 || !strings.Contains(r.stdout, want) || !strings.Contains(r.stderr, want) {
				t.Errorf("after editing %s%s of record %d: exit %d, stdout %q, want exit 1 naming record %d", tg.column, tg.prefix, seq, r.code, r.stdout, seq)
			}
			sqlite3(t, db, fmt.Sprintf("UPDATE ledger_records SET %s = %s WHERE seq = %d", tg.column, orig, seq))
		}
	}
	if r := kijun(t, dir, "verify", "--db", db); r.code != 0 {
		t.Fatalf("verify after restoring every edit: %+v", r)
	}
}

// An auditor keeps the public key and a checkpoint line; a copy of the
// database cut short before that checkpoint fails verification with them.
func TestAuditorVerifiesBackupOffline(t *testing.T) {
	needSQLite3(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "kijun.db")
	if r := kijun(t, dir, "demo", "--db", db); r.code != 0 {
		t.Fatalf("demo: %+v", r)
	}
	pub := kijun(t, dir, "ledger", "pubkey", "--db", db)
	if pub.code != 0 || !strings.Contains(pub.stdout, "BEGIN PUBLIC KEY") {
		t.Fatalf("ledger pubkey: %+v", pub)
	}
	pubFile := filepath.Join(dir, "auditor.pub")
	os.WriteFile(pubFile, []byte(pub.stdout), 0o644)
	cp := kijun(t, dir, "ledger", "checkpoint", "--db", db)
	if cp.code != 0 || len(strings.Fields(cp.stdout)) != 5 {
		t.Fatalf("ledger checkpoint: %+v", cp)
	}
	line := strings.TrimSpace(cp.stdout)
	// Another key file, by mistake or on purpose, is refused rather than
	// silently registered as a second signer.
	other := kijun(t, dir, "ledger", "checkpoint", "--db", db, "--ledger-key", filepath.Join(dir, "other.key"))
	if other.code != 1 || !strings.Contains(other.stderr, "not found, and this database's checkpoints are signed by key") {
		t.Errorf("checkpoint with another key file: %+v", other)
	}

	// The auditor keeps the signed tree heads too.
	heads := db + ".ledger.key.heads"
	backup := filepath.Join(dir, "backup.db")
	if r := kijun(t, dir, "backup", "--db", db, backup); r.code != 0 {
		t.Fatalf("backup: %+v", r)
	}
	if r := kijun(t, dir, "verify", "--db", backup, "--pubkey", pubFile, "--heads", heads, "--checkpoint", line); r.code != 0 || !strings.Contains(r.stdout, "OK ledger intact") {
		t.Fatalf("offline verify of the backup: %+v", r)
	}
	// Someone removes the last record and its checkpoint from the copy.
	sqlite3(t, backup, `DROP TRIGGER ledger_records_no_delete; DROP TRIGGER ledger_checkpoints_no_delete;
		DELETE FROM ledger_checkpoints;
		DELETE FROM ledger_records WHERE seq = (SELECT MAX(seq) FROM ledger_records);`)
	if r := kijun(t, dir, "verify", "--db", backup); r.code != 0 {
		t.Fatalf("without the auditor's checkpoint the cut copy looks whole, as expected: %+v", r)
	}
	r := kijun(t, dir, "verify", "--db", backup, "--pubkey", pubFile, "--heads", heads, "--checkpoint", line)
	if r.code != 1 || !strings.Contains(r.stdout, "records were removed from the end") {
		t.Errorf("verify of the cut copy with the auditor's checkpoint: %+v, want exit 1 saying records were removed", r)
	}
	// Restoring the intact backup works, checked against the live key;
	// restoring over an existing database needs --force.
	restored := filepath.Join(dir, "restored.db")
	liveKey := db + ".ledger.key"
	if r := kijun(t, dir, "restore", "--db", restored, "--ledger-key", liveKey, filepath.Join(dir, "kijun.db")); r.code != 0 {
		t.Fatalf("restore: %+v", r)
	}
	if r := kijun(t, dir, "restore", "--db", restored, "--ledger-key", liveKey, filepath.Join(dir, "kijun.db")); r.code != 1 || !strings.Contains(r.stderr, "--force") {
		t.Errorf("restore over an existing database without --force: %+v", r)
	}
	sqlite3(t, backup, `DROP TRIGGER ledger_records_no_update; UPDATE ledger_records SET body = replace(body, '"actor":"', '"actor":"someone-else') WHERE seq = 2`)
	if r := kijun(t, dir, "restore", "--db", restored, "--ledger-key", liveKey, "--force", "--accept-rollback", backup); r.code != 1 || !strings.Contains(r.stderr, "fails verification; not restored") {
		t.Errorf("restore of a tampered backup: %+v, want refusal", r)
	}
	if r := kijun(t, dir, "verify", "--db", restored); r.code != 0 {
		t.Errorf("verify restored database: %+v", r)
	}
}

// SIGTERM stops the server gracefully and it signs a last checkpoint.
func TestServeStopsGracefullyOnSIGTERM(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "kijun.db")
	cmd := exec.Command(kijunBin, "serve", "--db", db, "--addr", "127.0.0.1:0")
	cmd.Dir = dir
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _, err := readListening(bufio.NewReader(out))
	if err != nil || !strings.Contains(line, "listening on http://127.0.0.1:") {
		cmd.Process.Kill()
		t.Fatalf("first line %q, %v", line, err)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve exit after SIGTERM: %v", err)
		}
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		t.Fatal("serve did not stop within 15s of SIGTERM")
	}
	r := kijun(t, dir, "verify", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "signed checkpoint(s)") {
		t.Errorf("verify after shutdown: %+v, want a final checkpoint", r)
	}
}

// startServe runs kijun serve in dir with env and the args, waits for its
// first line and returns the process and the address it listens on.
func startServe(t *testing.T, dir string, env []string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(kijunBin, append([]string{"serve"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}, env...)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	})
	line, _, err := readListening(bufio.NewReader(out))
	_, rest, ok := strings.Cut(line, "http://")
	if err != nil || !ok {
		t.Fatalf("serve's first line %q, %v", line, err)
	}
	return cmd, strings.Fields(rest)[0]
}

// With no flags, serve listens on 127.0.0.1:8080 and uses ./kijun.db,
// creating it; KIJUN_ADDR and KIJUN_DB change both.
func TestServeDefaultsAndEnvironment(t *testing.T) {
	dir := t.TempDir()
	if ln, err := net.Listen("tcp", "127.0.0.1:8080"); err != nil {
		t.Logf("127.0.0.1:8080 is in use here; the default address is not tried: %v", err)
	} else {
		ln.Close()
		_, addr := startServe(t, dir, nil)
		if addr != "127.0.0.1:8080" {
			t.Errorf("default address = %s, want 127.0.0.1:8080", addr)
		}
		if _, err := os.Stat(filepath.Join(dir, "kijun.db")); err != nil {
			t.Errorf("default database ./kijun.db not created: %v", err)
		}
	}
	other := filepath.Join(dir, "elsewhere.db")
	_, addr := startServe(t, dir, []string{"KIJUN_ADDR=127.0.0.1:0", "KIJUN_DB=" + other})
	if !strings.HasPrefix(addr, "127.0.0.1:") || addr == "127.0.0.1:8080" {
		t.Errorf("KIJUN_ADDR=127.0.0.1:0 listens on %s", addr)
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	if _, err := os.Stat(other); err != nil {
		t.Errorf("KIJUN_DB database not created: %v", err)
	}
}

// readListening reads serve's output up to the line that says where it
// listens, and returns that line and the lines before it.
func readListening(r *bufio.Reader) (string, []string, error) {
	var before []string
	for {
		line, err := r.ReadString('\n')
		if err != nil || strings.Contains(line, "listening on") {
			return line, before, err
		}
		before = append(before, line)
	}
}

// The first serve on an empty database prints the first administrator's
// generated user ID and temporary password (8.2.1ウ(5), 8.2.6イ); the
// next serve prints none.
func TestServePrintsFirstAdministratorOnce(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "kijun.db")
	for run := range 2 {
		cmd := exec.Command(kijunBin, "serve", "--db", db, "--addr", "127.0.0.1:0")
		cmd.Dir = dir
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		_, before, err := readListening(bufio.NewReader(out))
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(before, "")
		switch {
		case run == 0 && (!strings.Contains(text, "user ID: admin-") || !strings.Contains(text, "temporary password: ")):
			t.Errorf("first serve printed %q, want the administrator's ID and temporary password", text)
		case run == 1 && text != "":
			t.Errorf("second serve printed %q before listening, want nothing", text)
		}
	}
	if _, err := os.Stat(db + ".secret.key"); err != nil {
		t.Errorf("secret key not created beside the database: %v", err)
	}
}
