// Package contractors is the register of chapter 10 as data and rules: the
// 委託事業者 and the selection check of 10.1.1, the contracts and their
// clause checklist of 10.1.2, the 再委託 chains of 10.1.4 of any depth,
// and the 委託業務従事者 with the identity checks of 8.3.9. It imports
// neither SQL nor HTTP: the store keeps these records and asks this
// package whether a change may be made.
//
// A contract's chain is a tree rooted at the contractor the city signed
// with: every 再委託 link passes part of the work from a contractor already
// in the chain to one not yet in it, so a chain never loops back and
// never passes work to the contractor passing it (Chain.Check). Whoever
// is deeper in the chain is bound by the same obligations (10.1.4), and a
// link is in force only once the 情報管理者 of the contract's 課 has
// approved it.
package contractors
