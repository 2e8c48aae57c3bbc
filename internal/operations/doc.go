// Package operations is the system administrators' part of chapter 8 as
// data and rules: the 作業記録 of every operation on a system (8.1.5ア),
// the システム変更等の作業 planned, approved where the city asks it, carried
// out by two people who confirm each other's work (8.1.5イ, ウ) and kept
// as the system's change history (8.3.6), and the vulnerability
// information matched to each system's software (8.6.1). It imports
// neither SQL nor HTTP: the store keeps what it decides, and the ledger
// records every step in the transaction that takes it.
package operations
