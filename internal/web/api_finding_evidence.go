package web

import (
	"encoding/base64"
	"net/http"

	"kijun/internal/kijun"
	"kijun/internal/store"
)

// findingEvidenceBody is the body of a file attached to a finding over
// the API: the file's bytes as base64 in JSON (the API takes JSON only).
type findingEvidenceBody struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type,omitempty"`
	Note        string `json:"note,omitempty"`
	Content     string `json:"content"`
}

// maxFindingEvidenceBody holds a file of the limit as base64, and the rest.
const maxFindingEvidenceBody = store.MaxFindingEvidenceBytes/3*4 + 64<<10

// decodeFindingEvidence reads the body of an attachment to the finding
// rule|subject.
func decodeFindingEvidence(r *http.Request, rule, subject string) (store.FindingEvidence, []byte, error) {
	var body findingEvidenceBody
	if err := decodeJSON(r, &body, maxFindingEvidenceBody); err != nil {
		return store.FindingEvidence{}, nil, err
	}
	data, err := base64.StdEncoding.DecodeString(body.Content)
	if err != nil {
		return store.FindingEvidence{}, nil, badField("content", "content はファイルの中身を base64 で書いてください", "content must be the file's bytes in base64")
	}
	e := store.FindingEvidence{Rule: rule, Subject: subject,
		File: kijun.File{Name: kijun.FileName(body.Name), ContentType: body.ContentType, Note: body.Note}}
	return e, data, nil
}

// apiFindingEvidence keeps a file as evidence of the work on a finding
// through the one service the page's form uses.
func (s *Server) apiFindingEvidence(w http.ResponseWriter, r *http.Request) error {
	e, data, err := decodeFindingEvidence(r, r.PathValue("rule"), r.PathValue("subject"))
	if err != nil {
		return err
	}
	if e, err = s.registers.Findings.AttachEvidence(r.Context(), currentOf(r).Principal, e, data); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, e)
	return nil
}
