// Package auth is the rules of signing in to Kijun, as the standard states
// them: the password policy of 7.4.3 and 8.2.6, password hashing and the
// history of old passwords (8.2.6ア, エ), temporary passwords changed at first
// sign-in (7.4.3キ, 8.2.6イ), the lockout, timeouts and last sign-in notice of
// 8.2.5, and the second factor 6.4.2ア asks for (TOTP, its secret sealed at
// rest and a used code refused if replayed).
//
// Everything here is pure: times are passed in, randomness comes from
// crypto/rand, and nothing reads configuration, SQL or HTTP. Storage keeps the
// values these functions return; pages show the messages they build.
package auth

// Languages the messages of this package are written in. Any other value
// gets Japanese, the language of the standard.
const (
	LangJA = "ja"
	LangEN = "en"
)
