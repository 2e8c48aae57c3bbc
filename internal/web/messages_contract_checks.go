package web

// contractCheckMessages are the messages of the periodic checks of a
// contractor's security under a contract (10.1.3).
func contractCheckMessages() map[string]map[string]string {
	return map[string]map[string]string{
		langJA: {
			"contracts.checks":          "委託先の確認・措置（10.1.3）",
			"contracts.checks.lead":     "契約の締結後も、委託先の情報セキュリティの取組みの実施状況を定期的に確認します（報告の徴収・立入検査）。要是正の結果は是正措置の台帳に登録されます。",
			"contracts.checks.months":   "確認の間隔（月）",
			"contracts.checks.noplan":   "確認の間隔が設定されていません。",
			"contracts.checks.next":     "次の確認の期日",
			"contracts.checks.overdue":  "期日超過",
			"contracts.checks.setplan":  "確認の間隔を設定",
			"contracts.checks.none":     "確認の記録はありません。",
			"contracts.checks.on":       "確認した日",
			"contracts.checks.kind":     "確認の方法",
			"contracts.checks.checker":  "確認した職員",
			"contracts.checks.result":   "結果",
			"contracts.checks.note":     "指摘事項・備考",
			"contracts.checks.evidence": "根拠資料の SHA-256",
			"contracts.checks.action":   "是正措置",
			"contracts.checks.new":      "確認の結果を記録",
		},
		langEN: {
			"contracts.checks":          "Checks of the contractor (10.1.3)",
			"contracts.checks.lead":     "After the contract is made, the contractor's security is checked regularly (its report, an on-site inspection). A result that calls for correction opens a corrective action.",
			"contracts.checks.months":   "Interval (months)",
			"contracts.checks.noplan":   "No interval of checks is set.",
			"contracts.checks.next":     "Next check due",
			"contracts.checks.overdue":  "Overdue",
			"contracts.checks.setplan":  "Set the interval",
			"contracts.checks.none":     "No checks are recorded.",
			"contracts.checks.on":       "Checked on",
			"contracts.checks.kind":     "Kind",
			"contracts.checks.checker":  "Checked by",
			"contracts.checks.result":   "Result",
			"contracts.checks.note":     "Findings and notes",
			"contracts.checks.evidence": "SHA-256 of the evidence",
			"contracts.checks.action":   "Corrective action",
			"contracts.checks.new":      "Record a check",
		},
	}
}
