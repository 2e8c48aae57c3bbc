package store

import (
	"context"
	"sync/atomic"
)

// ImportProgress counts an import's rows as its work goes, for a page
// that shows it; another goroutine reads the counts while they change.
type ImportProgress struct {
	// Read counts the rows taken from the file, Checked those checked
	// against the register and the importer's 課, Written those written.
	Read, Checked, Written atomic.Int64
}

type progressKey struct{}

// WithImportProgress returns ctx carrying p: an import run with it counts
// its rows in p and, for the registers that can, is staged (see
// ImportAssetStream).
func WithImportProgress(ctx context.Context, p *ImportProgress) context.Context {
	return context.WithValue(ctx, progressKey{}, p)
}

// ImportProgressFrom returns the progress ctx carries, or nil.
func ImportProgressFrom(ctx context.Context) *ImportProgress {
	p, _ := ctx.Value(progressKey{}).(*ImportProgress)
	return p
}

// stagedAssets are an import's rows checked and ready to write, and the
// version each touched asset had when it was read.
type stagedAssets struct {
	writes   []assetWrite
	versions map[string]stagedRow
}

// stagedRow is what a row found of its asset when checked.
type stagedRow struct {
	version int64 // 0: not registered
	line    int
}
