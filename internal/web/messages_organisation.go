package web

// organisationMessages are the messages of the organisation pages.
func organisationMessages() map[string]map[string]string {
	return map[string]map[string]string{langJA: {}, langEN: {}}
}
