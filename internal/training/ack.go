package training

import (
	"slices"
	"strings"
	"time"

	"kijun/internal/kijun"
)

// Edition is an edition of the standard or of the city's 実施手順 that
// every person in scope acknowledges when it comes into force (7.1.1ア,
// 7.1.3): a recorded, dated step naming the edition.
type Edition struct {
	ID      string    `json:"id"`
	Title   string    `json:"title"`
	InForce time.Time `json:"in_force"`
}

// Check reports what is wrong with an edition, field by field so that a
// form shows each beside its field.
func (e Edition) Check() error {
	var fe kijun.FieldErrors
	if !validID(strings.ReplaceAll(e.ID, ".", "-")) {
		fe.Add("id", "版のコードは英数字・ピリオド・ハイフン・下線で 1〜40 文字にしてください（%q）", e.ID)
	}
	if strings.TrimSpace(e.Title) == "" {
		fe.Add("title", "版の名称を入力してください")
	}
	if e.InForce.IsZero() {
		fe.Add("in_force", "施行日を入力してください")
	}
	return fe.AsError()
}

// AckTally is one 課's acknowledgement of an edition: of the people
// serving on the day, how many have acknowledged it.
type AckTally struct {
	Unit         string
	People, Done int
}

// TallyAcks counts, by the 課 of each person, who has acknowledged.
func TallyAcks(people []Person, done map[string]bool, day time.Time) []AckTally {
	by := map[string]*AckTally{}
	var order []string
	for _, p := range people {
		if !p.serves(day) {
			continue
		}
		t := by[p.Unit]
		if t == nil {
			t = &AckTally{Unit: p.Unit}
			by[p.Unit] = t
			order = append(order, p.Unit)
		}
		t.People++
		if done[p.StaffNo] {
			t.Done++
		}
	}
	out := make([]AckTally, 0, len(order))
	for _, u := range order {
		out = append(out, *by[u])
	}
	return out
}

// Owing returns the people serving on day who have not acknowledged the
// edition (done holds who has, by staff number), by staff number: whom
// the reminders go to (7.1.3).
func Owing(people []Person, done map[string]bool, day time.Time) []Person {
	var out []Person
	for _, p := range people {
		if p.serves(day) && !done[p.StaffNo] {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b Person) int { return strings.Compare(a.StaffNo, b.StaffNo) })
	return out
}
