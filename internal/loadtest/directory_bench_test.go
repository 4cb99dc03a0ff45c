package loadtest_test

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
	"meldpunt/internal/web"
)

var flagDirectorySupporters = flag.Int("directory.supporters", 500, "members of the pool in the directory benchmark")

// directoryGoal is the goal: the directory page serves at least half the rate of the JSON
// route with the same filters.
const directoryGoal = 0.5

// poolProfile is the i-th member of a generated pool: every kind, three or four life domains, two or
// three languages, a varying set of channels and neighbourhoods, so that a filter on one value of
// three groups finds some tens of supporters.
func poolProfile(i int) casework.SupporterProfile {
	domains := casework.LifeDomains
	langs := []string{"nl", "en", "tr", "ar", "ber", "pl", "so", "ti"}
	hoods := []casework.Neighbourhood{casework.NeighbourhoodCentrum, casework.NeighbourhoodNoord,
		casework.NeighbourhoodOost, casework.NeighbourhoodSchalkwijk, casework.NeighbourhoodZuidWest}
	p := casework.SupporterProfile{
		Name: fmt.Sprintf("Ondersteuner %03d", i+1),
		Kind: casework.SupporterKinds[i%len(casework.SupporterKinds)],
		DescriptionNL: "Wij helpen u gratis bij vragen over zorg, werk en inkomen, en gaan mee naar gesprekken. " +
			"Wij staan naast u als u een klacht hebt.",
		DescriptionEN: "We help you for free with questions about care, work and income, and go with you to meetings.",
		LifeDomains:   []casework.LifeDomain{domains[i%len(domains)], domains[(i+3)%len(domains)], domains[(i+5)%len(domains)]},
		Languages:     []string{"nl", langs[1+i%(len(langs)-1)]},
		Groups:        []string{"ouderen", "mensen met een licht verstandelijke beperking"},
		Independence:  "Wij beslissen niet over de toegang tot zorg en leveren geen zorg.",
		Contact: casework.SupporterContact{Phone: "023 000 " + fmt.Sprintf("%04d", i), PhoneHours: "ma-vr 9-17 uur",
			Website: "https://ondersteuner.example/" + fmt.Sprint(i+1)},
	}
	if i%4 == 0 {
		p.LifeDomains = append(p.LifeDomains, domains[(i+7)%len(domains)])
	}
	if i%3 == 0 {
		p.Languages = append(p.Languages, langs[1+(i/3)%(len(langs)-1)])
	}
	if i%2 == 0 {
		p.Contact.Email = fmt.Sprintf("hulp%d@ondersteuner.example", i+1)
	}
	if i%3 != 1 {
		p.Contact.WhatsApp = "06 0000 " + fmt.Sprintf("%04d", i)
	}
	if i%5 < 2 {
		p.Contact.WalkInAddress, p.Contact.WalkInHours = "Grote Markt 2, Haarlem", "di en do 10-12 uur"
	}
	p.Contact.HomeVisits = i%4 != 3
	if i%6 != 0 {
		p.Neighbourhoods = []casework.Neighbourhood{hoods[i%len(hoods)], hoods[(i+2)%len(hoods)]}
	}
	return p
}

