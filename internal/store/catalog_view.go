package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"kijun/internal/catalog"
	"kijun/internal/kijun"
)

// ProvisionView is a provision with what its page shows: where it sits, what
// it holds, and how it relates to provisions of other catalogs.
type ProvisionView struct {
	Catalog     *CatalogInfo
	Provision   catalog.Provision
	Ancestors   []catalog.Provision // from the chapter down to the parent
	Descendants []catalog.Provision // everything below it, in document order
	Mappings    []MappingView       // both directions
	Prev, Next  string              // neighbouring headings of the same kind, for moving through the text
}

// MappingView is a mapping seen from one of its ends.
type MappingView struct {
	catalog.Mapping
	Outgoing bool   // the provision is the mapping's From
	Other    string // the other end's catalog key
	OtherPID string // the other end's provision ID as the mapping writes it
	Loaded   string // the other catalog's edition when it is loaded, or ""
	LinkPID  string // the other end's provision ID in the loaded catalog
	Title    string // the other end's title when it is loaded
}

// Provision returns the provision pid of catalog key@edition with its context.
func (db *DB) Provision(ctx context.Context, key, edition, pid string) (*ProvisionView, error) {
	info, err := db.CatalogInfo(ctx, key, edition)
	if err != nil {
		return nil, err
	}
	v := &ProvisionView{Catalog: info}
	err = db.View(ctx, func(tx *Tx) error {
		ps, err := tx.provisions(ctx, "catalog_id = ? AND pid = ?", info.ID, pid)
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			return kijun.Errorf(kijun.ENOTFOUND, "%s に %s はありません（no such provision）", info.Title, pid)
		}
		v.Provision = ps[0]
		for parent := v.Provision.Parent; parent != ""; {
			ps, err := tx.provisions(ctx, "catalog_id = ? AND pid = ?", info.ID, parent)
			if err != nil || len(ps) == 0 {
				return err
			}
			v.Ancestors = append([]catalog.Provision{ps[0]}, v.Ancestors...)
			parent = ps[0].Parent
		}
		if v.Descendants, err = tx.descendants(ctx, info.ID, pid); err != nil {
			return err
		}
		if v.Prev, v.Next, err = tx.neighbours(ctx, info.ID, &v.Provision); err != nil {
			return err
		}
		v.Mappings, err = tx.mappingsOf(ctx, key, pid, v.Provision.OSCALID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// descendants walks the tree below pid level by level, then returns the
// provisions in document order.
func (tx *Tx) descendants(ctx context.Context, catalogID int64, pid string) ([]catalog.Provision, error) {
	type placed struct {
		p   catalog.Provision
		ord int
	}
	var all []placed
	parents := []string{pid}
	for len(parents) > 0 && len(all) < 5000 {
		marks := strings.TrimSuffix(strings.Repeat("?,", len(parents)), ",")
		args := []any{catalogID}
		for _, p := range parents {
			args = append(args, p)
		}
		rows, err := tx.QueryContext(ctx, "SELECT data, ord FROM provisions WHERE catalog_id = ? AND parent IN ("+marks+")", args...)
		if err != nil {
			return nil, fmt.Errorf("read provisions below %s: %w", pid, err)
		}
		parents = parents[:0]
		for rows.Next() {
			var data string
			var pl placed
			if err := rows.Scan(&data, &pl.ord); err != nil {
				rows.Close()
				return nil, fmt.Errorf("read provisions below %s: %w", pid, err)
			}
			if err := decodeProvision(data, &pl.p); err != nil {
				rows.Close()
				return nil, err
			}
			parents = append(parents, pl.p.ID)
			all = append(all, pl)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(all, func(a, b placed) int { return a.ord - b.ord })
	out := make([]catalog.Provision, len(all))
	for i, pl := range all {
		out[i] = pl.p
	}
	return out, nil
}

// neighbours returns the previous and next provisions of the same kind.
func (tx *Tx) neighbours(ctx context.Context, catalogID int64, p *catalog.Provision) (prev, next string, err error) {
	var ord int
	if err := tx.QueryRowContext(ctx, "SELECT ord FROM provisions WHERE catalog_id = ? AND pid = ?", catalogID, p.ID).Scan(&ord); err != nil {
		return "", "", fmt.Errorf("read provision order: %w", err)
	}
	q := "SELECT pid FROM provisions WHERE catalog_id = ? AND kind = ? AND ord %s ? ORDER BY ord %s LIMIT 1"
	err = tx.QueryRowContext(ctx, fmt.Sprintf(q, "<", "DESC"), catalogID, string(p.Kind), ord).Scan(&prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", "", fmt.Errorf("read previous provision: %w", err)
	}
	err = tx.QueryRowContext(ctx, fmt.Sprintf(q, ">", "ASC"), catalogID, string(p.Kind), ord).Scan(&next)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", "", fmt.Errorf("read next provision: %w", err)
	}
	return prev, next, nil
}

// SearchHit is one provision found by SearchProvisions.
type SearchHit struct {
	Key, Edition, CatalogTitle string
	Provision                  catalog.Provision
}

// SearchProvisions finds provisions whose ID, title, text or table contain
// every word of q (separated by spaces), as parts of words: a query of two
// kanji finds them inside longer words. key limits it to one standard ("" for
// all). At most limit hits, in document order.
func (db *DB) SearchProvisions(ctx context.Context, q, key string, limit int) ([]SearchHit, error) {
	var where []string
	var args []any
	for _, w := range strings.Fields(q) {
		n := catalog.Normalize(w)
		if n == "" {
			continue
		}
		where = append(where, `p.search LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscape(n)+"%")
	}
	if len(where) == 0 {
		return nil, kijun.Errorf(kijun.EINVALID, "検索語を入力してください（enter a search term）")
	}
	if key != "" {
		where = append(where, "c.key = ?")
		args = append(args, key)
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	args = append(args, limit)
	var hits []SearchHit
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT c.key, c.edition, c.title, p.data FROM provisions p JOIN catalogs c ON c.id = p.catalog_id
			WHERE `+strings.Join(where, " AND ")+` ORDER BY c.key, c.edition, p.ord LIMIT ?`, args...)
		if err != nil {
			return fmt.Errorf("search provisions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var h SearchHit
			var data string
			if err := rows.Scan(&h.Key, &h.Edition, &h.CatalogTitle, &data); err != nil {
				return fmt.Errorf("search provisions: %w", err)
			}
			if err := decodeProvision(data, &h.Provision); err != nil {
				return err
			}
			hits = append(hits, h)
		}
		return rows.Err()
	})
	return hits, err
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}
