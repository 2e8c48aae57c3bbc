package web

import (
	"cmp"
	"regexp"
	"slices"
	"strings"

	"kijun/internal/permits"
)

// permitEnglishFormats are the refusals of the permits' service in
// Japanese, with their English (see englishFormats): shown on the permit
// pages when the UI speaks English.
var permitEnglishFormats = [][2]string{
	{"開始日を入力してください", "enter the start date"},
	{"終了日を入力してください", "enter the end date"},
	{"終了日は開始日より後にしてください", "the end date must be after the start date"},
	{"期間は %d 日以内にしてください", "the period must be at most %s days"},
	{"終了日が過ぎています", "the end date has passed"},
	{"開始日は今日以降にしてください。許可は事前に得るものです", "the start date must be today or later: permission is asked for beforehand"},
	{"この申請に記録はありません", "this request has no record"},
	{"立会者は担当者とは別の者にしてください", "the witness must be someone other than the person in charge"},
	{"%sを確認してください（%s）", "confirm %s (%s)"},
	{"%sを入力してください（%s）", "enter %s (%s)"},
	{"%sは YYYY-MM-DD の形で入力してください", "enter %s as YYYY-MM-DD"},
	{"%sを YYYY-MM-DD の形で入力してください", "enter %s as YYYY-MM-DD"},
	{"%sは %s から選んでください", "choose %s from %s"},
	{"%sの職員番号 %q が正しくありません", "the staff number %s of %s is not valid"},
	{"%s %s は今日より後です。実施した後に記録してください（9.5.2）", "%s %s is after today; record it after it is done (9.5.2)"},
	{"%sを添付してください（%s）", "attach %s (%s)"},
	{"%sは %d MB 以下のファイルにしてください", "%s must be a file of at most %s MB"},
	{"%sのファイルが空です", "the file of %s is empty"},
	{"%s %s は台帳にありません", "%s %s is not in the register"},
	{"%s %s は許可された期間（%s〜%s）の外です", "%s %s is outside the permitted period (%s to %s)"},
	{"緊急時の例外措置は、実施した内容を記録してから報告します（9.5.2）", "an emergency exception is reported after recording what was done (9.5.2)"},
	{"この申請には承認後の記録はありません", "this request has no record after approval"},
	{"実施済みの緊急時の例外措置は取り下げられません。CISO に報告してください（9.5.2）", "an emergency exception already carried out cannot be withdrawn; report it to the CISO (9.5.2)"},
	{"この申請はまだ提出されていません。「%s」はできません", "this request has not been submitted yet; it cannot be given %s"},
	{"この申請は承認を待っています。「%s」はできません", "this request is awaiting approval; it cannot be given %s"},
	{"この申請は既に承認されています（承認後の記録を待っています）。「%s」はできません", "this request is already approved (its record is awaited); it cannot be given %s"},
	{"この申請は既に承認・実施されています。「%s」はできません", "this request is already approved and carried out; it cannot be given %s"},
	{"この申請は既に完了しています。「%s」はできません", "this request is already complete; it cannot be given %s"},
	{"この申請は既に却下されています。「%s」はできません", "this request has already been rejected; it cannot be given %s"},
	{"この申請は取り下げられています。「%s」はできません", "this request has been withdrawn; it cannot be given %s"},
	{"申請の期間（%s まで）が過ぎているため承認できません。期間を改めて申請してください", "the request's period (until %s) has passed, so it cannot be approved; apply again with a new period"},
	{"情報セキュリティ統括責任者が許可できるのは、軽微と判断した例外措置に限られます。軽微でなければ CISO の許可を得てください（9.5.1）", "the 統括責任者 may permit only an exception judged minor; otherwise the CISO must permit it (9.5.1)"},
	{"申請の種類 %q はありません", "there is no request type %s"},
	{"申請 %d %sのは申請者だけです", "only the requester of request %s may do this (%s)"},
	{"「%s」を申請できるのは %s です", "%s may be requested only by %s"},
	{"申請 %d は他の人が先に処理しました。読み込み直してください", "someone else acted on request %s first; read it again"},
	{"この申請を決裁できるのは %s です", "only %s may decide this request"},
	{"この手続きの記録には添付はありません", "this step's record takes no attachments"},
	{"申請 %d に訂正・補足を加えられるのは申請者と決裁した者です", "only the requester and those who decided request %s may add a correction"},
	{"添付 %q はこの手続きにありません", "there is no attachment %s in this step"},
	{"フォームを読めません（添付は %d MB まで）", "the form cannot be read (attachments up to %s MB)"},
	{"添付 %s を読めません", "the attachment %s cannot be read"},
}

