package web

import (
	"io"
	"net/http"

	"kijun/internal/kijun"
	"kijun/internal/permits"
	"kijun/internal/store"
)

// exceptionsData is the register of exception requests and decisions.
type exceptionsData struct {
	Rows   []permitRow
	Q      string
	State  string
	States []permits.State
}

func exceptionFilter(r *http.Request) (store.ExceptionFilter, error) {
	q := r.URL.Query()
	f := store.ExceptionFilter{Q: q.Get("q"), State: permits.State(q.Get("state"))}
	if f.State != "" && f.State.Label() == string(f.State) {
		return f, kijun.Errorf(kijun.EINVALID, "状態 %q はありません", f.State)
	}
	return f, nil
}

// handleExceptions shows the register of exception requests and their
// decisions (9.5.3), searchable.
func (s *Server) handleExceptions(w http.ResponseWriter, r *http.Request) error {
	f, err := exceptionFilter(r)
	if err != nil {
		return err
	}
	vs, err := s.permits.Exceptions(r.Context(), f)
	if err != nil {
		return err
	}
	d := exceptionsData{Q: f.Q, State: string(f.State), States: []permits.State{permits.StateDrafted, permits.StateSubmitted,
		permits.StateCarriedOut, permits.StateClosed, permits.StateRejected, permits.StateWithdrawn}}
	for _, v := range vs {
		d.Rows = append(d.Rows, permitRow{Request: v.Request, T: s.permits.Registry().Type(v.Type)})
	}
	return s.render(w, r, http.StatusOK, "permit_exceptions", s.newPage(w, r, "permits.exceptions", d))
}

// handleExceptionsExport downloads the register as a workbook.
func (s *Server) handleExceptionsExport(w http.ResponseWriter, r *http.Request) error {
	f, err := exceptionFilter(r)
	if err != nil {
		return err
	}
	f.Limit = 100000
	rows, err := s.permits.ExceptionRegister(r.Context(), f)
	if err != nil {
		return err
	}
	return download(w, "reigai-sochi", "xlsx", func(w io.Writer) error { return permits.WriteRegister(w, s.permits.Registry(), rows) })
}
