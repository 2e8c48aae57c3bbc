package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"

	"kijun/internal/kijun"
)

// Params are the costs of argon2id. They are written into every hash, so a
// hash made under old Params still verifies after the defaults change, and
// NeedsRehash tells the sign-in to store a new one.
type Params struct {
	// Memory is in KiB.
	Memory  uint32
	Time    uint32
	Threads uint8
	SaltLen uint32
	KeyLen  uint32
}

// DefaultParams returns 64 MiB, 2 passes and 2 lanes. On Kijun's 2-core
// reference machine (AMD EPYC) one hash took 44 to 75 ms over several runs
// on 2026-11-26, about the 50 to 100 ms the issue asks for, measured with
// `go test -run '^$' -bench BenchmarkHashDefault -benchtime 20x -count 3 ./internal/auth`.
// The machine's speed varies: on a busier day 64 MiB took 107 to 114 ms and
// 48 MiB 78 to 92 ms; on 2026-11-26 48 MiB took 41 to 54 ms, under the band.
// The memory is what makes a GPU attack on a stolen table dear (8.2.6ア: 認証
// 情報を厳重に管理); Calibrate fits the parameters to other machines. Sign-in
// runs at most four hashes at once, so they take at most 256 MiB.
func DefaultParams() Params {
	return Params{Memory: 64 * 1024, Time: 2, Threads: 2, SaltLen: 16, KeyLen: 32}
}

// HashPassword returns password hashed with argon2id under p and a fresh
// random salt, encoded as $argon2id$v=19$m=...,t=...,p=...$salt$hash.
func HashPassword(password string, p Params) (string, error) {
	if p.Time == 0 || p.Memory == 0 || p.Threads == 0 || p.KeyLen == 0 || p.SaltLen < 8 {
		return "", kijun.Errorf(kijun.EINTERNAL, "hash password: bad argon2id parameters %+v", p)
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", kijun.Wrap(kijun.EINTERNAL, err, "hash password: read salt")
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// VerifyPassword reports whether password matches encoded, comparing in
// constant time. An encoded value it cannot read is an EINTERNAL error: it
// came from storage, not from the person signing in.
func VerifyPassword(password, encoded string) (bool, error) {
	p, salt, key, err := decodeHash(encoded)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// NeedsRehash reports whether encoded was made under parameters other than
// current (or cannot be read), so the sign-in that has just verified it
// should store HashPassword(password, current) instead.
func NeedsRehash(encoded string, current Params) bool {
	p, _, _, err := decodeHash(encoded)
	return err != nil || p != current
}

// InHistory reports whether password matches any of hashes, the person's
// current and previous password hashes (8.2.6エ: 古いパスワードを再利用しな
// い). Each check costs one hash, so keep the list to the policy's History.
// A hash it cannot read does not match.
func InHistory(password string, hashes []string) bool {
	for _, h := range hashes {
		if ok, err := VerifyPassword(password, h); err == nil && ok {
			return true
		}
	}
	return false
}

// decodeHash reads a PHC string made by HashPassword.
func decodeHash(encoded string) (Params, []byte, []byte, error) {
	bad := func(why string) (Params, []byte, []byte, error) {
		return Params{}, nil, nil, kijun.Errorf(kijun.EINTERNAL, "decode password hash: %s", why)
	}
	f := strings.Split(encoded, "$")
	if len(f) != 6 || f[0] != "" || f[1] != "argon2id" {
		return bad("not an argon2id PHC string")
	}
	var v int
	if _, err := fmt.Sscanf(f[2], "v=%d", &v); err != nil || v != argon2.Version {
		return bad("unsupported version")
	}
	var p Params
	if n, err := fmt.Sscanf(f[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil || n != 3 {
		return bad("unreadable parameters")
	}
	if p.Memory == 0 || p.Time == 0 || p.Threads == 0 {
		return bad("zero parameter")
	}
	salt, err := base64.RawStdEncoding.DecodeString(f[4])
	if err != nil || len(salt) == 0 {
		return bad("unreadable salt")
	}
	key, err := base64.RawStdEncoding.DecodeString(f[5])
	if err != nil || len(key) == 0 {
		return bad("unreadable hash")
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}
