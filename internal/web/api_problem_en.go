package web

import (
	"fmt"
	"regexp"
	"strings"

	"kijun/internal/kijun"
)

// The domain packages say what is wrong in Japanese, the language of the
// city's staff. A caller of the API that asks for English
// (Accept-Language: en) gets these messages in English: each Japanese
// format below is matched against the message, and its arguments (IDs,
// numbers, a field's label) are put into the English one. A message not
// listed stays Japanese, so nothing is lost, only untranslated.

// englishFormats pairs a domain's Japanese format with its English; every
// verb of the Japanese is a %s of the English, in the same order.
var englishFormats = [][2]string{
	// Every text field (kijun.FieldErrors.Text).
	{"%sは %d 文字以内にしてください（%d 文字あります）", "%s must be at most %s characters (it has %s)"},
	{"%sに不正な文字コード（UTF-8 でないもの）が含まれています", "%s holds bytes that are not UTF-8"},
	{"%sは 1 行で入力してください（タブ・改行は使えません）", "%s must be one line (no tabs or line breaks)"},
	{"%sに制御文字（U+%04X）が含まれています。削除してください", "%s holds the control character U+%s; remove it"},
	// Who may write a register's records (8.2.1ア).
	{"%s %s を変更する権限がありません（所管課の台帳のみ変更できます。8.2.1ア）", "you may not change %s %s: only its 課's register keepers may (8.2.1ア)"},
	{"所管課 %s の台帳に登録する権限がありません（自課の台帳のみ。8.2.1ア）", "you may not register records of unit %s: only your own 課's (8.2.1ア)"},
	{"%s %s は他課の台帳にあります。変更する権限がありません（所管課の台帳のみ。8.2.1ア）", "%s %s is in another 課's register, which you may not change (8.2.1ア)"},
	{"%s %s は既にあります（別の番号にしてください）", "%s %s already exists (use another ID)"},
	{"ネットワーク台帳は CISO 室・情報基盤管理者が管理します（8.1.9）", "the network register is kept by the CISO's office and the 情報基盤管理者 (8.1.9)"},
	{"この情報資産（所管 %s）を見る権限がありません（8.2.1ア）", "you may not see this asset (of %s; 8.2.1ア)"},
	{"この情報システム（所管 %s）を見る権限がありません（8.2.1ア）", "you may not see this system (of %s; 8.2.1ア)"},
	// Assets (4.1, 4.2).
	{"管理番号は英数字と - _ . で 1〜40 文字にしてください（%q）", "the ID must be 1 to 40 letters, digits, -, _ or . (%s)"},
	{"所管課を指定してください（4.2.ア.(1)）", "name the unit that keeps it (4.2ア(1))"},
	{"名称は 1〜%d 文字で入力してください", "the name must be 1 to %s characters"},
	{"種類 %q はありません（%s）", "there is no kind %s (%s)"},
	{"%sは 1〜%d で指定してください（%s）", "%s must be 1 to %s (%s)"},
	{"%s%d とした理由を入力してください", "give the reason for %s %s"},
	{"段階 %q はありません（%s）", "there is no stage %s (%s)"},
	{"外部から入手した情報資産は入手元を入力してください（4.2.エ）", "an asset obtained from outside needs its origin (4.2エ)"},
	// Systems and the network (5, 8.1).
	{"システムIDは英数字と - _ . で 1〜40 文字にしてください（%q）", "the system ID must be 1 to 40 letters, digits, -, _ or . (%s)"},
	{"セグメントIDは英数字と - _ . で 1〜40 文字にしてください（%q）", "the segment ID must be 1 to 40 letters, digits, -, _ or . (%s)"},
	{"接続IDは英数字と - _ . で 1〜40 文字にしてください（%q）", "the connection ID must be 1 to 40 letters, digits, -, _ or . (%s)"},
	{"所管課を指定してください", "name the unit that keeps it"},
	{"区分 %q はありません（マイナンバー利用事務系・LGWAN接続系・インターネット接続系・その他の情報システム）", "there is no zone %s (mynumber, lgwan, internet, other)"},
	{"設置場所 %q はありません（庁舎内・庁外の施設・クラウドサービス）", "there is no hosting %s (onsite, offsite, cloud)"},
	{"ログの保存日数は 0〜36500 日にしてください（8.1.7）", "log_retention_days must be 0 to 36500 (8.1.7)"},
	{"認証の要素数は 1〜3 にしてください（6.4.2ア）", "auth_factors must be 1 to 3 (6.4.2ア)"},
	{"公開ドメイン %q はドメイン名（例 www.city.example.jp）で書いてください", "public_domain %s must be a domain name such as www.city.example.jp"},
	{"アドレス %q は 10.1.0.0/16 のような CIDR で書いてください", "the address %s must be a CIDR prefix such as 10.1.0.0/16"},
	{"接続の端 %q は segment:ID・system:ID・external:lgwan・external:internet・external:kuni のいずれかにしてください", "the end %s must be segment:ID, system:ID, external:lgwan, external:internet or external:kuni"},
	{"接続元と接続先が同じです", "from and to are the same"},
	{"方式 %q はありません（通信・メール・ファイル転送・画面転送）", "there is no channel %s (network, mail, file, screen)"},
	{"無害化 %q はありません（なし・メールテキスト化・画面転送・ファイル無害化）", "there is no sanitisation %s (none, mail_text, screen, file_clean)"},
	{"ポート %q は 443 や 8000-8080 のように 1〜65535 で書いてください", "the port %s must be 1 to 65535, such as 443 or 8000-8080"},
	// Findings (9.2.1).
	{"変更する項目か、コメントを入力してください", "change something or write a comment"},
	{"状態 %q はありません", "there is no state %s"},
	{"例外措置による受入れは、指摘一覧の「受入れ」から例外措置を選んで行ってください（9.5.1）", "a finding is accepted under an exception by accepting it with the exception's request (9.5.1)"},
	{"完了にするときは、何をしたかをコメントに書いてください（9.2.1イ）", "to close it, say in the comment what was done (9.2.1イ)"},
	{"この指摘を更新できるのは、担当者・課の情報管理者・CISO 事務局です（8.2.1ア, 9.2.1）", "only its owner, its 課's 情報管理者 or the CISO's office may change this finding (8.2.1ア, 9.2.1)"},
	{"担当者を変更できるのは、課の情報管理者・情報責任者・CISO 事務局です（9.2.1ア）", "only the 課's 情報管理者, a 情報責任者 or the CISO's office may name the owner (9.2.1ア)"},
	{"この指摘を見る権限がありません（8.2.1ア）", "you may not see this finding (8.2.1ア)"},
	{"この指摘は他の人が先に更新しました。画面を読み込み直して確かめてください", "someone changed this finding first; read it again"},
	// Training attendance (7.2.2オ).
	{"職員番号を入力してください", "give the staff_no"},
	{"研修コードを入力してください", "give the course_id"},
	{"受講日 %q は YYYY-MM-DD の形で入力してください", "on %s must be a date such as 2026-06-15"},
	{"点数は 0〜100 にしてください（%d）", "the score must be 0 to 100 (%s)"},
	{"合否 %q は pass か fail にしてください", "the result %s must be pass or fail"},
	{"研修コード %s の研修は研修計画にありません", "there is no course %s in the training plan"},
	{"職員番号 %s の職員等は組織の台帳にいません", "there is nobody with staff number %s in the organisation"},
	{"職員番号 %s の研修 %s の受講は %d 行目と重複しています", "the attendance of %s at %s repeats row %s"},
	{"職員番号 %s の研修 %s の受講は既に記録されています", "the attendance of %s at %s is already recorded"},
	{"受講日 %s は研修 %s の実施期間（%s〜%s）の外です", "the day %s is outside the period of course %s (%s to %s)"},
	{"職員番号 %s は %s の職員です。受講は所属の課の情報管理者が記録します（7.2.2オ）", "%s is on the staff of %s; their 課's 情報管理者 records their attendance (7.2.2オ)"},
	// ID cards (7.4.1).
	{"カード %s の紛失は、本人又は所属の課の情報管理者が報告します（7.4.1イ(3)）", "the loss of card %s is reported by its holder or their 課's 情報管理者 (7.4.1イ(3))"},
	{"カード番号を 40 文字以内（空白・/ ? # なし）で入力してください", "the card number must be at most 40 characters, without spaces, /, ? or #"},
	{"種別は ID カード か トークン です", "kind must be card or token"},
	{"交付先の職員番号、又は共用の場合は課を入力してください（7.4.1イ(1)）", "give the holder's staff number, or the unit of a shared card (7.4.1イ(1))"},
	{"職員に交付したカードには共用の課を書きません（共用カードは職員番号を空欄に、7.4.1イ(1)）", "a card issued to a person names no unit (a shared card names no holder; 7.4.1イ(1))"},
	{"交付日 %q は YYYY-MM-DD の形で書いてください", "issued_on %s must be a date such as 2026-06-15"},
	{"カード番号 %s は既に %s に交付されています。1 枚のカードを 2 人に交付することはできません", "card %s is already issued to %s; one card never goes to two people"},
	{"職員番号 %s の職員等は退職・異動で離れています。カードは交付できません", "%s has left; no card can be issued to them"},
	{"切替え前のカード %s は台帳にありません", "the card %s it replaces is not in the register"},
	// The standard in force (11.3).
	{"施行中の基準を定めるのは CISO 室です（1.2）", "only the CISO's office puts a standard in force (1.2)"},
	{"基準 %s@%s は読み込まれていません。先に版を読み込んでください", "%s@%s is not loaded; load the edition first"},
	{"基準の識別子（kobe-kijun など）を入力してください", "give the standard's key, such as kobe-kijun"},
	{"版（5.5 など）を入力してください", "give the edition, such as 5.5"},
}

