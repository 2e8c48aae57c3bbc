package stocktake

import (
	"strings"
	"unicode"
)

// maxCode bounds what a camera or a keyboard may hand in as a code.
const maxCode = 120

// ParseCode reads what the camera read from a label, or what a person
// typed: "device:ID" or "medium:ID" names an item of one register, a bare
// 管理番号 an item of either (kind ""). A QR code holding a link to the
// item's page (…/media/ID or …/devices/ID) is read too, so a label printed
// with a link still counts. Spaces around are ignored; a code with control
// characters, or none, is refused.
func ParseCode(s string) (kind Kind, id string, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxCode || strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return "", "", false
	}
	for _, p := range []struct {
		prefix string
		kind   Kind
	}{{"device:", KindDevice}, {"medium:", KindMedium}, {"/devices/", KindDevice}, {"/media/", KindMedium}} {
		if i := strings.LastIndex(s, p.prefix); i >= 0 {
			kind, s = p.kind, s[i+len(p.prefix):]
			break
		}
	}
	if s == "" || strings.ContainsAny(s, "/: \u3000") {
		return "", "", false
	}
	return kind, s, true
}
