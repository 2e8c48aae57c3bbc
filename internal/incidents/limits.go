package incidents

import "kijun/internal/kijun"

// MaxLeakAssets is the most assets one report names as leaked.
const MaxLeakAssets = 1000

// The text limits of this package are maxTitle (a 件名, a name, a
// contact's fields) and maxText (what happened, what was done), in
// incident.go. The checks here add what the lengths do not: every text
// field holds text a person reads as written, with no control or
// direction characters (kijun.FieldErrors.Text), and each list is bounded.

// checkChars adds the character errors of the report's text fields.
func (in Incident) checkChars(fe *kijun.FieldErrors) {
	fe.Chars(FieldTitle, "件名", in.Title, false)
	fe.Chars(FieldOnBehalfOf, "外部の通報者", in.OnBehalfOf, false)
	for _, f := range []struct{ field, label, text string }{
		{FieldDescription, "内容", in.Description},
		{FieldSupposedCause, "想定される原因", in.SupposedCause},
		{FieldResponse, "事件事故等への対応", in.Response},
		{FieldRecovery, "復旧方針", in.Recovery},
		{FieldRootCause, "原因", in.RootCause},
		{FieldDebrief, "振り返り", in.Debrief},
	} {
		fe.Chars(f.field, f.label, f.text, true)
	}
	if len(in.Leak.AssetIDs) > MaxLeakAssets {
		fe.Add(FieldLeak, "漏えいした情報資産は %d 件までにしてください（%d 件あります）", MaxLeakAssets, len(in.Leak.AssetIDs))
	}
}

func (c Contact) checkChars(fe *kijun.FieldErrors) {
	fe.Chars("name", "氏名", c.Name, false)
	fe.Chars("unit", "所属", c.Unit, false)
	fe.Chars("post", "役職", c.Post, false)
	fe.Chars("note", "備考", c.Note, true)
}

func (p Procedure) checkTexts(fe *kijun.FieldErrors) {
	fe.Text(FieldTitle, "題名", p.Title, maxTitle, false)
	fe.Text("body", "本文", p.Body, maxText, true)
}

func (f Failure) checkTexts(fe *kijun.FieldErrors) {
	fe.Chars(FieldDescription, "内容", f.Description, true)
	fe.Text("handling", "処理結果", f.Handling, maxText, true)
	fe.Text("problems", "問題等", f.Problems, maxText, true)
}
