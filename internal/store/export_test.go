package store

import "context"

// MigrateUpTo brings the schema up to version v and no further, so that a
// test can fill a database as an older Kijun would have before migrating
// it the rest of the way.
func (db *DB) MigrateUpTo(ctx context.Context, v int) ([]int, error) { return db.migrate(ctx, v) }

// ViewTogether runs parts as the whole city's read does (viewTogether).
func (db *DB) ViewTogether(ctx context.Context, parts []func(context.Context, *Tx) error) (bool, error) {
	return db.viewTogether(ctx, parts)
}

// ListMyNumberAssetsFrom sets how many devices and media a re-check names
// before it lists the マイナンバー systems' assets once (manyHolders), and
// returns a function that puts it back.
func ListMyNumberAssetsFrom(n int) func() {
	was := manyHolders
	manyHolders = n
	return func() { manyHolders = was }
}

// ReadConns returns how many connections the read pool may open.
func (db *DB) ReadConns() int { return db.read.Stats().MaxOpenConnections }

// ForgetTrainingAttendance empties the cache of the years' attendance, so
// that the next city read reads it whole, as the first after a start.
func (db *DB) ForgetTrainingAttendance() {
	db.attendance.mu.Lock()
	db.attendance.snaps = nil
	db.attendance.mu.Unlock()
}

// KeptTrainingYears is how many sets of courses' attendance are kept.
func (db *DB) KeptTrainingYears() int {
	db.attendance.mu.Lock()
	defer db.attendance.mu.Unlock()
	return len(db.attendance.snaps)
}

// ForgetChains empties the cache of the chain check's rows, so that the
// next city read reads them whole, as the first after a start.
func (db *DB) ForgetChains() {
	db.chains.mu.Lock()
	db.chains.head, db.chains.rows = 0, nil
	db.chains.mu.Unlock()
}

// ChainsHead returns the ledger record the chain check's cache reflects,
// and whether it holds any rows.
func (db *DB) ChainsHead() (int64, bool) {
	db.chains.mu.Lock()
	defer db.chains.mu.Unlock()
	return db.chains.head, db.chains.rows != nil
}
