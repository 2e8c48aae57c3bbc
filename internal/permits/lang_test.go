package permits

import "testing"

// TestEnglishTexts checks that every shipped type speaks English: its
// purpose, every field's and record's label and every help text, each
// present and not a copy of the Japanese.
func TestEnglishTexts(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	check := func(where, ja, en string) {
		t.Helper()
		if en == "" || en == ja {
			t.Errorf("%s: English %q, Japanese %q; want an English text", where, en, ja)
		}
	}
	for _, ty := range r.Types() {
		check(ty.Key+" name_en", ty.Name, ty.NameEN)
		check(ty.Key+" purpose_en", ty.Purpose, ty.PurposeEN)
		for _, fs := range [][]Field{ty.Fields, ty.recordFields(), ty.returnFields()} {
			for _, f := range fs {
				check(ty.Key+"."+f.Key+" label_en", f.Label, f.LabelEN)
				check(ty.Key+"."+f.Key+" help_en", f.Help, f.HelpEN)
			}
		}
		for _, rec := range []*Record{ty.Record, ty.Return} {
			if rec != nil {
				check(ty.Key+" record label_en", rec.Label, rec.LabelEN)
			}
		}
		for _, a := range ty.AttachmentSpecs() {
			check(ty.Key+"."+a.Key+" label_en", a.Label, a.LabelEN)
			check(ty.Key+"."+a.Key+" help_en", a.Help, a.HelpEN)
		}
	}
}

// TestTextsIn checks the choice by language, and that a missing
// translation falls back to the Japanese.
func TestTextsIn(t *testing.T) {
	f := Field{Label: "運搬先", LabelEN: "Destination", Help: "どこへ運ぶか。"}
	for _, c := range []struct{ got, want string }{
		{f.LabelIn("en"), "Destination"},
		{f.LabelIn("ja"), "運搬先"},
		{f.HelpIn("en"), "どこへ運ぶか。"},
		{(&Type{Purpose: "目的", PurposeEN: "Purpose"}).PurposeIn("en"), "Purpose"},
		{(&Record{Label: "記録"}).LabelIn("en"), "記録"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
