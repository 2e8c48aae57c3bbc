package access

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"strings"

	"kijun/internal/auth"
	"kijun/internal/kijun"
	"kijun/internal/store"
)

// settingSealKeyID fingerprints the key that seals this database's TOTP
// secrets, so a server started with another key stops instead of failing
// every second factor.
const settingSealKeyID = "auth.secret_key_id"

// LoadOrCreateSealKey reads the key that seals second-factor secrets from
// path, or creates it (readable by its owner only) when there is none and
// the database has sealed nothing yet. The key lives outside the database
// (8.2.6ア: 認証情報を厳重に管理): a copy of the database alone does not
// give the secrets away.
func LoadOrCreateSealKey(ctx context.Context, db *store.DB, path string) ([]byte, error) {
	want, err := db.Setting(ctx, settingSealKeyID)
	if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return nil, err
	}
	key, err := readSealKey(path)
	switch {
	case err == nil:
		id := sealKeyID(key)
		if want != "" && want != id {
			if next, ok := finishRotation(path, want); ok {
				return next, nil
			}
			return nil, kijun.Errorf(kijun.EINVALID, "the secret key in %s (%s) is not this database's (%s): point --secret-key or KIJUN_SECRET_KEY at the right file", path, id, want)
		}
		if want == "" {
			if err := db.SetSetting(ctx, settingSealKeyID, id); err != nil {
				return nil, err
			}
		}
		return key, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, kijun.Wrap(kijun.EINVALID, err, "cannot read the secret key %s", path)
	case want != "":
		return nil, kijun.Errorf(kijun.EINVALID, "secret key file %s not found, and this database's second factors are sealed with key %s: point --secret-key or KIJUN_SECRET_KEY at that key's file", path, want)
	}
	key = make([]byte, auth.KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := writeSealKey(path, key); err != nil {
		return nil, err
	}
	return key, db.SetSetting(ctx, settingSealKeyID, sealKeyID(key))
}

func sealKeyID(key []byte) string {
	sum := sha256.Sum256(append([]byte("kijun-seal-key\x00"), key...))
	return hex.EncodeToString(sum[:8])
}

// readSealKey reads a key file written by LoadOrCreateSealKey.
func readSealKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) != auth.KeySize {
		return nil, kijun.Errorf(kijun.EINVALID, "secret key file %s does not hold a %d-byte base64 key", path, auth.KeySize)
	}
	return key, nil
}

// writeSealKey writes key to a new file at path, readable by its owner only,
// and syncs it before it is relied on.
func writeSealKey(path string, key []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "cannot create the secret key %s", path)
	}
	if _, err := f.WriteString(base64.StdEncoding.EncodeToString(key) + "\n"); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// finishRotation completes a rotation whose database transaction committed
// but whose key files were not yet swapped (the process stopped in
// between): when PATH.next holds the key the database now names, it takes
// PATH's place and the old key is kept as PATH.retired-ID.
func finishRotation(path, want string) ([]byte, bool) {
	next, err := readSealKey(path + ".next")
	if err != nil || sealKeyID(next) != want {
		return nil, false
	}
	if err := swapSealKeys(path); err != nil {
		return nil, false
	}
	return next, true
}

// swapSealKeys keeps the key at path as PATH.retired-ID (readable by its
// owner only, for the city to archive offline or destroy) and puts
// PATH.next in its place.
func swapSealKeys(path string) error {
	old, err := readSealKey(path)
	if err != nil {
		return err
	}
	retired := path + ".retired-" + sealKeyID(old)
	if err := os.Rename(path, retired); err != nil {
		return kijun.Wrap(kijun.EINTERNAL, err, "keep the old secret key")
	}
	if err := os.Chmod(retired, 0o400); err != nil {
		return err
	}
	if err := os.Rename(path+".next", path); err != nil {
		return kijun.Wrap(kijun.EINTERNAL, err, "put the new secret key in place")
	}
	return nil
}

// SealRotation is what RotateSealKey did.
type SealRotation struct {
	Old, New string // the keys' fingerprints
	Retired  string // where the old key is kept
	store.Resealed
}

// RotateSealKey replaces the secret key at path (8.2.6ア): a new key is
// written beside it as PATH.next; every secret sealed under the old key
// (second factors, and the settings resealSetting recognises) is re-sealed
// under the new one in one transaction that also records the rotation;
// then the new key takes the old one's file and the old key is kept as
// PATH.retired-ID. Should the process stop between the commit and the
// swap, the next LoadOrCreateSealKey finishes it. Run it with kijun serve
// stopped, so no secret is sealed under the old key meanwhile.
func RotateSealKey(ctx context.Context, db *store.DB, path string,
	resealSetting func(from, to []byte, value string) (string, bool, error)) (SealRotation, error) {
	old, err := LoadOrCreateSealKey(ctx, db, path)
	if err != nil {
		return SealRotation{}, err
	}
	nextPath := path + ".next"
	next, err := readSealKey(nextPath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		next = make([]byte, auth.KeySize)
		if _, err := rand.Read(next); err != nil {
			return SealRotation{}, err
		}
		if err := writeSealKey(nextPath, next); err != nil {
			return SealRotation{}, err
		}
	case err != nil:
		return SealRotation{}, err
	}
	// A PATH.next left by a rotation that failed before its commit is
	// used again: nothing was sealed under it.
	r := SealRotation{Old: sealKeyID(old), New: sealKeyID(next)}
	if r.Old == r.New {
		return SealRotation{}, kijun.Errorf(kijun.EINVALID, "%s holds the key in use", nextPath)
	}
	r.Resealed, err = db.ResealSecrets(ctx, settingSealKeyID, r.Old, r.New,
		func(sealed string) (string, error) { return auth.Reseal(old, next, sealed) },
		func(_, value string) (string, bool, error) { return resealSetting(old, next, value) })
	if err != nil {
		return SealRotation{}, err
	}
	if err := swapSealKeys(path); err != nil {
		return SealRotation{}, err
	}
	r.Retired = path + ".retired-" + r.Old
	return r, nil
}
