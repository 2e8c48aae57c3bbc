package auth

import (
	"crypto/subtle"
	"encoding/base32"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"kijun/internal/kijun"
)

// totpPeriod is the length of a TOTP step in seconds: 30, what every
// authenticator app assumes.
const totpPeriod = 30

// NewTOTPSecret returns a new random TOTP secret (base32, 160 bits) for
// account and the otpauth:// URL that a QR code carries to the person's
// authenticator app, the second factor of 6.4.2ア. Seal the secret before
// storing it (SealSecret); show the URL only while enrolling.
func NewTOTPSecret(issuer, account string) (secret, url string, err error) {
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer:      issuer,
		AccountName: account,
		Period:      totpPeriod,
		SecretSize:  20,
		Digits:      otp.DigitsSix,
		Algorithm:   otp.AlgorithmSHA1,
	})
	if err != nil {
		return "", "", kijun.Wrap(kijun.EINVALID, err, "TOTPの秘密鍵を作成できません（発行者と利用者IDが必要です）")
	}
	return key.Secret(), key.URL(), nil
}

// TOTPURL returns the otpauth:// URL of an existing secret, for showing
// its QR code again while the person is enrolling.
func TOTPURL(issuer, account, secret string) (string, error) {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.TrimRight(strings.ToUpper(secret), "="))
	if err != nil {
		return "", kijun.Wrap(kijun.EINVALID, err, "TOTPの秘密鍵が読めません")
	}
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer: issuer, AccountName: account, Period: totpPeriod, Secret: raw,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
	})
	if err != nil {
		return "", kijun.Wrap(kijun.EINVALID, err, "TOTPのURLを作成できません")
	}
	return key.URL(), nil
}

// TOTPStep returns the TOTP time step that contains t.
func TOTPStep(t time.Time) int64 { return t.Unix() / totpPeriod }

// VerifyTOTP reports whether code is secret's code for the step of now or
// the step either side (a clock a little off), and returns that step. A code
// whose step is not after lastUsedStep is refused even if right, so a code
// seen over someone's shoulder or on the wire cannot be used again; store
// the returned step as the next lastUsedStep. Spaces in code are ignored.
func VerifyTOTP(secret, code string, now time.Time, lastUsedStep int64) (step int64, ok bool) {
	code = strings.ReplaceAll(code, " ", "")
	if len(code) != 6 {
		return 0, false
	}
	current := TOTPStep(now)
	for _, s := range []int64{current - 1, current, current + 1} {
		if s <= lastUsedStep || s < 0 {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*totpPeriod, 0), totp.ValidateOpts{
			Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
		})
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}
