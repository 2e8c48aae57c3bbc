package web

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/store"
)

// findingEvidenceTooLarge refuses a file past the limit, in both languages.
func findingEvidenceTooLarge(n int64) error {
	return kijun.Errorf(kijun.EINVALID, "ファイルが大きすぎます（%d バイト）。証跡として保存できるのは %d MB までです（the file is over %d MB）",
		n, store.MaxFindingEvidenceBytes>>20, store.MaxFindingEvidenceBytes>>20)
}

// handleFindingEvidence keeps a file as evidence of the work on a finding
// (9.2.1ア, イ) through the findings' one service: by its owner or the
// CISO's office. A wrong file is shown beside the field.
func (s *Server) handleFindingEvidence(w http.ResponseWriter, r *http.Request) error {
	if err := tooLarge(r, maxFormBytes); err != nil {
		return err
	}
	rule, subject := r.FormValue("rule"), r.FormValue("subject")
	err := s.keepFindingEvidence(r, rule, subject)
	var fe *kijun.FieldErrors
	switch {
	case errors.As(err, &fe):
		errs := map[string]string{}
		for _, f := range fe.Fields {
			errs[f.Field] = f.Message
		}
		return s.renderFinding(w, r, http.StatusBadRequest, rule, subject, url.Values{"evidence_note": {r.FormValue("evidence_note")}}, errs)
	case err != nil:
		return err
	}
	http.Redirect(w, r, "/compliance/finding?"+url.Values{"rule": {rule}, "subject": {subject}, "saved": {"1"}}.Encode(), http.StatusSeeOther)
	return nil
}

func (s *Server) keepFindingEvidence(r *http.Request, rule, subject string) error {
	file, hdr, err := r.FormFile("file")
	switch {
	case errors.Is(err, http.ErrMissingFile):
		return fieldError("file", kijun.Errorf(kijun.EINVALID, "証跡のファイルを選んでください（choose a file）"))
	case err != nil:
		return fieldError("file", findingEvidenceTooLarge(r.ContentLength))
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, store.MaxFindingEvidenceBytes+1))
	if err != nil {
		return err
	}
	if int64(len(data)) > store.MaxFindingEvidenceBytes {
		return fieldError("file", findingEvidenceTooLarge(int64(len(data))))
	}
	e := store.FindingEvidence{Rule: rule, Subject: subject,
		File: kijun.File{Name: kijun.FileName(hdr.Filename), ContentType: hdr.Header.Get("Content-Type"), Note: r.FormValue("evidence_note")}}
	_, err = s.registers.Findings.AttachEvidence(r.Context(), currentOf(r).Principal, e, data)
	return err
}

// handleFindingEvidenceFile sends a finding's file to those who may see
// the finding (its 課, the CISO's office, the auditors), after checking
// its hash again.
func (s *Server) handleFindingEvidenceFile(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	id, err := strconv.ParseInt(q.Get("id"), 10, 64)
	if err != nil {
		return kijun.Errorf(kijun.ENOTFOUND, "証跡 %s はありません（no such file）", q.Get("id"))
	}
	f, err := s.db.Finding(r.Context(), q.Get("rule"), q.Get("subject"))
	if err != nil {
		return err
	}
	if ok, err := s.mayReadFinding(r, f); err != nil || !ok {
		return errOr(err, kijun.Errorf(kijun.EFORBIDDEN, "この指摘を見る権限がありません（8.2.1ア）"))
	}
	e, data, err := s.db.FindingEvidenceFile(r.Context(), f.Rule, f.Subject, id)
	if err != nil {
		return err
	}
	return sendEvidence(w, e.Name, e.SHA256, data)
}

// findingEvidenceView fills the page's list of files and whether the
// person may attach one.
func (s *Server) findingEvidenceView(r *http.Request, d *findingData) (err error) {
	d.Evidence, err = s.db.FindingEvidenceList(r.Context(), d.Finding.Rule, d.Finding.Subject)
	d.MayAttach = registers.MayAttach(currentOf(r).Principal, d.Finding) && d.Finding.ClosedAt.IsZero()
	return err
}
