package oscal

import (
	"fmt"
	"strings"
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
// stays in the label prop.
func oscalID(key, id string) string {
	segs := strings.Split(id, ".")
	for i, s := range segs {
		switch {
		case strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")"):
			segs[i] = "p" + s[1:len(s)-1]
		default:
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
			segs[i] = b.String()
		}
	}
	return key + "-" + strings.Join(segs, ".")
}
