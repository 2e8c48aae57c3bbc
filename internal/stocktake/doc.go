// Package stocktake is 9.2.2 of the standard, 利用状況調査, for the devices
// and media a 課 keeps: a count of what the registers say is in use
// against what is really there, with neither SQL nor HTTP.
//
// A stocktake is started for one 課 by its 情報管理者 or the CISO's
// office; starting it copies the 課's devices and media in use, so the list
// of what is looked for does not move while the count goes on. A person
// with a phone reads each item's QR code (or types its 管理番号) and marks
// it found, missing or found elsewhere (saying where). Closing the
// stocktake turns each missing item into a corrective action citing 9.2.2
// and, where the item held 機密性2以上 data, into an incident report of a
// loss (7.3.1), which the 情報管理者 completes as a first report is.
package stocktake
