package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"kijun/internal/organisation"
)

// The asset register's word search narrows its candidates with an index of
// the bigrams of each asset's search key, and of its letters and digits on
// their own, then keeps the exact substring test (conditions.words), so what it
// finds is what a scan would find. Bigrams, not the trigrams of pg_trgm or
// FTS5's trigram tokenizer, because Japanese words are often two characters
// (住民, 税務), and often one (税). A word whose every bigram an asset has is
// not necessarily in it, but a word in it has every bigram: the index only
// ever drops assets the scan would drop.
//
// SQLite keeps the bigrams in an FTS5 table, asset_search, whose rowids are
// the docs of asset_search_docs rather than the assets' own rowids: assets
// has no INTEGER PRIMARY KEY, so its rowids are not promised to survive a
// VACUUM. PostgreSQL keeps them in assets.search_grams under a GIN index,
// each as a number (gramNumber): a GIN index of numbers is written in half
// the time of one of text, which matters to an import of 200,000 assets.

// searchGrams returns the distinct terms of a search key (see
// organisation.SearchKey) that the index holds: each pair of letters or
// digits, and each letter or digit on its own (indexChar), so that a word
// of one character, such as 住, 税 or d, is found by the index too. Pairs
// with punctuation are left out, so that FTS5's tokenizer keeps every term
// whole; a word of two or more letters or digits still has a bigram.
func searchGrams(key string) []string {
	var out []string
	add := func(g string) {
		if !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	prev, prevAt := rune(-1), 0
	for i, r := range key {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			prev = -1
			continue
		}
		if indexChar(r) {
			add(key[i : i+utf8.RuneLen(r)])
		}
		if prev >= 0 {
			add(key[prevAt : i+utf8.RuneLen(r)])
		}
		prev, prevAt = r, i
	}
	return out
}

// indexChar reports whether the index holds the character r on its own:
// any letter or digit, so that every word of one character is one term the
// index answers exactly. A Latin letter or a digit alone is in nearly every
// asset's key (their IDs), which costs the index some writes, but without
// it a search for one, found in no asset or in all, reads the whole
// register to count what it finds (migration 0018).
func indexChar(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// gramNumber is a term as PostgreSQL's index holds it: a bigram is the
// code points of its two characters side by side, 21 bits each, and a
// single character is its code point, below 1<<21, under every bigram's
// number, so no two terms share a number.
func gramNumber(g string) int64 {
	r1, n := utf8.DecodeRuneInString(g)
	if n == len(g) {
		return int64(r1)
	}
	r2, _ := utf8.DecodeRuneInString(g[n:])
	return int64(r1)<<21 | int64(r2)
}

// gramNumbers returns the numbers of the terms of a search key, separated
// by spaces, for PostgreSQL's string_to_array.
func gramNumbers(key string) string {
	var b strings.Builder
	for i, g := range searchGrams(key) {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatInt(gramNumber(g), 10))
	}
	return b.String()
}

// wordSearch is what a word search asks of the index: the terms every
// match holds, and whether they are all it asks.
type wordSearch struct {
	grams []string
	// exact: every word is one term (a bigram, or a word of one
	// character), so an asset holds the terms exactly when its key
	// contains the words, and the index alone can count the matches.
	exact bool
}

// searchOf returns the terms of the words of q: the bigrams of a longer
// word, or the character of a word of one.
func searchOf(q string) wordSearch {
	s := wordSearch{exact: true}
	for _, w := range strings.Fields(q) {
		key := organisation.SearchKey(w)
		gs := searchGrams(key)
		if len(gs) > 1 {
			// The characters of a longer word narrow no further than
			// its bigrams, which hold them.
			gs = slices.DeleteFunc(gs, func(g string) bool { return utf8.RuneCountInString(g) == 1 })
		}
		for _, g := range gs {
			if !slices.Contains(s.grams, g) {
				s.grams = append(s.grams, g)
			}
		}
		if len(gs) != 1 || gs[0] != key {
			s.exact = false
		}
	}
	return s
}

// ftsQuery is the FTS5 query for assets holding every term of s. Every
// term is letters or digits, so it needs no escaping inside FTS5's quotes;
// terms side by side must all match.
func (s wordSearch) ftsQuery() string {
	return `"` + strings.Join(s.grams, `" "`) + `"`
}

// numbers are the terms of s as PostgreSQL's index holds them.
func (s wordSearch) numbers() []int64 {
	nums := make([]int64, len(s.grams))
	for i, g := range s.grams {
		nums[i] = gramNumber(g)
	}
	return nums
}

// assetWords keeps assets whose search key contains every word of q, as
// conditions.words does, asking the index first for the assets that hold
// every term of the words. A word that is one term is answered by the
// index exactly, so it needs no substring test; a word with no term (only
// punctuation, which search keys keep) is left to the substring test alone.
func (c *conditions) assetWords(d Dialect, q string) {
	for _, w := range strings.Fields(q) {
		if !searchOf(w).exact {
			c.words(d, "a.search_key", w)
		}
	}
	s := searchOf(q)
	switch {
	case len(s.grams) == 0:
	case d == Postgres:
		c.add("a.search_grams @> ?::bigint[]", s.numbers())
	default:
		c.add(`a.id IN (SELECT d.asset_id FROM asset_search s JOIN asset_search_docs d ON d.doc = s.rowid
			WHERE asset_search MATCH ?)`, s.ftsQuery())
	}
}

