package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
	"meldpunt/internal/letter"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/report"
	"meldpunt/internal/term"
)

var flagReportScale = flag.Int("report.complaints", 1_000_000, "complaints in the benchmark's report year")

// seedYear writes n complaints received over year, spread evenly over its days, through every
// outcome: about a third ruled (founded) or partly founded with an advice to each organisation
// complained about, in every advice outcome; a quarter about two organisations; every life
// domain, ground and channel; supporters; postponements; one recommendation in fifty. The data is
// made in SQL, as a year of real use would leave it; it does not go through the store, which
// would take hours for a million complaints.
func seedYear(ctx context.Context, db *sqlx.DB, year, n int, staffID int64) error {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, term.Amsterdam())
	steps := []struct{ what, query string }{
		{"complaints", `
			INSERT INTO complaints (reference, tracking_hash, status, channel, language, received_at, handling_last_day,
				handling_deadline_at, postponements, complainant_name, complainant_email, complainant_street,
				complainant_postcode, complainant_city, supporter_name, grounds, life_domains, summary, handler_id,
				verdict, findings, conclusions, ruled_at, received_on, inadmissibility_last_day)
			SELECT 'MP-' || $3 || '-' || lpad(g::text, 7, '0'), sha256(('code ' || $3 || g)::bytea),
				CASE WHEN k = 0 THEN 'withdrawn' WHEN k = 1 THEN 'inadmissible' WHEN k IN (2, 3) THEN 'resolved'
					WHEN k = 4 THEN 'received' WHEN k IN (5, 6) THEN 'in_treatment' WHEN k BETWEEN 7 AND 13 THEN 'advised'
					ELSE 'closed' END,
				(ARRAY['web', 'phone', 'email', 'letter', 'counter', 'social_media'])[1 + g % 6],
				CASE WHEN g % 10 = 0 THEN 'en' ELSE 'nl' END,
				at, (at AT TIME ZONE 'Europe/Amsterdam')::date + 42 + CASE WHEN g % 37 = 0 THEN 28 ELSE 0 END,
				at + interval '43 days' + CASE WHEN g % 37 = 0 THEN interval '28 days' ELSE interval '0' END,
				CASE WHEN g % 37 = 0 THEN 1 ELSE 0 END,
				'Cliënt ' || g, 'client' || g || '@x.example', 'Kruisweg ' || g, '2011 LA', 'Haarlem',
				CASE WHEN g % 3 = 0 THEN 'Ondersteuner ' || g ELSE '' END,
				CASE WHEN g % 5 = 0 THEN ARRAY['treatment', 'procedure'] ELSE ARRAY[(ARRAY['treatment', 'solution', 'procedure'])[1 + g % 3]] END,
				CASE WHEN g % 7 = 0 THEN ARRAY[(ARRAY['social_support', 'preventive_care', 'care', 'youth_care', 'education',
					'wellbeing', 'housing', 'work', 'income'])[1 + g % 9], CASE WHEN g % 9 = 8 THEN 'work' ELSE 'income' END]
					ELSE ARRAY[(ARRAY['social_support', 'preventive_care', 'care', 'youth_care', 'education',
					'wellbeing', 'housing', 'work', 'income'])[1 + g % 9]] END,
				'Ik wacht al maanden op een beslissing.',
				CASE WHEN k IN (0, 4) THEN NULL ELSE $4::bigint END,
				CASE WHEN k BETWEEN 7 AND 10 THEN 'founded' WHEN k BETWEEN 11 AND 13 THEN 'partly_founded'
					WHEN k >= 14 THEN 'unfounded' END,
				CASE WHEN k >= 7 THEN 'Bevindingen.' ELSE '' END, CASE WHEN k >= 7 THEN 'Conclusies.' ELSE '' END,
				CASE WHEN k >= 7 THEN at + (10 + g % 50) * interval '1 day' END,
				-- The day of receipt and, near enough for a seed, the last day of the four weeks of Awb 9:8.
				(at AT TIME ZONE 'Europe/Amsterdam')::date, (at AT TIME ZONE 'Europe/Amsterdam')::date + 28
			FROM (SELECT g, g % 20 AS k, $1::timestamptz + (g::float8 / $2 * 365 * 86400) * interval '1 second' AS at
				FROM generate_series(0, $2::int - 1) g) x`},
		{"complaint organisations", `
			INSERT INTO complaint_organisations (complaint_id, organisation_id)
			SELECT c.id, o.id FROM complaints c
			JOIN LATERAL (SELECT DISTINCT unnest(CASE WHEN c.id % 4 = 0 THEN ARRAY[1 + c.id % 60, 1 + (c.id * 7 + 3) % 60]
				ELSE ARRAY[1 + c.id % 60] END) AS oi) x ON true
			JOIN (SELECT id, row_number() OVER (ORDER BY id) AS oi FROM organisations) o ON o.oi = x.oi
			WHERE c.received_at >= $1 AND c.received_at < $1::timestamptz + interval '1 year'`},
		{"advices", `
			INSERT INTO advices (complaint_id, organisation_id, text, status, issued_at, respond_by, deadline_at,
				responded_at, rejection_reasons, rejection_ground, enforced_at, executed_at, execution_note)
			SELECT complaint_id, organisation_id, 'Bied excuses aan en neem een besluit.', st, ruled_at,
				(ruled_at AT TIME ZONE 'Europe/Amsterdam')::date + 14, ruled_at + interval '15 days',
				CASE WHEN st IN ('accepted', 'rejected') OR (st = 'executed' AND v % 2 = 0) THEN ruled_at + interval '5 days' END,
				CASE WHEN st = 'rejected' THEN 'Wij wijzen het advies af omdat het binnen de regels niet kan.' ELSE '' END,
				CASE WHEN st = 'rejected' THEN (ARRAY['legal', 'financial', 'disputes_findings', 'already_remedied',
					'not_feasible', 'other'])[1 + v % 6] ELSE '' END,
				CASE WHEN st = 'enforced' OR (st = 'executed' AND v % 2 = 1) THEN ruled_at + interval '15 days' END,
				CASE WHEN st = 'executed' THEN ruled_at + interval '30 days' END,
				CASE WHEN st = 'executed' THEN 'Uitgevoerd.' ELSE '' END
			FROM (
				SELECT c.id AS complaint_id, co.organisation_id, c.ruled_at, (c.id + co.organisation_id) % 13 AS v,
					(ARRAY['accepted', 'accepted', 'executed', 'executed', 'executed', 'executed', 'rejected', 'rejected',
						'enforced', 'executed', 'executed', 'issued', 'executed'])[1 + (c.id + co.organisation_id) % 13] AS st
				FROM complaints c JOIN complaint_organisations co ON co.complaint_id = c.id
				WHERE c.verdict IN ('founded', 'partly_founded')
					AND c.received_at >= $1 AND c.received_at < $1::timestamptz + interval '1 year'
			) x`},
		{"recommendations", `
			INSERT INTO recommendations (complaint_id, life_domain, text, status, note, created_at)
			SELECT id, life_domains[1], 'Leg een maximale doorlooptijd vast (' || id || ').',
				(ARRAY['open', 'adopted', 'partly_adopted', 'not_adopted'])[1 + id % 4],
				CASE WHEN id % 4 = 0 THEN '' ELSE 'Besproken met de wethouder.' END, ruled_at
			FROM complaints WHERE ruled_at IS NOT NULL AND id % 50 = 7
				AND received_at >= $1 AND received_at < $1::timestamptz + interval '1 year'`},
	}
	for i, s := range steps {
		args := []any{from}
		if i == 0 {
			args = []any{from, n, strconv.Itoa(year), staffID}
		}
		if _, err := db.ExecContext(ctx, s.query, args...); err != nil {
			return err
		}
	}
	return nil
}

