package core

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// throttle delays sign-in attempts after failures, with a delay that doubles with every further
// failure. It counts per key; the sign-in uses two keys: the account together with the source
// address, and the source address alone (with a higher threshold, so that an office behind one
// address is not locked out by one forgetful colleague). A flood of wrong passwords for an account
// from one address therefore never delays the same account from another address, and a success
// clears the count of the account at that address.
//
// Counts live in the process, like the look-up limiter: with several replicas each keeps its own,
// so an attacker spread over N replicas gets at most N times the attempts before the delays grow.
type throttle struct {
	mu      sync.Mutex
	now     func() time.Time
	free    int           // failures per key before the first delay
	base    time.Duration // the first delay; each further failure doubles it
	max     time.Duration // the longest delay
	forget  time.Duration // a key without failures for this long starts again from nothing
	entries map[string]*throttleEntry
	pruned  time.Time
}

type throttleEntry struct {
	failures int
	last     time.Time // the last failure
	until    time.Time // no attempt before this instant
	inflight int       // attempts let through and not yet ended
}

func newThrottle(free int, base, max, forget time.Duration, now func() time.Time) *throttle {
	return &throttle{now: now, free: free, base: base, max: max, forget: forget, entries: map[string]*throttleEntry{}}
}

// begin lets an attempt under keys go ahead (zero) or says how long the caller must still wait.
// An attempt that goes ahead is counted in flight until end: once a key's free attempts are used up
// but for one, attempts under it go one at a time, so that requests sent in parallel cannot all
// pass the check before the first of their failures is counted.
func (t *throttle) begin(keys ...string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var longest time.Duration
	for _, k := range keys {
		// A key the table has no room for waits for nothing: a flood of other keys must never
		// delay someone who has not failed (see fail for how room is made).
		e, ok := t.entries[k]
		if ok && e.until.After(now) && e.until.Sub(now) > longest {
			longest = e.until.Sub(now)
		}
		if ok && e.inflight > 0 && e.failures+1 >= t.free && t.base > longest {
			longest = t.base
		}
	}
	if longest > 0 {
		return longest
	}
	for _, k := range keys {
		e, ok := t.entries[k]
		if !ok {
			if len(t.entries) >= maxKeys {
				continue
			}
			e = &throttleEntry{last: now}
			t.entries[k] = e
		}
		e.inflight++
	}
	return 0
}

// end ends an attempt that begin let go ahead under keys.
func (t *throttle) end(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		if e, ok := t.entries[k]; ok && e.inflight > 0 {
			e.inflight--
		}
	}
}

// fail records a failed attempt under each of keys; from the free-th failure on, the next attempt
// waits base, then 2×base, 4×base, … up to max.
func (t *throttle) fail(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if len(t.entries) >= maxKeys && now.Sub(t.pruned) >= t.forget/10 {
		t.pruned = now
		for k, e := range t.entries {
			if now.Sub(e.last) >= t.forget && !e.until.After(now) {
				delete(t.entries, k)
			}
		}
	}
	for _, k := range keys {
		e, ok := t.entries[k]
		if !ok && len(t.entries) >= maxKeys && !t.evict(now) {
			// Every key in the table is being delayed (a flood from more than maxKeys sources):
			// this one goes uncounted rather than pushing out one that is.
			continue
		}
		if !ok || (now.Sub(e.last) >= t.forget && !e.until.After(now)) {
			fresh := &throttleEntry{}
			if ok {
				fresh.inflight = e.inflight
			}
			e = fresh
			t.entries[k] = e
		}
		e.failures++
		e.last = now
		if over := e.failures - t.free + 1; over > 0 {
			e.until = now.Add(t.delay(over))
		}
	}
}

// evictScan is how many entries evict looks at for one it may remove.
const evictScan = 256

// evict makes room in a full table by removing one entry that delays nothing now and has no attempt
// in flight, among up to evictScan entries in the map's random order; it reports whether it did.
// Such an entry holds only failures below the limit, or a delay that has run out: losing it lets
// that key start again, which a flood that fills the table could gain anyway by using new keys.
func (t *throttle) evict(now time.Time) bool {
	seen := 0
	for k, e := range t.entries {
		if !e.until.After(now) && e.inflight == 0 {
			delete(t.entries, k)
			return true
		}
		if seen++; seen >= evictScan {
			break
		}
	}
	return false
}

