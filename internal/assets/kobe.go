package assets

// KobeScales returns the scales of 4.1.1 to 4.1.3 as Kobe's standard writes
// them. Each call returns a new value, so a city may start from it and change
// its copy freely.
func KobeScales() Scales {
	return Scales{
		// 4.1.1
		Confidentiality: Scale{
			Axis: AxisConfidentiality, Name: "機密性", NameEN: "Confidentiality", Clause: "4.1.1",
			Levels: []Level{
				{Number: 1, Label: "機密性2又は機密性3以外の情報資産",
					Criteria: "機密性2又は機密性3以外の情報資産",
					Examples: []string{"情報公開請求により開示可能な情報（個人情報に関するデータのうち出版、報道等により公知の情報を含む。）"}},
				{Number: 2, Label: "直ちに一般に公表することを前提としていない情報資産",
					Criteria: "機密性3には当てはまらないが、直ちに一般に公表することを前提としていない情報資産"},
				{Number: 3, Label: "特に機密性を要する情報資産",
					Criteria: "行政事務で取り扱う情報資産のうち、特に機密性を要するもの(例えば下記のデータが考えられる。なお、次のデータだけではなくそれらが含まれる電磁的記録媒体、パーソナルコンピュータ、システム等も同様)",
					Examples: []string{
						"特定個人情報に関するデータ",
						"個人情報に関するデータ（出版、報道等により公知の情報を除く。）",
						"法令の規定により秘密を守る義務を課されているデータ",
						"部外に知られることが適当でない法人その他団体に関するデータ",
						"部外に漏れた場合に行政の信頼を著しく害する可能性があるデータ",
						"公開することでセキュリティ侵害が生じる可能性があるデータ",
					}},
			},
		},
		// 4.1.2
		Integrity: Scale{
			Axis: AxisIntegrity, Name: "完全性", NameEN: "Integrity", Clause: "4.1.2",
			Levels: []Level{
				{Number: 1, Label: "完全性2以外の情報資産", Criteria: "完全性2以外の情報資産"},
				{Number: 2, Label: "改ざん、誤びゅう又は破損により住民の権利侵害又は行政事務に支障のおそれがある情報資産",
					Criteria: "行政事務で取り扱う情報資産のうち、改ざん、誤びゅう又は破損により、住民の権利が侵害される又は行政事務の適確な遂行に支障（軽微なものを除く。）を及ぼすおそれがある情報資産"},
			},
		},
		// 4.1.3
		Availability: Scale{
			Axis: AxisAvailability, Name: "可用性", NameEN: "Availability", Clause: "4.1.3",
			Levels: []Level{
				{Number: 1, Label: "可用性2以外の情報資産", Criteria: "可用性2以外の情報資産"},
				{Number: 2, Label: "滅失、紛失又は利用不可能により住民の権利侵害又は行政事務に支障のおそれがある情報資産",
					Criteria: "行政事務で取り扱う情報資産のうち、滅失、紛失又は当該情報資産が利用不可能であることにより、住民の権利が侵害される又は行政事務の安定的な遂行に支障（軽微なものを除く。）を及ぼすおそれがある情報資産"},
			},
		},
	}
}
