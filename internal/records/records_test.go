package records

import (
	"path/filepath"
	"testing"
	"time"
)

func TestHashCoversEveryByte(t *testing.T) {
	r := Record{Seq: 7, At: time.Date(2026, 11, 25, 1, 2, 3, 4000, time.UTC), Actor: "person:1", OnBehalfOf: "person:2",
		Action: "asset.update", Entity: "asset", EntityID: "42", Digest: "ab", Provisions: []string{"4.2.ア.(1)", "4.4"}}
	body, err := r.Body()
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"at":"2026-11-25T01:02:03.000004Z","actor":"person:1","on_behalf_of":"person:2","action":"asset.update","entity":"asset","entity_id":"42","digest":"ab","provisions":["4.2.ア.(1)","4.4"]}`; string(body) != want {
		t.Errorf("body = %s, want %s", body, want)
	}
	var back Record
	if err := back.ParseBody(body); err != nil || back.Actor != r.Actor || !back.At.Equal(r.At) || len(back.Provisions) != 2 {
		t.Errorf("ParseBody = %+v, %v", back, err)
	}
	h := NewHasher()
	prev := []byte(GenesisHash)
	want := string(h.Hash(prev, 7, body))
	if len(want) != 64 {
		t.Fatalf("hash %q is not 64 hex digits", want)
	}
	if again := string(h.Hash(prev, 7, body)); again != want {
		t.Fatalf("same record hashes differently")
	}
	if string(h.Hash([]byte("1"+GenesisHash[1:]), 7, body)) == want {
		t.Errorf("hash does not cover the previous hash")
	}
	if string(h.Hash(prev, 8, body)) == want {
		t.Errorf("hash does not cover the sequence number")
	}
	for i := range body {
		edited := append([]byte(nil), body...)
		edited[i] ^= 0x01
		if string(h.Hash(prev, 7, edited)) == want {
			t.Errorf("changing byte %d of the body does not change the hash", i)
		}
	}
}

func TestCheckpointSignAndVerify(t *testing.T) {
	dir := t.TempDir()
	key, created, err := LoadOrCreateKey(filepath.Join(dir, "k"))
	if err != nil || !created {
		t.Fatalf("create key: %v, created %v", err, created)
	}
	again, created, err := LoadOrCreateKey(filepath.Join(dir, "k"))
	if err != nil || created || again.ID() != key.ID() {
		t.Fatalf("reload key: %v, created %v, id %s vs %s", err, created, again.ID(), key.ID())
	}
	cp := key.Sign(10, GenesisHash, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
	if !VerifySignature(cp, key.Public()) {
		t.Fatal("own signature does not verify")
	}
	parsed, err := ParseCheckpoint(cp.String())
	if err != nil || *parsed != *cp {
		t.Fatalf("parse %q = %+v, %v", cp.String(), parsed, err)
	}
	forged := *cp
	forged.Seq = 11
	if VerifySignature(&forged, key.Public()) {
		t.Error("a checkpoint with another sequence number verifies")
	}
	pem, err := EncodePublicKey(key.Public())
	if err != nil {
		t.Fatal(err)
	}
	pub, err := ParsePublicKey(pem)
	if err != nil || KeyID(pub) != key.ID() {
		t.Fatalf("public key round trip: %v", err)
	}
	for _, bad := range []string{"", "1 2 3", "x h t k s", "0 h t k s"} {
		if _, err := ParseCheckpoint(bad); err == nil {
			t.Errorf("ParseCheckpoint(%q) accepted", bad)
		}
	}
}

func TestCheckTail(t *testing.T) {
	expect := map[int64]string{5: "a", 9: "b", 12: "c"}
	if err := CheckTail(expect, 12); err != nil {
		t.Errorf("CheckTail(12) = %v", err)
	}
	err := CheckTail(expect, 8)
	if b, ok := err.(*Break); !ok || b.Seq != 9 {
		t.Errorf("CheckTail(8) = %v, want a break at 9", err)
	}
}
