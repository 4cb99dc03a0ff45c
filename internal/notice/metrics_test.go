package notice_test

import (
	"math"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"meldpunt/internal/casework"
	"meldpunt/internal/notice"
)

// metrics gathers reg and returns every sample as name{label=value} → value; histograms give
// name_count and name_sum.
func metrics(t *testing.T, reg *prometheus.Registry) map[string]float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	out := map[string]float64{}
	for _, mf := range families {
		for _, m := range mf.GetMetric() {
			name := mf.GetName()
			for _, l := range m.GetLabel() {
				name += "{" + l.GetName() + "=" + l.GetValue() + "}"
			}
			switch mf.GetType() {
			case dto.MetricType_COUNTER:
				out[name] = m.GetCounter().GetValue()
			case dto.MetricType_GAUGE:
				out[name] = m.GetGauge().GetValue()
			case dto.MetricType_HISTOGRAM:
				out[name+"_count"] = float64(m.GetHistogram().GetSampleCount())
				out[name+"_sum"] = m.GetHistogram().GetSampleSum()
			}
		}
	}
	return out
}

func expectMetrics(t *testing.T, step string, got map[string]float64, want map[string]float64) {
	t.Helper()
	for name, w := range want {
		g, ok := got[name]
		if !ok && w == 0 {
			continue // a counter that never counted has no series yet
		}
		if !ok || math.Abs(g-w) > 1e-6 {
			t.Errorf("%s: %s = %v (present %v), want %v", step, name, g, ok, w)
		}
	}
}

// TestMetricsCountOutcomesAndTheOutbox registers the dispatcher's collectors and checks that they
// tell what the passes did and what the outbox holds.
func TestMetricsCountOutcomesAndTheOutbox(t *testing.T) {
	f := newFx(t)
	reg := prometheus.NewRegistry()
	reg.MustRegister(f.d.Collectors()...)

	org := f.org("Sociaal Wijkteam Schalkwijk", "", "")
	f.emailNotices(org, 4)
	f.file(casework.Contact{Name: "Jan Jansen", Street: "Kruisweg 1", Postcode: "2011 LA", City: "Haarlem"}, nil, org.ID)
	var nonsense int64
	f.must(f.sql.GetContext(f.ctx, &nonsense, `UPDATE notices SET kind = 'nonsense' WHERE id = (SELECT min(id) FROM notices) RETURNING id`))
	// Outbox: 3 good e-mails, 1 unrenderable, 1 for post; all pending, written at start.
	f.clock.Advance(10 * time.Minute)
	expectMetrics(t, "before any pass", metrics(t, reg), map[string]float64{
		`meldpunt_outbox_notices{status=pending}`:        5,
		`meldpunt_outbox_notices{status=print}`:          0,
		`meldpunt_outbox_notices{status=failed}`:         0,
		`meldpunt_outbox_oldest_pending_seconds`:         600,
		`meldpunt_notice_dispatch_latency_seconds_count`: 0,
	})

	f.srv.FailNext(1, 451) // one of the three e-mails is refused for now
	res := f.pass(f.d)
	if res != (notice.Result{Sent: 2, Retry: 1, Print: 1, Failed: 1}) {
		t.Fatalf("first pass: %+v", res)
	}
	expectMetrics(t, "after the first pass", metrics(t, reg), map[string]float64{
		`meldpunt_notices_total{outcome=sent}`:    2,
		`meldpunt_notices_total{outcome=retry}`:   1,
		`meldpunt_notices_total{outcome=print}`:   1,
		`meldpunt_notices_total{outcome=failed}`:  1,
		`meldpunt_outbox_notices{status=pending}`: 1,
		`meldpunt_outbox_notices{status=print}`:   1,
		`meldpunt_outbox_notices{status=failed}`:  1,
		`meldpunt_outbox_oldest_pending_seconds`:  600,
		// Latency is measured on the store's clock: written at start, sent or queued 10 minutes later.
		`meldpunt_notice_dispatch_latency_seconds_count`: 3,
		`meldpunt_notice_dispatch_latency_seconds_sum`:   3 * 600,
	})

	f.clock.Advance(time.Minute)
	if res := f.pass(f.d); res != (notice.Result{Sent: 1}) {
		t.Fatalf("second pass: %+v", res)
	}
	var printID int64
	f.must(f.sql.GetContext(f.ctx, &printID, `SELECT id FROM notices WHERE status = 'print'`))
	f.must(f.db.MarkPosted(f.ctx, f.staff, printID))
	f.must(f.db.RetryFailed(f.ctx, nonsense)) // still cannot be rendered: fails again
	if res := f.pass(f.d); res != (notice.Result{Failed: 1}) {
		t.Fatalf("third pass: %+v", res)
	}
	expectMetrics(t, "at the end", metrics(t, reg), map[string]float64{
		`meldpunt_notices_total{outcome=sent}`:           3,
		`meldpunt_notices_total{outcome=retry}`:          1,
		`meldpunt_notices_total{outcome=print}`:          1,
		`meldpunt_notices_total{outcome=failed}`:         2,
		`meldpunt_outbox_notices{status=pending}`:        0,
		`meldpunt_outbox_notices{status=print}`:          0,
		`meldpunt_outbox_notices{status=failed}`:         1,
		`meldpunt_outbox_oldest_pending_seconds`:         0,
		`meldpunt_notice_dispatch_latency_seconds_count`: 4,
		`meldpunt_notice_dispatch_latency_seconds_sum`:   3*600 + 660,
	})
}
