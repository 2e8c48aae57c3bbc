package web

import (
	"bytes"
	"context"
	"net/http"

	"kijun/internal/catalog"
	"kijun/internal/compliance/monitor"
	"kijun/internal/compliance/separation"
	"kijun/internal/permits"
	"kijun/internal/soa"
	"kijun/internal/store"
)

// Supports gathers everything Kijun declares supports a provision: the
// rules in force and the separation proof, the permit types, the kinds of
// ledger record, the pages, the city's self-check questions, and what the
// caller adds (the server's periodic jobs, which only the process that
// runs them knows).
func Supports(ctx context.Context, db *store.DB, m *monitor.Monitor, preg *permits.Registry, cat *catalog.Catalog, extra ...[]soa.Support) ([]soa.Support, error) {
	rs, err := m.Rules(ctx)
	if err != nil {
		return nil, err
	}
	questions, err := db.SelfcheckSupports(ctx, cat)
	if err != nil {
		return nil, err
	}
	out := append(rs.Supports(), separation.Supports()...)
	out = append(out, preg.Supports()...)
	out = append(out, store.RecordSupports()...)
	out = append(out, RouteSupports()...)
	out = append(out, questions...)
	for _, e := range extra {
		out = append(out, e...)
	}
	return out, nil
}

// Statement computes the statement of applicability of the standard in
// force, or of cat when it is not nil.
func Statement(ctx context.Context, db *store.DB, m *monitor.Monitor, preg *permits.Registry, cat *catalog.Catalog, extra ...[]soa.Support) (*soa.Statement, error) {
	if cat == nil {
		var err error
		if cat, err = m.Catalog(ctx); err != nil {
			return nil, err
		}
	}
	sup, err := Supports(ctx, db, m, preg, cat, extra...)
	if err != nil {
		return nil, err
	}
	// With a city's own standard, what Kijun runs cites the reference and
	// reaches the city's provisions through the confirmed alignment (11.3).
	cw, err := m.CrosswalkOf(ctx, cat)
	if err != nil {
		return nil, err
	}
	if cw != nil {
		return soa.ComputeThrough(cat, cw, sup), nil
	}
	return soa.Compute(cat, sup), nil
}

func (s *Server) statement(ctx context.Context) (*soa.Statement, error) {
	return Statement(ctx, s.db, s.monitor, s.permits.Registry(), nil, s.jobSupports)
}

type soaData struct {
	St *soa.Statement
	// Kinds are the kinds of support, for the table's columns.
	Kinds []soa.Kind
	// All lists the text-only provisions too; else only the supported
	// ones are listed under the chapter table.
	All bool
}

// handleSoA shows the statement of applicability (11.3): per chapter how
// many provisions something Kijun runs supports, and per provision what.
func (s *Server) handleSoA(w http.ResponseWriter, r *http.Request) error {
	st, err := s.statement(r.Context())
	if err != nil {
		return err
	}
	p := s.newPage(w, r, "soa.title", soaData{St: st, Kinds: soa.Kinds(), All: r.URL.Query().Get("all") == "1"})
	return s.render(w, r, http.StatusOK, "soa", p)
}

func (s *Server) handleSoAXLSX(w http.ResponseWriter, r *http.Request) error {
	st, err := s.statement(r.Context())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := soa.WriteXLSX(&buf, st, ""); err != nil {
		return err
	}
	c := st.Catalog
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", attachment("soa-"+c.Key+"-"+c.Edition+".xlsx"))
	_, err = w.Write(buf.Bytes())
	return err
}

func (s *Server) handleSoAOSCAL(w http.ResponseWriter, r *http.Request) error {
	st, err := s.statement(r.Context())
	if err != nil {
		return err
	}
	c := st.Catalog
	var buf bytes.Buffer
	if err := soa.WriteOSCAL(&buf, st, soa.OSCALMeta{Generated: s.db.Now(), Version: s.version,
		Source: catalogPath(c.Key, c.Edition, "") + "/oscal.json"}); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", attachment("soa-"+c.Key+"-"+c.Edition+"-oscal.json"))
	_, err = w.Write(buf.Bytes())
	return err
}
