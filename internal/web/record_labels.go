package web

import (
	"strings"
)

// recordSubjects name what a ledger record's action is about, by the
// action without its last part ("auth.factor" of "auth.factor.enrol").
var recordSubjects = map[string]string{
	"asset": "情報資産", "system": "情報システム", "device": "機器", "medium": "電磁的記録媒体", "area": "管理区域",
	"network.segment": "ネットワークセグメント", "network.connection": "ネットワーク接続",
	"org.role": "役割", "org.deputy": "代理者", "org.unit": "組織", "org.assignment": "配置", "org.person": "職員",
	"org.absence": "不在", "org.contractor": "委託先職員", "org.id_review": "ID の棚卸し",
	"auth.token": "API トークン", "auth.factor": "認証要素", "auth.account": "利用者 ID", "auth.password": "パスワード",
	"auth.session": "セッション", "auth.signin": "ログイン", "auth": "認証",
	"compliance": "点検", "compliance.rules": "点検ルール", "catalog": "対策基準", "catalog.mappings": "対策基準の対応表", "catalog.alignment": "市の基準と対策基準の対応付け",
	"setting": "設定", "ledger": "記録台帳", "ledger.key": "記録台帳の署名鍵", "schema": "データベース",
	"incident": "インシデント", "incident.action": "インシデントの対応", "contact": "連絡先", "procedure": "対応手順",
	"selfcheck": "自己点検", "selfcheck.question": "自己点検の設問", "failure": "障害",
	"audit": "監査", "audit.plan": "監査計画", "audit.report": "監査報告", "corrective": "是正措置",
	"work": "作業", "log": "ログ", "vuln": "脆弱性", "endpoint": "端末の状態", "backup": "バックアップ",
	"training": "研修", "training.plan": "研修計画", "training.course": "研修コース", "training.report": "研修報告",
	"training.drill": "訓練", "training.edition": "教材", "permit": "申請", "mail": "メール", "person": "職員",
	"stocktake": "利用状況調査", "review": "対策基準の見直し",
	"external_service": "外部サービス",
	"drill":            "緊急時対応訓練", "drill.plan": "緊急時対応訓練の計画", "drill.entry": "計画した緊急時対応訓練",
	"checklist": "チェックリスト", "notice": "セキュリティ情報の周知",
	"training.pledge": "誓約書", "auth.shared": "共用 ID",
}

// recordActions name whole actions that the parts would name badly.
var recordActions = map[string]string{
	"auth.shared.users": "共用 ID を使用できる職員等の変更（7.4.2イ）",

	"auth.signin": "ログイン", "auth.signout": "ログアウト", "auth.signin.fail": "ログインの失敗", "auth.lock": "利用者 ID のロック",
	"compliance.check": "点検の実施", "schema.migrate": "データベースの更新", "demo.account.create": "デモ用の利用者 ID の作成",
	"contract.return":     "委託終了時の情報資産の返還・廃棄の記録",
	"contract.check_plan": "委託先の確認の間隔の設定", "contract.check": "委託先の情報セキュリティの確認の記録",
	"drill.improvement": "緊急時対応訓練後の改善の指示",
	"system.stage":      "情報システムの段階の変更",
	"notice.send":       "セキュリティ情報の周知", "notice.read": "セキュリティ情報の既読確認",
	"audit.evidence.dispose": "監査証拠・監査調書の廃棄（許可による）",
	"training.pledge.give":   "職務上の義務の誓約（7.1.2）",
	"catalog.in_force":       "施行中の基準の版の指定",

	"compliance.finding.evidence": "指摘事項への証跡の添付",
}

// recordVerbs name what was done, by the action's last part.
var recordVerbs = map[string]string{
	"create": "作成", "update": "更新", "import": "取込", "appoint": "任命", "end": "終了", "name": "指名",
	"reorganise": "組織改正", "close": "終了", "start": "開始", "save": "保存", "leave": "退職", "hire": "採用",
	"record": "記録", "revoke": "失効", "check": "実施", "load": "読込", "accept": "受容", "set": "変更",
	"rollback": "巻き戻し", "register": "登録", "migrate": "更新", "acknowledge": "受領確認", "escalate": "報告の引き上げ",
	"notify": "通知", "outside_report": "外部への報告", "evidence": "証跡", "remove": "削除", "launch": "開始",
	"answer": "回答", "submit": "提出", "promote": "インシデントへの格上げ", "add": "追加", "work": "作業",
	"sample": "抽出", "verdict": "判定", "finding": "指摘", "policy": "方針", "review": "確認", "open": "登録",
	"status": "取込", "made": "取得", "drill": "訓練", "key_rotate": "鍵の更新", "report": "報告", "result": "結果",
	"triage": "トリアージ", "ciso_report": "CISO への報告", "cause": "原因", "announce": "公表", "debrief": "振り返り",
	"enrol": "登録", "disable": "停止", "link": "連携", "unlock": "ロック解除", "change": "変更", "lock": "ロック",
	"fail": "失敗", "approve": "承認", "reject": "却下", "auto_reject": "自動却下", "return": "返却", "withdraw": "取下げ",
	"correct": "訂正", "draft": "下書き", "attach": "添付", "assign": "割当て", "ack": "確認", "sent": "送信",
	"reminder": "督促", "digest_sent": "まとめ送信", "digest_queue": "まとめ予約", "mail_preference": "メール設定",
	"mail": "メール設定", "signin": "ログイン", "signout": "ログアウト", "propose": "提案", "decide": "決定",
	"secret_key_rotate": "暗号鍵の更新", "retire": "廃止",
	"mark":          "照合",
	"carry_forward": "次の版への引継ぎ",
}

// actionLabel names a ledger record's action in words: 認証要素の登録 for
// auth.factor.enrol in Japanese, "auth factor enrol" in English. An action
// it has no words for is shown as it is.
func actionLabel(lang, action string) string {
	if lang == langEN {
		return strings.NewReplacer(".", " ", "_", " ").Replace(action)
	}
	if l, ok := recordActions[action]; ok {
		return l
	}
	i := strings.LastIndexByte(action, '.')
	if i < 0 {
		return action
	}
	subject, verb := action[:i], action[i+1:]
	v, ok := recordVerbs[verb]
	if !ok {
		return action
	}
	if s, ok := recordSubjects[subject]; ok {
		return s + "の" + v
	}
	if i := strings.IndexByte(subject, '.'); i >= 0 { // auth.signin.fail: the verb is the whole
		if s, ok := recordSubjects[subject[:i]]; ok {
			if w, ok := recordVerbs[subject[i+1:]]; ok {
				return s + "（" + w + "）の" + v
			}
		}
	}
	if w, ok := recordVerbs[subject]; ok { // auth.signin: the subject is the verb's
		return w + "の" + v
	}
	return action
}
