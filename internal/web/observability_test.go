package web_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestObservabilityHealthz: the liveness probe answers without the database.
func TestObservabilityHealthz(t *testing.T) {
	h := newHarness(t)
	var v map[string]string
	h.call("GET", "/healthz", anon, nil).ok(t, http.StatusOK, &v)
	if v["status"] != "ok" {
		t.Fatalf("healthz %v", v)
	}
	h.db.Close()
	h.call("GET", "/healthz", anon, nil).want(t, http.StatusOK)
}

// TestObservabilityReadyz: ready only while the database answers and its schema is the one the binary
// expects; a newer or an older schema, or no database, is 503.
func TestObservabilityReadyz(t *testing.T) {
	h := newHarness(t)
	ready := func(want int) {
		t.Helper()
		var v map[string]string
		h.call("GET", "/readyz", anon, nil).ok(t, want, &v)
		if wantStatus := map[int]string{200: "ready", 503: "unavailable"}[want]; v["status"] != wantStatus {
			t.Fatalf("readyz %d %v", want, v)
		}
	}
	ready(http.StatusOK)
	var latest int64
	if err := h.db.Get(&latest, `SELECT max(version_id) FROM goose_db_version`); err != nil || latest < 1 {
		t.Fatalf("schema version %d: %v", latest, err)
	}
	// A newer schema (another binary migrated ahead).
	if _, err := h.db.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES ($1, true)`, latest+1); err != nil {
		t.Fatal(err)
	}
	ready(http.StatusServiceUnavailable)
	if _, err := h.db.Exec(`DELETE FROM goose_db_version WHERE version_id = $1`, latest+1); err != nil {
		t.Fatal(err)
	}
	ready(http.StatusOK)
	// An older schema (the latest migration not applied).
	if _, err := h.db.Exec(`DELETE FROM goose_db_version WHERE version_id = $1`, latest); err != nil {
		t.Fatal(err)
	}
	ready(http.StatusServiceUnavailable)
	// No database at all.
	h.db.Close()
	ready(http.StatusServiceUnavailable)
}

// TestObservabilityReadyzLogCarriesRequestID: the warning logged for a failed readiness check can be
// tied to its request like every other log line.
func TestObservabilityReadyzLogCarriesRequestID(t *testing.T) {
	h := newHarness(t)
	if _, err := h.db.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (999999, true)`); err != nil {
		t.Fatal(err)
	}
	res := h.call("GET", "/readyz", anon, nil)
	res.want(t, http.StatusServiceUnavailable)
	id := res.header.Get("X-Request-Id")
	lines := logLines(t, h)
	found := false
	for _, l := range lines {
		if l["msg"] == "not ready" {
			found = true
			if l["request_id"] != id {
				t.Fatalf("REGRESSION of the bug fixed in f639a88 (internal/web/routes.go readyz): the \"not ready\" warning is logged as %v, without the "+
					"request_id (%s) that observe() puts on the request's own log line and that fail() and recoverer() "+
					"add to theirs, so the warning cannot be tied to the probe that failed. Fix: log it with "+
					"\"request_id\", c.GetString(ctxRequestID) as fail() does (or put the id into the request context "+
					"and have a slog handler add it to every record).", l, id)
			}
		}
	}
	if !found {
		t.Fatalf("no \"not ready\" warning logged: %v", lines)
	}
}

