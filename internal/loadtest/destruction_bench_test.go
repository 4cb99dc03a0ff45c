package loadtest_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"meldpunt/internal/casework"
	"meldpunt/internal/destruction"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
	"meldpunt/internal/web"
)

var (
	flagDestrComplaints = flag.Int("destruction.complaints", 1_000_000, "complaints in the destruction benchmark's database")
	flagDestrDue        = flag.Int("destruction.due", 100_000, "of which due for destruction, approved in one list and destroyed")
	flagDestrBatch      = flag.Int("destruction.batch", destruction.DefaultBatch, "cases per DestroyApproved call (default: the service's batch)")
	flagDestrPause      = flag.Duration("destruction.pause", destruction.DefaultPause, "least rest between two batches (default: the service's; the rest is destruction.Rest)")
	flagDestrIntake     = flag.Duration("destruction.intake", 20*time.Second, "intake measured without destruction, and at most as long during it")
	flagDestrClients    = flag.Int("destruction.clients", 4, "concurrent intake clients")
	flagDestrDrop       = flag.String("destruction.drop-indexes", "", "indexes to drop before measuring, by name, comma-separated (to see what migration 00026's bring)")
)

// The goals: the destroyer reaches at least a third of the rate of plain SQL deleting the
// same rows, and intake's p99 during the destruction stays within twice its p99 without it.
const (
	destructionGoal = 1.0 / 3
	intakeP99Goal   = 2.0
)