// permitEnglish is permitEnglishFormats compiled once; never changed.
var permitEnglish = compileEnglish(permitEnglishFormats)

// permitActionsEnglish name the steps of a request in English, for the
// refusals that name them.
var permitActionsEnglish = map[string]string{
	"作成": "drafting", "提出": "submission", "承認": "approval", "却下": "rejection", "自動却下": "automatic rejection",
	"記録": "a record", "返却": "a return", "実施せず完了": "closing without carrying out", "取下げ": "withdrawal", "訂正・補足": "a correction",
}

// compileEnglish compiles pairs of a Japanese format and its English as
// englishMessages does.
func compileEnglish(formats [][2]string) []englishMessage {
	out := make([]englishMessage, len(formats))
	for i, f := range formats {
		out[i] = englishMessage{ja: regexp.MustCompile(`^` + verbs.Replace(regexp.QuoteMeta(f[0])) + `$`), en: f[1]}
	}
	return out
}

// permitRefusal returns a refusal of the permits' service in the page's
// language: in English, translated, with the declared fields' labels and
// choices put in English too; in Japanese, as it is.
func (p *page) permitRefusal(msg string, fields ...[]permits.Field) string {
	if p.Lang != langEN || msg == "" {
		return msg
	}
	en := toEnglish(permitEnglish, msg)
	if en == msg {
		en = toEnglish(domainEnglish, msg)
	}
	if en == msg {
		return msg
	}
	var pairs []string
	for _, fs := range fields {
		for _, f := range fs {
			if f.LabelEN != "" {
				pairs = append(pairs, f.Label, f.LabelEN)
			}
			for _, c := range f.Choices {
				pairs = append(pairs, c, p.Choice(c))
			}
		}
	}
	for ja, e := range permitActionsEnglish {
		pairs = append(pairs, "「"+ja+"」", e)
	}
	// The longest first, so a choice inside another is not put in half.
	idx := make([]int, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		idx = append(idx, i)
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(len(pairs[b]), len(pairs[a])) })
	ordered := make([]string, 0, len(pairs))
	for _, i := range idx {
		ordered = append(ordered, pairs[i], pairs[i+1])
	}
	en = strings.NewReplacer(ordered...).Replace(en)
	return strings.ReplaceAll(en, "・", ", ")
}

// Choice returns a declared choice of a request type's field in the
// page's language: its English when the UI speaks English and one is
// known, and the choice itself (the value kept) otherwise.
func (p *page) Choice(v string) string {
	if p.Lang == langEN {
		if m, ok := p.msgs["permits.choice."+v]; ok {
			return m
		}
	}
	return v
}

// Choice is the field's choice v in the page's language.
func (f permitField) Choice(v string) string {
	if f.pg == nil {
		return v
	}
	return f.pg.Choice(v)
}

// attachmentLabels are attachments as fields, for permitRefusal to put
// their labels in English: a refusal of an attachment names it by its
// label (permits.CheckAttachments).
func attachmentLabels(specs []permits.AttachmentSpec) []permits.Field {
	out := make([]permits.Field, len(specs))
	for i, a := range specs {
		out[i] = permits.Field{Key: a.Key, Label: a.Label, LabelEN: a.LabelEN}
	}
	return out
}

// permitRecordFields are the fields of a type's record and return.
func permitRecordFields(t *permits.Type) []permits.Field {
	var out []permits.Field
	for _, rec := range []*permits.Record{t.Record, t.Return} {
		if rec != nil {
			out = append(out, rec.Fields...)
		}
	}
	return out
}
