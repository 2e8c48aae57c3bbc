package auth

import (
	"time"

	"golang.org/x/crypto/argon2"
)

// minCalibratedMemory is the floor Calibrate keeps to: 19 MiB, the least
// memory the common argon2id guidance accepts.
const minCalibratedMemory = 19 * 1024

// Calibrate returns Params that cost at most about target per hash on this
// machine, starting from DefaultParams: when one pass takes longer than
// target it halves Memory, down to 19 MiB, then it raises Time as far as
// target allows. It hashes
// several times, so call it at start-up or from a command, not per request.
// The result is what a city's configuration should then fix, since the
// parameters are written into every hash.
func Calibrate(target time.Duration) Params { return calibrate(target, cost) }

// calibrate is Calibrate with the cost of a hash measured by cost.
func calibrate(target time.Duration, cost func(Params) time.Duration) Params {
	p := DefaultParams()
	p.Time = 1
	for p.Memory > minCalibratedMemory && cost(p) > target {
		p.Memory = max(p.Memory/2, minCalibratedMemory)
	}
	for p.Time < 64 {
		next := p
		next.Time++
		if cost(next) > target {
			break
		}
		p = next
	}
	return p
}

// cost is the shorter of two timed hashes under p, so a pause of the
// scheduler does not count.
func cost(p Params) time.Duration {
	salt := make([]byte, p.SaltLen)
	best := time.Duration(1<<63 - 1)
	for range 2 {
		start := time.Now()
		argon2.IDKey([]byte("calibrate"), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
		best = min(best, time.Since(start))
	}
	return best
}
