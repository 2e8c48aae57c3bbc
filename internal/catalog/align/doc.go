// Package align proposes how the provisions of a city's own standard
// correspond to those of a reference standard (Kobe's 対策基準, which every
// rule, permit type and question of Kijun cites), for the CISO's office to
// confirm.
//
// Each provision is read as the normalised text of itself and everything
// under it (NFKC, case folded, without spaces or punctuation, with role
// names rewritten as the reference names them), cut into character
// bigrams and trigrams weighted by TF-IDF: Japanese has no spaces between
// words, and n-grams of characters find 情報資産の管理 in 情報資産を管理 where
// words would need a dictionary. Candidates are ranked by cosine
// similarity, with the structure as a prior: first the chapters of the two
// standards are aligned, and a provision's candidates in the reference
// chapters its own chapter aligns with are raised; a 条 prefers a heading
// of the reference and a 号 an item. The relationship (equivalent,
// subset-of, superset-of, intersects-with) comes from how much of each
// side's n-grams the other holds.
//
// The package is pure: no SQL, no HTTP.
package align
