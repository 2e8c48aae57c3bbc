package web

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"

	"kijun/internal/store"
)

// Cursor paging of the API's lists (store/cursor.go): every list answers
// with next_cursor while more rows follow, and a request with cursor=
// continues after the previous page's last row, in the same sort and with
// the same filters, which the cursor carries and is checked against.

// cursorQuery is the cursor parameter of every list.
var cursorQuery = param{Name: "cursor", In: "query", Type: "string",
	Description: "continue after the page that gave this next_cursor, with the same filters and sort (instead of offset)"}

// pagedParams are a list's parameters with cursor added.
func pagedParams(ps ...param) []param { return append(ps, cursorQuery) }

// pageKeys reads the cursor of a list's request: a Keyset that starts the
// page after the cursor's row, or at the offset when there is none. A
// cursor that is malformed, or was given for another sort or other
// filters, is a 400 problem naming the cursor.
func pageKeys(r *http.Request) (*store.Keyset, error) {
	q := r.URL.Query()
	s := q.Get("cursor")
	if s == "" {
		return &store.Keyset{}, nil
	}
	c, err := store.DecodeCursor(s)
	if err != nil {
		return nil, badCursor()
	}
	if c.Sort != q.Get("sort") || c.Desc != (q.Get("desc") == "1") {
		return nil, badField("cursor", "cursor は別の並び順の一覧のものです。sort と desc を前のページと同じにしてください",
			"the cursor is for another sort: give the sort and desc of the page it came from")
	}
	if c.Filter != filterPrint(q) {
		return nil, badField("cursor", "cursor は別の絞り込みの一覧のものです。絞り込みを前のページと同じにするか、cursor を外して最初から読んでください",
			"the cursor is for other filters: give the filters of the page it came from, or start again without a cursor")
	}
	return &store.Keyset{After: c.Keys}, nil
}

func badCursor() error {
	return badField("cursor", "cursor が正しくありません。前のページの next_cursor をそのまま渡してください",
		"the cursor is malformed: pass the previous page's next_cursor as it is")
}

// cursorError is a list's error, with a cursor the store could not use
// (its key does not fit the sort) as badCursor.
func cursorError(err error) error {
	if errors.Is(err, store.ErrCursor) {
		return badCursor()
	}
	return err
}

// filterPrint is the fingerprint of a request's filters: its parameters
// but the paging and the sort, in a fixed order.
func filterPrint(q url.Values) string {
	f := url.Values{}
	for k, v := range q {
		switch k {
		case "cursor", "offset", "limit", "sort", "desc":
		default:
			f[k] = v
		}
	}
	sum := sha256.Sum256([]byte(f.Encode()))
	return base64.RawURLEncoding.EncodeToString(sum[:12])
}

// withCursor adds next_cursor to a list's answer when k says more rows
// follow the page.
func withCursor(body map[string]any, r *http.Request, k *store.Keyset) map[string]any {
	if k == nil || k.Next == nil {
		return body
	}
	q := r.URL.Query()
	body["next_cursor"] = store.Cursor{Sort: q.Get("sort"), Desc: q.Get("desc") == "1", Filter: filterPrint(q), Keys: k.Next}.Encode()
	return body
}

// nextCursorSchema is next_cursor in a list's schema.
var nextCursorSchema = object{"type": "string",
	"description": "present while more rows follow: pass it as cursor, with the same filters and sort, for the next page"}
