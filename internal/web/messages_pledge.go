package web

// pledgeMessages are the messages of the 誓約 of 臨時の任用職員 (7.1.2)
// and of signing in to a shared account (7.4.2イ).
func pledgeMessages() map[string]map[string]string {
	return map[string]map[string]string{
		langJA: {
			"pledge.title":     "職務上の義務の誓約（7.1.2）",
			"pledge.lead":      "臨時の任用職員は、情報セキュリティに関する職務上の義務を確認し誓約してから Kijun を利用します（7.1.2）。誓約するまで、他の画面は開けません。",
			"pledge.edition":   "版",
			"pledge.agree":     "上記の内容を確認し、遵守することを誓約します",
			"pledge.submit":    "誓約する",
			"signin.user":      "使用者の職員番号（共用IDのとき）",
			"signin.user.hint": "共用IDでログインするときは、使用するあなたの職員番号を入力します（7.4.2イ）。",
		},
		langEN: {
			"pledge.title":     "Pledge of duties (7.1.2)",
			"pledge.lead":      "A temporary appointee confirms and pledges to keep their information security duties before using Kijun (7.1.2). Other pages open once you have pledged.",
			"pledge.edition":   "Edition",
			"pledge.agree":     "I have read the above and pledge to keep it",
			"pledge.submit":    "Pledge",
			"signin.user":      "Staff number of the user (shared ID only)",
			"signin.user.hint": "When signing in with a shared ID, enter your own staff number (7.4.2イ).",
		},
	}
}
