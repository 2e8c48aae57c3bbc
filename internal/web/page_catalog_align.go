package web

import (
	"net/http"
	"net/url"

	"kijun/internal/catalog"
	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/store"
)

// alignPath is the review page of a city catalog's alignment with the
// reference standard to.
func alignPath(key, edition, to string) string {
	return catalogPath(key, edition, "") + "/align/" + url.PathEscape(to)
}

type alignData struct {
	Key, Edition, To string
	Rows             []store.Alignment
	Pending          int
	Relationships    []catalog.Relationship
	Problem          string
	MayDecide        bool
	// Gaps are the reference provisions no confirmed alignment covers.
	Gaps []string
}

// handleAlignment shows the proposed alignment of a city's own standard
// with the reference for the CISO's office to review, the least certain
// first (11.3).
func (s *Server) handleAlignment(w http.ResponseWriter, r *http.Request) error {
	return s.renderAlignment(w, r, http.StatusOK, "")
}

func (s *Server) renderAlignment(w http.ResponseWriter, r *http.Request, status int, problem string) error {
	key, edition, to := r.PathValue("key"), r.PathValue("edition"), r.PathValue("to")
	rows, err := s.db.Alignments(r.Context(), key, edition, to)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return kijun.Errorf(kijun.ENOTFOUND, "%s@%s と %s の対応案はありません（kijun catalog align --save で作成します）", key, edition, to)
	}
	p := currentOf(r).Principal
	d := alignData{Key: key, Edition: edition, To: to, Rows: rows, Problem: problem,
		Relationships: []catalog.Relationship{catalog.Equivalent, catalog.SubsetOf, catalog.SupersetOf, catalog.IntersectsWith},
		MayDecide:     (p.CityOffice() || p.Admin) && p.MayWrite()}
	for _, a := range rows {
		if a.Status == store.AlignProposed {
			d.Pending++
		}
	}
	if d.Gaps, err = s.alignmentGaps(r, key, edition, to, rows[0].ToEdition); err != nil {
		return err
	}
	return s.render(w, r, status, "catalog_align", s.newPage(w, r, "align.title", d))
}

// handleAlignmentDecide records the reviewer's decision on one city
// provision: accept, reject, change or add.
func (s *Server) handleAlignmentDecide(w http.ResponseWriter, r *http.Request) error {
	ed, err := registers.EditorOf(r.Context(), s.db, currentOf(r).Principal)
	if err != nil {
		return err
	}
	key, edition, to := r.PathValue("key"), r.PathValue("edition"), r.PathValue("to")
	pid := r.FormValue("pid")
	d := store.AlignmentDecision{Action: r.FormValue("action"), To: r.FormValue("target"), Relationship: catalog.Relationship(r.FormValue("relationship"))}
	if _, err := s.db.DecideAlignment(r.Context(), ed, key, edition, pid, to, d); err != nil {
		if kijun.ErrorCode(err) == kijun.EINVALID {
			return s.renderAlignment(w, r, http.StatusUnprocessableEntity, pid+": "+kijun.ErrorMessage(err))
		}
		return err
	}
	http.Redirect(w, r, alignPath(key, edition, to)+"#done", http.StatusSeeOther)
	return nil
}

// alignmentGaps lists the reference provisions that no confirmed
// alignment of the city's standard covers: the gaps of its standard.
func (s *Server) alignmentGaps(r *http.Request, key, edition, to, toEdition string) ([]string, error) {
	ctx := r.Context()
	city, err := s.db.Catalog(ctx, key, edition)
	if err != nil {
		return nil, err
	}
	ref, err := s.db.Catalog(ctx, to, toEdition)
	if err != nil {
		return nil, err
	}
	cw, err := s.db.Crosswalk(ctx, city, ref)
	if err != nil {
		return nil, err
	}
	return cw.Gaps(), nil
}
