package web

// sharedEditMessages are the words of changing a shared ID's users and
// disabling it (7.4.2イ).
func sharedEditMessages() map[string]map[string]string {
	return map[string]map[string]string{
		langJA: {
			"shared.status":       "状態",
			"shared.edit":         "変更",
			"shared.active":       "使用中",
			"shared.disabled":     "停止中（ログインできません）",
			"shared.users.change": "使用できる職員等",
			"shared.users.save":   "使用できる職員等を変更する",
			"shared.disable":      "停止する",
			"shared.enable":       "再開する",
		},
		langEN: {
			"shared.status":       "Status",
			"shared.edit":         "Change",
			"shared.active":       "In use",
			"shared.disabled":     "Disabled (cannot sign in)",
			"shared.users.change": "Permitted users",
			"shared.users.save":   "Change the permitted users",
			"shared.disable":      "Disable",
			"shared.enable":       "Enable again",
		},
	}
}
