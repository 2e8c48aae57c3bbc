// Package convert reads a security standard as a city publishes it in its
// 例規集 (plain text or an HTML page saved from it, UTF-8 or Shift_JIS) and
// writes it as a catalog, so that a city whose 情報セキュリティ対策基準 is not
// Kobe's can load its own text rather than write the YAML by hand.
//
// Two shapes of text are read:
//
//   - numbered headings, as Kobe's standard: 1, 1.1, 1.1.1 taken from the
//     目次, items ア, イ, …, sub-items (1), (2), … and ① lists. IDs are the
//     numbers as written: 3.1.1, 4.2.オ.(3).
//   - legal articles, as a 訓令 drafted like law: 第N章, 第N節, a 条 title in
//     parentheses on the line before 第N条, 項 numbered from 2, 号 as (1) or
//     一, and ① lists. IDs are as people cite them: 第19条, 第19条第2項,
//     第19条第2項第3号; the 目次 gives the chapters and sections to expect.
//
// Annotations are proposed from the text (who a provision obliges, through a
// table of role names a city can extend; its force; its references) for
// the CISO's office to review. Every line of the input is accounted for:
// each provision records where it came from, and the Report lists the lines
// used as metadata, the 目次, and anything that could not be placed, with
// line numbers. A file in neither shape, numbering that jumps or repeats,
// or an HTML page that is not an article page is an *Error with the line.
//
// The package is pure: no SQL, no HTTP.
package convert
