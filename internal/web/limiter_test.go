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
