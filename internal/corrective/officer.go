package corrective

// Officer is who reads or writes the register: built from the signed-in
// person (or the console) by the caller, checked by the store inside the
// transaction of every write, so the page, the API and the console pass
// the same gate.
type Officer struct {
	// StaffNo is the person; "" for the console.
	StaffNo string
	// City: the CISO's office sees every action and creates and verifies
	// any (3.1.1 to 3.1.3).
	City bool
	// Auditor: the 情報セキュリティ監査統括責任者 sees every action,
	// creates those of audit findings and verifies (11.1.7).
	Auditor bool
	// Console: a command at the console, trusted as the CISO's office.
	Console bool
	// Reader: reads every action and changes none (an administrator, who
	// reads every register as the registers have it, 8.2.1ウ).
	Reader bool
	// Units are the 課 whose actions the person sees: where they work and
	// what they hold a role for.
	Units map[string]bool
	// Stocktaker: the 情報管理者 of a 課 (or the CISO's office) closing
	// the 課's stocktake, which opens an action for each missing item
	// (9.2.2); set only by the stocktake's service.
	Stocktaker bool
	// ContractChecker: the 課 keeping a contract, recording a check of
	// the contractor whose result calls for correction, which opens the
	// action (10.1.3); set only by the contract checks' service.
	ContractChecker bool
}

// SeesAll reports whether the officer sees every 課's actions.
func (o Officer) SeesAll() bool { return o.City || o.Auditor || o.Console || o.Reader }

// Sees reports whether the officer sees the actions of unit.
func (o Officer) Sees(unit string) bool { return o.SeesAll() || o.Units[unit] }

// MayCreate reports whether the officer may open an action from source.
func (o Officer) MayCreate(k SourceKind) bool {
	return o.City || o.Console || (o.Auditor && k == SourceAuditFinding) || (o.Stocktaker && k == SourceStocktake) ||
		(o.ContractChecker && k == SourceContractCheck)
}

// MayVerify reports whether the officer's office verifies effectiveness:
// the CISO's office or the audit director (the owner is refused by
// Action.Verify whatever their office).
func (o Officer) MayVerify() bool { return o.City || o.Auditor || o.Console }
