// Package assets is chapter 4 of the standard (情報資産の分類と管理) as data
// and rules: the three classification scales of 4.1.1 to 4.1.3, what puts an
// asset in scope (4.1.4), the handling restrictions (取扱制限) a
// classification brings (4.2 and the clauses of 6, 7 and 8 that depend on a
// class), the label printed on files, media and paper (4.2.イ), the rule that
// the highest class wins (4.2.オ.(4)), and the lifecycle stages and kinds of
// asset. It imports neither SQL nor HTTP; a register stores these types later.
package assets
