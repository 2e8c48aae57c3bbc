package web

import (
	"net/http"

	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/training"
)

type pledgeUnitData struct {
	Unit  string
	Name  string
	Owing []store.PledgeOwed
	// Edition and AckOwing: the teaching material in force, if any, and
	// who of the 課 has not acknowledged it (7.1.3).
	Edition  *training.Edition
	AckOwing []store.PledgeOwed
	// Office: the reader is of the 統括責任者's office, whose page of
	// every 課 the list is reached from.
	Office bool
}

// handlePledgeUnit lists the 臨時の任用職員 of a 課 who have not yet given
// the pledge (7.1.2), and the people of the 課 who have not acknowledged
// the teaching material in force (7.1.3), with their staff number and since when they owe
// it, for the 課's 情報管理者 (or the 情報責任者 above, either's deputy)
// to follow up and for the CISO's office, who reach it from the 課's row
// of the pledge's progress.
func (s *Server) handlePledgeUnit(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	today := organisation.Day(s.db.Now())
	u, err := s.db.Unit(r.Context(), code, today)
	if err != nil {
		return err
	}
	owing, err := s.db.PledgesOwed(r.Context(), code, today)
	if err != nil {
		return err
	}
	p := currentOf(r).Principal
	d := pledgeUnitData{Unit: code, Name: u.Name, Owing: owing, Office: p.CityOffice() || p.Admin}
	ed, acks, ok, err := s.db.AcksOwedIn(r.Context(), code, today)
	if err != nil {
		return err
	}
	if ok {
		d.Edition, d.AckOwing = &ed, acks
	}
	return s.render(w, r, http.StatusOK, "training_pledge_unit", s.newPage(w, r, "pledges.unit.title", d))
}
