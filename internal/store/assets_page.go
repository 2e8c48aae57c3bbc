package store

import (
	"context"
	"fmt"

	"kijun/internal/assets"
)

// A whole-city search for a word that nearly every asset holds (課, say,
// in some 90,000 of 200,000) is slow by the index: reading every match to
// count and sort it costs more than the 50 ms a page may take. Its page is
// found fast the other way, by walking the register in the page's order
// (the sort column's index) and testing each row's key until the page is
// full, which for a common word takes a few rows a match. The count is the
// rest: SQLite counts a word the index answers exactly (one term a word)
// from the index alone; PostgreSQL cannot count a GIN match without
// visiting its rows, so ListAssetPage counts only so far there.

// AssetPage is a page of the asset register and how many assets its
// filter matches.
type AssetPage struct {
	Assets []assets.Asset
	// Total is how many assets the filter matches or, when AtLeast, how
	// many it matches at least: there may be more (see ListAssetPage).
	Total   int
	AtLeast bool
}

// searchCountCap is how many matches of a whole-city word search
// ListAssetPage counts on PostgreSQL before it stops and reports a lower
// bound: counting 10,000 of a GIN match's rows stays within a page's time,
// counting 90,000 does not.
const searchCountCap = 10000

// ListAssets returns a page of the register and how many assets the
// filter matches in all, counted exactly.
func (db *DB) ListAssets(ctx context.Context, f AssetFilter) ([]assets.Asset, int, error) {
	p, err := db.listAssets(ctx, f, false)
	return p.Assets, p.Total, err
}

// ListAssetPage is ListAssets for a page a person reads: a whole-city word
// search that matches more than 10,000 assets on PostgreSQL reports a total
// with AtLeast set (10,000, or more when the page is further on) instead of
// counting every match, which takes longer than the page may.
func (db *DB) ListAssetPage(ctx context.Context, f AssetFilter) (AssetPage, error) {
	return db.listAssets(ctx, f, true)
}

func (db *DB) listAssets(ctx context.Context, f AssetFilter, bounded bool) (AssetPage, error) {
	var p AssetPage
	err := db.View(ctx, func(tx *Tx) (err error) {
		p, err = tx.listAssets(ctx, f, bounded)
		return err
	})
	return p, err
}

// listAssets reads a page of the register, by the route that suits its
// filter (see above); bounded lets the count stop at searchCountCap.
func (tx *Tx) listAssets(ctx context.Context, f AssetFilter, bounded bool) (AssetPage, error) {
	var p AssetPage
	scan := func(sc scanner) error {
		a, err := scanAsset(sc)
		p.Assets = append(p.Assets, a)
		return err
	}
	order := orderBy(assetSorts, f.Sort, f.Desc)
	limit, offset := pageLimit(f.Limit), max(f.Offset, 0)
	if f.Keys.continues() {
		offset = 0
	}
	s := searchOf(f.Q)
	var err error
	switch {
	case !f.byIndex() || len(s.grams) == 0:
	case tx.db.Dialect == SQLite && s.exact && f.wordsOnly():
		p.Total, err = tx.listAssetsByTerms(ctx, f, s, order, limit, offset, scan)
		return p, err
	case tx.db.Dialect == Postgres && bounded && f.wordsOnly():
		var ok bool
		if p.Total, ok, err = tx.listAssetsUpToCap(ctx, f, s, order, limit, offset, scan); ok || err != nil {
			p.AtLeast = ok
			return p, err
		}
	}
	where, args := f.where(tx.db.Dialect)
	p.Total, err = tx.listPage(ctx, "assets a", assetColumns, where, args, order, f.Q != "", limit, offset, f.Keys, scan)
	return p, err
}

// listAssetsByTerms is a SQLite search whose every word is one term and
// nothing else: the index counts its matches exactly and at once (some
// 3 ms for 90,000), and the count chooses the page's route: the index when
// its matches are fewer than the rows a walk in the page's order would
// read to fill the page, the walk otherwise.
func (tx *Tx) listAssetsByTerms(ctx context.Context, f AssetFilter, s wordSearch, order string, limit, offset int, scan func(scanner) error) (int, error) {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM asset_search WHERE asset_search MATCH ?", s.ftsQuery()).Scan(&n); err != nil {
		return 0, fmt.Errorf("count assets: %w", err)
	}
	if n == 0 || offset >= n {
		return n, nil
	}
	where, args := f.where(SQLite)
	if walkable(f.Sort) {
		var all int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM assets").Scan(&all); err != nil {
			return 0, fmt.Errorf("count assets: %w", err)
		}
		// The walk reads about all/n rows a match up to the page's end.
		if int64(offset+limit)*int64(all) <= int64(n)*int64(n) {
			where, args = f.whereWords(SQLite, true)
		}
	}
	return n, tx.assetsInOrder(ctx, where, args, order, limit, offset, f.Keys, scan)
}

// assetsInOrder reads a page of the assets where selects, in order,
// without counting them.
func (tx *Tx) assetsInOrder(ctx context.Context, where string, args []any, order string, limit, offset int, k *Keyset, scan func(scanner) error) error {
	if err := tx.pageInOrder(ctx, "assets a", assetColumns, where, args, order, limit, offset, k, scan); err != nil {
		return fmt.Errorf("list assets: %w", err)
	}
	return nil
}

// listAssetsUpToCap is a PostgreSQL search for words that PostgreSQL's
// statistics say more than twice searchCountCap assets hold: it counts
// their matches up to the cap and, past it, walks the page's order for the
// page and returns a lower bound of the total. ok is false when the words
// are not common after all (the statistics are estimates, and may be
// old): the caller then counts and pages them by the index.
func (tx *Tx) listAssetsUpToCap(ctx context.Context, f AssetFilter, s wordSearch, order string, limit, offset int, scan func(scanner) error) (atLeast int, ok bool, err error) {
	// The assets that hold the rarest term, by the statistics ANALYZE
	// keeps of the terms most assets hold; a term not among them is rare.
	var est float64
	if err := tx.QueryRowContext(ctx, `SELECT c.reltuples * COALESCE((SELECT MIN(COALESCE(
			s.most_common_elem_freqs[array_position(s.most_common_elems::text::bigint[], g)], 0))
		FROM pg_stats s, unnest(?::bigint[]) g
		WHERE s.schemaname = current_schema() AND s.tablename = 'assets' AND s.attname = 'search_grams'), 0)
		FROM pg_class c WHERE c.oid = 'assets'::regclass`, s.numbers()).Scan(&est); err != nil {
		return 0, false, fmt.Errorf("estimate a search: %w", err)
	}
	if est <= 2*searchCountCap {
		return 0, false, nil
	}
	where, args := f.where(Postgres)
	var n int
	q := "SELECT COUNT(*) FROM (SELECT 1 FROM assets a " + where + " LIMIT ?) s"
	if err := tx.QueryRowContext(ctx, q, append(args, searchCountCap+1)...).Scan(&n); err != nil {
		return 0, false, fmt.Errorf("count assets: %w", err)
	}
	if n <= searchCountCap {
		return 0, false, nil
	}
	where, args = f.whereWords(Postgres, true)
	rows := 0
	if err := tx.assetsInOrder(ctx, where, args, order, limit, offset, f.Keys, func(sc scanner) error {
		rows++
		return scan(sc)
	}); err != nil {
		return 0, false, err
	}
	// When the page has rows, there are at least as many matches as end it.
	if rows > 0 {
		return max(searchCountCap, offset+rows), true, nil
	}
	return searchCountCap, true, nil
}
