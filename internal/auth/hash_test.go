package auth

import (
	"strings"
	"testing"
	"time"

	"kijun/internal/kijun"
)

// cheap keeps the tests fast; the format and the checks do not depend on
// the cost.
func cheap() Params { return Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32} }

func TestHashPassword(t *testing.T) {
	h, err := HashPassword("Abcdef1!", cheap())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := h, "$argon2id$v=19$m=64,t=1,p=1$"; !strings.HasPrefix(got, want) {
		t.Errorf("hash = %q, want prefix %q", got, want)
	}
	h2, _ := HashPassword("Abcdef1!", cheap())
	if h == h2 {
		t.Errorf("two hashes of one password are equal (%q): the salt is not random", h)
	}
	tests := []struct {
		password string
		want     bool
	}{
		{"Abcdef1!", true},
		{"abcdef1!", false},
		{"Abcdef1! ", false},
		{"", false},
	}
	for _, tt := range tests {
		got, err := VerifyPassword(tt.password, h)
		if err != nil || got != tt.want {
			t.Errorf("VerifyPassword(%q) = %v, %v; want %v, nil", tt.password, got, err, tt.want)
		}
	}
}

func TestHashPasswordRefusesBadParams(t *testing.T) {
	for _, p := range []Params{{}, {Memory: 64, Time: 0, Threads: 1, SaltLen: 16, KeyLen: 32}, {Memory: 64, Time: 1, Threads: 1, SaltLen: 4, KeyLen: 32}} {
		if _, err := HashPassword("x", p); kijun.ErrorCode(err) != kijun.EINTERNAL {
			t.Errorf("HashPassword with %+v: err = %v, want EINTERNAL", p, err)
		}
	}
}

func TestVerifyPasswordMalformed(t *testing.T) {
	good, _ := HashPassword("Abcdef1!", cheap())
	f := strings.Split(good, "$")
	tests := map[string]string{
		"empty":          "",
		"bcrypt":         "$2a$10$abcdefghijklmnopqrstuu",
		"argon2i":        strings.Replace(good, "argon2id", "argon2i", 1),
		"old version":    strings.Replace(good, "v=19", "v=16", 1),
		"no parameters":  strings.Join([]string{"", f[1], f[2], "m=,t=,p=", f[4], f[5]}, "$"),
		"zero time":      strings.Replace(good, "t=1", "t=0", 1),
		"salt not b64":   strings.Join([]string{"", f[1], f[2], f[3], "!!", f[5]}, "$"),
		"hash missing":   strings.Join([]string{"", f[1], f[2], f[3], f[4], ""}, "$"),
		"field too many": good + "$x",
	}
	for name, enc := range tests {
		ok, err := VerifyPassword("Abcdef1!", enc)
		if ok || kijun.ErrorCode(err) != kijun.EINTERNAL {
			t.Errorf("%s: VerifyPassword = %v, %v; want false, EINTERNAL", name, ok, err)
		}
		if !NeedsRehash(enc, cheap()) {
			t.Errorf("%s: NeedsRehash = false, want true", name)
		}
	}
}

func TestNeedsRehash(t *testing.T) {
	h, _ := HashPassword("Abcdef1!", cheap())
	tests := []struct {
		name string
		mod  func(*Params)
		want bool
	}{
		{"same", func(*Params) {}, false},
		{"memory", func(p *Params) { p.Memory *= 2 }, true},
		{"time", func(p *Params) { p.Time++ }, true},
		{"threads", func(p *Params) { p.Threads++ }, true},
		{"salt length", func(p *Params) { p.SaltLen = 32 }, true},
		{"key length", func(p *Params) { p.KeyLen = 64 }, true},
	}
	for _, tt := range tests {
		p := cheap()
		tt.mod(&p)
		if got := NeedsRehash(h, p); got != tt.want {
			t.Errorf("%s: NeedsRehash = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestInHistory(t *testing.T) {
	var hashes []string
	for _, pw := range []string{"Old1!pass", "Older2!pw"} {
		h, _ := HashPassword(pw, cheap())
		hashes = append(hashes, h)
	}
	hashes = append(hashes, "not a hash")
	tests := []struct {
		password string
		want     bool
	}{
		{"Old1!pass", true},
		{"Older2!pw", true},
		{"New3!pass", false},
		{"not a hash", false},
	}
	for _, tt := range tests {
		if got := InHistory(tt.password, hashes); got != tt.want {
			t.Errorf("InHistory(%q) = %v, want %v", tt.password, got, tt.want)
		}
	}
	if InHistory("Old1!pass", nil) {
		t.Errorf("InHistory(empty history) = true, want false")
	}
}

// Calibrate's choices, against a machine whose hash takes 1 µs per KiB
// and pass: the test does not depend on how fast this machine is today.
func TestCalibrate(t *testing.T) {
	model := func(p Params) time.Duration {
		return time.Duration(p.Memory) * time.Duration(p.Time) * time.Microsecond
	}
	def := DefaultParams()
	tests := []struct {
		target       time.Duration
		memory, time uint32
	}{
		// A target no machine meets brings the floor: one pass, 19 MiB.
		{time.Nanosecond, minCalibratedMemory, 1},
		// The default memory fits one pass of 64 MiB (65.5 ms) and no more.
		{100 * time.Millisecond, def.Memory, 1},
		// A generous target raises the passes at the default memory.
		{250 * time.Millisecond, def.Memory, 3},
		// Between the floor and the default, memory halves until it fits.
		{40 * time.Millisecond, def.Memory / 2, 1},
	}
	for _, tt := range tests {
		got := calibrate(tt.target, model)
		if got.Memory != tt.memory || got.Time != tt.time {
			t.Errorf("calibrate(%s) = %d KiB × %d, want %d KiB × %d", tt.target, got.Memory, got.Time, tt.memory, tt.time)
		}
		if _, err := HashPassword("x", got); err != nil {
			t.Errorf("calibrate(%s) gave params HashPassword refuses: %v", tt.target, err)
		}
	}
}

// BenchmarkHashDefault measures one sign-in's hash under DefaultParams; the
// figure in DefaultParams' comment comes from here.
func BenchmarkHashDefault(b *testing.B) {
	p := DefaultParams()
	for b.Loop() {
		if _, err := HashPassword("Abcdef1!", p); err != nil {
			b.Fatal(err)
		}
	}
}
