package core

import (
	"fmt"
	"testing"
	"time"
)

func TestLimiterStillLimitsWhenItsTableIsFull(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	l := NewLimiter(3, time.Minute, func() time.Time { return now })
	for i := range maxKeys {
		l.Fail(fmt.Sprintf("ip:flood-%d", i))
	}
	if l.Blocked("account:victim") {
		t.Fatal("blocked before any failure of its own")
	}
	for range 3 {
		l.Fail("account:victim")
	}
	if !l.Blocked("account:victim") {
		t.Fatal("a key that found the table full escaped the limit")
	}
	// After the window, the flood's entries are removed and keys are counted on their own again.
	now = now.Add(2 * time.Minute)
	l.Fail("account:other")
	if l.Blocked("account:victim") || len(l.counts) > 2 {
		t.Fatalf("old windows not pruned: %d keys", len(l.counts))
	}
}

func TestThrottleDelaysDoubleAndResetPerKey(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	th := newThrottle(3, time.Second, time.Minute, 15*time.Minute, func() time.Time { return now })
	// wait is how long an attempt under keys must wait; one that may go ahead is ended at once.
	wait := func(keys ...string) time.Duration {
		w := th.begin(keys...)
		if w == 0 {
			th.end(keys...)
		}
		return w
	}
	for range 2 {
		th.fail("a")
	}
	if w := wait("a"); w != 0 {
		t.Fatalf("waits %v before the limit", w)
	}
	var waits []time.Duration
	for range 8 {
		th.fail("a")
		waits = append(waits, wait("a", "b"))
	}
	want := []time.Duration{1, 2, 4, 8, 16, 32, 60, 60}
	for i := range want {
		if waits[i] != want[i]*time.Second {
			t.Fatalf("waits %v, want %v seconds (doubling up to the maximum)", waits, want)
		}
	}
	if wait("b") != 0 {
		t.Error("another key waits")
	}
	th.reset("a")
	if wait("a") != 0 {
		t.Error("a reset key still waits")
	}
	if RetryAfter(1500*time.Millisecond) != "2" || RetryAfter(0) != "1" {
		t.Error("Retry-After is not whole seconds rounded up")
	}
}

// TestThrottleLetsOneAttemptAtATimeAtTheLimit: requests sent in parallel cannot all pass the check
// before the first of their failures is counted. Before the free attempts are nearly used up they
// may run side by side; from then on one at a time, the others told to wait.
func TestThrottleLetsOneAttemptAtATimeAtTheLimit(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	th := newThrottle(3, time.Second, time.Minute, 15*time.Minute, func() time.Time { return now })
	first, second := th.begin("a"), th.begin("a")
	if first != 0 || second != 0 {
		t.Fatal("two attempts without failures may not run side by side")
	}
	th.end("a")
	th.end("a")
	th.fail("a")
	th.fail("a") // one free attempt left
	if w := th.begin("a"); w != 0 {
		t.Fatalf("the last free attempt waits %v", w)
	}
	if w := th.begin("a"); w != time.Second {
		t.Fatalf("a second attempt in parallel at the limit waits %v, want 1s", w)
	}
	if w := th.begin("b"); w != 0 {
		t.Fatalf("another key waits %v", w)
	}
	th.end("b")
	th.end("a") // the first attempt succeeded after all
	if w := th.begin("a"); w != 0 {
		t.Fatalf("after the attempt ended the next one waits %v", w)
	}
	th.end("a")
}

// TestThrottleWithAFullTableDelaysNobodyNew: a flood of failures under more keys than the table
// holds never delays a key that has not failed itself (the account's owner at their own address);
// the keys it holds that are being delayed stay delayed; while all are, a new failing key goes
// uncounted rather than pushing one out, and once delays have run out, new failing keys take the
// room of entries that delay nothing.
func TestThrottleWithAFullTableDelaysNobodyNew(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	th := newThrottle(1, time.Second, time.Minute, 15*time.Minute, func() time.Time { return now })
	for i := range maxKeys {
		th.fail(fmt.Sprintf("flood-%d", i)) // one failure is over the limit here: each key waits 1 s
	}
	if w := th.begin("owner"); w != 0 {
		t.Fatalf("a key without failures waits %v behind a full table", w)
	}
	th.end("owner")
	if w := th.begin("flood-7"); w != time.Second {
		t.Fatalf("a flooding key waits %v, want 1s", w)
	}
	th.fail("newcomer")
	if _, ok := th.entries["newcomer"]; ok || len(th.entries) != maxKeys {
		t.Fatalf("a new key pushed out a delayed one: %d keys", len(th.entries))
	}
	if w := th.begin("owner"); w != 0 {
		t.Fatalf("after a new key's failure found the table full, a key without failures waits %v", w)
	}
	th.end("owner")
	now = now.Add(2 * time.Second) // the flood's delays have run out
	th.fail("attacker")
	if _, ok := th.entries["attacker"]; !ok || len(th.entries) != maxKeys {
		t.Fatalf("a new failing key was not counted in place of a spent one: %d keys", len(th.entries))
	}
	if w := th.begin("attacker"); w != time.Second {
		t.Fatalf("the counted key waits %v, want 1s", w)
	}
}
