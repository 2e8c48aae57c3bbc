package cli_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"kijun/internal/store"
)

// crashWriter runs in a child process: it writes settings one transaction at
// a time and prints each one's number only after its commit returned, which
// is what "acknowledged" means to a caller.
func crashWriter(path string) int {
	ctx := context.Background()
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	w := bufio.NewWriter(os.Stdout)
	for i := 1; ; i++ {
		if err := db.SetSetting(ctx, "crash."+strconv.Itoa(i), strconv.Itoa(i)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Fprintln(w, i)
		w.Flush()
	}
}

// A process killed with SIGKILL in the middle of writes leaves a database
// that opens, migrates and verifies, with every acknowledged change present.
func TestSIGKILLDuringWritesLosesNothingAcknowledged(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kijun.db")
	if r := kijun(t, dir, "migrate", "--db", path); r.code != 0 {
		t.Fatalf("migrate: %+v", r)
	}
	for round := range 3 {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "KIJUN_TEST_WRITER="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		acked := 0
		deadline := time.Now().Add(20 * time.Second)
		for sc.Scan() && acked < 300 && time.Now().Before(deadline) {
			acked, _ = strconv.Atoi(sc.Text())
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		if acked < 300 {
			t.Fatalf("round %d: writer acknowledged only %d writes", round, acked)
		}

		if r := kijun(t, dir, "migrate", "--db", path); r.code != 0 {
			t.Fatalf("round %d: migrate after SIGKILL: %+v", round, r)
		}
		if r := kijun(t, dir, "verify", "--db", path); r.code != 0 {
			t.Fatalf("round %d: verify after SIGKILL: %+v", round, r)
		}
		db, err := store.Open(context.Background(), path, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= acked; i++ {
			if v, err := db.Setting(context.Background(), "crash."+strconv.Itoa(i)); err != nil || v != strconv.Itoa(i) {
				t.Errorf("round %d: acknowledged write %d is missing after SIGKILL: %q, %v", round, i, v, err)
				break
			}
		}
		db.Close()
	}
}
