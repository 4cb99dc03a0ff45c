package web_test

import (
	"context"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/pgcluster"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/web"
)

// TestOutageLosesNothing stops the database server under a running service. The API answers 503
// unavailable with Retry-After, the pages a calm 503 page, and the complaint form comes back with
// everything the resident typed; no answer and no metric shows an address or a driver error. When
// the server is back, the same form files the complaint, on the same connection pool.
func TestOutageLosesNothing(t *testing.T) {
	ctx := context.Background()
	cl, opts, sqldb := pgtest.StoppableCluster(t, ctx)
	clock := pgtest.NewClock(startTime)
	store := postgres.New(sqldb, clock.Now, postgres.DefaultTerms)
	org, err := store.CreateOrganisation(ctx, casework.Organisation{Name: orgAName, Kind: casework.OrgCareProvider})
	if err != nil {
		t.Fatal(err)
	}
	const password = "een lang en eigen wachtwoord"
	if _, err := store.CreateUser(ctx, casework.NewUser{Email: "staff@meldpunt.example", Name: staffName,
		Role: casework.RoleStaff, Password: password}); err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	srv, err := web.New(store, slog.New(slog.NewJSONHandler(logs, nil)), testConfig)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, store: store, server: srv, logs: logs, tokens: map[role]string{}, sessions: map[role]string{}}
	h.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(h.ts.Close)
	h.client = h.clientFrom("")

	var session struct{ Token string }
	h.call("POST", "/api/v1/auth/login", anon, map[string]string{"email": "staff@meldpunt.example", "password": password}).
		ok(t, http.StatusOK, &session)
	// The resident opens the form while all is well, and takes a minute to fill it in.
	opened := h.getPage("/klacht")
	wantPage(t, opened, http.StatusOK, "nl")
	token := formTokenPattern.FindStringSubmatch(opened.body)
	if token == nil {
		t.Fatalf("no form token on the form: %s", opened)
	}
	clock.Advance(time.Minute)

	port := strconv.Itoa(cl.Port)
	leaks := []string{port, "127.0.0.1", "localhost", "dial", "tcp", "pq:", "refused", "connection", "/tmp", opts.DataDir}
	noLeak := func(what string, body string) {
		t.Helper()
		for _, s := range leaks {
			if strings.Contains(body, s) {
				t.Errorf("%s shows %q: %.600s", what, s, body)
			}
		}
	}

	if err := cl.Stop(); err != nil {
		t.Fatal(err)
	}

	// The API: 503 unavailable with Retry-After, for readers, writers and anonymous callers alike.
	for _, r := range []request{
		{method: "GET", path: "/api/v1/complaints", token: session.Token},
		{method: "GET", path: "/api/v1/me", token: session.Token},
		{method: "POST", path: "/api/v1/complaints", body: intakeBody(org.ID)},
		{method: "GET", path: "/api/v1/organisations"},
		{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"email": "staff@meldpunt.example", "password": password}},
	} {
		res := h.send(r)
		if _, err := res.checkProblem(http.StatusServiceUnavailable, "unavailable"); err != nil {
			t.Errorf("%s %s with the database away: %v", r.method, r.path, err)
		}
		if got := res.header.Get("Retry-After"); got != "60" {
			t.Errorf("%s %s: Retry-After %q, want 60", r.method, r.path, got)
		}
		noLeak(r.method+" "+r.path, string(res.body))
	}

	// A page: the calm 503 page.
	status := h.postForm("/status", map[string][]string{"reference": {"MP-2026-000001"}, "tracking_code": {"ABCD-EFGH"}}, nil)
	wantPage(t, status, http.StatusServiceUnavailable, "nl")
	if !strings.Contains(status.body, "over een minuut") || status.header.Get("Retry-After") != "60" {
		t.Errorf("the status look-up with the database away: %s", status)
	}
	noLeak("the 503 page", status.body)

	// The complaint form comes back with everything typed and the request to try again.
	form := complaintForm(org.ID)
	form.Set("form_token", token[1])
	back := h.postForm("/klacht", form, nil)
	wantPage(t, back, http.StatusServiceUnavailable, "nl")
	if back.header.Get("Retry-After") != "60" || !strings.Contains(back.body, "Probeer het over een minuut opnieuw") {
		t.Errorf("the form with the database away: %s", back)
	}
	noLeak("the complaint form", back.body)
	if strings.Contains(back.body, "niet goed ingevuld") {
		t.Error("the form blames the resident for the outage")
	}
	checked := map[string][]string{}
	for _, m := range inputPattern.FindAllStringSubmatch(back.body, -1) {
		if m[5] != "" {
			checked[m[3]] = append(checked[m[3]], m[4])
		}
	}
	for name, values := range form {
		switch name {
		case "language", "organisation_ids", "grounds", "life_domains", "supporter_consent":
			for _, v := range values {
				if !slices.Contains(checked[name], v) {
					t.Errorf("the form lost %s=%s (checked: %v)", name, v, checked[name])
				}
			}
		default:
			if !strings.Contains(back.body, html.EscapeString(values[0])) {
				t.Errorf("the form lost %s=%q", name, values[0])
			}
		}
	}

	// A replica that started during the outage has never read the organisations: the choice is
	// kept all the same.
	fresh, err := web.New(store, slog.New(slog.DiscardHandler), testConfig)
	if err != nil {
		t.Fatal(err)
	}
	h2 := &harness{t: t, ts: httptest.NewServer(fresh.Handler())}
	t.Cleanup(h2.ts.Close)
	h2.client = h.client
	back = h2.postForm("/klacht", form, nil)
	wantPage(t, back, http.StatusServiceUnavailable, "nl")
	kept := false
	for _, m := range inputPattern.FindAllStringSubmatch(back.body, -1) {
		kept = kept || (m[3] == "organisation_ids" && m[4] == strconv.FormatInt(org.ID, 10) && m[5] != "")
	}
	if !kept {
		t.Errorf("a fresh replica lost the organisation chosen: %s", back)
	}
	for _, v := range []string{piiName, piiEmail, "huishoudelijke hulp"} {
		if !strings.Contains(back.body, html.EscapeString(v)) {
			t.Errorf("a fresh replica lost %q", v)
		}
	}

	// The metrics: served, the database marked down, no address or driver error.
	m := h.send(request{method: "GET", path: "/metrics"})
	if m.status != http.StatusOK || !strings.Contains(string(m.body), "meldpunt_database_up 0") {
		t.Errorf("/metrics with the database away: %d %.300s", m.status, m.body)
	}
	noLeak("/metrics", strings.ReplaceAll(string(m.body), "process_", "")) // process_* metrics hold no address

	// The server is back: the same form files the complaint, without a restart of the service.
	if cl, err = pgcluster.Start(ctx, opts); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Stop() })
	var filed page
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if filed = h.postForm("/klacht", form, nil); filed.status != http.StatusServiceUnavailable {
			break
		}
	}
	wantPage(t, filed, http.StatusOK, "nl")
	var n int
	if err := sqldb.Get(&n, `SELECT count(*) FROM complaints`); err != nil || n != 1 {
		t.Fatalf("after the outage %d complaints (%v), want the one filed", n, err)
	}
	if strings.Contains(logs.String(), `"level":"ERROR"`) {
		t.Errorf("the outage was logged as an internal error: %.2000s", logs.String())
	}
}
