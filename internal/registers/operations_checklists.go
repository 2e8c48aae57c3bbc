package registers

import (
	"context"

	"kijun/internal/operations"
	"kijun/internal/store"
)

// MoveStage moves a system to another stage of its life (8.3) for ed.
func (o *Operations) MoveStage(ctx context.Context, ed *Editor, system string, to operations.Stage, version int) (store.StageRecord, error) {
	return o.db.MoveSystemStage(ctx, ed, system, to, version)
}

// Answer answers one item of a system's checklist (8.3.1 to 8.3.5) for
// ed, with the evidence file sent with it, if any.
func (o *Operations) Answer(ctx context.Context, ed *Editor, a operations.Answer, file *store.EvidenceUpload) (operations.Answer, error) {
	return o.db.AnswerChecklistItem(ctx, ed, a, file)
}
