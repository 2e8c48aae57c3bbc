package web

import (
	"context"
	"net/http"

	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/store"
)

// apiWriter is the JSON write API of one register of chapters 4 and 5:
// create, change at the version read (If-Match) and answer as GET does,
// each through the register's one write service (package registers), so
// the page, the import and the API pass the same gate (8.2.1ア: the 課
// before and after).
type apiWriter[T any] struct {
	// key says where the item's ID and version live.
	key    func(*T) (id *string, version *int64)
	create func(context.Context, *registers.Editor, T) (T, error)
	update func(context.Context, *registers.Editor, T) (T, error)
	get    func(context.Context, string) (T, error)
	// answer writes the item as its GET does, with its ETag.
	answer func(http.ResponseWriter, *http.Request, T, int) error
}

func (aw apiWriter[T]) apiCreate(s *Server) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		var item T
		if err := decodeBody(r, &item); err != nil {
			return err
		}
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		saved, err := aw.create(r.Context(), ed, item)
		if err != nil {
			return err
		}
		return aw.answer(w, r, saved, http.StatusCreated)
	}
}

func (aw apiWriter[T]) apiUpdate(s *Server) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		var item T
		if err := decodeBody(r, &item); err != nil {
			return err
		}
		return aw.save(s, w, r, item)
	}
}

// save changes item, whose ID is the path's, at the version of If-Match.
func (aw apiWriter[T]) save(s *Server, w http.ResponseWriter, r *http.Request, item T) error {
	sent, err := ifMatchVersion(r)
	if err != nil {
		return err
	}
	id, version := aw.key(&item)
	if *id != "" && *id != r.PathValue("id") {
		return badField("id", "ID は URL のものと同じにしてください", "the id must be the one in the URL")
	}
	*id, *version = r.PathValue("id"), sent
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	// The service decides who may change the item before the version is
	// compared, as for the page's form.
	saved, err := aw.update(r.Context(), ed, item)
	if kijun.ErrorCode(err) == kijun.ECONFLICT {
		if now, gerr := aw.get(r.Context(), *id); gerr == nil {
			_, v := aw.key(&now)
			err = staleVersion(err, sent, *v)
		}
	}
	if err != nil {
		return err
	}
	return aw.answer(w, r, saved, http.StatusOK)
}

// apiBulkOf answers a bulk write of items: rows numbered from 1 in the
// order sent, written by upsert all or nothing, with the import's report
// (row, field, reason) when refused; dry_run=1 checks and writes nothing.
func apiBulkOf[T any](s *Server, upsert func(context.Context, *registers.Editor, []T, bool) (*store.ImportPlan, error)) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		var body struct {
			Items []T `json:"items"`
		}
		if err := decodeJSON(r, &body, maxBulkBody); err != nil {
			return err
		}
		if len(body.Items) == 0 {
			return badField("items", "items に 1 件以上を入れてください", "put at least one item in items")
		}
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		plan, err := upsert(r.Context(), ed, body.Items, r.URL.Query().Get("dry_run") == "1")
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, map[string]any{"added": nonNil(plan.Added), "changed": nonNil(plan.Changed),
			"unchanged": plan.Unchanged, "dry_run": plan.DryRun})
		return nil
	}
}

// rowsOf numbers items as rows from 1, in the order sent.
func rowsOf[T, R any](items []T, row func(line int, item T) R) []R {
	out := make([]R, len(items))
	for i, it := range items {
		out[i] = row(i+1, it)
	}
	return out
}

// Parameters every write route shares.
var (
	idParam     = param{Name: "id", In: "path", Type: "string", Description: "管理番号 or ID", Required: true}
	dryRunParam = param{Name: "dry_run", In: "query", Type: "string", Description: "1: check and report, write nothing"}
)

// bulkSummary is what every bulk operation says of itself.
const bulkSummary = " in one call, all or nothing, by the rules of the spreadsheet import; a refusal lists every row, field and reason. dry_run=1 checks and reports without writing"
