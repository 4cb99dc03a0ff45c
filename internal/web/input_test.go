package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/web"
)

// Bad input is refused with a problem document and changes nothing: every refusal below is checked
// against a fingerprint of the database taken before it (harness.refused).

// inputFixtures are targets for the bodies below: a complaint ready to rule and an issued advice to A.
type inputFixtures struct {
	ready   string // in treatment, every party heard
	adviceA int64
}

func newInputFixtures(h *harness) inputFixtures {
	_, advs := h.advised(h.orgA)
	return inputFixtures{ready: h.readyToRule(h.orgA, h.orgB), adviceA: advs[h.orgA].ID}
}

// TestInputMalformedJSON: a body that is not one JSON object is 400 malformed_request, a code the
// HTTP layer adds to those of DOMAIN.md §9 (internal/web/problem.go).
func TestInputMalformedJSON(t *testing.T) {
	h := newHarness(t)
	f := newInputFixtures(h)
	targets := []struct {
		as   role
		path string
	}{
		{anon, "/api/v1/complaints"},
		{anon, "/api/v1/complaints/lookup"},
		{anon, "/api/v1/auth/login"},
		{staff, "/api/v1/complaints/" + f.ready + "/ruling"},
		{staff, "/api/v1/complaints/" + f.ready + "/hearings"},
		{orgA, fmt.Sprintf("/api/v1/advices/%d/reject", f.adviceA)},
		{orgA, fmt.Sprintf("/api/v1/advices/%d/accept", f.adviceA)},
		{admin, "/api/v1/users"},
	}
	bodies := []string{`{"complainant":`, `not json`, `{"summary": "x",}`, `[1, 2]`, `"a string"`, `42`, `{} {}`,
		`{}{"b":2}`, `{"summary": "unterminated}`}
	for _, target := range targets {
		for _, body := range bodies {
			h.refused(request{method: "POST", path: target.path, as: target.as, body: body}, http.StatusBadRequest, "malformed_request")
		}
	}
}

// TestInputUnknownFieldsAndTypes: unknown fields and values of the wrong JSON type are validation
// errors that name the field.
func TestInputUnknownFieldsAndTypes(t *testing.T) {
	h := newHarness(t)
	f := newInputFixtures(h)
	intake := intakeBody(h.orgA)
	intake["bsn"] = "123456782"
	h.refused(request{method: "POST", path: "/api/v1/complaints", body: intake}, http.StatusUnprocessableEntity, "validation_failed", "bsn")
	intake = intakeBody(h.orgA)
	intake["summary"] = 12345
	h.refused(request{method: "POST", path: "/api/v1/complaints", body: intake}, http.StatusUnprocessableEntity, "validation_failed", "summary")
	intake = intakeBody(h.orgA)
	intake["organisation_ids"] = "1"
	h.refused(request{method: "POST", path: "/api/v1/complaints", body: intake}, http.StatusUnprocessableEntity, "validation_failed", "organisation_ids")
	h.refused(request{method: "POST", path: "/api/v1/complaints/" + f.ready + "/postpone", as: staff,
		body: map[string]any{"days": "ten", "reason": "x"}}, http.StatusUnprocessableEntity, "validation_failed", "days")
	h.refused(request{method: "POST", path: fmt.Sprintf("/api/v1/advices/%d/accept", f.adviceA), as: orgA,
		body: map[string]any{"accepted": true}}, http.StatusUnprocessableEntity, "validation_failed", "accepted")
}

