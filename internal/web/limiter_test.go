package web

import (
	"fmt"
	"testing"
	"time"
)

func TestLimiterStillLimitsWhenItsTableIsFull(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	l := newLimiter(3, time.Minute, func() time.Time { return now })
	for i := range maxKeys {
		l.fail(fmt.Sprintf("ip:flood-%d", i))
	}
	if l.blocked("account:victim") {
		t.Fatal("blocked before any failure of its own")
	}
	for range 3 {
		l.fail("account:victim")
	}
	if !l.blocked("account:victim") {
		t.Fatal("a key that found the table full escaped the limit")
	}
	// After the window, the flood's entries are removed and keys are counted on their own again.
	now = now.Add(2 * time.Minute)
	l.fail("account:other")
	if l.blocked("account:victim") || len(l.counts) > 2 {
		t.Fatalf("old windows not pruned: %d keys", len(l.counts))
	}
}

func TestThrottleDelaysDoubleAndResetPerKey(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	th := newThrottle(3, time.Second, time.Minute, 15*time.Minute, func() time.Time { return now })
	for range 2 {
		th.fail("a")
	}
	if w := th.wait("a"); w != 0 {
		t.Fatalf("waits %v before the limit", w)
	}
	var waits []time.Duration
	for range 8 {
		th.fail("a")
		waits = append(waits, th.wait("a", "b"))
	}
	want := []time.Duration{1, 2, 4, 8, 16, 32, 60, 60}
	for i := range want {
		if waits[i] != want[i]*time.Second {
			t.Fatalf("waits %v, want %v seconds (doubling up to the maximum)", waits, want)
		}
	}
	if th.wait("b") != 0 {
		t.Error("another key waits")
	}
	th.reset("a")
	if th.wait("a") != 0 {
		t.Error("a reset key still waits")
	}
	if retryAfter(1500*time.Millisecond) != "2" || retryAfter(0) != "1" {
		t.Error("Retry-After is not whole seconds rounded up")
	}
}
