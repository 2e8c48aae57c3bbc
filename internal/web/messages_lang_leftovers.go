package web

import (
	"kijun/internal/organisation"
	"kijun/internal/training"
)

// audiencesEnglish name the audiences of training that are not a role
// (7.2.2イ, ウ, 7.1.2, 7.2.4) in English; a role's audience is the role's
// English name.
var audiencesEnglish = map[training.Audience]string{
	training.AudienceAll: "All staff", training.AudienceNewHire: "Newly hired staff",
	training.AudienceTemporary: "Temporarily appointed staff", training.AudienceContractor: "Contractors' staff",
	training.AudienceAssigned: "Staff assigned by name (such as follow-up training after a drill)",
}

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
// Japanese: the kinds of thing due on the home page and the audiences of
// the training due there (shown by page.L), and the declared choices of
// request types' fields.
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
	roleEN := map[organisation.Role]string{}
	for _, r := range organisation.RoleSpecs() {
		roleEN[r.Role] = r.LabelEN
	}
	for _, a := range training.Audiences() {
		e := audiencesEnglish[a]
		if r, ok := a.Role(); ok {
			e = roleEN[r]
		}
		if e != "" {
			ja[valueKey(a)], en[valueKey(a)] = a.Label(), e
		}
	}
	for v, e := range permitChoicesEnglish {
		ja["permits.choice."+v], en["permits.choice."+v] = v, e
	}
	return map[string]map[string]string{langJA: ja, langEN: en}
}
