package loadtest_test

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"meldpunt/internal/casework"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
	"meldpunt/internal/web"
)

var (
	flagPagesComplaints = flag.Int("pages.complaints", 100_000, "complaints in the staff pages benchmark's database")
	flagPagesPairs      = flag.Int("pages.pairs", 4, "round pairs (one page and one JSON round each) per comparison")
)

// pagesGoal is the goal: the pages serve at least half the rate of the JSON route.
const pagesGoal = 0.5

// seedHistory writes n complaints received over the four years before now, as years of use would
// leave them: the last three days' complaints are new, the last six weeks' are being dealt with by
// one of the handlers, those ruled in the last month are advised with an advice to their
// organisation (issued while its term runs, otherwise enforced, accepted or rejected), older ones
// are closed or resolved. Every complaint has its events and its acknowledgement letter; a few
// letters failed. Written in SQL: the store would take too long for this many.
func seedHistory(ctx context.Context, db *sqlx.DB, now time.Time, n int, handlers []int64) error {
	steps := []string{`
		INSERT INTO complaints (reference, tracking_hash, status, channel, language, received_at, handling_last_day,
			handling_deadline_at, complainant_name, complainant_email, complainant_phone, grounds, life_domains, summary,
			handler_id, verdict, findings, conclusions, ruled_at, closed_at, received_on, inadmissibility_last_day)
		SELECT 'MP-H-' || lpad(g::text, 7, '0'), sha256(('code ' || g)::bytea),
			CASE WHEN age < 3 THEN 'received' WHEN age < 40 THEN 'in_treatment' WHEN age < 75 THEN 'advised'
				WHEN g % 11 = 0 THEN 'resolved' ELSE 'closed' END,
			(ARRAY['web', 'phone', 'email', 'letter', 'counter', 'social_media'])[1 + g % 6], 'nl',
			at, (at AT TIME ZONE 'Europe/Amsterdam')::date + 42, at + interval '43 days',
			'Cliënt ' || g, 'client' || g || '@x.example', '06 1234 ' || lpad((g % 10000)::text, 4, '0'),
			ARRAY[(ARRAY['treatment', 'solution', 'procedure'])[1 + g % 3]],
			ARRAY[(ARRAY['social_support', 'care', 'youth_care', 'housing', 'work', 'income'])[1 + g % 6]],
			'Ik wacht al maanden op een beslissing over mijn aanvraag en niemand belt terug.',
			CASE WHEN age >= 3 THEN ($3::bigint[])[1 + g % cardinality($3::bigint[])] END,
			CASE WHEN age >= 40 THEN (ARRAY['founded', 'partly_founded', 'unfounded'])[1 + g % 3] END,
			CASE WHEN age >= 40 THEN 'Bevindingen.' ELSE '' END, CASE WHEN age >= 40 THEN 'Conclusies.' ELSE '' END,
			CASE WHEN age >= 40 THEN at + interval '40 days' END,
			CASE WHEN age >= 75 THEN at + interval '70 days' END,
			-- The day of receipt and, near enough for a seed, the last day of the four weeks of Awb 9:8.
			(at AT TIME ZONE 'Europe/Amsterdam')::date, (at AT TIME ZONE 'Europe/Amsterdam')::date + 28
		FROM (SELECT g, $1::timestamptz - (g::float8 / $2 * 1460 * 86400) * interval '1 second' AS at,
			g::float8 / $2 * 1460 AS age FROM generate_series(0, $2::int - 1) g) x`, `
		INSERT INTO complaint_organisations (complaint_id, organisation_id)
		SELECT c.id, o.id FROM complaints c
		JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i, count(*) OVER () AS n FROM organisations) o
			ON o.i = c.id % o.n
		WHERE c.reference LIKE 'MP-H-%'`, `
		INSERT INTO advices (complaint_id, organisation_id, text, status, issued_at, respond_by, deadline_at,
			responded_at, rejection_reasons, rejection_ground, enforced_at)
		SELECT c.id, co.organisation_id, 'Neem binnen twee weken een besluit en bied excuses aan.', st, c.ruled_at,
			(c.ruled_at AT TIME ZONE 'Europe/Amsterdam')::date + 14, c.ruled_at + interval '15 days',
			CASE WHEN st IN ('accepted', 'rejected') THEN c.ruled_at + interval '5 days' END,
			CASE WHEN st = 'rejected' THEN 'Wij wijzen het advies af omdat het binnen de regels niet kan.' ELSE '' END,
			CASE WHEN st = 'rejected' THEN 'legal' ELSE '' END,
			CASE WHEN st = 'enforced' THEN c.ruled_at + interval '15 days' END
		FROM complaints c JOIN complaint_organisations co ON co.complaint_id = c.id
		CROSS JOIN LATERAL (SELECT CASE WHEN c.ruled_at + interval '15 days' > $1 THEN 'issued'
			ELSE (ARRAY['enforced', 'accepted', 'rejected'])[1 + (c.id / 7) % 3] END AS st) s
		WHERE c.verdict IN ('founded', 'partly_founded') AND c.status = 'advised' AND c.reference LIKE 'MP-H-%'`, `
		INSERT INTO events (complaint_id, action, to_status, actor_role, actor_name, effective_at, processed_at)
		SELECT id, 'file', 'received', 'resident', 'resident', received_at, received_at FROM complaints
		WHERE reference LIKE 'MP-H-%'
		UNION ALL
		SELECT id, 'take_up', 'in_treatment', 'staff', 'Behandelaar', received_at + interval '3 days',
			received_at + interval '3 days' FROM complaints WHERE handler_id IS NOT NULL AND reference LIKE 'MP-H-%'`, `
		INSERT INTO notices (complaint_id, kind, recipient, dedupe_key, language, name, email, created_at, status,
			attempts, next_attempt_at, last_error, sent_at)
		SELECT id, 'acknowledgement', 'complainant', 'ack-h-' || id, 'nl', complainant_name, complainant_email,
			received_at, CASE WHEN id % 3001 = 0 THEN 'failed' ELSE 'sent' END, 1, received_at,
			CASE WHEN id % 3001 = 0 THEN '550 mailbox unavailable' ELSE '' END,
			CASE WHEN id % 3001 <> 0 THEN received_at END
		FROM complaints WHERE reference LIKE 'MP-H-%'`,
		`ANALYZE`,
	}
	for i, q := range steps {
		args := []any{}
		switch i {
		case 0:
			args = []any{now, n, pq.Array(handlers)}
		case 2:
			args = []any{now}
		}
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("seed step %d: %w", i+1, err)
		}
	}
	return nil
}

