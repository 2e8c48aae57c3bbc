package web

import (
	"net/http"
	"time"

	"kijun/internal/wareki"
)

// Languages Kijun speaks: Japanese first, English second.
const (
	langJA = "ja"
	langEN = "en"
)

// messages holds every string a page shows, by language. A key missing from
// English falls back to Japanese; a key missing from both shows itself, which
// the template test catches. Each part of Kijun keeps its messages in a file
// of its own; they are merged here.
func messages() map[string]map[string]string {
	all := map[string]map[string]string{langJA: {}, langEN: {}}
	for _, set := range []map[string]map[string]string{
		coreMessages(),
		catalogMessages(),
		organisationMessages(),
		reorgMessages(), // the 組織改正 of the CISO's office
		accessMessages(),
		mailMessages(), // a person's mail settings, on their account page
		assetMessages(),
		systemMessages(),
		deviceMessages(),
		incidentMessages(),
		complianceMessages(),
		importMessages(),
		permitMessages(),
		auditMessages(),      // chapter 11: audits and corrective actions
		contractorMessages(), // chapter 10: contractors, contracts, 再委託
		operationsMessages(), // chapter 8's operations records
		soaMessages(),        // the statement of applicability and the self-check
		trainingMessages(),
		// 7.2.2オ, 7.2.4 training files as uploads
		trainingImportMessages(),
		// 7.1.2, 7.1.3 who of a 課 has not pledged or acknowledged
		pledgeOwedMessages(),
		// 7.4.2イ changing and disabling shared IDs
		sharedEditMessages(),
		alignMessages(), // the review of a city standard's alignment with the reference
		workMessages(),  // findings as work, and each person's home
		homeMessages(),
		chartMessages(),      // charts and pickers
		importWorkMessages(), // organisation files imported as uploads
		stocktakeMessages(),  // 9.2.2 利用状況調査
		reviewMessages(),     // 11.3 the yearly review of the standard
		// the statement of a city's own standard, through its alignment
		soaThroughMessages(),
		contractReturnMessages(),
		incidentContractorMessages(),
		contractCheckMessages(),
		drillMessages(),     // 7.2.3: the yearly plan of 緊急時対応訓練
		checklistMessages(), // 8.3.1 to 8.3.5: a system's stage and checklists
		valueMessages(),     // the registers' values (stages, zones, states) in English
		noticeMessages(),    // 8.6.2: security notices
		vulnChartMessages(), // 8.6.1: open security holes per 局 on the dashboard
		serviceMessages(),   // 10.2: the register of 外部サービス
		// 11.1.6: disposal of audit evidence by permit
		auditDisposalMessages(),
		pledgeMessages(), // 7.1.2 誓約, 7.4.2イ shared IDs at sign-in
		permitFieldMessages(),
		pledgeAdminMessages(), // 7.1.2 registering the 誓約, 7.4.2イ making shared IDs
		// 9.2.1ア, イ: evidence of the work on a finding
		findingEvidenceMessages(),
		// English mode's leftovers: the home page's kinds of thing due, permit choices
		langLeftoverMessages(),
	} {
		for lang, msgs := range set {
			for k, v := range msgs {
				all[lang][k] = v
			}
		}
	}
	return all
}

