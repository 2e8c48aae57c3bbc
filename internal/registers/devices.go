package registers

import (
	"context"

	"kijun/internal/devicesheet"
	"kijun/internal/store"
)

// Register writes one of chapter 6's registers: devices, removable media
// or managed areas.
type Register[T any] struct {
	db             *store.DB
	sheet          *devicesheet.Register[T]
	create, update func(*store.DB, context.Context, store.Gate, T) (T, error)
}

// Create adds an item for ed: its 課 must be one ed keeps, and its ID one
// not in use.
func (s *Register[T]) Create(ctx context.Context, ed *Editor, v T) (T, error) {
	return s.create(s.db, ctx, ed, v)
}

// Update changes an item for ed, who must keep its 課 as it is and as it
// will be.
func (s *Register[T]) Update(ctx context.Context, ed *Editor, v T) (T, error) {
	return s.update(s.db, ctx, ed, v)
}

// Import reads a register file and imports it for ed, all or nothing,
// each row by the rules of Create and Update.
func (s *Register[T]) Import(ctx context.Context, ed *Editor, name string, data []byte, dryRun bool) (*store.ImportPlan, error) {
	return s.sheet.Import(ctx, s.db, ed, name, data, dryRun)
}

// Upsert writes many items for ed in one call, all or nothing, each by the
// rules of Create and Update, with the import's report of every refusal
// (row, field, reason).
func (s *Register[T]) Upsert(ctx context.Context, ed *Editor, rows []store.Row[T], dryRun bool) (*store.ImportPlan, error) {
	return s.sheet.Upsert(ctx, s.db, ed, "api", rows, dryRun)
}