// delay is the wait after the over-th failure beyond the free ones.
func (t *throttle) delay(over int) time.Duration {
	d := float64(t.base) * math.Pow(2, float64(over-1))
	if d >= float64(t.max) {
		return t.max
	}
	return time.Duration(d)
}

// reset forgets the failures of key (after a successful sign-in); attempts still in flight stay
// counted.
func (t *throttle) reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if e, ok := t.entries[key]; ok {
		if e.inflight == 0 {
			delete(t.entries, key)
			return
		}
		t.entries[key] = &throttleEntry{inflight: e.inflight, last: e.last}
	}
}

// RetryAfter is the value of a Retry-After header for d: whole seconds, rounded up, at least 1.
func RetryAfter(d time.Duration) string {
	s := int64(math.Ceil(d.Seconds()))
	if s < 1 {
		s = 1
	}
	return strconv.FormatInt(s, 10)
}

// loginAddressFactor is how many more failures one client address may make (over every account)
// than one account from that address: offices sign in from behind one address.
const loginAddressFactor = 5

// loginThrottles are the two throttles of sign-in: per account at a client address, and per client
// address over every account.
type loginThrottles struct {
	pairs, addresses *throttle
}

// NewLoginThrottles are the sign-in throttles of cfg.
func NewLoginThrottles(cfg Config, now func() time.Time) loginThrottles {
	base := cfg.LoginDelay
	if base <= 0 {
		base = time.Second
	}
	return loginThrottles{
		pairs:     newThrottle(cfg.LoginLimit, base, cfg.LimitWindow, cfg.LimitWindow, now),
		addresses: newThrottle(cfg.LoginLimit*loginAddressFactor, base, cfg.LimitWindow, cfg.LimitWindow, now),
	}
}

func pairKey(ip, email string) string {
	return strings.ToLower(strings.TrimSpace(email)) + "\x00" + ip
}

// A client address counts as its IPv6 /64 (see sourceKey): one household or office line holds a
// whole /64, so a client could otherwise take a fresh address for every attempt.

// wait is how long a sign-in for email from ip must still wait; zero means go ahead, and then done
// must be called when the attempt has ended (failed or succeeded).
func (l loginThrottles) wait(ip, email string) (wait time.Duration, done func()) {
	ip = SourceKey(ip)
	pair := pairKey(ip, email)
	if w := l.pairs.begin(pair); w > 0 {
		return w, func() {}
	}
	if w := l.addresses.begin(ip); w > 0 {
		l.pairs.end(pair)
		return w, func() {}
	}
	return 0, func() { l.pairs.end(pair); l.addresses.end(ip) }
}

// failed records a wrong e-mail address or password for email from ip.
func (l loginThrottles) failed(ip, email string) {
	ip = SourceKey(ip)
	l.pairs.fail(pairKey(ip, email))
	l.addresses.fail(ip)
}

// succeeded forgets the failures of email at ip; the address keeps its count, so that guessing
// with one's own account in between does not reset a spray over other accounts.
func (l loginThrottles) succeeded(ip, email string) {
	ip = SourceKey(ip)
	l.pairs.reset(pairKey(ip, email))
}

// signInTurn is one attempt under the sign-in throttle: an account at the client's address. It
// was let go ahead; the caller ends it (end) and says how it went (failed, succeeded).
type signInTurn struct {
	logins    loginThrottles
	ip, email string
	End       func()
}

func (t signInTurn) Failed()    { t.logins.failed(t.ip, t.email) }
func (t signInTurn) Succeeded() { t.logins.succeeded(t.ip, t.email) }

// Turn starts a sign-in attempt for email from the client of c, or reports how long it must still
// wait (then the turn is not started).
func (s *Server) Turn(c *gin.Context, email string) (signInTurn, time.Duration) {
	ip := c.ClientIP()
	wait, done := s.Logins.wait(ip, email)
	return signInTurn{logins: s.Logins, ip: ip, email: email, End: done}, wait
}

// PageTurn is turn for a page: while the client must wait it answers with the page that says how
// long (429 with Retry-After) and ok is false.
func (s *Server) PageTurn(c *gin.Context, l Lang, email string) (t signInTurn, ok bool) {
	t, wait := s.Turn(c, email)
	if wait > 0 {
		s.UI.SignInWait(c, l, wait)
		return t, false
	}
	return t, true
}