// seedDestruction writes n complaints in plain SQL, of which due (every n/due-th) have been closed
// long enough to be due for destruction on now's day: four in five handled (closed or resolved in
// 2016–2021, 5 years) and one in five inadmissible or withdrawn (closed in 2022–2025, 1 year). The
// rest are open (a quarter) or closed too recently. The trigger of migration 00021 sets destroy_on
// from status and closed_at, as it does for every writer.
//
// Each due case has what a real file has: its organisation, the events of filing, taking up,
// ruling or declaring inadmissible and closing (and of the advice's answer), the acknowledgement
// letter and for every other case a second letter, both with a PDF of 20–32 KB of random bytes
// (incompressible, so stored out of line in TOAST like a real PDF), three access-log rows, and for
// a handled case a hearing with its record, the hearing invitation, an advice with its text and,
// for one in five, a postponement; every due case has an informal representative (ended for one in
// four). The other cases have fewer rows, but some of each: filing and take-up events, an
// acknowledgement without PDF, an access-log row for half, an advice, hearing and invitation for a
// third of the handled ones, a representation for one in seven.
func seedDestruction(ctx context.Context, db *sqlx.DB, now time.Time, n, due int, staffID int64, pdf []byte) error {
	every := max(n/max(due, 1), 1)
	today := term.LocalDate(now).String()
	steps := []struct {
		what string
		sql  string
		args []any
	}{
		{"complaints", `
		INSERT INTO complaints (reference, tracking_hash, status, channel, language, received_at, received_on,
			handling_last_day, handling_deadline_at, inadmissibility_last_day, complainant_name, complainant_email,
			complainant_phone, complainant_street, complainant_postcode, complainant_city, supporter_name,
			supporter_relation, supporter_consent, grounds, life_domains, summary, desired_outcome, occurred_on,
			handler_id, verdict, findings, conclusions, ruled_at, inadmissible_ground, closed_at)
		SELECT 'MP-D-' || lpad(g::text, 7, '0'), sha256(('code ' || g)::bytea), st,
			(ARRAY['web', 'phone', 'email', 'letter', 'counter', 'social_media'])[1 + g % 6], 'nl',
			rec, (rec AT TIME ZONE 'Europe/Amsterdam')::date, (rec AT TIME ZONE 'Europe/Amsterdam')::date + 42,
			rec + interval '43 days', (rec AT TIME ZONE 'Europe/Amsterdam')::date + 28,
			'Cliënt ' || g, 'client' || g || '@x.example', '06 1234 ' || lpad((g % 10000)::text, 4, '0'),
			'Kerkstraat ' || (1 + g % 200), '2011 AB', 'Haarlem',
			CASE WHEN rep THEN 'Familielid ' || g ELSE '' END, CASE WHEN rep THEN 'dochter' ELSE '' END, rep,
			ARRAY[(ARRAY['treatment', 'solution', 'procedure'])[1 + g % 3]],
			ARRAY[(ARRAY['social_support', 'care', 'youth_care', 'housing', 'work', 'income'])[1 + g % 6]],
			'Mijn indicatie voor huishoudelijke hulp werd zonder gesprek verlaagd; mijn diagnose stond in de brief aan de buren.',
			'Excuses en een nieuw gesprek.', (rec AT TIME ZONE 'Europe/Amsterdam')::date - 10,
			CASE WHEN st <> 'received' THEN $3::bigint END,
			CASE WHEN st IN ('closed', 'resolved', 'advised') THEN (ARRAY['founded', 'partly_founded', 'unfounded'])[1 + (CASE WHEN due THEN h % 2 ELSE g % 3 END)] END,
			CASE WHEN st IN ('closed', 'resolved', 'advised') THEN 'Bevindingen over de verlaging ' || g ELSE '' END,
			CASE WHEN st IN ('closed', 'resolved', 'advised') THEN 'De klacht is gegrond.' ELSE '' END,
			CASE WHEN st IN ('closed', 'resolved', 'advised') THEN rec + interval '40 days' END,
			CASE WHEN st = 'inadmissible' THEN 'not_a_complaint' ELSE '' END,
			closed
		FROM generate_series(0, $1::int - 1) g
		CROSS JOIN LATERAL (SELECT g % $2 = 0 AS due, g / $2 AS h, ((g::bigint * 7919) % 100003)::float8 / 100003 AS f) a
		CROSS JOIN LATERAL (SELECT
			CASE WHEN due AND h % 5 <> 4 THEN timestamptz '2016-01-04 11:00+01' + f * interval '2100 days'
				WHEN due THEN timestamptz '2022-01-04 11:00+01' + f * interval '1390 days'
				WHEN g % 4 = 0 THEN NULL
				WHEN g % 4 IN (1, 2) THEN timestamptz '2022-01-04 11:00+01' + f * interval '1700 days'
				ELSE timestamptz '2026-01-05 11:00+01' + f * interval '300 days' END AS closed) b
		CROSS JOIN LATERAL (SELECT
			CASE WHEN closed IS NULL THEN (ARRAY['received', 'in_treatment', 'advised'])[1 + g % 3]
				WHEN (due AND h % 5 = 4) OR (NOT due AND g % 4 = 3) THEN (ARRAY['inadmissible', 'withdrawn'])[1 + (g + h) % 2]
				ELSE (ARRAY['closed', 'resolved'])[1 + (g + h) % 2] END AS st,
			coalesce(closed, $4::timestamptz - ((g % 60) || ' days')::interval) - interval '70 days' AS rec,
			due OR g % 7 = 1 AS rep) c`,
			[]any{n, every, staffID, now}},
		{"organisations", `
		INSERT INTO complaint_organisations (complaint_id, organisation_id)
		SELECT c.id, o.id FROM complaints c
		JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i, count(*) OVER () AS n FROM organisations) o
			ON o.i = c.id % o.n
		WHERE c.reference LIKE 'MP-D-%'`, nil},
		{"advices", `
		INSERT INTO advices (complaint_id, organisation_id, text, status, issued_at, respond_by, deadline_at,
			responded_at, answer_channel, rejection_reasons, rejection_ground)
		SELECT c.id, co.organisation_id, 'Voer binnen vier weken een nieuw gesprek en herstel de indicatie ' || c.id || '.',
			CASE WHEN hashint8(c.id) % 4 = 0 THEN 'rejected' ELSE 'accepted' END, c.ruled_at,
			(c.ruled_at AT TIME ZONE 'Europe/Amsterdam')::date + 14, c.ruled_at + interval '15 days',
			c.ruled_at + interval '5 days', 'online',
			CASE WHEN hashint8(c.id) % 4 = 0 THEN 'Wij wijzen het advies af: de indicatie is volgens de regels.' ELSE '' END,
			CASE WHEN hashint8(c.id) % 4 = 0 THEN 'legal' ELSE '' END
		FROM complaints c JOIN complaint_organisations co ON co.complaint_id = c.id
		WHERE c.reference LIKE 'MP-D-%' AND c.verdict IN ('founded', 'partly_founded') AND c.status IN ('closed', 'resolved')
			AND (c.destroy_on <= $1 OR hashint8(c.id) % 3 = 0)`, []any{today}},
		{"events", `
		INSERT INTO events (complaint_id, advice_id, action, from_status, to_status, actor_user_id, actor_role, actor_name,
			effective_at, processed_at, reason)
		SELECT c.id, NULL::bigint, 'file', '', 'received', NULL::bigint, 'resident', 'resident', c.received_at, c.received_at, ''
		FROM complaints c WHERE c.reference LIKE 'MP-D-%'
		UNION ALL
		SELECT c.id, NULL, 'take_up', 'received', 'in_treatment', $2::bigint, 'staff', 'Behandelaar', c.received_at + interval '3 days',
			c.received_at + interval '3 days', '' FROM complaints c WHERE c.reference LIKE 'MP-D-%' AND c.handler_id IS NOT NULL
		UNION ALL
		SELECT c.id, NULL, CASE WHEN c.status IN ('inadmissible', 'withdrawn') THEN c.status ELSE 'rule' END, 'in_treatment',
			CASE WHEN c.status IN ('inadmissible', 'withdrawn') THEN c.status ELSE 'advised' END, $2, 'staff', 'Behandelaar',
			c.closed_at - interval '20 days', c.closed_at - interval '20 days',
			CASE WHEN c.status = 'withdrawn' THEN 'De klager heeft de klacht ingetrokken na een gesprek.' ELSE '' END
		FROM complaints c WHERE c.reference LIKE 'MP-D-%' AND c.destroy_on <= $1
		UNION ALL
		SELECT a.complaint_id, a.id, CASE WHEN a.status = 'rejected' THEN 'reject_advice' ELSE 'accept_advice' END, 'issued',
			a.status, NULL, 'organisation', 'Organisatie', a.responded_at, a.responded_at, a.rejection_reasons
		FROM advices a JOIN complaints c ON c.id = a.complaint_id WHERE c.reference LIKE 'MP-D-%' AND c.destroy_on <= $1
		UNION ALL
		SELECT c.id, NULL, 'close', 'advised', c.status, $2, 'staff', 'Behandelaar', c.closed_at, c.closed_at, ''
		FROM complaints c WHERE c.reference LIKE 'MP-D-%' AND c.destroy_on <= $1 AND c.status IN ('closed', 'resolved')`,
			[]any{today, staffID}},
		{"letters", `
		INSERT INTO notices (complaint_id, kind, recipient, dedupe_key, language, name, email, street, postcode, city,
			data, created_at, status, attempts, next_attempt_at, pdf, sent_at)
		SELECT c.id, 'acknowledgement', 'complainant', 'ack-d-' || c.id, 'nl', c.complainant_name, c.complainant_email,
			c.complainant_street, c.complainant_postcode, c.complainant_city,
			jsonb_build_object('reference', c.reference, 'summary', c.summary), c.received_at, 'sent', 1, c.received_at,
			CASE WHEN c.destroy_on <= $1 THEN substring($2::bytea FROM 1 + (c.id % 12288)::int) END, c.received_at
		FROM complaints c WHERE c.reference LIKE 'MP-D-%'
		UNION ALL
		SELECT c.id, CASE WHEN c.status IN ('inadmissible', 'withdrawn') THEN c.status ELSE 'ruling' END, 'complainant',
			'final-d-' || c.id, 'nl', c.complainant_name, c.complainant_email, c.complainant_street, c.complainant_postcode,
			c.complainant_city, jsonb_build_object('reference', c.reference, 'findings', c.findings), c.closed_at, 'sent', 1,
			c.closed_at, substring($2::bytea FROM 1 + ((c.id * 7) % 12288)::int), c.closed_at
		FROM complaints c WHERE c.reference LIKE 'MP-D-%' AND c.destroy_on <= $1 AND hashint8(c.id) % 2 = 0`,
			[]any{today, pdf}},
		{"access log", `
		INSERT INTO access_log (complaint_id, user_id, at)
		SELECT c.id, $2, c.received_at + k * interval '9 days'
		FROM complaints c CROSS JOIN generate_series(1, 3) k
		WHERE c.reference LIKE 'MP-D-%' AND (c.destroy_on <= $1 OR (k = 1 AND hashint8(c.id) % 2 = 0))`, []any{today, staffID}},
		{"hearings", `
		INSERT INTO hearings (complaint_id, party, held_on, record, recorded_by, recorded_at)
		SELECT a.complaint_id, 'complainant', (c.ruled_at AT TIME ZONE 'Europe/Amsterdam')::date - 7,
			'Klaagster vertelt dat haar diagnose in de brief stond; zij was er erg van geschrokken. Gesprek ' || c.id || '.',
			$1, c.ruled_at - interval '7 days'
		FROM advices a JOIN complaints c ON c.id = a.complaint_id WHERE c.reference LIKE 'MP-D-%'`, []any{staffID}},
		{"hearing invitations", `
		INSERT INTO hearing_invitations (complaint_id, party, hearing_on, hearing_time, place, sent_at, sent_by)
		SELECT h.complaint_id, 'complainant', h.held_on, '10:00', 'Stadhuis, kamer 2.14', h.recorded_at - interval '14 days', $1
		FROM hearings h JOIN complaints c ON c.id = h.complaint_id WHERE c.reference LIKE 'MP-D-%'`, []any{staffID}},
		{"postponements", `
		INSERT INTO postponements (complaint_id, days, from_day, to_day, reason, created_by, created_at)
		SELECT c.id, 28, c.handling_last_day, c.handling_last_day + 28, 'Het hoorverslag van de klager moet nog worden vastgesteld.',
			$2, c.received_at + interval '30 days'
		FROM complaints c WHERE c.reference LIKE 'MP-D-%' AND c.destroy_on <= $1 AND c.verdict IS NOT NULL AND hashint8(c.id) % 5 = 0`,
			[]any{today, staffID}},
		{"representations", `
		INSERT INTO representations (complaint_id, kind, name, relation, consent_at, consent_route, ended_at, end_route)
		SELECT c.id, 'informal', c.supporter_name, c.supporter_relation, c.received_at, 'complaint_form',
			CASE WHEN hashint8(c.id) % 4 = 0 THEN c.received_at + interval '20 days' END,
			CASE WHEN hashint8(c.id) % 4 = 0 THEN 'status_page' ELSE '' END
		FROM complaints c WHERE c.reference LIKE 'MP-D-%' AND c.supporter_consent`, nil},
		{"analyze", `ANALYZE`, nil},
	}
	for _, s := range steps {
		if _, err := db.ExecContext(ctx, s.sql, s.args...); err != nil {
			return fmt.Errorf("seed %s: %w", s.what, err)
		}
	}
	return nil
}

