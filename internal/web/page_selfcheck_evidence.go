package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"kijun/internal/kijun"
	"kijun/internal/selfcheck"
)

// handleSelfcheckEvidenceUpload keeps a file as evidence of an answer,
// with its SHA-256; a file past the limit is refused beside the field.
func (s *Server) handleSelfcheckEvidenceUpload(w http.ResponseWriter, r *http.Request) error {
	v, err := s.selfcheckReport(r)
	if err != nil {
		return err
	}
	d := &selfcheckReportData{View: v, Errors: map[string]string{}}
	fail := func(msg string) error {
		d.Errors["file"] = msg
		return s.renderSelfcheckReport(w, r, http.StatusBadRequest, d)
	}
	file, hdr, err := r.FormFile("file")
	switch {
	case errors.Is(err, http.ErrMissingFile):
		return fail("証跡のファイルを選んでください（choose a file）")
	case err != nil:
		return fail(fmt.Sprintf("ファイルを読めません。%d MB 以下のファイルを選んでください（the file could not be read）", selfcheck.MaxEvidenceBytes>>20))
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, selfcheck.MaxEvidenceBytes+1))
	if err != nil {
		return err
	}
	_, err = s.db.AddSelfcheckEvidence(r.Context(), v.Report.ID, currentOf(r).Principal.StaffNo,
		selfcheck.EvidenceFile{Question: r.FormValue("question"), File: kijun.File{Name: kijun.FileName(hdr.Filename), ContentType: hdr.Header.Get("Content-Type")}}, data)
	var fe *kijun.FieldErrors
	switch {
	case err == nil:
		http.Redirect(w, r, fmt.Sprintf("/selfcheck/reports/%d?saved=1", v.Report.ID), http.StatusSeeOther)
		return nil
	case errors.As(err, &fe):
		for _, f := range fe.Fields {
			d.Errors["file"] = f.Message
		}
		return s.renderSelfcheckReport(w, r, http.StatusBadRequest, d)
	case kijun.ErrorCode(err) == kijun.ECONFLICT:
		d.Problem = kijun.ErrorMessage(err)
		return s.renderSelfcheckReport(w, r, http.StatusConflict, d)
	}
	return err
}

// handleSelfcheckEvidence sends a kept file to those who may read its
// report, after checking its hash again.
func (s *Server) handleSelfcheckEvidence(w http.ResponseWriter, r *http.Request) error {
	v, err := s.selfcheckReport(r)
	if err != nil {
		return err
	}
	eid, err := strconv.ParseInt(r.PathValue("eid"), 10, 64)
	if err != nil {
		return kijun.Errorf(kijun.ENOTFOUND, "証跡 %s はありません（no such file）", r.PathValue("eid"))
	}
	e, data, err := s.db.SelfcheckEvidenceFile(r.Context(), v.Report.ID, eid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", attachment(e.Name))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, err = w.Write(data)
	return err
}
