package web

import (
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"kijun/internal/compliance"
	"kijun/internal/compliance/report"
	"kijun/internal/compliance/work"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

type findingsData struct {
	States     []work.State
	Sorts      []string
	Findings   []store.StoredFinding
	Total      int
	From, To   int
	Prev, Next string
	Form       url.Values
	Query      string
	Severities []compliance.Severity
	Kinds      []compliance.Kind
	Closed     bool
	CanOSCAL   bool
	Error      string
	// Cites links each finding's provision to its page in the standard
	// in force.
	Cites *chapters
}

// findingFilter reads the findings list's query; a wrong value is EINVALID.
func (s *Server) findingFilter(r *http.Request) (store.FindingFilter, error) {
	q := r.URL.Query()
	f := store.FindingFilter{Rule: q.Get("rule"), Provision: q.Get("provision"), Subject: q.Get("subject"), Closed: q.Get("closed") == "1", Limit: 100}
	var problems []string
	if f.Provision != "" {
		// Under the city's edition, by its 章 or 条 (9.2.1).
		cited, err := s.provisionFilter(r, f.Provision)
		if err != nil {
			return f, err
		}
		if cited != nil {
			f.Provision, f.Provisions = "", cited
		}
	}
	scope, err := s.unitScope(r)
	if err != nil {
		return f, err
	}
	if u := q.Get("unit"); u != "" {
		units := []string{u}
		if subs, err := s.descendants(r, u); err == nil {
			units = append(units, subs...)
		}
		if scope != nil {
			units = slices.DeleteFunc(units, func(c string) bool { return !slices.Contains(scope, c) })
			if len(units) == 0 {
				return f, kijun.Errorf(kijun.EFORBIDDEN, "組織 %s の指摘事項を見る権限がありません（8.2.1ア）", u)
			}
		}
		f.Units = units
	} else if scope != nil {
		f.Units = scope // none at all for someone who manages no unit
	}
	if v := q.Get("severity"); v != "" {
		sev, ok := compliance.ParseSeverity(v)
		if !ok {
			problems = append(problems, "重大度 "+v+" はありません（high・medium・low）")
		}
		f.Severity = sev
	}
	if v := q.Get("kind"); v != "" {
		if !slices.Contains(compliance.Kinds(), compliance.Kind(v)) {
			problems = append(problems, "対象の種類 "+v+" はありません")
		}
		f.Kind = compliance.Kind(v)
	}
	if v := q.Get("state"); v != "" {
		st, ok := work.ParseState(v)
		if !ok {
			problems = append(problems, "状態 "+v+" はありません")
		}
		f.State = st
	}
	switch v := q.Get("owner"); v {
	case "":
	case "me":
		p := currentOf(r).Principal
		f.Owner = p.StaffNo
		if f.Owner == "" {
			f.Owner = "-" // an account with no staff number owns nothing
		}
		for _, a := range p.Roles {
			if a.Holder.Role == organisation.RoleInfoManager && a.Holder.Scope.Kind == organisation.ScopeUnit {
				f.OwnerUnits = append(f.OwnerUnits, a.Holder.Scope.ID)
			}
		}
	default:
		f.Owner = v
	}
	if v := q.Get("sort"); !slices.Contains(store.FindingSorts(), v) {
		problems = append(problems, "並べ替え "+v+" はありません")
	} else {
		f.Sort = v
	}
	f.Offset = offsetParam(q, &problems)
	if len(problems) > 0 {
		return f, kijun.Errorf(kijun.EINVALID, "%s", strings.Join(problems, "。"))
	}
	return f, nil
}

// handleFindings lists findings, most serious first, each with its clause,
// the record and the 課 that answers for it.
func (s *Server) handleFindings(w http.ResponseWriter, r *http.Request) error {
	d := &findingsData{Form: r.URL.Query(), Severities: compliance.Severities(), Kinds: compliance.Kinds(), Closed: r.URL.Query().Get("closed") == "1", CanOSCAL: mayRunChecks(r),
		States: work.States(), Sorts: store.FindingSorts()}
	var err error
	if d.Cites, err = s.chaptersInForce(r); err != nil {
		return err
	}
	f, err := s.findingFilter(r)
	if err != nil {
		if kijun.ErrorCode(err) != kijun.EINVALID {
			return err
		}
		d.Error = kijun.ErrorMessage(err)
		return s.render(w, r, http.StatusBadRequest, "findings", s.newPage(w, r, "compliance.findings", d))
	}
	if d.Findings, d.Total, err = s.db.ListFindings(r.Context(), f); err != nil {
		return err
	}
	if err := s.db.FillResponsible(r.Context(), d.Findings); err != nil {
		return err
	}
	if err := s.db.FillWork(r.Context(), d.Findings); err != nil {
		return err
	}
	d.From, d.To = f.Offset+1, f.Offset+len(d.Findings)
	d.Prev, d.Next, d.Query = pageLinks("/compliance/findings", r.URL.Query(), f.Offset, f.Limit, len(d.Findings), d.Total)
	return s.render(w, r, http.StatusOK, "findings", s.newPage(w, r, "compliance.findings", d))
}

// subjectLink returns the page of a finding's record.
func subjectLink(subject string) string {
	kind, id, _ := strings.Cut(subject, ":")
	switch compliance.Kind(kind) {
	case compliance.KindSystem:
		return "/systems/" + url.PathEscape(id)
	case compliance.KindAsset:
		return "/assets/" + url.PathEscape(id)
	case compliance.KindDevice:
		return "/devices/" + url.PathEscape(id)
	case compliance.KindMedium:
		return "/media/" + url.PathEscape(id)
	case compliance.KindArea:
		return "/areas/" + url.PathEscape(id)
	case compliance.KindSegment:
		return "/networks/segments/" + url.PathEscape(id)
	case compliance.KindConnection:
		return "/networks/connections/" + url.PathEscape(id)
	case compliance.KindRole:
		return "/org/roles"
	case compliance.KindAccount:
		return "/admin/accounts"
	case compliance.KindRequest:
		return "/permits/" + url.PathEscape(id)
	case compliance.KindTraining:
		return "/training"
	case compliance.KindCard:
		return "/cards"
	case compliance.KindService:
		return "/external-services/" + url.PathEscape(id)
	}
	return ""
}

// handleFindingsExport downloads the findings the list shows: a workbook,
// or for the CISO's office an OSCAL assessment-results document.
func (s *Server) handleFindingsExport(w http.ResponseWriter, r *http.Request) error {
	f, err := s.findingFilter(r)
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if format == "oscal" && !mayRunChecks(r) {
		return kijun.Errorf(kijun.EFORBIDDEN, "OSCAL の点検結果は CISO 事務局が出力できます（8.2.1ア）")
	}
	if format != "" && format != "xlsx" && format != "oscal" {
		return kijun.Errorf(kijun.EINVALID, "形式 %q は xlsx・oscal のいずれかにしてください", format)
	}
	var found []store.StoredFinding
	if err := s.db.EachFinding(r.Context(), f, func(sf store.StoredFinding) error {
		found = append(found, sf)
		return nil
	}); err != nil {
		return err
	}
	if err := s.db.FillResponsible(r.Context(), found); err != nil {
		return err
	}
	meta, err := s.monitor.ReportMeta(r.Context())
	if err != nil {
		return err
	}
	if format == "oscal" {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Disposition", `attachment; filename="kijun-assessment-results.json"`)
		return report.WriteOSCAL(w, found, meta)
	}
	return download(w, "shiteki-jiko", "xlsx", func(w io.Writer) error { return report.WriteXLSX(w, found, meta) })
}
