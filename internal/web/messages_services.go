package web

// serviceMessages are the messages of the register of 外部サービス (10.2).
func serviceMessages() map[string]map[string]string {
	return map[string]map[string]string{
		langJA: {
			"services.title":         "外部サービス",
			"services.lead":          "本市が利用する外部サービス（10.2）と、そこに置く情報資産の台帳です。CISO の利用基準により、約款による外部サービスには機密性3の情報を置けず、機密性2以上の情報は ISMAP に登録されたサービスに限られます。",
			"services.count":         "%d 件",
			"services.new.title":     "外部サービスの登録",
			"services.edit.title":    "外部サービスの変更",
			"services.back":          "外部サービスの一覧へ",
			"services.id":            "サービスID",
			"services.name":          "サービスの名称",
			"services.provider":      "提供者",
			"services.contractor":    "提供者の事業者ID（委託事業者の台帳にある場合）",
			"services.kind":          "利用の形態（約款・契約）",
			"services.ismap_number":  "ISMAP 登録番号",
			"services.ismap_expires": "ISMAP 登録の有効期限",
			"services.systems":       "利用する情報システム",
			"services.assets":        "置く情報資産",
			"services.class":         "最も高い機密性",
			"services.note":          "備考",
			"services.findings":      "利用基準に照らした指摘",
			"services.nofindings":    "指摘はありません。",
		},
		langEN: {
			"services.title":         "External services",
			"services.lead":          "The external services the city uses (10.2) and the information assets put on them. By the CISO's usage rules no 機密性3 information goes on a service used on standard terms, and 機密性2 or above only on a service registered with ISMAP.",
			"services.count":         "%d services",
			"services.new.title":     "Register an external service",
			"services.edit.title":    "Change an external service",
			"services.back":          "Back to external services",
			"services.id":            "Service ID",
			"services.name":          "Service name",
			"services.provider":      "Provider",
			"services.contractor":    "Provider's contractor ID (if in the contractor register)",
			"services.kind":          "Used on (standard terms or contract)",
			"services.ismap_number":  "ISMAP registration number",
			"services.ismap_expires": "ISMAP registration expires",
			"services.systems":       "Systems using it",
			"services.assets":        "Information assets put on it",
			"services.class":         "Highest confidentiality",
			"services.note":          "Note",
			"services.findings":      "Findings against the usage rules",
			"services.nofindings":    "No findings.",
		},
	}
}
