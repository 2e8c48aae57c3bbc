// Package work turns a finding of the continuous check (9.2.1) into work
// someone does: an owner, a due day set by the finding's severity, a state
// and the comments made along the way. It holds the rules of that work, a
// finding's states and the moves between them, its due day, and the score
// a 課 is ranked by, with no SQL and no HTTP; package store keeps it and
// package web shows it.
//
// The states are those a 課長 reports on: open (未着手), in progress
// (対応中), fixed and awaiting the next check (是正済み・再点検待ち),
// accepted under an exception (例外措置で受入れ, 9.5.1) and closed (完了).
// The check still decides whether a finding is found: a finding the check
// no longer finds is closed whatever its state, and one it finds again
// after it was closed is open again.
package work
