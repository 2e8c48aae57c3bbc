package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"kijun/internal/compliance"
	"kijun/internal/contractors"
	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/store"
)

// contractorOperations are the JSON API of chapter 10's register: the
// 委託事業者 (10.1.1) and the external services (10.2) here, the contracts,
// their 再委託 links and staff in api_contracts.go. Every write goes
// through registers.Contractors, the service the pages and the import
// use, so a rule refused on a form is refused here for the same reason.
func (s *Server) contractorOperations() []operation {
	cw, sw := s.contractorWriter(), s.serviceWriter()
	id := idParam
	ops := []operation{
		{
			Method: "GET", Path: "/api/v1/contractors", ID: "listContractors",
			Summary:  "A page of the 委託事業者 register (10.1.1), by ID; every member of staff reads it",
			Params:   pagedParams(param{Name: "q", In: "query", Type: "string", Description: "words in the ID, name or 法人番号"}, offsetQuery, limitQuery),
			Response: "ContractorList", Handler: s.apiContractors,
		},
		{
			Method: "POST", Path: "/api/v1/contractors", ID: "createContractor",
			Summary: "Register a contractor (10.1.1): by anyone who keeps a 課; its 法人番号 must pass its check digit",
			Request: "ContractorWrite", Status: http.StatusCreated, Response: "ContractorItem", Handler: cw.apiCreate(s),
		},
		{
			Method: "GET", Path: "/api/v1/contractors/{id}", ID: "getContractor",
			Summary: "One contractor with its certifications and selection check (10.1.1)", Params: []param{id},
			Response: "ContractorItem", Handler: s.apiContractor,
		},
		{
			Method: "POST", Path: "/api/v1/contractors/{id}", ID: "updateContractor",
			Summary: "Change a contractor (the whole contractor, as GET gives it): by a 課 with a contract or 再委託 it is in (8.2.1ア). Needs If-Match",
			Params:  []param{id, ifMatchParam}, Request: "ContractorWrite", Response: "ContractorItem", Handler: cw.apiUpdate(s),
		},
		{
			Method: "GET", Path: "/api/v1/external-services", ID: "listExternalServices",
			Summary: "A page of the external services (10.2) of the 課 the caller may see",
			Params: pagedParams(param{Name: "unit", In: "query", Type: "string", Description: "only this 課's services"},
				param{Name: "q", In: "query", Type: "string", Description: "words in the ID, name or provider"}, offsetQuery, limitQuery),
			Response: "ExternalServiceList", Handler: s.apiServices,
		},
		{
			Method: "POST", Path: "/api/v1/external-services", ID: "createExternalService",
			Summary: "Register an external service (10.2); its 課 must be one the caller keeps (8.2.1ア)",
			Request: "ExternalServiceWrite", Status: http.StatusCreated, Response: "ExternalServiceItem", Handler: sw.apiCreate(s),
		},
		{
			Method: "GET", Path: "/api/v1/external-services/{id}", ID: "getExternalService",
			Summary: "One external service (10.2)", Params: []param{id},
			Response: "ExternalServiceItem", Handler: s.apiService,
		},
		{
			Method: "POST", Path: "/api/v1/external-services/{id}", ID: "updateExternalService",
			Summary: "Change an external service (the whole service, as GET gives it). The caller must keep its 課 before and after (8.2.1ア). Needs If-Match",
			Params:  []param{id, ifMatchParam}, Request: "ExternalServiceWrite", Response: "ExternalServiceItem", Handler: sw.apiUpdate(s),
		},
	}
	return append(ops, s.contractOperations()...)
}

// The paging parameters of chapter 10's lists.
var (
	offsetQuery = param{Name: "offset", In: "query", Type: "integer", Description: "skip this many (the next page is at offset + the items given, while below total)"}
	limitQuery  = param{Name: "limit", In: "query", Type: "integer", Description: "at most this many (1 to 500, default 100)"}
)

