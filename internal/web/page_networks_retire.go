package web

import (
	"net/http"
	"net/url"
	"strconv"

	"kijun/internal/systems"
)

// handleSegmentRetire takes a segment out of the network register through
// the register's service; a refusal (a stale version, a connection still
// using it) is shown above its form.
func (s *Server) handleSegmentRetire(w http.ResponseWriter, r *http.Request) error {
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	version, _ := strconv.ParseInt(r.FormValue("version"), 10, 64)
	_, err = s.registers.Network.RetireSegment(r.Context(), ed, id, version)
	d := segmentFormData{Zones: systems.ZoneSpecs(), Errors: map[string]string{}}
	done, err := formResult(err, d.Errors, &d.Conflict)
	if err != nil {
		return err
	}
	if done {
		s.recheck(r, "segment:"+id)
		http.Redirect(w, r, "/networks?retired="+url.QueryEscape("segment:"+id), http.StatusSeeOther)
		return nil
	}
	if d.Segment, err = s.db.Segment(r.Context(), id); err != nil {
		return err
	}
	if d.History, err = s.networkHistory(r, "network_segment", id); err != nil {
		return err
	}
	return s.render(w, r, statusOfForm(d.Conflict), "segment_form", s.newPage(w, r, "networks.segment.title", d))
}

// handleConnectionRetire takes a connection out of the network register;
// see handleSegmentRetire.
func (s *Server) handleConnectionRetire(w http.ResponseWriter, r *http.Request) error {
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	version, _ := strconv.ParseInt(r.FormValue("version"), 10, 64)
	_, err = s.registers.Network.RetireConnection(r.Context(), ed, id, version)
	d := connectionFormData{Channels: systems.Channels(), Sanitisations: systems.Sanitisations(), Errors: map[string]string{}}
	done, err := formResult(err, d.Errors, &d.Conflict)
	if err != nil {
		return err
	}
	if done {
		s.recheck(r, "connection:"+id)
		http.Redirect(w, r, "/networks?retired="+url.QueryEscape("connection:"+id), http.StatusSeeOther)
		return nil
	}
	if d.Connection, err = s.db.Connection(r.Context(), id); err != nil {
		return err
	}
	if d.History, err = s.networkHistory(r, "network_connection", id); err != nil {
		return err
	}
	return s.render(w, r, statusOfForm(d.Conflict), "connection_form", s.newPage(w, r, "networks.connection.title", d))
}

// apiSegmentRetire and apiConnectionRetire retire over JSON through the
// same service, at the version of If-Match; the answer is the row's last
// state.
func (s *Server) apiSegmentRetire(w http.ResponseWriter, r *http.Request) error {
	version, err := ifMatchVersion(r)
	if err != nil {
		return err
	}
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	now, err := s.db.Segment(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	v, err := s.registers.Network.RetireSegment(r.Context(), ed, now.ID, version)
	if err != nil {
		return staleVersion(err, version, now.Version)
	}
	s.recheck(r, "segment:"+v.ID)
	return answerSegment(w, r, v, http.StatusOK)
}

func (s *Server) apiConnectionRetire(w http.ResponseWriter, r *http.Request) error {
	version, err := ifMatchVersion(r)
	if err != nil {
		return err
	}
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	now, err := s.db.Connection(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	v, err := s.registers.Network.RetireConnection(r.Context(), ed, now.ID, version)
	if err != nil {
		return staleVersion(err, version, now.Version)
	}
	s.recheck(r, "connection:"+v.ID)
	return answerConnection(w, r, v, http.StatusOK)
}
