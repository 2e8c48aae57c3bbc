package web

import (
	"net/http"

	"kijun/internal/access"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

type pledgeData struct {
	Pledge store.Pledge
	// Due: the person has yet to give it; every other page waits.
	Due bool
}

// handlePledgeForm shows the 誓約 a 臨時の任用職員 gives before their
// account works (7.1.2).
func (s *Server) handlePledgeForm(w http.ResponseWriter, r *http.Request) error {
	cur := currentOf(r)
	if cur.Next != access.StepPledge {
		http.Redirect(w, r, stepPath(cur.Next), http.StatusSeeOther)
		return nil
	}
	p, err := s.db.PledgeInForce(r.Context(), organisation.Day(s.db.Now()))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "pledge", s.newPage(w, r, "pledge.title", pledgeData{Pledge: p, Due: true}))
}

// handlePledge records the person's pledge: the acknowledgement of the
// pledge in force, dated and recorded (7.1.2). Their account then works.
func (s *Server) handlePledge(w http.ResponseWriter, r *http.Request) error {
	cur := currentOf(r)
	if cur.Next != access.StepPledge {
		http.Redirect(w, r, stepPath(cur.Next), http.StatusSeeOther)
		return nil
	}
	if r.PostFormValue("agree") == "" {
		return kijun.Errorf(kijun.EINVALID, "誓約の内容を確認し、「誓約します」にチェックしてください")
	}
	p, err := s.db.PledgeInForce(r.Context(), organisation.Day(s.db.Now()))
	if err != nil {
		return err
	}
	by, err := s.trainer(r)
	if err != nil {
		return err
	}
	if err := s.db.Acknowledge(r.Context(), by, p.Edition.ID); err != nil {
		return err
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}
