package web

import (
	"context"
	"net/http"
	"strings"

	"kijun/internal/compliance"
	"kijun/internal/contractors"
	"kijun/internal/kijun"
	"kijun/internal/store"
)

// contractOperations are the JSON API of chapter 10's contracts (10.1.2),
// their 再委託 links (10.1.4) and the staff who do the work (8.3.9). A
// contract is its 課's: the caller sees those of the 課 in their scope,
// and the service decides who may write (8.2.1ア).
func (s *Server) contractOperations() []operation {
	kw, lw, stw := s.contractWriter(), s.linkWriter(), s.staffWriter()
	id := idParam
	lid := param{Name: "lid", In: "path", Type: "string", Description: "再委託番号", Required: true}
	sid := param{Name: "sid", In: "path", Type: "string", Description: "従事者番号", Required: true}
	return []operation{
		{
			Method: "GET", Path: "/api/v1/contracts", ID: "listContracts",
			Summary: "A page of the contracts (10.1.2) of the 課 the caller may see, by ID",
			Params: pagedParams(param{Name: "unit", In: "query", Type: "string", Description: "only this 課's contracts"},
				param{Name: "contractor", In: "query", Type: "string", Description: "only contracts with this contractor (事業者ID)"},
				param{Name: "state", In: "query", Type: "string", Description: "draft, active or ended"},
				param{Name: "q", In: "query", Type: "string", Description: "words in the number, name or contractor"}, offsetQuery, limitQuery),
			Response: "ContractList", Handler: s.apiContracts,
		},
		{
			Method: "POST", Path: "/api/v1/contracts", ID: "createContract",
			Summary: "Add a contract (10.1.2); its 課 must be one the caller keeps (8.2.1ア). It is active only with an article for every item of 10.1.2ア, or under an exception in force (9.5)",
			Request: "ContractWrite", Status: http.StatusCreated, Response: "ContractItem", Handler: kw.apiCreate(s),
		},
		{
			Method: "GET", Path: "/api/v1/contracts/{id}", ID: "getContract",
			Summary: "One contract, its checklist of 10.1.2 (the article stating each item, and the obligatory items missing) and the highest class of the information it entrusts (4.2オ(4))",
			Params:  []param{id}, Response: "ContractItem", Handler: s.apiContract,
		},
		{
			Method: "POST", Path: "/api/v1/contracts/{id}", ID: "updateContract",
			Summary: "Change a contract (the whole contract, as GET gives it). The caller must keep its 課 before and after (8.2.1ア). Needs If-Match",
			Params:  []param{id, ifMatchParam}, Request: "ContractWrite", Response: "ContractItem", Handler: kw.apiUpdate(s),
		},
		{
			Method: "GET", Path: "/api/v1/contracts/{id}/links", ID: "listContractLinks",
			Summary: "The 再委託 links of a contract (10.1.4), ended ones too", Params: []param{id},
			Response: "LinkList", Handler: s.apiLinks,
		},
		{
			Method: "POST", Path: "/api/v1/contracts/{id}/links", ID: "createContractLink",
			Summary: "Add a 再委託 link to a contract the caller keeps (10.1.4): the chain stays a tree from the contractor, and a link is in force only with its approval",
			Params:  []param{id}, Request: "LinkWrite", Status: http.StatusCreated, Response: "LinkItem", Handler: lw.apiCreate(s),
		},
		{
			Method: "GET", Path: "/api/v1/contracts/{id}/links/{lid}", ID: "getContractLink",
			Summary: "One 再委託 link of a contract", Params: []param{id, lid},
			Response: "LinkItem", Handler: s.apiLink,
		},
		{
			Method: "POST", Path: "/api/v1/contracts/{id}/links/{lid}", ID: "updateContractLink",
			Summary: "Change a 再委託 link (the whole link, as GET gives it), by the rules of its creation. Needs If-Match",
			Params:  []param{id, lid, ifMatchParam}, Request: "LinkWrite", Response: "LinkItem", Handler: lw.apiUpdate(s),
		},
		{
			Method: "GET", Path: "/api/v1/contracts/{id}/staff", ID: "listContractStaff",
			Summary: "The staff who do a contract's work and the identity checks made before it (10.1.2ア(11), 8.3.9)", Params: []param{id},
			Response: "StaffList", Handler: s.apiStaff,
		},
		{
			Method: "POST", Path: "/api/v1/contracts/{id}/staff", ID: "createContractStaff",
			Summary: "Add a member of staff to a contract the caller keeps, with the identity checks made before their work (10.1.2ア(11), 8.3.9); their 所属 must be the contractor or one in its 再委託 chain",
			Params:  []param{id}, Request: "StaffWrite", Status: http.StatusCreated, Response: "StaffItem", Handler: stw.apiCreate(s),
		},
		{
			Method: "GET", Path: "/api/v1/contracts/{id}/staff/{sid}", ID: "getContractStaff",
			Summary: "One member of a contract's staff and their identity checks (8.3.9)", Params: []param{id, sid},
			Response: "StaffItem", Handler: s.apiStaffMember,
		},
		{
			Method: "POST", Path: "/api/v1/contracts/{id}/staff/{sid}", ID: "updateContractStaff",
			Summary: "Change a member of a contract's staff (the whole member, as GET gives it), by the rules of their addition. Needs If-Match",
			Params:  []param{id, sid, ifMatchParam}, Request: "StaffWrite", Response: "StaffItem", Handler: stw.apiUpdate(s),
		},
	}
}