// TestInputUnknownEnumValues: values outside the vocabulary are 422 naming the field.
func TestInputUnknownEnumValues(t *testing.T) {
	h := newHarness(t)
	f := newInputFixtures(h)
	intakeWith := func(key string, v any) map[string]any {
		b := intakeBody(h.orgA)
		b[key] = v
		return b
	}
	cases := []struct {
		name  string
		r     request
		field string
	}{
		{"ground", request{method: "POST", path: "/api/v1/complaints", body: intakeWith("grounds", []string{"treatment", "rudeness"})}, "grounds"},
		{"life domain", request{method: "POST", path: "/api/v1/complaints", body: intakeWith("life_domains", []string{"space_travel"})}, "life_domains"},
		{"life domain case", request{method: "POST", path: "/api/v1/complaints", body: intakeWith("life_domains", []string{"Care"})}, "life_domains"},
		{"channel", request{method: "POST", path: "/api/v1/complaints", as: staff, body: intakeWith("channel", "carrier_pigeon")}, "channel"},
		{"language", request{method: "POST", path: "/api/v1/complaints", body: intakeWith("language", "fr")}, "language"},
		{"verdict", request{method: "POST", path: "/api/v1/complaints/" + f.ready + "/ruling", as: staff,
			body: map[string]any{"verdict": "maybe", "findings": "f", "conclusions": "c"}}, "verdict"},
		{"recommendation life domain", request{method: "POST", path: "/api/v1/complaints/" + f.ready + "/ruling", as: staff,
			body: map[string]any{"verdict": "unfounded", "findings": "f", "conclusions": "c",
				"recommendations": []map[string]any{{"life_domain": "moon", "text": "t"}}}}, "recommendations[0].life_domain"},
		{"party", request{method: "POST", path: "/api/v1/complaints/" + f.ready + "/hearings", as: staff,
			body: map[string]any{"party": "judge", "held_on": "2026-03-03", "record": "r"}}, "party"},
		{"skip reason", request{method: "POST", path: "/api/v1/complaints/" + f.ready + "/hearings", as: staff,
			body: map[string]any{"party": "complainant", "skipped": "bored", "skip_note": "n"}}, "skipped"},
		{"inadmissible ground", request{method: "POST", path: "/api/v1/complaints/" + f.ready + "/inadmissible", as: staff,
			body: map[string]any{"ground": "boring", "reasons": "Het ging om een afspraak die tien minuten later begon."}}, "ground"},
		{"organisation kind", request{method: "POST", path: "/api/v1/organisations", as: admin,
			body: map[string]any{"name": "Bank", "kind": "bank"}}, "kind"},
		{"user role", request{method: "POST", path: "/api/v1/users", as: admin,
			body: map[string]any{"email": "k@x.example", "name": "K", "role": "king", "password": "long enough password"}}, "role"},
		{"complaint status filter", request{method: "GET", path: "/api/v1/complaints?status=lost", as: staff}, "status"},
		{"advice status filter", request{method: "GET", path: "/api/v1/advices?status=ignored", as: orgA}, "status"},
		{"list limit", request{method: "GET", path: "/api/v1/complaints?limit=0", as: staff}, "limit"},
		{"term date", request{method: "GET", path: "/api/v1/term?from=2026-02-30"}, "from"},
		{"term days", request{method: "GET", path: "/api/v1/term?from=2026-03-03&days=-1"}, "days"},
	}
	for _, c := range cases {
		t.Logf("%s", c.name)
		h.refused(c.r, http.StatusUnprocessableEntity, "validation_failed", c.field)
	}
}

// TestInputMissingRequiredFields: an empty object names every required field.
func TestInputMissingRequiredFields(t *testing.T) {
	h := newHarness(t)
	f := newInputFixtures(h)
	cases := []struct {
		r      request
		fields []string
	}{
		{request{method: "POST", path: "/api/v1/complaints", body: `{}`},
			[]string{"complainant.name", "complainant", "organisation_ids", "grounds", "life_domains", "summary"}},
		{request{method: "POST", path: "/api/v1/complaints/lookup", body: `{}`}, []string{"reference", "tracking_code"}},
		{request{method: "POST", path: "/api/v1/auth/login", body: `{}`}, []string{"email", "password"}},
		{request{method: "POST", path: "/api/v1/complaints/" + f.ready + "/ruling", as: staff, body: `{}`},
			[]string{"verdict", "findings", "conclusions"}},
		{request{method: "POST", path: "/api/v1/complaints/" + f.ready + "/hearings", as: staff, body: `{}`},
			[]string{"party", "held_on", "record"}},
		{request{method: "POST", path: "/api/v1/complaints/" + f.ready + "/postpone", as: staff, body: `{}`}, []string{"reason", "days"}},
		{request{method: "POST", path: "/api/v1/complaints/" + f.ready + "/inadmissible", as: staff, body: `{}`}, []string{"ground", "reasons"}},
		{request{method: "POST", path: "/api/v1/complaints/" + f.ready + "/withdraw", as: staff, body: `{}`}, []string{"reason"}},
		{request{method: "POST", path: "/api/v1/complaints/" + f.ready + "/notes", as: staff, body: `{"note": "  "}`}, []string{"note"}},
		{request{method: "POST", path: fmt.Sprintf("/api/v1/advices/%d/reject", f.adviceA), as: orgA, body: `{}`}, []string{"reasons"}},
		{request{method: "POST", path: "/api/v1/organisations", as: admin, body: `{}`}, []string{"name", "kind"}},
		{request{method: "POST", path: "/api/v1/organisations", as: admin,
			body: `{"name": "Buurthuis", "kind": "other", "street": "Markt 1", "postcode": "2011"}`}, []string{"postcode", "city"}},
	}
	for _, c := range cases {
		h.refused(c.r, http.StatusUnprocessableEntity, "validation_failed", c.fields...)
	}
	// A take-up needs the declaration of not having been involved.
	ref := h.file(h.orgA).Reference
	h.refused(request{method: "POST", path: "/api/v1/complaints/" + ref + "/take-up", as: staff, body: `{}`},
		http.StatusUnprocessableEntity, "validation_failed", "not_involved")
}

