package auth

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"strings"

	"kijun/internal/kijun"
)

// sealPrefix marks the format of a sealed value, so the key or the cipher
// can change later without guessing what an old value is.
const sealPrefix = "v1:"

// KeySize is the length in bytes of the key SealSecret and OpenSecret take:
// AES-256.
const KeySize = 32

// SealSecret encrypts plaintext, such as a TOTP secret, with AES-256-GCM
// under key and a random nonce, for storing at rest: a copy of the database
// alone does not give away the second factor (6.4.2ア, 8.2.6ア: 認証情報を
// 厳重に管理). The key comes from the caller's configuration, never from the
// database it protects.
func SealSecret(key, plaintext []byte) (string, error) {
	aead, err := newGCM(key)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", kijun.Wrap(kijun.EINTERNAL, err, "seal secret: read nonce")
	}
	sealed := aead.Seal(nonce, nonce, plaintext, []byte(sealPrefix))
	return sealPrefix + base64.RawURLEncoding.EncodeToString(sealed), nil
}

// OpenSecret decrypts a value SealSecret made under key. A value that was
// changed, cut, or sealed under another key is an EINTERNAL error, never a
// wrong plaintext.
func OpenSecret(key []byte, sealed string) ([]byte, error) {
	aead, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	rest, ok := strings.CutPrefix(sealed, sealPrefix)
	if !ok {
		return nil, kijun.Errorf(kijun.EINTERNAL, "open secret: unknown format")
	}
	raw, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil || len(raw) < aead.NonceSize()+aead.Overhead() {
		return nil, kijun.Errorf(kijun.EINTERNAL, "open secret: malformed value")
	}
	n := aead.NonceSize()
	plain, err := aead.Open(nil, raw[:n], raw[n:], []byte(sealPrefix))
	if err != nil {
		return nil, kijun.Wrap(kijun.EINTERNAL, err, "open secret")
	}
	return plain, nil
}

// newGCM returns AES-256-GCM under key.
func newGCM(key []byte) (cipher.AEAD, error) {
	if len(key) != KeySize {
		return nil, kijun.Errorf(kijun.EINTERNAL, "secret key must be %d bytes, got %d", KeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, kijun.Wrap(kijun.EINTERNAL, err, "secret key")
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, kijun.Wrap(kijun.EINTERNAL, err, "secret key")
	}
	return aead, nil
}

// Reseal opens a value sealed under from and seals its plaintext under to,
// for rotating the secret key: the plaintext never leaves this function.
func Reseal(from, to []byte, sealed string) (string, error) {
	plain, err := OpenSecret(from, sealed)
	if err != nil {
		return "", err
	}
	defer clear(plain)
	return SealSecret(to, plain)
}
