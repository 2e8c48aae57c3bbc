package store

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"kijun/internal/organisation"
)

// scanner is a row to scan: *sql.Row, *sql.Rows, or a wrapper of them.
type scanner interface{ Scan(...any) error }

// unitNameOf is the SQL for the current name of the unit in column col.
func unitNameOf(col string) string {
	return "COALESCE((SELECT v.name FROM org_unit_versions v WHERE v.unit_code = " + col + " ORDER BY v.valid_from DESC LIMIT 1), " + col + ")"
}

// conditions builds a WHERE clause and its arguments, one condition at a
// time; the lists of every register share it.
type conditions struct {
	conds []string
	args  []any
	none  bool
}

func (c *conditions) add(cond string, args ...any) {
	c.conds, c.args = append(c.conds, cond), append(c.args, args...)
}

// in keeps rows whose col is one of vals; nil keeps every row, an empty
// list none.
func (c *conditions) in(col string, vals []string) {
	if vals == nil {
		return
	}
	if len(vals) == 0 {
		c.none = true
		return
	}
	c.conds = append(c.conds, col+" IN "+inList(len(vals)))
	for _, v := range vals {
		c.args = append(c.args, v)
	}
}

// words keeps rows whose search key col contains every word of q: a plain
// substring test, faster than LIKE, and no wildcards to escape.
func (c *conditions) words(d Dialect, col, q string) {
	for _, w := range strings.Fields(q) {
		contains := "instr(" + col + ", ?) > 0"
		if d == Postgres {
			contains = "strpos(" + col + ", ?) > 0"
		}
		c.add(contains, organisation.SearchKey(w))
	}
}

func (c *conditions) where() (string, []any) {
	switch {
	case c.none:
		return "WHERE 1 = 0", nil
	case len(c.conds) == 0:
		return "", c.args
	}
	return "WHERE " + strings.Join(c.conds, " AND "), c.args
}

// orderBy returns the ORDER BY of a sort key among sorts (the first key,
// "id", when it is not one), reversed when desc.
func orderBy(sorts map[string]string, key string, desc bool) string {
	order, ok := sorts[key]
	if !ok {
		order = sorts["id"]
	}
	if desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	return order
}

// pageLimit is the page size asked for, or 50 when it is out of range.
func pageLimit(n int) int {
	if n <= 0 || n > 500 {
		return 50
	}
	return n
}

// searchPage is the query of a page of a word search, which counts its
// matches in the same pass: the innermost query finds and counts them
// carrying only the columns the order needs, the middle one sorts them and
// keeps a page of IDs, and the outer one reads the page's columns, some of
// them subqueries. Counting inside a subquery also keeps PostgreSQL's
// planner from walking the primary key in order to stop early, which a
// count over every match cannot do.
func searchPage(from, cols, where, order string) string {
	alias := from[strings.LastIndexByte(from, ' ')+1:]
	keys := []string{alias + ".id"}
	for _, k := range orderColumns.FindAllString(order, -1) {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return "SELECT " + cols + ", p.search_total FROM (SELECT " + alias + ".id, " + alias + ".search_total FROM (SELECT " +
		strings.Join(keys, ", ") + ", COUNT(*) OVER () AS search_total FROM " + from + " " + where + ") " + alias +
		" ORDER BY " + order + " LIMIT ? OFFSET ?) p JOIN " + from + " ON " + alias + ".id = p.id ORDER BY " + order
}

// orderColumns finds the columns an ORDER BY names, such as a.name.
var orderColumns = regexp.MustCompile(`\b[a-z]+\.[a-z_]+\b`)

// listPage reads one page of rows from a register and returns how many
// rows the filter matches in all; scan reads each row. A word search
// reads every match once, so it counts and pages in one pass; other
// filters count from narrow indexes and page along an index. A page
// continued from k's cursor starts after its key instead of at offset
// (cursor.go), and is counted apart, as the window counts only the rows
// after the key.
func (tx *Tx) listPage(ctx context.Context, from, cols, where string, args []any, order string, search bool, limit, offset int, k *Keyset, scan func(scanner) error) (int, error) {
	var total int
	count := func() error {
		// The count is the same for everyone who asks the same filter, and
		// counting a whole-city filter reads every row it matches: kept
		// while the data stays as it was (shared.go).
		q := "SELECT COUNT(*) FROM " + from + " " + where
		n, err := sharedRead(ctx, tx, sharedKey(q, args), func() (n int, err error) {
			err = tx.QueryRowContext(ctx, q, args...).Scan(&n)
			return n, err
		})
		if err != nil {
			return fmt.Errorf("count %s: %w", from, err)
		}
		total = n
		return nil
	}
	if k.continues() {
		search, offset = false, 0
	}
	page, pageArgs, err := k.narrow(where, args, order)
	if err != nil {
		return 0, err
	}
	query := "SELECT " + k.columns(cols, order) + " FROM " + from + " " + page + " ORDER BY " + order + " LIMIT ? OFFSET ?"
	if !search {
		if err := count(); err != nil {
			return 0, err
		}
	} else {
		query = searchPage(from, k.columns(cols, order), where, order)
	}
	rows, err := tx.QueryContext(ctx, query, append(pageArgs[:len(pageArgs):len(pageArgs)], k.limit(limit), max(offset, 0))...)
	if err != nil {
		return 0, fmt.Errorf("list %s: %w", from, err)
	}
	defer rows.Close()
	var wrap func(scanner) scanner
	if search {
		wrap = func(sc scanner) scanner { return withExtra{sc, &total} }
	}
	n, err := k.scanPage(rows, limit, wrap, scan)
	if err != nil {
		return 0, fmt.Errorf("list %s: %w", from, err)
	}
	if search && n == 0 && offset > 0 {
		// Past the end: the window counted nothing, so count apart.
		return total, count()
	}
	return total, nil
}
