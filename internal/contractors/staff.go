package contractors

import (
	"cmp"
	"slices"
	"time"

	"kijun/internal/kijun"
)

// Staff is one 委託業務従事者: who works on a contract, for which
// contractor (所属), where (作業場所, 10.1.2ア(11)), with the training they
// had (ア(12)) and the identity checks made before their work (8.3.9).
type Staff struct {
	ID       string `json:"id"`
	Contract string `json:"contract"`
	Name     string `json:"name"`
	// Affiliation is the contractor they work for: the contract's
	// contractor or one in its chain.
	Affiliation string `json:"affiliation"`
	Workplace   string `json:"workplace"`
	// TrainedOn is the day of their security training, zero for none.
	TrainedOn time.Time `json:"trained_on,omitzero"`
	// From and To are the days they work on the contract.
	From   time.Time       `json:"from"`
	To     time.Time       `json:"to"`
	Checks []IdentityCheck `json:"checks,omitempty"`
	// Version counts the changes.
	Version int `json:"version"`
}

// IdentityCheck is one check of 8.3.9: on a day, a checker asked to see
// an identity document and confirmed the person holds the qualification
// the contract asks for.
type IdentityCheck struct {
	On      time.Time `json:"on"`
	Checker string    `json:"checker"`
	// Shown is what was shown: 社員証, 運転免許証.
	Shown string `json:"shown"`
}

// The form fields of a staff member.
const (
	FieldAffiliation = "affiliation"
	FieldWorkplace   = "workplace"
	FieldTrainedOn   = "trained_on"
	FieldChecks      = "checks"
)

// MaxChecks is the most identity checks one staff record keeps.
const MaxChecks = 100

// Check returns what is wrong with s on its own.
func (s Staff) Check() []kijun.FieldError {
	fe := &kijun.FieldErrors{}
	checkID(fe, FieldID, "従事者番号", s.ID)
	if s.Contract == "" {
		fe.Add(FieldContract, "契約番号を入力してください")
	}
	if s.Name == "" {
		fe.Add(FieldName, "氏名を入力してください")
	}
	fe.Text(FieldName, "氏名", s.Name, kijun.MaxName, false)
	if s.Affiliation == "" {
		fe.Add(FieldAffiliation, "所属する事業者を入力してください（10.1.2ア(11)）")
	}
	if s.Workplace == "" {
		fe.Add(FieldWorkplace, "作業場所を入力してください（10.1.2ア(11)）")
	}
	fe.Text(FieldWorkplace, "作業場所", s.Workplace, kijun.MaxName, false)
	if s.From.IsZero() {
		fe.Add(FieldFrom, "従事する期間の始めの日を入力してください")
	}
	if s.To.IsZero() {
		fe.Add(FieldTo, "従事する期間の終わりの日を入力してください")
	}
	if !s.From.IsZero() && !s.To.IsZero() && s.To.Before(s.From) {
		fe.Add(FieldTo, "従事する期間の終わり（%s）が始め（%s）より前です", s.To.Format(time.DateOnly), s.From.Format(time.DateOnly))
	}
	if len(s.Checks) > MaxChecks {
		fe.Add(FieldChecks, "身分確認の記録は %d 件までです", MaxChecks)
	}
	for i, c := range s.Checks {
		if c.On.IsZero() {
			fe.Add(FieldChecks, "%d 件目の身分確認の日を入力してください（8.3.9）", i+1)
		}
		if !staffNoPattern.MatchString(c.Checker) {
			fe.Add(FieldChecks, "%d 件目の身分確認をした職員の職員番号を入力してください（8.3.9）", i+1)
		}
		if c.Shown == "" {
			fe.Add(FieldChecks, "%d 件目の身分確認で提示された証明書を入力してください（8.3.9）", i+1)
		}
		fe.Text(FieldChecks, "提示された証明書", c.Shown, kijun.MaxName, false)
	}
	return fe.Fields
}

// CheckedBeforeWork reports whether an identity check was made on or
// before the first day of work (8.3.9: 作業前に).
func (s Staff) CheckedBeforeWork() bool {
	for _, c := range s.Checks {
		if !c.On.After(s.From) {
			return true
		}
	}
	return false
}

// Overlaps reports whether s and o work at the same place on some day.
func (s Staff) Overlaps(o Staff) bool {
	return s.Workplace == o.Workplace && !s.From.After(o.To) && !o.From.After(s.To)
}

// SortChecks orders identity checks by day, checker and what was shown,
// the order they are kept in.
func SortChecks(cs []IdentityCheck) []IdentityCheck {
	cs = slices.Clone(cs)
	slices.SortFunc(cs, func(a, b IdentityCheck) int {
		return cmp.Or(a.On.Compare(b.On), cmp.Compare(a.Checker, b.Checker), cmp.Compare(a.Shown, b.Shown))
	})
	return cs
}
