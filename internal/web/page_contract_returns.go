package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"kijun/internal/contractors"
	"kijun/internal/kijun"
)

// 10.1.2ア(8): the contract's page lists each asset it entrusted with
// what became of it when the work ended, and its 課 records a return or
// a disposal (with the contractor's certificate) there; the contract ends
// only once none is outstanding, which the register's service decides.

// contractEnd is the end-of-contract section of a contract's page.
type contractEnd struct {
	Rows     []returnRow
	Outcomes []contractors.Outcome
	Form     contractors.Return
	On       string
	Errs     map[string]string
}

// returnRow is one entrusted asset and its return, if recorded.
type returnRow struct {
	Asset  string
	Return *contractors.Return
}

func (s *Server) contractEnd(ctx context.Context, c contractors.Contract) (*contractEnd, error) {
	done, err := s.db.ContractReturns(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	e := &contractEnd{Outcomes: contractors.Outcomes(), Errs: map[string]string{}, Form: contractors.Return{Outcome: contractors.OutcomeReturned}}
	for _, a := range c.Assets {
		row := returnRow{Asset: a}
		for i := range done {
			if done[i].Asset == a {
				row.Return = &done[i]
			}
		}
		e.Rows = append(e.Rows, row)
	}
	if left := c.Unaccounted(done); len(left) > 0 {
		e.Form.Asset = left[0]
	}
	return e, nil
}

// handleReturnSave records the return or disposal of one asset the
// contract entrusted (POST /contracts/{id}/returns).
func (s *Server) handleReturnSave(w http.ResponseWriter, r *http.Request) error {
	val := func(k string) string { return strings.TrimSpace(r.FormValue(k)) }
	errs := map[string]string{}
	ret := contractors.Return{Contract: r.PathValue("id"), Asset: val(contractors.FieldAsset), Outcome: contractors.Outcome(val(contractors.FieldOutcome)),
		On: formDay(r, contractors.FieldReturnedOn, errs), Certificate: val(contractors.FieldCertificate), Note: val(contractors.FieldNote)}
	if len(errs) == 0 {
		ed, err := s.editor(r)
		if err != nil {
			return err
		}
		_, err = s.registers.Contractors.RecordReturn(r.Context(), ed, ret)
		var fe *kijun.FieldErrors
		switch {
		case errors.As(err, &fe):
			for _, f := range fe.Fields {
				errs[f.Field] = f.Message
			}
		case err != nil:
			return err
		default:
			http.Redirect(w, r, "/contracts/"+url.PathEscape(ret.Contract)+"?saved=1#returns-h", http.StatusSeeOther)
			return nil
		}
	}
	v, err := s.contractView(r)
	if err != nil {
		return err
	}
	v.End.Form, v.End.On, v.End.Errs = ret, val(contractors.FieldReturnedOn), errs
	return s.renderContract(w, r, http.StatusBadRequest, v)
}