// TestInputTextLimits: texts are counted in characters, not bytes, up to their limits.
func TestInputTextLimits(t *testing.T) {
	h := newHarness(t)
	f := newInputFixtures(h)
	intake := intakeBody(h.orgA)
	intake["summary"] = strings.Repeat("a", 20001)
	h.refused(request{method: "POST", path: "/api/v1/complaints", body: intake}, http.StatusUnprocessableEntity, "validation_failed", "summary")
	intake["summary"] = "kort"
	h.refused(request{method: "POST", path: "/api/v1/complaints", body: intake}, http.StatusUnprocessableEntity, "validation_failed", "summary")
	intake = intakeBody(h.orgA)
	intake["complainant"].(map[string]any)["name"] = strings.Repeat("n", 201)
	h.refused(request{method: "POST", path: "/api/v1/complaints", body: intake}, http.StatusUnprocessableEntity, "validation_failed", "complainant.name")
	h.refused(request{method: "POST", path: fmt.Sprintf("/api/v1/advices/%d/reject", f.adviceA), as: orgA,
		body: map[string]string{"reasons": strings.Repeat("Dit is geen reden. ", 1100)}}, http.StatusUnprocessableEntity, "validation_failed", "reasons")
	// Exactly 20000 characters of two bytes each (40000 bytes) is accepted.
	intake = intakeBody(h.orgA)
	intake["summary"] = strings.Repeat("é", 20000)
	var r receipt
	h.call("POST", "/api/v1/complaints", anon, intake).ok(t, http.StatusCreated, &r)
	if c := h.complaint(r.Reference); len([]rune(c.Summary)) != 20000 {
		t.Fatalf("stored summary has %d characters", len([]rune(c.Summary)))
	}
}

// TestInputInvalidUTF8AndControlCharacters: bytes that are not UTF-8 in a JSON string and control
// characters are refused.
func TestInputInvalidUTF8AndControlCharacters(t *testing.T) {
	h := newHarness(t)
	valid := fmt.Sprintf(`{"complainant": {"name": "Jan", "email": "jan@example.nl"}, "organisation_ids": [%d],
		"grounds": ["treatment"], "life_domains": ["care"], "summary": "%s"}`, h.orgA, "Ik werd niet geholpen aan de balie.")
	h.call("POST", "/api/v1/complaints", anon, valid).want(t, http.StatusCreated)
	for _, bad := range []string{"Ik werd \xff\xfe niet geholpen.", "Ik werd \xc3\x28 niet geholpen.", "\xed\xa0\x80 surrogaat in UTF-8"} {
		body := strings.Replace(valid, "Ik werd niet geholpen aan de balie.", bad, 1)
		h.refused(request{method: "POST", path: "/api/v1/complaints", body: body}, http.StatusUnprocessableEntity, "validation_failed")
	}
	// Invalid UTF-8 in a look-up does not count as a failed attempt or crash.
	h.refused(request{method: "POST", path: "/api/v1/complaints/lookup", body: "{\"reference\": \"MP-2026-\xff\", \"tracking_code\": \"x\"}"},
		http.StatusUnprocessableEntity, "validation_failed")
	body := strings.Replace(valid, "Jan", `Jan\u0000Piet`, 1)
	h.refused(request{method: "POST", path: "/api/v1/complaints", body: body}, http.StatusUnprocessableEntity, "validation_failed", "complainant.name")
	body = strings.Replace(valid, "Jan", `Jan\u001b[31m`, 1)
	h.refused(request{method: "POST", path: "/api/v1/complaints", body: body}, http.StatusUnprocessableEntity, "validation_failed", "complainant.name")
}

