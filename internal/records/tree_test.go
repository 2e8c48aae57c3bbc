package records

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"
)

// memHashes is a tlog hash store in memory, for comparing with tlog's own
// computation.
type memHashes []tlog.Hash

func (m memHashes) ReadHashes(idx []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(idx))
	for i, x := range idx {
		out[i] = m[x]
	}
	return out, nil
}

// The builder's root is tlog's tree hash at every size, so a head computed
// while reading records agrees with one computed from stored hashes.
func TestTreeBuilderMatchesTlog(t *testing.T) {
	var stored memHashes
	var b TreeBuilder
	for n := range int64(300) {
		hs, err := tlog.StoredHashes(n, []byte(fmt.Sprintf("record %d", n)), stored)
		if err != nil {
			t.Fatal(err)
		}
		stored = append(stored, hs...)
		b.Add(tlog.RecordHash([]byte(fmt.Sprintf("record %d", n))))
		want, err := tlog.TreeHash(n+1, stored)
		if err != nil {
			t.Fatal(err)
		}
		if got := b.Root(); got != want || b.Size() != n+1 {
			t.Fatalf("size %d: root %s, want %s", n+1, got, want)
		}
	}
}

func TestHeadsFileRoundTripAndTampering(t *testing.T) {
	dir := t.TempDir()
	key, _, err := LoadOrCreateKey(filepath.Join(dir, "k"))
	if err != nil {
		t.Fatal(err)
	}
	other, _, err := LoadOrCreateKey(filepath.Join(dir, "other"))
	if err != nil {
		t.Fatal(err)
	}
	at := FormatTime(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	path := HeadsPath(filepath.Join(dir, "k"))
	want := []*TreeHead{
		{N: 5, Hash: tlog.RecordHash([]byte("a")), At: at},
		{N: 9, Hash: tlog.RecordHash([]byte("b")), At: at},
		{N: 7, Hash: tlog.RecordHash([]byte("c")), At: at, Rollback: true, Abandoned: tlog.Tree{N: 9, Hash: tlog.RecordHash([]byte("b"))}},
		{N: 8, Hash: tlog.RecordHash([]byte("d")), At: at},
	}
	for _, h := range want {
		if err := AppendHead(path, key, h); err != nil {
			t.Fatal(err)
		}
	}
	got, err := ReadHeads(path, key.Public())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("read %d heads, want %d", len(got), len(want))
	}
	for i := range want {
		g := *got[i]
		g.Line = 0
		if g != *want[i] {
			t.Errorf("head %d = %+v, want %+v", i, g, *want[i])
		}
	}
	live, last := Current(got)
	if len(live) != 2 || last.N != 8 {
		t.Errorf("Current = %d live heads, last %+v; want 2 from the rollback on, last of size 8", len(live), last)
	}
	if _, err := ReadHeads(path, other.Public()); err == nil || !strings.Contains(err.Error(), "line 1: signed by another key") {
		t.Errorf("heads read with another key: %v", err)
	}
	data, _ := readFile(path)
	for name, bad := range map[string]string{
		"size edited":    strings.Replace(data, "\n9\n", "\n10\n", 1),
		"cut short":      data[:len(data)-30],
		"no signature":   data + treeHeader + "\n3\n" + tlog.Hash{}.String() + "\n" + at + "\n\n",
		"text only":      data + treeHeader + "\n3\n",
		"another format": "go.sum database tree\n3\n" + tlog.Hash{}.String() + "\n\n— x y\n",
	} {
		if _, err := ParseHeads([]byte(bad), key.Public()); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func readFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}
