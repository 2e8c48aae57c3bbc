package web

// permitFieldMessages are the words a request type's generated fields add
// around their declared label and help, so that English mode shows no
// Japanese beside the English texts of types.yaml.
func permitFieldMessages() map[string]map[string]string {
	return map[string]map[string]string{
		langJA: {
			"permits.field.required":  "（必須）",
			"permits.field.basis":     "（根拠: ",
			"permits.field.basis.end": "）",
			"permits.field.choose":    "選んでください",
			"permits.field.yes":       "はい",
			"permits.field.no":        "いいえ",
		},
		langEN: {
			"permits.field.required":  " (required)",
			"permits.field.basis":     " (basis: ",
			"permits.field.basis.end": ")",
			"permits.field.choose":    "Choose one",
			"permits.field.yes":       "Yes",
			"permits.field.no":        "No",
		},
	}
}
