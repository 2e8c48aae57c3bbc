package records

import (
	"crypto/ed25519"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"
)

// FuzzParseHeads feeds the heads file parser anything: it never panics,
// and whatever it accepts was signed by the key, re-encodes to a head that
// parses the same, and describes a tree of at least one record.
func FuzzParseHeads(f *testing.F) {
	key, _, err := LoadOrCreateKey(filepath.Join(f.TempDir(), "k"))
	if err != nil {
		f.Fatal(err)
	}
	at := FormatTime(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	var file []byte
	for _, h := range []*TreeHead{
		{N: 3, Hash: tlog.RecordHash([]byte("a")), At: at},
		{N: 2, Hash: tlog.RecordHash([]byte("b")), At: at, Rollback: true, Abandoned: tlog.Tree{N: 3, Hash: tlog.RecordHash([]byte("a"))}},
	} {
		msg, err := key.SignHead(h)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(msg)
		file = append(append(file, msg...), '\n')
	}
	f.Add(file)
	f.Add([]byte("kijun ledger tree v1\n1\n\n\n\n— kijun-ledger x\n"))
	f.Add([]byte("\n\n\n"))
	pub := key.Public()
	f.Fuzz(func(t *testing.T, data []byte) {
		heads, err := ParseHeads(data, pub)
		if err != nil {
			return
		}
		for _, h := range heads {
			if h.N < 1 || h.Line < 1 {
				t.Fatalf("accepted a head of %d records at line %d", h.N, h.Line)
			}
			again, err := parseHeadText(h.Text())
			if err != nil {
				t.Fatalf("accepted head %+v does not re-parse: %v", h, err)
			}
			again.Line = h.Line
			if *again != *h {
				t.Fatalf("head %+v re-parses as %+v", h, again)
			}
		}
		// Only the key's signatures are accepted: the same bytes do not
		// verify with another key.
		other := ed25519.NewKeyFromSeed(make([]byte, 32)).Public().(ed25519.PublicKey)
		if hs, err := ParseHeads(data, other); err == nil && len(hs) > 0 {
			t.Fatalf("heads accepted with an unrelated key")
		}
	})
}

// FuzzVerifyRecord feeds the verifier's record parser any stored body:
// parsing never panics, and the verifier accepts a record only with the
// hash that covers exactly those bytes.
func FuzzVerifyRecord(f *testing.F) {
	r := Record{Seq: 1, At: time.Date(2026, 11, 25, 1, 2, 3, 4000, time.UTC), Actor: "person:1", Action: "asset.update",
		Entity: "asset", EntityID: "42", Digest: "ab", Provisions: []string{"4.4"}}
	body, _ := r.Body()
	f.Add(body, int64(1))
	f.Add([]byte(`{"at":"x","provisions":null}`), int64(2))
	f.Add([]byte(`{`), int64(1))
	f.Fuzz(func(t *testing.T, body []byte, seq int64) {
		var got Record
		got.Seq = seq
		_ = got.ParseBody(body)
		if seq < 1 {
			return
		}
		hash := string(NewHasher().Hash([]byte(GenesisHash), seq, body))
		v := NewVerifier(nil, seq, GenesisHash)
		if err := v.Add(seq, body, []byte(hash)); err != nil {
			t.Fatalf("record %d with its own hash rejected: %v", seq, err)
		}
		edited := append(append([]byte(nil), body...), ' ')
		if err := NewVerifier(nil, seq, GenesisHash).Add(seq, edited, []byte(hash)); err == nil {
			t.Fatal("an edited body verified with the old hash")
		}
		if last, h := v.Last(); last != seq || h != hash {
			t.Fatalf("Last = %d %s, want %d %s", last, h, seq, hash)
		}
	})
}
