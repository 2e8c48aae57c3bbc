package assets

import (
	"strings"

	"kijun/internal/kijun"
)

// Level is one class of a scale, as a row of the tables of 4.1.1 to 4.1.3.
type Level struct {
	// Number is the class, counted from 1; a higher number asks for more care.
	Number int `json:"number"`
	// Label is a short Japanese name of the class, such as 特に機密性を要するもの.
	Label string `json:"label"`
	// Criteria is the 分類基準 as the standard writes it.
	Criteria string `json:"criteria"`
	// Examples are the bullets under the criteria, where the standard lists some.
	Examples []string `json:"examples,omitempty"`
}

// Scale is one classification scale: its name, the clause that defines it and
// its levels from 1 upwards. A city may define its own scale with other
// wording or more levels; the rules of this package still read "2 or more".
type Scale struct {
	Axis   Axis    `json:"axis"`
	Name   string  `json:"name"` // 機密性, 完全性, 可用性
	NameEN string  `json:"name_en"`
	Clause string  `json:"clause"`
	Levels []Level `json:"levels"` // ascending, numbered 1, 2, ...
}

// Max returns the highest class of the scale, or 0 for a scale with no levels.
func (s Scale) Max() int { return len(s.Levels) }

// Level returns the level numbered n and whether the scale has it.
func (s Scale) Level(n int) (Level, bool) {
	if n < 1 || n > len(s.Levels) {
		return Level{}, false
	}
	return s.Levels[n-1], true
}

// Validate reports an EINVALID error when the scale cannot be used: no name,
// no levels, levels not numbered 1, 2, ... in order, or a level without a
// label or criteria.
func (s Scale) Validate() error {
	if strings.TrimSpace(s.Name) == "" {
		return kijun.Errorf(kijun.EINVALID, "分類の尺度（%s）に名前がありません", s.Axis)
	}
	if len(s.Levels) == 0 {
		return kijun.Errorf(kijun.EINVALID, "%sの尺度に分類がありません", s.Name)
	}
	for i, l := range s.Levels {
		if l.Number != i+1 {
			return kijun.Errorf(kijun.EINVALID, "%sの分類は 1 から順に番号を付けてください（%d 番目が %d です）", s.Name, i+1, l.Number)
		}
		if strings.TrimSpace(l.Label) == "" {
			return kijun.Errorf(kijun.EINVALID, "%s %d の名称がありません", s.Name, l.Number)
		}
		if strings.TrimSpace(l.Criteria) == "" {
			return kijun.Errorf(kijun.EINVALID, "%s %d の分類基準がありません", s.Name, l.Number)
		}
	}
	return nil
}

// Scales are the three scales a city classifies its assets on (4.1).
type Scales struct {
	Confidentiality Scale `json:"confidentiality"`
	Integrity       Scale `json:"integrity"`
	Availability    Scale `json:"availability"`
}

// Validate reports an EINVALID error when any of the three scales cannot be
// used, or when a scale sits in the wrong place.
func (ss Scales) Validate() error {
	for _, p := range []struct {
		axis Axis
		s    Scale
	}{
		{AxisConfidentiality, ss.Confidentiality},
		{AxisIntegrity, ss.Integrity},
		{AxisAvailability, ss.Availability},
	} {
		if p.s.Axis != p.axis {
			return kijun.Errorf(kijun.EINVALID, "%s の位置に %q の尺度があります", p.axis, p.s.Axis)
		}
		if err := p.s.Validate(); err != nil {
			return err
		}
	}
	return nil
}
