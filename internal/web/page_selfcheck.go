package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/selfcheck"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

type selfcheckHomeData struct {
	Campaigns []selfcheck.Campaign
	// Current is the latest campaign, and Mine the reports addressed to
	// the signed-in person in it.
	Current *selfcheck.Campaign
	Mine    []selfcheck.Report
	// CanRun offers the launch form (the gate in the store decides).
	CanRun  bool
	Year    int
	Due     string
	Problem string
}

// handleSelfcheck shows the self-check (11.2): the reports the signed-in
// person answers this 年度, and to the CISO's office the campaigns and
// the launch form.
func (s *Server) handleSelfcheck(w http.ResponseWriter, r *http.Request) error {
	return s.renderSelfcheck(w, r, http.StatusOK, &selfcheckHomeData{Year: wareki.FiscalYear(s.db.Now())})
}

func (s *Server) renderSelfcheck(w http.ResponseWriter, r *http.Request, status int, d *selfcheckHomeData) error {
	ctx := r.Context()
	p := currentOf(r).Principal
	var err error
	if d.Campaigns, err = s.db.SelfcheckCampaigns(ctx); err != nil {
		return err
	}
	if len(d.Campaigns) > 0 {
		d.Current = &d.Campaigns[0]
		if p.StaffNo != "" {
			if d.Mine, err = s.db.SelfcheckReportsOf(ctx, d.Current.ID, p.StaffNo); err != nil {
				return err
			}
		}
	}
	d.CanRun = p.CityOffice() || p.Admin
	return s.render(w, r, status, "selfcheck", s.newPage(w, r, "selfcheck.title", d))
}

// handleSelfcheckLaunch launches a 年度's campaign (11.2.1); the store
// refuses anyone but the 統括責任者 and the 情報セキュリティ管理者, and a
// second launch of a 年度.
func (s *Server) handleSelfcheckLaunch(w http.ResponseWriter, r *http.Request) error {
	d := &selfcheckHomeData{Due: r.PostFormValue("due")}
	fy, err := strconv.Atoi(r.PostFormValue("year"))
	if err != nil {
		d.Problem = "年度を 2026 のように数字で入力してください（give the fiscal year as YYYY）"
		return s.renderSelfcheck(w, r, http.StatusBadRequest, d)
	}
	d.Year = fy
	var due time.Time
	if d.Due != "" {
		if due, err = organisation.ParseDate(d.Due); err != nil {
			d.Problem = "提出期限を 2026-06-30 のように入力してください（give the due day as YYYY-MM-DD）"
			return s.renderSelfcheck(w, r, http.StatusBadRequest, d)
		}
	}
	if err := needStaffNo(r); err != nil {
		return err
	}
	cat, err := s.monitor.Catalog(r.Context())
	if err != nil {
		return err
	}
	_, _, err = s.db.LaunchSelfcheck(r.Context(), store.Launch{FiscalYear: fy, By: currentOf(r).Principal.StaffNo, Due: due, Catalog: cat})
	switch kijun.ErrorCode(err) {
	case "":
		http.Redirect(w, r, fmt.Sprintf("/selfcheck/years/%d", fy), http.StatusSeeOther)
		return nil
	case kijun.EINVALID, kijun.ECONFLICT:
		d.Problem = kijun.ErrorMessage(err)
		return s.renderSelfcheck(w, r, http.StatusConflict, d)
	}
	return err
}

func yearOf(r *http.Request) (int, error) {
	fy, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return 0, kijun.Errorf(kijun.ENOTFOUND, "%s 年度の自己点検はありません（no such campaign）", r.PathValue("year"))
	}
	return fy, nil
}

// handleSelfcheckProgress shows a campaign's progress per 局 and 課
// (answered, submitted, overdue, unexplained contradictions).
func (s *Server) handleSelfcheckProgress(w http.ResponseWriter, r *http.Request) error {
	fy, err := yearOf(r)
	if err != nil {
		return err
	}
	p, err := s.db.SelfcheckProgress(r.Context(), fy)
	if err != nil {
		return err
	}
	pg := s.newPage(w, r, "selfcheck.progress.title", p)
	pg.Title = fmt.Sprintf("%d 年度 %s", fy, pg.T("selfcheck.progress.title"))
	return s.render(w, r, http.StatusOK, "selfcheck_progress", pg)
}

// handleSelfcheckResults shows the report to the CISO (11.2.2イ): per
// provision and per 課 beside last 年度, and the answers of no.
func (s *Server) handleSelfcheckResults(w http.ResponseWriter, r *http.Request) error {
	fy, err := yearOf(r)
	if err != nil {
		return err
	}
	res, err := s.db.SelfcheckResults(r.Context(), fy)
	if err != nil {
		return err
	}
	pg := s.newPage(w, r, "selfcheck.results.title", res)
	pg.Title = fmt.Sprintf("%d 年度 %s", fy, pg.T("selfcheck.results.title"))
	return s.render(w, r, http.StatusOK, "selfcheck_results", pg)
}

func (s *Server) handleSelfcheckResultsXLSX(w http.ResponseWriter, r *http.Request) error {
	fy, err := yearOf(r)
	if err != nil {
		return err
	}
	res, err := s.db.SelfcheckResults(r.Context(), fy)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := selfcheck.WriteXLSX(&buf, res); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", attachment(fmt.Sprintf("selfcheck-%d.xlsx", fy)))
	_, err = w.Write(buf.Bytes())
	return err
}

// needStaffNo refuses an account that belongs to no member of staff: the
// store trusts a change without a staff number as the operator's at the
// console, and the self-check is run by people holding roles (11.2.2).
func needStaffNo(r *http.Request) error {
	if currentOf(r).Principal.StaffNo == "" {
		return kijun.Errorf(kijun.EFORBIDDEN, "職員番号のない利用者IDでは自己点検を実施・設定できません（an account with no staff number cannot run the self-check）")
	}
	return nil
}
