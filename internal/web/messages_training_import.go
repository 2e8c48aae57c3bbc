package web

// trainingImportMessages are the words of the upload of a training file
// (7.2.2オ) and of a drill's results (7.2.4).
func trainingImportMessages() map[string]map[string]string {
	return map[string]map[string]string{
		langJA: {
			"trainimport.attendance.title": "受講記録の取込み（e ラーニング）",
			"trainimport.drill.title":      "標的型攻撃メール訓練の結果の取込み",
			"trainimport.lead":             "Excel（.xlsx）又は CSV（UTF-8・Shift_JIS）を取り込みます。すべての行を確認し、誤りが一つでもあれば何も取り込みません。課の情報管理者は自分の課の職員の分だけを取り込めます。",
			"trainimport.drill.lead":       "列: 職員番号・開封・クリック・報告。クリックした職員には追加研修を割り当てます。",
			"trainimport.course":           "訓練（研修コード）",
			"trainimport.follow":           "クリックした職員に割り当てる追加研修",
			"trainimport.choose":           "選んでください",
			"trainimport.nofollow":         "割り当てない",
			"trainimport.link.attendance":  "受講記録を取り込む",
			"trainimport.link.drill":       "訓練結果を取り込む",
		},
		langEN: {
			"trainimport.attendance.title": "Import attendance (e-learning)",
			"trainimport.drill.title":      "Import a phishing drill's results",
			"trainimport.lead":             "Imports Excel (.xlsx) or CSV (UTF-8 or Shift_JIS). Every row is checked; if any is wrong, nothing is imported. A section's information manager may import only their own section's staff.",
			"trainimport.drill.lead":       "Columns: staff number, opened, clicked, reported. Those who clicked are assigned the follow-up course.",
			"trainimport.course":           "Drill (course code)",
			"trainimport.follow":           "Follow-up course for those who clicked",
			"trainimport.choose":           "Choose",
			"trainimport.nofollow":         "None",
			"trainimport.link.attendance":  "Import attendance",
			"trainimport.link.drill":       "Import drill results",
		},
	}
}
