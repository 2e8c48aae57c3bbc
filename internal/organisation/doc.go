// Package organisation is chapter 3 of the standard (組織体制) as data and
// rules: organisation units over time, the people in them (職員等, 3.2.5イ)
// and contractors' staff, the roles of 3.1 with their default holders,
// deputies (3.2.11, 9.3) and the ban on holding conflicting duties (3.2.10).
// It imports neither SQL nor HTTP; the store package keeps these types and
// the web package shows them.
package organisation
