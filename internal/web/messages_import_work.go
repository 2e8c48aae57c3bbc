package web

// importWorkMessages are the words the upload's page adds for the
// organisation files (人事異動, 組織改正) imported through it.
func importWorkMessages() map[string]map[string]string {
	return map[string]map[string]string{
		langJA: {
			"import.changes": "変わるもの（変更なしを除く）",
			"import.name":    "名称・氏名",
		},
		langEN: {
			"import.changes": "What changes (unchanged rows left out)",
			"import.name":    "Name",
		},
	}
}
