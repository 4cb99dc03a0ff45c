package core

import (
	"context"
	"fmt"
	"log/slog"
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
	log      *slog.Logger
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func NewMetrics(store *postgres.DB, log *slog.Logger, extra ...prometheus.Collector) *metrics {
	m := &metrics{
		log:      log,
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

// Handler serves the metrics. A collector that fails (the database is away) leaves out its own
// metrics and is logged; the page never shows its error, which may name internal addresses.
func (m *metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError,
		ErrorLog: metricsLog{m.log}})
}

// metricsLog hands promhttp's errors to the service's log, without the data PostgreSQL quotes.
type metricsLog struct{ log *slog.Logger }

func (l metricsLog) Println(v ...any) {
	for _, x := range v {
		if err, ok := x.(error); ok {
			l.log.Warn("metrics", "err", postgres.RedactError(err))
			return
		}
	}
	l.log.Warn("metrics", "msg", fmt.Sprint(v...))
}

// statusCollector reads the number of complaints per status from the database at scrape time.
type statusCollector struct{ store *postgres.DB }

var (
	complaintsDesc = prometheus.NewDesc("meldpunt_complaints", "Complaints by status.", []string{"status"}, nil)
	databaseUpDesc = prometheus.NewDesc("meldpunt_database_up", "1 when the database answered the last scrape, else 0.", nil, nil)
)

func (sc *statusCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- complaintsDesc
	ch <- databaseUpDesc
}

func (sc *statusCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	counts, err := sc.store.CountByStatus(ctx)
	if err != nil {
		ch <- prometheus.MustNewConstMetric(databaseUpDesc, prometheus.GaugeValue, 0)
		ch <- prometheus.NewInvalidMetric(complaintsDesc, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(databaseUpDesc, prometheus.GaugeValue, 1)
	for _, s := range casework.Statuses {
		ch <- prometheus.MustNewConstMetric(complaintsDesc, prometheus.GaugeValue, float64(counts[s]), string(s))
	}
}
