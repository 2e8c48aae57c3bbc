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

// Checkpoints checks each checkpoint's signature against keys (by key ID;
// keys usually come from the auditor, not from the database) and returns the
// hash each checkpointed record must have.
func Checkpoints(cps []*Checkpoint, keys map[string]ed25519.PublicKey) (map[int64]string, error) {
	expect := make(map[int64]string, len(cps))
	for _, c := range cps {
		pub, ok := keys[c.KeyID]
		if !ok {
			return nil, &Break{Seq: c.Seq, Reason: fmt.Sprintf("checkpoint signed by unknown key %s", c.KeyID)}
		}
		if !VerifySignature(c, pub) {
			return nil, &Break{Seq: c.Seq, Reason: "checkpoint signature does not verify"}
		}
		if prev, ok := expect[c.Seq]; ok && prev != c.Hash {
			return nil, &Break{Seq: c.Seq, Reason: "two signed checkpoints disagree about this record"}
		}
		expect[c.Seq] = c.Hash
	}
	return expect, nil
}

// CheckTail reports a signed checkpoint beyond the ledger's last record: the
// records after it were cut off, which the hash chain alone cannot show.
func CheckTail(expect map[int64]string, last int64) error {
	first := int64(0)
	for seq := range expect {
		if seq > last && (first == 0 || seq < first) {
			first = seq
		}
	}
	if first != 0 {
		return &Break{Seq: first, Reason: fmt.Sprintf("a signed checkpoint names this record but the ledger ends at %d: records were removed from the end", last)}
	}
	return nil
}

// Verifier checks a run of consecutive records read in sequence order, one at
// a time, in constant memory. Runs of one ledger can be checked in parallel:
// each record's hash depends only on its own fields and the stored hash of
// the record before it.
type Verifier struct {
	h       *Hasher
	prev    []byte // the previous record's stored hash
	next    int64
	expect  map[int64]string // read only; shared between verifiers
	Records int64            // records checked so far
}

// NewVerifier returns a Verifier for the run that starts at record from,
// whose predecessor's stored hash is prev (GenesisHash for record 1).
// expect is the result of Checkpoints.
func NewVerifier(expect map[int64]string, from int64, prev string) *Verifier {
	return &Verifier{h: NewHasher(), prev: []byte(prev), next: from, expect: expect}
}

// Add checks the next record: its number, its stored body and its stored
// hash. It keeps no reference to them, so the caller may reuse the buffers.
func (v *Verifier) Add(seq int64, body, stored []byte) error {
	if seq != v.next {
		if seq > v.next {
			return &Break{Seq: v.next, Reason: fmt.Sprintf("record missing (next present is %d)", seq)}
		}
		return &Break{Seq: seq, Reason: "record out of order or repeated"}
	}
	if got := v.h.Hash(v.prev, seq, body); string(got) != string(stored) {
		return &Break{Seq: seq, Reason: "content does not match its hash (edited, or the previous record was)"}
	}
	if want, ok := v.expect[seq]; ok && want != string(stored) {
		return &Break{Seq: seq, Reason: "hash differs from the signed checkpoint"}
	}
	v.prev = append(v.prev[:0], stored...)
	v.next++
	v.Records++
	return nil
}

// Last returns the sequence number and hash of the last record checked.
func (v *Verifier) Last() (int64, string) { return v.next - 1, string(v.prev) }
