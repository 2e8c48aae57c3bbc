package web

// mailMessages are the messages of a person's mail settings (issue 6).
func mailMessages() map[string]map[string]string {
	return map[string]map[string]string{
		langJA: {
			"account.mail":         "メール通知",
			"account.mail.address": "送信先",
			"account.mail.none":    "未登録です。組織データの担当者に登録を依頼してください。",
			"account.mail.mode":    "受け取り方",
			"account.mail.each":    "その都度受け取る",
			"account.mail.digest":  "1日1通のまとめ（朝8時30分）で受け取る",
			"account.mail.save":    "受け取り方を保存",
			"account.mail.saved":   "受け取り方を保存しました。",
			"account.mail.bad":     "受け取り方を選んでください。",
		},
		langEN: {
			"account.mail":         "Mail",
			"account.mail.address": "Address",
			"account.mail.none":    "Not on file: ask whoever keeps the organisation data to add it.",
			"account.mail.mode":    "How you get mail",
			"account.mail.each":    "Each mail as it comes",
			"account.mail.digest":  "One digest a day (8:30 a.m.)",
			"account.mail.save":    "Save",
			"account.mail.saved":   "Saved.",
			"account.mail.bad":     "Choose how you get mail.",
		},
	}
}
