package registers

import (
	"context"

	"kijun/internal/contractors"
	"kijun/internal/contractorsheet"
	"kijun/internal/store"
)

// Contractors writes the register of chapter 10: 委託事業者 (10.1.1),
// contracts (10.1.2), 再委託 links (10.1.4) and the staff who do the work
// (8.3.9). A contract, its links and its staff are the 課's that owns
// the contract; a contractor is the city's, written by any 課 with a
// contract it is in (store.DB.CreateContractor).
type Contractors struct{ db *store.DB }

// CreateContractor registers a contractor for ed.
func (s *Contractors) CreateContractor(ctx context.Context, ed *Editor, c contractors.Contractor) (contractors.Contractor, error) {
	return s.db.CreateContractor(ctx, ed, c)
}

// UpdateContractor changes a contractor for ed.
func (s *Contractors) UpdateContractor(ctx context.Context, ed *Editor, c contractors.Contractor) (contractors.Contractor, error) {
	return s.db.UpdateContractor(ctx, ed, c)
}

// CreateContract adds a contract for ed, who must keep its 課.
func (s *Contractors) CreateContract(ctx context.Context, ed *Editor, c contractors.Contract) (contractors.Contract, error) {
	return s.db.CreateContract(ctx, ed, c)
}

// UpdateContract changes a contract for ed, who must keep its 課 as it is
// and as it will be.
func (s *Contractors) UpdateContract(ctx context.Context, ed *Editor, c contractors.Contract) (contractors.Contract, error) {
	return s.db.UpdateContract(ctx, ed, c)
}

// CreateLink adds a 再委託 link to a contract ed keeps.
func (s *Contractors) CreateLink(ctx context.Context, ed *Editor, l contractors.Link) (contractors.Link, error) {
	return s.db.CreateLink(ctx, ed, l)
}

// UpdateLink changes a link of a contract ed keeps.
func (s *Contractors) UpdateLink(ctx context.Context, ed *Editor, l contractors.Link) (contractors.Link, error) {
	return s.db.UpdateLink(ctx, ed, l)
}

// CreateStaff adds a staff member to a contract ed keeps.
func (s *Contractors) CreateStaff(ctx context.Context, ed *Editor, st contractors.Staff) (contractors.Staff, error) {
	return s.db.CreateStaff(ctx, ed, st)
}

// UpdateStaff changes a staff member of a contract ed keeps.
func (s *Contractors) UpdateStaff(ctx context.Context, ed *Editor, st contractors.Staff) (contractors.Staff, error) {
	return s.db.UpdateStaff(ctx, ed, st)
}

// RecordReturn records for ed, who must keep the contract's 課, the
// return or disposal of an asset the contract entrusted (10.1.2ア(8)).
func (s *Contractors) RecordReturn(ctx context.Context, ed *Editor, r contractors.Return) (contractors.Return, error) {
	return s.db.RecordReturn(ctx, ed, r)
}

// SetCheckPlan sets for ed, who must keep the contract's 課, how often in
// months the contractor's security is checked (10.1.3).
func (s *Contractors) SetCheckPlan(ctx context.Context, ed *Editor, contract string, months int) error {
	return s.db.SetContractCheckPlan(ctx, ed, contract, months)
}

// RecordCheck records for ed, who must keep the contract's 課, a check of
// the contractor's security; a result calling for correction opens a
// corrective action (10.1.3).
func (s *Contractors) RecordCheck(ctx context.Context, ed *Editor, c contractors.SecurityCheck) (contractors.SecurityCheck, error) {
	return s.db.RecordContractCheck(ctx, ed, c)
}

// Import reads a workbook of the register (sheets 事業者, 契約, 再委託,
// 従事者) and imports it for ed, all or nothing, each row by the rules of
// the Create and Update above.
func (s *Contractors) Import(ctx context.Context, ed *Editor, name string, data []byte, dryRun bool) (*store.ImportPlan, error) {
	return contractorsheet.Import(ctx, s.db, ed, name, data, dryRun)
}

// CreateExternalService registers an external service (10.2) for ed, who
// must keep its 課.
func (s *Contractors) CreateExternalService(ctx context.Context, ed *Editor, es contractors.ExternalService) (contractors.ExternalService, error) {
	return s.db.CreateExternalService(ctx, ed, es)
}

// UpdateExternalService changes an external service for ed, who must keep
// its 課 as it is and as it will be.
func (s *Contractors) UpdateExternalService(ctx context.Context, ed *Editor, es contractors.ExternalService) (contractors.ExternalService, error) {
	return s.db.UpdateExternalService(ctx, ed, es)
}