// BenchmarkDestruction measures the destruction of 100,000 due case files among 1,000,000
// complaints: the admin's approval of all of them in one list (store.ApproveDestruction), then the
// background destroyer (store.DestroyApproved in batches of the service's size, with the service's
// pause between them, as internal/destruction runs it)
// until every case on the list is destroyed, against plain SQL removing and blanking the same rows
// (a dozen set-based statements over the same ids, in one transaction) on a copy of the same
// database made after the approval. It also measures the HTTP intake (POST /api/v1/complaints on a
// real server, a few clients) for a fixed time without destruction and then while the destroyer
// runs, and compares the p99 latencies. See doc.go.
func BenchmarkDestruction(b *testing.B) {
	ctx := b.Context()
	n, due, batch := *flagDestrComplaints, *flagDestrDue, *flagDestrBatch
	clients := *flagDestrClients
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, term.Amsterdam())
	clock := pgtest.NewClock(now)
	urlA := pgtest.NewURL(b)
	dbA, err := postgres.Open(ctx, urlA, 16)
	if err != nil {
		b.Fatal(err)
	}
	storeA := postgres.New(dbA, clock.Now, postgres.DefaultTerms)

	var orgs []int64
	for i, kind := range []casework.OrgKind{casework.OrgMunicipality, casework.OrgDistrictTeam,
		casework.OrgCareProvider, casework.OrgYouthCare, casework.OrgHousing, casework.OrgClientSupport} {
		o, err := storeA.CreateOrganisation(ctx, casework.Organisation{
			Name: fmt.Sprintf("Organisatie %d (%s)", i+1, kind), Kind: kind, Email: fmt.Sprintf("klachten%d@example.nl", i+1)})
		if err != nil {
			b.Fatal(err)
		}
		orgs = append(orgs, o.ID)
	}
	const password = "een lang wachtwoord voor de meting"
	staff, err := storeA.CreateUser(ctx, casework.NewUser{Email: "behandelaar@meldpunt.example", Name: "Behandelaar",
		Role: casework.RoleStaff, Password: password})
	if err != nil {
		b.Fatal(err)
	}
	admin, err := storeA.CreateUser(ctx, casework.NewUser{Email: "beheerder@meldpunt.example", Name: "Beheerder",
		Role: casework.RoleAdmin, Password: password})
	if err != nil {
		b.Fatal(err)
	}
	pdf := make([]byte, 32*1024)
	rand.Read(pdf)

	t0 := time.Now()
	if err := seedDestruction(ctx, dbA, now, n, due, staff.ID, pdf); err != nil {
		b.Fatal(err)
	}
	seeded := time.Since(t0)
	if *flagDestrDrop != "" {
		var names []string
		for _, name := range strings.Split(*flagDestrDrop, ",") {
			names = append(names, pq.QuoteIdentifier(strings.TrimSpace(name)))
		}
		if _, err := dbA.ExecContext(ctx, `DROP INDEX `+strings.Join(names, ", ")); err != nil {
			b.Fatal(err)
		}
	}
	var sizes struct {
		Complaints, Events, Notices, PDFs, Access, Hearings, Advices, Representations int
		Bytes                                                                         int64
	}
	if err := dbA.QueryRowxContext(ctx, `SELECT (SELECT count(*) FROM complaints), (SELECT count(*) FROM events),
		(SELECT count(*) FROM notices), (SELECT count(*) FROM notices WHERE pdf IS NOT NULL), (SELECT count(*) FROM access_log),
		(SELECT count(*) FROM hearings), (SELECT count(*) FROM advices), (SELECT count(*) FROM representations),
		pg_database_size(current_database())`).Scan(&sizes.Complaints, &sizes.Events, &sizes.Notices, &sizes.PDFs,
		&sizes.Access, &sizes.Hearings, &sizes.Advices, &sizes.Representations, &sizes.Bytes); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded in %v: %d complaints, %d events, %d letters (%d with a PDF), %d access-log rows, %d hearings, %d advices, "+
		"%d representations; database %d MB", seeded.Round(time.Second), sizes.Complaints, sizes.Events, sizes.Notices, sizes.PDFs,
		sizes.Access, sizes.Hearings, sizes.Advices, sizes.Representations, sizes.Bytes>>20)

	// The destruction list: every due case, approved in one call as the admin would.
	list, err := storeA.DueForDestruction(ctx, term.LocalDate(now), 0)
	if err != nil {
		b.Fatal(err)
	}
	if len(list) != due {
		b.Fatalf("%d cases due, want %d", len(list), due)
	}
	refs := make([]string, len(list))
	for i, c := range list {
		refs[i] = c.Reference
	}
	t0 = time.Now()
	approved, err := storeA.ApproveDestruction(ctx, casework.ActorOf(admin), refs)
	approval := time.Since(t0)
	if err != nil {
		b.Fatal(err)
	}
	if approved.Cases != due {
		b.Fatalf("approved %d cases, want %d", approved.Cases, due)
	}

	// The baseline's database: a file copy of this one, approval included.
	dbA.Close()
	admindb, err := sqlx.Open("postgres", pgtest.WithDatabase(urlA, "postgres"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { admindb.Close() })
	nameA, nameB := dbName(urlA), dbName(urlA)+"_plain"
	t0 = time.Now()
	if _, err := admindb.ExecContext(ctx, `CREATE DATABASE `+nameB+` TEMPLATE `+nameA+` STRATEGY FILE_COPY`); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { admindb.Exec(`DROP DATABASE IF EXISTS ` + nameB + ` WITH (FORCE)`) })
	b.Logf("copied the database for the baseline in %v", time.Since(t0).Round(time.Second))
	if dbA, err = postgres.Open(ctx, urlA, 16); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { dbA.Close() })
	storeA = postgres.New(dbA, clock.Now, postgres.DefaultTerms)
	dbB, err := postgres.Open(ctx, pgtest.WithDatabase(urlA, nameB), 4)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { dbB.Close() })

	// The intake: a real server on the destroyer's database.
	cfg := web.DefaultConfig
	cfg.IntakeLimit = 0
	base, client := serveForBench(b, storeA, cfg, clients, 60*time.Second)
	variants := intakes(orgs)
	bodies := make([][]byte, len(variants))
	for i, in := range variants {
		if bodies[i], err = json.Marshal(in); err != nil {
			b.Fatal(err)
		}
	}
	intake := &side{name: "intake"}
	one := func(c, seq int) bool {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/complaints",
			bytes.NewReader(bodies[(c+seq)%len(bodies)]))
		if err != nil {
			intake.fail(err.Error())
			return false
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			intake.fail(err.Error())
			return false
		}
		answer, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusCreated {
			intake.fail(fmt.Sprintf("status %d: %s %v", resp.StatusCode, answer, err))
			return false
		}
		return true
	}
	runWhile(clients, 2*time.Second, nil, one) // warm-up, untimed
	quiet := runWhile(clients, *flagDestrIntake, nil, one)

	// The destroyer, as the service runs it: one batch after another with the service's pause between
	// them until none is left, while the
	// intake runs again for at most as long (it stops when the destruction ends).
	b.ResetTimer()
	type mark struct {
		at   time.Duration // when the batch ended, from the start
		took time.Duration // how long the batch itself took (without the pause)
		n    int
	}
	var marks []mark
	var destroyErr error
	stop := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(stop)
		for {
			t0 := time.Now()
			k, err := storeA.DestroyApproved(ctx, batch)
			if err != nil {
				destroyErr = err
				return
			}
			if k == 0 {
				return
			}
			marks = append(marks, mark{time.Since(start), time.Since(t0), k})
			// The service's destroyer rests between batches so that other work gets the database.
			time.Sleep(destruction.Rest(time.Since(t0), *flagDestrPause))
		}
	}()
	busy := runWhile(clients, *flagDestrIntake, stop, one)
	intakeEnd := time.Since(start)
	<-stop
	destroyTime := time.Since(start)
	b.StopTimer()
	if destroyErr != nil {
		b.Fatalf("destroyer: %v", destroyErr)
	}
	destroyed, underLoad := 0, 0
	var longest time.Duration
	for _, m := range marks {
		destroyed += m.n
		if m.at <= intakeEnd {
			underLoad += m.n
		}
		longest = max(longest, m.took)
	}
	// Whether a batch grows slower as the list empties (dead queue entries, the list's progress
	// counts): the mean time of the first and the last tenth of the batches after the intake stopped.
	var tail []time.Duration
	for _, m := range marks {
		if m.at-m.took >= intakeEnd {
			tail = append(tail, m.took)
		}
	}
	tenth := max(len(tail)/10, 1)
	meanOf := func(ds []time.Duration) time.Duration {
		var sum time.Duration
		for _, d := range ds {
			sum += d
		}
		return sum / time.Duration(max(len(ds), 1))
	}
	if destroyed != due {
		b.Fatalf("destroyer destroyed %d cases, want %d", destroyed, due)
	}

	// The baseline: the same rows removed and blanked by plain set-based SQL in one transaction.
	var ids []int64
	var listID int64
	if err := dbB.QueryRowxContext(ctx, `SELECT array_agg(complaint_id ORDER BY id), min(list_id) FROM destructions
		WHERE destroyed_at IS NULL AND skipped = ''`).Scan(pq.Array(&ids), &listID); err != nil {
		b.Fatal(err)
	}
	if len(ids) != due {
		b.Fatalf("baseline: %d cases waiting, want %d", len(ids), due)
	}
	runtime.GC()
	t0 = time.Now()
	if err := plainDestruction(ctx, dbB, ids, listID, now); err != nil {
		b.Fatal(err)
	}
	plainTime := time.Since(t0)

	// Both removed the same rows: nothing left of the due files, the same rows left of the others.
	for _, db := range []*sqlx.DB{dbA, dbB} {
		var left, gone int
		var kept []int64
		if err := db.QueryRowxContext(ctx, `SELECT
			(SELECT count(*) FROM complaints WHERE destroyed_at IS NOT NULL),
			(SELECT count(*) FROM complaints c WHERE c.destroyed_at IS NOT NULL AND (c.complainant_name <> '' OR c.summary <> ''
				OR EXISTS (SELECT 1 FROM notices n WHERE n.complaint_id = c.id) OR EXISTS (SELECT 1 FROM events e WHERE e.complaint_id = c.id)
				OR EXISTS (SELECT 1 FROM access_log l WHERE l.complaint_id = c.id) OR EXISTS (SELECT 1 FROM hearings h WHERE h.complaint_id = c.id)
				OR EXISTS (SELECT 1 FROM representations r WHERE r.complaint_id = c.id)
				OR EXISTS (SELECT 1 FROM advices a WHERE a.complaint_id = c.id AND a.text <> ''))),
			ARRAY[(SELECT count(*) FROM events e JOIN complaints c ON c.id = e.complaint_id WHERE c.reference LIKE 'MP-D-%'),
				(SELECT count(*) FROM notices n JOIN complaints c ON c.id = n.complaint_id WHERE c.reference LIKE 'MP-D-%'),
				(SELECT count(*) FROM access_log l JOIN complaints c ON c.id = l.complaint_id WHERE c.reference LIKE 'MP-D-%'),
				(SELECT count(*) FROM hearings h JOIN complaints c ON c.id = h.complaint_id WHERE c.reference LIKE 'MP-D-%'),
				(SELECT count(*) FROM representations r JOIN complaints c ON c.id = r.complaint_id WHERE c.reference LIKE 'MP-D-%')]`).
			Scan(&gone, &left, pq.Array(&kept)); err != nil {
			b.Fatal(err)
		}
		if gone != due || left != 0 {
			b.Fatalf("%d files destroyed, %d of them with something left; want %d and 0", gone, left, due)
		}
		b.Logf("rows left of the other cases (events, letters, access log, hearings, representations): %v", kept)
	}

	if f := intake.failures.Load(); f > 0 {
		b.Fatalf("intake: %d failures; first: %s", f, firstErr(intake))
	}
	slices.Sort(quiet.latencies)
	slices.Sort(busy.latencies)
	p99Quiet, p99Busy := percentile(quiet.latencies, 0.99), percentile(busy.latencies, 0.99)
	p99Ratio := p99Busy / p99Quiet
	rate := float64(due) / destroyTime.Seconds()
	plainRate := float64(due) / plainTime.Seconds()
	ratio := rate / plainRate
	loadRate := float64(underLoad) / intakeEnd.Seconds()
	aloneRate := float64(due-underLoad) / (destroyTime - intakeEnd).Seconds()

	b.ReportMetric(0, "ns/op")
	b.ReportMetric(rate, "destroyed/s")
	b.ReportMetric(plainRate, "plain/s")
	b.ReportMetric(ratio, "ratio")
	b.ReportMetric(approval.Seconds(), "approval-s")
	b.ReportMetric(p99Quiet, "intake-p99-ms")
	b.ReportMetric(p99Busy, "intake-p99-destroying-ms")
	b.ReportMetric(p99Ratio, "p99-ratio")

	verdict := func(ok bool) string {
		if ok {
			return "met"
		}
		return "NOT met"
	}
	b.Logf("destroyer: %d batches of %d, longest batch %v; %.0f cases/s while the intake ran (%v), %.0f cases/s after it",
		len(marks), batch, longest.Round(time.Millisecond), loadRate, intakeEnd.Round(time.Millisecond), aloneRate)
	if len(tail) > 0 {
		b.Logf("destroyer alone: first tenth of its batches %v each, last tenth %v each",
			meanOf(tail[:tenth]).Round(time.Millisecond), meanOf(tail[len(tail)-tenth:]).Round(time.Millisecond))
	}
	b.Logf("intake: without destruction %d in %v (p50 %.1f ms), during it %d in %v (p50 %.1f ms)",
		quiet.n, quiet.elapsed.Round(time.Millisecond), percentile(quiet.latencies, 0.5),
		busy.n, busy.elapsed.Round(time.Millisecond), percentile(busy.latencies, 0.5))
	fmt.Printf("destruction: %d of %d complaints approved in one list in %.1f s; destroyer %.0f cases/s (%v, batches of %d, rests of a third of a batch, at least %v) "+
		"vs plain SQL %.0f cases/s (%v): ratio %.2f (goal >= %.2f: %s); intake p99 %.1f ms without destruction, "+
		"%.1f ms during it: ratio %.2f (goal <= %.1f: %s); %d intake clients\n",
		due, n, approval.Seconds(), rate, destroyTime.Round(time.Millisecond), batch, *flagDestrPause, plainRate, plainTime.Round(time.Millisecond),
		ratio, destructionGoal, verdict(ratio >= destructionGoal), p99Quiet, p99Busy, p99Ratio, intakeP99Goal,
		verdict(p99Ratio <= intakeP99Goal), clients)
}