// pageParams reads offset and limit, refusing either when it is not a
// whole number in range.
func pageParams(r *http.Request) (offset, limit int, err error) {
	q := r.URL.Query()
	var problems []string
	offset = offsetParam(q, &problems)
	if len(problems) > 0 {
		return 0, 0, badField("offset", "offset は 0 以上の整数にしてください", "offset must be a whole number of 0 or more")
	}
	limit = 100
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return 0, 0, badField("limit", "limit は 1〜500 の整数にしてください", "limit must be a whole number from 1 to 500")
		}
		limit = n
	}
	return offset, limit, nil
}

// listAnswer writes a page of a list: how many match, where the page
// starts, its items and the cursor of the next page.
func listAnswer[T any](w http.ResponseWriter, r *http.Request, items []T, total, offset int, k *store.Keyset) error {
	if k.After != nil {
		offset = 0
	}
	writeJSON(w, http.StatusOK, withCursor(map[string]any{"total": total, "offset": offset, "items": nonNil(items)}, r, k))
	return nil
}

// scopeUnits reads the unit filter of a list of 課's records: the caller's
// scope, or the one 課 asked for when it is in it.
func (s *Server) scopeUnits(r *http.Request) ([]string, error) {
	units, problems, err := s.unitFilter(r)
	if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return nil, kijun.Errorf(kijun.EFORBIDDEN, "%s", strings.Join(problems, "。"))
	}
	return units, nil
}

// seeUnit refuses a record of a 課 outside the caller's scope (8.2.1ア).
func (s *Server) seeUnit(r *http.Request, unit, what, unitName string) error {
	scope, err := s.unitScope(r)
	if err != nil {
		return err
	}
	if scope != nil && !slices.Contains(scope, unit) {
		return kijun.Errorf(kijun.EFORBIDDEN, "この%s（所管 %s）を見る権限がありません（8.2.1ア）", what, unitName)
	}
	return nil
}

func (s *Server) apiContractors(w http.ResponseWriter, r *http.Request) error {
	offset, limit, err := pageParams(r)
	if err != nil {
		return err
	}
	k, err := pageKeys(r)
	if err != nil {
		return err
	}
	list, total, err := s.db.ListContractors(r.Context(), store.ContractorFilter{Q: strings.TrimSpace(r.URL.Query().Get("q")), Offset: offset, Limit: limit, Keys: k})
	if err != nil {
		return cursorError(err)
	}
	return listAnswer(w, r, list, total, offset, k)
}

func (s *Server) apiContractor(w http.ResponseWriter, r *http.Request) error {
	c, err := s.db.ContractorEntry(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return answerContractor(w, r, c, http.StatusOK)
}

func answerContractor(w http.ResponseWriter, _ *http.Request, c contractors.Contractor, status int) error {
	return answerItem(w, status, c.Version, "contractor", c)
}

func (s *Server) apiServices(w http.ResponseWriter, r *http.Request) error {
	offset, limit, err := pageParams(r)
	if err != nil {
		return err
	}
	units, err := s.scopeUnits(r)
	if err != nil {
		return err
	}
	k, err := pageKeys(r)
	if err != nil {
		return err
	}
	list, total, err := s.db.ListExternalServices(r.Context(), store.ServiceFilter{Units: units, Q: strings.TrimSpace(r.URL.Query().Get("q")), Offset: offset, Limit: limit, Keys: k})
	if err != nil {
		return cursorError(err)
	}
	return listAnswer(w, r, list, total, offset, k)
}

func (s *Server) apiService(w http.ResponseWriter, r *http.Request) error {
	es, err := s.db.ExternalServiceEntry(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.seeUnit(r, es.Unit, "外部サービス", es.UnitName); err != nil {
		return err
	}
	return answerService(w, r, es, http.StatusOK)
}

func answerService(w http.ResponseWriter, _ *http.Request, es contractors.ExternalService, status int) error {
	return answerItem(w, status, es.Version, "service", es)
}

// ctrWriter is the JSON write of one record of chapter 10: create, or
// change at the version of If-Match, through the register's service, then
// re-check what the change touches and answer as GET does. (The records
// of chapter 10 count their versions in int, those of apiWriter in int64.)
type ctrWriter[T any] struct {
	// key says where the record's ID and version live.
	key func(*T) (id *string, version *int)
	// path fills in what the URL says of the record (its contract).
	path   func(*http.Request, *T) error
	create func(context.Context, *registers.Editor, T) (T, error)
	update func(context.Context, *registers.Editor, T) (T, error)
	get    func(context.Context, string) (T, error)
	// subjects are what the continuous checks re-check after a write.
	subjects func(*http.Request, T) []string
	answer   func(http.ResponseWriter, *http.Request, T, int) error
	// idPath is the name of the path value holding the record's ID.
	idPath string
}

func (cw ctrWriter[T]) apiCreate(s *Server) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		var item T
		if err := decodeBody(r, &item); err != nil {
			return err
		}
		if cw.path != nil {
			if err := cw.path(r, &item); err != nil {
				return err
			}
		}
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		saved, err := cw.create(r.Context(), ed, item)
		if err != nil {
			return err
		}
		return cw.done(s, w, r, saved, http.StatusCreated)
	}
}

