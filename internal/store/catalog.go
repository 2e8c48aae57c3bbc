package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"kijun/internal/catalog"
	"kijun/internal/kijun"
	"kijun/internal/records"
)

// CatalogInfo describes one loaded edition of a standard.
type CatalogInfo struct {
	ID         int64
	Key        string
	Edition    string
	Title      string
	Issuer     string
	Effective  string // YYYY-MM-DD, or ""
	Format     string // "kijun" (the YAML format) or "oscal"
	Digest     string
	LoadedAt   time.Time
	Provisions int
}

// Ref returns the catalog's reference as key@edition.
func (c *CatalogInfo) Ref() string { return c.Key + "@" + c.Edition }

// LoadCatalog stores c, an already validated catalog, in one transaction with
// its ledger record. Loading an edition that is already there with the same
// content changes nothing; with other content it replaces that edition's
// provisions. changed reports whether anything was written.
func (db *DB) LoadCatalog(ctx context.Context, c *catalog.Catalog, format string) (info *CatalogInfo, changed bool, err error) {
	if c.Key == "" || c.Edition == "" {
		return nil, false, kijun.Errorf(kijun.EINVALID, "catalog needs a key and an edition")
	}
	digest, err := records.Digest(c)
	if err != nil {
		return nil, false, err
	}
	header := *c
	header.Provisions = nil
	headerJSON, err := json.Marshal(header)
	if err != nil {
		return nil, false, fmt.Errorf("encode catalog header: %w", err)
	}
	err = db.Update(ctx, func(tx *Tx) error {
		var id int64
		var old string
		err := tx.QueryRowContext(ctx, "SELECT id, digest FROM catalogs WHERE key = ? AND edition = ?", c.Key, c.Edition).Scan(&id, &old)
		action := "catalog.load"
		switch {
		case errors.Is(err, sql.ErrNoRows):
			err = tx.QueryRowContext(ctx, `INSERT INTO catalogs (key, edition, title, issuer, effective, format, header, digest, loaded_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				c.Key, c.Edition, c.Title, c.Issuer, c.Effective, format, string(headerJSON), digest, records.FormatTime(db.Now())).Scan(&id)
			if err != nil {
				return fmt.Errorf("store catalog %s@%s: %w", c.Key, c.Edition, err)
			}
		case err != nil:
			return fmt.Errorf("look up catalog %s@%s: %w", c.Key, c.Edition, err)
		case old == digest:
			return nil
		default:
			action = "catalog.replace"
			if _, err := tx.ExecContext(ctx, `UPDATE catalogs SET title = ?, issuer = ?, effective = ?, format = ?, header = ?, digest = ?, loaded_at = ? WHERE id = ?`,
				c.Title, c.Issuer, c.Effective, format, string(headerJSON), digest, records.FormatTime(db.Now()), id); err != nil {
				return fmt.Errorf("update catalog %s@%s: %w", c.Key, c.Edition, err)
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM provisions WHERE catalog_id = ?", id); err != nil {
				return fmt.Errorf("replace provisions of %s@%s: %w", c.Key, c.Edition, err)
			}
		}
		for i := range c.Provisions {
			if err := tx.insertProvision(ctx, id, i, &c.Provisions[i]); err != nil {
				return err
			}
		}
		changed = true
		_, err = tx.Record(ctx, Change{Action: action, Entity: "catalog", EntityID: c.Key + "@" + c.Edition,
			State: struct{ Digest string }{digest}, Provisions: []string{"11.3"}})
		return err
	})
	if err != nil {
		return nil, false, err
	}
	info, err = db.CatalogInfo(ctx, c.Key, c.Edition)
	return info, changed, err
}

func (tx *Tx) insertProvision(ctx context.Context, catalogID int64, ord int, p *catalog.Provision) error {
	data, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("encode provision %s: %w", p.ID, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO provisions (catalog_id, ord, pid, alt_id, parent, kind, title, data, search)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		catalogID, ord, p.ID, p.OSCALID, p.Parent, string(p.Kind), p.Title, string(data), searchText(p)); err != nil {
		return fmt.Errorf("store provision %s: %w", p.ID, err)
	}
	return nil
}

// searchText is what search matches against: the ID, title, text and table,
// normalised (NFKC, case folded, without spaces) so that full-width and
// half-width forms match each other.
func searchText(p *catalog.Provision) string {
	var b strings.Builder
	b.WriteString(p.ID + " " + p.Title + " " + p.Text)
	if p.Table != nil {
		for _, r := range p.Table.Rows {
			for _, c := range r.Cells {
				b.WriteString(" " + c.Text + " " + strings.Join(c.List, " "))
			}
		}
	}
	return catalog.Normalize(b.String())
}

const catalogColumns = "c.id, c.key, c.edition, c.title, c.issuer, c.effective, c.format, c.digest, c.loaded_at, (SELECT COUNT(*) FROM provisions p WHERE p.catalog_id = c.id)"

func scanCatalogInfo(row interface{ Scan(...any) error }) (*CatalogInfo, error) {
	var c CatalogInfo
	var at string
	if err := row.Scan(&c.ID, &c.Key, &c.Edition, &c.Title, &c.Issuer, &c.Effective, &c.Format, &c.Digest, &at, &c.Provisions); err != nil {
		return nil, err
	}
	c.LoadedAt, _ = time.Parse(records.TimeFormat, at)
	return &c, nil
}

// Catalogs lists the loaded catalogs, by key and edition.
func (db *DB) Catalogs(ctx context.Context) ([]*CatalogInfo, error) {
	var out []*CatalogInfo
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT "+catalogColumns+" FROM catalogs c ORDER BY c.key, c.edition")
		if err != nil {
			return fmt.Errorf("list catalogs: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanCatalogInfo(rows)
			if err != nil {
				return fmt.Errorf("list catalogs: %w", err)
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}

// CatalogInfo returns one loaded catalog's description.
func (db *DB) CatalogInfo(ctx context.Context, key, edition string) (*CatalogInfo, error) {
	var c *CatalogInfo
	err := db.View(ctx, func(tx *Tx) error {
		var err error
		c, err = scanCatalogInfo(tx.QueryRowContext(ctx, "SELECT "+catalogColumns+" FROM catalogs c WHERE c.key = ? AND c.edition = ?", key, edition))
		if errors.Is(err, sql.ErrNoRows) {
			return kijun.Errorf(kijun.ENOTFOUND, "基準 %s@%s は読み込まれていません（catalog not loaded）", key, edition)
		}
		return err
	})
	return c, err
}

// Catalog returns a loaded catalog whole, as it was loaded.
func (db *DB) Catalog(ctx context.Context, key, edition string) (*catalog.Catalog, error) {
	var c catalog.Catalog
	err := db.View(ctx, func(tx *Tx) error {
		var id int64
		var header string
		err := tx.QueryRowContext(ctx, "SELECT id, header FROM catalogs WHERE key = ? AND edition = ?", key, edition).Scan(&id, &header)
		if errors.Is(err, sql.ErrNoRows) {
			return kijun.Errorf(kijun.ENOTFOUND, "基準 %s@%s は読み込まれていません（catalog not loaded）", key, edition)
		}
		if err != nil {
			return fmt.Errorf("read catalog %s@%s: %w", key, edition, err)
		}
		if err := json.Unmarshal([]byte(header), &c); err != nil {
			return fmt.Errorf("decode catalog %s@%s: %w", key, edition, err)
		}
		c.Provisions, err = tx.provisions(ctx, "catalog_id = ?", id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

func (tx *Tx) provisions(ctx context.Context, where string, args ...any) ([]catalog.Provision, error) {
	rows, err := tx.QueryContext(ctx, "SELECT data FROM provisions WHERE "+where+" ORDER BY catalog_id, ord", args...)
	if err != nil {
		return nil, fmt.Errorf("read provisions: %w", err)
	}
	defer rows.Close()
	var out []catalog.Provision
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, fmt.Errorf("read provisions: %w", err)
		}
		var p catalog.Provision
		if err := json.Unmarshal([]byte(data), &p); err != nil {
			return nil, fmt.Errorf("decode provision: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
