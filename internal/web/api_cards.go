package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"kijun/internal/cardkeeper"
	"kijun/internal/idcards"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// cardOperations are the JSON API of the register of ID cards (7.4.1):
// each person's own cards, the register for the 情報基盤管理者's office,
// issuing, a loss report that stops the card at once, taking back and
// destroying. Each write goes through the store's service the page (and
// the import) uses, with the keeper the page builds: the store decides
// who may write the card as it is.
func (s *Server) cardOperations() []operation {
	number := param{Name: "number", In: "path", Type: "string", Description: "the card's number", Required: true}
	ifMatch := " Send the ETag read in If-Match."
	return []operation{
		{
			Method: "GET", Path: "/api/v1/cards", ID: "listCards",
			Summary: "ID cards (7.4.1): one's own; the whole register and the cards owed back (7.4.1エ) for the 情報基盤管理者's office",
			Params: []param{{Name: "holder", In: "query", Type: "string", Description: "only this person's (the office)"},
				{Name: "unit", In: "query", Type: "string", Description: "only this 課's (the office)"}},
			Response: "CardList", Handler: s.apiCards,
		},
		{
			Method: "GET", Path: "/api/v1/cards/{number}", ID: "getCard",
			Summary: "One ID card, for its holder, its 課's 情報管理者 or the office; the ETag is its version",
			Params:  []param{number}, Response: "Card", Handler: s.apiCard,
		},
		{
			Method: "POST", Path: "/api/v1/cards", ID: "issueCard",
			Summary: "Issue a card (7.4.1ア, イ(1)) to a person or, shared, to a 課: by the 情報基盤管理者's office, checked as the register import checks " +
				"(a number never goes to two people, the person serves, the card it replaces is registered)",
			Request: "CardNew", Status: http.StatusCreated, Response: "Card", Handler: s.apiCardIssue, Rule: ruleCityOffice,
		},
		{
			Method: "POST", Path: "/api/v1/cards/{number}/lost", ID: "reportCardLost",
			Summary: "Report a card lost: it is stopped at once and its 課's 情報管理者 told (7.4.1イ(3), ウ); by its holder, that 情報管理者 or the office. " +
				"If-Match is optional here: a loss is never held back for a stale read",
			Params: []param{number}, Response: "Card", Handler: s.apiCardStep(func(r *http.Request, k *cardkeeper.Keeper, n string, v int64, day time.Time) (idcards.Card, error) {
				return cardkeeper.ReportLost(r.Context(), s.db, s.mailer, k, n, v, day)
			}, false),
		},
		{
			Method: "POST", Path: "/api/v1/cards/{number}/return", ID: "returnCard",
			Summary: "Record a card taken back (7.4.1エ), by the 情報基盤管理者's office." + ifMatch,
			Params:  []param{number}, Response: "Card", Handler: s.apiCardStep(func(r *http.Request, k *cardkeeper.Keeper, n string, v int64, day time.Time) (idcards.Card, error) {
				return s.db.ReturnCard(r.Context(), k, n, v, day)
			}, true), Rule: ruleCityOffice,
		},
		{
			Method: "POST", Path: "/api/v1/cards/{number}/destroy", ID: "destroyCard",
			Summary: "Record a returned card destroyed (7.4.1エ), by the 情報基盤管理者's office." + ifMatch,
			Params:  []param{number}, Response: "Card", Handler: s.apiCardStep(func(r *http.Request, k *cardkeeper.Keeper, n string, v int64, day time.Time) (idcards.Card, error) {
				return s.db.DestroyCard(r.Context(), k, n, v, day)
			}, true), Rule: ruleCityOffice,
		},
	}
}

