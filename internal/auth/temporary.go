package auth

import (
	"crypto/rand"
	"math/big"

	"kijun/internal/kijun"
)

// TemporaryLength is the length of a temporary password: twice the
// standard's 8 characters, since it is read aloud or printed before it is
// changed.
const TemporaryLength = 16

// temporaryClasses returns the characters a temporary password draws on, one
// class for each rule of 7.4.3ウ. Letters and digits that look alike (I, l,
// 1, O, 0) are left out because a person types it from paper or a console.
func temporaryClasses() [4]string {
	return [...]string{
		"ABCDEFGHJKLMNPQRSTUVWXYZ",
		"abcdefghijkmnopqrstuvwxyz",
		"23456789",
		"!#$%&*+-=?@^_~",
	}
}

// NewTemporaryPassword returns a random password of TemporaryLength from
// crypto/rand with at least one character of every class, so it meets
// DefaultPolicy (8.2.6ウ: 仮のパスワードも含め). Whoever issues it sets
// Credential.MustChange, because it must be changed at the first sign-in
// (7.4.3キ, 8.2.6イ).
func NewTemporaryPassword() (string, error) {
	classes := temporaryClasses()
	var all string
	for _, c := range classes {
		all += c
	}
	out := make([]byte, TemporaryLength)
	// One from each class first, then any; then shuffle so the classes do
	// not sit at known positions.
	for i := range out {
		set := all
		if i < len(classes) {
			set = classes[i]
		}
		n, err := randInt(len(set))
		if err != nil {
			return "", err
		}
		out[i] = set[n]
	}
	for i := len(out) - 1; i > 0; i-- {
		j, err := randInt(i + 1)
		if err != nil {
			return "", err
		}
		out[i], out[j] = out[j], out[i]
	}
	return string(out), nil
}

// randInt returns a uniform random int in [0, n) from crypto/rand.
func randInt(n int) (int, error) {
	v, err := rand.Int(rand.Reader, big.NewInt(int64(n)))
	if err != nil {
		return 0, kijun.Wrap(kijun.EINTERNAL, err, "read random number")
	}
	return int(v.Int64()), nil
}