// BenchmarkDirectory measures the public directory page (/ondersteuning) with three filters (a life
// domain, a language and a channel) on a pool of 500 supporters, against GET /api/v1/supporters
// with the same filters, in alternating rounds on the same server and database (see doc.go).
// Both sides are anonymous, as residents are; the filters rotate over every combination.
func BenchmarkDirectory(b *testing.B) {
	ctx := b.Context()
	clients, pool := *flagClients, *flagPool
	now := time.Date(2026, 11, 18, 10, 0, 0, 0, term.Amsterdam())
	sqlDB, err := postgres.Open(ctx, pgtest.NewURL(b), pool)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { sqlDB.Close() })
	store := postgres.New(sqlDB, pgtest.NewClock(now).Now, postgres.DefaultTerms)
	admin, err := store.CreateUser(ctx, casework.NewUser{Email: "beheer@meldpunt.example", Name: "Beheerder",
		Role: casework.RoleAdmin, Password: "een lang wachtwoord voor de meting"})
	if err != nil {
		b.Fatal(err)
	}
	for i := range *flagDirectorySupporters {
		if _, err := store.AdmitSupporter(ctx, casework.ActorOf(admin), poolProfile(i)); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := sqlDB.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}

	srv, err := web.New(store, slog.New(slog.NewJSONHandler(io.Discard, nil)), web.DefaultConfig)
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	b.Cleanup(ts.Close)
	transport := &http.Transport{MaxIdleConns: 4 * clients, MaxIdleConnsPerHost: 4 * clients,
		IdleConnTimeout: time.Minute, DisableCompression: true}
	b.Cleanup(transport.CloseIdleConnections)
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}

	// Every combination of one life domain, one of four languages and one channel.
	var filters []string
	for _, d := range casework.LifeDomains {
		for _, lang := range []string{"tr", "ar", "pl", "en"} {
			for _, ch := range casework.SupportChannels {
				filters = append(filters, url.Values{"life_domain": {string(d)}, "language": {lang},
					"channel": {string(ch)}}.Encode())
			}
		}
	}
	get := func(path string) (int, []byte, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+path, nil)
		if err != nil {
			return 0, nil, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return resp.StatusCode, body, err
	}

	// Check once that both sides find the same supporters for every filter, and that the filters
	// find some tens on average.
	found := 0
	for _, f := range filters {
		_, page, err := get("/ondersteuning?" + f)
		if err != nil {
			b.Fatal(err)
		}
		status, body, err := get("/api/v1/supporters?" + f)
		if err != nil || status != http.StatusOK {
			b.Fatalf("json %s: status %d, err %v", f, status, err)
		}
		n := strings.Count(string(body), `"independence"`)
		for i := range *flagDirectorySupporters {
			name := fmt.Sprintf("Ondersteuner %03d", i+1)
			if strings.Contains(string(body), `"`+name+`"`) != strings.Contains(string(page), name+"<") {
				b.Fatalf("filter %s: page and JSON disagree on %s", f, name)
			}
		}
		found += n
	}
	b.Logf("%d filter combinations, on average %.1f supporters found", len(filters), float64(found)/float64(len(filters)))
	if found < 10*len(filters) {
		b.Fatalf("the filters find too few supporters (%d over %d combinations) to measure a directory", found, len(filters))
	}

	getter := func(s *side, prefix string) func(c, seq int) bool {
		return func(c, seq int) bool {
			status, body, err := get(prefix + filters[(c*7+seq)%len(filters)])
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
	page, json := &side{name: "page /ondersteuning"}, &side{name: "json /api/v1/supporters"}
	pageOne, jsonOne := getter(page, "/ondersteuning?"), getter(json, "/api/v1/supporters?")
	warm := min(*flagRound/2, time.Second)
	run(clients, warm, pageOne)
	run(clients, warm, jsonOne)
	b.ResetTimer()
	rounds := alternate(*flagPagesPairs*b.N, clients, *flagRound, page, json, pageOne, jsonOne)
	b.StopTimer()
	b.Logf("rounds (requests/s, in order): %s", strings.Join(rounds, ", "))
	for _, s := range []*side{page, json} {
		if f := s.failures.Load(); f > 0 {
			b.Errorf("%s: %d requests failed; first: %s", s.name, f, firstErr(s))
		}
	}
	if b.Failed() {
		return
	}
	slices.Sort(page.latencies)
	slices.Sort(json.latencies)
	ratio := page.rate() / json.rate()
	verdict := "met"
	if ratio < directoryGoal {
		verdict = "NOT met"
	}
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(page.rate(), "page/s")
	b.ReportMetric(json.rate(), "json/s")
	b.ReportMetric(ratio, "ratio")
	b.Logf("per-round rates: page %s; json %s", spread(page.rates), spread(json.rates))
	fmt.Printf("directory: %s %.0f/s (p50 %.1f ms, p99 %.1f ms) vs %s %.0f/s (p50 %.1f ms, p99 %.1f ms): ratio %.2f "+
		"(goal >= %.2f: %s); %d supporters, three filters, %d clients, pool %d, %d round pairs of %v\n",
		page.name, page.rate(), percentile(page.latencies, 0.50), percentile(page.latencies, 0.99),
		json.name, json.rate(), percentile(json.latencies, 0.50), percentile(json.latencies, 0.99),
		ratio, directoryGoal, verdict, *flagDirectorySupporters, clients, pool, *flagPagesPairs*b.N, *flagRound)
}
