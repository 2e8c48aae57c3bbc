package auth

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"kijun/internal/kijun"
)

// PasswordPolicy is what a city asks of a password. The standard sets the
// floor (DefaultPolicy); a city may ask for more.
type PasswordPolicy struct {
	// MinLength is the fewest characters (runes, not bytes) a password may
	// have. 7.4.3ウ and 8.2.6ウ: 原則として8文字以上.
	MinLength int
	// RequireUpper, RequireLower, RequireDigit and RequireSymbol ask for at
	// least one character of each class. 7.4.3ウ and 8.2.6ウ: 英字（大文字・
	// 小文字区別有）、数字、記号を組み合わせたもの.
	RequireUpper  bool
	RequireLower  bool
	RequireDigit  bool
	RequireSymbol bool
	// History is how many previous passwords a new one may not repeat; the
	// current password is always refused on top of these. 8.2.6エ: 古いパス
	// ワードを再利用しない. The standard names no number; 5 is the default.
	History int
	// PrivilegedMaxAge is how long a privileged ID's (特権ID) password lasts.
	// 8.2.6エ: 定期的（概ね6か月以内）に変更.
	PrivilegedMaxAge Period
	// MaxAge is how long other passwords last; zero means they do not expire.
	// The standard sets no limit for them; a city may.
	MaxAge Period
}

// DefaultPolicy returns the policy the standard itself sets: 8 characters
// mixing upper and lower case, digits and symbols, none of the last 5
// passwords, privileged passwords changed every 6 months, others not forced.
func DefaultPolicy() PasswordPolicy {
	return PasswordPolicy{
		MinLength:        8,
		RequireUpper:     true,
		RequireLower:     true,
		RequireDigit:     true,
		RequireSymbol:    true,
		History:          5,
		PrivilegedMaxAge: Period{Months: 6},
	}
}

// Violation is one rule of the policy a password breaks, worded for the
// person choosing it.
type Violation struct {
	// Rule names the rule for code and tests: "length", "upper", "lower",
	// "digit", "symbol" or "personal".
	Rule string
	// Text is the rule in Japanese, TextEN in English.
	Text   string
	TextEN string
}

// Violations returns every rule of p that password breaks, in a fixed order,
// or nil when it breaks none. Hints are the person's user ID and name: a
// password containing one is refused, because it is the first thing an
// attacker tries (7.4.3ウ: 想像しにくいもの).
func (p PasswordPolicy) Violations(password string, hints ...string) []Violation {
	var has struct{ upper, lower, digit, symbol bool }
	for _, r := range password {
		switch {
		case unicode.IsUpper(r):
			has.upper = true
		case unicode.IsLower(r):
			has.lower = true
		case unicode.IsDigit(r):
			has.digit = true
		case unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r):
			has.symbol = true
		}
	}
	var vs []Violation
	if n := utf8.RuneCountInString(password); n < p.MinLength {
		vs = append(vs, Violation{"length",
			strconv.Itoa(p.MinLength) + "文字以上にしてください",
			"use at least " + strconv.Itoa(p.MinLength) + " characters"})
	}
	if p.RequireUpper && !has.upper {
		vs = append(vs, Violation{"upper", "英大文字を含めてください", "include an upper-case letter"})
	}
	if p.RequireLower && !has.lower {
		vs = append(vs, Violation{"lower", "英小文字を含めてください", "include a lower-case letter"})
	}
	if p.RequireDigit && !has.digit {
		vs = append(vs, Violation{"digit", "数字を含めてください", "include a digit"})
	}
	if p.RequireSymbol && !has.symbol {
		vs = append(vs, Violation{"symbol", "記号を含めてください", "include a symbol"})
	}
	if containsHint(password, hints) {
		vs = append(vs, Violation{"personal", "利用者IDや氏名を含めないでください", "do not include your user ID or name"})
	}
	return vs
}

// Check returns nil when password meets p, or an EINVALID error whose
// message lists, in Japanese, every rule it breaks, so the person can fix
// them all at once.
func (p PasswordPolicy) Check(password string, userHints ...string) error {
	return violationError(p.Violations(password, userHints...))
}

// violationError is nil for no violations, or the EINVALID error that
// lists them all.
func violationError(vs []Violation) error {
	if len(vs) == 0 {
		return nil
	}
	texts := make([]string, len(vs))
	for i, v := range vs {
		texts[i] = v.Text
	}
	return kijun.Errorf(kijun.EINVALID, "パスワードが基準を満たしていません: %s", strings.Join(texts, "、"))
}

// Expired reports whether a password changed at changedAt must be changed
// at now. 8.2.6エ limits a privileged ID's password to PrivilegedMaxAge;
// others expire only when the city sets MaxAge. A password whose change time
// is unknown (zero) is expired whenever a limit applies.
func (p PasswordPolicy) Expired(changedAt, now time.Time, privileged bool) bool {
	limit := p.MaxAge
	if privileged && !p.PrivilegedMaxAge.IsZero() {
		limit = p.PrivilegedMaxAge
	}
	if limit.IsZero() {
		return false
	}
	if changedAt.IsZero() {
		return true
	}
	return !now.Before(limit.From(changedAt))
}

// containsHint reports whether password holds any hint, or any
// space-separated part of one, ignoring case. Parts too short to mean
// anything (one or two Latin letters, one kanji) are skipped, or a person
// named "Li" could use no password with "li" in it.
func containsHint(password string, hints []string) bool {
	pw := strings.ToLower(password)
	for _, h := range hints {
		parts := append(strings.Fields(h), strings.ReplaceAll(h, " ", ""))
		for _, part := range parts {
			if meaningful(part) && strings.Contains(pw, strings.ToLower(part)) {
				return true
			}
		}
	}
	return false
}

// meaningful reports whether a hint part is long enough to look for:
// three runes, or two when one is not ASCII (a Japanese family name is
// often two kanji).
func meaningful(part string) bool {
	n := utf8.RuneCountInString(part)
	if n >= 3 {
		return true
	}
	if n == 2 {
		for _, r := range part {
			if r > unicode.MaxASCII {
				return true
			}
		}
	}
	return false
}
