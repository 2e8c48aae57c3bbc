package registers

import (
	"context"

	"kijun/internal/access"
	"kijun/internal/compliance/work"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// Findings writes the work on the continuous check's findings: their
// owner, state and comments (9.2.1ア, イ).
type Findings struct{ db *store.DB }

// MayWork reports whether p may change the work on finding f: its owner,
// the 情報管理者 of its 課 or a 情報責任者 above (3.1.5, 3.1.6, acting or as
// deputy), or the CISO's office; a finding of no 課 is the CISO's
// office's alone (3.1.3). ancestors are the codes of the units above the
// finding's 課, parent first. Only those who manage the 課 name another
// owner.
func MayWork(p *access.Principal, f store.StoredFinding, ancestors []string) (work, reassign bool) {
	if p == nil || !p.MayWrite() {
		return false, false
	}
	manages := p.CityOffice() || (f.Unit != "" && p.ManagesUnit(f.Unit, ancestors))
	owns := p.StaffNo != "" && p.StaffNo == f.Work.Owner
	return manages || owns, manages
}

// Ancestors returns the codes of the units above unit today, parent first.
func (s *Findings) Ancestors(ctx context.Context, unit string) ([]string, error) {
	if unit == "" {
		return nil, nil
	}
	path, err := s.db.UnitPath(ctx, unit, organisation.Day(s.db.Now()))
	if kijun.ErrorCode(err) == kijun.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(path))
	for _, u := range path[1:] {
		out = append(out, u.Code)
	}
	return out, nil
}

// Work changes a finding's work as p, through the one gate every way in
// passes: who may work on the finding now (MayWork), and, when the owner
// changes, whether p may name owners and the new owner belongs to the
// finding's 課 (checked by the store in the same transaction).
func (s *Findings) Work(ctx context.Context, p *access.Principal, c work.Change) (store.StoredFinding, error) {
	f, err := s.db.Finding(ctx, c.Rule, c.Subject)
	if err != nil {
		return f, err
	}
	ancestors, err := s.Ancestors(ctx, f.Unit)
	if err != nil {
		return f, err
	}
	unit := f.Unit
	return s.db.UpdateFindingWork(ctx, c, func(now store.StoredFinding, owner string) error {
		if now.Unit != unit {
			return kijun.Errorf(kijun.ECONFLICT, "この指摘の課が変わりました。画面を読み込み直してください")
		}
		may, reassign := MayWork(p, now, ancestors)
		if !may {
			return kijun.Errorf(kijun.EFORBIDDEN, "この指摘を更新できるのは、担当者・課の情報管理者・CISO 事務局です（8.2.1ア, 9.2.1）")
		}
		if owner != "" && !reassign {
			return kijun.Errorf(kijun.EFORBIDDEN, "担当者を変更できるのは、課の情報管理者・情報責任者・CISO 事務局です（9.2.1ア）")
		}
		return nil
	})
}
