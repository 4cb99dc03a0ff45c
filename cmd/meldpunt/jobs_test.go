package main

import (
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"meldpunt/internal/config"
	"meldpunt/internal/notice"
)

// TestDeadReplicasLettersGoOutWithinAMinute checks the arithmetic of the defaults: a replica that
// died stops its heartbeat, its claims lapse at most one lease after its last beat, and the next
// dispatch pass of another replica, at most one schedule interval later, sends them. Lease plus
// interval must stay under a minute; and a living replica's heartbeat must keep its claims longer
// than the margin a letter needs, or it would give its own letters back.
func TestDeadReplicasLettersGoOutWithinAMinute(t *testing.T) {
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	sched, err := cron.ParseStandard(cfg.DispatchSchedule)
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2026, 12, 7, 10, 0, 3, 0, time.UTC)
	first := sched.Next(from)
	interval := sched.Next(first).Sub(first)
	d := notice.DefaultConfig
	t.Logf("lease %s + dispatch interval %s = %s; heartbeat every %s, margin %s", d.Lease, interval, d.Lease+interval, d.Heartbeat, d.LeaseMargin)
	if d.Lease+interval >= time.Minute {
		t.Errorf("a dead replica's letters wait up to %s (lease %s + schedule %q), want under a minute", d.Lease+interval, d.Lease, cfg.DispatchSchedule)
	}
	if d.Heartbeat <= 0 || d.Lease-d.Heartbeat <= d.LeaseMargin {
		t.Errorf("heartbeat %s, lease %s, margin %s: a living replica's claims would run within the margin", d.Heartbeat, d.Lease, d.LeaseMargin)
	}
}
