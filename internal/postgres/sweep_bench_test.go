package postgres_test

import (
	"context"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"math"
	neturl "net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

var (
	flagSweepScale     = flag.Float64("sweep.scale", 1, "BenchmarkSweep: fraction of the 1,000,000 advices to load (for quick runs)")
	flagSweepWorkers   = flag.Int("sweep.workers", 1, "BenchmarkSweep: also time this many concurrent sweeps (separate connections) over the same rows")
	flagSweepStatement = flag.String("sweep.statement", "", "BenchmarkSweep: also time the sweep statements in these files (comma-separated; $1 now, $2 batch; "+
		"each returns enforced, notices), looped like Sweep, over the same rows")
	flagSweepFK      = flag.Bool("sweep.fk", false, "BenchmarkSweep: also time the sweep over the same rows with and without the foreign keys of events and notices")
	flagSweepExplain = flag.Bool("sweep.explain", false, "BenchmarkSweep: print the plans of the timed sweep's batches "+
		"(auto_explain, which slows them) and EXPLAIN (ANALYZE, BUFFERS) of one batch and of the bare update on the rows put back")
)

// The goals of the issue: a sweep enforces at least 10,000 advices a second with their events and
// letters, and a pass with nothing to do takes under 10 ms, with 1,000,000 advices in the table.
const (
	goalSweepRate = 10000.0
	goalNoopMs    = 10.0
	noopPasses    = 50
)

// BenchmarkSweep loads 1,000,000 advices (900,000 settled over six years, 100,000 issued and
// overdue: a catch-up after a long outage, or a very large meldpunt), then in one run times
//
//  1. db.Sweep enforcing the 100,000 with their events and letters (the production batch size);
//  2. the bare status update of the same rows in one statement, the floor any sweep could reach, on
//     a copy of the loaded database made before the sweep: identical down to the pages, so that both
//     start from the same state. (Putting the swept rows back and vacuuming, instead, leaves free
//     space in the heap and split index pages behind, which makes any later update cheaper: the
//     sweep itself needs about a quarter less CPU the second time over the same rows.)
//  3. sweep passes with nothing to do: the first after the sweep (it walks the index entries the
//     sweep left behind) and 50 more, reported as median and p99.
//
// Both 1 and 2 run on a connection of their own, so that besides the wall time the CPU time of its
// server process is measured (when the server runs on this machine): on a shared machine the wall
// time is noisy, the CPU time much less so.
//
// Run it with -benchtime 1x: one op is the whole measurement; the metrics are the result.
func BenchmarkSweep(b *testing.B) {
	ctx := context.Background()
	url := pgtest.NewURL(b)
	sqldb := openPool(b, url, 4)
	// Tuesday 2026-11-24 09:30 Amsterdam.
	now := time.Date(2026, 11, 24, 9, 30, 0, 0, term.Amsterdam())
	complaints := int(math.Round(250000 * *flagSweepScale))
	settled := complaints * 9 / 10 // the complaints whose advices are final; the rest are overdue
	const perComplaint = 4

	loadStart := time.Now()
	// Deadlines are local midnights, as the store computes them: the overdue ones over the 60 days
	// before today, the settled ones over the six years before that.
	spec := seedSpec{Organisations: 40, Complaints: complaints, PerComplaint: perComplaint, Received: now.AddDate(-7, 0, 0),
		Deadline: `CASE WHEN ci >= $2 THEN ($1::date - 1 - (ci % 60)::int)::timestamp AT TIME ZONE 'Europe/Amsterdam'
			ELSE ($1::date - 61 - ((($2 - 1 - ci) * 2190) / $2)::int)::timestamp AT TIME ZONE 'Europe/Amsterdam' END`,
		Status: `CASE WHEN ci >= $2 THEN 'issued' ELSE (ARRAY['executed', 'executed', 'executed', 'executed', 'executed',
			'executed', 'executed', 'executed', 'executed', 'executed', 'rejected', 'rejected', 'rejected', 'rejected',
			'rejected', 'accepted', 'accepted', 'enforced', 'enforced', 'enforced'])[1 + n % 20] END`,
		Args: []any{now.Format(time.DateOnly), settled}, History: true, Bulk: true, Logf: b.Logf}
	if err := seedAdvices(ctx, sqldb, spec); err != nil {
		b.Fatal(err)
	}
	mustExec(b, sqldb, `VACUUM ANALYZE`)
	load := time.Since(loadStart)

	var total, overdue, wantNotices, events, notices int
	if err := sqldb.QueryRowContext(ctx, `
		SELECT (SELECT count(*) FROM advices),
			(SELECT count(*) FROM advices WHERE status = 'issued' AND deadline_at <= $1),
			(SELECT coalesce(sum(CASE WHEN c.supporter_name <> '' THEN 3 ELSE 2 END), 0) FROM advices a
				JOIN complaints c ON c.id = a.complaint_id WHERE a.status = 'issued' AND a.deadline_at <= $1),
			(SELECT count(*) FROM events), (SELECT count(*) FROM notices)`, now).
		Scan(&total, &overdue, &wantNotices, &events, &notices); err != nil {
		b.Fatal(err)
	}
	if total != complaints*perComplaint || overdue != (complaints-settled)*perComplaint {
		b.Fatalf("loaded %d advices, %d overdue; want %d and %d", total, overdue, complaints*perComplaint, (complaints-settled)*perComplaint)
	}
	b.Logf("loaded %d complaints, %d advices (%d overdue), %d events, %d notices in %v", complaints, total, overdue,
		events, notices, load.Round(time.Millisecond))
	copyStart := time.Now()
	twinURL := copyDatabase(b, url, sqldb)
	sqldb = openPool(b, url, 4)
	twin := newBackend(b, twinURL)
	b.Logf("copied the database for the bare update in %v", time.Since(copyStart).Round(time.Millisecond))

	clock := func() time.Time { return now }
	var serverLog string
	var logFrom int64
	if *flagSweepExplain {
		// The timed sweep runs on a connection that logs the plan of every statement over 100 ms with
		// its actual rows, buffers and times (to the server's log, printed below).
		var dir string
		if err := sqldb.Get(&dir, `SHOW data_directory`); err != nil {
			b.Fatal(err)
		}
		serverLog = filepath.Join(dir, "server.log")
		if fi, err := os.Stat(serverLog); err == nil {
			logFrom = fi.Size()
		}
		setDatabase(b, sqldb, `SET session_preload_libraries = 'auto_explain'`, `SET auto_explain.log_min_duration = '100ms'`,
			`SET auto_explain.log_analyze = on`, `SET auto_explain.log_buffers = on`, `SET auto_explain.log_triggers = on`)
	}
	conn := newBackend(b, url)
	store := postgres.New(conn.db, clock, postgres.DefaultTerms)
	b.ResetTimer()

	// 1. The sweep.
	cpu0 := conn.cpu()
	start := time.Now()
	res, err := store.Sweep(ctx, 0)
	sweepTime := time.Since(start)
	sweepCPU := conn.cpu() - cpu0
	if err != nil {
		b.Fatalf("sweep: %v (after %d enforced)", err, res.Enforced)
	}
	if res.Enforced != overdue || res.Notices != wantNotices {
		b.Fatalf("sweep enforced %d advices and wrote %d notices, want %d and %d", res.Enforced, res.Notices, overdue, wantNotices)
	}

	// 2. The bare status update of the same rows, on the copy.
	cpu0 = twin.cpu()
	start = time.Now()
	updated := mustExec(b, twin.db, bareUpdate, now)
	bareTime := time.Since(start)
	bareCPU := twin.cpu() - cpu0
	if updated != int64(overdue) {
		b.Fatalf("the bare update changed %d rows, want %d", updated, overdue)
	}

	// 3. Passes with nothing to do: the first right after the sweep; the others once vacuum has
	// cleared what the sweep left behind (autovacuum would soon; timing them while it runs would
	// time autovacuum).
	first := timePass(b, store)
	b.StopTimer()
	mustExec(b, sqldb, `VACUUM ANALYZE advices, events, notices`)
	b.StartTimer()
	passes := make([]float64, noopPasses)
	for i := range passes {
		passes[i] = timePass(b, store)
	}
	b.StopTimer()
	slices.Sort(passes)
	median, p99 := percentile(passes, 0.50), percentile(passes, 0.99)
	if *flagSweepExplain {
		setDatabase(b, sqldb, `RESET ALL`)
		conn = newBackend(b, url)
		store = postgres.New(conn.db, clock, postgres.DefaultTerms)
		if f, err := os.Open(serverLog); err != nil {
			b.Logf("server log: %v", err)
		} else {
			if _, err := f.Seek(logFrom, io.SeekStart); err == nil {
				fmt.Println("auto_explain of the timed sweep's batches (slowed by the instrumentation):")
				io.Copy(os.Stdout, f)
			}
			f.Close()
		}
	}

	// Putting the swept rows back as they were, for the comparisons below.
	restore := func() {
		restored := mustExec(b, sqldb, `UPDATE advices SET status = 'issued', enforced_at = NULL WHERE status = 'enforced' AND enforced_at = $1`, now)
		mustExec(b, sqldb, `DELETE FROM events WHERE action = 'enforce' AND processed_at = $1`, now)
		mustExec(b, sqldb, `DELETE FROM notices WHERE kind LIKE 'enforced%' AND created_at = $1`, now)
		inPlace := restored == 0 && countRows(b, sqldb, `SELECT count(*) FROM advices WHERE status = 'issued' AND deadline_at <= $1`, now) == overdue
		if restored != int64(overdue) && !inPlace {
			b.Fatalf("restored %d advices, want %d", restored, overdue)
		}
		mustExec(b, sqldb, `VACUUM ANALYZE advices, events, notices`)
	}
	if *flagSweepExplain {
		restore()
		explain(b, sqldb, "sweep batch (on the rows put back)", sweepStatement(b), now, postgres.DefaultSweepBatch,
			postgres.NoticePriority(postgres.NoticeEnforcedComplainant), postgres.NoticePriority(postgres.NoticeEnforcedOrganisation))
		explain(b, sqldb, "bare update (on the rows put back)", bareUpdate, now)
	}

	// Comparisons on the same rows, put back, after the measurement proper: to try a fix before making
	// it. They run in the state the put-back leaves, so compare them with each other (and with a run
	// of the current statement among them), not with the measurement above.
	var compared []string
	if *flagSweepWorkers > 1 {
		restore()
		results := make([]postgres.SweepResult, *flagSweepWorkers)
		errs := make([]error, *flagSweepWorkers)
		var fns []func()
		for i := range results {
			s := postgres.New(openPool(b, url, 1), clock, postgres.DefaultTerms)
			fns = append(fns, func() { results[i], errs[i] = s.Sweep(ctx, 0) })
		}
		start := time.Now()
		together(fns...)
		elapsed := time.Since(start)
		enforced, notices := 0, 0
		for i, r := range results {
			if errs[i] != nil {
				b.Fatalf("concurrent sweep %d: %v", i, errs[i])
			}
			enforced, notices = enforced+r.Enforced, notices+r.Notices
		}
		if enforced != overdue || notices != wantNotices {
			b.Fatalf("%d concurrent sweeps enforced %d and wrote %d notices, want %d and %d", len(results), enforced, notices, overdue, wantNotices)
		}
		compared = append(compared, fmt.Sprintf("%d concurrent sweeps: %.0f advices/s", len(results), float64(enforced)/elapsed.Seconds()))
	}
	for _, file := range strings.Split(*flagSweepStatement, ",") {
		if file == "" {
			continue
		}
		q, err := os.ReadFile(file)
		if err != nil {
			b.Fatal(err)
		}
		restore()
		if *flagSweepExplain {
			explain(b, sqldb, file+" batch", string(q), now, postgres.DefaultSweepBatch)
			mustExec(b, sqldb, `VACUUM ANALYZE advices, events, notices`)
		}
		enforced, notices, batches := 0, 0, 0
		cpu0 := conn.cpu()
		start := time.Now()
		for {
			var e, n int
			if err := conn.db.QueryRowContext(ctx, string(q), now, postgres.DefaultSweepBatch).Scan(&e, &n); err != nil {
				b.Fatalf("%s: %v", file, err)
			}
			enforced, notices, batches = enforced+e, notices+n, batches+1
			if e < postgres.DefaultSweepBatch {
				break
			}
		}
		elapsed, cpu := time.Since(start), conn.cpu()-cpu0
		if enforced != overdue || notices != wantNotices {
			b.Fatalf("%s enforced %d and wrote %d notices, want %d and %d", file, enforced, notices, overdue, wantNotices)
		}
		compared = append(compared, fmt.Sprintf("%s: %.0f advices/s (%.0f per server CPU second) in %d batches",
			filepath.Base(file), float64(enforced)/elapsed.Seconds(), perSecond(enforced, cpu), batches))
	}
	if *flagSweepFK {
		// The same sweep over the same rows, with and then without the foreign keys of events and
		// notices: what their row-by-row checks cost.
		for _, keys := range []string{"with", "without"} {
			if keys == "without" {
				mustExec(b, sqldb, `DO $$ DECLARE r record; BEGIN
					FOR r IN SELECT conrelid::regclass AS t, conname FROM pg_constraint
						WHERE contype = 'f' AND conrelid::regclass::text IN ('events', 'notices') LOOP
						EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.t, r.conname);
					END LOOP; END $$`)
			}
			restore()
			cpu0 := conn.cpu()
			start := time.Now()
			r, err := store.Sweep(ctx, 0)
			elapsed, cpu := time.Since(start), conn.cpu()-cpu0
			if err != nil || r.Enforced != overdue {
				b.Fatalf("sweep %s foreign keys: %+v %v", keys, r, err)
			}
			compared = append(compared, fmt.Sprintf("sweep %s the foreign keys of events and notices: %.0f advices/s (%.0f per server CPU second)",
				keys, float64(r.Enforced)/elapsed.Seconds(), perSecond(r.Enforced, cpu)))
		}
	}
	if len(compared) > 0 {
		fmt.Printf("compared on the same rows: %s\n", strings.Join(compared, "; "))
	}

	sweepRate := float64(res.Enforced) / sweepTime.Seconds()
	bareRate := float64(updated) / bareTime.Seconds()
	ratio := sweepRate / bareRate
	b.ReportMetric(0, "ns/op") // one op is the whole measurement; the metrics below are the result
	b.ReportMetric(sweepRate, "sweep-advices/s")
	b.ReportMetric(bareRate, "bare-update-rows/s")
	b.ReportMetric(ratio, "ratio")
	b.ReportMetric(median, "noop-pass-median-ms")
	b.ReportMetric(p99, "noop-pass-p99-ms")
	b.ReportMetric(first, "noop-pass-first-ms")
	cpuNote := "server CPU time not readable"
	if sweepCPU > 0 && bareCPU > 0 {
		b.ReportMetric(perSecond(res.Enforced, sweepCPU), "sweep-advices/cpu-s")
		b.ReportMetric(perSecond(int(updated), bareCPU), "bare-update-rows/cpu-s")
		cpuNote = fmt.Sprintf("server CPU: sweep %v (%.0f advices per CPU second, %.0f%% of its wall time), bare update %v (%.0f rows per CPU second)",
			sweepCPU, perSecond(res.Enforced, sweepCPU), 100*sweepCPU.Seconds()/sweepTime.Seconds(), bareCPU, perSecond(int(updated), bareCPU))
	}
	verdict := func(ok bool) string {
		if ok {
			return "met"
		}
		return "NOT met"
	}
	fmt.Printf("sweep: %d advices enforced with %d events and %d notices in %v (%d batches): %.0f advices/s (goal >= %.0f: %s); "+
		"bare update of the same rows %.0f rows/s; ratio %.2f (the sweep takes %.1fx the bare update); %s; "+
		"no-op pass median %.2f ms, p99 %.2f ms over %d more (goal < %.0f ms: %s), "+
		"the first after the sweep %.1f ms; %d advices in the table, loaded in %v\n",
		res.Enforced, res.Enforced, res.Notices, sweepTime.Round(time.Millisecond), res.Batches, sweepRate, goalSweepRate,
		verdict(sweepRate >= goalSweepRate), bareRate, ratio, 1/ratio, cpuNote, median, p99, noopPasses, goalNoopMs,
		verdict(p99 < goalNoopMs), first, total, load.Round(time.Second))
}

// backend is a pool of one connection, so one server process, whose CPU time can be read.
type backend struct {
	db  *sqlx.DB
	pid int
}

func newBackend(b *testing.B, url string) *backend {
	b.Helper()
	c := &backend{db: openPool(b, url, 1)}
	if err := c.db.Get(&c.pid, `SELECT pg_backend_pid()`); err != nil {
		b.Fatal(err)
	}
	return c
}

// cpu returns the user and system time the server process has used, or 0 when it cannot be read
// (a server on another machine, or not Linux).
func (c *backend) cpu() time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", c.pid))
	if err != nil {
		return 0
	}
	// Fields after the command name in parentheses: state is the first, utime the 12th, stime the 13th.
	f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	const clockTicks = 100 // USER_HZ, 100 on every Linux there is
	return time.Duration(utime+stime) * time.Second / clockTicks
}

