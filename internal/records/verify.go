package records

import (
	"crypto/ed25519"
	"fmt"
)

// Break is the first place where a ledger fails verification.
type Break struct {
	Seq    int64  // the record (or checkpoint) that is wrong; 0 when none applies
	Reason string // why, in a sentence a person can act on
}

// Error returns a one-line description naming the record.
func (b *Break) Error() string {
	if b.Seq == 0 {
		return "ledger broken: " + b.Reason
	}
	return fmt.Sprintf("ledger broken at record %d: %s", b.Seq, b.Reason)
}

// Verifier checks a ledger read in sequence order, one record at a time, so a
// ledger of any length is checked in constant memory.
type Verifier struct {
	h       *Hasher
	prev    string
	next    int64
	expect  map[int64]string // checkpoint seq -> hash it must have
	Records int64            // records checked so far
}

// NewVerifier returns a Verifier that also checks each checkpoint in cps
// against the chain. Each checkpoint's signature must verify with one of keys
// (by key ID); keys usually come from the auditor, not from the database.
func NewVerifier(cps []*Checkpoint, keys map[string]ed25519.PublicKey) (*Verifier, error) {
	v := &Verifier{h: NewHasher(), prev: GenesisHash, next: 1, expect: make(map[int64]string, len(cps))}
	for _, c := range cps {
		pub, ok := keys[c.KeyID]
		if !ok {
			return nil, &Break{Seq: c.Seq, Reason: fmt.Sprintf("checkpoint signed by unknown key %s", c.KeyID)}
		}
		if !VerifySignature(c, pub) {
			return nil, &Break{Seq: c.Seq, Reason: "checkpoint signature does not verify"}
		}
		v.expect[c.Seq] = c.Hash
	}
	return v, nil
}

// Add checks the next record: f as stored and its stored hash.
func (v *Verifier) Add(f *Fields, stored string) error {
	if f.Seq != v.next {
		if f.Seq > v.next {
			return &Break{Seq: v.next, Reason: fmt.Sprintf("record missing (next present is %d)", f.Seq)}
		}
		return &Break{Seq: f.Seq, Reason: "record out of order or repeated"}
	}
	got := v.h.Hash(v.prev, f)
	if got != stored {
		return &Break{Seq: f.Seq, Reason: "content does not match its hash (edited, or the previous record was)"}
	}
	if want, ok := v.expect[f.Seq]; ok {
		if want != stored {
			return &Break{Seq: f.Seq, Reason: "hash differs from the signed checkpoint"}
		}
		delete(v.expect, f.Seq)
	}
	v.prev = stored
	v.next++
	v.Records++
	return nil
}

// Finish checks what can only be known at the end: that no checkpoint lies
// beyond the last record.
func (v *Verifier) Finish() error {
	if len(v.expect) > 0 {
		first := int64(-1)
		for seq := range v.expect {
			if first < 0 || seq < first {
				first = seq
			}
		}
		return &Break{Seq: first, Reason: fmt.Sprintf("a signed checkpoint names this record but the ledger ends at %d: records were removed from the end", v.next-1)}
	}
	return nil
}

// Last returns the sequence number and hash of the last record checked.
func (v *Verifier) Last() (int64, string) { return v.next - 1, v.prev }