// BenchmarkStaffPages measures the staff's worklist page (/werk) and case page (/werk/klacht/REF)
// under load, each against the JSON route of the API that serves the same: GET /api/v1/worklist for
// the worklist (the counts and the first pages of the handler's open and advised cases; the page
// reads the failed letters and the support requests waiting as well) and GET
// /api/v1/complaints/REF for the case page. Both sides use the
// same server, database, pool and staff member (a session cookie for the pages, a bearer token for
// the API), in alternating rounds; see doc.go.
// staffWorld is the staff pages' database: 40 organisations, ten handlers and n complaints of
// history (seedHistory) with what the worklist's counts count (seedWorklist), on a pool of pool
// connections, read at now (Wednesday 18 November 2026, 10:00 in Amsterdam).
type staffWorld struct {
	now      time.Time
	sqlDB    *sqlx.DB
	store    *postgres.DB
	orgs     []int64
	handlers []casework.User
	started  time.Time
}

const staffPassword = "een lang wachtwoord voor de meting"

func newStaffWorld(b *testing.B, n, pool int) *staffWorld {
	b.Helper()
	ctx := b.Context()
	w := &staffWorld{now: time.Date(2026, 11, 18, 10, 0, 0, 0, term.Amsterdam())}
	clock := pgtest.NewClock(w.now)
	sqlDB, err := postgres.Open(ctx, pgtest.NewURL(b), pool)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { sqlDB.Close() })
	w.sqlDB = sqlDB
	w.store = postgres.New(sqlDB, clock.Now, postgres.DefaultTerms)
	store := w.store
	for i := range 40 {
		kind := casework.OrgKinds[i%len(casework.OrgKinds)]
		o, err := store.CreateOrganisation(ctx, casework.Organisation{Name: fmt.Sprintf("Organisatie %d", i+1), Kind: kind,
			Email: fmt.Sprintf("klachten%d@example.nl", i+1)})
		if err != nil {
			b.Fatal(err)
		}
		w.orgs = append(w.orgs, o.ID)
	}
	for i := range 10 {
		u, err := store.CreateUser(ctx, casework.NewUser{Email: fmt.Sprintf("behandelaar%d@meldpunt.example", i+1),
			Name: fmt.Sprintf("Behandelaar %d", i+1), Role: casework.RoleStaff, Password: staffPassword})
		if err != nil {
			b.Fatal(err)
		}
		w.handlers = append(w.handlers, u)
	}
	ids := make([]int64, len(w.handlers))
	for i, u := range w.handlers {
		ids[i] = u.ID
	}
	w.started = time.Now()
	if err := seedHistory(ctx, sqlDB, w.now, n, ids); err != nil {
		b.Fatal(err)
	}
	if err := seedWorklist(ctx, sqlDB, w.now); err != nil {
		b.Fatal(err)
	}
	return w
}

