package assets

// InScope reports whether the standard applies to an asset so classified:
// 4.1.4.ア, any class of 2 or more.
func InScope(c Classification) bool {
	return c.Confidentiality >= 2 || c.Integrity >= 2 || c.Availability >= 2
}

// ScopeNote explains, citing 4.1.4, why an asset is or is not in scope; it is
// the sentence shown beside the classification.
func ScopeNote(c Classification) string {
	if InScope(c) {
		return "4.1.4.ア: 機密性、完全性、可用性のいずれかが2以上のため、この対策基準の対象です"
	}
	return "4.1.4.イ: 重要性分類がいずれも1のため対象外ですが、必要なものはできる限りこの対策基準に準じた対応を講じます"
}
