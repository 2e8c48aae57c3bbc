package attendance

import (
	"context"

	"kijun/internal/store"
	"kijun/internal/training"
)

// RecordsAny reports whether the trainer records the training of some 課
// (7.2.2オ): the CISO's office for every 課, a 情報管理者 for their own.
func (t *Trainer) RecordsAny() bool {
	return t != nil && (t.all || len(t.units) > 0)
}

// ImportDrill reads a 標的型攻撃メール訓練's results file and records it
// for course, all or none, assigning followUp (when given) to each person
// who clicked (7.2.4; see store.ImportDrill). With dryRun it only checks.
// The page, the command and the demo share it.
func ImportDrill(ctx context.Context, db *store.DB, by *Trainer, course, followUp, name string, data []byte, dryRun bool) (store.DrillImport, error) {
	rs, err := training.ReadDrillFile(name, data)
	if err != nil {
		return store.DrillImport{}, err
	}
	return db.ImportDrill(ctx, by, course, followUp, rs, dryRun)
}
