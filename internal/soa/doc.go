// Package soa computes the statement of applicability (適用宣言): for each
// provision of the standard in force, how Kijun supports it, from what the
// code declares rather than from a hand-kept list.
//
// A provision counts as supported only when a thing that runs points at
// it: a compliance rule that checks it, a permit type that serves it, a
// kind of ledger record that cites it, a periodic job, a page or a
// self-check question. Each domain declares its own supports where it
// declares the thing itself (the rule file, the permit types, the record
// kinds beside the store, the route table's provisions, the job
// registry, the self-check questions); the callers gather them into one
// list of Support and Compute turns that list and the catalog into a
// Statement, which the command line, the page and the exports all read.
package soa
