package web

// soaThroughMessages are the messages of the statement of applicability
// of a city's own standard, reached through its alignment (11.3).
func soaThroughMessages() map[string]map[string]string {
	return map[string]map[string]string{
		langJA: {
			"soa.through.lead": "市の基準の規定には、確認済みの対応を通じて参照基準（%s 第%s版）の規定を引く仕組みが届きます。［ ］内は参照基準の規定です。",
			"soa.through.gaps": "市の基準にない参照基準の規定（%d 件）",
			"soa.through.own":  "参照基準に対応のない市独自の規定（%d 件）",
		},
		langEN: {
			"soa.through.lead": "What Kijun runs cites the reference (%s edition %s) and reaches the city's provisions through the confirmed alignment; the reference provision is in brackets.",
			"soa.through.gaps": "Reference provisions the city's standard does not cover (%d)",
			"soa.through.own":  "The city's own provisions, with no reference (%d)",
		},
	}
}
