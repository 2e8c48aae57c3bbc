package web

// findingEvidenceMessages are the messages of the evidence kept for the
// work on a finding (9.2.1ア, イ).
func findingEvidenceMessages() map[string]map[string]string {
	return map[string]map[string]string{
		langJA: {
			"work.evidence":        "対応の証跡",
			"work.evidence.none":   "証跡はまだありません。",
			"work.evidence.name":   "ファイル",
			"work.evidence.by":     "添付した人",
			"work.evidence.at":     "添付日時",
			"work.evidence.add":    "証跡を添付する（担当者・CISO 事務局）",
			"work.evidence.file":   "ファイル（10 MB まで）",
			"work.evidence.note":   "説明",
			"work.evidence.upload": "添付する",
		},
		langEN: {
			"work.evidence":        "Evidence of the work",
			"work.evidence.none":   "No evidence yet.",
			"work.evidence.name":   "File",
			"work.evidence.by":     "Attached by",
			"work.evidence.at":     "Attached at",
			"work.evidence.add":    "Attach evidence (owner or CISO's office)",
			"work.evidence.file":   "File (up to 10 MB)",
			"work.evidence.note":   "Description",
			"work.evidence.upload": "Attach",
		},
	}
}
