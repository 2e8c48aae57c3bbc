package store

import (
	"context"
	"fmt"
	"strings"

	"kijun/internal/contractors"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/records"
)

// 10.2: the register of 外部サービス, each owned by a 課, with the systems
// using it and the information assets put on it.

const serviceColumns = `s.id, s.name, s.provider, s.contractor_id, s.kind, s.ismap_number, s.ismap_expires, s.unit_code,
	COALESCE((SELECT v.name FROM org_unit_versions v WHERE v.unit_code = s.unit_code ORDER BY v.valid_from DESC LIMIT 1), s.unit_code),
	COALESCE((SELECT MAX(a.confidentiality) FROM external_service_uses u JOIN assets a ON a.id = u.ref_id
		WHERE u.service_id = s.id AND u.kind = 'asset'), 0),
	s.note, s.created_at, s.updated_at, s.version`

func scanService(sc scanner) (contractors.ExternalService, error) {
	var s contractors.ExternalService
	var kind, expires, created, updated string
	err := sc.Scan(&s.ID, &s.Name, &s.Provider, &s.Contractor, &kind, &s.ISMAPNumber, &expires, &s.Unit, &s.UnitName,
		&s.Confidentiality, &s.Note, &created, &updated, &s.Version)
	s.Kind, s.ISMAPExpires = contractors.ServiceKind(kind), parseDay(expires)
	s.CreatedAt, s.UpdatedAt = parseStoredTime(created), parseStoredTime(updated)
	return s, err
}

// ServiceFilter selects a page of external services.
type ServiceFilter struct {
	Units  []string // nil: every 課
	Q      string
	Offset int
	Limit  int
	// Keys continues the list from a cursor and gives the next one.
	Keys *Keyset
}

func (f ServiceFilter) where(d Dialect) (string, []any) {
	conds := []string{"1 = 1"}
	var args []any
	if f.Units != nil {
		if len(f.Units) == 0 {
			return "WHERE 1 = 0", nil
		}
		conds = append(conds, "s.unit_code IN "+inList(len(f.Units)))
		args = append(args, anys(f.Units)...)
	}
	fn := "instr"
	if d == Postgres {
		fn = "strpos"
	}
	for _, w := range strings.Fields(f.Q) {
		conds, args = append(conds, fn+"(s.search_key, ?) > 0"), append(args, organisation.SearchKey(w))
	}
	return "WHERE " + strings.Join(conds, " AND "), args
}

// ListExternalServices returns a page of external services by ID, each
// with the highest 機密性 put on it, and how many match.
func (db *DB) ListExternalServices(ctx context.Context, f ServiceFilter) ([]contractors.ExternalService, int, error) {
	var out []contractors.ExternalService
	var total int
	err := db.View(ctx, func(tx *Tx) error {
		where, args := f.where(db.Dialect)
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM external_services s "+where, args...).Scan(&total); err != nil {
			return fmt.Errorf("count external services: %w", err)
		}
		limit := f.Limit
		if limit <= 0 {
			limit = 100
		}
		return tx.pageInOrder(ctx, "external_services s", serviceColumns, where, args, "s.id", limit, f.Offset, f.Keys,
			func(sc scanner) error {
				s, err := scanService(sc)
				out = append(out, s)
				return err
			})
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list external services: %w", err)
	}
	return out, total, nil
}

// ExternalServiceEntry returns one external service with its systems and
// assets, or ENOTFOUND.
func (db *DB) ExternalServiceEntry(ctx context.Context, id string) (contractors.ExternalService, error) {
	var s contractors.ExternalService
	err := db.View(ctx, func(tx *Tx) (err error) {
		s, err = tx.externalService(ctx, id)
		return err
	})
	return s, err
}

func (tx *Tx) externalService(ctx context.Context, id string) (contractors.ExternalService, error) {
	s, err := scanService(tx.QueryRowContext(ctx, "SELECT "+serviceColumns+" FROM external_services s WHERE s.id = ?", id))
	if err = errNoRows(err, "サービスID %s の外部サービスはありません", id); err != nil {
		return s, err
	}
	err = tx.each(ctx, "SELECT kind, ref_id FROM external_service_uses WHERE service_id = ? ORDER BY kind, ref_id", []any{id}, func(sc scanner) error {
		var kind, ref string
		err := sc.Scan(&kind, &ref)
		if kind == "system" {
			s.Systems = append(s.Systems, ref)
		} else {
			s.Assets = append(s.Assets, ref)
		}
		return err
	})
	if err != nil {
		return s, fmt.Errorf("read the uses of external service %s: %w", id, err)
	}
	return s, nil
}

// CreateExternalService adds an external service for g, whose 課 g must
// keep.
func (db *DB) CreateExternalService(ctx context.Context, g Gate, s contractors.ExternalService) (contractors.ExternalService, error) {
	return db.saveExternalService(ctx, g, Create, s)
}

// UpdateExternalService changes an external service at the version read:
// g must keep its 課 as it is and as it will be.
func (db *DB) UpdateExternalService(ctx context.Context, g Gate, s contractors.ExternalService) (contractors.ExternalService, error) {
	return db.saveExternalService(ctx, g, Update, s)
}

