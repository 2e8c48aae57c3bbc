package permits

// The declared texts in the UI's language. Japanese is the standard's own
// language and always present; English is used when the UI speaks "en" and
// the type declares it, so a type without a translation still shows whole.

// pick returns en when lang is "en" and en is set, and ja otherwise.
func pick(lang, ja, en string) string {
	if lang == "en" && en != "" {
		return en
	}
	return ja
}

// NameIn returns the type's name in lang ("ja" or "en").
func (t *Type) NameIn(lang string) string { return pick(lang, t.Name, t.NameEN) }

// PurposeIn returns the type's purpose in lang.
func (t *Type) PurposeIn(lang string) string { return pick(lang, t.Purpose, t.PurposeEN) }

// LabelIn returns the field's label in lang.
func (f Field) LabelIn(lang string) string { return pick(lang, f.Label, f.LabelEN) }

// HelpIn returns the field's help text in lang.
func (f Field) HelpIn(lang string) string { return pick(lang, f.Help, f.HelpEN) }

// LabelIn returns the record's heading in lang.
func (r *Record) LabelIn(lang string) string { return pick(lang, r.Label, r.LabelEN) }

// LabelIn returns the attachment's label in lang.
func (a AttachmentSpec) LabelIn(lang string) string { return pick(lang, a.Label, a.LabelEN) }

// HelpIn returns the attachment's help text in lang.
func (a AttachmentSpec) HelpIn(lang string) string { return pick(lang, a.Help, a.HelpEN) }
