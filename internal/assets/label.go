package assets

import "fmt"

// Label returns the short label printed on files, media and paper (4.2.イ),
// such as 機密性3・完全性2・可用性2（取扱制限あり）. The suffix says that
// handling restrictions apply, as 4.2.イ asks them to be made plain.
func Label(c Classification) string {
	s := fmt.Sprintf("機密性%d・完全性%d・可用性%d", c.Confidentiality, c.Integrity, c.Availability)
	if len(Restrictions(c)) > 0 {
		s += "（取扱制限あり）"
	}
	return s
}
