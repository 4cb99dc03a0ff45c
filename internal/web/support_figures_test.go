package web_test

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// supportFixture records, directly in the tables, what a supporter would: six clients of Alfa in
// the first quarter of 2026 with five issues on finances, six phone calls of 30 minutes and one
// referral outside the pool; two clients of Bravo (hidden, and so Alfa's six withheld); and five
// complaints with a supporter.
func supportFixture(h *harness) {
	h.t.Helper()
	alfa, bravo := h.pooled("Alfa Ondersteuning"), h.pooled("Bravo Raadslieden")
	for i := range 8 {
		sup := alfa
		if i >= 6 {
			sup = bravo
		}
		var id int64
		if err := h.db.Get(&id, `INSERT INTO trajectories (supporter_id, client_label, started_on, created_at, updated_at)
			VALUES ($1, 'GEHEIM-CLIENTLABEL', $2, now(), now()) RETURNING id`, sup, "2026-01-0"+string(rune('1'+i))); err != nil {
			h.t.Fatal(err)
		}
		if i < 5 {
			h.exec(`INSERT INTO trajectory_issues (trajectory_id, topic, noted_on) VALUES ($1, 'finances', '2026-01-10')`, id)
		}
		if i < 6 {
			h.exec(`INSERT INTO trajectory_activities (trajectory_id, on_date, channel, minutes) VALUES ($1, '2026-02-01', 'phone', 30)`, id)
		}
		if i == 0 {
			h.exec(`INSERT INTO trajectory_referrals (trajectory_id, on_date, to_organisation) VALUES ($1, '2026-02-02', 'Schuldhulp')`, id)
		}
	}
	for range 5 {
		r := h.file(h.orgA)
		h.exec(`UPDATE complaints SET supporter_name = 'Bravo Raadslieden' WHERE reference = $1`, r.Reference)
	}
}

func (h *harness) exec(query string, args ...any) {
	h.t.Helper()
	if _, err := h.db.Exec(query, args...); err != nil {
		h.t.Fatal(err)
	}
}

