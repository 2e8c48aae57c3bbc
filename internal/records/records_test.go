package records

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func TestHashCoversEveryField(t *testing.T) {
	base := Fields{Seq: 7, At: "2026-11-25T01:02:03.000004Z", Actor: "person:1", OnBehalfOf: "person:2",
		Action: "asset.update", Entity: "asset", EntityID: "42", Digest: "ab", Provisions: "4.2.ア.(1) 4.4"}
	h := NewHasher()
	want := h.Hash(GenesisHash, &base)
	if len(want) != 64 {
		t.Fatalf("hash %q is not 64 hex digits", want)
	}
	if again := h.Hash(GenesisHash, &base); again != want {
		t.Fatalf("same fields hash differently: %s, %s", want, again)
	}
	if other := h.Hash("1"+GenesisHash[1:], &base); other == want {
		t.Errorf("hash does not cover the previous hash")
	}
	v := reflect.ValueOf(&base).Elem()
	for i := range v.NumField() {
		f := base
		fv := reflect.ValueOf(&f).Elem().Field(i)
		switch fv.Kind() {
		case reflect.String:
			fv.SetString(fv.String() + "x")
		case reflect.Int64:
			fv.SetInt(fv.Int() + 1)
		}
		if got := h.Hash(GenesisHash, &f); got == want {
			t.Errorf("changing %s does not change the hash", v.Type().Field(i).Name)
		}
	}
	// Moving bytes between neighbouring fields must change the hash too.
	shifted := base
	shifted.Entity, shifted.EntityID = "asset4", "2"
	if h.Hash(GenesisHash, &shifted) == want {
		t.Errorf("moving a byte from entity_id to entity does not change the hash")
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
