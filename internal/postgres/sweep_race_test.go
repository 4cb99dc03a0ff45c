package postgres_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"meldpunt/internal/casework"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

// The tests in this file hold the sweep to DOMAIN.md §4, "exactly one outcome": a response racing
// the sweep at the deadline instant, three sweepers at once (connections and processes), and the
// catch-up after days of downtime. They need thousands of advices, so they write them with
// set-based SQL (seedAdvices) rather than through the store one ruling at a time.

// seedSpec describes complaints and advices written straight with SQL. The columns mirror what
// FileComplaint, TakeUp and Rule write: a complaint in status advised with a founded ruling, and one
// advice per addressed organisation.
type seedSpec struct {
	// Organisations are created first; Complaints are filed about the first PerComplaint of them,
	// each getting one advice per organisation. Every other complaint (the odd ordinals) names a
	// supporter; every fifth is in English.
	Organisations, Complaints, PerComplaint int
	// Received is when every complaint came in (it only has to precede the advices).
	Received time.Time
	// Deadline and Status are SQL expressions for an advice's deadline_at and status over n (the
	// advice's 0-based ordinal, complaint-major: n = ci*PerComplaint + oi), ci (the complaint's
	// ordinal) and the parameters Args ($1, …). Final statuses get the columns their transition sets.
	Deadline, Status string
	Args             []any
	// History also writes what the store writes around an advice: the issue event and the
	// advice_issued letter (already sent), the event of a final status, and closes complaints whose
	// every advice is final.
	History bool
	// Bulk drops the secondary indexes and foreign keys of the tables it loads for the load
	// and builds them again after it.
	Bulk bool
	// Logf, when set, is told how long each step took.
	Logf func(format string, args ...any)
}

