package web

// incidentContractorMessages are the messages of the 委託事業者 an incident
// names (10.1): on the report, the statistics and the contractor's page.
func incidentContractorMessages() map[string]map[string]string {
	return map[string]map[string]string{
		langJA: {
			"incidents.contractor":         "関係する委託事業者（事業者ID）",
			"incidents.contract":           "関係する契約（契約番号）",
			"incidents.stats.bycontractor": "事業者別",
			"contractors.incidents":        "この事業者が関係するインシデント（7.3）",
		},
		langEN: {
			"incidents.contractor":         "Contractor involved (contractor ID)",
			"incidents.contract":           "Contract involved (contract number)",
			"incidents.stats.bycontractor": "By contractor",
			"contractors.incidents":        "Incidents involving this contractor (7.3)",
		},
	}
}
