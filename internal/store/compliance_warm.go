package store

import (
	"context"
	"time"
)

// WarmCaches reads what the city's checks and reports keep between reads
// (the chain check's rows, 10.1.4; this 年度's and the last's training
// attendance, 7.2.2カ) so that the first check and the first report after
// a start do not read them whole while a person waits. The server calls
// it once as it starts; each is brought up to date from the ledger at
// every later read, as it always is.
func (db *DB) WarmCaches(ctx context.Context, day time.Time) error {
	if err := db.View(ctx, func(tx *Tx) error {
		_, err := db.chains.read(ctx, &factsReader{tx: tx, day: day})
		return err
	}); err != nil {
		return err
	}
	return db.WarmTrainingAttendance(ctx, day)
}
