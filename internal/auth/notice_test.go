package auth

import (
	"testing"
	"time"

	"kijun/internal/kijun"
)

func TestLastSignInNotice(t *testing.T) {
	jst := time.FixedZone("JST", 9*3600)
	p := DefaultLockout()
	in := time.Date(2025, 4, 1, 8, 55, 0, 0, jst)
	out := time.Date(2025, 4, 1, 17, 40, 0, 0, jst)
	next := time.Date(2025, 4, 2, 8, 50, 0, 0, jst)

	first := p.AfterSuccess(p.AfterFailure(SignInState{}, in.Add(-time.Minute)), in)
	signedOut := p.AfterSignOut(first, out)
	withFailures := p.AfterSuccess(fail(p, signedOut, 2, next.Add(-time.Minute)), next)
	timedOut := p.AfterSuccess(first, next)

	tests := []struct {
		name string
		s    SignInState
		lang string
		want string
	}{
		{"first sign-in", first, LangJA, "初めてのログインです。これまでのログイン失敗: 1回。"},
		{"first sign-in, English", first, LangEN, "This is your first sign-in. Failed attempts before it: 1."},
		{"after a sign-out with failures", withFailures, LangJA,
			"前回のログイン: 2025年4月1日 08:55。前回のログアウト: 2025年4月1日 17:40。その後のログイン失敗: 2回。"},
		{"after a sign-out with failures, English", withFailures, LangEN,
			"Last sign-in: 1 April 2025 08:55. Last sign-out: 1 April 2025 17:40. Failed attempts since: 2."},
		{"an unknown language gets Japanese", withFailures, "fr",
			"前回のログイン: 2025年4月1日 08:55。前回のログアウト: 2025年4月1日 17:40。その後のログイン失敗: 2回。"},
		{"the last session timed out", timedOut, LangJA,
			"前回のログイン: 2025年4月1日 08:55。前回のログアウト: 記録なし（タイムアウト）。その後のログイン失敗: 0回。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LastSignInNotice(tt.s, tt.lang); got != tt.want {
				t.Errorf("LastSignInNotice = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSignInFailed(t *testing.T) {
	for _, lang := range []string{LangJA, LangEN} {
		err := SignInFailed(lang)
		if got, want := kijun.ErrorCode(err), kijun.EUNAUTHORIZED; got != want {
			t.Errorf("SignInFailed(%q) code = %q, want %q", lang, got, want)
		}
		if err.Message == "" || err.Err != nil {
			t.Errorf("SignInFailed(%q) = %#v, want a message and no cause", lang, err)
		}
	}
	if SignInFailed(LangJA).Message == SignInFailed(LangEN).Message {
		t.Errorf("Japanese and English failure messages are the same")
	}
}
