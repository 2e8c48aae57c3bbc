// Package records is the tamper-evident record ledger of 4.4 (記録の管理): every
// state change in Kijun appends a record whose SHA-256 hash covers the previous
// record's hash, so editing, deleting or reordering any past record breaks the
// chain (8.1.5イ, 8.3.4イ: work records kept safe from 改ざん). Signed checkpoints
// make a truncated tail detectable.
//
// The package is pure: it computes and checks hashes and signatures. Storage
// lives in package store.
package records

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"strconv"
	"strings"
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

// FormatTime returns t in the canonical stored form.
func FormatTime(t time.Time) string {
	return t.UTC().Truncate(time.Microsecond).Format(TimeFormat)
}

// Fields is a record as stored: every hashed field as text. Verification works
// on Fields so that what is checked is exactly what the database holds.
type Fields struct {
	Seq        int64
	At         string
	Actor      string
	OnBehalfOf string
	Action     string
	Entity     string
	EntityID   string
	Digest     string
	Provisions string // space-separated
}

// Fields returns r's stored form.
func (r *Record) Fields() Fields {
	return Fields{
		Seq:        r.Seq,
		At:         FormatTime(r.At),
		Actor:      r.Actor,
		OnBehalfOf: r.OnBehalfOf,
		Action:     r.Action,
		Entity:     r.Entity,
		EntityID:   r.EntityID,
		Digest:     r.Digest,
		Provisions: strings.Join(r.Provisions, " "),
	}
}

// Hasher computes record hashes, reusing its buffers across calls.
type Hasher struct {
	h   hash.Hash
	buf []byte
	sum [sha256.Size]byte
	out [sha256.Size * 2]byte
	seq [20]byte
}

// NewHasher returns a Hasher.
func NewHasher() *Hasher {
	return &Hasher{h: sha256.New(), buf: make([]byte, 0, 512)}
}

// Hash returns the hex hash of f chained to prev (a hex hash). Each field is
// length-prefixed, so no two different records encode alike.
func (x *Hasher) Hash(prev string, f *Fields) string {
	b := x.buf[:0]
	b = append(b, "kijun-ledger-v1\x00"...)
	b = appendField(b, prev)
	b = appendField(b, strconv.FormatInt(f.Seq, 10))
	for _, s := range [...]string{f.At, f.Actor, f.OnBehalfOf, f.Action, f.Entity, f.EntityID, f.Digest, f.Provisions} {
		b = appendField(b, s)
	}
	return string(x.sumOf(b))
}

// hashRaw is Hash over fields as stored bytes, in Fields' order from At to
// Provisions. It returns a view of an internal buffer that the next call
// overwrites; verifying a million records then allocates nothing per record.
func (x *Hasher) hashRaw(prev []byte, seq int64, fields *[8][]byte) []byte {
	b := x.buf[:0]
	b = append(b, "kijun-ledger-v1\x00"...)
	b = appendField(b, prev)
	b = binary.AppendUvarint(b, uint64(len(strconv.AppendInt(x.seq[:0], seq, 10))))
	b = strconv.AppendInt(b, seq, 10)
	for _, f := range fields {
		b = appendField(b, f)
	}
	return x.sumOf(b)
}

func (x *Hasher) sumOf(b []byte) []byte {
	x.buf = b
	x.h.Reset()
	x.h.Write(b)
	x.h.Sum(x.sum[:0])
	hex.Encode(x.out[:], x.sum[:])
	return x.out[:]
}

func appendField[T string | []byte](b []byte, s T) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
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
