package incidents

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"kijun/internal/kijun"
)

// Contact is one line of the emergency contact network (9.4.3): who to
// call, in which order, with unit, post, phone and mail. Outside bodies
// (police, 総務省, 兵庫県, contractors) are lines too.
type Contact struct {
	ID      int64  `json:"id"`
	Order   int    `json:"order"` // 連絡順序
	Name    string `json:"name"`
	Unit    string `json:"unit"` // 所属 (or the outside body)
	Post    string `json:"post"` // 役職
	Phone   string `json:"phone"`
	Mail    string `json:"mail,omitempty"`
	Outside bool   `json:"outside"`
	Note    string `json:"note,omitempty"`
	Version int64  `json:"version"`
}

// Check returns what is wrong with the contact.
func (c Contact) Check() []kijun.FieldError {
	var fe kijun.FieldErrors
	if c.Order < 1 {
		fe.Add("order", "連絡順序は 1 以上にしてください")
	}
	if strings.TrimSpace(c.Name) == "" {
		fe.Add("name", "氏名（または窓口名）を入力してください")
	}
	if strings.TrimSpace(c.Unit) == "" {
		fe.Add("unit", "所属を入力してください")
	}
	if strings.TrimSpace(c.Phone) == "" {
		fe.Add("phone", "電話番号を入力してください（9.4.3）")
	} else if strings.Trim(c.Phone, "0123456789-+() ") != "" {
		fe.Add("phone", "電話番号は数字とハイフンで書いてください")
	}
	if c.Mail != "" {
		if _, err := mail.ParseAddress(c.Mail); err != nil {
			fe.Add("mail", "電子メールアドレスの形が正しくありません")
		}
	}
	for _, s := range []string{c.Name, c.Unit, c.Post, c.Note} {
		if utf8.RuneCountInString(s) > maxTitle {
			fe.Add("name", "各欄は %d 文字以内にしてください", maxTitle)
			break
		}
	}
	c.checkChars(&fe)
	return fe.Fields
}

// Procedure is an incident response procedure (9.4.1) as a document with
// an owner and review dates (9.4.5). Covers says which of the contents
// 9.4.2 requires it holds.
type Procedure struct {
	ID         int64     `json:"id"`
	Title      string    `json:"title"`
	Owner      string    `json:"owner"` // staff number
	OwnerName  string    `json:"owner_name,omitempty"`
	Body       string    `json:"body"`
	Covers     []string  `json:"covers"` // of 9.4.2: ア … オ
	ReviewedOn time.Time `json:"reviewed_on"`
	NextReview time.Time `json:"next_review"`
	Version    int64     `json:"version"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// ProcedureContents are the contents 9.4.2 requires of a procedure.
var ProcedureContents = []struct{ Item, Label string }{
	{"ア", "緊急時連絡網"},
	{"イ", "意思決定の所在"},
	{"ウ", "発生した事案に係る報告すべき事項"},
	{"エ", "発生した事案への対応措置"},
	{"オ", "再発防止措置の策定"},
}

// Missing returns the contents of 9.4.2 the procedure does not cover.
func (p Procedure) Missing() []string {
	var out []string
	for _, c := range ProcedureContents {
		found := false
		for _, have := range p.Covers {
			found = found || have == c.Item
		}
		if !found {
			out = append(out, "9.4.2"+c.Item+" "+c.Label)
		}
	}
	return out
}

// Overdue reports whether the review (9.4.5) is past due on day.
func (p Procedure) Overdue(day time.Time) bool {
	return !p.NextReview.IsZero() && p.NextReview.Before(day)
}

// Check returns what is wrong with the procedure.
func (p Procedure) Check() []kijun.FieldError {
	var fe kijun.FieldErrors
	if strings.TrimSpace(p.Title) == "" {
		fe.Add(FieldTitle, "題名を入力してください")
	}
	if p.Owner == "" {
		fe.Add("owner", "所管者（情報セキュリティ統括責任者、9.4.1）を選んでください")
	}
	if p.ReviewedOn.IsZero() {
		fe.Add("reviewed_on", "見直した日を入力してください")
	}
	if p.NextReview.IsZero() {
		fe.Add("next_review", "次の見直し期限（9.4.5）を入力してください")
	} else if !p.ReviewedOn.IsZero() && !p.NextReview.After(p.ReviewedOn) {
		fe.Add("next_review", "次の見直し期限は見直した日より後にしてください")
	}
	p.checkTexts(&fe)
	return fe.Fields
}
