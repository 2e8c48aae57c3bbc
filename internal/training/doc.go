// Package training is the city's information security training as the
// standard asks it (7.1.2, 7.2): the yearly plan the 情報セキュリティ統括責任者
// drafts and reports to the CISO (7.2.2ア), its courses with their audience
// by role (エ), who must attend on a day computed from the organisation
// (イ, ウ, エ, and 7.1.2 for 臨時の任用職員), the quiz of a course, the
// attendance a file from an e-learning system brings, and each 課's
// completion (オ, カ, 7.2.4).
//
// The package holds rules, states and validation only: no SQL, no HTTP.
// The store reads the organisation and the attendance into the types here;
// package attendance writes through the store behind one gate.
//
// Who must attend is never kept by hand. Duties computes it from the
// people as the organisation data has them on the day: a person who joins,
// moves or takes a role mid-year gets the duty the computation gives, and
// one who leaves before a duty falls due loses it.
package training
