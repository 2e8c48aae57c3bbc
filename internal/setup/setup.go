// Package setup says what a new city still lacks before Kijun can run its
// standard: the steps of its first day, in the order they build on each
// other, each with where it is done. `kijun setup status` prints them and
// the administrator's setup page shows them; the first `serve` on an empty
// database points to that page.
package setup

import (
	"fmt"
	"strings"
)

// State is what the setup steps are judged on, read from the database (and,
// for OIDC, from the server's configuration).
type State struct {
	CityName string
	// Catalog is the standard in force, key@edition; "" when none is.
	Catalog string
	// Units counts the organisation units in force today, Sections the
	// 課 among them.
	Units, Sections int
	// People counts the people in service today.
	People int
	// CityRolesUnset names the city-wide roles of 3.1 nobody holds today;
	// SectionsUnset counts the 課 with no 情報管理者; SystemsUnset the
	// systems lacking a 業務システム責任者 or 管理者.
	CityRolesUnset []string
	SectionsUnset  int
	SystemsUnset   int
	// Accounts counts the accounts linked to a person; OIDC says sign-in
	// through the city's identity provider is configured.
	Accounts int
	OIDC     bool
	// Mail says an SMTP server is set.
	Mail bool
	// Assets and Systems count the registers' records.
	Assets, Systems int
}

// Step is one thing a new city does, done or not.
type Step struct {
	Key     string
	Title   string // Japanese
	TitleEN string
	Done    bool
	// Detail says what is missing, or what is there.
	Detail string
	// Link is the page where the step is done; Command the console's way.
	Link, Command string
}

// Steps judges s: the city's name, the standard, the organisation, its
// people, the roles of 3.1, sign-in, mail and the registers.
func Steps(s State) []Step {
	steps := []Step{
		{Key: "city", Title: "団体名", TitleEN: "City name", Done: s.CityName != "",
			Detail: or(s.CityName, "団体名が設定されていません"), Command: "kijun config set city.name 〇〇市"},
		{Key: "standard", Title: "施行中の対策基準", TitleEN: "Standard in force", Done: s.Catalog != "",
			Detail: or(s.Catalog, "施行中の対策基準がありません"), Link: "/standard", Command: "kijun catalog load --default FILE"},
		{Key: "organisation", Title: "組織（組織マスタ）", TitleEN: "Organisation units", Done: s.Sections > 0,
			Detail: fmt.Sprintf("組織 %d（うち課 %d）", s.Units, s.Sections), Link: "/org", Command: "kijun org units import FILE"},
		{Key: "people", Title: "職員等（人事異動）", TitleEN: "People", Done: s.People > 0,
			Detail: fmt.Sprintf("在職者 %d 人", s.People), Link: "/org/import", Command: "kijun org import FILE"},
	}
	roles := Step{Key: "roles", Title: "役割の任命（3.1）", TitleEN: "Roles of 3.1", Link: "/org/roles#appoint", Command: "kijun org appoint ROLE STAFF_NO --from DATE"}
	switch {
	case len(s.CityRolesUnset) > 0:
		roles.Detail = "未任命: " + strings.Join(s.CityRolesUnset, "・")
	case s.SectionsUnset > 0:
		roles.Detail = fmt.Sprintf("情報管理者のいない課が %d あります", s.SectionsUnset)
	case s.SystemsUnset > 0:
		roles.Detail = fmt.Sprintf("業務システム責任者又は管理者のいない情報システムが %d あります", s.SystemsUnset)
	case s.People == 0:
		roles.Detail = "職員等がいません"
	default:
		roles.Done, roles.Detail = true, "全庁の役割、各課の情報管理者、各情報システムの責任者・管理者がそろっています"
	}
	steps = append(steps, roles,
		Step{Key: "accounts", Title: "利用者ID又は市の認証基盤（OIDC）", TitleEN: "Accounts or OIDC", Done: s.Accounts > 0 || s.OIDC,
			Detail: accountsDetail(s), Link: "/admin/accounts"},
		Step{Key: "mail", Title: "メール（SMTP）", TitleEN: "Mail", Done: s.Mail,
			Detail:  map[bool]string{true: "SMTP サーバが設定されています", false: "SMTP サーバが設定されていません（通知・督促が送れません）"}[s.Mail],
			Command: "kijun config set smtp.host HOST"},
		Step{Key: "registers", Title: "台帳（情報資産・情報システム）", TitleEN: "Registers", Done: s.Assets > 0 && s.Systems > 0,
			Detail: fmt.Sprintf("情報資産 %d、情報システム %d", s.Assets, s.Systems), Link: "/assets/import", Command: "kijun assets import FILE"},
	)
	return steps
}

// Missing returns the steps not yet done, in order.
func Missing(steps []Step) []Step {
	var out []Step
	for _, st := range steps {
		if !st.Done {
			out = append(out, st)
		}
	}
	return out
}

func accountsDetail(s State) string {
	switch {
	case s.OIDC:
		return "市の認証基盤でログインできます"
	case s.Accounts > 0:
		return fmt.Sprintf("職員の利用者ID %d", s.Accounts)
	}
	return "職員の利用者IDがありません（初期管理者だけです）"
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
