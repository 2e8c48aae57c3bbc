package web

// auditDisposalMessages are the messages of the disposal of audit evidence
// past its retention (11.1.6).
func auditDisposalMessages() map[string]map[string]string {
	return map[string]map[string]string{
		langJA: {
			"audits.dispose.how":     "廃棄するには、証拠の番号を挙げた申請を CISO に許可してもらい、その申請番号で廃棄します。ファイルの中身は消え、ファイル名・SHA-256・廃棄した者・日時・申請番号の記録が残ります。",
			"audits.dispose.file":    "監査証拠・監査調書の廃棄を申請する",
			"audits.dispose.files":   "廃棄する証拠",
			"audits.dispose.permit":  "許可を得た申請の申請番号",
			"audits.dispose.submit":  "許可に基づいて廃棄する",
			"audits.disposed":        "廃棄した証拠・調書の記録（11.1.6）",
			"audits.disposed.file":   "証拠",
			"audits.disposed.by":     "廃棄した者",
			"audits.disposed.at":     "廃棄した日",
			"audits.disposed.permit": "申請番号",
		},
		langEN: {
			"audits.dispose.how":     "To dispose of evidence, have the CISO approve a request naming its numbers, then dispose of it under that request. The file's content goes; its name, SHA-256, who disposed of it, when and the request number stay on record.",
			"audits.dispose.file":    "Request the disposal of audit evidence",
			"audits.dispose.files":   "Evidence to dispose of",
			"audits.dispose.permit":  "Number of the approved request",
			"audits.dispose.submit":  "Dispose of it under the approval",
			"audits.disposed":        "Records of disposed evidence (11.1.6)",
			"audits.disposed.file":   "Evidence",
			"audits.disposed.by":     "Disposed of by",
			"audits.disposed.at":     "Disposed of on",
			"audits.disposed.permit": "Request",
		},
	}
}
