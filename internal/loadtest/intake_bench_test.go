package loadtest_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"meldpunt/internal/casework"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
	"meldpunt/internal/web"
)

var (
	flagPairs   = flag.Int("loadtest.pairs", 8, "round pairs (one SQL and one HTTP round each) per b.N")
	flagRound   = flag.Duration("loadtest.round", 2*time.Second, "duration of one measured round")
	flagClients = flag.Int("loadtest.clients", 16, "concurrent clients on each side")
	flagPool    = flag.Int("loadtest.pool", 16, "database connection pool size, the same for both sides")
)

// goalRatio is the goal: HTTP intake reaches at least half the direct rate.
const goalRatio = 0.5

// summary is a Dutch complaint of about 400 characters, with diacritics.
const summary = "Sinds januari is mijn bijstandsuitkering twee keer te laat betaald. Ik heb de coördinator " +
	"van het sociaal wijkteam drie keer gebeld; één keer werd ik doorverbonden en daarna hoorde ik niets " +
	"meer. Aan de balie zei een medewerker dat ik \"maar geduld moest hebben\". Niemand heeft mij " +
	"geïnformeerd over de financiële gevolgen: ik heb nu een huurachterstand. Ik voel me als cliënt " +
	"niet serieus genomen."

// intakes returns the intakes both sides file, in turn: one or two organisations, varied grounds and
// life domains, each a valid resident's web intake.
func intakes(orgs []int64) []casework.Intake {
	people := []casework.Contact{
		{Name: "Anneke de Vries-Ünal", Email: "anneke.devries@example.nl", Phone: "06 12345678"},
		{Name: "Joëlle Bakker", Email: "joelle@example.nl", Street: "Lange Nieuwstraat 12",
			Postcode: "3512 PH", City: "Utrecht"},
		{Name: "Mehmet Çelik", Phone: "030 123 45 67", Street: "Oudegracht 100", Postcode: "3511 AX", City: "Utrecht"},
		{Name: "Zoë van den Berg", Email: "zoe.vdberg@example.nl", Phone: "+31 6 87654321",
			Street: "Kerkstraat 3a", Postcode: "2011 AB", City: "Haarlem"},
	}
	grounds := [][]casework.Ground{{casework.GroundTreatment}, {casework.GroundProcedure, casework.GroundSolution},
		{casework.GroundTreatment, casework.GroundProcedure}}
	domains := [][]casework.LifeDomain{{casework.DomainIncome}, {casework.DomainIncome, casework.DomainHousing},
		{casework.DomainCare}, {casework.DomainYouthCare, casework.DomainEducation}}
	var out []casework.Intake
	for i := range 8 {
		ids := []int64{orgs[i%len(orgs)]}
		if i%2 == 1 {
			ids = append(ids, orgs[(i*3+1)%len(orgs)])
		}
		in := casework.Intake{
			Complainant:     people[i%len(people)],
			Language:        casework.LanguageDutch,
			Channel:         casework.ChannelWeb,
			OrganisationIDs: ids,
			Grounds:         grounds[i%len(grounds)],
			LifeDomains:     domains[i%len(domains)],
			Summary:         summary,
			DesiredOutcome:  "Excuses, een vaste contactpersoon en betaling van de uitkering op tijd.",
			OccurredOn:      "2026-02-12",
		}
		if i%4 == 3 {
			in.Supporter = &casework.Contact{Name: "Stichting Cliëntondersteuning Oost", Email: "hulp@example.nl"}
			in.SupporterConsent = true
		}
		out = append(out, in)
	}
	return out
}

// clone copies the slices FileComplaint's Normalize sorts in place, so goroutines share nothing.
func clone(in casework.Intake) casework.Intake {
	in.OrganisationIDs = slices.Clone(in.OrganisationIDs)
	in.Grounds = slices.Clone(in.Grounds)
	in.LifeDomains = slices.Clone(in.LifeDomains)
	if in.Supporter != nil {
		s := *in.Supporter
		in.Supporter = &s
	}
	return in
}

// round is the outcome of one round of one side.
type round struct {
	n         int
	elapsed   time.Duration
	latencies []time.Duration
}

// side accumulates the rounds of one side.
type side struct {
	name      string
	n         int
	elapsed   time.Duration
	latencies []time.Duration
	rates     []float64
	failures  atomic.Int64
	firstErr  atomic.Pointer[string]
}

func (s *side) fail(err string) {
	s.failures.Add(1)
	s.firstErr.CompareAndSwap(nil, &err)
}

