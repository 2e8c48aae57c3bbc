package web

// pledgeOwedMessages are the words of the list of a 課's people who have
// not yet given the pledge (7.1.2).
func pledgeOwedMessages() map[string]map[string]string {
	return map[string]map[string]string{
		langJA: {
			"pledges.unit.title":     "誓約書の未提出者（7.1.2）",
			"pledges.unit.lead":      "%s（%s）の臨時の任用職員のうち、まだ誓約書を提出していない人です。",
			"pledges.unit.caption":   "%s の未提出者",
			"pledges.unit.staff":     "職員番号",
			"pledges.unit.name":      "氏名",
			"pledges.unit.since":     "提出が必要になった日",
			"pledges.unit.none":      "未提出の人はいません。",
			"pledges.unit.link":      "未提出者",
			"pledges.unit.acks":      "教材「%s」（%s）の受領確認をしていない人（7.1.3）",
			"pledges.unit.acks.none": "全員が受領確認をしています。",
		},
		langEN: {
			"pledges.unit.title":     "People yet to give the pledge (7.1.2)",
			"pledges.unit.lead":      "Temporary staff of %s (%s) who have not yet given the pledge.",
			"pledges.unit.caption":   "Yet to pledge in %s",
			"pledges.unit.staff":     "Staff number",
			"pledges.unit.name":      "Name",
			"pledges.unit.since":     "Owed since",
			"pledges.unit.none":      "Nobody is yet to pledge.",
			"pledges.unit.link":      "Who has not",
			"pledges.unit.acks":      "Yet to acknowledge the material %s (%s) (7.1.3)",
			"pledges.unit.acks.none": "Everyone has acknowledged it.",
		},
	}
}
