package web

// soaMessages are the messages of the statement of applicability and the
// self-check pages.
func soaMessages() map[string]map[string]string {
	return map[string]map[string]string{
		langJA: {
			"soa.title":         "適用宣言（Kijun での実装状況）",
			"soa.lead":          "各条項を Kijun の何が実装しているかを、コードが宣言するもの（点検ルール・申請の種類・記録・定期処理・画面・自己点検の設問）から計算して示します。手で数えた数字はありません。",
			"soa.total.line":    "%d 条項を Kijun が実装しています（全 %d 条項、本文のみ %d 条項）。",
			"soa.xlsx":          "Excel (.xlsx) で出力",
			"soa.oscal":         "OSCAL 1.1.2 component definition (JSON)",
			"soa.all":           "本文のみの条項も表示",
			"soa.only":          "実装済みの条項だけ表示",
			"soa.unknown":       "施行中の基準にない条項を指しているもの（直してください）:",
			"soa.chapters":      "章ごとの実装状況",
			"soa.provisions":    "条項ごとの実装",
			"soa.total":         "計",
			"soa.col.provision": "条項",
			"soa.col.headline":  "見出し",
			"soa.col.how":       "Kijun での実装",
			"nav.soa":           "適用宣言",
		},
		langEN: {
			"soa.title":         "Statement of applicability (what Kijun implements)",
			"soa.lead":          "For each provision, what in Kijun implements it, computed from what the code declares (compliance rules, permit types, ledger records, periodic jobs, pages, self-check questions). No figure is counted by hand.",
			"soa.total.line":    "Kijun implements %d provisions (of %d; %d are text only).",
			"soa.xlsx":          "Download as Excel (.xlsx)",
			"soa.oscal":         "OSCAL 1.1.2 component definition (JSON)",
			"soa.all":           "Show text-only provisions too",
			"soa.only":          "Show implemented provisions only",
			"soa.unknown":       "These point at provisions the standard in force does not have (fix them):",
			"soa.chapters":      "By chapter",
			"soa.provisions":    "By provision",
			"soa.total":         "Total",
			"soa.col.provision": "Provision",
			"soa.col.headline":  "Heading",
			"soa.col.how":       "Implemented by",
			"nav.soa":           "Statement of applicability",
		},
	}
}
