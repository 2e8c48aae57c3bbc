package web

// alignMessages are the messages of the review of a city standard's
// alignment with the reference.
func alignMessages() map[string]map[string]string {
	return map[string]map[string]string{
		langJA: {
			"align.title":           "対策基準の対応の確認",
			"align.lead":            "市の対策基準の各規定が参照基準のどの規定に当たるかの案です。確かでないものから順に並んでいます。採用・却下・変更・追加で確定すると、点検・申請・設問が確定した対応を通じて市の規定に適用されます（11.3）。",
			"align.summary":         "%s 第%s版 → %s: %d 規定、未確認 %d",
			"align.table":           "対応案（確かでないものから）",
			"align.col.city":        "市の規定",
			"align.col.proposed":    "参照基準の候補（類似度・関係）",
			"align.col.doubt":       "不確かさ",
			"align.col.state":       "状態・確定した対応",
			"align.col.decide":      "確認",
			"align.none":            "候補なし（市独自の規定）",
			"align.accept":          "採用",
			"align.reject":          "却下（対応なし）",
			"align.change":          "変更",
			"align.add":             "追加",
			"align.target":          "対応先",
			"align.relationship":    "関係",
			"align.status.proposed": "未確認",
			"align.status.accepted": "採用",
			"align.status.rejected": "却下",
			"align.status.changed":  "変更",
			"align.status.added":    "追加",
		},
		langEN: {
			"align.title":           "Review of the standard's alignment",
			"align.lead":            "Which provision of the reference standard each provision of the city's standard corresponds to, as proposed, least certain first. Once confirmed (accept, reject, change, add), checks, permits and questions apply to the city's provisions through the confirmed alignment (11.3).",
			"align.summary":         "%s edition %s → %s: %d provisions, %d not yet reviewed",
			"align.table":           "Proposed alignments (least certain first)",
			"align.col.city":        "City provision",
			"align.col.proposed":    "Reference candidates (score, relationship)",
			"align.col.doubt":       "Doubt",
			"align.col.state":       "State and confirmed alignment",
			"align.col.decide":      "Review",
			"align.none":            "No candidate (the city's own provision)",
			"align.accept":          "Accept",
			"align.reject":          "Reject (no counterpart)",
			"align.change":          "Change",
			"align.add":             "Add",
			"align.target":          "Reference provision",
			"align.relationship":    "Relationship",
			"align.status.proposed": "Not reviewed",
			"align.status.accepted": "Accepted",
			"align.status.rejected": "Rejected",
			"align.status.changed":  "Changed",
			"align.status.added":    "Added",
		},
	}
}