func (s *Server) apiContracts(w http.ResponseWriter, r *http.Request) error {
	offset, limit, err := pageParams(r)
	if err != nil {
		return err
	}
	units, err := s.scopeUnits(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.ContractFilter{Units: units, Contractor: strings.TrimSpace(q.Get("contractor")), Q: strings.TrimSpace(q.Get("q")), Offset: offset, Limit: limit}
	if st := q.Get("state"); st != "" {
		v, ok := contractors.ParseState(st)
		if !ok {
			return badField("state", "状態 "+st+" はありません（draft・active・ended）", "there is no state "+st+" (draft, active, ended)")
		}
		f.State = v
	}
	if f.Keys, err = pageKeys(r); err != nil {
		return err
	}
	list, total, err := s.db.ListContracts(r.Context(), f)
	if err != nil {
		return cursorError(err)
	}
	return listAnswer(w, r, list, total, offset, f.Keys)
}

// seenContract reads the contract of the path, if the caller may see it.
func (s *Server) seenContract(r *http.Request) (contractors.Contract, error) {
	c, err := s.db.ContractEntry(r.Context(), r.PathValue("id"))
	if err != nil {
		return c, err
	}
	return c, s.seeUnit(r, c.Unit, "契約", c.UnitName)
}

func (s *Server) apiContract(w http.ResponseWriter, r *http.Request) error {
	c, err := s.seenContract(r)
	if err != nil {
		return err
	}
	return s.answerContract(w, r, c, http.StatusOK)
}

// clauseJSON is one item of a contract's checklist (10.1.2).
type clauseJSON struct {
	Key        string `json:"key"`
	Number     string `json:"number"`
	Provision  string `json:"provision"`
	Label      string `json:"label"`
	Obligatory bool   `json:"obligatory"`
	Article    string `json:"article"`
}

// classJSON is the highest class of what a record holds (4.2オ(4)).
type classJSON struct {
	Confidentiality int `json:"confidentiality"`
	Integrity       int `json:"integrity"`
	Availability    int `json:"availability"`
	Assets          int `json:"assets"`
}

func toClassJSON(c compliance.Class) classJSON {
	return classJSON{Confidentiality: c.Confidentiality, Integrity: c.Integrity, Availability: c.Availability, Assets: c.Assets}
}

// answerContract writes a contract with its checklist, the obligatory
// items it lacks and the class of what it entrusts.
func (s *Server) answerContract(w http.ResponseWriter, r *http.Request, c contractors.Contract, status int) error {
	class, err := s.db.EntrustedClass(r.Context(), c.ID)
	if err != nil {
		return err
	}
	list := []clauseJSON{}
	for _, cl := range contractors.Clauses() {
		list = append(list, clauseJSON{Key: cl.Key, Number: cl.Number(), Provision: cl.Provision, Label: cl.Label, Obligatory: cl.Obligatory, Article: c.Articles[cl.Key]})
	}
	etag(w, c.Version)
	writeJSON(w, status, map[string]any{"contract": c, "checklist": list, "missing": nonNil(c.MissingNumbers()), "class": toClassJSON(class)})
	return nil
}

func (s *Server) apiLinks(w http.ResponseWriter, r *http.Request) error {
	c, err := s.seenContract(r)
	if err != nil {
		return err
	}
	links, err := s.db.Links(r.Context(), c.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"links": nonNil(links)})
	return nil
}

