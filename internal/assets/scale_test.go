package assets

import (
	"slices"
	"strings"
	"testing"

	"kijun/internal/kijun"
)

func TestKobeScales(t *testing.T) {
	ss := KobeScales()
	if err := ss.Validate(); err != nil {
		t.Fatalf("KobeScales().Validate() = %v, want nil", err)
	}
	tests := []struct {
		s      Scale
		name   string
		clause string
		max    int
	}{
		{ss.Confidentiality, "機密性", "4.1.1", 3},
		{ss.Integrity, "完全性", "4.1.2", 2},
		{ss.Availability, "可用性", "4.1.3", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.Name; got != tt.name {
				t.Errorf("name = %q, want %q", got, tt.name)
			}
			if got := tt.s.Clause; got != tt.clause {
				t.Errorf("clause = %q, want %q", got, tt.clause)
			}
			if got := tt.s.Max(); got != tt.max {
				t.Errorf("max = %d, want %d", got, tt.max)
			}
			if _, ok := tt.s.Level(0); ok {
				t.Errorf("Level(0) found, want none")
			}
			if _, ok := tt.s.Level(tt.max + 1); ok {
				t.Errorf("Level(%d) found, want none", tt.max+1)
			}
			if l, ok := tt.s.Level(tt.max); !ok || l.Number != tt.max {
				t.Errorf("Level(%d) = %+v, %v, want that level", tt.max, l, ok)
			}
		})
	}
}

// A city that changes its copy must not change the next caller's defaults.
func TestKobeScalesFresh(t *testing.T) {
	a := KobeScales()
	a.Confidentiality.Levels[0].Label = "changed"
	a.Confidentiality.Levels[2].Examples[0] = "changed"
	b := KobeScales()
	if got := b.Confidentiality.Levels[0].Label; got == "changed" {
		t.Errorf("second call label = %q, want the standard's", got)
	}
	if got := b.Confidentiality.Levels[2].Examples[0]; got == "changed" {
		t.Errorf("second call example = %q, want the standard's", got)
	}
}

func TestScaleValidate(t *testing.T) {
	good := func() Scale {
		return Scale{Axis: AxisConfidentiality, Name: "機密性", Levels: []Level{
			{Number: 1, Label: "a", Criteria: "x"},
			{Number: 2, Label: "b", Criteria: "y"},
			{Number: 3, Label: "c", Criteria: "z"},
			{Number: 4, Label: "d", Criteria: "w"},
		}}
	}
	tests := []struct {
		name   string
		change func(*Scale)
		code   string
		says   string
	}{
		{"a city's four-level scale", func(*Scale) {}, "", ""},
		{"no name", func(s *Scale) { s.Name = " " }, kijun.EINVALID, "名前"},
		{"no levels", func(s *Scale) { s.Levels = nil }, kijun.EINVALID, "分類がありません"},
		{"not from 1", func(s *Scale) { s.Levels = s.Levels[1:] }, kijun.EINVALID, "1 から順に"},
		{"out of order", func(s *Scale) { s.Levels[1], s.Levels[2] = s.Levels[2], s.Levels[1] }, kijun.EINVALID, "1 から順に"},
		{"no label", func(s *Scale) { s.Levels[1].Label = "" }, kijun.EINVALID, "機密性 2 の名称"},
		{"no criteria", func(s *Scale) { s.Levels[3].Criteria = "" }, kijun.EINVALID, "機密性 4 の分類基準"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := good()
			tt.change(&s)
			err := s.Validate()
			if got := kijun.ErrorCode(err); got != tt.code {
				t.Fatalf("code = %q (%v), want %q", got, err, tt.code)
			}
			if got := kijun.ErrorMessage(err); !strings.Contains(got, tt.says) {
				t.Errorf("message = %q, want it to contain %q", got, tt.says)
			}
		})
	}
}

func TestScalesValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Scales)
		code   string
	}{
		{"kobe", func(*Scales) {}, ""},
		{"swapped", func(s *Scales) { s.Integrity, s.Availability = s.Availability, s.Integrity }, kijun.EINVALID},
		{"broken scale", func(s *Scales) { s.Availability.Levels = nil }, kijun.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ss := KobeScales()
			tt.change(&ss)
			err := ss.Validate()
			if got := kijun.ErrorCode(err); got != tt.code {
				t.Errorf("code = %q (%v), want %q", got, err, tt.code)
			}
		})
	}
}

func TestAxes(t *testing.T) {
	got := Axes()
	want := []Axis{AxisConfidentiality, AxisIntegrity, AxisAvailability}
	if !slices.Equal(got, want) {
		t.Errorf("Axes() = %v, want %v", got, want)
	}
}