func perSecond(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// bareUpdate is the least any sweep must do: the compare-and-set of the status alone.
const bareUpdate = `UPDATE advices SET status = 'enforced', enforced_at = $1 WHERE status = 'issued' AND deadline_at <= $1`

// timePass runs one sweep pass that must find nothing to do and returns its duration in ms.
func timePass(b *testing.B, store *postgres.DB) float64 {
	b.Helper()
	start := time.Now()
	res, err := store.Sweep(context.Background(), 0)
	ms := float64(time.Since(start).Microseconds()) / 1000
	if err != nil || res.Enforced != 0 {
		b.Fatalf("a pass with nothing to do: %+v %v", res, err)
	}
	return ms
}

// percentile returns the nearest-rank p-quantile of sorted.
func percentile(sorted []float64, p float64) float64 {
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func mustExec(b *testing.B, db *sqlx.DB, query string, args ...any) int64 {
	b.Helper()
	r, err := db.Exec(query, args...)
	if err != nil {
		b.Fatalf("%s: %v", strings.Join(strings.Fields(query), " "), err)
	}
	n, _ := r.RowsAffected()
	return n
}

// sweepStatement reads the sweep's SQL from sweep.go, so that the plan logged is the one that runs.
func sweepStatement(b *testing.B) string {
	b.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "sweep.go", nil, 0)
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			v := s.(*ast.ValueSpec)
			if len(v.Names) == 1 && v.Names[0].Name == "sweepSQL" && len(v.Values) == 1 {
				if lit, ok := v.Values[0].(*ast.BasicLit); ok {
					q, err := strconv.Unquote(lit.Value)
					if err != nil {
						b.Fatal(err)
					}
					return q
				}
			}
		}
	}
	b.Fatal("const sweepSQL not found in sweep.go")
	return ""
}

