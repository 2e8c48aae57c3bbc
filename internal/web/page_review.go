package web

import (
	"net/http"
	"strconv"
	"strings"

	"kijun/internal/kijun"
	"kijun/internal/review"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

// reviewData is what the yearly review's page shows (11.1.8, 11.3).
type reviewData struct {
	Year int
	// Provisions are those whose findings came back, with the decision
	// as decided, or as the form was sent.
	Provisions []review.Provision
	Decided    *review.Record
	Catalogs   []*store.CatalogInfo
	Next       string
	Note       string
	MayDecide  bool
	Errors     map[string]string
}

// Decisions are the choices of the form.
func (reviewData) Decisions() []review.Decision { return review.Decisions() }

// FieldDecision names a provision's field on the form.
func (reviewData) FieldDecision(p string) string { return review.FieldDecision(p) }

// handleReviewNow opens the review of the current 年度.
func (s *Server) handleReviewNow(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, "/reviews/"+strconv.Itoa(wareki.FiscalYear(s.db.Now())), http.StatusSeeOther)
	return nil
}

func reviewYear(r *http.Request) (int, error) {
	fy, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || fy < 2000 || fy > 2200 {
		return 0, kijun.Errorf(kijun.ENOTFOUND, "年度 %q の見直しはありません", r.PathValue("year"))
	}
	return fy, nil
}

// handleReview shows the provisions whose findings came back over this
// 年度 and the last, and the review as decided, with the form to decide
// for the CISO's office.
func (s *Server) handleReview(w http.ResponseWriter, r *http.Request) error {
	fy, err := reviewYear(r)
	if err != nil {
		return err
	}
	d := &reviewData{Year: fy, Errors: map[string]string{}}
	if d.Provisions, err = s.db.ReviewCandidates(r.Context(), fy); err != nil {
		return err
	}
	switch rec, err := s.db.Review(r.Context(), fy); kijun.ErrorCode(err) {
	case "":
		d.Decided, d.Note = &rec, rec.Note
		if rec.NextCatalog != "" {
			d.Next = rec.NextCatalog + "|" + rec.NextEdition
		}
		decided := map[string]review.Provision{}
		for _, p := range rec.Provisions {
			decided[p.Provision] = p
		}
		for i, p := range d.Provisions {
			d.Provisions[i].Decision, d.Provisions[i].Note = decided[p.Provision].Decision, decided[p.Provision].Note
		}
	case kijun.ENOTFOUND:
	default:
		return err
	}
	return s.renderReview(w, r, http.StatusOK, d)
}

func (s *Server) renderReview(w http.ResponseWriter, r *http.Request, status int, d *reviewData) error {
	var err error
	if d.Catalogs, err = s.db.Catalogs(r.Context()); err != nil {
		return err
	}
	d.MayDecide = currentOf(r).Principal.CityOffice()
	return s.render(w, r, status, "review", s.newPage(w, r, "review.title", d))
}

// handleReviewDecide records the review's decisions through the store,
// which decides who may and checks every provision is decided.
func (s *Server) handleReviewDecide(w http.ResponseWriter, r *http.Request) error {
	fy, err := reviewYear(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return kijun.Errorf(kijun.EINVALID, "フォームを読めません")
	}
	rec := review.Record{FiscalYear: fy, Note: r.FormValue("note")}
	next := r.FormValue("next")
	rec.NextCatalog, rec.NextEdition, _ = strings.Cut(next, "|")
	for k, v := range r.PostForm {
		if p, ok := strings.CutPrefix(k, "decision-"); ok && len(v) > 0 {
			rec.Provisions = append(rec.Provisions, review.Provision{Provision: p, Decision: review.Decision(v[0]), Note: r.PostForm.Get("note-" + p)})
		}
	}
	saved, err := s.db.DecideReview(r.Context(), currentOf(r).Principal.CityOffice(), rec)
	d := &reviewData{Year: fy, Errors: map[string]string{}, Next: next, Note: rec.Note, Provisions: saved.Provisions}
	var conflict string
	done, err := formResult(err, d.Errors, &conflict)
	if err != nil {
		return err
	}
	if done {
		http.Redirect(w, r, "/reviews/"+strconv.Itoa(fy), http.StatusSeeOther)
		return nil
	}
	return s.renderReview(w, r, http.StatusBadRequest, d)
}
