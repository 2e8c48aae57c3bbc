package web

// reviewMessages are the messages of the yearly review of the standard
// (11.1.8, 11.3).
func reviewMessages() map[string]map[string]string {
	return map[string]map[string]string{
		langJA: {
			"review.title":     "対策基準の見直し",
			"review.lead":      "監査の指摘、自己点検の「いいえ」、常時点検の検出が前年度と今年度に繰り返された条項を挙げ、条項ごとに見直す・維持する・点検ルールを追加するを CISO の事務局が決定し、次の版に結び付けます（11.1.8、11.3）。",
			"review.year":      "年度",
			"review.caption":   "指摘が繰り返された条項（前年度 → 今年度）",
			"review.provision": "条項",
			"review.audit":     "監査の指摘",
			"review.selfcheck": "自己点検の「いいえ」",
			"review.check":     "常時点検の検出",
			"review.decision":  "判断",
			"review.reason":    "理由",
			"review.none":      "繰り返された指摘はありません",
			"review.next":      "次の版（対策基準）",
			"review.next.none": "未定",
			"review.note":      "所見",
			"review.decide":    "見直しを決定する",
			"review.decided":   "決定",
			// 11.1.3: the plan page's risk per system, beside each 課's.
			"audits.risk.systems": "情報システムごとのリスク（常時点検の未解決の検出、最後の監査）",
			"audits.risk.system":  "情報システム",
		},
		langEN: {
			"review.title":        "Review of the standard",
			"review.lead":         "The provisions whose audit findings, self-check \"no\" answers or continuous-check findings came back over last year and this; for each the CISO's office decides to revise it, keep it or add a check rule, linked to the next edition (11.1.8, 11.3).",
			"review.year":         "fiscal year",
			"review.caption":      "Provisions with repeated findings (last year → this year)",
			"review.provision":    "Provision",
			"review.audit":        "Audit findings",
			"review.selfcheck":    "Self-check \"no\"",
			"review.check":        "Continuous checks",
			"review.decision":     "Decision",
			"review.reason":       "Reason",
			"review.none":         "No repeated findings",
			"review.next":         "Next edition (catalog)",
			"review.next.none":    "Not yet",
			"review.note":         "Notes",
			"review.decide":       "Decide the review",
			"review.decided":      "Decided",
			"audits.risk.systems": "Risk per information system (open continuous-check findings, last audit)",
			"audits.risk.system":  "Information system",
		},
	}
}
