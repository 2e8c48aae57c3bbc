// Package catalog holds an information-security standard as data: its
// provisions (chapters, sections, subsections, items and sub-items) in
// document order, with annotations saying who each provision obliges, what
// kind of rule it is and how Kijun operationalises it.
//
// A catalog is written in YAML, one file per edition, and the edition Kijun
// ships with (神戸市情報セキュリティ対策基準 第5.5版) is embedded in the binary.
// The package is pure: no SQL, no HTTP.
package catalog
