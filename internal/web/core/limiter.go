package core

import (
	"sync"
	"time"
)

// limiter counts failed attempts per key (a client address, an account) in a fixed window. It lives
// in the process: with several replicas each keeps its own count.
type limiter struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	now    func() time.Time
	counts map[string]*window
	pruned time.Time // when expired windows were last removed
}

type window struct {
	start time.Time
	n     int
}

// maxKeys bounds the memory a flood of distinct keys can take.
const maxKeys = 100_000

func NewLimiter(limit int, win time.Duration, now func() time.Time) *limiter {
	return &limiter{limit: limit, window: win, now: now, counts: map[string]*window{}}
}

// overflowKey is the one count shared by every key that finds the table full: a flood of new
// keys still meets a limit instead of escaping it.
const overflowKey = "\x00overflow"

// Blocked reports whether any of keys has used up its failures in the current window.
func (l *limiter) Blocked(keys ...string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	for _, k := range keys {
		w, ok := l.counts[k]
		if !ok && len(l.counts) >= maxKeys {
			w, ok = l.counts[overflowKey]
		}
		if ok && now.Sub(w.start) < l.window && w.n >= l.limit {
			return true
		}
	}
	return false
}

// Fail records a failed attempt for each of keys.
func (l *limiter) Fail(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.counts) >= maxKeys && now.Sub(l.pruned) >= l.window/10 {
		l.pruned = now
		for k, w := range l.counts {
			if now.Sub(w.start) >= l.window {
				delete(l.counts, k)
			}
		}
	}
	for _, k := range keys {
		w, ok := l.counts[k]
		if !ok && len(l.counts) >= maxKeys {
			k = overflowKey
			w, ok = l.counts[k]
		}
		if !ok || now.Sub(w.start) >= l.window {
			w = &window{start: now}
			l.counts[k] = w
		}
		w.n++
	}
}
