package loadtest_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/replicas"
)

var (
	flagReplicaClients = flag.Int("loadtest.replica-clients", 32, "concurrent clients in BenchmarkIntakeReplicas")
	flagReplicaCycles  = flag.Int("loadtest.replica-cycles", 4, "cycles of one round per configuration in BenchmarkIntakeReplicas, per b.N")
)

// goalProxyRatio is the goal: HAProxy costs under 15% of the intake rate at one replica.
const goalProxyRatio = 0.85

// cpuGroups are the processes whose CPU time BenchmarkIntakeReplicas reports, in print order.
var cpuGroups = []string{"r1", "r2", "r3", "haproxy", "postgres", "clients"}

// layout is one way of serving intake: its URL, and what it measured.
type layout struct {
	side
	url  string
	cpu  map[string]time.Duration // CPU time per group over the measured rounds
	xids int64                    // PostgreSQL write transactions over the measured rounds
	wal  int64                    // and the WAL they wrote, in bytes
}

// BenchmarkIntakeReplicas measures resident intake over HTTP on the real binary at 32 clients, three
// ways in one run: one replica directly, the same replica through HAProxy, and three replicas
// through HAProxy, in rounds that take turns so that drift falls on all alike. Each client comes
// from a loopback address of its own (replicas.Resident), as residents do. Every replica runs
// with a pool of 16 connections and its background jobs held back (no letters are rendered while
// measuring). Besides rates and p99s it reports where the time goes: CPU seconds of each meldpunt
// process, HAProxy, the PostgreSQL server processes and the benchmark's own clients, from
// /proc/PID/stat, and PostgreSQL write transactions and WAL, per intake.
func BenchmarkIntakeReplicas(b *testing.B) {
	ctx := b.Context()
	clients := *flagReplicaClients
	dbURL := pgtest.NewURL(b)
	sqldb, err := postgres.Open(ctx, dbURL, 2)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { sqldb.Close() })
	store := postgres.New(sqldb, time.Now, postgres.DefaultTerms)
	var orgs []int64
	for i, kind := range []casework.OrgKind{casework.OrgMunicipality, casework.OrgDistrictTeam,
		casework.OrgCareProvider, casework.OrgYouthCare, casework.OrgHousing, casework.OrgClientSupport} {
		o, err := store.CreateOrganisation(ctx, casework.Organisation{
			Name: fmt.Sprintf("Organisatie %d (%s)", i+1, kind), Kind: kind, Email: fmt.Sprintf("klachten%d@example.nl", i+1)})
		if err != nil {
			b.Fatal(err)
		}
		orgs = append(orgs, o.ID)
	}
	var bodies [][]byte
	for _, in := range intakes(orgs) {
		body, err := json.Marshal(in)
		if err != nil {
			b.Fatal(err)
		}
		bodies = append(bodies, body)
	}

	set := replicas.Start(b, replicas.Options{DatabaseURL: dbURL, Replicas: 3, Env: []string{
		"MELDPUNT_DB_MAX_CONNS=16",
		"MELDPUNT_INTAKE_LIMIT=100000", // each client files a few hundred complaints
		"MELDPUNT_SWEEP_SCHEDULE=@every 1h",
		"MELDPUNT_DISPATCH_SCHEDULE=@every 1h",
		"MELDPUNT_REMINDER_SCHEDULE=@every 1h",
	}})
	one, three := set.Proxy(0), set.Proxy()
	layouts := []*layout{
		{side: side{name: "one replica, direct"}, url: set.Replicas[0].URL()},
		{side: side{name: "one replica, HAProxy"}, url: one.URL},
		{side: side{name: "three replicas, HAProxy"}, url: three.URL},
	}
	// Each client is a resident at an address of its own, with its own keep-alive connections.
	residents := make([]*http.Client, clients)
	for c := range residents {
		residents[c] = replicas.Resident(c)
		b.Cleanup(residents[c].CloseIdleConnections)
	}
	oneOf := func(l *layout) func(c, seq int) bool {
		endpoint := l.url + "/api/v1/complaints"
		return func(c, seq int) bool {
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(bodies[(c+seq)%len(bodies)]))
			if err != nil {
				l.fail(err.Error())
				return false
			}
			req.Header.Set("Content-Type", "application/json")
			resp, err := residents[c].Do(req)
			if err != nil {
				l.fail(err.Error())
				return false
			}
			answer, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusCreated {
				l.fail(fmt.Sprintf("status %d: %s %v", resp.StatusCode, answer, err))
				return false
			}
			return true
		}
	}

	// The processes to watch: the replicas, the two HAProxies, the benchmark, and every PostgreSQL
	// server process (pg_stat_activity lists the background processes too; the replicas' pools are
	// open after the warm-up).
	for _, l := range layouts {
		l.cpu = map[string]time.Duration{}
		run(clients, time.Second, oneOf(l))
		if f := l.failures.Load(); f > 0 {
			b.Fatalf("warm-up of %s: %d intakes failed; first: %s", l.name, f, firstErr(&l.side))
		}
	}
	pids := map[string][]int{"r1": {set.Replicas[0].PID()}, "r2": {set.Replicas[1].PID()}, "r3": {set.Replicas[2].PID()},
		"haproxy": {one.PID(), three.PID()}, "clients": {os.Getpid()}}
	var pg []int
	if err := sqldb.Select(&pg, `SELECT pid FROM pg_stat_activity`); err != nil {
		b.Fatal(err)
	}
	pids["postgres"] = pg
	sample := func() map[string]time.Duration {
		out := map[string]time.Duration{}
		for group, list := range pids {
			for _, pid := range list {
				if d, ok := replicas.CPU(pid); ok {
					out[group] += d
				}
			}
		}
		return out
	}
	// Write transactions are counted by transaction ids handed out (xact_commit in pg_stat_database
	// lags: a backend publishes its counters up to ten seconds after it went idle); WAL by its
	// position.
	writes := func() (xids, wal int64) {
		if err := sqldb.QueryRow(`SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint,
			pg_current_wal_lsn() - '0/0'::pg_lsn`).Scan(&xids, &wal); err != nil {
			b.Fatal(err)
		}
		return xids, wal
	}

	orders := [][]int{{0, 1, 2}, {2, 1, 0}, {1, 2, 0}, {0, 2, 1}, {2, 0, 1}, {1, 0, 2}}
	var rounds []string
	b.ResetTimer()
	for cycle := range *flagReplicaCycles * b.N {
		for _, i := range orders[cycle%len(orders)] {
			l := layouts[i]
			cpu0 := sample()
			xid0, wal0 := writes()
			r := run(clients, *flagRound, oneOf(l))
			cpu1 := sample()
			xid1, wal1 := writes()
			l.add(r)
			for g := range cpu1 {
				l.cpu[g] += cpu1[g] - cpu0[g]
			}
			l.xids += xid1 - xid0
			l.wal += wal1 - wal0
			rounds = append(rounds, fmt.Sprintf("%d:%.0f", i+1, float64(r.n)/r.elapsed.Seconds()))
		}
	}
	b.StopTimer()
	for _, l := range layouts {
		if f := l.failures.Load(); f > 0 {
			b.Errorf("%s: %d intakes failed; first: %s", l.name, f, firstErr(&l.side))
		}
	}
	if b.Failed() {
		return
	}

	load, _ := os.ReadFile("/proc/loadavg")
	direct := layouts[0].rate()
	b.ReportMetric(0, "ns/op")
	var table strings.Builder
	fmt.Fprintf(&table, "intake at %d clients, %d rounds of %v per layout (rounds as layout:rate, in order: %s)\n",
		clients, *flagReplicaCycles*b.N, *flagRound, strings.Join(rounds, " "))
	fmt.Fprintf(&table, "%-24s %9s %6s %8s %8s  CPU ms per intake: %s  writes/intake  WAL KB/intake  CPU used of %d cores\n", "layout",
		"intakes/s", "ratio", "p50 ms", "p99 ms", strings.Join(cpuGroups, " "), runtime.NumCPU())
	for i, l := range layouts {
		slices.Sort(l.latencies)
		ratio := l.rate() / direct
		key := []string{"direct", "haproxy1", "haproxy3"}[i]
		b.ReportMetric(l.rate(), key+"-intakes/s")
		b.ReportMetric(percentile(l.latencies, 0.99), key+"-p99-ms")
		if i > 0 {
			b.ReportMetric(ratio, key+"-ratio")
		}
		var cpu []string
		var total time.Duration
		for _, g := range cpuGroups {
			cpu = append(cpu, fmt.Sprintf("%s %.2f", g, msPer(l.cpu[g], l.n)))
			total += l.cpu[g]
		}
		fmt.Fprintf(&table, "%-24s %9.0f %6.2f %8.1f %8.1f  %s (all %.2f)  %.2f  %.1f  %.0f%%\n", l.name, l.rate(), ratio,
			percentile(l.latencies, 0.50), percentile(l.latencies, 0.99), strings.Join(cpu, ", "), msPer(total, l.n),
			float64(l.xids)/float64(l.n), float64(l.wal)/1024/float64(l.n), 100*total.Seconds()/l.elapsed.Seconds()/float64(runtime.NumCPU()))
	}
	verdict := "met"
	if layouts[1].rate()/direct < goalProxyRatio {
		verdict = "NOT met"
	}
	fmt.Fprintf(&table, "HAProxy at one replica: %.1f%% of the direct rate (goal: at least %.0f%%: %s); three replicas: %.2fx one; "+
		"load average at the end (the machine is shared): %s\n", 100*layouts[1].rate()/direct, 100*goalProxyRatio, verdict,
		layouts[2].rate()/direct, strings.TrimSpace(string(load)))
	var rss []string
	for _, r := range set.Replicas {
		rss = append(rss, fmt.Sprintf("%s %.0f MB", r.Name, float64(replicas.RSS(r.PID()))/(1<<20)))
	}
	fmt.Fprintf(&table, "resident memory of the replicas at the end: %s; HAProxy %.0f MB\n", strings.Join(rss, ", "),
		float64(replicas.RSS(three.PID()))/(1<<20))
	fmt.Print(table.String())
}

// msPer returns d in milliseconds per one of n.
func msPer(d time.Duration, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(d) / float64(time.Millisecond) / float64(n)
}
