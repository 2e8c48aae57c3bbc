package web

import "regexp"

// contractorFormats are the English of chapter 10's refusals (see
// englishFormats): the contractor register, contracts, 再委託 chains and
// external services, as the API's caller who asks for English reads them.
var contractorFormats = [][2]string{
	// 10.1.1: contractors.
	{"%sは英数字で始まる 40 文字以内の英数字・「.」「_」「-」です（%q）", "the %s must be 1 to 40 letters, digits, ., _ or -, starting with a letter or digit (%s)"},
	{"名称を入力してください", "give the name"},
	{"法人番号は 13 桁の数字です（%d 文字あります）", "the 法人番号 (corporate number) is 13 digits (it has %s characters)"},
	{"法人番号は 13 桁の半角数字です（数字以外が含まれています）", "the 法人番号 (corporate number) is 13 digits (it holds something else)"},
	{"法人番号 %s の検査用数字（先頭の 1 桁）が合いません（%d のはずです）。番号を確かめてください", "the check digit (the first) of 法人番号 %s is wrong (it should be %s); check the number"},
	{"委託事業者 %s を変更できるのは、この事業者と契約・再委託のある課です（8.2.1ア）", "contractor %s may be changed only by a 課 with a contract or 再委託 it is in (8.2.1ア)"},
	{"選定の確認をした日を入力してください（10.1.1）", "give the day the selection was checked (10.1.1)"},
	{"選定の確認をした職員の職員番号を入力してください（10.1.1）", "give the staff number of who checked the selection (10.1.1)"},
	{"選定で確認した事項を入力してください（10.1.1）", "say what the selection check looked at (10.1.1)"},
	// 10.1.2: contracts.
	{"契約の件名を入力してください", "give the contract's name"},
	{"契約を所管する課を入力してください", "give the 課 that keeps the contract"},
	{"委託事業者を入力してください", "give the contractor"},
	{"契約期間の始めの日を入力してください", "give the contract's first day"},
	{"契約期間の終わりの日を入力してください", "give the contract's last day"},
	{"契約期間の終わり（%s）が始め（%s）より前です", "the contract's last day (%s) is before its first (%s)"},
	{"状態 %q はありません（準備中・契約中・終了）", "there is no state %s (draft, active, ended)"},
	{"%s「%s」を定めた条項がありません。10.1.2アの事項がそろうまで契約中にできません（例外措置の許可があれば、その申請番号を入力してください。9.5）",
		"no article states %s (%s); a contract cannot be active until every item of 10.1.2ア is stated, or an exception (9.5) in force covers it"},
	{"終了した契約は再開できません。新しい契約として登録してください", "an ended contract cannot start again; register a new contract"},
	{"所管課コード %s の組織はありません", "there is no unit %s"},
	{"事業者ID %s の委託事業者は登録されていません（先に事業者を登録してください）", "there is no contractor %s (register the contractor first)"},
	{"%s %s は台帳にありません", "%s %s is not in the register"},
	{"この契約（所管 %s）を見る権限がありません（8.2.1ア）", "you may not see this contract (of %s; 8.2.1ア)"},
	{"この外部サービス（所管 %s）を見る権限がありません（8.2.1ア）", "you may not see this external service (of %s; 8.2.1ア)"},
	// 10.1.4: 再委託.
	{"事業者 %s が自らに再委託することになっています。委託元と委託先を別の事業者にしてください（10.1.4）", "contractor %s would subcontract to itself; from and to must differ (10.1.4)"},
	{"事業者 %s はこの契約の再委託の連鎖にいません。契約の相手方（%s）か、既に再委託を受けた事業者から再委託してください", "contractor %s is not in this contract's chain; subcontract from the contractor (%s) or one already subcontracted"},
	{"事業者 %s はこの契約の相手方です。%s から %s への再委託は連鎖を一周させます（%s）", "contractor %s is this contract's contractor; a link from %s to %s closes a loop (%s)"},
	{"事業者 %s は既にこの連鎖の上位にいます。再委託が一周します（%s）", "contractor %s is already above in this chain; the link closes a loop (%s)"},
	{"事業者 %s は %s の下位に再委託しています。再委託が一周します", "contractor %s subcontracts below %s; the link closes a loop"},
	{"事業者 %s は既に再委託 %s で %s から業務を受けています。1 つの契約で同じ事業者が受けるのは 1 か所からです", "contractor %s already receives work by link %s from %s; in one contract a contractor receives from one place only"},
	{"再委託を実施中にするには、所管課の情報管理者の承認（申請番号）が必要です（10.1.4）", "a link is active only with the approval of the 課's 情報管理者 (its request number; 10.1.4)"},
	{"再委託 %s は契約 %s のものです。別の契約に移せません", "link %s is contract %s's; it cannot move to another contract"},
	{"契約番号 %s の契約はありません", "there is no contract %s"},
	// Any record of the register changed since it was read.
	{"%s %s は他の人が変更しました（版 %d → %d）。読み込み直してから変更してください", "%s %s was changed by someone else (version %s → %s); read it again"},
}

// The formats above join the domain's English once, before any request.
func init() {
	for _, p := range contractorFormats {
		domainEnglish = append(domainEnglish, englishMessage{ja: regexp.MustCompile(`^` + verbs.Replace(regexp.QuoteMeta(p[0])) + `$`), en: p[1]})
	}
}
