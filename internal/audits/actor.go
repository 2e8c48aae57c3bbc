package audits

// Actor is who acts on the audits: built by the caller from the signed-in
// person or the console, and checked by the store inside the transaction
// of every write, so page, API and console pass one gate.
type Actor struct {
	StaffNo string
	// Director: the 情報セキュリティ監査統括責任者 (3.1.9), who drafts the
	// plan, directs the audits and submits their reports.
	Director bool
	// CISO: the CISO, acting in person or by deputy (3.2.11), who approves
	// the plan (11.1.3) and receives the reports (11.1.5).
	CISO bool
	// City: the CISO's office, which reads the plans and reports.
	City bool
	// Console: a command at the console, trusted as the director.
	Console bool
}

// Reads reports whether the actor reads every audit: the director, the
// CISO's office, the console. Auditors read the audits they are named on.
func (a Actor) Reads() bool { return a.Director || a.CISO || a.City || a.Console }

// Plans reports whether the actor drafts the plan (11.1.3).
func (a Actor) Plans() bool { return a.Director || a.Console }
