package records

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// NoteName is the signer's name in signed tree heads (the note format of
// golang.org/x/mod/sumdb/note).
const NoteName = "kijun-ledger"

const (
	treeHeader     = "kijun ledger tree v1"
	rollbackHeader = "kijun ledger rollback v1"
)

// TreeHead is a signed statement that the ledger's first N records have the
// Merkle tree hash Hash. Heads are appended to a file outside the database
// (HeadsPath), so a database rewritten after a head was signed no longer
// matches it.
type TreeHead struct {
	N    int64
	Hash tlog.Hash
	At   string // when it was signed, as TimeFormat
	// Rollback marks a head that does not extend the one before it: a
	// restore of an older or re-signed backup, accepted with
	// --accept-rollback. Abandoned is the head given up.
	Rollback  bool
	Abandoned tlog.Tree
	Line      int // the line of the heads file it starts on, when read from one
}

// Text returns the head's signed text.
func (h *TreeHead) Text() string {
	if h.Rollback {
		return fmt.Sprintf("%s\n%d\n%s\n%s\nabandons %d %s\n", rollbackHeader, h.N, h.Hash, h.At, h.Abandoned.N, h.Abandoned.Hash)
	}
	return fmt.Sprintf("%s\n%d\n%s\n%s\n", treeHeader, h.N, h.Hash, h.At)
}

// String describes the head for messages.
func (h *TreeHead) String() string {
	return fmt.Sprintf("%d records, root %s, signed %s", h.N, h.Hash, h.At)
}

// parseHeadText reads the text Text writes.
func parseHeadText(text string) (*TreeHead, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	h := &TreeHead{}
	switch {
	case len(lines) == 4 && lines[0] == treeHeader:
	case len(lines) == 5 && lines[0] == rollbackHeader:
		h.Rollback = true
		f := strings.Fields(lines[4])
		if len(f) != 3 || f[0] != "abandons" {
			return nil, fmt.Errorf("rollback head: want \"abandons N HASH\", got %q", lines[4])
		}
		n, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("rollback head: bad size %q", f[1])
		}
		hash, err := tlog.ParseHash(f[2])
		if err != nil {
			return nil, fmt.Errorf("rollback head: bad hash %q", f[2])
		}
		h.Abandoned = tlog.Tree{N: n, Hash: hash}
	default:
		return nil, errors.New("not a kijun ledger tree head")
	}
	n, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || n < 1 || strconv.FormatInt(n, 10) != lines[1] {
		return nil, fmt.Errorf("bad tree size %q", lines[1])
	}
	hash, err := tlog.ParseHash(lines[2])
	if err != nil {
		return nil, fmt.Errorf("bad tree hash %q", lines[2])
	}
	if _, err := time.Parse(TimeFormat, lines[3]); err != nil {
		return nil, fmt.Errorf("bad time %q", lines[3])
	}
	h.N, h.Hash, h.At = n, hash, lines[3]
	return h, nil
}

// noteSigner signs notes with a ledger key.
type noteSigner struct {
	priv ed25519.PrivateKey
	hash uint32
}

func (s noteSigner) Name() string                    { return NoteName }
func (s noteSigner) KeyHash() uint32                 { return s.hash }
func (s noteSigner) Sign(msg []byte) ([]byte, error) { return ed25519.Sign(s.priv, msg), nil }

// NoteVerifier returns the note verifier of the public key pub.
func NoteVerifier(pub ed25519.PublicKey) (note.Verifier, error) {
	vkey, err := note.NewEd25519VerifierKey(NoteName, pub)
	if err != nil {
		return nil, fmt.Errorf("ledger note key: %w", err)
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, fmt.Errorf("ledger note key: %w", err)
	}
	return v, nil
}

// SignHead returns h as a signed note.
func (k *Key) SignHead(h *TreeHead) ([]byte, error) {
	v, err := NoteVerifier(k.Public())
	if err != nil {
		return nil, err
	}
	msg, err := note.Sign(&note.Note{Text: h.Text()}, noteSigner{priv: k.priv, hash: v.KeyHash()})
	if err != nil {
		return nil, fmt.Errorf("sign tree head: %w", err)
	}
	return msg, nil
}

// HeadsPath returns the file of signed tree heads kept beside the key file
// at keyPath.
func HeadsPath(keyPath string) string { return keyPath + ".heads" }

// ParseHeads reads a heads file: signed notes, each followed by a blank
// line, every one signed by one of pubs (the key in use and the keys it
// replaced). A head signed by another key, edited, or cut short fails,
// naming its line.
func ParseHeads(data []byte, pubs ...ed25519.PublicKey) ([]*TreeHead, error) {
	var vs []note.Verifier
	var ids []string
	for _, pub := range pubs {
		v, err := NoteVerifier(pub)
		if err != nil {
			return nil, err
		}
		vs = append(vs, v)
		ids = append(ids, KeyID(pub))
	}
	known := note.VerifierList(vs...)
	lines := strings.SplitAfter(string(data), "\n")
	var heads []*TreeHead
	for i := 0; i < len(lines) && lines[i] != ""; {
		start := i + 1
		var text, sigs strings.Builder
		for ; i < len(lines) && lines[i] != "\n" && lines[i] != ""; i++ {
			text.WriteString(lines[i])
		}
		if i == len(lines) || lines[i] != "\n" {
			return nil, fmt.Errorf("heads line %d: the head is cut short (no signature)", start)
		}
		i++
		for ; i < len(lines) && lines[i] != "\n" && lines[i] != ""; i++ {
			sigs.WriteString(lines[i])
		}
		if i < len(lines) && lines[i] == "\n" {
			i++
		}
		n, err := note.Open([]byte(text.String()+"\n"+sigs.String()), known)
		if err != nil {
			var unknown *note.UnverifiedNoteError
			if errors.As(err, &unknown) {
				return nil, fmt.Errorf("heads line %d: signed by another key than %s", start, strings.Join(ids, ", "))
			}
			return nil, fmt.Errorf("heads line %d: %w", start, err)
		}
		h, err := parseHeadText(n.Text)
		if err != nil {
			return nil, fmt.Errorf("heads line %d: %w", start, err)
		}
		h.Line = start
		heads = append(heads, h)
	}
	return heads, nil
}

// ReadHeads reads the heads file at path (see ParseHeads). A missing file
// is an error that wraps fs.ErrNotExist.
func ReadHeads(path string, pubs ...ed25519.PublicKey) ([]*TreeHead, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read tree heads: %w", err)
	}
	heads, err := ParseHeads(data, pubs...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return heads, nil
}

// AppendHead signs h with k and appends it to the heads file at path,
// creating it, and syncs the file before returning: a head reported
// signed is on disk.
func AppendHead(path string, k *Key, h *TreeHead) error {
	msg, err := k.SignHead(h)
	if err != nil {
		return err
	}
	// O_APPEND: one write per head, so heads signed by two processes at
	// once do not interleave.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("append tree head to %s: %w", path, err)
	}
	if _, err := f.Write(append(msg, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("append tree head to %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("append tree head to %s: %w", path, err)
	}
	return nil
}

// Current returns the heads that still bind the ledger, those from the
// last rollback on, and of them the one a new head must extend: the
// largest. Heads signed by two processes at once may be out of order in
// the file; all of them are prefixes of one tree.
func Current(heads []*TreeHead) (live []*TreeHead, last *TreeHead) {
	from := 0
	for i, h := range heads {
		if h.Rollback {
			from = i
		}
	}
	live = heads[from:]
	for _, h := range live {
		if last == nil || h.N > last.N {
			last = h
		}
	}
	return live, last
}
