package idcards

import (
	"io"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/sheets"
)

// The columns of a register of cards, as `kijun cards export` writes them
// (状態 and the dates after 交付日 are read over: an import issues cards).
const (
	ColNumber   = "カード番号"
	ColKind     = "種別"
	ColHolder   = "職員番号"
	ColUnit     = "共用の課"
	ColIssued   = "交付日"
	ColReplaces = "切替え前のカード番号"
	ColNote     = "備考"
	ColState    = "状態"
	// What names the file in messages.
	What = "ID カード台帳ファイル"
	// MaxSize is the largest file read.
	MaxSize = 16 << 20
)

// Columns are the columns of the register.
var Columns = []sheets.Column{
	{Heading: ColNumber, Required: true}, {Heading: ColKind, Required: true}, {Heading: ColHolder}, {Heading: ColUnit},
	{Heading: ColIssued, Required: true}, {Heading: ColReplaces}, {Heading: ColNote},
}

var limits = sheets.LimitsFor(MaxSize, 100_000)

// Row is one card of a file, with where it was.
type Row struct {
	Sheet string
	Line  int
	Card
}

// ReadFile reads a register of cards; a file with any cell wrong is
// refused whole, each problem named by row and column.
func ReadFile(name string, data []byte) ([]Row, error) {
	var rows []Row
	_, err := sheets.ReadRegister(name, data, "ID カード", What, limits, Columns, func(c sheets.Cells) {
		r := Row{Sheet: c.Sheet, Line: c.Line, Card: Card{Number: c.Get(ColNumber), Holder: c.Get(ColHolder), Unit: c.Get(ColUnit),
			Replaces: c.Get(ColReplaces), Note: c.Get(ColNote), State: StateIssued}}
		k, ok := ParseKind(c.Get(ColKind))
		if !ok {
			c.Bad(ColKind, "種別 %q は ID カード か トークン で書いてください", c.Get(ColKind))
		}
		r.Kind = k
		if d, err := sheets.Date(c.Get(ColIssued)); err != nil {
			c.Bad(ColIssued, "交付日 %q は YYYY-MM-DD の形で書いてください", c.Get(ColIssued))
		} else {
			r.IssuedOn = d
		}
		if r.Holder != "" && r.Unit != "" {
			c.Bad(ColUnit, "職員に交付したカードには共用の課を書きません（共用カードは職員番号を空欄に、7.4.1イ(1)）")
		}
		for _, f := range r.Check() {
			if f.Field != "kind" && f.Field != "issued_on" {
				c.Bad(headingOf(f.Field), "%s", f.Message)
			}
		}
		rows = append(rows, r)
	})
	if err != nil {
		return nil, err
	}
	return rows, nil
}

func headingOf(field string) string {
	switch field {
	case "number":
		return ColNumber
	case "holder":
		return ColHolder
	case "replaces":
		return ColReplaces
	}
	return ""
}

// Known is what an import's checks need from the store.
type Known struct {
	// People are the staff numbers in the organisation, with whether they
	// have left; Units the 課 codes; Cards the cards registered, by number.
	People map[string]bool // staff number -> has left
	Units  map[string]bool
	Cards  map[string]Card
	// UnitOf is the 課 of each person today.
	UnitOf map[string]string
}

// Check turns the rows into cards to issue, or refuses them all: a number
// given twice (a card issued to two people) or already registered to
// someone else, an unknown person or 課, a person who has left, a card it
// replaces that is not registered. A row that repeats a registered card
// exactly is left out (an export imports back unchanged).
func Check(rows []Row, k Known) ([]Card, error) {
	ie := &kijun.ImportError{What: What}
	seen := map[string]Row{}
	var out []Card
	for _, r := range rows {
		bad := func(col, format string, args ...any) { ie.Add(r.Sheet, r.Line, col, format, args...) }
		if prev, dup := seen[r.Number]; dup {
			bad(ColNumber, "カード番号 %s は %d 行目にもあります。1 枚のカードを 2 人に交付することはできません（7.4.1イ(1)）", r.Number, prev.Line)
			continue
		}
		seen[r.Number] = r
		if r.Holder != "" {
			left, ok := k.People[r.Holder]
			switch {
			case !ok:
				bad(ColHolder, "職員番号 %s の職員等は組織の台帳にいません", r.Holder)
				continue
			case left:
				bad(ColHolder, "職員番号 %s の職員等は退職・異動で離れています。カードは交付できません", r.Holder)
				continue
			}
			r.Unit = k.UnitOf[r.Holder]
		} else if !k.Units[r.Unit] {
			bad(ColUnit, "共用の課 %s は組織の台帳にありません", r.Unit)
			continue
		}
		if old, ok := k.Cards[r.Number]; ok {
			if old.Holder != r.Holder || old.Holder == "" && old.Unit != r.Unit {
				who := old.Holder
				if who == "" {
					who = "課 " + old.Unit
				}
				bad(ColNumber, "カード番号 %s は既に %s に交付されています。1 枚のカードを 2 人に交付することはできません", r.Number, who)
			}
			continue // the same card as registered
		}
		if r.Replaces != "" {
			if _, ok := k.Cards[r.Replaces]; !ok {
				if _, inFile := seen[r.Replaces]; !inFile {
					bad(ColReplaces, "切替え前のカード %s は台帳にありません", r.Replaces)
					continue
				}
			}
		}
		out = append(out, r.Card)
	}
	if err := ie.AsError(); err != nil {
		return nil, err
	}
	return out, nil
}

// WriteRegister writes cards as the register's sheet, which ReadFile reads
// back.
func WriteRegister(w io.Writer, format string, cards []Card) error {
	cols := append(append([]sheets.Column{}, Columns...), sheets.Column{Heading: ColState}, sheets.Column{Heading: "紛失日"}, sheets.Column{Heading: "返却日"}, sheets.Column{Heading: "廃棄日"})
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return organisation.FormatDate(t)
	}
	return sheets.WriteRegister(w, format, "ID カード", cols, func(row func(cells ...any) error) error {
		for _, c := range cards {
			if err := row(c.Number, c.Kind.Label(), c.Holder, sharedUnit(c), date(c.IssuedOn), c.Replaces, c.Note, c.State.Label(),
				date(c.LostOn), date(c.ReturnedOn), date(c.DestroyedOn)); err != nil {
				return err
			}
		}
		return nil
	})
}

func sharedUnit(c Card) string {
	if c.Shared() {
		return c.Unit
	}
	return ""
}

// WriteTemplate writes an empty register with one example row.
func WriteTemplate(w io.Writer) error {
	return sheets.WriteRegister(w, sheets.XLSX, "ID カード", Columns, func(row func(cells ...any) error) error {
		return row("C-0001", KindCard.Label(), "100001", "", "2026-04-01", "", "")
	})
}