// memoryWatch samples the Go heap while it runs and reports the peak, and the peak resident set
// of the whole process since it started (reset through /proc/self/clear_refs where Linux allows).
type memoryWatch struct {
	stop     chan struct{}
	done     sync.WaitGroup
	heapPeak uint64
}

func watchMemory() *memoryWatch {
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // resets VmHWM; harmless where refused
	w := &memoryWatch{stop: make(chan struct{})}
	sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
	w.done.Go(func() {
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			w.heapPeak = max(w.heapPeak, sample[0].Value.Uint64())
			select {
			case <-w.stop:
				return
			case <-tick.C:
			}
		}
	})
	return w
}

// finish stops the watch and returns the Go runtime's peak and the process's peak RSS, in MiB.
func (w *memoryWatch) finish() (goPeak, rssPeak float64) {
	close(w.stop)
	w.done.Wait()
	status, _ := os.ReadFile("/proc/self/status")
	for line := range strings.SplitSeq(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			rssPeak = float64(kb) / 1024
		}
	}
	return float64(w.heapPeak) / (1 << 20), rssPeak
}

// BenchmarkAnnualReport times the annual report on a year of 1,000,000 complaints (with their
// rulings, about 440,000 advices and 13,000 recommendations, plus 100,000 complaints the year
// before for the comparison): the whole report (figures, PDF, stored as a version) against its
// SQL aggregation alone, in the same run on the same database. Each is run three times in turn
// and the medians are reported, with their ratio and the peak memory of the whole report. The
// generated editions are checked: the PDF parses, the JSON counts every complaint.
//
// Run it with -benchtime 1x; -report.complaints sets the size.
func BenchmarkAnnualReport(b *testing.B) {
	ctx := context.Background()
	db, err := postgres.Open(ctx, pgtest.NewURL(b), 4)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 1, 6, 9, 0, 0, 0, term.Amsterdam())
	clock := pgtest.NewClock(now)
	store := postgres.New(db, clock.Now, postgres.DefaultTerms)
	staff, err := store.CreateUser(ctx, casework.NewUser{Email: "bench@meldpunt.example", Name: "Bench", Role: casework.RoleStaff,
		Password: "een-lang-wachtwoord-voor-de-bench"})
	if err != nil {
		b.Fatal(err)
	}
	for i := range 60 {
		name := "Organisatie " + strconv.Itoa(i+1)
		if i%10 == 0 {
			name = "Stichting Cliëntenbelang en Coördinatie van Zorg en Welzijn in de Regio " + strconv.Itoa(i+1)
		}
		if _, err := store.CreateOrganisation(ctx, casework.Organisation{Name: name, Kind: casework.OrgKinds[i%len(casework.OrgKinds)]}); err != nil {
			b.Fatal(err)
		}
	}
	loadStart := time.Now()
	n := *flagReportScale
	if err := seedYear(ctx, db, 2024, max(1, n/10), staff.ID); err != nil {
		b.Fatal(err)
	}
	if err := seedYear(ctx, db, 2025, n, staff.ID); err != nil {
		b.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `VACUUM ANALYZE`); err != nil {
		b.Fatal(err)
	}
	var counts struct {
		Complaints int `db:"complaints"`
		Advices    int `db:"advices"`
		Recs       int `db:"recs"`
	}
	if err := db.GetContext(ctx, &counts, `SELECT (SELECT count(*) FROM complaints) AS complaints,
		(SELECT count(*) FROM advices) AS advices, (SELECT count(*) FROM recommendations) AS recs`); err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d complaints, %d advices, %d recommendations in %s", counts.Complaints, counts.Advices, counts.Recs,
		time.Since(loadStart).Round(time.Second))

	gen, err := report.New(store, letter.SampleSender())
	if err != nil {
		b.Fatal(err)
	}
	var sqlTimes, reportTimes []time.Duration
	var goPeak, rssPeak float64
	var pdf report.Result
	b.ResetTimer()
	for range b.N {
		for range 3 {
			start := time.Now()
			f, err := store.AnnualFigures(ctx, 2025)
			if err != nil {
				b.Fatal(err)
			}
			sqlTimes = append(sqlTimes, time.Since(start))
			if f.Summary.Received != n {
				b.Fatalf("figures count %d complaints, want %d", f.Summary.Received, n)
			}
			runtime.GC()
			w := watchMemory()
			start = time.Now()
			pdf, err = gen.Generate(ctx, report.Request{Year: 2025, Format: report.PDF, Trigger: report.TriggerCommand})
			if err != nil {
				b.Fatal(err)
			}
			reportTimes = append(reportTimes, time.Since(start))
			g, r := w.finish()
			goPeak, rssPeak = max(goPeak, g), max(rssPeak, r)
		}
	}
	b.StopTimer()
	slices.Sort(sqlTimes)
	slices.Sort(reportTimes)
	sqlMedian, reportMedian := sqlTimes[len(sqlTimes)/2], reportTimes[len(reportTimes)/2]

	// The output is a valid report with every complaint in it.
	cmd := exec.Command("pdfinfo", "-")
	cmd.Stdin = bytes.NewReader(pdf.Content)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("pdfinfo: %v: %s", err, out)
	}
	js, err := gen.Generate(ctx, report.Request{Year: 2025, Format: report.JSON})
	if err != nil {
		b.Fatal(err)
	}
	var doc struct {
		Figures casework.AnnualFigures `json:"figures"`
	}
	if err := json.Unmarshal(js.Content, &doc); err != nil || doc.Figures.Summary.Received != n || doc.Figures.Previous.Received != max(1, n/10) {
		b.Fatalf("JSON edition: %v, %d complaints", err, doc.Figures.Summary.Received)
	}

	b.ReportMetric(sqlMedian.Seconds(), "sql_s")
	b.ReportMetric(reportMedian.Seconds(), "report_s")
	b.ReportMetric(reportMedian.Seconds()/sqlMedian.Seconds(), "report/sql")
	b.ReportMetric(goPeak, "go_peak_MiB")
	b.ReportMetric(rssPeak, "rss_peak_MiB")
	b.Logf("%d complaints: SQL aggregation %s (runs %v), whole report %s (runs %v), ratio %.2f; PDF %d pages, %d bytes; peak memory: Go runtime %.0f MiB, process RSS %.0f MiB (PostgreSQL's own memory not counted)",
		n, sqlMedian.Round(time.Millisecond), sqlTimes, reportMedian.Round(time.Millisecond), reportTimes,
		reportMedian.Seconds()/sqlMedian.Seconds(), pdfPagesOf(pdf.Content), len(pdf.Content), goPeak, rssPeak)
}

func pdfPagesOf(pdf []byte) int {
	cmd := exec.Command("pdfinfo", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, _ := cmd.Output()
	for line := range strings.SplitSeq(string(out), "\n") {
		if rest, ok := strings.CutPrefix(line, "Pages:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(rest))
			return n
		}
	}
	return 0
}
