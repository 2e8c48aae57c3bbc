package contractors

// Clause is one matter of 10.1.2 a contract states: the thirteen of ア
// every contract must state, and the three of イ it states where needed.
type Clause struct {
	// Key is a1 to a13 for ア(1) to ア(13), b1 to b3 for イ(1) to イ(3).
	Key string
	// Provision is the catalog's ID of the item (10.1.2.ア.(2)).
	Provision string
	Label     string
	// Obligatory is true for the items of ア.
	Obligatory bool
}

// Clauses lists the items of 10.1.2 in the standard's order.
func Clauses() []Clause { return clauses }

var clauses = []Clause{
	{"a1", "10.1.2.ア.(1)", "データ等の秘密の保持", true},
	{"a2", "10.1.2.ア.(2)", "再委託の禁止又は制限", true},
	{"a3", "10.1.2.ア.(3)", "目的外使用及び第三者提供の禁止", true},
	{"a4", "10.1.2.ア.(4)", "複写及び複製の禁止", true},
	{"a5", "10.1.2.ア.(5)", "事故発生時の報告義務", true},
	{"a6", "10.1.2.ア.(6)", "市による検査の実施", true},
	{"a7", "10.1.2.ア.(7)", "契約違反時の解除及び損害賠償", true},
	{"a8", "10.1.2.ア.(8)", "委託業務終了時の情報資産の返還・廃棄等", true},
	{"a9", "10.1.2.ア.(9)", "情報セキュリティポリシー等の遵守", true},
	{"a10", "10.1.2.ア.(10)", "事故時等の公表", true},
	{"a11", "10.1.2.ア.(11)", "責任者・委託内容・従事者の所属・作業場所の特定", true},
	{"a12", "10.1.2.ア.(12)", "責任者及び従事者に対する研修の実施", true},
	{"a13", "10.1.2.ア.(13)", "情報セキュリティ確保への取組み状況の報告義務", true},
	{"b1", "10.1.2.イ.(1)", "サービスレベルの保証", false},
	{"b2", "10.1.2.イ.(2)", "定期報告及び緊急時報告義務", false},
	{"b3", "10.1.2.イ.(3)", "外部施設等への搬送時の紛失・盗難・不正コピー等の防止", false},
}

// ClauseByKey returns the item of key.
func ClauseByKey(key string) (Clause, bool) {
	for _, c := range clauses {
		if c.Key == key {
			return c, true
		}
	}
	return Clause{}, false
}

// Number is how the item is written in the standard: ア(2), イ(1).
func (c Clause) Number() string {
	if c.Obligatory {
		return "ア" + "(" + c.Key[1:] + ")"
	}
	return "イ" + "(" + c.Key[1:] + ")"
}