// metricLine matches one sample of the Prometheus text format.
var metricLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$`)

// scrape returns the samples of /metrics as "name{labels}" → value.
func scrape(t *testing.T, h *harness) (map[string]float64, string) {
	t.Helper()
	res := h.call("GET", "/metrics", anon, nil)
	res.want(t, http.StatusOK)
	samples := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(string(res.body)))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := metricLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("not a sample: %q", line)
		}
		v, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			t.Fatalf("sample %q: %v", line, err)
		}
		samples[m[1]+m[2]] = v
	}
	return samples, string(res.body)
}

// TestObservabilityMetrics: requests are counted by route pattern, never by raw path, and the number
// of complaints per status is exported.
func TestObservabilityMetrics(t *testing.T) {
	h := newHarness(t)
	var refs []string
	for range 3 {
		refs = append(refs, h.file(h.orgA).Reference)
	}
	h.call("POST", "/api/v1/complaints/"+refs[0]+"/take-up", staff, map[string]any{"not_involved": true}).want(t, http.StatusOK)
	h.call("POST", "/api/v1/complaints/"+refs[1]+"/withdraw", staff, map[string]any{"reason": "Ingetrokken."}).want(t, http.StatusOK)
	for _, ref := range refs {
		h.call("GET", "/api/v1/complaints/"+ref, staff, nil).want(t, http.StatusOK)
	}
	h.call("GET", "/api/v1/complaints/MP-2026-424242", staff, nil).want(t, http.StatusNotFound)
	h.call("GET", "/api/v1/no/such/route/"+piiEmail, anon, nil).want(t, http.StatusNotFound)
	h.call("GET", "/api/v1/term?from=2026-03-03&name="+strings.ReplaceAll(piiName, " ", "+"), anon, nil).want(t, http.StatusOK)

	samples, text := scrape(t, h)
	want := map[string]float64{
		`meldpunt_http_requests_total{method="POST",route="/api/v1/complaints",status="201"}`:                     3,
		`meldpunt_http_requests_total{method="POST",route="/api/v1/complaints/:reference/take-up",status="200"}`:  1,
		`meldpunt_http_requests_total{method="POST",route="/api/v1/complaints/:reference/withdraw",status="200"}`: 1,
		`meldpunt_http_requests_total{method="GET",route="/api/v1/complaints/:reference",status="200"}`:           3,
		`meldpunt_http_requests_total{method="GET",route="/api/v1/complaints/:reference",status="404"}`:           1,
		`meldpunt_http_requests_total{method="GET",route="unmatched",status="404"}`:                               1,
		`meldpunt_http_requests_total{method="GET",route="/api/v1/term",status="200"}`:                            1,
		`meldpunt_complaints{status="received"}`:                                                                  1,
		`meldpunt_complaints{status="in_treatment"}`:                                                              1,
		`meldpunt_complaints{status="withdrawn"}`:                                                                 1,
		`meldpunt_complaints{status="closed"}`:                                                                    0,
	}
	for k, v := range want {
		if got, ok := samples[k]; !ok || got != v {
			t.Errorf("%s = %v (present %v), want %v", k, got, ok, v)
		}
	}
	if _, ok := samples[`meldpunt_http_request_duration_seconds_count{method="GET",route="/api/v1/complaints/:reference"}`]; !ok {
		t.Errorf("no request duration by route pattern")
	}
	// No raw path, reference, query or personal data in any label.
	if s, ok := containsAny([]byte(text), append(piiStrings, "MP-2026-", "/no/such", "from=", "Wilhelmina")...); ok {
		t.Errorf("/metrics contains %q", s)
	}
	// A scrape counts the database: two more intakes are visible at once.
	h.file(h.orgB)
	h.file(h.orgB)
	if samples, _ = scrape(t, h); samples[`meldpunt_complaints{status="received"}`] != 3 {
		t.Errorf("after two more intakes meldpunt_complaints{status=\"received\"} = %v, want 3", samples[`meldpunt_complaints{status="received"}`])
	}
}

var requestIDPattern = regexp.MustCompile(`^[0-9a-f]{16}$`)

// TestObservabilityRequestID: every response carries an X-Request-Id, a fresh one unless the client
// sent a sane one.
func TestObservabilityRequestID(t *testing.T) {
	cfg := testConfig
	cfg.LookupLimit = 1
	h := newHarnessWith(t, cfg)
	rec := h.file(h.orgA)
	huge := `{"note": "` + strings.Repeat("x", 2<<20) + `"}`
	requests := []request{
		{method: "GET", path: "/healthz"},
		{method: "GET", path: "/readyz"},
		{method: "GET", path: "/metrics"},
		{method: "GET", path: "/api/v1/openapi.json"},
		{method: "POST", path: "/api/v1/complaints", body: intakeBody(h.orgA)},
		{method: "POST", path: "/api/v1/complaints", body: `{`},
		{method: "POST", path: "/api/v1/complaints", body: `{}`},
		{method: "POST", path: "/api/v1/complaints/" + rec.Reference + "/notes", as: staff, body: huge},
		{method: "GET", path: "/api/v1/complaints", as: orgA},
		{method: "GET", path: "/api/v1/complaints"},
		{method: "GET", path: "/nowhere"},
		{method: "DELETE", path: "/api/v1/complaints"},
		{method: "POST", path: "/api/v1/complaints/lookup", body: map[string]string{"reference": rec.Reference, "tracking_code": "x"}},
		{method: "POST", path: "/api/v1/complaints/lookup", body: map[string]string{"reference": rec.Reference, "tracking_code": "x"}},
		{method: "POST", path: "/api/v1/auth/logout", as: council},
	}
	seen := map[string]bool{}
	statuses := map[int]bool{}
	for _, r := range requests {
		res := h.send(r)
		statuses[res.status] = true
		id := res.header.Get("X-Request-Id")
		if !requestIDPattern.MatchString(id) || seen[id] {
			t.Errorf("%s: X-Request-Id %q (missing, malformed or reused)", res, id)
		}
		seen[id] = true
		if res.header.Get("Cache-Control") != "no-store" || res.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: Cache-Control %q, X-Content-Type-Options %q", res, res.header.Get("Cache-Control"), res.header.Get("X-Content-Type-Options"))
		}
	}
	for _, s := range []int{200, 201, 204, 400, 401, 403, 404, 405, 413, 422, 429} {
		if !statuses[s] {
			t.Errorf("no response with status %d was checked", s)
		}
	}
	// A sane id from the client (a proxy's) is kept; anything else is replaced.
	for id, keep := range map[string]bool{
		"trace-7f3a9c": true, "abc.DEF_123~": true, "": false, "has space": false, strings.Repeat("a", 65): false,
		"ünïcode": false, "new\nline": false,
	} {
		res, err := h.try(request{method: "GET", path: "/healthz", header: map[string]string{"X-Request-Id": id}})
		if err != nil {
			if strings.Contains(id, "\n") {
				continue // the client refuses to send it
			}
			t.Fatal(err)
		}
		got := res.header.Get("X-Request-Id")
		if keep && got != id {
			t.Errorf("client id %q replaced by %q", id, got)
		}
		if !keep && (got == id || !requestIDPattern.MatchString(got)) {
			t.Errorf("client id %q answered with %q", id, got)
		}
	}
}

// logLines parses the harness's JSON log.
func logLines(t *testing.T, h *harness) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(h.logs.String()), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", l)
		}
		lines = append(lines, m)
	}
	return lines
}

// TestObservabilityLogs: a resident's intake and look-ups, a staff member's work and an internal error
// are logged with their request id and route pattern, and without the complainant's personal data,
// the complaint's text, its reference, the tracking code or a bearer token.
func TestObservabilityLogs(t *testing.T) {
	h := newHarness(t)
	var ids []string
	track := func(r *response) *response {
		ids = append(ids, r.header.Get("X-Request-Id"))
		return r
	}
	body := intakeBody(h.orgA, h.orgB)
	body["occurred_on"] = "2026-02-20"
	var rec receipt
	track(h.call("POST", "/api/v1/complaints", anon, body)).ok(t, http.StatusCreated, &rec)
	track(h.call("POST", "/api/v1/complaints/lookup", anon, map[string]string{"reference": rec.Reference, "tracking_code": rec.TrackingCode})).want(t, http.StatusOK)
	track(h.call("POST", "/api/v1/complaints/lookup", anon, map[string]string{"reference": rec.Reference, "tracking_code": rec.TrackingCode + "X"})).want(t, http.StatusNotFound)
	track(h.call("GET", "/api/v1/complaints/"+rec.Reference, staff, nil)).want(t, http.StatusOK)
	track(h.call("POST", "/api/v1/complaints/"+rec.Reference+"/take-up", staff, map[string]any{"not_involved": true})).want(t, http.StatusOK)
	bad := intakeBody(h.orgA)
	bad["grounds"] = []string{"rudeness"}
	track(h.call("POST", "/api/v1/complaints", anon, bad)).want(t, http.StatusUnprocessableEntity)
	// A sign-in attempt (refused before any bcrypt hash: the password is too long).
	track(h.call("POST", "/api/v1/auth/login", anon, map[string]string{"email": piiEmail,
		"password": "hunter2 " + strings.Repeat("geheim ", 40)})).want(t, http.StatusUnprocessableEntity)

	// An internal error: the table is gone. The answer is a generic 500 problem; the log has the cause.
	if _, err := h.db.Exec(`ALTER TABLE complaints RENAME TO complaints_gone`); err != nil {
		t.Fatal(err)
	}
	res := track(h.call("POST", "/api/v1/complaints", anon, intakeBody(h.orgA)))
	res.problem(t, http.StatusInternalServerError, "internal")
	if s, ok := containsAny(res.body, "complaints_gone", "relation", "pq:", "insert", "SQL"); ok {
		t.Errorf("the 500 answer leaks %q: %s", s, res.body)
	}

	lines := logLines(t, h)
	if len(lines) < len(ids) {
		t.Fatalf("%d log lines for %d requests", len(lines), len(ids))
	}
	logged := map[string]bool{}
	internalLogged := false
	for _, l := range lines {
		id, _ := l["request_id"].(string)
		if id == "" {
			t.Errorf("log line without request_id: %v", l)
		}
		logged[id] = true
		if l["msg"] == "request" {
			if route, _ := l["route"].(string); strings.Contains(route, "MP-") || route == "" {
				t.Errorf("request logged with route %q", route)
			}
		}
		if l["level"] == "ERROR" && l["request_id"] == ids[len(ids)-1] {
			internalLogged = true
		}
	}
	for _, id := range ids {
		if !logged[id] {
			t.Errorf("request %s is not in the log", id)
		}
	}
	if !internalLogged {
		t.Errorf("the internal error is not logged with its request id")
	}
	secrets := append(slices.Clone(piiStrings), rec.TrackingCode, strings.ReplaceAll(rec.TrackingCode, "-", ""), rec.Reference,
		"Mijn aanvraag voor huishoudelijke hulp", "Een besluit op mijn aanvraag", "hunter2", h.tokens[staff], "2026-02-20")
	if s, ok := containsAny([]byte(h.logs.String()), secrets...); ok {
		t.Errorf("the log contains %q:\n%s", s, h.logs.String())
	}
	t.Logf("%d log lines checked", len(lines))
}

// TestObservabilityTrailingSlash: a path with a trailing slash is answered through the same middleware
// as every other request: with a request id and the security headers, logged and counted, and as
// JSON rather than an HTML page.
func TestObservabilityTrailingSlash(t *testing.T) {
	h := newHarness(t)
	var bad []string
	for _, r := range []request{
		{method: "GET", path: "/api/v1/complaints/", as: staff},
		{method: "POST", path: "/api/v1/complaints/", body: intakeBody(h.orgA)},
		{method: "GET", path: "/healthz/"},
	} {
		res := h.send(r)
		if res.header.Get("X-Request-Id") == "" || res.header.Get("Cache-Control") != "no-store" ||
			strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
			bad = append(bad, fmt.Sprintf("%s %s → %d, Content-Type %q, X-Request-Id %q", r.method, r.path, res.status,
				res.header.Get("Content-Type"), res.header.Get("X-Request-Id")))
		}
	}
	if len(bad) > 0 {
		t.Fatalf("REGRESSION of the bug fixed in e45e865: internal/web/routes.go routes() left gin's RedirectTrailingSlash on, and gin answers "+
			"such paths with a 301/307 redirect before any middleware runs, so these responses have no X-Request-Id, "+
			"no Cache-Control/nosniff, an HTML body, and are neither logged nor counted in /metrics: %s. Fix: set "+
			"r.RedirectTrailingSlash = false (the paths then reach NoRoute: a 404 problem+json through observe), or "+
			"redirect from a NoRoute handler instead.", strings.Join(bad, "; "))
	}
}
