package assets

// Restriction is one handling restriction (取扱制限) an asset's classification
// brings, worded as the standard words it.
type Restriction struct {
	// Clause is the provision's ID as the catalog writes it, such as 4.2.オ.(3).
	Clause string `json:"clause"`
	// When is the condition that brings it, such as 機密性2以上.
	When string `json:"when"`
	// Text is the restriction in Japanese.
	Text string `json:"text"`
	// TextEN is the restriction in English.
	TextEN string `json:"text_en"`
}

// rule is a restriction with the test that brings it.
type rule struct {
	applies func(Classification) bool
	Restriction
}

func c2(c Classification) bool { return c.Confidentiality >= 2 }
func c3(c Classification) bool { return c.Confidentiality >= 3 }
func i2(c Classification) bool { return c.Integrity >= 2 }
func a2(c Classification) bool { return c.Availability >= 2 }

// rules returns every class-dependent restriction in the standard's order,
// which is the order Restrictions keeps.
func rules() []rule {
	const (
		wc2 = "機密性2以上"
		wc3 = "機密性3"
		wi2 = "完全性2以上"
		wa2 = "可用性2以上"
		wsc = "対策基準の対象（4.1.4.ア）"
	)
	return []rule{
		{c2, Restriction{"4.2.オ.(3)", wc2,
			"複製・電子メール等による送信は、情報管理者の許可を得た場合に限る。複数の権限ある者で共有するときや所属外に電子メール等で送信するときは、パスワード等による暗号化を施す（送信に必要な宛名や連絡先等を除く）",
			"Copy or send by e-mail only with the information manager's (情報管理者) permission; encrypt, for example with a password, when sharing among several authorised people or sending outside the section (addresses and contact details needed to send excepted)"}},
		{c2, Restriction{"4.2.オ.(3)", wc2,
			"権限のある者だけがアクセスできる環境で保存・利用する",
			"Store and use only where authorised people alone can reach it"}},
		{c2, Restriction{"4.2.キ.(1)", wc2,
			"運搬するときは、必要に応じ鍵付きのケース等に格納し、パスワード等による暗号化を行う等、不正利用を防止する措置を講じる",
			"When carrying it, prevent misuse: put it in a locked case where needed, encrypt it, for example with a password"}},
		{c2, Restriction{"4.2.キ.(2)", wc2,
			"運搬するときは、情報管理者の許可を得る",
			"Carry it only with the information manager's permission"}},
		{c2, Restriction{"4.2.ク.(1)", wc2,
			"外部に提供するときは、必要に応じパスワード等による暗号化を行う",
			"When providing it outside the city, encrypt it where needed, for example with a password"}},
		{c2, Restriction{"4.2.ク.(2)", wc2,
			"外部に提供するときは、情報管理者の事前の許可を得たうえで、日時・担当者及び提供概要を記録する",
			"Provide it outside the city only with the information manager's prior permission, and record the date and time, the person in charge and what was provided"}},
		{i2, Restriction{"4.2.ク.(3)", wi2,
			"住民に公開するときは、情報管理者が完全性を確保する",
			"When it is published to residents, the information manager ensures its integrity"}},
		// 4.2.ケ has no class condition: it binds every asset the standard
		// covers, which 4.1.4.ア defines as any class of 2 or more.
		{InScope, Restriction{"4.2.ケ.(1)", wsc,
			"廃棄やリース返却等のときは、電磁的記録媒体を初期化等のうえ物理的に破壊する等、復元不可能な状態にする。紙媒体は焼却、裁断、溶解等により廃棄する",
			"On disposal or return of leased equipment, make the data unrecoverable: initialise the medium and destroy it physically; burn, shred or pulp paper"}},
		{InScope, Restriction{"4.2.ケ.(2)", wsc,
			"廃棄等を行ったときは、日時、担当者及び処理内容を記録する",
			"Record the date and time, the person in charge and what was done for each disposal"}},
		{InScope, Restriction{"4.2.ケ.(3)", wsc,
			"廃棄等は、情報管理者の許可を得て行う",
			"Dispose of it only with the information manager's permission"}},
		{a2, Restriction{"6.1.2", wa2,
			"二重化等を行い、同一データを保持する等の対策を講じる（情報基盤管理者及び業務システム管理者）",
			"Make the servers redundant so the same data is held twice (infrastructure manager and system administrator)"}},
		{a2, Restriction{"6.1.5.ア", wa2,
			"保持するサーバ等の機器の定期保守を実施する（情報基盤管理者及び業務システム管理者）",
			"Maintain the servers and equipment that hold it regularly (infrastructure manager and system administrator)"}},
		{c2, Restriction{"7.1.1.オ.(8)", wc2,
			"執務区域外でモバイル端末を使用する場合、原則としてモバイル端末をプリンタに接続して出力等を行わない",
			"Outside the office, do not as a rule print it from a mobile terminal connected to a printer"}},
		{c3, Restriction{"7.1.1.カ.(2)", wc3,
			"支給以外の端末、モバイル端末及び電磁的記録媒体等で扱わない",
			"Do not handle it on terminals, mobile terminals or media the city did not issue"}},
		{a2, Restriction{"8.1.3", wa2,
			"定期的にバックアップを取得する（情報基盤管理者及び業務システム管理者）",
			"Back it up regularly (infrastructure manager and system administrator)"}},
		{c2, Restriction{"8.1.25.イ", wc2,
			"ソーシャルメディアサービスで発信しない",
			"Do not post it on social media"}},
	}
}

// Restrictions returns the handling restrictions an asset so classified must
// carry, in the standard's order, so that a label or a page lists them the
// same way every time. An asset with every class 1 has none (4.1.4.イ).
func Restrictions(c Classification) []Restriction {
	var out []Restriction
	for _, r := range rules() {
		if r.applies(c) {
			out = append(out, r.Restriction)
		}
	}
	return out
}