func (s *side) add(r round) {
	s.n += r.n
	s.elapsed += r.elapsed
	s.latencies = append(s.latencies, r.latencies...)
	s.rates = append(s.rates, float64(r.n)/r.elapsed.Seconds())
}

func (s *side) rate() float64 { return float64(s.n) / s.elapsed.Seconds() }

// percentile returns the nearest-rank q-quantile of sorted latencies, in milliseconds.
func percentile(sorted []time.Duration, q float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	i := max(int(math.Ceil(q*float64(len(sorted))))-1, 0)
	return float64(sorted[i]) / float64(time.Millisecond)
}

// serveForBench starts a real server of the service on store with cfg (the production log format,
// written nowhere) and returns its address and an HTTP client that keeps a connection per client.
func serveForBench(b *testing.B, store *postgres.DB, cfg web.Config, clients int, timeout time.Duration) (string, *http.Client) {
	b.Helper()
	srv, err := web.New(store, slog.New(slog.NewJSONHandler(io.Discard, nil)), cfg)
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	b.Cleanup(ts.Close)
	transport := &http.Transport{MaxIdleConns: 4 * clients, MaxIdleConnsPerHost: 4 * clients,
		IdleConnTimeout: time.Minute, DisableCompression: true}
	b.Cleanup(transport.CloseIdleConnections)
	return ts.URL, &http.Client{Transport: transport, Timeout: timeout}
}

// run makes clients goroutines call one until d has passed, and returns what they did. one gets the
// client's number and its sequence number, and reports success.
func run(clients int, d time.Duration, one func(client, seq int) bool) round {
	return runWhile(clients, d, nil, one)
}

