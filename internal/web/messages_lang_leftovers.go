package web

// permitChoicesEnglish are the choices types.yaml declares, in English.
// The value kept stays the Japanese one; only its display changes.
var permitChoicesEnglish = map[string]string{
	"鍵付きケース": "Locked case", "暗号化": "Encryption", "鍵付きケースと暗号化": "Locked case and encryption", "その他": "Other",
	"廃棄": "Disposal", "リース返却": "Return of leased equipment",
	"初期化と物理的破壊": "Initialisation and physical destruction", "データ消去ソフトによる消去": "Erasure with data-wiping software",
	"記憶装置の取り外しと破壊": "Removal and destruction of the storage", "焼却": "Incineration", "裁断": "Shredding", "溶解": "Pulping",
	"登録": "Registration", "変更": "Change", "抹消": "Removal", "搬入": "Bringing in", "搬出": "Taking out",
}

// langLeftoverMessages are the words English mode still showed in
// Japanese: the kinds of thing due on the home page, and the declared
// choices of request types' fields.
func langLeftoverMessages() map[string]map[string]string {
	ja := map[string]string{
		"home.due.training":   "研修：",
		"home.due.selfcheck":  "自己点検：",
		"home.due.corrective": "是正措置：",
	}
	en := map[string]string{
		"home.due.training":   "Training: ",
		"home.due.selfcheck":  "Self-check: ",
		"home.due.corrective": "Corrective action: ",
	}
	for v, e := range permitChoicesEnglish {
		ja["permits.choice."+v], en["permits.choice."+v] = v, e
	}
	return map[string]map[string]string{langJA: ja, langEN: en}
}
