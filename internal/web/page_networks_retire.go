package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"kijun/internal/registers"
	"kijun/internal/systems"
)

// netRetire is how one kind of the network register's rows (segment or
// connection) is retired, read and answered, for the form and the API.
type netRetire[T any] struct {
	kind    string // "segment" or "connection", as re-checks name them
	retire  func(context.Context, *registers.Editor, string, int64) (T, error)
	get     func(context.Context, string) (T, error)
	version func(T) int64
	answer  func(http.ResponseWriter, *http.Request, T, int) error
	// form shows the row's form again with a refusal.
	form func(w http.ResponseWriter, r *http.Request, errs map[string]string, conflict string) error
}

func (s *Server) segmentRetire() netRetire[systems.Segment] {
	return netRetire[systems.Segment]{
		kind: "segment", retire: s.registers.Network.RetireSegment, get: s.db.Segment,
		version: func(v systems.Segment) int64 { return v.Version }, answer: answerSegment,
		form: func(w http.ResponseWriter, r *http.Request, errs map[string]string, conflict string) error {
			d := segmentFormData{Zones: systems.ZoneSpecs(), Errors: errs, Conflict: conflict}
			var err error
			if d.Segment, err = s.db.Segment(r.Context(), r.PathValue("id")); err != nil {
				return err
			}
			if d.History, err = s.networkHistory(r, "network_segment", d.Segment.ID); err != nil {
				return err
			}
			return s.render(w, r, statusOfForm(conflict), "segment_form", s.newPage(w, r, "networks.segment.title", d))
		},
	}
}

func (s *Server) connectionRetire() netRetire[systems.Connection] {
	return netRetire[systems.Connection]{
		kind: "connection", retire: s.registers.Network.RetireConnection, get: s.db.Connection,
		version: func(v systems.Connection) int64 { return v.Version }, answer: answerConnection,
		form: func(w http.ResponseWriter, r *http.Request, errs map[string]string, conflict string) error {
			d := connectionFormData{Channels: systems.Channels(), Sanitisations: systems.Sanitisations(), Errors: errs, Conflict: conflict}
			var err error
			if d.Connection, err = s.db.Connection(r.Context(), r.PathValue("id")); err != nil {
				return err
			}
			if d.History, err = s.networkHistory(r, "network_connection", d.Connection.ID); err != nil {
				return err
			}
			return s.render(w, r, statusOfForm(conflict), "connection_form", s.newPage(w, r, "networks.connection.title", d))
		},
	}
}

// page takes the row of the path out of the network register through the
// register's service; a refusal (a stale version, a connection still
// using a segment) is shown above its form.
func (n netRetire[T]) page(s *Server) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		id := r.PathValue("id")
		version, _ := strconv.ParseInt(r.FormValue("version"), 10, 64)
		_, err = n.retire(r.Context(), ed, id, version)
		errs, conflict := map[string]string{}, ""
		done, err := formResult(err, errs, &conflict)
		if err != nil {
			return err
		}
		if !done {
			return n.form(w, r, errs, conflict)
		}
		s.recheck(r, n.kind+":"+id)
		http.Redirect(w, r, "/networks?retired="+url.QueryEscape(n.kind+":"+id), http.StatusSeeOther)
		return nil
	}
}

// api retires over JSON through the same service, at the version of
// If-Match; the answer is the row's last state.
func (n netRetire[T]) api(s *Server) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		version, err := ifMatchVersion(r)
		if err != nil {
			return err
		}
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		now, err := n.get(r.Context(), r.PathValue("id"))
		if err != nil {
			return err
		}
		v, err := n.retire(r.Context(), ed, r.PathValue("id"), version)
		if err != nil {
			return staleVersion(err, version, n.version(now))
		}
		s.recheck(r, n.kind+":"+r.PathValue("id"))
		return n.answer(w, r, v, http.StatusOK)
	}
}
