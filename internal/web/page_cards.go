package web

import (
	"net/http"
	"net/url"
	"strconv"

	"kijun/internal/cardkeeper"
	"kijun/internal/idcards"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

type cardsData struct {
	Mine     []idcards.Card
	Issues   bool
	All      []idcards.Card
	Leavers  []idcards.Card
	Replaced []idcards.Card
	Error    string
	Done     string
}

// handleCards shows a person their ID cards with the loss report
// (7.4.1イ(3)), and the 情報基盤管理者's office the register with the
// cards still owed: leavers' not returned, replaced not destroyed (エ).
func (s *Server) handleCards(w http.ResponseWriter, r *http.Request) error {
	d := &cardsData{Done: r.URL.Query().Get("done")}
	return s.renderCards(w, r, http.StatusOK, d)
}

func (s *Server) renderCards(w http.ResponseWriter, r *http.Request, status int, d *cardsData) error {
	p := currentOf(r).Principal
	var err error
	if d.Mine, err = s.db.Cards(r.Context(), store.CardFilter{Holder: p.StaffNo}); err != nil {
		return err
	}
	if d.Issues = cardkeeper.KeeperOf(p).Issues(); d.Issues {
		if d.All, err = s.db.Cards(r.Context(), store.CardFilter{}); err != nil {
			return err
		}
		if d.Leavers, d.Replaced, err = s.db.CardsOwed(r.Context(), organisation.Day(s.db.Now())); err != nil {
			return err
		}
	}
	return s.render(w, r, status, "cards", s.newPage(w, r, "cards.title", d))
}

// cardStep runs one step on the card in the path at the version the page
// showed (the form's version; the store compares it in the write's
// transaction) and shows the register again, with the refusal beside it
// if any: a card changed since it was shown is a conflict.
func (s *Server) cardStep(w http.ResponseWriter, r *http.Request, step func(k *cardkeeper.Keeper, number string, version int64) (idcards.Card, error), done string) error {
	number := r.PathValue("number")
	version, _ := strconv.ParseInt(r.FormValue("version"), 10, 64)
	_, err := step(cardkeeper.KeeperOf(currentOf(r).Principal), number, version)
	switch kijun.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/cards?done="+url.QueryEscape(done+": "+number), http.StatusSeeOther)
		return nil
	case kijun.ECONFLICT, kijun.EINVALID, kijun.EFORBIDDEN, kijun.ENOTFOUND:
		return s.renderCards(w, r, statusOf(err), &cardsData{Error: kijun.ErrorMessage(err)})
	}
	return err
}

// handleCardLost stops a card reported lost and tells the 情報管理者
// (7.4.1イ(3), ウ). Its form sends no version: a loss is never held back
// for a stale page (see store.DB.ReportCardLost).
func (s *Server) handleCardLost(w http.ResponseWriter, r *http.Request) error {
	return s.cardStep(w, r, func(k *cardkeeper.Keeper, number string, version int64) (idcards.Card, error) {
		return cardkeeper.ReportLost(r.Context(), s.db, s.mailer, k, number, version, organisation.Day(s.db.Now()))
	}, "紛失を報告し、停止しました")
}

// handleCardReturn records a card taken back.
func (s *Server) handleCardReturn(w http.ResponseWriter, r *http.Request) error {
	return s.cardStep(w, r, func(k *cardkeeper.Keeper, number string, version int64) (idcards.Card, error) {
		return s.db.ReturnCard(r.Context(), k, number, version, organisation.Day(s.db.Now()))
	}, "返却を記録しました")
}

// handleCardDestroy records a returned card destroyed (7.4.1エ).
func (s *Server) handleCardDestroy(w http.ResponseWriter, r *http.Request) error {
	return s.cardStep(w, r, func(k *cardkeeper.Keeper, number string, version int64) (idcards.Card, error) {
		return s.db.DestroyCard(r.Context(), k, number, version, organisation.Day(s.db.Now()))
	}, "廃棄を記録しました")
}