// plainDestruction removes and blanks the files of the complaints ids as plain SQL would: one
// set-based statement per table over all the ids, in one transaction, and records the list done.
func plainDestruction(ctx context.Context, db *sqlx.DB, ids []int64, listID int64, now time.Time) error {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for i, s := range []struct {
		sql  string
		args []any
	}{
		{`CREATE TEMP TABLE gone (id bigint PRIMARY KEY) ON COMMIT DROP`, nil},
		{`INSERT INTO gone SELECT unnest($1::bigint[])`, []any{pq.Array(ids)}},
		{`ANALYZE gone`, nil},
		{`UPDATE complaints c SET had_supporter = (c.supporter_name <> '' OR c.supporter_id IS NOT NULL OR c.had_supporter
				OR EXISTS (SELECT 1 FROM representations rep WHERE rep.complaint_id = c.id)),
			reference = 'X-' || c.id, tracking_hash = '\x', complainant_name = '', complainant_email = '',
			complainant_phone = '', complainant_street = '', complainant_postcode = '', complainant_city = '',
			supporter_name = '', supporter_organisation = '', supporter_email = '', supporter_phone = '',
			supporter_street = '', supporter_postcode = '', supporter_city = '', supporter_consent = false,
			supporter_id = NULL, supporter_relation = '', summary = '', desired_outcome = '', occurred_on = NULL,
			findings = '', conclusions = '', inadmissible_earlier_reference = '', public_emails = '{}',
			ombudsman_on = NULL, reopened_on = NULL, destroyed_at = $1
		FROM gone WHERE c.id = gone.id`, []any{now}},
		{`UPDATE advices a SET text = '', rejection_reasons = '', execution_note = '' FROM gone WHERE a.complaint_id = gone.id`, nil},
		{`DELETE FROM advice_reminders r USING advices a, gone WHERE r.advice_id = a.id AND a.complaint_id = gone.id`, nil},
		{`DELETE FROM notices x USING gone WHERE x.complaint_id = gone.id`, nil},
		{`DELETE FROM events x USING gone WHERE x.complaint_id = gone.id`, nil},
		{`DELETE FROM access_log x USING gone WHERE x.complaint_id = gone.id`, nil},
		{`DELETE FROM hearing_invitations x USING gone WHERE x.complaint_id = gone.id`, nil},
		{`DELETE FROM hearings x USING gone WHERE x.complaint_id = gone.id`, nil},
		{`DELETE FROM postponements x USING gone WHERE x.complaint_id = gone.id`, nil},
		{`DELETE FROM supporter_contributions x USING gone WHERE x.complaint_id = gone.id`, nil},
		{`DELETE FROM representations x USING gone WHERE x.complaint_id = gone.id`, nil},
		{`UPDATE trajectories x SET complaint_id = NULL FROM gone WHERE x.complaint_id = gone.id`, nil},
		{`UPDATE destructions SET destroyed_at = $1, complaint_id = NULL WHERE list_id = $2`, []any{now, listID}},
		{`UPDATE destruction_lists SET finished_at = $1 WHERE id = $2`, []any{now, listID}},
	} {
		if _, err := tx.ExecContext(ctx, s.sql, s.args...); err != nil {
			return fmt.Errorf("plain destruction, statement %d: %w", i+1, err)
		}
	}
	return tx.Commit()
}

// dbName returns the database name of a PostgreSQL URL.
func dbName(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		panic(err)
	}
	return strings.TrimPrefix(p.Path, "/")
}

// runWhile makes clients goroutines call one until d has passed or stop is closed (nil: never), and
// returns what they did (run, intake_bench_test.go, is it without stop).
func runWhile(clients int, d time.Duration, stop <-chan struct{}, one func(client, seq int) bool) round {
	runtime.GC()
	var wg sync.WaitGroup
	per := make([][]time.Duration, clients)
	start := time.Now()
	deadline := start.Add(d)
	done := func() bool {
		select {
		case <-stop:
			return true
		default:
			return !time.Now().Before(deadline)
		}
	}
	for c := range clients {
		wg.Go(func() {
			lat := make([]time.Duration, 0, 4096)
			for seq := 0; !done(); seq++ {
				t0 := time.Now()
				if !one(c, seq) {
					continue
				}
				lat = append(lat, time.Since(t0))
			}
			per[c] = lat
		})
	}
	wg.Wait()
	r := round{elapsed: time.Since(start)}
	for _, lat := range per {
		r.n += len(lat)
		r.latencies = append(r.latencies, lat...)
	}
	return r
}
