package auth

import (
	"testing"
	"unicode/utf8"
)

func TestNewTemporaryPassword(t *testing.T) {
	seen := map[string]bool{}
	for range 500 {
		pw, err := NewTemporaryPassword()
		if err != nil {
			t.Fatal(err)
		}
		if got, want := utf8.RuneCountInString(pw), TemporaryLength; got != want {
			t.Errorf("len(%q) = %d, want %d", pw, got, want)
		}
		if err := DefaultPolicy().Check(pw); err != nil {
			t.Errorf("temporary password %q breaks the default policy: %v", pw, err)
		}
		if seen[pw] {
			t.Errorf("temporary password %q issued twice", pw)
		}
		seen[pw] = true
	}
}
