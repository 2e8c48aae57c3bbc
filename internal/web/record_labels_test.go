package web

import (
	"testing"

	"kijun/internal/store"
)

func TestActionLabel(t *testing.T) {
	for _, tc := range []struct{ lang, in, want string }{
		{langJA, "auth.factor.enrol", "認証要素の登録"},
		{langJA, "asset.create", "情報資産の作成"},
		{langJA, "permit.approve", "申請の承認"},
		{langJA, "org.role.appoint", "役割の任命"},
		{langJA, "auth.signin", "ログイン"},
		{langJA, "incident.action.add", "インシデントの対応の追加"},
		{langJA, "nothing.known_here", "nothing.known_here"},
		{langEN, "auth.factor.enrol", "auth factor enrol"},
	} {
		if got := actionLabel(tc.lang, tc.in); got != tc.want {
			t.Errorf("actionLabel(%s, %q) = %q, want %q", tc.lang, tc.in, got, tc.want)
		}
	}
	// Every declared record kind has words.
	for _, k := range store.RecordKinds() {
		if got := actionLabel(langJA, k.Action); got == k.Action {
			t.Errorf("record kind %s has no Japanese label", k.Action)
		}
	}
}
