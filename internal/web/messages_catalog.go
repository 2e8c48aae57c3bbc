package web

// catalogMessages are the messages of the catalog pages.
func catalogMessages() map[string]map[string]string {
	return map[string]map[string]string{langJA: {}, langEN: {}}
}