// TestInputBodyTooLarge: a body over 1 MiB is 413 payload_too_large, wherever it is sent.
func TestInputBodyTooLarge(t *testing.T) {
	h := newHarness(t)
	f := newInputFixtures(h)
	// Valid JSON, one byte over the limit.
	prefix := `{"summary": "`
	suffix := `"}`
	huge := prefix + strings.Repeat("x", web.MaxBodyBytes+1-len(prefix)-len(suffix)) + suffix
	if len(huge) != web.MaxBodyBytes+1 {
		t.Fatal(len(huge))
	}
	for _, r := range []request{
		{method: "POST", path: "/api/v1/complaints", body: huge},
		{method: "POST", path: "/api/v1/complaints/lookup", body: huge},
		{method: "POST", path: "/api/v1/auth/login", body: huge},
		{method: "POST", path: "/api/v1/complaints/" + f.ready + "/notes", as: staff, body: huge},
		{method: "POST", path: fmt.Sprintf("/api/v1/advices/%d/reject", f.adviceA), as: orgA, body: huge},
		{method: "POST", path: "/api/v1/complaints", body: strings.Repeat(" ", 4<<20)},
	} {
		h.refused(r, http.StatusRequestEntityTooLarge, "payload_too_large")
	}
	// Just at the limit the body is read (and then judged on its content).
	atLimit := `{"note": "` + strings.Repeat("x", web.MaxBodyBytes-len(`{"note": "`)-len(suffix)) + suffix
	h.refused(request{method: "POST", path: "/api/v1/complaints/" + f.ready + "/notes", as: staff, body: atLimit},
		http.StatusUnprocessableEntity, "validation_failed", "note")
}

// TestInputLookupNotFoundIsUniform: a wrong tracking code and an unknown reference give byte-identical
// answers, so that a reference cannot be probed.
func TestInputLookupNotFoundIsUniform(t *testing.T) {
	h := newHarness(t)
	rec := h.file(h.orgA)
	other := h.file(h.orgB)
	lookup := func(ref, code string) *response {
		return h.call("POST", "/api/v1/complaints/lookup", anon, map[string]string{"reference": ref, "tracking_code": code})
	}
	wrongCode := lookup(rec.Reference, "AAAAA-BBBBB-CCCCC-DDDDD")
	otherCode := lookup(rec.Reference, other.TrackingCode)
	unknownRef := lookup("MP-2026-999999", rec.TrackingCode)
	nonsense := lookup("nonsense", "nonsense")
	for _, r := range []*response{wrongCode, otherCode, unknownRef, nonsense} {
		r.problem(t, http.StatusNotFound, "not_found")
		if !bytes.Equal(r.body, wrongCode.body) {
			t.Errorf("not-found bodies differ:\n%s\n%s", wrongCode.body, r.body)
		}
		for _, hdr := range []string{"Content-Type", "Content-Length", "Cache-Control"} {
			if r.header.Get(hdr) != wrongCode.header.Get(hdr) {
				t.Errorf("header %s differs: %q vs %q", hdr, r.header.Get(hdr), wrongCode.header.Get(hdr))
			}
		}
		if s, ok := containsAny(r.body, rec.Reference, piiName); ok {
			t.Errorf("a failed look-up echoes %q", s)
		}
	}
	// The code as people type it: lower case, without dashes.
	lookup(" "+strings.ToLower(rec.Reference)+" ", strings.ToLower(strings.ReplaceAll(rec.TrackingCode, "-", ""))).want(t, http.StatusOK)
}

