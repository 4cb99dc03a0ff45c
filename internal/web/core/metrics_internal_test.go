package core

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// TestMadeUpMethodsShareOneLabel: any request method outside the standard set is counted as OTHER,
// so that a client sending random methods cannot grow the metric series without bound.
func TestMadeUpMethodsShareOneLabel(t *testing.T) {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "r"}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "d"}, []string{"method", "route"}),
	}
	m.registry.MustRegister(m.requests, m.duration)
	for _, method := range []string{"M1", "M2", "FROBNICATE", "GET", "get"} {
		m.observe(method, "unmatched", 405, time.Millisecond)
	}
	if n := testutil.CollectAndCount(m.requests); n != 2 {
		t.Fatalf("%d request series, want 2 (GET and OTHER)", n)
	}
	if got := testutil.ToFloat64(m.requests.WithLabelValues("OTHER", "unmatched", "405")); got != 4 {
		t.Fatalf("OTHER counted %v requests, want 4", got)
	}
}
