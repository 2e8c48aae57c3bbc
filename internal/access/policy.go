package access

import (
	"context"
	"strconv"
	"time"

	"kijun/internal/auth"
	"kijun/internal/kijun"
	"kijun/internal/store"
)

// Who must give a second factor (6.4.2ア).
const (
	// MFAAll asks everyone: 6.4.2ア asks for several factors at every
	// sign-in to an information system, so it is the default.
	MFAAll = "all"
	// MFAPrivileged asks only privileged IDs and the holders of the
	// city-wide roles, for a city that phases the second factor in.
	MFAPrivileged = "privileged"
)

// Policy is how a city runs sign-in: the rules of 7.4.3, 8.2.5 and 8.2.6,
// and who must give a second factor.
type Policy struct {
	Password auth.PasswordPolicy
	Lockout  auth.LockoutPolicy
	Params   auth.Params
	MFA      string
}

// DefaultPolicy is the standard's own floor with Kijun's defaults.
func DefaultPolicy() Policy {
	return Policy{Password: auth.DefaultPolicy(), Lockout: auth.DefaultLockout(), Params: auth.DefaultParams(), MFA: MFAAll}
}

// Settings keys of the policy. A city sets them with `kijun config set`.
const (
	SettingMinLength    = "auth.password.min_length"
	SettingHistory      = "auth.password.history"
	SettingMaxAgeMonths = "auth.password.max_age_months"
	SettingMaxFailures  = "auth.lockout.max_failures"
	SettingLockMinutes  = "auth.lockout.lock_minutes"
	SettingIdleMinutes  = "auth.session.idle_minutes"
	SettingMaxHours     = "auth.session.max_hours"
	SettingMFA          = "auth.mfa"
)

// PolicySettings lists the settings LoadPolicy reads, with what each means.
func PolicySettings() []struct{ Key, Meaning string } {
	return []struct{ Key, Meaning string }{
		{SettingMinLength, "パスワードの最小文字数（8以上, 7.4.3ウ・8.2.6ウ）"},
		{SettingHistory, "再利用を禁じる過去のパスワードの数（8.2.6エ）"},
		{SettingMaxAgeMonths, "特権ID以外のパスワードの有効月数（0は無期限）"},
		{SettingMaxFailures, "ロックするまでの連続失敗回数（8.2.5）"},
		{SettingLockMinutes, "ロックの分数（0は管理者が解除するまで）"},
		{SettingIdleMinutes, "無操作でセッションを終える分数（8.2.5）"},
		{SettingMaxHours, "ログインからセッションを終えるまでの時間数"},
		{SettingMFA, "二要素認証を求める相手: all（全員）または privileged（特権IDと全庁の役割）"},
	}
}

// LoadPolicy reads the city's policy from the settings, on top of
// DefaultPolicy. A value that makes no sense, or that would go below the
// standard's floor (fewer than 8 characters), is an EINVALID error naming
// the setting, so a bad setting stops the start instead of weakening it.
func LoadPolicy(ctx context.Context, db *store.DB) (Policy, error) {
	p := DefaultPolicy()
	for _, s := range PolicySettings() {
		v, err := db.Setting(ctx, s.Key)
		if kijun.ErrorCode(err) == kijun.ENOTFOUND {
			continue
		}
		if err != nil {
			return p, err
		}
		if err := p.Apply(s.Key, v); err != nil {
			return p, err
		}
	}
	return p, nil
}

// Apply sets one setting of the policy from its stored text, or returns
// an EINVALID error that names the setting and what it takes.
func (p *Policy) Apply(key, value string) error {
	if key == SettingMFA {
		if value != MFAAll && value != MFAPrivileged {
			return kijun.Errorf(kijun.EINVALID, "設定 %s の値 %q が不正です（all または privileged）", key, value)
		}
		p.MFA = value
		return nil
	}
	ints := map[string]struct {
		min int
		set func(int)
	}{
		SettingMinLength:    {8, func(n int) { p.Password.MinLength = n }},
		SettingHistory:      {0, func(n int) { p.Password.History = n }},
		SettingMaxAgeMonths: {0, func(n int) { p.Password.MaxAge = auth.Period{Months: n} }},
		SettingMaxFailures:  {0, func(n int) { p.Lockout.MaxFailures = n }},
		SettingLockMinutes:  {0, func(n int) { p.Lockout.LockFor = time.Duration(n) * time.Minute }},
		SettingIdleMinutes:  {1, func(n int) { p.Lockout.IdleTimeout = time.Duration(n) * time.Minute }},
		SettingMaxHours:     {1, func(n int) { p.Lockout.AbsoluteTimeout = time.Duration(n) * time.Hour }},
	}
	s, ok := ints[key]
	if !ok {
		return kijun.Errorf(kijun.EINVALID, "設定 %s はありません", key)
	}
	n, err := strconv.Atoi(value)
	if err != nil || n < s.min || n > 100000 {
		return kijun.Errorf(kijun.EINVALID, "設定 %s の値 %q が不正です（%d 以上の整数）", key, value, s.min)
	}
	s.set(n)
	return nil
}