// TestInputLookupRateLimit: after the configured number of failed look-ups one client is refused with
// 429, even with the right code, until the window has passed; other clients are not affected and a
// forged X-Forwarded-For does not help.
func TestInputLookupRateLimit(t *testing.T) {
	cfg := testConfig
	cfg.LookupLimit, cfg.LimitWindow = 3, 15*time.Minute
	h := newHarnessWith(t, cfg)
	rec := h.file(h.orgA)
	good := map[string]string{"reference": rec.Reference, "tracking_code": rec.TrackingCode}
	bad := map[string]string{"reference": rec.Reference, "tracking_code": "WRONG-WRONG-WRONG-WRONG"}
	lookup := func(body map[string]string, hdr map[string]string, client *http.Client) *response {
		return h.send(request{method: "POST", path: "/api/v1/complaints/lookup", body: body, header: hdr, client: client})
	}
	// Successful look-ups do not count.
	for range 5 {
		lookup(good, nil, nil).want(t, http.StatusOK)
	}
	for range cfg.LookupLimit {
		lookup(bad, nil, nil).problem(t, http.StatusNotFound, "not_found")
	}
	lookup(good, nil, nil).problem(t, http.StatusTooManyRequests, "rate_limited")
	lookup(bad, nil, nil).problem(t, http.StatusTooManyRequests, "rate_limited")
	lookup(good, map[string]string{"X-Forwarded-For": "203.0.113.9", "X-Real-Ip": "203.0.113.9"}, nil).
		problem(t, http.StatusTooManyRequests, "rate_limited")
	// The letter download proves the case the same way and shares the limit.
	h.send(request{method: "POST", path: fmt.Sprintf("/api/v1/complaints/lookup/letters/%d", h.notice(rec.Reference, "acknowledgement", 0)),
		body: good}).problem(t, http.StatusTooManyRequests, "rate_limited")
	// Another client is served.
	lookup(good, nil, h.clientFrom("127.0.0.2")).want(t, http.StatusOK)
	// Just before the window ends the client is still refused; after it, served again.
	h.clock.Advance(cfg.LimitWindow - time.Second)
	lookup(good, nil, nil).problem(t, http.StatusTooManyRequests, "rate_limited")
	h.clock.Advance(time.Second)
	lookup(good, nil, nil).want(t, http.StatusOK)
}

// TestInputLoginRateLimit: failed sign-ins are counted per account at one client address and per
// client address, with delays that double (Retry-After). A flood of wrong passwords for an account
// from one address does not keep that account out from another address; a success clears the
// account's count at that address. Every failed sign-in costs a bcrypt comparison, so the limits
// are small here.
func TestInputLoginRateLimit(t *testing.T) {
	cfg := testConfig
	cfg.LoginLimit, cfg.LimitWindow = 2, 15*time.Minute
	h := newHarnessWith(t, cfg)
	login := func(ip, email, password string) *response {
		res, err := h.try(request{method: "POST", path: "/api/v1/auth/login", client: h.clientFrom(ip),
			body: map[string]string{"email": email, "password": password}})
		if err != nil {
			return &response{status: -1, body: []byte(err.Error())}
		}
		return res
	}
	limited := func(r *response, seconds string) {
		t.Helper()
		r.problem(t, http.StatusTooManyRequests, "rate_limited")
		if got := r.header.Get("Retry-After"); got != seconds {
			t.Fatalf("Retry-After %q, want %q", got, seconds)
		}
	}
	const attacker, owner = "127.0.0.10", "127.0.0.20"
	staffEmail, staffPassword := "staff@meldpunt.example", h.w.passwords[staff]

	// Two failures at once: an unknown account and a wrong password are indistinguishable.
	var a, b *response
	var wg sync.WaitGroup
	wg.Go(func() { a = login(attacker, "niemand1@meldpunt.example", "not the password") })
	wg.Go(func() { b = login(attacker, "STAFF@meldpunt.example ", "not the password") })
	wg.Wait()
	a.problem(t, http.StatusUnauthorized, "unauthenticated")
	b.problem(t, http.StatusUnauthorized, "unauthenticated")
	if !bytes.Equal(a.body, b.body) {
		t.Errorf("login failures differ:\n%s\n%s", a.body, b.body)
	}
	// The second failure for the staff account from the attacker's address: from now on every
	// attempt there waits, and each further failure doubles the wait.
	login(attacker, staffEmail, "still not the password").problem(t, http.StatusUnauthorized, "unauthenticated")
	for _, wait := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		secs := strconv.Itoa(int(wait.Seconds()))
		limited(login(attacker, staffEmail, staffPassword), secs) // even the right password waits
		h.clock.Advance(wait - time.Millisecond)
		limited(login(attacker, staffEmail, "x"), "1")
		h.clock.Advance(time.Millisecond)
		login(attacker, staffEmail, "wrong again").problem(t, http.StatusUnauthorized, "unauthenticated")
	}
	limited(login(attacker, staffEmail, "x"), "8")
	// Meanwhile the owner signs in from their own address, and the attacker may still try another
	// account from theirs (the address alone has a larger allowance).
	login(owner, staffEmail, staffPassword).want(t, http.StatusOK)
	login(attacker, "niemand2@meldpunt.example", "").problem(t, http.StatusUnprocessableEntity, "validation_failed")

	// A success clears the account's count at that address: one failure, a success, one failure
	// and the next attempt still goes ahead (without the reset it would have to wait).
	login(owner, staffEmail, "typo").problem(t, http.StatusUnauthorized, "unauthenticated")
	login(owner, staffEmail, staffPassword).want(t, http.StatusOK)
	login(owner, staffEmail, "typo").problem(t, http.StatusUnauthorized, "unauthenticated")
	login(owner, staffEmail, staffPassword).want(t, http.StatusOK)

	// One address spraying many accounts meets the address's own limit (5 × 2 failures): it has
	// failed 6 times so far (niemand1, staff ×5); four more accounts and it waits for any account.
	for i := range 4 {
		login(attacker, fmt.Sprintf("niemand%d@meldpunt.example", 10+i), "guess").problem(t, http.StatusUnauthorized, "unauthenticated")
	}
	limited(login(attacker, "admin@meldpunt.example", h.w.passwords[admin]), "1")
	login(owner, "admin@meldpunt.example", "").problem(t, http.StatusUnprocessableEntity, "validation_failed")
	// The waits end.
	h.clock.Advance(cfg.LimitWindow)
	login(attacker, staffEmail, staffPassword).want(t, http.StatusOK)
}