// TestSupportFiguresAPI: the JSON and CSV of a quarter as the municipality reads them, with small
// counts hidden, the count that would reveal one withheld, and no client label; a bad year or
// quarter is refused with 422 naming the field.
func TestSupportFiguresAPI(t *testing.T) {
	h := newHarness(t)
	supportFixture(h)

	var f map[string]any
	h.call("GET", "/api/v1/support-figures?year=2026&quarter=1", municipality, nil).ok(t, http.StatusOK, &f)
	check := func(key string, want any) {
		t.Helper()
		got, _ := json.Marshal(f[key])
		w, _ := json.Marshal(want)
		if string(got) != string(w) {
			t.Errorf("%s = %s, want %s", key, got, w)
		}
	}
	check("period_from", "2026-01-01")
	check("period_to", "2026-03-31")
	check("clients", 8)
	check("new_clients", 8)
	check("hours", 3.0)
	check("issues", 5)
	check("referrals", "<5")
	check("referrals_outside_pool", "<5")
	check("complaints", 5)
	check("complaints_with_supporter", 5)
	check("complaints_with_supporter_share", 100.0)
	// Bravo's two clients are hidden, so Alfa's six are withheld: otherwise 8 − 6 gives Bravo's.
	check("hours_by_supporter", []map[string]any{
		{"supporter": "Alfa Ondersteuning", "clients": "x", "hours": nil},
		{"supporter": "Bravo Raadslieden", "clients": "<5", "hours": nil},
	})
	raw := h.call("GET", "/api/v1/support-figures?year=2026", council, nil).want(t, http.StatusOK)
	if strings.Contains(string(raw.body), "GEHEIM") || strings.Contains(string(raw.body), piiName) {
		t.Errorf("the figures carry personal data: %s", raw.body)
	}

	res := h.call("GET", "/api/v1/support-figures.csv?year=2026&quarter=1", staff, nil).want(t, http.StatusOK)
	if ct := res.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := res.header.Get("Content-Disposition"); !strings.Contains(cd, "clientondersteuning-2026-Q1.csv") {
		t.Errorf("Content-Disposition %q", cd)
	}
	rows, err := csv.NewReader(strings.NewReader(string(res.body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	for _, r := range rows[1:] {
		found[strings.Join(r[:3], "|")] = r[3]
	}
	for k, want := range map[string]string{
		"clients||clients": "8", "hours||hours": "3.0", "issues_by_topic|finances|issues": "5",
		"issues_by_topic|debts|issues": "<5", "hours_by_supporter|Alfa Ondersteuning|clients": "x",
		"hours_by_supporter|Alfa Ondersteuning|hours": "x", "activities_by_channel|phone|hours": "3.0",
		"complaints||complaints_with_supporter_share": "100.0", "period||quarter": "1",
	} {
		if found[k] != want {
			t.Errorf("CSV %s = %q, want %q", k, found[k], want)
		}
	}
	if strings.Join(rows[0], ",") != "section,key,measure,value" {
		t.Errorf("CSV header %v", rows[0])
	}

	for _, tc := range []struct{ query, field string }{
		{"", "year"}, {"year=2027", "year"}, {"year=1999", "year"}, {"year=26", "year"},
		{"year=2026&quarter=5", "quarter"}, {"year=2026&quarter=0", "quarter"}, {"year=2026&quarter=Q1", "quarter"},
	} {
		for _, path := range []string{"/api/v1/support-figures?", "/api/v1/support-figures.csv?"} {
			p := h.call("GET", path+tc.query, municipality, nil).problem(t, http.StatusUnprocessableEntity, "validation_failed")
			wantFields(t, p, tc.field)
		}
	}
	for _, as := range []role{orgA, supporter} {
		h.call("GET", "/api/v1/support-figures?year=2026", as, nil).problem(t, http.StatusForbidden, "forbidden")
	}
}

// TestMunicipalityPage: the policy officer signs in to /gemeente, chooses a quarter with the GET
// form and reads the tables in Dutch and English, with the downloads of the same period; a bad
// choice is shown again with an error summary; the menu has the page; nothing else is theirs.
func TestMunicipalityPage(t *testing.T) {
	h := newHarness(t)
	supportFixture(h)

	_, res := h.signIn("beleid@gemeente.example", h.w.passwords[municipality], nil)
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/gemeente" {
		t.Errorf("after signing in: %d to %q, want 303 to /gemeente", res.StatusCode, loc)
	}

	p := h.pageAs("GET", "/gemeente?jaar=2026&kwartaal=1", municipality, nil)
	if p.status != http.StatusOK {
		t.Fatalf("GET /gemeente: %s", p)
	}
	wantPage(t, p, http.StatusOK, "nl")
	for _, want := range []string{
		"<h1>Cijfers cliëntondersteuning</h1>", "Kwartaal 1 van 2026", "<caption id=\"cap-kwesties\">Kwesties per onderwerp</caption>",
		"<th scope=\"row\">Geldzaken</th><td>5</td>", "<th scope=\"row\">Uren</th><td>3,0</td>",
		"<th scope=\"row\">Alfa Ondersteuning</th><td>x</td><td>x</td>", "<th scope=\"row\">Bravo Raadslieden</th><td>&lt;5</td><td>x</td>",
		`href="/gemeente/cijfers.csv?jaar=2026&amp;kwartaal=1"`, `href="/gemeente/cijfers.json?jaar=2026&amp;kwartaal=1"`,
		`<input type="radio" id="kwartaal-1" name="kwartaal" value="1" checked>`, `aria-current="page">Cijfers cliëntondersteuning</a>`, "Kleine aantallen verbergen wij",
	} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(p.body, "GEHEIM") {
		t.Error("the page shows a client label")
	}
	if strings.Count(p.body, "<h1") != 1 {
		t.Error("not exactly one h1")
	}

	en := h.pageAs("GET", "/gemeente?jaar=2026&kwartaal=1&lang=en", municipality, nil)
	wantPage(t, en, http.StatusOK, "en")
	wantEnglishLinks(t, en)
	if !strings.Contains(en.body, `href="/gemeente?jaar=2026&amp;kwartaal=1" lang="nl"`) {
		t.Error("the English page does not switch to the Dutch page of the same quarter")
	}
	if !strings.Contains(p.body, `href="/gemeente?jaar=2026&amp;kwartaal=1&amp;lang=en" lang="en"`) {
		t.Error("the Dutch page does not switch to the English page of the same quarter")
	}
	for _, want := range []string{"<h1>Client support figures</h1>", "Quarter 1 of 2026", "<th scope=\"row\">Hours</th><td>3.0</td>",
		`href="/gemeente/cijfers.csv?jaar=2026&amp;kwartaal=1&amp;lang=en"`, "We hide small numbers"} {
		if !strings.Contains(en.body, want) {
			t.Errorf("the English page lacks %q", want)
		}
	}

	// This year so far when nothing is chosen.
	if p := h.pageAs("GET", "/gemeente", municipality, nil); p.status != http.StatusOK || !strings.Contains(p.body, "Het jaar 2026") {
		t.Errorf("GET /gemeente without a choice: %s", p)
	}

	bad := h.pageAs("GET", "/gemeente?jaar=2026&kwartaal=7", municipality, nil)
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, `<a href="#kwartaal">`) ||
		!strings.Contains(bad.body, `<p class="fout" id="kwartaal-fout">`) || strings.Contains(bad.body, `id="jaar-fout"`) ||
		!strings.Contains(bad.body, "<title>Fout:") {
		t.Errorf("a bad quarter: %s", bad)
	}

	dl := h.pageAs("GET", "/gemeente/cijfers.csv?"+url.Values{"jaar": {"2026"}, "kwartaal": {"1"}}.Encode(), municipality, nil)
	if dl.status != http.StatusOK || !strings.HasPrefix(dl.body, "section,key,measure,value\n") ||
		!strings.Contains(dl.body, "clients,,clients,8\n") {
		t.Errorf("CSV download: %s", dl)
	}
	js := h.pageAs("GET", "/gemeente/cijfers.json?jaar=2026&kwartaal=1", municipality, nil)
	var f struct {
		Clients int `json:"clients"`
	}
	if js.status != http.StatusOK || json.Unmarshal([]byte(js.body), &f) != nil || f.Clients != 8 {
		t.Errorf("JSON download: %s", js)
	}
	if p := h.pageAs("GET", "/gemeente/cijfers.csv?jaar=3000", municipality, nil); p.status != http.StatusUnprocessableEntity {
		t.Errorf("a download of a year not begun: %d", p.status)
	}

	// Nothing else: no worklist, no cases, no reports, no organisation pages.
	for _, path := range []string{"/werk", "/raad", "/raad/jaar/2026", "/organisatie", "/werk/ondersteuners"} {
		if p := h.pageAs("GET", path, municipality, nil); p.status != http.StatusForbidden {
			t.Errorf("GET %s as the municipality: %d, want 403", path, p.status)
		}
	}
	for _, path := range []string{"/api/v1/complaints", "/api/v1/advices", "/api/v1/notices", "/api/v1/reports/annual/2026.json"} {
		h.call("GET", path, municipality, nil).problem(t, http.StatusForbidden, "forbidden")
	}
}

// TestCouncilYearPageHasTheChapter: the council's page of a year shows the chapter on client
// support with the same figures as the report, in both languages.
func TestCouncilYearPageHasTheChapter(t *testing.T) {
	h := newHarness(t)
	supportFixture(h)
	p := h.pageAs("GET", "/raad/jaar/2026", council, nil)
	wantPage(t, p, http.StatusOK, "nl")
	for _, want := range []string{`<h2 id="clientondersteuning">Cliëntondersteuning</h2>`, "<th scope=\"row\">Geldzaken</th><td>5</td>",
		"<th scope=\"row\">Cliënten (trajecten in de periode)</th><td>8</td>", `href="/gemeente/cijfers.csv?jaar=2026"`, `<a href="/gemeente">De cijfers per kwartaal</a>`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the council's page lacks %q", want)
		}
	}
	if strings.Contains(p.body, "GEHEIM") {
		t.Error("the council's page shows a client label")
	}
	en := h.pageAs("GET", "/raad/jaar/2026?lang=en", council, nil)
	wantPage(t, en, http.StatusOK, "en")
	wantEnglishLinks(t, en)
	if !strings.Contains(en.body, `<h2 id="clientondersteuning">Client support</h2>`) {
		t.Error("the English page lacks the chapter")
	}
}
