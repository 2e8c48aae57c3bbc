package access

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Throttle is how many failed sign-ins Kijun takes before it stops
// hashing passwords for a source address or an account (8.2.5: ログイン
// 試行回数の制限). A failure spends a token; a right password gives its token
// back, so a person who signs in never runs out. A refused attempt costs no
// argon2id hash and no database write, so a flood cannot slow a real
// sign-in; it reads the same as any failure.
type Throttle struct {
	// AddressBurst failures from one source address, then one more every
	// AddressEvery.
	AddressBurst int
	AddressEvery time.Duration
	// AccountBurst failures on one user ID, then one more every
	// AccountEvery. The lock of LockoutPolicy acts first; this bounds the
	// hashing a locked account's attackers can cause.
	AccountBurst int
	AccountEvery time.Duration
	// RecordEvery is the window of the ledger's failure records: the first
	// failure of a kind (account and reason) in a window is recorded at
	// once, the rest are counted and their number carried by the next
	// record of that kind (unrecorded).
	RecordEvery time.Duration
}

// DefaultThrottle returns 30 failures per address and then one every 2
// seconds, 10 per account and then one a minute, and one ledger record of
// failures per account per 5 minutes. A city hall behind one address
// still has room for every mistyped password of a busy morning.
func DefaultThrottle() Throttle {
	return Throttle{AddressBurst: 30, AddressEvery: 2 * time.Second, AccountBurst: 10, AccountEvery: time.Minute, RecordEvery: 5 * time.Minute}
}

// maxKeys bounds each limiter map. Accounts are bounded by the city's
// staff; addresses are not, so past this many the idle ones are dropped,
// and if that is not enough new addresses share one limiter: a flood from
// very many addresses then throttles them all together.
const maxKeys = 50000

// limiters holds a rate limiter per key, on the store's clock.
type limiters struct {
	mu       sync.Mutex
	every    rate.Limit
	burst    int
	m        map[string]*rate.Limiter
	overflow *rate.Limiter
}

func newLimiters(burst int, every time.Duration) *limiters {
	l := &limiters{every: rate.Every(every), burst: burst, m: map[string]*rate.Limiter{}}
	l.overflow = rate.NewLimiter(l.every, l.burst)
	return l
}

// take spends a token of key at now. It returns the reservation, to cancel
// when the attempt succeeds, or ok false when key has none left.
func (l *limiters) take(key string, now time.Time) (r *rate.Reservation, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim := l.m[key]
	if lim == nil {
		if len(l.m) >= maxKeys {
			for k, v := range l.m {
				if v.TokensAt(now) >= float64(l.burst) {
					delete(l.m, k)
				}
			}
		}
		if len(l.m) >= maxKeys {
			lim = l.overflow
		} else {
			lim = rate.NewLimiter(l.every, l.burst)
			l.m[key] = lim
		}
	}
	r = lim.ReserveN(now, 1)
	if !r.OK() || r.DelayFrom(now) > 0 {
		r.CancelAt(now)
		return nil, false
	}
	return r, true
}

// failureLog aggregates the ledger's records of failed sign-ins: one per
// entity (an account, "unknown", "oidc") and reason per window, carrying
// how many failures since the previous record it stands for. Each kind of
// failure is recorded the first time it happens in a window, so none goes
// unseen; a flood adds a record a window. The counts of a window not yet
// closed are lost if the server stops; an account's own counters
// (SignInState) are stored at every failure all the same.
type failureLog struct {
	mu     sync.Mutex
	window time.Duration
	m      map[string]*failureWindow
}

type failureWindow struct {
	start time.Time
	count int
}

// admit notes a failure on entity at now for reason. It reports whether
// this failure is to be written to the ledger now and, if so, how many
// failures of the same kind since the previous record were not.
func (f *failureLog) admit(entity, reason string, now time.Time) (write bool, unrecorded int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	key := entity + "\x00" + reason
	w := f.m[key]
	if w != nil && now.Before(w.start.Add(f.window)) {
		w.count++
		return false, 0
	}
	if w != nil {
		unrecorded = w.count
	}
	if len(f.m) >= maxKeys {
		for k, v := range f.m {
			if !now.Before(v.start.Add(f.window)) && v.count == 0 {
				delete(f.m, k)
			}
		}
	}
	f.m[key] = &failureWindow{start: now}
	return true, unrecorded
}

// failureState is the state of a failure record: the failure itself and
// how many unrecorded ones of its kind it stands for.
func failureState(reason, remote string, unrecorded int, extra map[string]any) map[string]any {
	st := map[string]any{"reason": reason, "remote": remote}
	if unrecorded > 0 {
		st["unrecorded"] = unrecorded
	}
	for k, v := range extra {
		st[k] = v
	}
	return st
}

// perAddress is how many password hashes of one source address run at
// once; the service runs four in all.
const perAddress = 1

// addressSlots holds the hashes each address has running.
type addressSlots struct {
	mu sync.Mutex
	m  map[string]*addressSlot
}

type addressSlot struct {
	ch    chan struct{}
	users int
}

// acquire waits until remote has a free slot, and returns what frees it.
func (a *addressSlots) acquire(ctx context.Context, remote string) (func(), error) {
	a.mu.Lock()
	if a.m == nil {
		a.m = map[string]*addressSlot{}
	}
	sl := a.m[remote]
	if sl == nil {
		sl = &addressSlot{ch: make(chan struct{}, perAddress)}
		a.m[remote] = sl
	}
	sl.users++
	a.mu.Unlock()
	leave := func() {
		a.mu.Lock()
		if sl.users--; sl.users == 0 {
			delete(a.m, remote)
		}
		a.mu.Unlock()
	}
	select {
	case sl.ch <- struct{}{}:
	case <-ctx.Done():
		leave()
		return nil, ctx.Err()
	}
	return func() { <-sl.ch; leave() }, nil
}