// seedAdvices writes s into the empty database behind db.
func seedAdvices(ctx context.Context, db *sqlx.DB, s seedSpec) error {
	k := strconv.Itoa(s.PerComplaint)
	type step struct {
		what  string
		query string
		args  []any
	}
	steps := []step{
		{"organisations", `
			INSERT INTO organisations (name, kind, email, street, postcode, city, created_at)
			SELECT 'Organisatie ' || g, (ARRAY['municipality', 'district_team', 'care_provider', 'youth_care'])[1 + g % 4],
				'advies' || g || '@org.example', 'Postbus ' || g, '2000 AA', 'Haarlem', $1
			FROM generate_series(1, $2::int) g`, []any{s.Received, s.Organisations}},
		{"complaints", `
			INSERT INTO complaints (reference, tracking_hash, status, channel, language, received_at, handling_last_day,
				handling_deadline_at, complainant_name, complainant_email, complainant_street, complainant_postcode,
				complainant_city, supporter_name, supporter_email, supporter_street, supporter_postcode, supporter_city,
				supporter_consent, grounds, life_domains, summary, verdict, findings, conclusions, ruled_at, received_on,
				inadmissibility_last_day)
			SELECT 'MP-' || to_char($1::timestamptz AT TIME ZONE 'Europe/Amsterdam', 'YYYY') || '-' || lpad(s::text, greatest(6, length(s::text)), '0'),
				sha256(('tracking code ' || g)::bytea), 'advised', 'web', CASE WHEN g % 5 = 0 THEN 'en' ELSE 'nl' END,
				$1, ($1::timestamptz AT TIME ZONE 'Europe/Amsterdam')::date + 42, $1::timestamptz + interval '43 days',
				'Cliënt ' || g, 'client' || g || '@x.example', 'Kruisweg ' || g, '2011 LA', 'Haarlem',
				CASE WHEN g % 2 = 1 THEN 'Ondersteuner ' || g ELSE '' END,
				CASE WHEN g % 2 = 1 THEN 'ondersteuner' || g || '@x.example' ELSE '' END,
				CASE WHEN g % 2 = 1 THEN 'Zijlweg ' || g ELSE '' END, CASE WHEN g % 2 = 1 THEN '2013 DK' ELSE '' END,
				CASE WHEN g % 2 = 1 THEN 'Haarlem' ELSE '' END, g % 2 = 1,
				ARRAY['solution'], ARRAY['work'], 'Het re-integratietraject past niet bij wat ik kan.', 'founded',
				'De organisatie heeft het plan niet afgestemd.', 'De klacht is gegrond.', $1::timestamptz + interval '20 days',
				($1::timestamptz AT TIME ZONE 'Europe/Amsterdam')::date, ($1::timestamptz AT TIME ZONE 'Europe/Amsterdam')::date + 28
			FROM (SELECT g, nextval('complaint_number_seq') AS s FROM generate_series(0, $2::int - 1) g) x
			ORDER BY g`, []any{s.Received, s.Complaints}},
		{"complaint organisations", `
			INSERT INTO complaint_organisations (complaint_id, organisation_id)
			SELECT c.id, o.id FROM complaints c CROSS JOIN (SELECT id FROM organisations ORDER BY id LIMIT ` + strconv.Itoa(s.PerComplaint) + `) o`, nil},
		{"advices", `
			INSERT INTO advices (complaint_id, organisation_id, text, status, issued_at, respond_by, deadline_at, responded_at,
				rejection_reasons, rejection_ground, enforced_at, executed_at, execution_note)
			SELECT complaint_id, organisation_id, 'Pas het plan aan op wat de klager kan.', st, dl - interval '15 days',
				((dl AT TIME ZONE 'Europe/Amsterdam') - interval '1 day')::date, dl,
				CASE WHEN st IN ('accepted', 'rejected') OR (st = 'executed' AND n % 2 = 0) THEN dl - interval '3 days' END,
				CASE WHEN st = 'rejected' THEN 'Wij wijzen het advies af omdat de voorziening al op een andere manier is geregeld.' ELSE '' END,
				CASE WHEN st = 'rejected' THEN 'already_remedied' ELSE '' END,
				CASE WHEN st = 'enforced' OR (st = 'executed' AND n % 2 = 1) THEN dl + interval '30 seconds' END,
				CASE WHEN st = 'executed' THEN dl + interval '20 days' END,
				CASE WHEN st = 'executed' THEN 'Het plan is aangepast.' ELSE '' END
			FROM (
				SELECT complaint_id, organisation_id, n, (` + s.Deadline + `)::timestamptz AS dl, (` + s.Status + `)::text AS st
				FROM (
					SELECT c.id AS complaint_id, o.id AS organisation_id, c.ci, c.ci * ` + k + ` + o.oi AS n
					FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS ci FROM complaints) c
					CROSS JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS oi FROM organisations ORDER BY id LIMIT ` + k + `) o
				) x
			) y
			ORDER BY n`, s.Args},
		{"events", `
			INSERT INTO events (complaint_id, advice_id, action, from_status, to_status, actor_role, actor_name,
				effective_at, processed_at, reason)
			SELECT complaint_id, id, 'issue', '', 'issued', 'staff', 'Medewerker', issued_at, issued_at,
				'respond by ' || respond_by
			FROM advices
			UNION ALL
			SELECT complaint_id, id, m.action, m.from_status, status, m.role, m.role, m.at, m.at, rejection_reasons
			FROM advices, LATERAL (SELECT
				CASE status WHEN 'accepted' THEN 'accept' WHEN 'rejected' THEN 'reject' WHEN 'enforced' THEN 'enforce'
					ELSE 'confirm_execution' END AS action,
				CASE status WHEN 'executed' THEN CASE WHEN enforced_at IS NULL THEN 'accepted' ELSE 'enforced' END
					ELSE 'issued' END AS from_status,
				CASE status WHEN 'enforced' THEN 'system' ELSE 'organisation' END AS role,
				coalesce(executed_at, enforced_at, responded_at) AS at) m
			WHERE status <> 'issued'`, nil},
		{"notices", `
			INSERT INTO notices (complaint_id, advice_id, kind, recipient, organisation_id, dedupe_key, language, name,
				email, street, postcode, city, created_at, status, attempts, next_attempt_at, sent_at)
			SELECT a.complaint_id, a.id, 'advice_issued', 'organisation', o.id, 'advice:' || a.id || ':organisation:' || o.id,
				'nl', o.name, o.email, o.street, o.postcode, o.city, a.issued_at, 'sent', 1, a.issued_at, a.issued_at
			FROM advices a JOIN organisations o ON o.id = a.organisation_id`, nil},
		{"closed complaints", `
			UPDATE complaints c SET status = 'closed', closed_at = x.at
			FROM (SELECT complaint_id, max(coalesce(executed_at, responded_at)) AS at FROM advices GROUP BY complaint_id
				HAVING bool_and(status IN ('rejected', 'executed'))) x
			WHERE c.id = x.complaint_id`, nil},
	}
	if !s.History {
		steps = steps[:4]
	}
	var restore []string
	if s.Bulk {
		// Loading into tables without their secondary indexes and foreign keys, and then building
		// them, is several times faster than maintaining them row by row. The definitions come from
		// the catalog, so what is rebuilt is exactly what the migrations made.
		if err := db.SelectContext(ctx, &restore, `
			SELECT format('ALTER TABLE %I ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
			FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text IN ('complaints', 'complaint_organisations', 'advices', 'events', 'notices')
			UNION ALL
			SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
			WHERE i.indrelid::regclass::text IN ('complaints', 'complaint_organisations', 'advices', 'events', 'notices')
				AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`); err != nil {
			return fmt.Errorf("seed: read the schema: %w", err)
		}
		if _, err := db.ExecContext(ctx, `DO $$ DECLARE r record; BEGIN
			FOR r IN SELECT conrelid::regclass AS t, conname FROM pg_constraint
				WHERE contype = 'f' AND conrelid::regclass::text IN ('complaints', 'complaint_organisations', 'advices', 'events', 'notices') LOOP
				EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.t, r.conname);
			END LOOP;
			FOR r IN SELECT i.indexrelid::regclass AS i FROM pg_index i
				WHERE i.indrelid::regclass::text IN ('complaints', 'complaint_organisations', 'advices', 'events', 'notices')
					AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) LOOP
				EXECUTE format('DROP INDEX %s', r.i);
			END LOOP; END $$`); err != nil {
			return fmt.Errorf("seed: drop indexes and foreign keys: %w", err)
		}
	}
	for _, st := range steps {
		start := time.Now()
		if _, err := db.ExecContext(ctx, st.query, st.args...); err != nil {
			return fmt.Errorf("seed %s: %w", st.what, err)
		}
		if s.Logf != nil {
			s.Logf("seed %s: %v", st.what, time.Since(start).Round(time.Millisecond))
		}
	}
	start := time.Now()
	for _, q := range restore {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("seed: %s: %w", q, err)
		}
	}
	if s.Logf != nil && s.Bulk {
		s.Logf("seed: rebuild %d indexes and foreign keys: %v", len(restore), time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// openPool opens a connection pool of its own to the database at url, closed when the test ends.
func openPool(tb testing.TB, url string, conns int) *sqlx.DB {
	tb.Helper()
	db, err := postgres.Open(context.Background(), url, conns)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// together runs every fn in its own goroutine and releases them at once through a barrier.
func together(fns ...func()) {
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ready.Add(len(fns))
	done.Add(len(fns))
	for _, fn := range fns {
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			fn()
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
}

// spin busy-waits for d: time.Sleep is too coarse to place two requests microseconds apart.
func spin(d time.Duration) {
	if d <= 0 {
		return
	}
	for end := time.Now().Add(d); time.Now().Before(end); {
		runtime.Gosched()
	}
}

func countRows(tb testing.TB, db *sqlx.DB, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := db.GetContext(context.Background(), &n, query, args...); err != nil {
		tb.Fatalf("%s: %v", strings.Join(strings.Fields(query), " "), err)
	}
	return n
}

const rejectionReasons = "Wij wijzen het advies af omdat de gevraagde voorziening al op een andere manier is geregeld."

// TestSweepRaceWithResponseAtDeadline races, for each of 512 advices, a response the organisation
// sends a few microseconds before the deadline instant against a sweep that runs at that instant or
// just after. Whichever takes the advice row first must win and the other must be refused cleanly:
// one final state, one terminal event, one set of letters.
func TestSweepRaceWithResponseAtDeadline(t *testing.T) {
	const complaints, perComplaint = 256, 2
	ctx := context.Background()
	url := pgtest.NewURL(t)
	respSQL, sweepSQL := openPool(t, url, 2), openPool(t, url, 2)
	// The first deadline is 2026-11-24 00:00 Amsterdam; advice n's is n minutes later, so the sweep of
	// race n sees only advice n (those before it are settled, those after it not yet due).
	first := time.Date(2026, 11, 24, 0, 0, 0, 0, term.Amsterdam())
	if err := seedAdvices(ctx, respSQL, seedSpec{Organisations: perComplaint, Complaints: complaints, PerComplaint: perComplaint,
		Received: first.AddDate(0, -2, 0), Deadline: `$1::timestamptz + n * interval '1 minute'`, Status: `'issued'`,
		Args: []any{first}, History: true}); err != nil {
		t.Fatal(err)
	}
	var advices []struct {
		ID        int64     `db:"id"`
		Complaint int64     `db:"complaint_id"`
		Org       int64     `db:"organisation_id"`
		Deadline  time.Time `db:"deadline_at"`
		Supporter bool      `db:"supporter"`
		Ordinal   int       `db:"ordinal"`
	}
	if err := respSQL.SelectContext(ctx, &advices, `
		SELECT a.id, a.complaint_id, a.organisation_id, a.deadline_at, c.supporter_name <> '' AS supporter,
			dense_rank() OVER (ORDER BY c.id) - 1 AS ordinal
		FROM advices a JOIN complaints c ON c.id = a.complaint_id ORDER BY a.deadline_at`); err != nil {
		t.Fatal(err)
	}
	if len(advices) != complaints*perComplaint {
		t.Fatalf("%d advices seeded, want %d", len(advices), complaints*perComplaint)
	}

	respClock, sweepClock := pgtest.NewClock(first), pgtest.NewClock(first)
	responder := postgres.New(respSQL, respClock.Now, postgres.DefaultTerms)
	sweeper := postgres.New(sweepSQL, sweepClock.Now, postgres.DefaultTerms)

	type race struct {
		action          casework.AdviceAction
		respAt, sweepAt time.Time
		respErr         error
		respSpan        [2]time.Time // when the response call started and returned
		sweepSpan       [2]time.Time
		swept           postgres.SweepResult
		sweepErr        error
	}
	races := make([]race, len(advices))
	// Who reaches the row first depends on the scheduler and the network; skew delays one side so
	// that both win often. It adapts: each win of one side moves it a step in that side's disfavour,
	// so it settles where the two are even, whatever the machine. Jitter spreads the start times.
	const step, jitter = 50 * time.Microsecond, 400 * time.Microsecond
	var skew, minSkew, maxSkew time.Duration
	rng := rand.New(rand.NewPCG(20261124, uint64(time.Now().UnixNano())))
	start := time.Now()
	for i, a := range advices {
		r := &races[i]
		r.action = casework.AdviceActionAccept
		if a.Ordinal%2 == 1 {
			r.action = casework.AdviceActionReject
		}
		// On time by 1–50 µs when the response reads its clock (after it holds the row); the sweep at
		// the deadline instant or up to 20 µs after it.
		r.respAt = a.Deadline.Add(-time.Duration(1+rng.IntN(50)) * time.Microsecond)
		r.sweepAt = a.Deadline.Add(time.Duration(rng.IntN(21)) * time.Microsecond)
		respClock.Set(r.respAt)
		sweepClock.Set(r.sweepAt)
		d := skew + time.Duration(rng.Int64N(int64(2*jitter)+1)) - jitter
		org := casework.Actor{Role: casework.RoleOrganisation, OrganisationID: a.Org}
		together(func() {
			spin(d)
			r.respSpan[0] = time.Now()
			defer func() { r.respSpan[1] = time.Now() }()
			if r.action == casework.AdviceActionAccept {
				_, r.respErr = responder.AcceptAdvice(ctx, org, a.ID, casework.AnswerReceipt{})
			} else {
				_, r.respErr = responder.RejectAdvice(ctx, org, a.ID, casework.Rejection{Reasons: rejectionReasons}, casework.AnswerReceipt{})
			}
		}, func() {
			spin(-d)
			r.sweepSpan[0] = time.Now()
			r.swept, r.sweepErr = sweeper.Sweep(ctx, 0)
			r.sweepSpan[1] = time.Now()
		})
		if r.respErr == nil {
			skew += step
		} else {
			skew -= step
		}
		minSkew, maxSkew = min(minSkew, skew), max(maxSkew, skew)
	}
	elapsed := time.Since(start)

	// What each advice ended as: its row, its terminal events and its letters (the advice_issued
	// letter of the seed aside).
	type final struct {
		ID         int64      `db:"id"`
		Status     string     `db:"status"`
		Responded  *time.Time `db:"responded_at"`
		Enforced   *time.Time `db:"enforced_at"`
		Reasons    string     `db:"rejection_reasons"`
		Events     string     `db:"events"`
		EventTimes string     `db:"event_times"`
		Letters    string     `db:"letters"`
	}
	var finals []final
	if err := respSQL.SelectContext(ctx, &finals, `
		SELECT a.id, a.status, a.responded_at, a.enforced_at, a.rejection_reasons,
			coalesce((SELECT string_agg(e.action || '/' || e.actor_role, ',' ORDER BY e.id) FROM events e
				WHERE e.advice_id = a.id AND e.action IN ('accept', 'reject', 'enforce')), '') AS events,
			coalesce((SELECT string_agg(to_char(e.effective_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || ' ' ||
				to_char(e.processed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), ',' ORDER BY e.id) FROM events e
				WHERE e.advice_id = a.id AND e.action IN ('accept', 'reject', 'enforce')), '') AS event_times,
			coalesce((SELECT string_agg(n.kind || '/' || n.recipient, ',' ORDER BY n.kind, n.recipient) FROM notices n
				WHERE n.advice_id = a.id AND n.kind <> 'advice_issued'), '') AS letters
		FROM advices a ORDER BY a.deadline_at`); err != nil {
		t.Fatal(err)
	}
	utc := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000") }
	var respWins, sweepWins, acceptWins, rejectWins, refusedConflict int
	var overlapped [2]int // races won by the response, by the sweep, in which the two calls overlapped in time
	for i, a := range advices {
		r, f := races[i], finals[i]
		overlap := r.respSpan[0].Before(r.sweepSpan[1]) && r.sweepSpan[0].Before(r.respSpan[1])
		if f.ID != a.ID {
			t.Fatalf("advice order differs: %d vs %d", f.ID, a.ID)
		}
		where := fmt.Sprintf("race %d (advice %d, %s at %s vs sweep at %s)", i, a.ID, r.action, utc(r.respAt), utc(r.sweepAt))
		if r.sweepErr != nil {
			t.Errorf("%s: the sweep failed: %v", where, r.sweepErr)
			continue
		}
		if r.swept.Enforced > 1 {
			t.Errorf("%s: the sweep enforced %d advices, want at most this one", where, r.swept.Enforced)
			continue
		}
		respWon, sweepWon := r.respErr == nil, r.swept.Enforced == 1
		if respWon == sweepWon {
			t.Errorf("%s: response error %v, sweep enforced %d: want exactly one winner; advice ended %s, events [%s], letters [%s]",
				where, r.respErr, r.swept.Enforced, f.Status, f.Events, f.Letters)
			continue
		}
		if respWon {
			respWins++
			if overlap {
				overlapped[0]++
			}
			want, kind := "accepted", "response_accepted"
			if r.action == casework.AdviceActionReject {
				want, kind = "rejected", "response_rejected"
				rejectWins++
			} else {
				acceptWins++
			}
			letters := kind + "/complainant"
			if a.Supporter {
				letters += "," + kind + "/supporter"
			}
			reasonsOK := (r.action == casework.AdviceActionReject) == (f.Reasons == rejectionReasons)
			if f.Status != want || f.Responded == nil || !f.Responded.Equal(r.respAt) || f.Enforced != nil || !reasonsOK ||
				f.Events != string(r.action)+"/organisation" || f.EventTimes != utc(r.respAt)+" "+utc(r.respAt) ||
				f.Letters != letters || r.swept.Notices != 0 {
				t.Errorf("%s: the response won but the advice ended %s (responded %v, enforced %v, reasons %q), events [%s] at [%s], letters [%s], sweep wrote %d notices; want %s responded at %s, one %s event, letters [%s]",
					where, f.Status, f.Responded, f.Enforced, f.Reasons, f.Events, f.EventTimes, f.Letters, r.swept.Notices,
					want, utc(r.respAt), r.action, letters)
			}
			continue
		}
		sweepWins++
		if overlap {
			overlapped[1]++
		}
		switch casework.ErrorCode(r.respErr) {
		case casework.CodeDeadlinePassed:
		case casework.CodeConflict:
			refusedConflict++
		default:
			t.Errorf("%s: the sweep won and the response failed with %v (code %q), want deadline_passed or conflict",
				where, r.respErr, casework.ErrorCode(r.respErr))
		}
		letters, notices := "enforced_complainant/complainant,enforced_organisation/organisation", 2
		if a.Supporter {
			letters, notices = "enforced_complainant/complainant,enforced_complainant/supporter,enforced_organisation/organisation", 3
		}
		if f.Status != "enforced" || f.Enforced == nil || !f.Enforced.Equal(r.sweepAt) || f.Responded != nil || f.Reasons != "" ||
			f.Events != "enforce/system" || f.EventTimes != utc(a.Deadline)+" "+utc(r.sweepAt) ||
			f.Letters != letters || r.swept.Notices != notices {
			t.Errorf("%s: the sweep won but the advice ended %s (responded %v, enforced %v, reasons %q), events [%s] at [%s], letters [%s], sweep wrote %d notices; want enforced at %s, one enforce event effective %s, letters [%s]",
				where, f.Status, f.Responded, f.Enforced, f.Reasons, f.Events, f.EventTimes, f.Letters, r.swept.Notices,
				utc(r.sweepAt), utc(a.Deadline), letters)
		}
	}

	// A complaint closes, once, when its every advice is final: here when both were rejected in time.
	if n := countRows(t, respSQL, `
		SELECT count(*) FROM complaints c
		WHERE (c.status = 'closed') <> NOT EXISTS (SELECT 1 FROM advices a WHERE a.complaint_id = c.id AND a.status <> 'rejected')
		   OR (SELECT count(*) FROM events e WHERE e.complaint_id = c.id AND e.action = 'close') <> CASE WHEN c.status = 'closed' THEN 1 ELSE 0 END
		   OR (SELECT count(*) FROM notices n WHERE n.complaint_id = c.id AND n.kind = 'closed') <>
		      CASE WHEN c.status = 'closed' THEN CASE WHEN c.supporter_name <> '' THEN 2 ELSE 1 END ELSE 0 END`); n != 0 {
		t.Errorf("%d complaints are closed when they should not be, or not closed when they should, or closed twice", n)
	}
	if n := countRows(t, respSQL, `SELECT count(*) FROM advices WHERE status = 'issued'`); n != 0 {
		t.Errorf("%d advices are still issued after their race", n)
	}

	t.Logf("%d races in %v: the response won %d (accept %d, reject %d; the calls overlapped in %d), the sweep won %d (overlapped in %d; the late response got conflict %d times, deadline_passed otherwise); the response's head start moved between %v and %v",
		len(advices), elapsed.Round(time.Millisecond), respWins, acceptWins, rejectWins, overlapped[0], sweepWins, overlapped[1],
		refusedConflict, -maxSkew, -minSkew)
	// Both sides must win, and not by a fluke, with the two calls in flight at once, or the race was
	// not a race.
	if least := len(advices) / 20; respWins < least || sweepWins < least || overlapped[0]+overlapped[1] < 2*least {
		t.Errorf("the response won %d and the sweep %d of %d races, %d of them with the calls overlapping; want each side at least %d and %d overlapping, or the timing does not make a real race",
			respWins, sweepWins, len(advices), overlapped[0]+overlapped[1], least, 2*least)
	}
}

// overdueSpec is 10,000 advices past their deadlines (local midnights over the last 30 days before
// today) and 400 not yet due, for the tests with three sweepers.
func overdueSpec(today time.Time) seedSpec {
	return seedSpec{Organisations: 4, Complaints: 2600, PerComplaint: 4, Received: today.AddDate(0, -3, 0),
		Deadline: `CASE WHEN ci < 2500 THEN ($1::date - (1 + ci % 30)::int)::timestamp AT TIME ZONE 'Europe/Amsterdam'
			ELSE ($1::date + 3)::timestamp AT TIME ZONE 'Europe/Amsterdam' END`,
		Status: `'issued'`, Args: []any{today.Format(time.DateOnly)}}
}

// checkEnforcedOnce checks that every overdue advice was enforced once, with one event and one
// letter per recipient, that no advice not yet due was touched, and that what the sweepers reported
// adds up to what is in the database.
func checkEnforcedOnce(t *testing.T, db *sqlx.DB, wantAdvices, reportedAdvices, reportedNotices int) {
	t.Helper()
	wantNotices := countRows(t, db, `
		SELECT coalesce(sum(CASE WHEN c.supporter_name <> '' THEN 3 ELSE 2 END), 0)
		FROM advices a JOIN complaints c ON c.id = a.complaint_id WHERE a.status = 'enforced'`)
	checks := []struct {
		what  string
		query string
		want  int
	}{
		{"enforced advices", `SELECT count(*) FROM advices WHERE status = 'enforced'`, wantAdvices},
		{"overdue advices still issued", `SELECT count(*) FROM advices WHERE status = 'issued' AND deadline_at <= now()`, 0},
		{"advices not yet due that are no longer issued", `SELECT count(*) FROM advices WHERE deadline_at > now() AND status <> 'issued'`, 0},
		{"enforce events", `SELECT count(*) FROM events WHERE action = 'enforce'`, wantAdvices},
		{"advices with other than one enforce event, or one when not enforced", `
			SELECT count(*) FROM advices a
			LEFT JOIN (SELECT advice_id, count(*) AS n FROM events WHERE action = 'enforce' GROUP BY advice_id) e ON e.advice_id = a.id
			WHERE coalesce(e.n, 0) <> CASE WHEN a.status = 'enforced' THEN 1 ELSE 0 END`, 0},
		{"enforce events not effective at the deadline, or not processed when the advice was enforced", `
			SELECT count(*) FROM events e JOIN advices a ON a.id = e.advice_id
			WHERE e.action = 'enforce' AND (e.effective_at <> a.deadline_at OR e.processed_at <> a.enforced_at
				OR e.actor_role <> 'system' OR e.from_status <> 'issued' OR e.to_status <> 'enforced')`, 0},
		{"enforcement letters", `SELECT count(*) FROM notices WHERE kind LIKE 'enforced%'`, wantNotices},
		{"enforcement letters written twice to one recipient", `
			SELECT count(*) FROM (SELECT 1 FROM notices WHERE kind LIKE 'enforced%'
				GROUP BY advice_id, recipient, organisation_id HAVING count(*) > 1) x`, 0},
		{"advices without exactly the letters of their enforcement", `
			SELECT count(*) FROM advices a JOIN complaints c ON c.id = a.complaint_id
			LEFT JOIN (SELECT advice_id, string_agg(kind || '/' || recipient || coalesce(':' || organisation_id, ''), ','
					ORDER BY kind, recipient) AS letters
				FROM notices WHERE kind LIKE 'enforced%' GROUP BY advice_id) n ON n.advice_id = a.id
			WHERE n.letters IS DISTINCT FROM CASE WHEN a.status = 'enforced' THEN
				'enforced_complainant/complainant' || CASE WHEN c.supporter_name <> '' THEN ',enforced_complainant/supporter' ELSE '' END ||
				',enforced_organisation/organisation:' || a.organisation_id END`, 0},
	}
	for _, c := range checks {
		if got := countRows(t, db, c.query); got != c.want {
			t.Errorf("%s: %d, want %d", c.what, got, c.want)
		}
	}
	if reportedAdvices != wantAdvices || reportedNotices != wantNotices {
		t.Errorf("the sweepers reported %d advices enforced and %d notices written, want %d and %d",
			reportedAdvices, reportedNotices, wantAdvices, wantNotices)
	}
}

// TestThreeSweepersAtOnce runs three sweepers over 10,000 overdue advices at once, first as three
// connection pools in this process with small batches, then as three `meldpunt sweep` processes.
func TestThreeSweepersAtOnce(t *testing.T) {
	const overdue = 10000
	ctx := context.Background()
	today := time.Now().In(term.Amsterdam())

	t.Run("connections", func(t *testing.T) {
		url := pgtest.NewURL(t)
		setup := openPool(t, url, 2)
		if err := seedAdvices(ctx, setup, overdueSpec(today)); err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		var results [3]postgres.SweepResult
		var errs [3]error
		var fns []func()
		for i := range results {
			store := postgres.New(openPool(t, url, 2), func() time.Time { return now }, postgres.DefaultTerms)
			fns = append(fns, func() { results[i], errs[i] = store.Sweep(ctx, 500) })
		}
		start := time.Now()
		together(fns...)
		elapsed := time.Since(start)
		var advices, notices, working int
		var report []string
		for i, r := range results {
			if errs[i] != nil {
				t.Errorf("sweeper %d failed: %v", i, errs[i])
			}
			advices += r.Enforced
			notices += r.Notices
			if r.Enforced > 0 {
				working++
			}
			report = append(report, fmt.Sprintf("%d in %d batches", r.Enforced, r.Batches))
		}
		t.Logf("three sweepers with batches of 500 enforced %s in %v", strings.Join(report, ", "), elapsed.Round(time.Millisecond))
		checkEnforcedOnce(t, setup, overdue, advices, notices)
		if working < 2 {
			t.Errorf("only %d of the three sweepers enforced anything: they did not run at the same time", working)
		}
	})

	t.Run("processes", func(t *testing.T) {
		bin := filepath.Join(t.TempDir(), "meldpunt")
		build := exec.Command("go", "build", "-o", bin, "meldpunt/cmd/meldpunt")
		build.Env = append(os.Environ(), "GOTOOLCHAIN=local")
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build ./cmd/meldpunt: %v\n%s", err, out)
		}
		url := pgtest.NewURL(t)
		setup := openPool(t, url, 2)
		if err := seedAdvices(ctx, setup, overdueSpec(today)); err != nil {
			t.Fatal(err)
		}
		line := regexp.MustCompile(`^sweep at \S+: (\d+) advices enforced, (\d+) notices written \((\d+) batches\)\n$`)
		type proc struct {
			cmd            *exec.Cmd
			stdout, stderr bytes.Buffer
			err            error
		}
		procs := make([]*proc, 3)
		var fns []func()
		for i := range procs {
			p := &proc{cmd: exec.Command(bin, "sweep")}
			p.cmd.Env = append(os.Environ(), "DATABASE_URL="+url, "MELDPUNT_DB_MAX_CONNS=2", "MELDPUNT_LOG_LEVEL=warn")
			p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
			procs[i] = p
			fns = append(fns, func() { p.err = p.cmd.Run() })
		}
		start := time.Now()
		together(fns...)
		elapsed := time.Since(start)
		var advices, notices, working int
		var report []string
		for i, p := range procs {
			m := line.FindStringSubmatch(p.stdout.String())
			if p.err != nil || m == nil || p.stderr.Len() > 0 {
				t.Errorf("process %d: %v; stdout %q; stderr %q", i, p.err, p.stdout.String(), p.stderr.String())
				continue
			}
			n, _ := strconv.Atoi(m[1])
			w, _ := strconv.Atoi(m[2])
			advices += n
			notices += w
			if n > 0 {
				working++
			}
			report = append(report, fmt.Sprintf("%s in %s batches", m[1], m[3]))
		}
		t.Logf("three `meldpunt sweep` processes enforced %s in %v", strings.Join(report, ", "), elapsed.Round(time.Millisecond))
		checkEnforcedOnce(t, setup, overdue, advices, notices)
		if working == 0 {
			t.Error("no process enforced anything")
		}
	})
}

// TestSweepCatchUpAfterDowntime stops the clock for five days: the first pass afterwards enforces
// every advice whose deadline passed meanwhile, recording each deadline instant as the effective
// time and the pass's clock as the processing time, and touches nothing else.
func TestSweepCatchUpAfterDowntime(t *testing.T) {
	ctx := context.Background()
	// Back on Wednesday 2026-10-28 09:17 Amsterdam after five days down, over the end of summer time
	// (Sunday 2026-10-25 03:00 CEST became 02:00 CET).
	back := time.Date(2026, 10, 28, 9, 17, 42, 123456000, term.Amsterdam())
	down := back.AddDate(0, 0, -5)
	const perComplaint = 4
	var deadlines []time.Time
	var statuses []string
	// Due: local midnights of the days down (each side of the clock change) and instants at random
	// microseconds, the first exactly at the clock, the last exactly when the service went down.
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		var d time.Time
		switch {
		case i == 0:
			d = back
		case i == 1999:
			d = down.Add(time.Microsecond)
		case i%2 == 0:
			day := back.AddDate(0, 0, -(i/2)%5)
			d = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, term.Amsterdam())
		default:
			d = back.Add(-time.Duration(rng.Int64N(int64(5*24*time.Hour/time.Microsecond))) * time.Microsecond)
		}
		deadlines, statuses = append(deadlines, d), append(statuses, "issued")
	}
	due := len(deadlines)
	// Not due: a microsecond after the clock, and later.
	for i := range 40 {
		deadlines, statuses = append(deadlines, back.Add(time.Duration(1+i*i*i*1000)*time.Microsecond)), append(statuses, "issued")
	}
	// Settled before or during the downtime: left alone.
	for i := range 40 {
		deadlines = append(deadlines, back.Add(-time.Duration(1+i)*3*time.Hour))
		statuses = append(statuses, []string{"accepted", "rejected", "enforced", "executed"}[i%4])
	}
	text := make([]string, len(deadlines))
	for i, d := range deadlines {
		text[i] = d.Format(time.RFC3339Nano)
	}

	clock := pgtest.NewClock(back)
	db := pgtest.NewStore(t, clock)
	sql := db.SQL()
	if err := seedAdvices(ctx, sql, seedSpec{Organisations: perComplaint, Complaints: len(deadlines) / perComplaint,
		PerComplaint: perComplaint, Received: down.AddDate(0, -2, 0), Deadline: `($1::timestamptz[])[n + 1]`,
		Status: `($2::text[])[n + 1]`, Args: []any{pq.Array(text), pq.Array(statuses)}, History: true}); err != nil {
		t.Fatal(err)
	}
	var others []int64 // the advices not due or already settled
	if err := sql.Select(&others, `SELECT id FROM advices WHERE status <> 'issued' OR deadline_at > $1 ORDER BY id`, back); err != nil {
		t.Fatal(err)
	}
	if len(others) != len(deadlines)-due {
		t.Fatalf("%d advices not due or settled, want %d", len(others), len(deadlines)-due)
	}
	snapshot := func() []string {
		var s []string
		if err := sql.Select(&s, `
			SELECT concat_ws('|', a.id, a.status, a.responded_at, a.enforced_at, a.executed_at,
				(SELECT count(*) FROM events e WHERE e.advice_id = a.id), (SELECT count(*) FROM notices n WHERE n.advice_id = a.id))
			FROM advices a WHERE a.id = ANY($1) ORDER BY a.id`, pq.Array(others)); err != nil {
			t.Fatal(err)
		}
		return s
	}
	untouched := snapshot()

	const batch = 300
	start := time.Now()
	res, err := db.Sweep(ctx, batch)
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("catch-up sweep: %v", err)
	}
	// Each of the pass's workers ends on a short batch: at least due/batch+1 batches, at most
	// SweepWorkers-1 more.
	if res.Enforced != due || res.Batches < due/batch+1 || res.Batches > due/batch+postgres.SweepWorkers || !res.Now.Equal(back) {
		t.Fatalf("catch-up sweep: %+v, want %d enforced in %d to %d batches at %s", res, due, due/batch+1, due/batch+postgres.SweepWorkers, back)
	}
	t.Logf("catch-up: %d advices enforced, %d notices, %d batches of %d in %v", res.Enforced, res.Notices, res.Batches, batch, elapsed.Round(time.Millisecond))

	var rows []struct {
		ID        int64      `db:"id"`
		N         int        `db:"n"`
		Status    string     `db:"status"`
		Enforced  *time.Time `db:"enforced_at"`
		Effective *time.Time `db:"effective_at"`
		Processed *time.Time `db:"processed_at"`
		Events    int        `db:"events"`
		Actor     string     `db:"actor_role"`
	}
	if err := sql.Select(&rows, `
		SELECT a.id, row_number() OVER (ORDER BY a.complaint_id, a.organisation_id) - 1 AS n, a.status, a.enforced_at,
			e.effective_at, e.processed_at, coalesce(e.actor_role, '') AS actor_role,
			(SELECT count(*) FROM events x WHERE x.advice_id = a.id AND x.action = 'enforce') AS events
		FROM advices a LEFT JOIN events e ON e.advice_id = a.id AND e.action = 'enforce' AND e.processed_at = $1
		ORDER BY a.complaint_id, a.organisation_id`, back); err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(deadlines) {
		t.Fatalf("%d advices, want %d", len(rows), len(deadlines))
	}
	bad := 0
	for _, r := range rows[:due] {
		want := deadlines[r.N]
		if r.Status != "enforced" || r.Enforced == nil || !r.Enforced.Equal(back) || r.Events != 1 || r.Effective == nil ||
			!r.Effective.Equal(want) || !r.Processed.Equal(back) || r.Actor != "system" {
			if bad++; bad <= 10 {
				t.Errorf("advice %d (deadline %s): %s, enforced at %v, %d enforce events, effective %v, processed %v by %q; want enforced at %s, effective at the deadline",
					r.ID, want.Format(time.RFC3339Nano), r.Status, r.Enforced, r.Events, r.Effective, r.Processed, r.Actor, back.Format(time.RFC3339Nano))
			}
		}
	}
	if bad > 10 {
		t.Errorf("… and %d more", bad-10)
	}
	for i, after := range snapshot() {
		if after != untouched[i] {
			t.Errorf("an advice not due or already settled changed: %s became %s", untouched[i], after)
		}
	}
	if n := countRows(t, sql, `
		SELECT count(*) FROM advices a JOIN complaints c ON c.id = a.complaint_id
		LEFT JOIN (SELECT advice_id, count(*) AS n FROM notices WHERE kind LIKE 'enforced%' AND created_at = $1 GROUP BY advice_id) l
			ON l.advice_id = a.id
		WHERE coalesce(l.n, 0) <> CASE WHEN a.enforced_at = $1 THEN CASE WHEN c.supporter_name <> '' THEN 3 ELSE 2 END ELSE 0 END`, back); n != 0 {
		t.Errorf("%d advices lack the letters of their enforcement, have too many, or have them without being enforced", n)
	}
	if res.Notices != countRows(t, sql, `SELECT count(*) FROM notices WHERE kind LIKE 'enforced%' AND created_at = $1`, back) {
		t.Errorf("the pass reported %d notices, the outbox holds another number", res.Notices)
	}
	if again, err := db.Sweep(ctx, batch); err != nil || again.Enforced != 0 || again.Notices != 0 {
		t.Errorf("second pass: %+v %v, want nothing to do", again, err)
	}
}
