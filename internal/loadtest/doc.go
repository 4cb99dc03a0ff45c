// Package loadtest holds load benchmarks of the meldpunt; it has no code of its own, only tests.
//
// BenchmarkStaffPages (pages_bench_test.go) measures the staff's worklist and case page with
// 100,000 complaints in the database against the JSON routes that serve the same data, in the same
// alternating rounds as below: `make bench` prints both rates, the p99 latencies and the ratio.
//
// BenchmarkWorklistCounts (worklist_bench_test.go) measures the worklist's counts alone
// (store.WorkCounts, one statement) in the same database as BenchmarkStaffPages, which also holds
// what the newer counts count (seedWorklist: hearings this week, unread answers, letters without an
// address): 100 calls one at a time of the counts, of today's worklist (store.WorkList), of the
// watch (store.Watch), of a page of a list and of two searches (part of a name, part of a
// reference); then the counts from 16 clients in alternating rounds against today's worklist and
// against the watch. It prints p50/p99 per call, both rates and their ratio.
//
// BenchmarkDirectory (directory_bench_test.go) measures the public directory of client supporters,
// /ondersteuning, on a pool of 500 with three filters (a life domain, a language, a channel; every
// combination in turn) against GET /api/v1/supporters with the same filters, anonymous on both
// sides, after checking that both find the same supporters for every combination.
//
// BenchmarkDestruction (destruction_bench_test.go) measures the destruction of case files (issue 13,
// DOMAIN.md §8). It seeds 1,000,000 complaints in plain SQL, of which 100,000 are due (handled ones
// closed 5 years ago and more, inadmissible or withdrawn ones 1 year ago and more; the trigger of
// migration 00021 sets their destruction day), each with its organisation, four or five events, one
// or two letters with a PDF of 20–32 KB of random bytes (stored in TOAST like a real one), three
// access-log rows, and for a handled case a hearing, its invitation, an advice and sometimes a
// postponement; every due case has an informal representative. The others have fewer rows of each
// kind. The admin approves the 100,000 in one list (store.ApproveDestruction, timed on its own);
// the database is then copied (CREATE DATABASE … TEMPLATE, a file copy). On the original the
// intake (POST /api/v1/complaints on a real server, 4 clients) runs for 20 s without destruction,
// then the destroyer starts (store.DestroyApproved in batches of 500, one after another, as the
// service runs it) and the intake runs again until the destruction ends or 20 s have passed; the
// destroyer goes on until every case is destroyed. On the copy the same rows are removed and
// blanked by plain set-based SQL, one statement per table over a temporary table of the 100,000
// ids, in one transaction. Both databases are then checked: nothing is left of the due files, and
// the other cases keep the same rows. It prints both rates (cases per second, the destroyer's over
// its whole run, intake included), their ratio (goal: at least 1/3), the approval's time and the
// intake's p99 without and during the destruction with their ratio (goal: at most 2). Flags:
// -destruction.complaints, -destruction.due, -destruction.batch, -destruction.intake,
// -destruction.clients, and -destruction.drop-indexes NAME,... to drop indexes first (to see what migration 00026 brings).
//
// BenchmarkIntake measures intake, POST /api/v1/complaints, against the same database work done
// directly, in one run on one fresh database, and prints both rates, their ratio and latencies.
// `make bench` runs it as
//
//	go test -run '^$' -bench '^BenchmarkIntake$' -benchtime 1x -count 1 ./internal/loadtest/
//
// BenchmarkIntakeReplicas (replicas_bench_test.go) measures the same intake on the real binary at
// 32 clients, three ways in one run: one `meldpunt serve` directly, the same replica through HAProxy,
// and three replicas through HAProxy (internal/replicas starts them), in rounds that take turns
// (1 2 3, 3 2 1, 2 3 1, …). It prints each layout's rate, p50 and p99, its ratio to the direct rate
// (the goal: HAProxy costs under 15% at one replica), and where the time goes: CPU milliseconds per
// intake of each replica, HAProxy, the PostgreSQL server processes and the benchmark's own clients
// (/proc/PID/stat), PostgreSQL write transactions and WAL per intake, and the share of the
// machine's cores all of them used. Every replica has a pool of 16 and its background jobs held
// back. Flags: -loadtest.replica-clients (32), -loadtest.replica-cycles (4 rounds per layout),
// -loadtest.round (2s); the defaults take about 45 seconds.
//
// # What is compared
//
// The HTTP side is the real stack: a net/http server (httptest.NewServer) running web.New's handler
// with a discarding logger and web.DefaultConfig, and 16 client goroutines, each posting one intake
// after another through one shared keep-alive http.Client, and checking that every answer is 201.
//
// The direct side calls store.FileComplaint on the same *postgres.DB with the same intakes, from
// 16 goroutines as well. That is the honest "direct SQL" baseline: the same statements (organisation
// check, equated days, INSERT complaint, INSERT complaint_organisations, INSERT event, in one
// transaction) issued by the same Go code, including normalisation, validation, term arithmetic and
// tracking-code hashing. The difference between the two sides is therefore exactly what the HTTP
// layer adds: the net/http server and client, gin routing and middleware (request id, metrics,
// request log, recoverer), strict JSON decoding of the body and encoding of the receipt. Re-issuing
// the statements by hand would also leave out FileComplaint's own Go work and so charge it to HTTP.
//
// Both sides share one connection pool of 16 connections (postgres.Open(ctx, url, 16)), so pool
// size, warm connections and server-side caches are identical.
//
// # Fairness on a noisy machine
//
// The sides run in alternating rounds of fixed duration, in the order SQL HTTP HTTP SQL SQL HTTP …,
// so that drift in machine load and table growth falls on both sides alike. Each round is preceded
// by a garbage collection, and one untimed warm-up round per side comes first. A side's rate is its
// intakes divided by its summed round time; latencies are per request, measured by the client
// (for HTTP, until the response body is read).
//
// Note that the 16 HTTP clients run in the same process and on the same cores as the server and
// PostgreSQL: the client's own cost (net/http transport) is part of the HTTP side's figure, as it
// would be for any load generator on the same machine.
//
// # Knobs
//
// -benchtime Nx multiplies the number of round pairs by N (for N > 1 go test first makes one probe
// run with N = 1; the default -benchtime 1s also runs it just once, as one run exceeds 1s). Flags for the test binary, after -args:
// -loadtest.pairs (round pairs, default 8), -loadtest.round (round duration, default 2s),
// -loadtest.clients (concurrent clients, default 16), -loadtest.pool (pool size, default 16).
// The defaults take about 40 seconds.
package loadtest
