package web

// contractReturnMessages are the messages of the end of a contract: the
// return or disposal of each asset it entrusted (10.1.2ア(8)).
func contractReturnMessages() map[string]map[string]string {
	return map[string]map[string]string{
		langJA: {
			"contracts.returns":             "委託終了時の返還・廃棄（10.1.2.ア.(8)）",
			"contracts.returns.lead":        "委託した情報資産のすべてについて返還か廃棄（廃棄証明書つき）を記録するまで、契約を終了できません。",
			"contracts.returns.none":        "委託した情報資産はありません。",
			"contracts.returns.asset":       "情報資産の管理番号",
			"contracts.returns.outcome":     "返還・廃棄",
			"contracts.returns.on":          "返還・廃棄の日",
			"contracts.returns.certificate": "廃棄証明書",
			"contracts.returns.note":        "備考",
			"contracts.returns.by":          "記録した職員",
			"contracts.returns.outstanding": "未了",
			"contracts.returns.new":         "返還・廃棄を記録",
		},
		langEN: {
			"contracts.returns":             "Return or disposal at the end of the work (10.1.2.ア.(8))",
			"contracts.returns.lead":        "The contract cannot end until every entrusted information asset is recorded as returned or disposed of (with a disposal certificate).",
			"contracts.returns.none":        "No information assets are entrusted.",
			"contracts.returns.asset":       "Asset number",
			"contracts.returns.outcome":     "Returned or disposed",
			"contracts.returns.on":          "Date",
			"contracts.returns.certificate": "Disposal certificate",
			"contracts.returns.note":        "Note",
			"contracts.returns.by":          "Recorded by",
			"contracts.returns.outstanding": "Outstanding",
			"contracts.returns.new":         "Record a return or disposal",
		},
	}
}
