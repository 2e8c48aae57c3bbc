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
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(key) != auth.KeySize {
			return nil, kijun.Errorf(kijun.EINVALID, "secret key file %s does not hold a %d-byte base64 key", path, auth.KeySize)
		}
		id := sealKeyID(key)
		if want != "" && want != id {
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
	key := make([]byte, auth.KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, kijun.Wrap(kijun.EINVALID, err, "cannot create the secret key %s", path)
	}
	if _, err := f.WriteString(base64.StdEncoding.EncodeToString(key) + "\n"); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return key, db.SetSetting(ctx, settingSealKeyID, sealKeyID(key))
}

func sealKeyID(key []byte) string {
	sum := sha256.Sum256(append([]byte("kijun-seal-key\x00"), key...))
	return hex.EncodeToString(sum[:8])
}
