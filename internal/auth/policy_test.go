package auth

import (
	"slices"
	"strings"
	"testing"
	"time"

	"kijun/internal/kijun"
)

func rules(vs []Violation) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Rule)
	}
	return out
}

func TestViolations(t *testing.T) {
	tests := []struct {
		name     string
		password string
		hints    []string
		want     []string
	}{
		{"exactly 8 with every class", "Abcdef1!", nil, nil},
		{"7 characters", "Abcde1!", nil, []string{"length"}},
		{"8 multibyte characters count as 8", "Ａｂ1!あいうえ", nil, nil},
		{"empty breaks every rule", "", nil, []string{"length", "upper", "lower", "digit", "symbol"}},
		{"no upper", "abcdef1!", nil, []string{"upper"}},
		{"no lower", "ABCDEF1!", nil, []string{"lower"}},
		{"no digit", "Abcdefg!", nil, []string{"digit"}},
		{"no symbol", "Abcdefg1", nil, []string{"symbol"}},
		{"a space is a symbol", "Abc def1", nil, nil},
		{"user ID", "xK9!tanaka01", []string{"tanaka01"}, []string{"personal"}},
		{"user ID in another case", "xK9!TANAKA01", []string{"tanaka01"}, []string{"personal"}},
		{"part of the name", "Yamada#2025x", []string{"u1234", "Taro Yamada"}, []string{"personal"}},
		{"two-kanji family name", "山田Ab1!xyz", []string{"山田 太郎"}, []string{"personal"}},
		{"two Latin letters are too short to refuse", "Li#2025abcX", []string{"Li"}, nil},
		{"empty hint refuses nothing", "Abcdef1!", []string{""}, nil},
		{"several at once", "tanaka", []string{"tanaka"}, []string{"length", "upper", "digit", "symbol", "personal"}},
	}
	p := DefaultPolicy()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rules(p.Violations(tt.password, tt.hints...)); !slices.Equal(got, tt.want) {
				t.Errorf("Violations(%q, %q) = %v, want %v", tt.password, tt.hints, got, tt.want)
			}
		})
	}
}

func TestViolationsFollowThePolicy(t *testing.T) {
	p := PasswordPolicy{MinLength: 12}
	if got, want := rules(p.Violations("abcdefghijk")), []string{"length"}; !slices.Equal(got, want) {
		t.Errorf("12-character policy on 11 letters: got %v, want %v", got, want)
	}
	if got := p.Violations("abcdefghijkl"); got != nil {
		t.Errorf("policy without classes on 12 letters: got %v, want none", rules(got))
	}
}

func TestCheck(t *testing.T) {
	p := DefaultPolicy()
	if err := p.Check("Abcdef1!", "u1234"); err != nil {
		t.Errorf("Check(good) = %v, want nil", err)
	}
	err := p.Check("abc", "u1234")
	if got, want := kijun.ErrorCode(err), kijun.EINVALID; got != want {
		t.Fatalf("code = %q, want %q", got, want)
	}
	msg := kijun.ErrorMessage(err)
	for _, want := range []string{"8文字以上", "英大文字", "数字", "記号"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not mention %q", msg, want)
		}
	}
	if strings.Contains(msg, "英小文字") {
		t.Errorf("message %q mentions a rule the password keeps", msg)
	}
}

func TestExpired(t *testing.T) {
	jst := time.FixedZone("JST", 9*3600)
	changed := time.Date(2025, 1, 31, 9, 0, 0, 0, jst)
	others90 := DefaultPolicy()
	others90.MaxAge = Period{Days: 90}
	tests := []struct {
		name       string
		p          PasswordPolicy
		now        time.Time
		privileged bool
		want       bool
	}{
		{"privileged, a second before 6 months", DefaultPolicy(), time.Date(2025, 7, 31, 8, 59, 59, 0, jst), true, false},
		{"privileged, exactly 6 months", DefaultPolicy(), time.Date(2025, 7, 31, 9, 0, 0, 0, jst), true, true},
		{"others never expire by default", DefaultPolicy(), time.Date(2035, 1, 1, 0, 0, 0, 0, jst), false, false},
		{"others, a city's 90 days, day 89", others90, changed.AddDate(0, 0, 89), false, false},
		{"others, a city's 90 days, day 90", others90, changed.AddDate(0, 0, 90), false, true},
		{"privileged keeps 6 months when others have 90 days", others90, changed.AddDate(0, 0, 90), true, false},
		{"no limit at all", PasswordPolicy{}, changed.AddDate(10, 0, 0), true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Expired(changed, tt.now, tt.privileged); got != tt.want {
				t.Errorf("Expired(%v, %v, %v) = %v, want %v", changed, tt.now, tt.privileged, got, tt.want)
			}
		})
	}
	if got := DefaultPolicy().Expired(time.Time{}, changed, true); !got {
		t.Errorf("Expired(unknown change time, privileged) = false, want true")
	}
}
