package web

import (
	"io"
	"net/http"
	"strconv"

	"kijun/internal/auditsheet"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

// auditReportFile reads the audit of the path for its report.
func (s *Server) auditReportFile(r *http.Request) (store.AuditFile, error) {
	id, err := auditID(r)
	if err != nil {
		return store.AuditFile{}, err
	}
	return s.db.ReadAudit(r.Context(), auditActorOf(currentOf(r).Principal), id)
}

// handleAuditReport shows the report to the CISO (11.1.5), printable.
func (s *Server) handleAuditReport(w http.ResponseWriter, r *http.Request) error {
	f, err := s.auditReportFile(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "audit_report", s.newPage(w, r, "audits.report", &auditData{AuditFile: f}))
}

// handleAuditReportXLSX writes the report as a workbook.
func (s *Server) handleAuditReportXLSX(w http.ResponseWriter, r *http.Request) error {
	f, err := s.auditReportFile(r)
	if err != nil {
		return err
	}
	start, _ := wareki.FiscalYearRange(f.Plan.Year)
	return download(w, "audit-"+strconv.FormatInt(f.ID, 10)+"-report", "xlsx", func(w io.Writer) error {
		return auditsheet.Write(w, auditsheet.Report{Audit: f.Audit, Year: wareki.FiscalYearName(start), Findings: f.Findings,
			Actions: f.Actions, Samples: f.Samples, Evidence: f.Evidence})
	})
}
