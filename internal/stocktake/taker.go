package stocktake

// Taker is who runs a stocktake: built by the caller from the signed-in
// person or the console, and checked by the store inside the transaction
// of every write, so the page, the API and the console pass one gate.
type Taker struct {
	// StaffNo is the person; "" for the console.
	StaffNo string
	// City: the CISO's office, which may count any 課's items.
	City bool
	// Console: a command at the console, trusted as the CISO's office.
	Console bool
	// Manages are the units the person acts for as 情報管理者 (3.1.6)
	// or 情報責任者 (3.1.5), in person or as deputy; a stocktake is of one
	// 課, so a 局's officer counts here only for a unit named by its code.
	Manages map[string]bool
	// Units are the 課 the person works in, who may mark items of their
	// 課's stocktake (the count is done by the 課's staff).
	Units map[string]bool
	// Reader reads every stocktake and changes none: the audit director
	// (11.1) and an administrator.
	Reader bool
}

// Runs reports whether the taker may start and close a stocktake of unit
// (9.2.2: the 情報管理者 of the 課, or the CISO's office).
func (t Taker) Runs(unit string) bool { return t.City || t.Console || t.Manages[unit] }

// Counts reports whether the taker may mark items of unit's stocktake:
// whoever runs it, and the 課's own staff.
func (t Taker) Counts(unit string) bool { return t.Runs(unit) || t.Units[unit] }

// Sees reports whether the taker may read unit's stocktakes.
func (t Taker) Sees(unit string) bool { return t.Reader || t.Counts(unit) }

// SeesAll reports whether the taker reads every 課's stocktakes.
func (t Taker) SeesAll() bool { return t.City || t.Console || t.Reader }
