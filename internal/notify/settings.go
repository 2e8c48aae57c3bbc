package notify

import (
	"context"
	"net"
	"net/url"
	"strconv"
	"strings"

	"kijun/internal/auth"
	"kijun/internal/kijun"
	"kijun/internal/store"
)

// The settings of kijun config that mail reads.
const (
	SettingHost     = "smtp.host"
	SettingPort     = "smtp.port"
	SettingFrom     = "smtp.from"
	SettingStartTLS = "smtp.starttls"
	SettingUser     = "smtp.user"
	SettingPassword = "smtp.password"
	SettingBaseURL  = "mail.base_url"
)

// sealedPrefix marks a password sealed with the installation's secret key:
// the settings table and its ledger records never hold it in the clear
// (8.2.6ア: 認証情報を厳重に管理).
const sealedPrefix = "sealed:"

// Settings are the keys kijun config knows for mail, with their meaning.
func Settings() []struct{ Key, Meaning string } {
	return []struct{ Key, Meaning string }{
		{SettingHost, "SMTP server host name / 送信に使う SMTP サーバ"},
		{SettingPort, "SMTP port (default 587) / ポート番号（既定 587）"},
		{SettingFrom, "sender address, such as kijun@city.example / 差出人アドレス"},
		{SettingStartTLS, "on (default): refuse to send without STARTTLS; off: plain, for a relay on this host / STARTTLS を必須にするか"},
		{SettingUser, "SMTP user name, when the server asks for one / SMTP 認証の利用者名"},
		{SettingPassword, "SMTP password, stored sealed with the secret key / SMTP 認証のパスワード（秘密鍵で暗号化して保存）"},
		{SettingBaseURL, "the address mails link to, such as https://kijun.city.example (else KIJUN_PUBLIC_URL) / メール中のリンクの基点"},
	}
}

// IsSetting reports whether key is one of mail's settings.
func IsSetting(key string) bool {
	for _, s := range Settings() {
		if s.Key == key {
			return true
		}
	}
	return false
}

// CheckSetting refuses a value the key cannot take, before it is written.
func CheckSetting(key, value string) error {
	v := strings.TrimSpace(value)
	bad := func(ja, en string) error {
		return kijun.Errorf(kijun.EINVALID, "%s: %s / %s", key, ja, en)
	}
	switch key {
	case SettingHost:
		if v == "" || strings.ContainsAny(v, " /:@") && net.ParseIP(strings.Trim(v, "[]")) == nil {
			return bad("ホスト名を指定してください（例: smtp.city.example）", "give a host name such as smtp.city.example, without port or scheme")
		}
	case SettingPort:
		if p, err := strconv.Atoi(v); err != nil || p < 1 || p > 65535 {
			return bad("1〜65535 のポート番号を指定してください", "give a port number from 1 to 65535")
		}
	case SettingFrom:
		if err := store.CheckMailAddress(v); err != nil {
			return bad("差出人のメールアドレスが正しくありません", "give one address such as kijun@city.example")
		}
	case SettingStartTLS:
		if v != "on" && v != "off" {
			return bad("on か off を指定してください", "give on or off")
		}
	case SettingUser:
		// Any name the server knows; empty means no authentication.
	case SettingPassword:
		if v == "" {
			return bad("パスワードが空です", "the password is empty")
		}
	case SettingBaseURL:
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return bad("https://kijun.city.example のような URL を指定してください", "give a URL such as https://kijun.city.example")
		}
	default:
		return kijun.Errorf(kijun.EINVALID, "%s is not a mail setting", key)
	}
	return nil
}

// SealPassword returns the value stored for smtp.password: the password
// sealed with the installation's secret key.
func SealPassword(key []byte, password string) (string, error) {
	s, err := auth.SealSecret(key, []byte(password))
	if err != nil {
		return "", err
	}
	return sealedPrefix + s, nil
}

// smtpConfig is what sending needs, read from the settings at send time so
// that kijun config takes effect without a restart.
type smtpConfig struct {
	Host, From, User, Password, BaseURL, CityName string
	Port                                          int
	StartTLS                                      bool
}

// mailOn reports whether the mail server is set (smtp.host and
// smtp.from), reading the settings through get. Without it nothing is
// queued: a city that has not set its mail server up keeps no backlog of
// mails that cannot go (a first reminder of the standard alone is one mail
// for each of its staff), and no reminder counts as sent before it can be
// (the due functions find it again once the server is set).
func mailOn(get func(key string) (string, error)) (bool, error) {
	for _, key := range []string{SettingHost, SettingFrom} {
		v, err := get(key)
		switch {
		case kijun.ErrorCode(err) == kijun.ENOTFOUND:
			return false, nil
		case err != nil:
			return false, err
		case strings.TrimSpace(v) == "":
			return false, nil
		}
	}
	return true, nil
}

func (n *Notifier) loadConfig(ctx context.Context) (smtpConfig, error) {
	get := func(key, def string) (string, error) {
		v, err := n.db.Setting(ctx, key)
		if kijun.ErrorCode(err) == kijun.ENOTFOUND {
			return def, nil
		}
		return strings.TrimSpace(v), err
	}
	var c smtpConfig
	var port, starttls, sealed string
	for _, s := range []struct {
		dst      *string
		key, def string
	}{
		{&c.Host, SettingHost, ""}, {&port, SettingPort, "587"}, {&c.From, SettingFrom, ""},
		{&starttls, SettingStartTLS, "on"}, {&c.User, SettingUser, ""}, {&sealed, SettingPassword, ""},
		{&c.BaseURL, SettingBaseURL, n.cfg.PublicURL}, {&c.CityName, "city.name", ""},
	} {
		v, err := get(s.key, s.def)
		if err != nil {
			return c, err
		}
		*s.dst = v
	}
	if c.Host == "" || c.From == "" {
		return c, kijun.Errorf(kijun.EUNAVAILABLE, "メールの送信先サーバが未設定です: kijun config set smtp.host / smtp.from / mail is not configured: set smtp.host and smtp.from with kijun config")
	}
	c.Port, _ = strconv.Atoi(port)
	c.StartTLS = starttls != "off"
	if sealed != "" {
		if !strings.HasPrefix(sealed, sealedPrefix) || n.cfg.SealKey == nil {
			return c, kijun.Errorf(kijun.EUNAVAILABLE, "smtp.password cannot be opened: set it again with kijun config set smtp.password, on a server with the secret key")
		}
		pw, err := auth.OpenSecret(n.cfg.SealKey, strings.TrimPrefix(sealed, sealedPrefix))
		if err != nil {
			return c, kijun.Wrap(kijun.EUNAVAILABLE, err, "smtp.password was sealed with another secret key: set it again with kijun config")
		}
		c.Password = string(pw)
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	return c, nil
}

// ResealSetting re-seals a setting's value under the secret key to when it
// is one that SealPassword sealed under from, and reports whether it was
// sealed at all, for rotating the secret key.
func ResealSetting(from, to []byte, value string) (string, bool, error) {
	rest, ok := strings.CutPrefix(value, sealedPrefix)
	if !ok {
		return value, false, nil
	}
	s, err := auth.Reseal(from, to, rest)
	if err != nil {
		return "", true, err
	}
	return sealedPrefix + s, true, nil
}
