package records

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Checkpoint is a signed statement that the ledger had reached Seq with Hash at
// a time. A verifier holding the public key detects a ledger cut short before a
// checkpoint it has seen, which the hash chain alone cannot show.
type Checkpoint struct {
	Seq       int64
	Hash      string
	At        string // canonical time, as TimeFormat
	KeyID     string
	Signature string // base64 Ed25519 signature of Message()
}

// Message returns the bytes that are signed.
func (c *Checkpoint) Message() []byte {
	return []byte("kijun-checkpoint-v1\x00" + strconv.FormatInt(c.Seq, 10) + "\x00" + c.Hash + "\x00" + c.At)
}

// String returns the checkpoint as one line that an auditor can keep and give
// back to `kijun verify --checkpoint`.
func (c *Checkpoint) String() string {
	return strings.Join([]string{strconv.FormatInt(c.Seq, 10), c.Hash, c.At, c.KeyID, c.Signature}, " ")
}

// ParseCheckpoint reads the form String writes.
func ParseCheckpoint(s string) (*Checkpoint, error) {
	f := strings.Fields(s)
	if len(f) != 5 {
		return nil, fmt.Errorf("parse checkpoint: want 5 fields (seq hash time key signature), got %d", len(f))
	}
	seq, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil || seq < 1 {
		return nil, fmt.Errorf("parse checkpoint: bad sequence number %q", f[0])
	}
	return &Checkpoint{Seq: seq, Hash: f[1], At: f[2], KeyID: f[3], Signature: f[4]}, nil
}

// Key signs checkpoints. Its private half lives in a file outside the database,
// readable only by the user Kijun runs as.
type Key struct {
	priv ed25519.PrivateKey
}

// Public returns the public key.
func (k *Key) Public() ed25519.PublicKey { return k.priv.Public().(ed25519.PublicKey) }

// ID returns the key's ID: the first 16 hex digits of the SHA-256 of its public key.
func (k *Key) ID() string { return KeyID(k.Public()) }

// KeyID returns the ID of a public key.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// Sign returns a checkpoint for seq and hash at time at, signed with k.
func (k *Key) Sign(seq int64, hash string, at time.Time) *Checkpoint {
	c := &Checkpoint{Seq: seq, Hash: hash, At: FormatTime(at), KeyID: k.ID()}
	c.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(k.priv, c.Message()))
	return c
}

// VerifySignature reports whether c is signed by pub.
func VerifySignature(c *Checkpoint, pub ed25519.PublicKey) bool {
	sig, err := base64.StdEncoding.DecodeString(c.Signature)
	if err != nil {
		return false
	}
	return KeyID(pub) == c.KeyID && ed25519.Verify(pub, c.Message(), sig)
}

// LoadOrCreateKey reads the private key at path, or creates one there (mode
// 0600) when the file does not exist. created reports which.
func LoadOrCreateKey(path string) (k *Key, created bool, err error) {
	k, err = LoadKey(path)
	if err == nil {
		return k, false, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, false, err
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, false, fmt.Errorf("generate ledger key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, false, fmt.Errorf("encode ledger key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, false, fmt.Errorf("create ledger key directory: %w", err)
	}
	data := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	// O_EXCL: two processes starting at once must not write two different keys.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		k, err = LoadKey(path)
		return k, false, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("write ledger key %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return nil, false, fmt.Errorf("write ledger key %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, false, fmt.Errorf("write ledger key %s: %w", path, err)
	}
	return &Key{priv: priv}, true, nil
}

// LoadKey reads a PEM PKCS#8 Ed25519 private key.
func LoadKey(path string) (*Key, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read ledger key: %w", err)
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("read ledger key %s: not a PEM private key", path)
	}
	parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("read ledger key %s: %w", path, err)
	}
	priv, ok := parsed.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("read ledger key %s: not an Ed25519 key", path)
	}
	return &Key{priv: priv}, nil
}

// EncodePublicKey returns pub as a PEM block, the form `kijun ledger pubkey` prints.
func EncodePublicKey(pub ed25519.PublicKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("encode public key: %w", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})), nil
}

// ParsePublicKey reads a PEM public key as EncodePublicKey writes it.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	block, _ := pem.Decode([]byte(s))
	if block == nil || block.Type != "PUBLIC KEY" {
		return nil, errors.New("parse public key: not a PEM public key")
	}
	parsed, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("parse public key: %w", err)
	}
	pub, ok := parsed.(ed25519.PublicKey)
	if !ok {
		return nil, errors.New("parse public key: not an Ed25519 key")
	}
	return pub, nil
}

// ParsePublicKeys reads every PEM public key in s, as a key file or the
// list of retired keys holds them; at least one.
func ParsePublicKeys(s string) ([]ed25519.PublicKey, error) {
	var out []ed25519.PublicKey
	rest := []byte(s)
	for {
		block, next := pem.Decode(rest)
		if block == nil {
			break
		}
		pub, err := ParsePublicKey(string(pem.EncodeToMemory(block)))
		if err != nil {
			return nil, err
		}
		out = append(out, pub)
		rest = next
	}
	if len(out) == 0 {
		return nil, errors.New("parse public key: not a PEM public key")
	}
	return out, nil
}

// RetiredKeysPath is the file beside the ledger key at keyPath that keeps
// the public keys it replaced, oldest first: heads and checkpoints they
// signed stay verifiable after a rotation.
func RetiredKeysPath(keyPath string) string { return keyPath + ".retired.pub" }

// ReadRetiredKeys reads the keys the ledger key at keyPath replaced; none
// when it was never rotated.
func ReadRetiredKeys(keyPath string) ([]ed25519.PublicKey, error) {
	data, err := os.ReadFile(RetiredKeysPath(keyPath))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read retired ledger keys: %w", err)
	}
	return ParsePublicKeys(string(data))
}

// RetireKey appends pub to the retired keys beside keyPath and syncs it.
func RetireKey(keyPath string, pub ed25519.PublicKey) error {
	text, err := EncodePublicKey(pub)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(RetiredKeysPath(keyPath), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("keep the retired ledger key: %w", err)
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return fmt.Errorf("keep the retired ledger key: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