// explain logs EXPLAIN (ANALYZE, BUFFERS) of query, run in a transaction that is rolled back.
func explain(b *testing.B, db *sqlx.DB, what, query string, args ...any) {
	b.Helper()
	tx, err := db.Beginx()
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	var plan []string
	if err := tx.Select(&plan, `EXPLAIN (ANALYZE, BUFFERS) `+query, args...); err != nil {
		b.Fatalf("explain %s: %v", what, err)
	}
	// Printed, not logged: the benchmark log is cut at a few lines.
	fmt.Printf("EXPLAIN ANALYZE %s:\n%s\n", what, strings.Join(plan, "\n"))
}

// copyDatabase closes pools (every connection to the database at url) and makes a copy of that
// database, file by file; it returns the copy's URL. The copy is dropped when the benchmark ends.
func copyDatabase(b *testing.B, url string, pools ...*sqlx.DB) string {
	b.Helper()
	for _, p := range pools {
		p.Close()
	}
	admin := openPool(b, pgtest.NewURL(b), 1)
	p, err := neturl.Parse(url)
	if err != nil {
		b.Fatal(err)
	}
	source := strings.TrimPrefix(p.Path, "/")
	name := source + "_twin"
	b.Cleanup(func() { admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`) })
	mustExec(b, admin, `CREATE DATABASE `+name+` TEMPLATE `+source+` STRATEGY FILE_COPY`)
	return pgtest.WithDatabase(url, name)
}

// setDatabase runs ALTER DATABASE on the current database with each of settings.
func setDatabase(b *testing.B, db *sqlx.DB, settings ...string) {
	b.Helper()
	var name string
	if err := db.Get(&name, `SELECT quote_ident(current_database())`); err != nil {
		b.Fatal(err)
	}
	for _, s := range settings {
		mustExec(b, db, `ALTER DATABASE `+name+` `+s)
	}
}
