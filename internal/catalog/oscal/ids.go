package oscal

import (
	"fmt"
	"strings"

	"kijun/internal/catalog"
)

// NS is the namespace of the props Kijun adds to OSCAL documents for what
// OSCAL has no name for: a provision's kind, roles, force, operations,
// references and implementing features.
const NS = "https://kijun.example/ns/oscal"

// kanaRomaji spells the item markers in ASCII, since OSCAL ids must be
// ASCII-safe tokens.
var kanaRomaji = map[rune]string{
	'ア': "a", 'イ': "i", 'ウ': "u", 'エ': "e", 'オ': "o",
	'カ': "ka", 'キ': "ki", 'ク': "ku", 'ケ': "ke", 'コ': "ko",
	'サ': "sa", 'シ': "shi", 'ス': "su", 'セ': "se", 'ソ': "so",
	'タ': "ta", 'チ': "chi", 'ツ': "tsu", 'テ': "te", 'ト': "to",
}

// oscalID maps a provision ID such as 8.2.6.ウ or 4.2.オ.(3) to an OSCAL
// token such as kobe-kijun-8.2.6.u or kobe-kijun-4.2.o.p3. The real ID
// stays in the label prop. A token must start with a letter or an
// underscore: a catalog imported without a key is keyed by its OSCAL UUID,
// which may start with a digit, so such a key is prefixed with "_".
func oscalID(key, id string) string {
	segs := strings.Split(id, ".")
	for i, s := range segs {
		if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
			segs[i] = "p" + tokenChars(s[1:len(s)-1])
		} else {
			segs[i] = tokenChars(s)
		}
	}
	k := tokenChars(key)
	if k == "" || !(k[0] == '_' || k[0] >= 'a' && k[0] <= 'z' || k[0] >= 'A' && k[0] <= 'Z') {
		k = "_" + k
	}
	return k + "-" + strings.Join(segs, ".")
}

// tokenChars spells s in the characters an OSCAL token may hold: ASCII
// letters, digits, '-' and '_' as they are, the item markers ア, イ … in
// romaji, and anything else as x and its code point in hex.
func tokenChars(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80 && (r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'):
			b.WriteRune(r)
		case kanaRomaji[r] != "":
			b.WriteString(kanaRomaji[r])
		default:
			fmt.Fprintf(&b, "x%x", r)
		}
	}
	return b.String()
}

// ControlID is the OSCAL id Export gives provision id of the catalog with
// key: kobe-kijun-6.1.5.a for 6.1.5.ア. Other OSCAL documents about the
// catalog, such as assessment results, name its controls and parts by it.
func ControlID(key, id string) string { return oscalID(key, id) }

// Target says where Export put provision id of c: the id of the control
// that holds it, and the id of the statement part that is the provision
// (the control's own statement for a heading, or its table when it has
// only a table; the item's part for an item or sub-item; "" for a heading
// with no text). ok is false when c has no such provision or when it sits
// in a group, as a heading with sections under it does, rather than in a
// control.
func Target(c *catalog.Catalog, id string) (controlID, statementID string, ok bool) {
	p := c.Find(id)
	if p == nil {
		return "", "", false
	}
	h := p
	for !h.Kind.Heading() {
		if h = c.Find(h.Parent); h == nil {
			return "", "", false
		}
	}
	items := false
	for i := range c.Provisions {
		if ch := &c.Provisions[i]; ch.Parent == h.ID {
			if ch.Kind.Heading() {
				return "", "", false
			}
			items = true
		}
	}
	controlID = oscalID(c.Key, h.ID)
	switch {
	case p != h:
		return controlID, oscalID(c.Key, p.ID), true
	case p.Text != "" || items:
		return controlID, controlID + "_smt", true
	case p.Table != nil:
		return controlID, controlID + "_tbl", true
	}
	return controlID, "", true
}