// assetSearchEntry is what the index holds for one asset.
type assetSearchEntry struct {
	id    string
	grams string // terms separated by spaces (on PostgreSQL, their numbers)
}

func newAssetSearchEntry(id, key string) assetSearchEntry {
	return assetSearchEntry{id: id, grams: strings.Join(searchGrams(key), " ")}
}

// writeAssetSearchBatches is writeAssetSearch for any number of assets,
// thousands to a statement: FTS5 writes what it holds in memory to disk at
// the end of each statement, so fewer statements leave fewer, larger
// segments to merge.
func (tx *Tx) writeAssetSearchBatches(ctx context.Context, es []assetSearchEntry) error {
	const batch = 5000
	for start := 0; start < len(es); start += batch {
		if err := tx.writeAssetSearch(ctx, es[start:min(start+batch, len(es))]); err != nil {
			return err
		}
	}
	return nil
}

// writeAssetSearch replaces the SQLite index entries of assets. An asset
// new to the index gets a doc and its bigrams by plain inserts, the bulk of
// an import; one that has a doc has its bigrams replaced. PostgreSQL needs
// no step of its own, as its bigrams are a column of the asset's row.
func (tx *Tx) writeAssetSearch(ctx context.Context, es []assetSearchEntry) error {
	if len(es) == 0 {
		return nil
	}
	ids := make([]any, len(es))
	grams := make(map[string]string, len(es))
	for i, e := range es {
		ids[i], grams[e.id] = e.id, e.grams
	}
	docs := func(q string) ([]any, error) {
		rows, err := tx.tx.QueryContext(ctx, q, ids...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var args []any
		for rows.Next() {
			var doc int64
			var id string
			if err := rows.Scan(&doc, &id); err != nil {
				return nil, err
			}
			args = append(args, doc, grams[id])
			delete(grams, id)
		}
		return args, rows.Err()
	}
	added, err := docs("INSERT INTO asset_search_docs (asset_id) VALUES " + placeholders(len(es), 1) +
		" ON CONFLICT (asset_id) DO NOTHING RETURNING doc, asset_id")
	if err != nil {
		return fmt.Errorf("write asset search index: %w", err)
	}
	if len(added) > 0 {
		if _, err := tx.tx.ExecContext(ctx, "INSERT INTO asset_search (rowid, grams) VALUES "+placeholders(len(added)/2, 2), added...); err != nil {
			return fmt.Errorf("write asset search index: %w", err)
		}
	}
	if len(grams) == 0 {
		return nil
	}
	ids = ids[:0]
	for id := range grams {
		ids = append(ids, id)
	}
	kept, err := docs("SELECT doc, asset_id FROM asset_search_docs WHERE asset_id IN " + inList(len(ids)))
	if err != nil {
		return fmt.Errorf("write asset search index: %w", err)
	}
	if _, err := tx.tx.ExecContext(ctx, "INSERT OR REPLACE INTO asset_search (rowid, grams) VALUES "+placeholders(len(kept)/2, 2), kept...); err != nil {
		return fmt.Errorf("write asset search index: %w", err)
	}
	return nil
}

// fillAssetSearch indexes every asset already in the register, for
// migrations 0009, which made the index, 0014, which added characters, and
// 0018, which added Latin letters and digits.
func (tx *Tx) fillAssetSearch(ctx context.Context) error {
	rows, err := tx.QueryContext(ctx, "SELECT id, search_key FROM assets ORDER BY id")
	if err != nil {
		return fmt.Errorf("read assets to index: %w", err)
	}
	var es []assetSearchEntry
	for rows.Next() {
		var id, key string
		if err := rows.Scan(&id, &key); err != nil {
			rows.Close()
			return fmt.Errorf("read assets to index: %w", err)
		}
		e := newAssetSearchEntry(id, key)
		if tx.db.Dialect == Postgres {
			e.grams = gramNumbers(key)
		}
		es = append(es, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read assets to index: %w", err)
	}
	if tx.db.Dialect == Postgres {
		const batch = 5000
		for start := 0; start < len(es); start += batch {
			chunk := es[start:min(start+batch, len(es))]
			ids, grams := make([]string, len(chunk)), make([]string, len(chunk))
			for i, e := range chunk {
				ids[i], grams[i] = e.id, e.grams
			}
			if _, err := tx.tx.ExecContext(ctx, `UPDATE assets a SET search_grams = string_to_array(u.grams, ' ')::bigint[]
				FROM unnest($1::text[], $2::text[]) AS u (id, grams) WHERE a.id = u.id`, ids, grams); err != nil {
				return fmt.Errorf("index assets: %w", err)
			}
		}
		return nil
	}
	return tx.writeAssetSearchBatches(ctx, es)
}
