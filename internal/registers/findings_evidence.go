package registers

import (
	"context"

	"kijun/internal/access"
	"kijun/internal/kijun"
	"kijun/internal/store"
)

// MayAttach reports whether p may attach evidence to finding f: its owner
// (named, or the holder of its 課's 情報管理者 role when nobody was) or the
// CISO's office (9.2.1ア, イ).
func MayAttach(p *access.Principal, f store.StoredFinding) bool {
	if p == nil || !p.MayWrite() {
		return false
	}
	return p.CityOffice() || (p.StaffNo != "" && p.StaffNo == f.Work.Owner)
}

// AttachEvidence keeps a file as evidence of the work on a finding, as p,
// through the one gate every way in passes: MayAttach, asked inside the
// transaction that keeps the file and its ledger record.
func (s *Findings) AttachEvidence(ctx context.Context, p *access.Principal, e store.FindingEvidence, data []byte) (store.FindingEvidence, error) {
	return s.db.AddFindingEvidence(ctx, e, data, func(f store.StoredFinding) error {
		if !MayAttach(p, f) {
			return kijun.Errorf(kijun.EFORBIDDEN, "この指摘に証跡を添付できるのは、担当者と CISO 事務局です（only its owner or the CISO's office attach evidence; 9.2.1）")
		}
		return nil
	})
}
