// Package deadline runs the deadline sweep: one pass enforces every advice whose term ended
// without a reasoned rejection. The pass itself is one store call; this package adds the schedule,
// timeouts, logging and metrics around it.
package deadline

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"meldpunt/internal/postgres"
)

// Sweeper runs deadline passes.
type Sweeper struct {
	store   *postgres.DB
	log     *slog.Logger
	timeout time.Duration
	batch   int

	runs     *prometheus.CounterVec
	duration prometheus.Histogram
	enforced prometheus.Counter
	overdue  prometheus.GaugeFunc
}

// New returns a sweeper; each pass may take at most timeout.
func New(store *postgres.DB, log *slog.Logger, timeout time.Duration) *Sweeper {
	s := &Sweeper{store: store, log: log, timeout: timeout, batch: postgres.DefaultSweepBatch,
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "meldpunt_sweep_runs_total", Help: "Deadline sweep passes by result (ok, error).",
		}, []string{"result"}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "meldpunt_sweep_duration_seconds", Help: "Duration of deadline sweep passes.",
			Buckets: []float64{.001, .005, .01, .05, .1, .5, 1, 5, 10, 30},
		}),
		enforced: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "meldpunt_advices_enforced_total", Help: "Advices enforced by the deadline sweep.",
		}),
	}
	s.overdue = prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "meldpunt_advices_overdue", Help: "Advices past their deadline instant and still issued (the sweep's backlog).",
	}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		n, err := store.OverdueAdvices(ctx)
		if err != nil {
			return -1
		}
		return float64(n)
	})
	return s
}

// Collectors returns the sweeper's metrics for registration.
func (s *Sweeper) Collectors() []prometheus.Collector {
	return []prometheus.Collector{s.runs, s.duration, s.enforced, s.overdue}
}

// Pass runs one sweep and logs what it did.
func (s *Sweeper) Pass(ctx context.Context) (postgres.SweepResult, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	start := time.Now()
	res, err := s.store.Sweep(ctx, s.batch)
	elapsed := time.Since(start)
	s.duration.Observe(elapsed.Seconds())
	s.enforced.Add(float64(res.Enforced))
	if err != nil {
		s.runs.WithLabelValues("error").Inc()
		s.log.ErrorContext(ctx, "deadline sweep failed", "err", err, "enforced", res.Enforced, "duration", elapsed)
		return res, err
	}
	s.runs.WithLabelValues("ok").Inc()
	level := slog.LevelDebug
	if res.Enforced > 0 {
		level = slog.LevelInfo
	}
	s.log.Log(ctx, level, "deadline sweep", "enforced", res.Enforced, "notices", res.Notices,
		"batches", res.Batches, "duration", elapsed)
	return res, nil
}
