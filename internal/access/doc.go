// Package access is 8.2 アクセス制御 for Kijun itself: accounts and who may
// make them, signing in with a password or the city's identity provider and
// a second factor (6.4.2ア), sessions that time out (8.2.5), API tokens, and
// what each person may see and do, following the roles of chapter 3.
//
// The rules themselves (password policy, lockout, TOTP) are package auth's;
// this package applies them to stored accounts, and every sign-in, failure,
// lockout, password change and factor enrolment commits with its ledger
// record.
//
// Failed sign-ins are throttled per source address and per account before
// any password is hashed (Throttle), and their ledger records are
// aggregated per account, reason and window (failureLog), so a flood
// neither slows a person's sign-in nor fills the ledger. A password lock
// stops password sign-ins only: open sessions and API tokens, credentials
// of their own, go on working, so a lock that anyone knowing a user ID can
// cause does not switch off a city's integrations.
package access
