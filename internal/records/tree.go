package records

import "golang.org/x/mod/sumdb/tlog"

// The ledger's records are also the leaves of a Merkle tree (RFC 6962, as
// Go's checksum database keeps its log): leaf n-1 is the hash of record n's
// chain hash. A signed tree head of size N fixes records 1..N; a consistency
// proof shows that a larger tree extends it without rereading the records
// (4.4, 8.1.5イ: records kept safe from 改ざん).

// LeafHash returns the Merkle leaf of the record whose chain hash is hash.
func LeafHash(hash []byte) tlog.Hash { return tlog.RecordHash(hash) }

// TreeBuilder computes the Merkle tree's root as leaves are added in order,
// in memory that grows with the logarithm of the number of leaves: a
// verifier reading a million records holds twenty hashes.
type TreeBuilder struct {
	n     int64
	roots []tlog.Hash // the roots of the complete subtrees, largest first
}

// Add appends the next leaf.
func (b *TreeBuilder) Add(leaf tlog.Hash) {
	h := leaf
	// Each trailing 1 bit of n is a complete subtree of the same size as
	// the one being carried: merge them, as binary addition carries.
	for k := b.n; k&1 == 1; k >>= 1 {
		last := len(b.roots) - 1
		h = tlog.NodeHash(b.roots[last], h)
		b.roots = b.roots[:last]
	}
	b.roots = append(b.roots, h)
	b.n++
}

// Size returns the number of leaves added.
func (b *TreeBuilder) Size() int64 { return b.n }

// Root returns the tree hash of the leaves added so far, as tlog.TreeHash
// computes it from stored hashes; the zero hash for no leaves.
func (b *TreeBuilder) Root() tlog.Hash {
	if len(b.roots) == 0 {
		return tlog.Hash{}
	}
	h := b.roots[len(b.roots)-1]
	for i := len(b.roots) - 2; i >= 0; i-- {
		h = tlog.NodeHash(b.roots[i], h)
	}
	return h
}
