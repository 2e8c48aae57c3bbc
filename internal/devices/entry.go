package devices

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"kijun/internal/assets"
	"kijun/internal/kijun"
)

// FieldError is what is wrong with one field, in Japanese: the same type
// the asset register uses, so forms and imports show both alike.
type FieldError = assets.FieldError

// Entry is what every item of the three registers has: its 管理番号, its
// name, the 課 that keeps it (its 情報管理者 is responsible, 4.2ア(1) and
// 3.2イ), and its version.
type Entry struct {
	// ID is the 管理番号: the stable key an import matches rows by.
	ID       string `json:"id"`
	Name     string `json:"name"`
	Unit     string `json:"unit"`
	UnitName string `json:"unit_name,omitempty"`
	// Version counts changes, so two people editing one item do not
	// silently overwrite each other.
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// The fields every register shares, as forms and errors name them.
const (
	FieldID       = "id"
	FieldName     = "name"
	FieldUnit     = "unit"
	FieldKind     = "kind"
	FieldLocation = "location"
	FieldArea     = "area"
)

// staffNoPattern is what a 職員番号 may look like.
var staffNoPattern = regexp.MustCompile(`^[A-Za-z0-9-]{1,20}$`)

// checker collects field errors in the order of the form.
type checker struct{ errs []FieldError }

func (c *checker) bad(field, format string, args ...any) {
	c.errs = append(c.errs, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// entry checks the fields of e; noun names the register's item (機器).
func (c *checker) entry(e Entry, noun string) {
	if !assets.ValidID(e.ID) {
		c.bad(FieldID, "管理番号は英数字と - _ . で 1〜40 文字にしてください（%q）", e.ID)
	}
	c.text(FieldName, "名称", e.Name, 1, 200)
	if strings.TrimSpace(e.Unit) == "" {
		c.bad(FieldUnit, "%sを管理する所管課を指定してください（4.2ア(1)）", noun)
	}
}

// text checks that a text field holds min to max characters, on one
// line, of text a person reads as written (kijun.FieldErrors.Text: no
// control or direction characters). Every text field of the three
// registers is checked here, with its limit beside the field.
func (c *checker) text(field, label, v string, min, max int) {
	n := utf8.RuneCountInString(strings.TrimSpace(v))
	switch {
	case min > 0 && n < min:
		c.bad(field, "%sを入力してください（%d 文字以内）", label, max)
	case n > max:
		c.bad(field, "%sは %d 文字以内にしてください", label, max)
	default:
		var fe kijun.FieldErrors
		fe.Text(field, label, v, max, false)
		c.errs = append(c.errs, fe.Fields...)
	}
}

// area checks an optional reference to a managed area.
func (c *checker) area(id string) {
	if id != "" && !assets.ValidID(id) {
		c.bad(FieldArea, "管理区域の管理番号 %q が正しくありません", id)
	}
}

// Choice is one value a kind field may take: its identifier, its
// Japanese name and the clause that speaks of it.
type Choice struct {
	Value  string `json:"value"`
	Label  string `json:"label"`
	Clause string `json:"clause,omitempty"`
}

// parseChoice reads a value by its identifier or its Japanese name.
func parseChoice(cs []Choice, s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, c := range cs {
		if s == c.Value || s == c.Label {
			return c.Value, true
		}
	}
	return s, false
}

func labelOf(cs []Choice, v string) string {
	for _, c := range cs {
		if c.Value == v {
			return c.Label
		}
	}
	return v
}

func labels(cs []Choice) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Label)
	}
	return strings.Join(out, "・")
}

// Gap is a measure the standard asks of an item that the register says it
// lacks: shown on its page, never a reason to refuse the record, since the
// register must say how things are.
type Gap struct {
	Clause string `json:"clause"`
	Text   string `json:"text"`
}