func (db *DB) saveExternalService(ctx context.Context, g Gate, m Mode, s contractors.ExternalService) (contractors.ExternalService, error) {
	err := db.Update(ctx, func(tx *Tx) error {
		var fe []kijun.FieldError
		var err error
		if s, fe, err = tx.saveExternalService(ctx, g, m, s); err != nil {
			return err
		}
		return (&kijun.FieldErrors{Fields: fe}).AsError()
	})
	return s, err
}

func (tx *Tx) saveExternalService(ctx context.Context, g Gate, m Mode, s contractors.ExternalService) (contractors.ExternalService, []kijun.FieldError, error) {
	s.ID = strings.TrimSpace(s.ID)
	old, err := tx.externalService(ctx, s.ID)
	found := err == nil
	if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return s, nil, err
	}
	switch {
	case m == Create && found:
		return s, []kijun.FieldError{{Field: contractors.FieldID, Message: inUse("サービスID", s.ID)}}, nil
	case m == Update && !found:
		return s, nil, err
	case found && !g.Keeps(old.Unit): // 8.2.1ア: the record as it is now
		return s, nil, errNotKept("外部サービス", s.ID)
	}
	fe := s.Check()
	if len(fe) == 0 {
		if fe, err = tx.checkServiceRefs(ctx, s); err != nil {
			return s, nil, err
		}
	}
	if fe = gateUnit(g, fe, contractors.FieldUnit, s.Unit); len(fe) > 0 { // 8.2.1ア: and as it will be
		return s, fe, nil
	}
	now := tx.db.Now()
	action := "external_service.create"
	if found {
		if old.Version != s.Version {
			return s, nil, kijun.Errorf(kijun.ECONFLICT, "外部サービス %s は他の人が変更しました（版 %d → %d）。読み込み直してから変更してください", s.ID, s.Version, old.Version)
		}
		s.CreatedAt, s.Version, action = old.CreatedAt, old.Version+1, "external_service.update"
	} else {
		s.CreatedAt, s.Version = now, 1
	}
	s.UpdatedAt = now
	s.Systems, s.Assets = contractors.SortIDs(s.Systems), contractors.SortIDs(s.Assets)
	if err := tx.writeExternalService(ctx, s); err != nil {
		return s, nil, err
	}
	s.UnitName, s.Confidentiality = "", 0
	_, err = tx.Record(ctx, Change{Action: action, Entity: "external_service", EntityID: s.ID, State: s, Provisions: []string{"10.2"}})
	return s, nil, err
}

func (tx *Tx) writeExternalService(ctx context.Context, s contractors.ExternalService) error {
	key := organisation.SearchKey(s.ID + " " + s.Name + " " + s.Provider)
	if _, err := tx.ExecContext(ctx, `INSERT INTO external_services (id, name, provider, contractor_id, kind, ismap_number, ismap_expires,
		unit_code, note, search_key, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, provider = excluded.provider, contractor_id = excluded.contractor_id,
		kind = excluded.kind, ismap_number = excluded.ismap_number, ismap_expires = excluded.ismap_expires, unit_code = excluded.unit_code,
		note = excluded.note, search_key = excluded.search_key, updated_at = excluded.updated_at, version = excluded.version`,
		s.ID, s.Name, s.Provider, s.Contractor, string(s.Kind), s.ISMAPNumber, day(s.ISMAPExpires), s.Unit, s.Note, key,
		records.FormatTime(s.CreatedAt), records.FormatTime(s.UpdatedAt), s.Version); err != nil {
		return fmt.Errorf("write external service %s: %w", s.ID, err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM external_service_uses WHERE service_id = ?", s.ID); err != nil {
		return fmt.Errorf("write external service %s: %w", s.ID, err)
	}
	for _, u := range []struct {
		kind string
		ids  []string
	}{{"system", s.Systems}, {"asset", s.Assets}} {
		for _, id := range u.ids {
			if _, err := tx.ExecContext(ctx, "INSERT INTO external_service_uses (service_id, kind, ref_id) VALUES (?, ?, ?)", s.ID, u.kind, id); err != nil {
				return fmt.Errorf("write the uses of external service %s: %w", s.ID, err)
			}
		}
	}
	return nil
}

// checkServiceRefs checks that the service's 課, contractor, systems and
// assets exist.
func (tx *Tx) checkServiceRefs(ctx context.Context, s contractors.ExternalService) ([]kijun.FieldError, error) {
	fe := &kijun.FieldErrors{}
	exists := func(table, col, id string) (bool, error) {
		var n int
		err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table+" WHERE "+col+" = ?", id).Scan(&n)
		return n > 0, err
	}
	if ok, err := exists("org_units", "code", s.Unit); err != nil {
		return nil, err
	} else if !ok {
		fe.Add(contractors.FieldUnit, "所管課コード %s の組織はありません", s.Unit)
	}
	if s.Contractor != "" {
		if ok, err := tx.contractorExists(ctx, s.Contractor); err != nil {
			return nil, err
		} else if !ok {
			fe.Add(contractors.FieldContractor, "事業者ID %s の委託事業者は登録されていません", s.Contractor)
		}
	}
	for _, l := range []struct {
		field, table, label string
		ids                 []string
	}{{contractors.FieldSystems, "systems", "システムID", s.Systems}, {contractors.FieldAssets, "assets", "管理番号", s.Assets}} {
		for _, id := range l.ids {
			if ok, err := exists(l.table, "id", id); err != nil {
				return nil, err
			} else if !ok {
				fe.Add(l.field, "%s %s は台帳にありません", l.label, id)
			}
		}
	}
	return fe.Fields, nil
}