func BenchmarkStaffPages(b *testing.B) {
	ctx := b.Context()
	clients, pool := *flagClients, *flagPool
	w := newStaffWorld(b, *flagPagesComplaints, pool)
	now, sqlDB, store, orgs, handlers, started := w.now, w.sqlDB, w.store, w.orgs, w.handlers, w.started
	const password = staffPassword
	me := handlers[0]
	actor := casework.ActorOf(me)

	// The case pages measured: twenty complaints made through the store as staff handle them, each
	// about two organisations, heard and ruled founded with an advice to both.
	var cases []string
	for i := range 20 {
		r, err := store.FileComplaint(ctx, casework.ResidentActor, casework.Intake{
			Complainant: casework.Contact{Name: fmt.Sprintf("Inwoner %d", i), Email: fmt.Sprintf("inwoner%d@example.nl", i),
				Street: "Kerkstraat 3a", Postcode: "2011 AB", City: "Haarlem"},
			OrganisationIDs: []int64{orgs[i%len(orgs)], orgs[(i+7)%len(orgs)]},
			Grounds:         []casework.Ground{casework.GroundTreatment, casework.GroundProcedure},
			LifeDomains:     []casework.LifeDomain{casework.DomainIncome},
			Summary:         summary, DesiredOutcome: "Excuses en een besluit.",
		})
		if err != nil {
			b.Fatal(err)
		}
		if err := store.TakeUp(ctx, actor, r.Reference, casework.TakeUp{NotInvolved: true}); err != nil {
			b.Fatal(err)
		}
		today := term.LocalDate(now).String()
		hearings := []casework.Hearing{{Party: casework.PartyComplainant, HeldOn: today, Record: "Klager gehoord op het stadhuis."}}
		for _, o := range []int64{orgs[i%len(orgs)], orgs[(i+7)%len(orgs)]} {
			hearings = append(hearings, casework.Hearing{Party: casework.PartyOrganisation, OrganisationID: o, HeldOn: today,
				Record: "Directie gehoord."})
		}
		for _, hr := range hearings {
			if _, err := store.RecordHearing(ctx, actor, r.Reference, hr); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := store.Rule(ctx, actor, r.Reference, casework.Ruling{Verdict: casework.VerdictFounded,
			Findings: "De aanvraag bleef maanden liggen.", Conclusions: "De klacht is gegrond.",
			Advices: []casework.AdviceInput{{OrganisationID: orgs[i%len(orgs)], Text: "Neem binnen twee weken een besluit."},
				{OrganisationID: orgs[(i+7)%len(orgs)], Text: "Bied excuses aan."}},
			Recommendations: []casework.RecommendationInput{{LifeDomain: casework.DomainIncome, Text: "Leg een doorlooptijd vast."}},
		}); err != nil {
			b.Fatal(err)
		}
		cases = append(cases, r.Reference)
	}
	if _, err := sqlDB.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	var total int
	if err := sqlDB.GetContext(ctx, &total, `SELECT count(*) FROM complaints`); err != nil {
		b.Fatal(err)
	}
	b.Logf("database: %d complaints, seeded in %v", total, time.Since(started).Round(time.Millisecond))

	srv, err := web.New(store, slog.New(slog.NewJSONHandler(io.Discard, nil)), web.DefaultConfig)
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	b.Cleanup(ts.Close)
	transport := &http.Transport{MaxIdleConns: 4 * clients, MaxIdleConnsPerHost: 4 * clients,
		IdleConnTimeout: time.Minute, DisableCompression: true}
	b.Cleanup(transport.CloseIdleConnections)
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	session, err := store.StartSession(ctx, me, time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	token, err := store.Login(ctx, me.Email, password, "", time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	get := func(path string, page bool) (int, []byte, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+path, nil)
		if err != nil {
			return 0, nil, err
		}
		if page {
			req.AddCookie(&http.Cookie{Name: "meldpunt_sessie", Value: session.Token})
		} else {
			req.Header.Set("Authorization", "Bearer "+token.Token)
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return resp.StatusCode, body, err
	}
	getter := func(s *side, page bool, path func(c, seq int) string) func(c, seq int) bool {
		return func(c, seq int) bool {
			status, body, err := get(path(c, seq), page)
			switch {
			case err != nil:
				s.fail(err.Error())
				return false
			case status != http.StatusOK:
				s.fail(fmt.Sprintf("status %d: %.300s", status, body))
				return false
			}
			return true
		}
	}
	casePath := func(prefix string) func(c, seq int) string {
		return func(c, seq int) string { return prefix + cases[(c+seq)%len(cases)] }
	}

	// Check once that each side answers what it should before measuring.
	checks := []struct {
		path, want string
		page       bool
	}{
		{"/werk", `id="tellingen"`, true},
		{"/werk", `id="mijnzaken"`, true},
		{"/werk", `id="wachten"`, true},
		{"/werk", `Pagina 1 van`, true},
		{"/werk", `id="mislukte-brieven"`, true},
		{"/api/v1/worklist", `"counts":{`, false},
		{"/werk/klacht/" + cases[0], cases[0], true},
		{"/werk/klacht/" + cases[0], "Neem binnen twee weken een besluit.", true},
		{"/api/v1/complaints/" + cases[0], `"advices":[{`, false},
	}
	for _, c := range checks {
		status, body, err := get(c.path, c.page)
		if err != nil || status != http.StatusOK || !strings.Contains(string(body), c.want) {
			b.Fatalf("check %s: status %d, err %v, no %q in %.500s", c.path, status, err, c.want, body)
		}
	}

	type comparison struct {
		name       string
		page, json *side
		pageOne    func(c, seq int) bool
		jsonOne    func(c, seq int) bool
	}
	work, watch := &side{name: "page /werk"}, &side{name: "json /api/v1/worklist"}
	casePage, caseJSON := &side{name: "page /werk/klacht/REF"}, &side{name: "json /api/v1/complaints/REF"}
	comparisons := []comparison{
		{"worklist", work, watch,
			getter(work, true, func(int, int) string { return "/werk" }),
			getter(watch, false, func(int, int) string { return "/api/v1/worklist" })},
		{"case page", casePage, caseJSON,
			getter(casePage, true, casePath("/werk/klacht/")),
			getter(caseJSON, false, casePath("/api/v1/complaints/"))},
	}
	warm := min(*flagRound/2, time.Second)
	for _, cmp := range comparisons {
		run(clients, warm, cmp.pageOne)
		run(clients, warm, cmp.jsonOne)
	}
	b.ResetTimer()
	for _, cmp := range comparisons {
		rounds := alternate(*flagPagesPairs*b.N, clients, *flagRound, cmp.page, cmp.json, cmp.pageOne, cmp.jsonOne)
		b.Logf("%s rounds (requests/s, in order): %s", cmp.name, strings.Join(rounds, ", "))
	}
	b.StopTimer()
	for _, s := range []*side{work, watch, casePage, caseJSON} {
		if f := s.failures.Load(); f > 0 {
			b.Errorf("%s: %d requests failed; first: %s", s.name, f, firstErr(s))
		}
	}
	if b.Failed() {
		return
	}
	b.ReportMetric(0, "ns/op")
	for _, cmp := range comparisons {
		slices.Sort(cmp.page.latencies)
		slices.Sort(cmp.json.latencies)
		ratio := cmp.page.rate() / cmp.json.rate()
		verdict := "met"
		if ratio < pagesGoal {
			verdict = "NOT met"
		}
		unit := strings.ReplaceAll(cmp.name, " ", "-")
		b.ReportMetric(cmp.page.rate(), unit+"-page/s")
		b.ReportMetric(cmp.json.rate(), unit+"-json/s")
		b.ReportMetric(ratio, unit+"-ratio")
		b.ReportMetric(percentile(cmp.page.latencies, 0.99), unit+"-page-p99-ms")
		b.ReportMetric(percentile(cmp.json.latencies, 0.99), unit+"-json-p99-ms")
		b.Logf("%s per-round rates: page %s; json %s", cmp.name, spread(cmp.page.rates), spread(cmp.json.rates))
		fmt.Printf("%s: %s %.0f/s (p50 %.1f ms, p99 %.1f ms) vs %s %.0f/s (p50 %.1f ms, p99 %.1f ms): ratio %.2f "+
			"(goal >= %.2f: %s); %d complaints, %d clients, pool %d, %d round pairs of %v\n",
			cmp.name, cmp.page.name, cmp.page.rate(), percentile(cmp.page.latencies, 0.50), percentile(cmp.page.latencies, 0.99),
			cmp.json.name, cmp.json.rate(), percentile(cmp.json.latencies, 0.50), percentile(cmp.json.latencies, 0.99),
			ratio, pagesGoal, verdict, total, clients, pool, *flagPagesPairs*b.N, *flagRound)
	}
}
