// Package destruction runs the destruction of approved case files in the background, and the
// nightly count of what has become due (issue 13 point 1, DOMAIN.md §8). The store does the work
// (postgres.DestroyApproved, one batch per transaction, SKIP LOCKED so that several replicas share
// it); this package paces it so that intake stays fast, counts it for /metrics, and logs counts
// only: never a reference or anything else of a file.
package destruction

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

// Defaults of the destroyer.
const (
	// DefaultBatch is how many cases one transaction destroys. Small batches keep each burst of
	// work short, so that a complaint filed meanwhile waits little (BenchmarkDestruction: batches of
	// 500 took up to 0.6 s under load and doubled intake's p99).
	DefaultBatch = 100
	// DefaultPause is the least rest between two batches; see Rest.
	DefaultPause = 5 * time.Millisecond
	// DefaultIdle is how long the destroyer waits for new approvals when nothing is left to do.
	DefaultIdle = 30 * time.Second
	// NightlySchedule is the cron spec (Europe/Amsterdam) of the nightly count of due files.
	NightlySchedule = "30 2 * * *"
)

// Destroyer destroys approved files in batches.
type Destroyer struct {
	store               *postgres.DB
	log                 *slog.Logger
	batch               int
	pause, idle, budget time.Duration

	destroyed prometheus.Counter
	due       prometheus.Gauge
	failures  prometheus.Counter
}

// New returns a destroyer with the default batch, pause and idle wait.
func New(store *postgres.DB, log *slog.Logger) *Destroyer {
	return &Destroyer{store: store, log: log, batch: DefaultBatch, pause: DefaultPause, idle: DefaultIdle,
		budget: 5 * time.Minute,
		destroyed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "meldpunt_cases_destroyed_total", Help: "Case files destroyed by the background destroyer.",
		}),
		due: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "meldpunt_cases_due_for_destruction", Help: "Case files due for destruction and waiting for approval, at the last nightly count.",
		}),
		failures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "meldpunt_destruction_failures_total", Help: "Batches of the background destroyer that failed (retried later).",
		}),
	}
}

// WithPace sets the batch size, the pause between batches and the idle wait (tests, benchmarks).
func (d *Destroyer) WithPace(batch int, pause, idle time.Duration) *Destroyer {
	d.batch, d.pause, d.idle = batch, pause, idle
	return d
}

// Collectors returns the destroyer's metrics for registration.
func (d *Destroyer) Collectors() []prometheus.Collector {
	return []prometheus.Collector{d.destroyed, d.due, d.failures}
}

// Pass destroys batch after batch until nothing approved is left or ctx ends, pausing between
// batches; it returns how many files it destroyed.
func (d *Destroyer) Pass(ctx context.Context) (int, error) {
	total := 0
	for {
		start := time.Now()
		n, err := d.batchOnce(ctx)
		took := time.Since(start)
		total += n
		if err != nil || n == 0 {
			if total > 0 {
				d.log.InfoContext(ctx, "destruction pass", "destroyed", total)
			}
			return total, err
		}
		if !sleep(ctx, Rest(took, d.pause)) {
			return total, ctx.Err()
		}
	}
}

// Rest is how long the destroyer rests after a batch that took took: a third as long as the batch,
// and at least least. The destroyer thus takes at most three quarters of one connection's time,
// and backs off by itself when the database is busy and its batches grow slower.
func Rest(took, least time.Duration) time.Duration { return max(took/3, least) }

func (d *Destroyer) batchOnce(ctx context.Context) (int, error) {
	bctx, cancel := context.WithTimeout(ctx, d.budget)
	defer cancel()
	n, err := d.store.DestroyApproved(bctx, d.batch)
	d.destroyed.Add(float64(n))
	return n, err
}

// Run works through the approved files until ctx ends: a pass, then a wait for new approvals. A
// failed batch is logged (without anything of the file) and tried again after the wait.
func (d *Destroyer) Run(ctx context.Context) {
	for {
		if _, err := d.Pass(ctx); err != nil && ctx.Err() == nil {
			d.failures.Inc()
			d.log.ErrorContext(ctx, "destruction failed", "err", postgres.RedactError(err))
		}
		if !sleep(ctx, d.idle) {
			return
		}
	}
}

// CountDue counts the files whose destruction day has come and that wait for the admin's approval
// (not on hold, not approved), logs the count and sets the gauge. It is the nightly job.
func (d *Destroyer) CountDue(ctx context.Context) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, d.budget)
	defer cancel()
	n, err := d.store.CountDueForDestruction(ctx, term.LocalDate(d.store.Now()))
	if err != nil {
		if !errors.Is(err, context.Canceled) {
			d.log.ErrorContext(ctx, "count of files due for destruction failed", "err", postgres.RedactError(err))
		}
		return 0, err
	}
	d.due.Set(float64(n))
	d.log.InfoContext(ctx, "files due for destruction, waiting for approval", "count", n)
	return n, nil
}

// sleep waits d or until ctx ends; it reports whether ctx is still alive.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
