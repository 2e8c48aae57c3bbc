package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"kijun/internal/kijun"
)

// Keyset paging: a page of a list that continues from a cursor starts
// after the previous page's last row in the list's order, by a condition
// on the sort key and the ID (WHERE (name, id) > (?, ?)) instead of
// skipping rows with OFFSET. A deep page then costs what the first does,
// walking the sort's index from the cursor, and a row added or removed
// between two pages neither repeats a row nor hides one. The database
// compares the key itself, by the same collation as the ORDER BY, so the
// condition and the order agree on PostgreSQL whatever the database's
// locale. Every sort key column is NOT NULL (an empty name sorts first) and
// every order ends in the ID, so the key is unique and total.

// Cursor is where a page of a list ended: the sort it was in, the
// fingerprint of the filter it was for, and the last row's sort key,
// ending in its ID. Encode makes it the opaque string a client hands back.
type Cursor struct {
	Sort   string `json:"s"`
	Desc   bool   `json:"d,omitempty"`
	Filter string `json:"f"`
	// Keys are strings and whole numbers, one a column of the order.
	Keys []any `json:"k"`
}

// cursorVersion is the first byte of an encoded cursor, so that a cursor
// of another layout is refused rather than misread.
const cursorVersion = 1

// maxCursor is the longest cursor decoded: a sort key is a few columns.
const maxCursor = 4096

// ErrCursor is a cursor that is malformed or does not fit the list.
var ErrCursor = kijun.Errorf(kijun.EINVALID, "cursor が正しくありません")

// Encode returns the cursor as base64url of its version byte and JSON.
func (c Cursor) Encode() string {
	b, err := json.Marshal(c)
	if err != nil {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString(append([]byte{cursorVersion}, b...))
}

// DecodeCursor reads what Encode wrote; anything else is ErrCursor.
func DecodeCursor(s string) (Cursor, error) {
	var c Cursor
	if len(s) > maxCursor {
		return c, ErrCursor
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 2 || b[0] != cursorVersion {
		return c, ErrCursor
	}
	dec := json.NewDecoder(bytes.NewReader(b[1:]))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Cursor{}, ErrCursor
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Cursor{}, ErrCursor
	}
	if len(c.Keys) == 0 || len(c.Keys) > 8 {
		return Cursor{}, ErrCursor
	}
	for i, k := range c.Keys {
		switch v := k.(type) {
		case string:
		case json.Number:
			n, err := v.Int64()
			if err != nil {
				return Cursor{}, ErrCursor
			}
			c.Keys[i] = n
		default:
			return Cursor{}, ErrCursor
		}
	}
	return c, nil
}

// Keyset pages a list by its sort key. After is the key of the row the
// page starts after (from a Cursor; nil starts at the filter's Offset);
// the list sets Next to the key of the page's last row when more rows
// follow it, nil on the last page. A nil *Keyset pages by offset alone.
type Keyset struct {
	After []any
	Next  []any
	keys  []any
}

// orderKeys returns the columns of an ORDER BY (as orderBy makes it) and
// whether it descends.
func orderKeys(order string) ([]string, bool) {
	return orderColumns.FindAllString(order, -1), strings.HasSuffix(order, " DESC")
}

// continues reports whether the page starts from a cursor.
func (k *Keyset) continues() bool { return k != nil && k.After != nil }

// narrow adds to where the condition that keeps the rows after the
// cursor in order: (a.name, a.id) > (?, ?), or < when it descends.
func (k *Keyset) narrow(where string, args []any, order string) (string, []any, error) {
	if !k.continues() {
		return where, args, nil
	}
	cols, desc := orderKeys(order)
	if len(cols) != len(k.After) {
		return "", nil, ErrCursor
	}
	op := " > "
	if desc {
		op = " < "
	}
	cond := "(" + strings.Join(cols, ", ") + ")" + op + inList(len(cols))
	if where == "" {
		where = "WHERE " + cond
	} else {
		where += " AND " + cond
	}
	return where, append(args[:len(args):len(args)], k.After...), nil
}

// columns adds the order's columns to a select list, so that the page's
// last row gives the cursor's key.
func (k *Keyset) columns(cols, order string) string {
	if k == nil {
		return cols
	}
	keys, _ := orderKeys(order)
	k.keys = make([]any, len(keys))
	return cols + ", " + strings.Join(keys, ", ")
}

// limit is how many rows a page of n reads: one more with a keyset, to
// know whether another page follows.
func (k *Keyset) limit(n int) int {
	if k == nil {
		return n
	}
	return n + 1
}

// withKeys scans a row whose last columns (before any withExtra's) are the
// sort key.
type withKeys struct {
	rows scanner
	keys []any
}

func (w withKeys) Scan(dest ...any) error {
	d := dest[:len(dest):len(dest)]
	for i := range w.keys {
		d = append(d, &w.keys[i])
	}
	return w.rows.Scan(d...)
}

// scanPage scans the rows of a page read with k.columns and k.limit: the
// first limit of them by scan (wrap, when set, reads what the query adds
// after the key), and a row beyond them sets k.Next. It returns how many
// rows scan read.
func (k *Keyset) scanPage(rows *sql.Rows, limit int, wrap func(scanner) scanner, scan func(scanner) error) (int, error) {
	n := 0
	for rows.Next() {
		if n == limit {
			if k != nil {
				k.Next = keyValues(k.keys)
			}
			break
		}
		var sc scanner = rows
		if wrap != nil {
			sc = wrap(sc)
		}
		if k != nil {
			sc = withKeys{sc, k.keys}
		}
		if err := scan(sc); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// keyValues copies a scanned key as strings and whole numbers.
func keyValues(keys []any) []any {
	out := make([]any, len(keys))
	for i, v := range keys {
		switch v := v.(type) {
		case []byte:
			out[i] = string(v)
		case int:
			out[i] = int64(v)
		case int32:
			out[i] = int64(v)
		default:
			out[i] = v
		}
	}
	return out
}

// pageInOrder reads a page of the rows of from that where selects, in
// order, after k's cursor or from offset, without counting them.
func (tx *Tx) pageInOrder(ctx context.Context, from, cols, where string, args []any, order string, limit, offset int, k *Keyset, scan func(scanner) error) error {
	where, args, err := k.narrow(where, args, order)
	if err != nil {
		return err
	}
	if k.continues() {
		offset = 0
	}
	q := "SELECT " + k.columns(cols, order) + " FROM " + from + " " + where + " ORDER BY " + order + " LIMIT ? OFFSET ?"
	rows, err := tx.QueryContext(ctx, q, append(args[:len(args):len(args)], k.limit(limit), max(offset, 0))...)
	if err != nil {
		return err
	}
	defer rows.Close()
	_, err = k.scanPage(rows, limit, nil, scan)
	return err
}
