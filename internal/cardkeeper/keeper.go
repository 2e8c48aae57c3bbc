// Package cardkeeper is the one way the register of ID cards (7.4.1) is
// written: the page, the import and the console pass one gate, a Keeper,
// which the store asks inside each write's transaction.
//
// Who may do what: the 情報基盤管理者 and the 業務システム管理者 keep the
// cards (7.4.1ア) — Kijun gives issuing, taking back and destroying to the
// CISO's office (where the 情報基盤管理者 sits) and administrators; a
// person reports their own card lost (イ(3)), as the 情報管理者 of the
// card's 課 may for them; the console operator is trusted as an
// administrator. A loss report queues a mail to the 情報管理者 in the
// transaction that stops the card (ウ).
package cardkeeper

import (
	"context"
	"fmt"
	"time"

	"kijun/internal/access"
	"kijun/internal/idcards"
	"kijun/internal/notify"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// Keeper is who writes to the register of cards.
type Keeper struct {
	issues bool
	person string
	units  map[string]bool // 課 whose 情報管理者 they act as
}

// Issues reports whether the keeper issues, takes back and destroys cards.
func (k *Keeper) Issues() bool { return k != nil && k.issues }

// ReportsFor reports whether the keeper may report lost the card of holder
// in 課 unit.
func (k *Keeper) ReportsFor(holder, unit string) bool {
	if k == nil {
		return false
	}
	return k.issues || holder != "" && holder == k.person || k.units[unit]
}

// Console is the keeper of a command at the console.
func Console() *Keeper { return &Keeper{issues: true} }

// KeeperOf builds the keeper of a signed-in person today.
func KeeperOf(p *access.Principal) *Keeper {
	if p == nil || !p.MayWrite() {
		return &Keeper{}
	}
	k := &Keeper{person: p.StaffNo, units: map[string]bool{}, issues: p.Admin || p.CityOffice()}
	for _, a := range p.Roles {
		if a.Holder.Role == organisation.RoleInfoManager && a.Holder.Scope.Kind == organisation.ScopeUnit {
			k.units[a.Holder.Scope.ID] = true
		}
	}
	return k
}

// Import issues the cards of a register file, all or none.
func Import(ctx context.Context, db *store.DB, by *Keeper, name string, data []byte, dryRun bool) ([]idcards.Card, error) {
	rows, err := idcards.ReadFile(name, data)
	if err != nil {
		return nil, err
	}
	return db.IssueCards(ctx, by, rows, dryRun)
}

// ReportLost stops a card at once and tells the 情報管理者 of its 課 by
// mail, through the queue, in the same transaction (7.4.1イ(3), ウ). With
// no notifier (the console without mail) the report is recorded only.
// version is the card's version read, or 0 for the card as it is now (see
// store.DB.ReportCardLost: a loss is never held back).
func ReportLost(ctx context.Context, db *store.DB, n *notify.Notifier, by *Keeper, number string, version int64, day time.Time) (idcards.Card, error) {
	return db.ReportCardLost(ctx, by, number, version, day, func(tx *store.Tx, c idcards.Card, manager string) error {
		if n == nil || manager == "" {
			return nil
		}
		who := c.Holder
		if who == "" {
			who = "課 " + c.Unit + " の共用カード"
		}
		return n.Queue(ctx, tx, notify.Mail{To: []string{manager},
			Subject: "【ID カード紛失】" + c.Number + " を停止しました",
			Body: fmt.Sprintf("%s（%s）の紛失が %s に報告され、このカードによるアクセスを停止しました（7.4.1ウ）。\n\n"+
				"紛失の状況を確かめ、本人に指示してください（7.4.1イ(3)）。情報の漏えいのおそれがあれば、インシデントとして報告してください（7.3.1）。",
				c.Kind.Label(), c.Number+"、"+who, organisation.FormatDate(day)),
			Link: "/cards"})
	})
}
