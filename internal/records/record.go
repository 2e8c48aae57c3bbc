// Package records is the tamper-evident record ledger of 4.4 (記録の管理): every
// state change in Kijun appends a record whose SHA-256 hash covers the previous
// record's hash, so editing, deleting or reordering any past record breaks the
// chain (8.1.5イ, 8.3.4イ: work records kept safe from 改ざん). Signed checkpoints
// make a truncated tail detectable.
//
// A record is stored as its body, the exact bytes that are hashed: a JSON
// object an auditor can read. The package is pure: it computes and checks
// hashes and signatures. Storage lives in package store.
package records

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"strconv"
	"time"
)

// TimeFormat is the canonical form of a record's time: UTC, microseconds. The
// same string is stored and hashed, on every database engine.
const TimeFormat = "2006-01-02T15:04:05.000000Z"

// GenesisHash is the hash the first record chains to.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// Record is one entry of the ledger.
type Record struct {
	Seq        int64     // 1, 2, 3 ... without gaps
	At         time.Time // when the change committed, UTC
	Actor      string    // who made the change
	OnBehalfOf string    // the role holder a deputy acted for, or ""
	Action     string    // what was done, such as "catalog.load"
	Entity     string    // the kind of thing changed, such as "catalog"
	EntityID   string    // which one
	Digest     string    // hex SHA-256 of the new state (see Digest)
	Provisions []string  // the provisions the change serves, such as "4.4"
	Hash       string    // hex SHA-256 chaining this record to the previous one
}

// body is a record's stored and hashed form. Field order is fixed, so the
// same record always encodes to the same bytes.
type body struct {
	At         string   `json:"at"`
	Actor      string   `json:"actor"`
	OnBehalfOf string   `json:"on_behalf_of"`
	Action     string   `json:"action"`
	Entity     string   `json:"entity"`
	EntityID   string   `json:"entity_id"`
	Digest     string   `json:"digest"`
	Provisions []string `json:"provisions"`
}

// FormatTime returns t in the canonical stored form.
func FormatTime(t time.Time) string {
	return t.UTC().Truncate(time.Microsecond).Format(TimeFormat)
}

// Body returns r's stored form: the bytes its hash covers.
func (r *Record) Body() ([]byte, error) {
	p := r.Provisions
	if p == nil {
		p = []string{}
	}
	b, err := json.Marshal(body{At: FormatTime(r.At), Actor: r.Actor, OnBehalfOf: r.OnBehalfOf, Action: r.Action,
		Entity: r.Entity, EntityID: r.EntityID, Digest: r.Digest, Provisions: p})
	if err != nil {
		return nil, fmt.Errorf("encode record %d: %w", r.Seq, err)
	}
	return b, nil
}

// ParseBody fills r's fields from a stored body. A body edited outside Kijun
// may not parse; the record then shows what could be read.
func (r *Record) ParseBody(b []byte) error {
	var v body
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("decode record %d: %w", r.Seq, err)
	}
	r.At, _ = time.Parse(TimeFormat, v.At)
	r.Actor, r.OnBehalfOf, r.Action = v.Actor, v.OnBehalfOf, v.Action
	r.Entity, r.EntityID, r.Digest, r.Provisions = v.Entity, v.EntityID, v.Digest, v.Provisions
	return nil
}

// Hasher computes record hashes, reusing its buffers across calls.
type Hasher struct {
	h   hash.Hash
	buf []byte
	sum [sha256.Size]byte
	out [sha256.Size * 2]byte
}

// NewHasher returns a Hasher.
func NewHasher() *Hasher {
	return &Hasher{h: sha256.New(), buf: make([]byte, 0, 128)}
}

// Hash returns the hex hash of the record seq with the stored body, chained
// to prev (the previous record's hex hash). The result is a view of an
// internal buffer that the next call overwrites; verifying a million records
// then allocates nothing per record.
func (x *Hasher) Hash(prev []byte, seq int64, body []byte) []byte {
	b := append(x.buf[:0], "kijun-ledger-v1\x00"...)
	b = append(b, prev...)
	b = append(b, 0)
	b = strconv.AppendInt(b, seq, 10)
	b = append(b, 0)
	b = binary.AppendUvarint(b, uint64(len(body)))
	x.buf = b
	x.h.Reset()
	x.h.Write(b)
	x.h.Write(body)
	x.h.Sum(x.sum[:0])
	hex.Encode(x.out[:], x.sum[:])
	return x.out[:]
}

// Digest returns the hex SHA-256 of v's JSON encoding: the digest of the new
// state that a record carries. Go's encoder sorts map keys and keeps struct
// field order, so equal states give equal digests.
func Digest(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("digest state: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}
