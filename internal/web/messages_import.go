package web

// importMessages are the messages of the import page every register shares
// (assets, systems, networks, devices, media, areas): one set of words, so a
// register's page does not borrow another register's.
func importMessages() map[string]map[string]string {
	return map[string]map[string]string{
		langJA: {
			"import.added":    "追加",
			"import.changed":  "変更",
			"import.confirm":  "この内容で取り込む",
			"import.upload":   "台帳ファイルを選ぶ",
			"import.lead":     "Excel（.xlsx）又は CSV（UTF-8・Shift_JIS）を取り込みます。すべての行を確認し、誤りが一つでもあれば何も取り込みません。同じファイルを再び取り込んでも変わりません。",
			"import.template": "テンプレート（.xlsx）をダウンロード",
			"import.file":     "台帳ファイル",
			"import.check":    "確認する",
			"import.errors":   "誤りのある行",
			"import.sheet":    "シート",
			"import.row":      "行",
			"import.row.n":    "%d 行目",
			"import.column":   "列",
			"import.reason":   "理由",
		},
		langEN: {
			"import.added":    "Added",
			"import.changed":  "Changed",
			"import.confirm":  "Import this",
			"import.upload":   "Choose a register file",
			"import.lead":     "Imports Excel (.xlsx) or CSV (UTF-8 or Shift_JIS). Every row is checked; if any is wrong, nothing is imported. Importing the same file again changes nothing.",
			"import.template": "Download the template (.xlsx)",
			"import.file":     "Register file",
			"import.check":    "Check",
			"import.errors":   "Rows in error",
			"import.sheet":    "Sheet",
			"import.row":      "Row",
			"import.row.n":    "row %d",
			"import.column":   "Column",
			"import.reason":   "Reason",
		},
	}
}
