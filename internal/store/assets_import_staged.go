package store

import (
	"context"
	"fmt"
	"sync/atomic"

	"kijun/internal/assets"
	"kijun/internal/kijun"
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
	changes  []Change // one per write, in the same order
	versions map[string]stagedRow
}

// stagedRow is what a row found of its asset when checked.
type stagedRow struct {
	version int64 // 0: not registered
	line    int
}

// stagedBatch is how many assets writeStaged writes, with their ledger
// records, between two notes of its progress.
const stagedBatch = 5000

// writeStaged writes checked rows in one transaction, all or nothing. It
// first reads the versions of the assets the rows touch: one saved by
// someone else since the rows were checked (or a new one registered under
// the same 管理番号) makes the whole import an EINVALID error naming its
// row, and nothing is written, since the check that allowed the row (its
// 課 before and after, 8.2.1ア) was of the asset as it was. The
// transaction holds the register only for the write itself: reading the
// file and checking it took place before, in a read transaction.
func (db *DB) writeStaged(ctx context.Context, sheet string, columns map[string]string, st *stagedAssets, prog *ImportProgress) error {
	if len(st.writes) == 0 {
		return nil
	}
	return db.Update(ctx, func(tx *Tx) error {
		now := map[string]int64{}
		read := func(sc scanner) error {
			var id string
			var v int64
			err := sc.Scan(&id, &v)
			now[id] = v
			return err
		}
		var err error
		if len(st.writes) > stagedBatch {
			// Most of the register: one scan costs less than lists of keys.
			err = tx.each(ctx, "SELECT id, version FROM assets", nil, read)
		} else {
			ids := make([]any, 0, len(st.writes))
			for _, w := range st.writes {
				ids = append(ids, w.a.ID)
			}
			err = tx.eachIn(ctx, "SELECT id, version FROM assets WHERE id IN ", ids, read)
		}
		if err != nil {
			return fmt.Errorf("read versions of assets: %w", err)
		}
		ie := &kijun.ImportError{What: "情報資産台帳"}
		for _, w := range st.writes {
			was := st.versions[w.a.ID]
			if now[w.a.ID] != was.version {
				ie.Add(sheet, was.line, columns[assets.FieldID], "管理番号 %s は確認の後に他の人が保存しました。取り込み直してください", w.a.ID)
			}
		}
		if err := ie.AsError(); err != nil {
			return err
		}
		for start := 0; start < len(st.writes); start += stagedBatch {
			end := min(start+stagedBatch, len(st.writes))
			if err := tx.writeAssets(ctx, st.writes[start:end]); err != nil {
				return err
			}
			if err := tx.RecordMany(ctx, st.changes[start:end]); err != nil {
				return err
			}
			prog.Written.Add(int64(end - start))
		}
		return nil
	})
}