func BenchmarkIntake(b *testing.B) {
	ctx := b.Context()
	clients, pool := *flagClients, *flagPool
	clock := pgtest.NewClock(time.Date(2026, 3, 2, 10, 0, 0, 0, term.Amsterdam()))
	sqlDB, err := postgres.Open(ctx, pgtest.NewURL(b), pool)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { sqlDB.Close() })
	store := postgres.New(sqlDB, clock.Now, postgres.DefaultTerms)

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
	variants := intakes(orgs)
	bodies := make([][]byte, len(variants))
	for i, in := range variants {
		if bodies[i], err = json.Marshal(in); err != nil {
			b.Fatal(err)
		}
	}
	if n := utf8.RuneCountInString(summary); n < 380 || n > 450 {
		b.Fatalf("summary has %d characters, want about 400", n)
	}

	// Every client posts from 127.0.0.1: the intake limit per source address is off, as it would be
	// for a trusted load test (MELDPUNT_INTAKE_LIMIT set high).
	cfg := web.DefaultConfig
	cfg.IntakeLimit = 0
	base, client := serveForBench(b, store, cfg, clients, 30*time.Second)
	endpoint := base + "/api/v1/complaints"

	httpSide, sqlSide := &side{name: "http"}, &side{name: "sql"}
	post := func(body []byte) (int, []byte, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
		if err != nil {
			return 0, nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		answer, err := io.ReadAll(resp.Body)
		return resp.StatusCode, answer, err
	}
	httpOne := func(c, seq int) bool {
		status, answer, err := post(bodies[(c+seq)%len(bodies)])
		switch {
		case err != nil:
			httpSide.fail(err.Error())
			return false
		case status != http.StatusCreated:
			httpSide.fail(fmt.Sprintf("status %d: %s", status, answer))
			return false
		}
		return true
	}
	sqlOne := func(c, seq int) bool {
		if _, err := store.FileComplaint(ctx, casework.ResidentActor, clone(variants[(c+seq)%len(variants)])); err != nil {
			sqlSide.fail(err.Error())
			return false
		}
		return true
	}

	// Check once that both sides do what they should before measuring.
	status, answer, err := post(bodies[1])
	var receipt casework.Receipt
	if err != nil || status != http.StatusCreated || json.Unmarshal(answer, &receipt) != nil ||
		receipt.Reference == "" || receipt.TrackingCode == "" || receipt.HandlingLastDay != "2026-04-13" {
		b.Fatalf("check intake over HTTP: status %d, err %v, answer %s", status, err, answer)
	}
	if r, err := store.FileComplaint(ctx, casework.ResidentActor, clone(variants[1])); err != nil ||
		r.HandlingLastDay != receipt.HandlingLastDay {
		b.Fatalf("check direct intake: %+v, %v", r, err)
	}

	// Warm up both sides (connections, caches, JIT of the planner), untimed.
	warm := min(*flagRound/2, time.Second)
	run(clients, warm, sqlOne)
	run(clients, warm, httpOne)
	if httpSide.failures.Load()+sqlSide.failures.Load() > 0 {
		b.Fatalf("warm-up failed: http %d failures (%s), sql %d failures (%s)", httpSide.failures.Load(),
			firstErr(httpSide), sqlSide.failures.Load(), firstErr(sqlSide))
	}

	pairs := *flagPairs * b.N
	b.ResetTimer()
	rounds := alternate(pairs, clients, *flagRound, sqlSide, httpSide, sqlOne, httpOne)
	b.StopTimer()
	if f := httpSide.failures.Load(); f > 0 {
		b.Errorf("http: %d intakes failed; first: %s", f, firstErr(httpSide))
	}
	if f := sqlSide.failures.Load(); f > 0 {
		b.Errorf("sql: %d intakes failed; first: %s", f, firstErr(sqlSide))
	}
	if b.Failed() {
		return
	}

	slices.Sort(httpSide.latencies)
	slices.Sort(sqlSide.latencies)
	httpRate, sqlRate := httpSide.rate(), sqlSide.rate()
	ratio := httpRate / sqlRate
	b.ReportMetric(0, "ns/op") // one op is a whole measurement; the rates below are the result
	b.ReportMetric(httpRate, "http-intakes/s")
	b.ReportMetric(sqlRate, "sql-intakes/s")
	b.ReportMetric(ratio, "ratio")
	b.ReportMetric(percentile(httpSide.latencies, 0.50), "http-p50-ms")
	b.ReportMetric(percentile(httpSide.latencies, 0.99), "http-p99-ms")
	b.ReportMetric(percentile(sqlSide.latencies, 0.50), "sql-p50-ms")
	b.ReportMetric(percentile(sqlSide.latencies, 0.99), "sql-p99-ms")

	verdict := "met"
	if ratio < goalRatio {
		verdict = "NOT met"
	}
	b.Logf("rounds (intakes/s, in order): %s", strings.Join(rounds, ", "))
	b.Logf("per-round rates: http %s; sql %s", spread(httpSide.rates), spread(sqlSide.rates))
	fmt.Printf("intake: http %.0f/s (p50 %.1f ms, p99 %.1f ms) vs direct sql %.0f/s (p50 %.1f ms, p99 %.1f ms): "+
		"ratio %.2f (goal >= %.2f: %s); %d clients, pool %d, %d+%d intakes in %d round pairs of %v\n",
		httpRate, percentile(httpSide.latencies, 0.50), percentile(httpSide.latencies, 0.99),
		sqlRate, percentile(sqlSide.latencies, 0.50), percentile(sqlSide.latencies, 0.99),
		ratio, goalRatio, verdict, clients, pool, httpSide.n, sqlSide.n, pairs, *flagRound)
}

// alternate runs pairs of measured rounds of sides a and b (calling oneA and oneB), in the order
// a b b a a b …, so that drift in machine load and table growth falls on both alike; it stops
// after a pair in which either side failed. It returns each round's rate in the order run, named
// by the first word of its side's name ("sql 1017", "http 831", …).
func alternate(pairs, clients int, d time.Duration, a, b *side, oneA, oneB func(client, seq int) bool) []string {
	var rounds []string
	for p := range pairs {
		order := []*side{a, b}
		if p%2 == 1 {
			order[0], order[1] = b, a
		}
		for _, s := range order {
			one := oneA
			if s == b {
				one = oneB
			}
			r := run(clients, d, one)
			s.add(r)
			rounds = append(rounds, fmt.Sprintf("%s %.0f", strings.Fields(s.name)[0], float64(r.n)/r.elapsed.Seconds()))
		}
		if a.failures.Load()+b.failures.Load() > 0 {
			break
		}
	}
	return rounds
}

func firstErr(s *side) string {
	if p := s.firstErr.Load(); p != nil {
		return *p
	}
	return ""
}

// spread formats the minimum, median and maximum of per-round rates.
func spread(rates []float64) string {
	if len(rates) == 0 {
		return "-"
	}
	s := slices.Sorted(slices.Values(rates))
	return fmt.Sprintf("min %.0f median %.0f max %.0f /s", s[0], s[len(s)/2], s[len(s)-1])
}
