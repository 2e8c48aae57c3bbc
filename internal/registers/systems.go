package registers

import (
	"context"

	"kijun/internal/store"
	"kijun/internal/systems"
	"kijun/internal/systemsheet"
)

// Systems writes the register of information systems (5, 6.1, 8.1).
type Systems struct{ db *store.DB }

// Create adds a system for ed: its 課 must be one ed keeps, and its ID
// one not in use.
func (s *Systems) Create(ctx context.Context, ed *Editor, sys systems.System) (systems.System, error) {
	return s.db.CreateSystem(ctx, ed, sys)
}

// Update changes a system for ed, who must keep its 課 as it is and as it
// will be.
func (s *Systems) Update(ctx context.Context, ed *Editor, sys systems.System) (systems.System, error) {
	return s.db.UpdateSystem(ctx, ed, sys)
}

// Import reads a system register file and imports it for ed, all or
// nothing, each row by the rules of Create and Update.
func (s *Systems) Import(ctx context.Context, ed *Editor, name string, data []byte, dryRun bool) (*store.ImportPlan, error) {
	return systemsheet.Import(ctx, s.db, ed, name, data, dryRun)
}
