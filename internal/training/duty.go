package training

import (
	"slices"
	"time"

	"kijun/internal/organisation"
)

// Span is a period a person held a role, for the duties of 7.2.2エ.
type Span struct {
	Role organisation.Role
	organisation.Period
}

// Person is one of the 職員等 or a contractor's staff member as the
// duties read them: when they joined and left, and the roles they held.
type Person struct {
	StaffNo    string
	Name       string
	Employment organisation.EmploymentType
	// Unit is the 課 the person belongs to on the day the duties are
	// computed for (or on their last day), whose 情報管理者 answers for
	// their training (7.2.2オ); Bureau is the 局室区 above it.
	Unit, Bureau string
	// Joined is the first day of the person's first assignment; Left
	// their last day, zero while they serve.
	Joined, Left time.Time
	// Founding is true when the person was already there when the
	// organisation's data begins: their Joined is the first day Kijun
	// knows, not the day they were hired, so they are no new hire.
	Founding bool
	Roles    []Span
}

// serves reports whether the person serves on day d.
func (p Person) serves(d time.Time) bool {
	return !p.Joined.After(d) && (p.Left.IsZero() || !p.Left.Before(d))
}

// Duty is one thing a person must attend in a 年度: a course of an
// audience, by a day. Any course of the year for that audience meets it.
type Duty struct {
	StaffNo string
	Need    Audience
	// Since is the day the duty arose (the year's start, the day the
	// person joined or took the role); Due the last day to meet it.
	Since, Due time.Time
}

// Duties computes who must attend what in 年度 year as of day: from the
// year's courses and the people, with newHireDays the period the city sets
// for new hires. The same computation serves joiners, movers and leavers:
//
//   - everyone in scope serving on the last day of the year's courses for
//     everyone attends one of them (7.2.2イ); contractors' staff the
//     courses for contractors;
//   - a person who joined during the year attends a course for new hires
//     within newHireDays of joining (ウ);
//   - a 臨時の任用職員, 会計年度任用職員 or 特別職非常勤職員 joining during
//     the year attends a course for them by their first day (7.1.2);
//   - a person who held a role of 7.2.2エ during the year attends its
//     course by the end of its period, or within newHireDays of taking the
//     role when they took it later;
//   - a person who left before a duty fell due has none; a duty whose
//     audience has no course in the year is not made.
//
// Duties are returned in the order of people, then Audiences.
func Duties(year int, courses []Course, people []Person, newHireDays int, day time.Time) []Duty {
	last := map[Audience]time.Time{}
	for _, c := range courses {
		if c.Year != year {
			continue
		}
		for _, a := range c.Audience {
			if c.To.After(last[a]) {
				last[a] = c.To
			}
		}
	}
	start, end := YearStart(year), YearEnd(year)
	var out []Duty
	add := func(p *Person, a Audience, since, due time.Time) {
		if _, ok := last[a]; !ok {
			return
		}
		if !p.Left.IsZero() && p.Left.Before(due) {
			return // left before it fell due
		}
		out = append(out, Duty{StaffNo: p.StaffNo, Need: a, Since: since, Due: due})
	}
	for i := range people {
		p := &people[i]
		if p.Joined.IsZero() || p.Joined.After(end) || p.Joined.After(day) {
			continue // not yet with the city
		}
		if !p.Left.IsZero() && (p.Left.Before(start) || !p.Left.After(day)) {
			continue // gone by the day
		}
		joinedInYear := !p.Joined.Before(start) && !p.Founding
		everyone := AudienceAll
		if p.Employment == organisation.EmployContractor {
			everyone = AudienceContractor
		}
		if due, ok := last[everyone]; ok && p.serves(due) {
			add(p, everyone, start, due)
		}
		if joinedInYear && p.Employment != organisation.EmployContractor {
			add(p, AudienceNewHire, p.Joined, p.Joined.AddDate(0, 0, newHireDays))
		}
		if joinedInYear && p.Employment.Restricted() {
			add(p, AudienceTemporary, p.Joined, p.Joined)
		}
		for _, r := range trainedRoles {
			took, ok := tookRole(p.Roles, r, start, end, day)
			if !ok {
				continue
			}
			a := RoleAudience(r)
			due := last[a]
			if late := took.AddDate(0, 0, newHireDays); late.After(due) {
				due = late
			}
			add(p, a, took, due)
		}
	}
	return out
}

// tookRole returns the first day within the year, up to day, that the
// person held role r.
func tookRole(spans []Span, r organisation.Role, start, end, day time.Time) (time.Time, bool) {
	var first time.Time
	for _, s := range spans {
		if s.Role != r || s.From.After(end) || s.From.After(day) || (!s.To.IsZero() && s.To.Before(start)) {
			continue
		}
		from := s.From
		if from.Before(start) {
			from = start
		}
		if first.IsZero() || from.Before(first) {
			first = from
		}
	}
	return first, !first.IsZero()
}

// Attendance is one person's attendance of one course.
type Attendance struct {
	CourseID string    `json:"course_id"`
	StaffNo  string    `json:"staff_no"`
	On       time.Time `json:"on"`
	// Source says how it was recorded: on the course page, by the
	// 情報管理者 (7.2.2オ) or from an e-learning system's file.
	Source Source `json:"source"`
	// Score is the quiz score out of 100, when the course has a quiz
	// or the file gave one; Passed whether it counts as attended.
	Score    int  `json:"score"`
	HasScore bool `json:"has_score"`
	Passed   bool `json:"passed"`
	// By is the staff number (or console actor) who recorded it.
	By string `json:"by,omitempty"`
}

// Source is how an attendance was recorded.
type Source string

// The sources.
const (
	SourceQuiz    Source = "quiz"    // the course page, with its quiz
	SourceManager Source = "manager" // recorded by the 情報管理者 (7.2.2オ)
	SourceImport  Source = "import"  // an e-learning system's file
)

// Label returns the Japanese name of the source.
func (s Source) Label() string {
	switch s {
	case SourceQuiz:
		return "Kijun で受講"
	case SourceManager:
		return "情報管理者が記録"
	case SourceImport:
		return "e-ラーニングから取込み"
	}
	return string(s)
}

// Outcome is a duty judged against the attendance.
type Outcome struct {
	Duty
	// Met is the attendance that meets it, if any.
	Met      *Attendance
	Overdue  bool // not met and past due on the day
	DaysLate int  // days past due, when overdue
}

// Judge judges each duty on day: met by a passed attendance of a course of
// the year for its audience; otherwise overdue once day is past its due.
// byPerson holds each person's attendance.
func Judge(duties []Duty, courses []Course, byPerson map[string][]Attendance, day time.Time) []Outcome {
	forAud := map[Audience][]string{}
	for _, c := range courses {
		for _, a := range c.Audience {
			forAud[a] = append(forAud[a], c.ID)
		}
	}
	out := make([]Outcome, len(duties))
	for i, d := range duties {
		o := Outcome{Duty: d}
		ids := forAud[d.Need]
		if id, ok := d.Need.Course(); ok {
			ids = []string{id}
		}
		for j, at := range byPerson[d.StaffNo] {
			if at.Passed && slices.Contains(ids, at.CourseID) && !at.On.After(day) {
				o.Met = &byPerson[d.StaffNo][j]
				break
			}
		}
		if o.Met == nil && day.After(d.Due) {
			o.Overdue = true
			o.DaysLate = int(day.Sub(d.Due).Hours() / 24)
		}
		out[i] = o
	}
	return out
}