// TestInputEmptyBody: an empty body declared as JSON is a clear 400.
func TestInputEmptyBody(t *testing.T) {
	h := newHarness(t)
	f := newInputFixtures(h)
	json := map[string]string{"Content-Type": "application/json"}
	for _, r := range []request{
		{method: "POST", path: "/api/v1/complaints", header: json},
		{method: "POST", path: "/api/v1/complaints", body: "   \n"},
		{method: "POST", path: "/api/v1/complaints/lookup", header: json},
		{method: "POST", path: "/api/v1/auth/login", header: json},
		{method: "POST", path: "/api/v1/complaints/" + f.ready + "/ruling", as: staff, header: json},
		{method: "POST", path: fmt.Sprintf("/api/v1/advices/%d/reject", f.adviceA), as: orgA, body: " "},
	} {
		p := h.refused(r, http.StatusBadRequest, "malformed_request")
		if !strings.Contains(p.Detail, "empty") {
			t.Errorf("%s %s: detail %q does not say the body is empty", r.method, r.path, p.Detail)
		}
	}
}

// TestInputWrongContentType: a body that is not declared as JSON is refused with 415
// unsupported_media_type and changes nothing. (A text/plain or form POST is a "simple" cross-site
// request that browsers send without a CORS preflight.)
func TestInputWrongContentType(t *testing.T) {
	h := newHarness(t)
	body := intakeBody(h.orgA)
	// application/json with parameters is fine.
	h.send(request{method: "POST", path: "/api/v1/complaints", body: body,
		header: map[string]string{"Content-Type": "application/json; charset=utf-8"}}).want(t, http.StatusCreated)
	for _, ct := range []string{"text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
		"multipart/form-data; boundary=x", "text/json", "", "application/json;;;"} {
		before := h.fingerprint()
		res := h.send(request{method: "POST", path: "/api/v1/complaints", body: body, header: map[string]string{"Content-Type": ct}})
		if res.status >= 200 && res.status < 300 {
			t.Fatalf("REGRESSION of the bug fixed in f639a88 (internal/web/decode.go decode): a body sent as %q was "+
				"accepted (%d) and a complaint filed; any web page could file complaints through its visitors' "+
				"browsers. decode() must refuse a Content-Type whose media type is not application/json or "+
				"application/*+json with 415 unsupported_media_type.", ct, res.status)
		}
		if _, err := res.checkProblem(http.StatusUnsupportedMediaType, "unsupported_media_type"); err != nil {
			t.Errorf("Content-Type %q: %v", ct, err)
		}
		if after := h.fingerprint(); after != before {
			t.Errorf("Content-Type %q: the refused request changed the database", ct)
		}
	}
	// Also where the body is optional (an acceptance) and on a public look-up.
	_, advs := h.advised(h.orgA)
	h.refused(request{method: "POST", path: fmt.Sprintf("/api/v1/advices/%d/accept", advs[h.orgA].ID), as: orgA, body: "{}",
		header: map[string]string{"Content-Type": "text/plain"}}, http.StatusUnsupportedMediaType, "unsupported_media_type")
	h.refused(request{method: "POST", path: "/api/v1/complaints/lookup", body: `{"reference": "x", "tracking_code": "y"}`,
		header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}, http.StatusUnsupportedMediaType, "unsupported_media_type")
}

