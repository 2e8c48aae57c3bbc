package store

import (
	"bytes"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"testing"
)

// txGuard catches, in tests, code that holds a transaction and asks the
// database for another connection: a transaction begun inside another, or
// a read through the DB instead of the Tx. Each holds one connection and
// waits for a second; with as many such goroutines as the pool has
// connections, every one waits for ever (the server hung that way under 200
// clients). Outside tests the guard is off and costs a branch.
type txGuard struct {
	on   bool
	held sync.Map // goroutine ID -> what it began
}

// enter records that the calling goroutine begins a transaction, and
// panics when it already holds one. The caller calls leave when the
// transaction has ended.
func (g *txGuard) enter(what string) (leave func()) {
	if !g.on {
		return func() {}
	}
	id := goroutineID()
	if prev, ok := g.held.LoadOrStore(id, what); ok {
		panic(g.message(what, prev))
	}
	return func() { g.held.Delete(id) }
}

// check panics when the calling goroutine holds a transaction: it is about
// to use the DB's pools directly.
func (g *txGuard) check(what string) {
	if !g.on {
		return
	}
	if prev, ok := g.held.Load(goroutineID()); ok {
		panic(g.message(what, prev))
	}
}

func (g *txGuard) message(what string, held any) string {
	return fmt.Sprintf("store: %s while this goroutine holds a transaction (%s): it would wait for a second connection "+
		"of a pool it holds one of, for ever once the pool is full; use the Tx it holds", what, held)
}

// newTxGuard returns the guard, on in test binaries.
func newTxGuard() txGuard { return txGuard{on: testing.Testing()} }

// goroutineID returns the calling goroutine's number, read from its stack
// header ("goroutine 42 [running]:"). Only the test-time guard needs it.
func goroutineID() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseUint(string(b), 10, 64)
	return id
}