func (s *Server) apiCards(w http.ResponseWriter, r *http.Request) error {
	p := currentOf(r).Principal
	ctx := r.Context()
	mine, err := s.db.Cards(ctx, store.CardFilter{Holder: p.StaffNo})
	if err != nil {
		return err
	}
	out := map[string]any{"mine": nonNil(mine)}
	// The register is the office's, as on the page; a read token reads it
	// too, as the office's page does.
	if p.Admin || p.CityOffice() {
		q := r.URL.Query()
		all, err := s.db.Cards(ctx, store.CardFilter{Holder: q.Get("holder"), Unit: q.Get("unit")})
		if err != nil {
			return err
		}
		leavers, replaced, err := s.db.CardsOwed(ctx, organisation.Day(s.db.Now()))
		if err != nil {
			return err
		}
		out["register"], out["leavers"], out["replaced"] = nonNil(all), nonNil(leavers), nonNil(replaced)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// cardFor reads the card in the path for who may see it: its holder, its
// 課's 情報管理者 or the office; anyone else is told it is not there.
func (s *Server) cardFor(r *http.Request) (idcards.Card, error) {
	c, err := s.db.Card(r.Context(), r.PathValue("number"))
	if err != nil {
		return c, err
	}
	p := currentOf(r).Principal
	k := cardkeeper.KeeperOf(p)
	if p.Admin || p.CityOffice() || c.Holder != "" && c.Holder == p.StaffNo || k.ReportsFor("", c.Unit) {
		return c, nil
	}
	return idcards.Card{}, kijun.Errorf(kijun.ENOTFOUND, "カード %s はありません", c.Number)
}

func (s *Server) apiCard(w http.ResponseWriter, r *http.Request) error {
	c, err := s.cardFor(r)
	if err != nil {
		return err
	}
	etag(w, int(c.Version))
	writeJSON(w, http.StatusOK, c)
	return nil
}

// cardNewJSON is the body of issueCard: one row of the register's file.
type cardNewJSON struct {
	Number   string `json:"number"`
	Kind     string `json:"kind"`
	Holder   string `json:"holder"`
	Unit     string `json:"unit"`
	IssuedOn string `json:"issued_on"`
	Replaces string `json:"replaces"`
	Note     string `json:"note"`
}

// cardFields are the register file's columns by the API's field names.
var cardFields = map[string]string{idcards.ColNumber: "number", idcards.ColKind: "kind", idcards.ColHolder: "holder",
	idcards.ColUnit: "unit", idcards.ColIssued: "issued_on", idcards.ColReplaces: "replaces", idcards.ColNote: "note"}

// cardOf reads a card to issue from the body, as the register's file is
// read: today when issued_on is left out.
func cardOf(j cardNewJSON, today time.Time) (idcards.Card, error) {
	c := idcards.Card{Number: strings.TrimSpace(j.Number), Holder: strings.TrimSpace(j.Holder), Unit: strings.TrimSpace(j.Unit),
		Replaces: strings.TrimSpace(j.Replaces), Note: j.Note, State: idcards.StateIssued, IssuedOn: today}
	var fe kijun.FieldErrors
	c.Kind, _ = idcards.ParseKind(strings.TrimSpace(j.Kind))
	if v := strings.TrimSpace(j.IssuedOn); v != "" {
		d, err := organisation.ParseDate(v)
		if err != nil {
			fe.Add("issued_on", "交付日 %q は YYYY-MM-DD の形で書いてください", v)
		}
		c.IssuedOn = d
	}
	if c.Holder != "" && c.Unit != "" {
		fe.Add("unit", "職員に交付したカードには共用の課を書きません（共用カードは職員番号を空欄に、7.4.1イ(1)）")
	}
	fe.Fields = append(fe.Fields, c.Check()...)
	fe.Text("note", "備考", c.Note, 500, true)
	return c, fe.AsError()
}

func (s *Server) apiCardIssue(w http.ResponseWriter, r *http.Request) error {
	var j cardNewJSON
	if err := decodeBody(r, &j); err != nil {
		return err
	}
	c, err := cardOf(j, organisation.Day(s.db.Now()))
	if err != nil {
		return err
	}
	got, err := s.db.IssueCards(r.Context(), cardkeeper.KeeperOf(currentOf(r).Principal), []idcards.Row{{Line: 1, Card: c}}, false)
	if ie := (*kijun.ImportError)(nil); errors.As(err, &ie) {
		// One card: its refusal names the body's fields.
		var fe kijun.FieldErrors
		for _, e := range ie.Errors {
			fe.Add(cardFields[e.Column], "%s", e.Reason)
		}
		return fe.AsError()
	}
	if err != nil {
		return err
	}
	if len(got) == 0 {
		return kijun.Errorf(kijun.ECONFLICT, "カード番号 %s は既に同じ内容で交付されています", c.Number)
	}
	saved, err := s.db.Card(r.Context(), c.Number)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/cards/"+saved.Number)
	etag(w, int(saved.Version))
	writeJSON(w, http.StatusCreated, saved)
	return nil
}

// apiCardStep runs one step on the card in the path through the store's
// service, with the page's keeper, at the version sent in If-Match: the
// store compares it in the write's transaction. versioned says If-Match
// is required; without it (a loss report, never held back for a stale
// read, 7.4.1ウ) the step is made on the card as it is (version 0).
func (s *Server) apiCardStep(step func(*http.Request, *cardkeeper.Keeper, string, int64, time.Time) (idcards.Card, error), versioned bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		var sent int64
		if versioned || r.Header.Get("If-Match") != "" {
			var err error
			if sent, err = ifMatchVersion(r); err != nil {
				return err
			}
		}
		c, err := step(r, cardkeeper.KeeperOf(currentOf(r).Principal), r.PathValue("number"), sent, organisation.Day(s.db.Now()))
		if err != nil {
			// The store refuses who may not write the card before it
			// compares versions: a conflict is told only to them.
			if sent != 0 && kijun.ErrorCode(err) == kijun.ECONFLICT {
				if now, rerr := s.db.Card(r.Context(), r.PathValue("number")); rerr == nil {
					err = staleVersion(err, sent, now.Version)
				}
			}
			return err
		}
		etag(w, int(c.Version))
		writeJSON(w, http.StatusOK, c)
		return nil
	}
}