func (cw ctrWriter[T]) apiUpdate(s *Server) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		var item T
		if err := decodeBody(r, &item); err != nil {
			return err
		}
		sent, err := ifMatchVersion(r)
		if err != nil {
			return err
		}
		idPath := cw.idPath
		if idPath == "" {
			idPath = "id"
		}
		id, version := cw.key(&item)
		if *id != "" && *id != r.PathValue(idPath) {
			return badField("id", "ID は URL のものと同じにしてください", "the id must be the one in the URL")
		}
		*id, *version = r.PathValue(idPath), int(sent)
		if cw.path != nil {
			if err := cw.path(r, &item); err != nil {
				return err
			}
		}
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		// The service decides who may change the record before the
		// version is compared, as for the page's form.
		saved, err := cw.update(r.Context(), ed, item)
		if kijun.ErrorCode(err) == kijun.ECONFLICT {
			if now, gerr := cw.get(r.Context(), *id); gerr == nil {
				_, v := cw.key(&now)
				err = staleVersion(err, sent, int64(*v))
			}
		}
		if err != nil {
			return err
		}
		return cw.done(s, w, r, saved, http.StatusOK)
	}
}

func (cw ctrWriter[T]) done(s *Server, w http.ResponseWriter, r *http.Request, saved T, status int) error {
	if cw.subjects != nil {
		s.recheck(r, cw.subjects(r, saved)...)
	}
	return cw.answer(w, r, saved, status)
}

func (s *Server) contractorWriter() ctrWriter[contractors.Contractor] {
	return ctrWriter[contractors.Contractor]{
		key:    func(c *contractors.Contractor) (*string, *int) { return &c.ID, &c.Version },
		create: s.registers.Contractors.CreateContractor, update: s.registers.Contractors.UpdateContractor,
		get: s.db.ContractorEntry, answer: answerContractor,
	}
}

func (s *Server) serviceWriter() ctrWriter[contractors.ExternalService] {
	return ctrWriter[contractors.ExternalService]{
		key:    func(es *contractors.ExternalService) (*string, *int) { return &es.ID, &es.Version },
		create: s.registers.Contractors.CreateExternalService, update: s.registers.Contractors.UpdateExternalService,
		get: s.db.ExternalServiceEntry,
		// Read again, with the 課's name the service does not give back.
		answer: func(w http.ResponseWriter, r *http.Request, es contractors.ExternalService, status int) error {
			now, err := s.db.ExternalServiceEntry(r.Context(), es.ID)
			if err != nil {
				return err
			}
			return answerService(w, r, now, status)
		},
		// 10.2: the service against the 利用基準, as after its form.
		subjects: func(_ *http.Request, es contractors.ExternalService) []string {
			return []string{string(compliance.KindService) + ":" + es.ID}
		},
	}
}