// contractLink reads a link of the path's contract.
func (s *Server) contractLink(ctx context.Context, contract, id string) (contractors.Link, error) {
	l, err := s.db.LinkEntry(ctx, id)
	if err == nil && l.Contract != contract {
		err = kijun.Errorf(kijun.ENOTFOUND, "契約 %s に再委託 %s はありません", contract, id)
	}
	return l, err
}

func (s *Server) apiLink(w http.ResponseWriter, r *http.Request) error {
	c, err := s.seenContract(r)
	if err != nil {
		return err
	}
	l, err := s.contractLink(r.Context(), c.ID, r.PathValue("lid"))
	if err != nil {
		return err
	}
	return answerLink(w, r, l, http.StatusOK)
}

func answerLink(w http.ResponseWriter, _ *http.Request, l contractors.Link, status int) error {
	return answerItem(w, status, l.Version, "link", l)
}

func (s *Server) apiStaff(w http.ResponseWriter, r *http.Request) error {
	c, err := s.seenContract(r)
	if err != nil {
		return err
	}
	staff, err := s.db.ContractStaff(r.Context(), c.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"staff": nonNil(staff)})
	return nil
}

func (s *Server) contractWriter() ctrWriter[contractors.Contract] {
	return ctrWriter[contractors.Contract]{
		key:    func(c *contractors.Contract) (*string, *int) { return &c.ID, &c.Version },
		create: s.registers.Contractors.CreateContract, update: s.registers.Contractors.UpdateContract,
		get: s.db.ContractEntry,
		// The contract and its chain, as after its form.
		subjects: func(r *http.Request, c contractors.Contract) []string {
			out := []string{"contract:" + c.ID}
			if links, err := s.db.Links(r.Context(), c.ID); err == nil {
				for _, l := range links {
					out = append(out, "subcontract:"+l.ID)
				}
			}
			return out
		},
		// Read again, with the names the service does not give back.
		answer: func(w http.ResponseWriter, r *http.Request, c contractors.Contract, status int) error {
			now, err := s.db.ContractEntry(r.Context(), c.ID)
			if err != nil {
				return err
			}
			return s.answerContract(w, r, now, status)
		},
	}
}

func (s *Server) linkWriter() ctrWriter[contractors.Link] {
	return ctrWriter[contractors.Link]{
		key:    func(l *contractors.Link) (*string, *int) { return &l.ID, &l.Version },
		idPath: "lid",
		// The link is the path's contract's.
		path: func(r *http.Request, l *contractors.Link) error {
			if l.Contract != "" && l.Contract != r.PathValue("id") {
				return badField("contract", "契約番号は URL のものと同じにしてください", "the contract must be the one in the URL")
			}
			l.Contract = r.PathValue("id")
			return nil
		},
		create: s.registers.Contractors.CreateLink, update: s.registers.Contractors.UpdateLink,
		get: s.db.LinkEntry, answer: answerLink,
		subjects: func(_ *http.Request, l contractors.Link) []string { return []string{"subcontract:" + l.ID} },
	}
}

func (s *Server) apiStaffMember(w http.ResponseWriter, r *http.Request) error {
	c, err := s.seenContract(r)
	if err != nil {
		return err
	}
	st, err := s.db.StaffEntry(r.Context(), r.PathValue("sid"))
	if err == nil && st.Contract != c.ID {
		err = kijun.Errorf(kijun.ENOTFOUND, "契約 %s に従事者 %s はいません", c.ID, st.ID)
	}
	if err != nil {
		return err
	}
	return answerStaff(w, r, st, http.StatusOK)
}

func answerStaff(w http.ResponseWriter, _ *http.Request, st contractors.Staff, status int) error {
	return answerItem(w, status, st.Version, "member", st)
}

func (s *Server) staffWriter() ctrWriter[contractors.Staff] {
	return ctrWriter[contractors.Staff]{
		key:    func(st *contractors.Staff) (*string, *int) { return &st.ID, &st.Version },
		idPath: "sid",
		// The member is the path's contract's.
		path: func(r *http.Request, st *contractors.Staff) error {
			if st.Contract != "" && st.Contract != r.PathValue("id") {
				return badField("contract", "契約番号は URL のものと同じにしてください", "the contract must be the one in the URL")
			}
			st.Contract = r.PathValue("id")
			return nil
		},
		create: s.registers.Contractors.CreateStaff, update: s.registers.Contractors.UpdateStaff,
		get: s.db.StaffEntry, answer: answerStaff,
		// 8.3.9: the contract's staff, as after its form.
		subjects: func(_ *http.Request, st contractors.Staff) []string { return []string{"contract:" + st.Contract} },
	}
}
