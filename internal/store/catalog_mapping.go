package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"kijun/internal/catalog"
	"kijun/internal/kijun"
)

func decodeProvision(data string, p *catalog.Provision) error {
	if err := json.Unmarshal([]byte(data), p); err != nil {
		return fmt.Errorf("decode provision: %w", err)
	}
	return nil
}

// LoadMappings stores the mappings of ms, replacing those between the same
// two standards, with a ledger record. The same set again changes nothing.
func (db *DB) LoadMappings(ctx context.Context, ms *catalog.MappingSet) (changed bool, err error) {
	if len(ms.Mappings) == 0 {
		return false, kijun.Errorf(kijun.EINVALID, "mapping set is empty")
	}
	from, to := ms.FromCatalog, ms.ToCatalog
	err = db.Update(ctx, func(tx *Tx) error {
		have, err := tx.mappingsBetween(ctx, from, to)
		if err != nil {
			return err
		}
		if equalMappings(have, ms.Mappings) {
			return nil
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM catalog_mappings WHERE from_key = ? AND to_key = ?", from, to); err != nil {
			return fmt.Errorf("replace mappings: %w", err)
		}
		for _, m := range ms.Mappings {
			if _, err := tx.ExecContext(ctx, `INSERT INTO catalog_mappings (from_key, from_pid, to_key, to_pid, relationship, note)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, m.FromCatalog, m.From, m.ToCatalog, m.To, string(m.Relationship), m.Note); err != nil {
				return fmt.Errorf("store mapping %s → %s: %w", m.From, m.To, err)
			}
		}
		changed = true
		_, err = tx.Record(ctx, Change{Action: "catalog.mappings.load", Entity: "catalog_mappings", EntityID: from + ">" + to,
			State: ms.Mappings, Provisions: []string{"11.3"}})
		return err
	})
	return changed, err
}

func equalMappings(a, b []catalog.Mapping) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[catalog.Mapping]int{}
	for _, m := range a {
		seen[m]++
	}
	for _, m := range b {
		if seen[m] == 0 {
			return false
		}
		seen[m]--
	}
	return true
}

func (tx *Tx) mappingsBetween(ctx context.Context, from, to string) ([]catalog.Mapping, error) {
	rows, err := tx.QueryContext(ctx, `SELECT from_key, from_pid, to_key, to_pid, relationship, note FROM catalog_mappings
		WHERE from_key = ? AND to_key = ?`, from, to)
	if err != nil {
		return nil, fmt.Errorf("read mappings: %w", err)
	}
	defer rows.Close()
	var out []catalog.Mapping
	for rows.Next() {
		var m catalog.Mapping
		var rel string
		if err := rows.Scan(&m.FromCatalog, &m.From, &m.ToCatalog, &m.To, &rel, &m.Note); err != nil {
			return nil, fmt.Errorf("read mappings: %w", err)
		}
		m.Relationship = catalog.Relationship(rel)
		out = append(out, m)
	}
	return out, rows.Err()
}

// mappingsOf returns the mappings from or to provision pid of standard key
// (a mapping may name it by its other ID, such as an OSCAL id), with the
// other end's title where that standard is loaded.
func (tx *Tx) mappingsOf(ctx context.Context, key, pid, altID string) ([]MappingView, error) {
	if altID == "" {
		altID = pid
	}
	rows, err := tx.QueryContext(ctx, `SELECT from_key, from_pid, to_key, to_pid, relationship, note FROM catalog_mappings
		WHERE (from_key = ? AND from_pid IN (?, ?)) OR (to_key = ? AND to_pid IN (?, ?))
		ORDER BY from_pid, to_pid`, key, pid, altID, key, pid, altID)
	if err != nil {
		return nil, fmt.Errorf("read mappings of %s: %w", pid, err)
	}
	var out []MappingView
	for rows.Next() {
		var v MappingView
		var rel string
		if err := rows.Scan(&v.FromCatalog, &v.From, &v.ToCatalog, &v.To, &rel, &v.Note); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read mappings of %s: %w", pid, err)
		}
		v.Relationship = catalog.Relationship(rel)
		v.Outgoing = v.FromCatalog == key && (v.From == pid || v.From == altID)
		v.Other, v.OtherPID = v.ToCatalog, v.To
		if !v.Outgoing {
			v.Other, v.OtherPID = v.FromCatalog, v.From
		}
		out = append(out, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		m := &out[i]
		err := tx.QueryRowContext(ctx, `SELECT c.edition, p.pid, p.title FROM provisions p JOIN catalogs c ON c.id = p.catalog_id
			WHERE c.key = ? AND (p.pid = ? OR p.alt_id = ?) ORDER BY c.id DESC LIMIT 1`, m.Other, m.OtherPID, m.OtherPID).Scan(&m.Loaded, &m.LinkPID, &m.Title)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read mapped provision %s: %w", m.OtherPID, err)
		}
	}
	return out, nil
}

// DefaultCatalogSetting names the setting that holds the standard in force,
// as key@edition.
const DefaultCatalogSetting = "catalog.default"

// EnsureDefaultCatalog loads the standard Kijun ships with and its mappings
// when they are missing or differ, and makes it the standard in force unless
// another one is. Every server start and catalog command calls it; when
// nothing changed it writes nothing.
func (db *DB) EnsureDefaultCatalog(ctx context.Context) (*CatalogInfo, error) {
	// Parsing the YAML takes tens of milliseconds; a digest of the embedded
	// files says whether this database has them already.
	src, err := catalog.DefaultSource()
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(src)
	digest := hex.EncodeToString(sum[:])
	if have, err := db.Setting(ctx, embeddedCatalogSetting); err == nil && have == digest {
		if info, err := db.DefaultCatalog(ctx); err == nil {
			return info, nil
		}
	}
	c, err := catalog.Default()
	if err != nil {
		return nil, err
	}
	info, _, err := db.LoadCatalog(ctx, c, "kijun")
	if err != nil {
		return nil, err
	}
	ms, err := catalog.DefaultMappings()
	if err != nil {
		return nil, err
	}
	if _, err := db.LoadMappings(ctx, ms); err != nil {
		return nil, err
	}
	if _, err := db.SetSettingIfUnset(ctx, DefaultCatalogSetting, info.Ref()); err != nil {
		return nil, err
	}
	if err := db.SetSetting(ctx, embeddedCatalogSetting, digest); err != nil {
		return nil, err
	}
	return info, nil
}

// embeddedCatalogSetting holds the digest of the embedded catalog files last
// loaded.
const embeddedCatalogSetting = "catalog.embedded.digest"

// DefaultCatalog returns the standard in force.
func (db *DB) DefaultCatalog(ctx context.Context) (*CatalogInfo, error) {
	ref, err := db.Setting(ctx, DefaultCatalogSetting)
	if err != nil {
		return nil, err
	}
	key, edition, err := ParseCatalogRef(ref)
	if err != nil {
		return nil, err
	}
	return db.CatalogInfo(ctx, key, edition)
}

// ParseCatalogRef splits key@edition.
func ParseCatalogRef(ref string) (key, edition string, err error) {
	for i := len(ref) - 1; i >= 0; i-- {
		if ref[i] == '@' && i > 0 && i < len(ref)-1 {
			return ref[:i], ref[i+1:], nil
		}
	}
	return "", "", kijun.Errorf(kijun.EINVALID, "基準の指定 %s は key@edition の形にしてください（a catalog is named key@edition, such as kobe-kijun@5.5）", strconv.Quote(ref))
}