// coreMessages are the messages of the layout, the home page and the ledger.
func coreMessages() map[string]map[string]string {
	return map[string]map[string]string{
		langJA: {
			"app.name":             "Kijun 基準",
			"app.tagline":          "情報セキュリティ対策基準を実行可能にする",
			"nav.home":             "ホーム",
			"nav.records":          "記録台帳",
			"nav.org":              "組織・役割",
			"nav.api":              "API",
			"nav.skip":             "本文へ移動",
			"nav.main":             "メインメニュー",
			"lang.switch":          "English",
			"lang.switch.label":    "Switch to English",
			"home.title":           "ホーム",
			"home.lead":            "Kijun は、地方公共団体の情報セキュリティ対策基準をデータとして保持し、基準が求める台帳・許可・記録・インシデント対応を一つの仕組みで運用し、台帳を基準に照らして常時点検するシステムです。",
			"home.users":           "CISO 室、CSIRT、情報管理者（課長）、業務システム管理者、監査担当、そして全職員が利用します。",
			"home.status":          "稼働状況",
			"home.city":            "団体名",
			"home.city.unset":      "未設定（kijun demo でデモデータを読み込めます）",
			"home.fy":              "今年度",
			"home.today":           "本日",
			"home.ledger":          "記録台帳",
			"home.ledger.count":    "件の記録",
			"home.checkpoint":      "最新の署名付きチェックポイント",
			"home.checkpoint.none": "まだありません",
			"home.now":             "いまできること",
			"home.now.records":     "記録台帳: すべての変更が改ざん検知可能な記録として残ります（4.4）。",
			"home.now.standard":    "対策基準: 全条項を章ごとに閲覧・検索し、各条項の運用方法と他の基準（NIST SP 800-53）との対応を確認できます。",
			"home.now.api":         "API 仕様（OpenAPI 3.1）",
			"home.now.health":      "稼働確認とメトリクス",
			"records.title":        "記録台帳",
			"history.behalf":       "%s の代行",
			"records.lead":         "Kijun で行われたすべての変更の記録です。各記録の SHA-256 ハッシュは直前の記録のハッシュを含むため、過去の記録の改ざん・削除・並べ替えは検証で必ず見つかります（4.4、8.1.5イ）。",
			"records.seq":          "番号",
			"records.at":           "日時（日本時間）",
			"records.actor":        "実行者",
			"records.behalf":       "代行元",
			"records.action":       "操作",
			"records.entity":       "対象",
			"records.provisions":   "根拠条項",
			"records.hash":         "ハッシュ",
			"records.digest":       "新しい状態のダイジェスト",
			"records.older":        "さらに古い記録",
			"records.empty":        "記録はありません。",
			"records.caption":      "記録の一覧（新しい順）",
			"records.search":       "記録の検索",
			"records.search.actor": "実行者（職員番号）",
			"records.search.any":   "すべて",
			"records.search.id":    "対象の番号",
			"records.search.from":  "開始日",
			"records.search.to":    "終了日",
			"records.search.go":    "検索",
			"records.search.clear": "条件を消す",
			"records.pages":        "記録のページ",
			"records.newest":       "最新の記録",
			"record.title":         "記録",
			"error.title":          "エラー",
			"error.back":           "ホームへ戻る",
			"error.not_found":      "ページが見つかりません。",
			"error.internal":       "システムエラーが発生しました。時間をおいて再度お試しください。",
			"footer.version":       "バージョン",
		},
		langEN: {
			"app.tagline":          "Making the information security standard executable",
			"nav.home":             "Home",
			"nav.records":          "Record ledger",
			"nav.org":              "Organisation",
			"nav.skip":             "Skip to main content",
			"nav.main":             "Main menu",
			"lang.switch":          "日本語",
			"lang.switch.label":    "日本語に切り替える",
			"home.title":           "Home",
			"home.lead":            "Kijun holds a local government's information security standard as data and runs the registers, permissions, records and incident response it requires in one system, checking the registers against it continuously.",
			"home.users":           "It serves the CISO's office, CSIRT, section chiefs, system owners, auditors and every member of staff.",
			"home.status":          "Status",
			"home.city":            "Organisation",
			"home.city.unset":      "not set (kijun demo loads demo data)",
			"home.fy":              "Fiscal year",
			"home.today":           "Today",
			"home.ledger":          "Record ledger",
			"home.ledger.count":    "records",
			"home.checkpoint":      "Latest signed checkpoint",
			"home.checkpoint.none": "none yet",
			"home.now":             "What you can do now",
			"home.now.records":     "Record ledger: every change is kept as a tamper-evident record (4.4).",
			"home.now.standard":    "The standard: browse and search every provision by chapter, with how Kijun operationalises it and its mappings to NIST SP 800-53.",
			"home.now.api":         "API description (OpenAPI 3.1)",
			"home.now.health":      "Health check and metrics",
			"records.title":        "Record ledger",
			"history.behalf":       "on behalf of %s",
			"records.lead":         "Every change made in Kijun. Each record's SHA-256 hash covers the previous record's hash, so editing, deleting or reordering a past record is always found by verification (4.4, 8.1.5イ).",
			"records.seq":          "No.",
			"records.at":           "Time (JST)",
			"records.actor":        "Actor",
			"records.behalf":       "On behalf of",
			"records.action":       "Action",
			"records.entity":       "Subject",
			"records.provisions":   "Provisions",
			"records.hash":         "Hash",
			"records.digest":       "Digest of the new state",
			"records.older":        "Older records",
			"records.empty":        "No records.",
			"records.caption":      "Records, newest first",
			"records.search":       "Search the records",
			"records.search.actor": "Actor (staff number)",
			"records.search.any":   "Any",
			"records.search.id":    "Subject number",
			"records.search.from":  "From",
			"records.search.to":    "To",
			"records.search.go":    "Search",
			"records.search.clear": "Clear",
			"records.pages":        "Pages of records",
			"records.newest":       "Newest records",
			"record.title":         "Record",
			"error.title":          "Error",
			"error.back":           "Back to home",
			"error.not_found":      "Page not found.",
			"error.internal":       "Something went wrong. Please try again later.",
			"footer.version":       "Version",
		},
	}
}

// requestLang picks the language: ?lang= (remembered in a cookie), then the
// cookie, then Japanese.
func requestLang(w http.ResponseWriter, r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == langJA || l == langEN {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
		return l
	}
	if c, err := r.Cookie("lang"); err == nil && (c.Value == langJA || c.Value == langEN) {
		return c.Value
	}
	return langJA
}

// formatDate shows a date as staff read it: 和暦 in Japanese, with the
// Gregorian date in English.
func formatDate(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if lang == langEN {
		return t.In(wareki.JST()).Format("2 Jan 2006") + " (" + wareki.Year(t) + ")"
	}
	return wareki.Date(t)
}

func formatDateTime(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if lang == langEN {
		return t.In(wareki.JST()).Format("2 Jan 2006 15:04:05")
	}
	return wareki.Date(t) + " " + t.In(wareki.JST()).Format("15:04:05")
}
