package auth

import (
	"fmt"

	"kijun/internal/kijun"
)

// LastSignInNotice returns the sentence the page after sign-in shows
// (8.2.5: ログイン・ログアウト時刻の表示), in Japanese or, for LangEN,
// English: when the person last signed in and out and how many failed
// attempts there have been since. Call it on the state AfterSuccess
// returned. Times are written in their own location; pass them in the
// city's.
func LastSignInNotice(s SignInState, lang string) string {
	en := lang == LangEN
	if s.PreviousSignInAt.IsZero() {
		if en {
			return fmt.Sprintf("This is your first sign-in. Failed attempts before it: %d.", s.PreviousFailures)
		}
		return fmt.Sprintf("初めてのログインです。これまでのログイン失敗: %d回。", s.PreviousFailures)
	}
	in := s.PreviousSignInAt
	if en {
		out := "no sign-out recorded (the session timed out)"
		if !s.PreviousSignOutAt.IsZero() {
			out = s.PreviousSignOutAt.Format("2 January 2006 15:04")
		}
		return fmt.Sprintf("Last sign-in: %s. Last sign-out: %s. Failed attempts since: %d.",
			in.Format("2 January 2006 15:04"), out, s.PreviousFailures)
	}
	out := "記録なし（タイムアウト）"
	if !s.PreviousSignOutAt.IsZero() {
		out = s.PreviousSignOutAt.Format("2006年1月2日 15:04")
	}
	return fmt.Sprintf("前回のログイン: %s。前回のログアウト: %s。その後のログイン失敗: %d回。",
		in.Format("2006年1月2日 15:04"), out, s.PreviousFailures)
}

// SignInFailed returns the one error every failed sign-in gets, whatever the
// cause: an unknown user ID, a wrong password or code, a locked account. No
// message may tell an attacker that an account exists or is locked (8.2.6オ:
// 認証情報の不正利用を防止する); the ledger records the real cause.
func SignInFailed(lang string) *kijun.Error {
	if lang == LangEN {
		return kijun.Errorf(kijun.EUNAUTHORIZED, "the user ID or password is wrong, or the account cannot sign in now")
	}
	return kijun.Errorf(kijun.EUNAUTHORIZED, "利用者IDまたはパスワードが正しくないか、現在ログインできません")
}
