package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(store *postgres.DB, extra ...prometheus.Collector) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "meldpunt_http_requests_total", Help: "HTTP requests by method, route pattern and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "meldpunt_http_request_duration_seconds", Help: "HTTP request durations by method and route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"method", "route"}),
	}
	m.registry.MustRegister(m.requests, m.duration, &statusCollector{store: store},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.registry.MustRegister(extra...)
	return m
}

// knownMethods are the request methods kept as metric labels; any other becomes OTHER, so that
// made-up methods cannot grow the series without bound.
var knownMethods = map[string]bool{"GET": true, "HEAD": true, "POST": true, "PUT": true, "PATCH": true,
	"DELETE": true, "OPTIONS": true}

func (m *metrics) observe(method, route string, status int, d time.Duration) {
	if !knownMethods[method] {
		method = "OTHER"
	}
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(method, route).Observe(d.Seconds())
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// statusCollector reads the number of complaints per status from the database at scrape time.
type statusCollector struct{ store *postgres.DB }

var complaintsDesc = prometheus.NewDesc("meldpunt_complaints", "Complaints by status.", []string{"status"}, nil)

func (sc *statusCollector) Describe(ch chan<- *prometheus.Desc) { ch <- complaintsDesc }

func (sc *statusCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	counts, err := sc.store.CountByStatus(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(complaintsDesc, err)
		return
	}
	for _, s := range casework.Statuses {
		ch <- prometheus.MustNewConstMetric(complaintsDesc, prometheus.GaugeValue, float64(counts[s]), string(s))
	}
}