// TestInputTrailingDataAfterJSON: a body is one JSON value and nothing after it.
func TestInputTrailingDataAfterJSON(t *testing.T) {
	h := newHarness(t)
	rec := h.file(h.orgA)
	valid := fmt.Sprintf(`{"reference": %q, "tracking_code": %q}`, rec.Reference, rec.TrackingCode)
	h.call("POST", "/api/v1/complaints/lookup", anon, valid+" \n").want(t, http.StatusOK)
	var accepted []string
	for _, trailer := range []string{"x", "{}", "[", "\"s\"", "]", "}", "] and then some text", "}}}}"} {
		res := h.call("POST", "/api/v1/complaints/lookup", anon, valid+trailer)
		if _, err := res.checkProblem(http.StatusBadRequest, "malformed_request"); err != nil {
			accepted = append(accepted, fmt.Sprintf("%q → %d", trailer, res.status))
		}
	}
	if len(accepted) > 0 {
		t.Fatalf("REGRESSION of the bug fixed in f639a88 (internal/web/decode.go decodeBytes): after the first JSON value it checked dec.More(), which is "+
			"false when the next byte is ']' or '}', so a body with trailing data that starts with ']' or '}' was "+
			"accepted as if the trailer were not there, against the documented \"one object\": %s. Fix: after "+
			"dec.Decode, require that only white space follows, e.g. "+
			"`if len(bytes.TrimSpace(body[dec.InputOffset():])) != 0 { return malformed }` instead of dec.More().",
			strings.Join(accepted, ", "))
	}
}

// TestInputUnknownRouteAndMethod: an unknown route is a 404 and a known route with another method a
// 405 with Allow, both as problem documents on the API (paths outside it get HTML pages: see
// TestPagesErrorsAreHTMLOnPagesAndProblemsOnTheAPI).
func TestInputUnknownRouteAndMethod(t *testing.T) {
	h := newHarness(t)
	for _, path := range []string{"/api/v1/nope", "/api/nope", "/api/v2/complaints", "/api/v1/complaints/MP-2026-000001/appeal"} {
		h.refused(request{method: "GET", path: path, as: staff}, http.StatusNotFound, "not_found")
		h.refused(request{method: "POST", path: path, body: `{}`}, http.StatusNotFound, "not_found")
	}
	for _, c := range []struct{ method, path, allow string }{
		{"DELETE", "/api/v1/complaints", "GET, POST"},
		{"PUT", "/api/v1/complaints/lookup", "GET, POST"}, // GET matches /api/v1/complaints/:reference
		{"PATCH", "/api/v1/advices/1", "GET"},
		{"POST", "/healthz", "GET"},
		{"DELETE", "/api/v1/users", "GET, POST"},
	} {
		res := h.send(request{method: c.method, path: c.path, as: staff, body: `{}`})
		res.problem(t, http.StatusMethodNotAllowed, "method_not_allowed")
		got := strings.Split(res.header.Get("Allow"), ", ")
		want := strings.Split(c.allow, ", ")
		if len(got) != len(want) {
			t.Errorf("%s %s: Allow %q, want %q", c.method, c.path, res.header.Get("Allow"), c.allow)
		}
		for _, m := range want {
			if !strings.Contains(res.header.Get("Allow"), m) {
				t.Errorf("%s %s: Allow %q lacks %s", c.method, c.path, res.header.Get("Allow"), m)
			}
		}
	}
	// Malformed advice ids are simply not found.
	for _, id := range []string{"abc", "-1", "0", "99999999999999999999", "1e3"} {
		h.refused(request{method: "GET", path: "/api/v1/advices/" + id, as: staff}, http.StatusNotFound, "not_found")
		h.refused(request{method: "POST", path: "/api/v1/advices/" + id + "/accept", as: orgA}, http.StatusNotFound, "not_found")
	}
	h.refused(request{method: "POST", path: "/api/v1/complaints/MP-2026-999999/take-up", as: staff,
		body: map[string]any{"not_involved": true}}, http.StatusNotFound, "not_found")
}

