package contractors

import "fmt"

// CheckCorporateNo checks a 法人番号: thirteen ASCII digits whose first is
// the check digit of the other twelve, computed as the 法人番号の指定等に
// 関する省令 sets out: 9 − (Σ Pn × Qn mod 9), where Pn is the nth digit
// of the twelve counted from the right and Qn is 1 for odd n, 2 for even.
// It returns a message for the person who typed it, or "".
func CheckCorporateNo(no string) string {
	if len(no) != 13 {
		return fmt.Sprintf("法人番号は 13 桁の数字です（%d 文字あります）", len([]rune(no)))
	}
	for _, c := range no {
		if c < '0' || c > '9' {
			return "法人番号は 13 桁の半角数字です（数字以外が含まれています）"
		}
	}
	if want := CorporateCheckDigit(no[1:]); int(no[0]-'0') != want {
		return fmt.Sprintf("法人番号 %s の検査用数字（先頭の 1 桁）が合いません（%d のはずです）。番号を確かめてください", no, want)
	}
	return ""
}

// CorporateCheckDigit returns the check digit of the twelve digits base.
func CorporateCheckDigit(base string) int {
	sum := 0
	for n := 1; n <= len(base); n++ {
		p := int(base[len(base)-n] - '0')
		q := 1
		if n%2 == 0 {
			q = 2
		}
		sum += p * q
	}
	return 9 - sum%9
}
