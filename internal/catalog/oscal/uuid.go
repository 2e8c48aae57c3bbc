package oscal

import (
	"crypto/sha1"
	"fmt"
)

// kijunNamespace is the name-space UUID of Kijun's name-based UUIDs.
var kijunNamespace = [16]byte{0x6b, 0x69, 0x6a, 0x75, 0x6e, 0x2d, 0x4f, 0x53, 0x43, 0x41, 0x4c, 0x2d, 0x6e, 0x73, 0x2d, 0x31}

// uuidV5 returns the RFC 9562 version 5 (SHA-1, name-based) UUID of name,
// so that exporting the same catalog twice gives the same document.
func uuidV5(name string) string {
	h := sha1.New()
	h.Write(kijunNamespace[:])
	h.Write([]byte(name))
	b := h.Sum(nil)[:16]
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// NameUUID returns the version 5 UUID of name in Kijun's name space: the
// same name gives the same UUID in every export, as OSCAL asks of a UUID
// that identifies the same subject across revisions of a document.
func NameUUID(name string) string { return uuidV5(name) }
