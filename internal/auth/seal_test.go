package auth

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"

	"kijun/internal/kijun"
)

func TestSealSecret(t *testing.T) {
	key := bytes.Repeat([]byte{7}, KeySize)
	plain := []byte("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
	sealed, err := SealSecret(key, plain)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, string(plain)) {
		t.Errorf("sealed value %q shows the secret", sealed)
	}
	if again, _ := SealSecret(key, plain); again == sealed {
		t.Errorf("sealing twice gave the same value: the nonce is not random")
	}
	got, err := OpenSecret(key, sealed)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("OpenSecret = %q, %v; want %q, nil", got, err, plain)
	}

	raw, _ := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(sealed, sealPrefix))
	otherKey := bytes.Repeat([]byte{8}, KeySize)
	tests := map[string]struct {
		key    []byte
		sealed string
	}{
		"wrong key":     {otherKey, sealed},
		"short key":     {key[:16], sealed},
		"no prefix":     {key, strings.TrimPrefix(sealed, sealPrefix)},
		"not base64":    {key, sealPrefix + "!!!"},
		"cut short":     {key, sealed[:len(sealed)-4]},
		"only a nonce":  {key, sealPrefix + base64.RawURLEncoding.EncodeToString(raw[:12])},
		"other version": {key, "v2:" + strings.TrimPrefix(sealed, sealPrefix)},
	}
	// Flip one bit of every byte in turn: nonce, ciphertext and tag.
	for i := range raw {
		b := bytes.Clone(raw)
		b[i] ^= 1
		tests["tampered byte "+string(rune('A'+i%26))+string(rune('0'+i/26))] = struct {
			key    []byte
			sealed string
		}{key, sealPrefix + base64.RawURLEncoding.EncodeToString(b)}
	}
	for name, tt := range tests {
		got, err := OpenSecret(tt.key, tt.sealed)
		if err == nil || got != nil || kijun.ErrorCode(err) != kijun.EINTERNAL {
			t.Errorf("%s: OpenSecret = %q, %v; want nil, EINTERNAL", name, got, err)
		}
	}
	if _, err := SealSecret(key[:31], plain); kijun.ErrorCode(err) != kijun.EINTERNAL {
		t.Errorf("SealSecret with a 31-byte key: err = %v, want EINTERNAL", err)
	}
}
