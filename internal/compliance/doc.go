// Package compliance checks the registers against the standard (9.2.1:
// the CISO's office must know where the city falls short, and who must fix
// it). Rules are data: each names a provision of the catalog, the kind of
// record it applies to, a severity, a condition written in the expr
// language over that record's facts, and a message in Japanese that says
// what is wrong and how to fix it. A city adjusts or adds rules by loading
// its own rule file; no new build is needed.
//
// A rule's condition is true when the record falls short. Facts are flat,
// typed records read from the registers (see facts.go): a condition that
// names a field its kind does not have is refused when the rules are
// loaded, not when they run.
//
// The three-tier separation of chapter 5 is proved by package separation,
// over the whole network at once; its violations become findings here like
// any rule's.
package compliance
