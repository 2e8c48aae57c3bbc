package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"kijun/internal/incidents"
	"kijun/internal/kijun"
)

// handleEvidenceUpload keeps a file as evidence with its SHA-256 (8.5.3).
// A file past the limit is refused with a message saying the limit.
func (s *Server) handleEvidenceUpload(w http.ResponseWriter, r *http.Request) error {
	return s.incidentStep(w, r, "evidence", func(ctx context.Context, id, _ int64) error {
		file, hdr, err := r.FormFile("file")
		switch {
		case errors.Is(err, http.ErrMissingFile):
			return fieldError("file", kijun.Errorf(kijun.EINVALID, "証拠のファイルを選んでください"))
		case err != nil:
			return fieldError("file", incidents.TooLarge(r.ContentLength))
		}
		defer file.Close()
		if hdr.Size > incidents.MaxEvidenceBytes {
			return fieldError("file", incidents.TooLarge(hdr.Size))
		}
		data, err := io.ReadAll(io.LimitReader(file, incidents.MaxEvidenceBytes+1))
		if err != nil {
			return err
		}
		if int64(len(data)) > incidents.MaxEvidenceBytes {
			return fieldError("file", incidents.TooLarge(int64(len(data))))
		}
		_, err = s.db.AddEvidence(ctx, incidents.Evidence{IncidentID: id, File: kijun.File{Name: kijun.FileName(hdr.Filename), ContentType: hdr.Header.Get("Content-Type"), Note: strings.TrimSpace(r.FormValue("evidence_note"))}}, data)
		var fe *kijun.FieldErrors
		if err != nil && !errors.As(err, &fe) && kijun.ErrorCode(err) == kijun.EINVALID {
			return fieldError("file", err)
		}
		return err
	})
}

// fieldError puts a message beside one field.
func fieldError(field string, err error) error {
	return (&kijun.FieldErrors{Fields: []kijun.FieldError{{Field: field, Message: kijun.ErrorMessage(err)}}}).AsError()
}

// handleEvidence sends an evidence file to those who may see its
// incident, after checking its hash again.
func (s *Server) handleEvidence(w http.ResponseWriter, r *http.Request) error {
	eid, err := strconv.ParseInt(r.PathValue("eid"), 10, 64)
	if err != nil {
		return kijun.Errorf(kijun.ENOTFOUND, "証拠 %s はありません", r.PathValue("eid"))
	}
	f, err := s.incidentFile(r)
	if err != nil {
		return err
	}
	e, data, err := s.db.Evidence(r.Context(), eid)
	if err != nil {
		return err
	}
	if e.IncidentID != f.Incident.ID {
		return kijun.Errorf(kijun.ENOTFOUND, "証拠 %d はこのインシデントにありません", eid)
	}
	return sendEvidence(w, e.Name, e.SHA256, data)
}