// TestAPIOrganisationAddressInThreeParts: the admin adds an organisation with street, postcode and
// city; the postcode is stored as PostNL writes it, and staff read the three parts back.
func TestAPIOrganisationAddressInThreeParts(t *testing.T) {
	h := newHarness(t)
	var created casework.Organisation
	h.call("POST", "/api/v1/organisations", admin, map[string]string{"name": "Buurthuis De Brug", "kind": "other",
		"street": "Brugstraat 4", "postcode": "2011ab", "city": "Haarlem"}).ok(t, http.StatusCreated, &created)
	if created.Street != "Brugstraat 4" || created.Postcode != "2011 AB" || created.City != "Haarlem" {
		t.Fatalf("created %+v", created)
	}
	var list struct{ Organisations []casework.Organisation }
	h.call("GET", "/api/v1/organisations", staff, nil).ok(t, http.StatusOK, &list)
	found := false
	for _, o := range list.Organisations {
		found = found || o == created
	}
	if !found {
		t.Errorf("staff do not read the address back: %+v", list.Organisations)
	}
	// The one-line field of before is no longer a field.
	h.refused(request{method: "POST", path: "/api/v1/organisations", as: admin,
		body: `{"name": "Buurthuis Oost", "kind": "other", "address": "Markt 1, 2011 AB Haarlem"}`},
		http.StatusUnprocessableEntity, "validation_failed")
}

// TestAPIIntakeStoresTheSupportersPostalAddress: the API takes the supporter's postal address at
// intake and keeps it, so that the supporter's copies can go by post; half an address is refused.
func TestAPIIntakeStoresTheSupportersPostalAddress(t *testing.T) {
	h := newHarness(t)
	body := intakeBody(h.orgA)
	body["supporter"] = map[string]any{"name": "Jan de Wit", "street": "Spaarne 96", "postcode": "2011cl", "city": "Haarlem"}
	body["supporter_consent"] = true
	var r receipt
	h.call("POST", "/api/v1/complaints", anon, body).ok(t, http.StatusCreated, &r)
	c := h.complaint(r.Reference)
	if c.Supporter == nil || *c.Supporter != (casework.Contact{Name: "Jan de Wit", Street: "Spaarne 96", Postcode: "2011 CL", City: "Haarlem"}) {
		t.Errorf("supporter %+v", c.Supporter)
	}
	body["supporter"] = map[string]any{"name": "Jan de Wit", "street": "Spaarne 96"}
	h.refused(request{method: "POST", path: "/api/v1/complaints", body: body}, http.StatusUnprocessableEntity, "validation_failed",
		"supporter.street")
}

// TestInputLoginRateLimitCountsIPv6By64: an attacker who takes a fresh IPv6 address of one /64 for
// every attempt (as any household or office line can) meets the same throttle; the owner, on
// another /64, signs in.
func TestInputLoginRateLimitCountsIPv6By64(t *testing.T) {
	cfg := testConfig
	cfg.LoginLimit, cfg.LimitWindow = 2, 15*time.Minute
	cfg.TrustedProxies = []string{"127.0.0.2"}
	h := newHarnessWith(t, cfg)
	proxy := h.clientFrom("127.0.0.2")
	login := func(ip, password string) *response {
		return h.send(request{method: "POST", path: "/api/v1/auth/login", client: proxy,
			header: map[string]string{"X-Forwarded-For": ip},
			body:   map[string]string{"email": "staff@meldpunt.example", "password": password}})
	}
	login("2001:db8:1:2::a", "not the password").problem(t, http.StatusUnauthorized, "unauthenticated")
	login("2001:db8:1:2::b", "not the password").problem(t, http.StatusUnauthorized, "unauthenticated")
	login("2001:db8:1:2:ffff:ffff:ffff:ffff", h.w.passwords[staff]).problem(t, http.StatusTooManyRequests, "rate_limited")
	login("2001:db8:1:3::a", h.w.passwords[staff]).want(t, http.StatusOK)
}