// englishMessage is one compiled pair of englishFormats.
type englishMessage struct {
	ja *regexp.Regexp
	en string
}

// verbs are the fmt verbs the Japanese formats use, and what each matches.
var verbs = strings.NewReplacer(`%s`, `(.*?)`, `%d`, `(-?\d+)`, `%q`, `("(?:[^"\\]|\\.)*")`, `%04X`, `([0-9A-F]+)`, `%%`, `%`)

// domainEnglish is englishFormats compiled once; it is never changed.
var domainEnglish = englishMessages()

// englishMessages are englishFormats compiled.
func englishMessages() []englishMessage {
	out := make([]englishMessage, len(englishFormats))
	for i, p := range englishFormats {
		pattern := verbs.Replace(regexp.QuoteMeta(p[0]))
		out[i] = englishMessage{ja: regexp.MustCompile(`^` + pattern + `$`), en: p[1]}
	}
	return out
}

// toEnglish returns msg in English when one of ms matches it, and msg
// otherwise.
func toEnglish(ms []englishMessage, msg string) string {
	for _, m := range ms {
		if sub := m.ja.FindStringSubmatch(msg); sub != nil {
			args := make([]any, len(sub)-1)
			for i, s := range sub[1:] {
				args[i] = s
			}
			return fmt.Sprintf(m.en, args...)
		}
	}
	return msg
}

// inEnglish puts a problem's domain messages in English: its fields'
// reasons, its rows' reasons, and its detail (the reasons joined, when it
// names fields).
func (p *problem) inEnglish() {
	reasons := make([]string, len(p.Errors))
	for i := range p.Errors {
		p.Errors[i].Reason = toEnglish(domainEnglish, p.Errors[i].Reason)
		reasons[i] = p.Errors[i].Reason
	}
	if p.Rows != nil {
		rows := make([]kijun.RowError, len(p.Rows))
		for i, r := range p.Rows {
			r.Reason = toEnglish(domainEnglish, r.Reason)
			rows[i] = r
		}
		p.Rows = rows
	}
	if en := toEnglish(domainEnglish, p.Detail); en != p.Detail || len(reasons) == 0 {
		p.Detail = en
		return
	}
	p.Detail = strings.Join(reasons, "; ")
}
