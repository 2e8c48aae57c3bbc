package cli

import (
	"context"

	"kijun/internal/store"
)

// resumeImports writes to the end the staged imports a stopped server
// left past their commit point, so that the assets they claim are free
// to save again and no import stays written in part.
func resumeImports(ctx context.Context, e *env, db *store.DB) {
	n, err := db.ResumeImports(ctx)
	if err != nil {
		e.log.Error("resume stopped imports", "err", err)
		return
	}
	if n > 0 {
		e.log.Info("resumed stopped imports", "rows", n)
	}
}
