package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
	"meldpunt/internal/web"
)

// Tests of the pages behind a session: signing in and out, the session cookie, revocation, the
// organisation's advice pages and the council's report pages.

// pageAs sends a page request as a role (with its session cookie; anon without) and returns it as
// a page.
func (h *harness) pageAs(method, path string, as role, form url.Values) page {
	h.t.Helper()
	var body any
	if form != nil {
		body = form
	}
	res := h.send(request{method: method, path: path, as: as, body: body})
	return page{status: res.status, header: res.header, body: string(res.body)}
}

// withCookie sends a page request with the session cookie token ("" for none).
func (h *harness) withCookie(method, path, token string, form url.Values) (page, *http.Response) {
	h.t.Helper()
	return h.sendPage(method, path, form, nil, token)
}

// sessionCookieOf returns the session cookie a response sets, or nil.
func sessionCookieOf(res *http.Response) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == "meldpunt_sessie" {
			return c
		}
	}
	return nil
}

// signIn posts the sign-in form and returns the response.
func (h *harness) signIn(email, password string, extra url.Values) (page, *http.Response) {
	h.t.Helper()
	form := url.Values{"email": {email}, "password": {password}}
	for k, v := range extra {
		form[k] = v
	}
	return h.withCookie("POST", "/inloggen", "", form)
}

func wantRedirect(t *testing.T, p page, location string) {
	t.Helper()
	if p.status != http.StatusSeeOther || p.header.Get("Location") != location {
		t.Fatalf("want 303 to %s, got %d to %q", location, p.status, p.header.Get("Location"))
	}
}

func TestSignInPageRendersInBothLanguages(t *testing.T) {
	h := newHarness(t)
	for _, l := range []string{"nl", "en"} {
		path := "/inloggen"
		if l == "en" {
			path += "?lang=en"
		}
		p := h.getPage(path)
		wantPage(t, p, http.StatusOK, l)
		for _, want := range []string{`id="email" name="email"`, `type="password" id="password" name="password"`,
			`autocomplete="current-password"`, `<label for="email">`, `<label for="password">`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("%s: no %s", l, want)
			}
		}
		if l == "en" {
			wantEnglishLinks(t, p)
		}
	}
	// The footer of every public page leads to the sign-in page.
	if !strings.Contains(h.getPage("/").body, `href="/inloggen"`) {
		t.Error("the home page has no link to the sign-in page")
	}
}

func TestSignInRefusedWithOneMessage(t *testing.T) {
	h := newHarness(t)
	before := h.count(`SELECT count(*) FROM web_sessions`)
	wrongPassword, res := h.signIn("staff@meldpunt.example", "not the password", nil)
	wantPage(t, wrongPassword, http.StatusUnprocessableEntity, "nl")
	if sessionCookieOf(res) != nil {
		t.Error("a refused sign-in sets a session cookie")
	}
	unknown, _ := h.signIn("nobody@meldpunt.example", h.w.passwords[staff], nil)
	wantPage(t, unknown, http.StatusUnprocessableEntity, "nl")
	empty, _ := h.signIn("", "", nil)
	wantPage(t, empty, http.StatusUnprocessableEntity, "nl")
	a, b, c := errorSummary(t, wrongPassword), errorSummary(t, unknown), errorSummary(t, empty)
	if a != b || a != c || a == "" {
		t.Errorf("the messages differ, or are empty:\n wrong password: %q\n unknown address: %q\n empty: %q", a, b, c)
	}
	low := strings.ToLower(a)
	if strings.Contains(low, "wachtwoord is onjuist") || strings.Contains(low, "onbekend") {
		t.Errorf("the message says which one was wrong: %q", a)
	}
	// The address typed is kept; the password never comes back.
	if !strings.Contains(wrongPassword.body, `value="staff@meldpunt.example"`) || strings.Contains(wrongPassword.body, "not the password") {
		t.Error("the refused form does not keep the address, or shows the password")
	}
	if strings.Contains(unknown.body, h.w.passwords[staff]) {
		t.Error("the refused form shows the password")
	}
	if after := h.count(`SELECT count(*) FROM web_sessions`); after != before {
		t.Errorf("refused sign-ins started %d sessions", after-before)
	}
}

func TestSignInRateLimited(t *testing.T) {
	cfg := testConfig
	cfg.LoginLimit = 3
	h := newHarnessWith(t, cfg)
	for i := range 3 {
		p, _ := h.signIn("griffie@gemeente.example", fmt.Sprintf("wrong %d", i), nil)
		wantPage(t, p, http.StatusUnprocessableEntity, "nl")
	}
	p, res := h.signIn("griffie@gemeente.example", h.w.passwords[council], nil)
	wantPage(t, p, http.StatusTooManyRequests, "nl")
	if sessionCookieOf(res) != nil {
		t.Error("a blocked client got a session")
	}
	if got := p.header.Get("Retry-After"); got != "1" {
		t.Errorf("Retry-After %q, want 1", got)
	}
	if !strings.Contains(p.body, "wachtwoord") || !strings.Contains(p.body, "Wacht 1 seconden") {
		t.Errorf("the 429 page does not speak of the sign-in and the wait: %s", p)
	}
	// Another account from the same browser is not held up by these failures.
	p, _ = h.signIn("staff@meldpunt.example", h.w.passwords[staff], nil)
	wantRedirect(t, p, "/werk")
	// After the wait the right password works, and it clears the count.
	h.clock.Advance(time.Second)
	p, _ = h.signIn("griffie@gemeente.example", h.w.passwords[council], nil)
	wantRedirect(t, p, "/raad")
	p, _ = h.signIn("griffie@gemeente.example", "wrong again", nil)
	wantPage(t, p, http.StatusUnprocessableEntity, "nl")
}

func TestSignInStartsASessionStoredHashed(t *testing.T) {
	h := newHarness(t)
	p, res := h.signIn("STAFF@meldpunt.example", h.w.passwords[staff], nil)
	wantRedirect(t, p, "/werk")
	ck := sessionCookieOf(res)
	if ck == nil || ck.Value == "" {
		t.Fatalf("no session cookie: %v", res.Header["Set-Cookie"])
	}
	raw := res.Header.Get("Set-Cookie")
	if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Secure {
		t.Errorf("cookie %q: want HttpOnly, SameSite=Lax, Path=/ and no Secure on plain HTTP", raw)
	}
	if ck.MaxAge <= 0 || ck.MaxAge > int((8*time.Hour).Seconds()) {
		t.Errorf("cookie %q: Max-Age %d, want the session's lifetime", raw, ck.MaxAge)
	}

	// Only the SHA-256 of the token is stored: the token itself is nowhere in the table.
	var dump string
	if err := h.db.Get(&dump, `SELECT coalesce(string_agg(t::text || encode(t.token_hash, 'escape'), ' '), '') FROM web_sessions t`); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(dump, ck.Value) {
		t.Fatal("the session token is stored as it is")
	}
	if n := h.count(`SELECT count(*) FROM web_sessions WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, ck.Value); n != 1 {
		t.Fatalf("%d sessions with the token's SHA-256, want 1", n)
	}

	// The cookie signs the pages in: name and role in the header, the sign-out button.
	home, _ := h.withCookie("GET", "/werk", ck.Value, nil)
	wantPage(t, home, http.StatusOK, "nl")
	for _, want := range []string{staffName, "medewerker meldpunt", `action="/uitloggen"`, `href="/werk" aria-current="page"`} {
		if !strings.Contains(home.body, want) {
			t.Errorf("the signed-in header has no %s", want)
		}
	}
	// A bearer token means nothing to the pages, and the cookie nothing to the API.
	h.send(request{method: "GET", path: "/api/v1/me", header: map[string]string{"Cookie": "meldpunt_sessie=" + ck.Value}}).
		problem(t, http.StatusUnauthorized, "unauthenticated")
	anonPage := h.send(request{method: "GET", path: "/raad", token: h.tokens[staff]})
	if anonPage.status != http.StatusSeeOther {
		t.Errorf("a bearer token on a page: %d, want 303 to the sign-in", anonPage.status)
	}

	// Signing in again gives a new token, never the old one; the old session of this browser ends.
	p2, res2 := h.withCookie("POST", "/inloggen", ck.Value, url.Values{"email": {"staff@meldpunt.example"}, "password": {h.w.passwords[staff]}})
	if p2.status != http.StatusSeeOther {
		t.Fatalf("second sign-in: %s", p2)
	}
	ck2 := sessionCookieOf(res2)
	if ck2 == nil || ck2.Value == ck.Value {
		t.Fatal("a second sign-in reused the token")
	}
	if old, _ := h.withCookie("GET", "/raad", ck.Value, nil); old.status != http.StatusSeeOther {
		t.Errorf("the session replaced by a new sign-in still works: %d", old.status)
	}

	// Signing out ends the session on the server and removes the cookie.
	out, outRes := h.withCookie("POST", "/uitloggen", ck2.Value, url.Values{})
	wantRedirect(t, out, "/")
	if c := sessionCookieOf(outRes); c == nil || c.MaxAge >= 0 || c.Value != "" {
		t.Errorf("sign-out does not remove the cookie: %v", outRes.Header["Set-Cookie"])
	}
	after, afterRes := h.withCookie("GET", "/raad", ck2.Value, nil)
	wantRedirect(t, after, "/inloggen?next=%2Fraad")
	if c := sessionCookieOf(afterRes); c == nil || c.MaxAge >= 0 {
		t.Error("an ended session's cookie is not removed")
	}
	if n := h.count(`SELECT count(*) FROM web_sessions WHERE token_hash = sha256(convert_to($1, 'UTF8')) AND revoked_at IS NOT NULL`, ck2.Value); n != 1 {
		t.Error("sign-out did not revoke the session in the database")
	}
}

func TestSignInReturnsToLocalPagesOnly(t *testing.T) {
	h := newHarness(t)
	// A page behind the session sends the anonymous browser to the sign-in with the way back, and
	// no personal data in the URL.
	p := h.pageAs("GET", "/raad/jaar/2025?lang=en", anon, nil)
	wantRedirect(t, p, "/inloggen?lang=en&next=%2Fraad%2Fjaar%2F2025%3Flang%3Den")
	form := h.getPage(p.header.Get("Location"))
	wantPage(t, form, http.StatusOK, "en")
	if !strings.Contains(form.body, `name="next" value="/raad/jaar/2025?lang=en"`) {
		t.Errorf("the sign-in form does not carry the way back: %s", form)
	}
	// A POST is not returned to.
	wantRedirect(t, h.pageAs("POST", "/organisatie/advies/1/aanvaarden", anon, url.Values{}), "/inloggen")

	got, _ := h.signIn("griffie@gemeente.example", h.w.passwords[council], url.Values{"next": {"/raad/jaar/2025?lang=en"}})
	wantRedirect(t, got, "/raad/jaar/2025?lang=en")
	for _, next := range []string{"//evil.example/raad", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "raad"} {
		got, _ := h.signIn("griffie@gemeente.example", h.w.passwords[council], url.Values{"next": {next}})
		wantRedirect(t, got, "/raad")
	}
}

func TestSessionCookieSecureBehindTLS(t *testing.T) {
	cfg := testConfig
	cfg.TrustedProxies = []string{"127.0.0.2"}
	h := newHarnessWith(t, cfg)

	// Directly over TLS.
	tlsServer := httptest.NewTLSServer(h.server.Handler())
	t.Cleanup(tlsServer.Close)
	client := tlsServer.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	form := url.Values{"email": {"griffie@gemeente.example"}, "password": {h.w.passwords[council]}}
	res, err := client.PostForm(tlsServer.URL+"/inloggen", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if ck := sessionCookieOf(res); res.StatusCode != http.StatusSeeOther || ck == nil || !ck.Secure || !ck.HttpOnly {
		t.Errorf("over TLS: %d, cookie %v, want Secure and HttpOnly", res.StatusCode, res.Header["Set-Cookie"])
	}

	// Through a trusted proxy that says https; the same header from anyone else changes nothing.
	for _, c := range []struct {
		from   string
		secure bool
	}{{"127.0.0.2", true}, {"127.0.0.3", false}} {
		req, _ := http.NewRequest("POST", h.ts.URL+"/inloggen", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-Proto", "https")
		res, err := h.clientFrom(c.from).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if ck := sessionCookieOf(res); ck == nil || ck.Secure != c.secure {
			t.Errorf("X-Forwarded-Proto: https from %s: cookie %v, want Secure=%v", c.from, res.Header["Set-Cookie"], c.secure)
		}
	}
}

func TestSessionsEnd(t *testing.T) {
	h := newHarness(t)
	t.Run("an admin revokes every session and token of a user", func(t *testing.T) {
		if p := h.pageAs("GET", "/raad", staff, nil); p.status != http.StatusOK {
			t.Fatalf("staff session: %s", p)
		}
		id := h.w.users[staff].ID
		path := fmt.Sprintf("/api/v1/users/%d/sessions/revoke", id)
		for _, as := range []role{staff, council, orgA, supporter} {
			h.refused(request{method: "POST", path: path, as: as}, http.StatusForbidden, "forbidden")
		}
		h.refused(request{method: "POST", path: "/api/v1/users/999999/sessions/revoke", as: admin}, http.StatusNotFound, "not_found")
		h.call("POST", path, admin, nil).want(t, http.StatusNoContent)
		wantRedirect(t, h.pageAs("GET", "/raad", staff, nil), "/inloggen?next=%2Fraad")
		h.call("GET", "/api/v1/me", staff, nil).problem(t, http.StatusUnauthorized, "unauthenticated")
		// Others are untouched.
		if p := h.pageAs("GET", "/raad", council, nil); p.status != http.StatusOK {
			t.Errorf("the council's session ended too: %d", p.status)
		}
	})
	t.Run("a disabled user is signed out", func(t *testing.T) {
		if _, err := h.db.Exec(`UPDATE users SET disabled_at = $2 WHERE id = $1`, h.w.users[council].ID, h.clock.Now()); err != nil {
			t.Fatal(err)
		}
		p := h.pageAs("GET", "/raad", council, nil)
		wantRedirect(t, p, "/inloggen?next=%2Fraad")
		if !strings.Contains(strings.Join(p.header.Values("Set-Cookie"), " "), "Max-Age=0") {
			t.Error("the disabled user's cookie is not removed")
		}
	})
	t.Run("an expired session ends", func(t *testing.T) {
		if p := h.pageAs("GET", "/organisatie", orgA, nil); p.status != http.StatusOK {
			t.Fatalf("before expiry: %d", p.status)
		}
		h.clock.Set(startTime.Add(worldTokenTTL))
		wantRedirect(t, h.pageAs("GET", "/organisatie", orgA, nil), "/inloggen?next=%2Forganisatie")
	})
	t.Run("an idle session ends", func(t *testing.T) {
		cfg := web.DefaultConfig
		h2 := newHarnessWith(t, cfg)
		if p := h2.pageAs("GET", "/organisatie", orgB, nil); p.status != http.StatusOK {
			t.Fatalf("before: %d", p.status)
		}
		h2.clock.Set(startTime.Add(cfg.SessionIdle - time.Minute))
		if p := h2.pageAs("GET", "/organisatie", orgB, nil); p.status != http.StatusOK {
			t.Fatalf("within the idle time: %d", p.status)
		}
		// Seen just now: the idle time counts from the last page.
		h2.clock.Set(startTime.Add(2*cfg.SessionIdle - 2*time.Minute))
		if p := h2.pageAs("GET", "/organisatie", orgB, nil); p.status != http.StatusOK {
			t.Fatalf("within the idle time after the last page: %d", p.status)
		}
		h2.clock.Set(startTime.Add(3*cfg.SessionIdle + time.Minute))
		wantRedirect(t, h2.pageAs("GET", "/organisatie", orgB, nil), "/inloggen?next=%2Forganisatie")
	})
}

// ---- organisations ----

var rowPattern = regexp.MustCompile(`(?s)<tr>\s*<th scope="row"><a class="kenmerk" href="/organisatie/advies/(\d+)">([^<]+)<span.*?</th>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>\s*<td class="termijn[^"]*">([^<]*)</td>`)

type listRow struct {
	id                        int64
	ref, status, last, remain string
}

func orgRows(t *testing.T, p page) []listRow {
	t.Helper()
	var rows []listRow
	for _, m := range rowPattern.FindAllStringSubmatch(p.body, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		rows = append(rows, listRow{id, m[2], m[3], m[4], m[5]})
	}
	return rows
}

func wantNoPII(t *testing.T, where string, p page) {
	t.Helper()
	if s, ok := containsAny([]byte(html.UnescapeString(p.body)), piiStrings...); ok {
		t.Errorf("%s shows the complainant's %q", where, s)
	}
}

func TestOrganisationListMostUrgentFirst(t *testing.T) {
	h := newHarness(t)
	_, first := h.advised(h.orgA)
	h.clock.Set(startTime.Add(3 * 24 * time.Hour))
	_, second := h.advised(h.orgA)
	_, accepted := h.advised(h.orgA)
	h.call("POST", fmt.Sprintf("/api/v1/advices/%d/accept", accepted[h.orgA].ID), orgA, nil).want(t, http.StatusOK)
	_, other := h.advised(h.orgB)

	for _, l := range []string{"nl", "en"} {
		path := "/organisatie"
		if l == "en" {
			path += "?lang=en"
		}
		p := h.pageAs("GET", path, orgA, nil)
		wantPage(t, p, http.StatusOK, l)
		wantNoPII(t, path, p)
		if strings.Contains(p.body, fmt.Sprintf("/organisatie/advies/%d", other[h.orgB].ID)) {
			t.Error("organisation A sees B's advice")
		}
		if l == "en" {
			wantEnglishLinks(t, p)
			continue
		}
		rows := orgRows(t, p)
		var ids []int64
		for _, r := range rows {
			ids = append(ids, r.id)
		}
		want := []int64{first[h.orgA].ID, second[h.orgA].ID, accepted[h.orgA].ID}
		if !slices.Equal(ids, want) {
			t.Fatalf("order %v, want %v (issued by last day, then to be carried out)", ids, want)
		}
		today := term.LocalDate(h.clock.Now())
		for i, a := range []casework.Advice{first[h.orgA], second[h.orgA]} {
			last, _ := term.ParseDate(a.RespondBy)
			wantLeft := fmt.Sprintf("nog %d dagen", today.DaysUntil(last))
			if rows[i].remain != wantLeft || rows[i].status != "wacht op uw antwoord" {
				t.Errorf("row %d: %+v, want %q", i, rows[i], wantLeft)
			}
		}
		if rows[2].status != "aanvaard" || rows[2].remain != "nog uitvoeren" {
			t.Errorf("accepted row: %+v", rows[2])
		}
	}

	// After the last day, before the sweep: the term has ended.
	h.clock.Set(first[h.orgA].DeadlineAt)
	rows := orgRows(t, h.pageAs("GET", "/organisatie", orgA, nil))
	if rows[0].remain != "termijn verstreken" {
		t.Errorf("after the deadline: %+v", rows[0])
	}
}

func TestOrganisationAnswersAdvice(t *testing.T) {
	h := newHarness(t)
	advicePath := func(id int64) string { return fmt.Sprintf("/organisatie/advies/%d", id) }

	t.Run("the advice page shows the case without contact details", func(t *testing.T) {
		_, advs := h.advised(h.orgA)
		id := advs[h.orgA].ID
		for _, l := range []string{"", "?lang=en"} {
			p := h.pageAs("GET", advicePath(id)+l, orgA, nil)
			wantPage(t, p, http.StatusOK, map[string]string{"": "nl", "?lang=en": "en"}[l])
			wantNoPII(t, "the advice page", p)
			for _, want := range []string{advs[h.orgA].ComplaintRef, "Neem binnen twee weken een besluit", "Mijn aanvraag voor huishoudelijke hulp",
				`action="` + advicePath(id) + `/aanvaarden`, `id="reasons"`, `id="reasons-hulp"`, `name="ground"`} {
				if !strings.Contains(p.body, want) {
					t.Errorf("%s: the advice page has no %q", l, want)
				}
			}
			if l != "" {
				wantEnglishLinks(t, p)
			}
		}
		// The help text says what is expected of the reasons.
		p := h.pageAs("GET", advicePath(id), orgA, nil)
		for _, want := range []string{"een paar zinnen", "concrete redenen", "de klager krijgt deze redenen"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the reasons' help text does not say %q", want)
			}
		}
	})

	t.Run("accept", func(t *testing.T) {
		_, advs := h.advised(h.orgA)
		id := advs[h.orgA].ID
		// Accepting takes two steps (org_confirm.go; pages_org_confirm_test.go): the confirmation.
		p := h.pageAs("POST", advicePath(id)+"/aanvaarden", orgA, url.Values{"bevestigd": {"ja"}})
		wantRedirect(t, p, advicePath(id)+"?klaar=aanvaard")
		done := h.pageAs("GET", p.header.Get("Location"), orgA, nil)
		wantPage(t, done, http.StatusOK, "nl")
		if !strings.Contains(done.body, `role="status"`) || !strings.Contains(done.body, "U heeft het advies aanvaard") {
			t.Errorf("no success message: %s", done)
		}
		if st := h.advice(id).Status; st != casework.AdviceAccepted {
			t.Fatalf("status %s", st)
		}
		// Once accepted, the execution form; answering again is refused and changes nothing.
		if !strings.Contains(done.body, advicePath(id)+"/uitgevoerd") || strings.Contains(done.body, advicePath(id)+"/afwijzen") {
			t.Error("an accepted advice does not offer exactly the execution form")
		}
		before := h.fingerprint()
		again := h.pageAs("POST", advicePath(id)+"/aanvaarden", orgA, url.Values{})
		wantPage(t, again, http.StatusConflict, "nl")
		if h.fingerprint() != before {
			t.Error("a second answer changed the database")
		}
		// Execution.
		x := h.pageAs("POST", advicePath(id)+"/uitgevoerd?lang=en", orgA, url.Values{"note": {"Besluit genomen en excuses aangeboden."}, "lang": {"en"}})
		wantRedirect(t, x, advicePath(id)+"?klaar=uitgevoerd&lang=en")
		if d := h.advice(id); d.Status != casework.AdviceExecuted || d.ExecutionNote != "Besluit genomen en excuses aangeboden." {
			t.Fatalf("after execution: %s %q", d.Status, d.ExecutionNote)
		}
	})

	t.Run("reject with reasons", func(t *testing.T) {
		_, advs := h.advised(h.orgA)
		id := advs[h.orgA].ID
		for _, c := range []struct{ reasons, wantMsg string }{
			{"", "Schrijf op waarom"},
			{"Nee", "te kort"},
			{"Nee <b>niet</b> & \"nooit\"", "te kort"},
		} {
			before := h.fingerprint()
			p := h.pageAs("POST", advicePath(id)+"/afwijzen", orgA, url.Values{"reasons": {c.reasons}, "ground": {"financial"}})
			wantPage(t, p, http.StatusUnprocessableEntity, "nl")
			wantNoPII(t, "the refused rejection", p)
			if h.fingerprint() != before {
				t.Fatalf("refused reasons %q changed the database", c.reasons)
			}
			if got := errorSummary(t, p); !strings.Contains(got, c.wantMsg) {
				t.Errorf("reasons %q: summary %q, want %q", c.reasons, got, c.wantMsg)
			}
			if !strings.Contains(p.body, `id="reasons-fout"`) || !strings.Contains(p.body, `aria-invalid="true"`) ||
				!strings.Contains(p.body, `href="#reasons"`) {
				t.Errorf("reasons %q: no field error linked from the summary", c.reasons)
			}
			kept := html.EscapeString(c.reasons)
			if !strings.Contains(p.body, `aria-invalid="true">`+kept+`</textarea>`) {
				t.Errorf("the typed reasons %q are not kept", c.reasons)
			}
			if !strings.Contains(p.body, `value="financial" checked`) {
				t.Error("the chosen ground is not kept")
			}
		}
		reasons := "Wij voeren dit advies niet uit omdat de Wmo-verordening een besluit binnen deze termijn niet toestaat.\nWij bieden wel excuses aan."
		p := h.pageAs("POST", advicePath(id)+"/afwijzen", orgA, url.Values{"reasons": {reasons}, "ground": {"legal"}})
		wantRedirect(t, p, advicePath(id)+"?klaar=afgewezen")
		d := h.advice(id)
		if d.Status != casework.AdviceRejected || d.RejectionReasons != reasons || d.RejectionGround != casework.RejectionLegal {
			t.Fatalf("after rejection: %s %q %s", d.Status, d.RejectionReasons, d.RejectionGround)
		}
	})

	t.Run("a late answer is refused and explained", func(t *testing.T) {
		_, advs := h.advised(h.orgA)
		a := advs[h.orgA]
		h.clock.Set(a.DeadlineAt)
		t.Cleanup(func() { h.clock.Set(startTime) })
		page := h.pageAs("GET", advicePath(a.ID), orgA, nil)
		if !strings.Contains(page.body, `id="verlopen"`) || strings.Contains(page.body, "/aanvaarden") {
			t.Error("after the deadline the page still offers the answer forms, or does not say the term ended")
		}
		last, _ := time.Parse(time.DateOnly, a.RespondBy)
		lastNL := fmt.Sprintf("%d %s %d", last.Day(), []string{"januari", "februari", "maart", "april", "mei", "juni", "juli",
			"augustus", "september", "oktober", "november", "december"}[last.Month()-1], last.Year())
		for _, post := range []struct {
			action string
			form   url.Values
		}{
			{"aanvaarden", url.Values{}},
			{"afwijzen", url.Values{"reasons": {"Wij voeren dit advies niet uit omdat de regels dat niet toestaan, met excuses."}}},
		} {
			before := h.fingerprint()
			p := h.pageAs("POST", advicePath(a.ID)+"/"+post.action, orgA, post.form)
			wantPage(t, p, http.StatusConflict, "nl")
			msg := errorSummary(t, p)
			if !strings.Contains(msg, "eindigde op "+lastNL) || !strings.Contains(msg, "helemaal worden uitgevoerd") {
				t.Errorf("%s: the refusal does not explain the term: %q", post.action, msg)
			}
			if h.fingerprint() != before {
				t.Errorf("a late %s changed the database", post.action)
			}
		}
		if st := h.advice(a.ID).Status; st != casework.AdviceIssued {
			t.Errorf("status %s after late answers", st)
		}
	})

	t.Run("another organisation's advice is not found", func(t *testing.T) {
		_, advs := h.advised(h.orgA)
		id := advs[h.orgA].ID
		before := h.fingerprint()
		for _, r := range []struct {
			method, path string
			form         url.Values
		}{
			{"GET", advicePath(id), nil},
			{"POST", advicePath(id) + "/aanvaarden", url.Values{}},
			{"POST", advicePath(id) + "/afwijzen", url.Values{"reasons": {"Wij voeren dit advies niet uit omdat de regels dat niet toestaan."}}},
			{"POST", advicePath(id) + "/uitgevoerd", url.Values{}},
			{"GET", "/organisatie/advies/999999", nil},
			{"GET", "/organisatie/advies/abc", nil},
		} {
			p := h.pageAs(r.method, r.path, orgB, r.form)
			wantPage(t, p, http.StatusNotFound, "nl")
			wantNoPII(t, r.path, p)
			if strings.Contains(p.body, advs[h.orgA].ComplaintRef) {
				t.Errorf("%s %s as B shows A's complaint", r.method, r.path)
			}
		}
		if h.fingerprint() != before {
			t.Error("B's requests changed the database")
		}
	})
}

// ---- council ----

func TestCouncilPagesShowTheReportsFigures(t *testing.T) {
	h := newHarness(t)
	// Some figures: two advised complaints (one answered), two received.
	_, a1 := h.advised(h.orgA)
	h.call("POST", fmt.Sprintf("/api/v1/advices/%d/accept", a1[h.orgA].ID), orgA, nil).want(t, http.StatusOK)
	h.advised(h.orgA, h.orgB)
	h.file(h.orgB)
	h.file(h.orgA)

	start := h.pageAs("GET", "/raad", council, nil)
	wantPage(t, start, http.StatusOK, "nl")
	for y := 2021; y <= 2026; y++ {
		if !strings.Contains(start.body, fmt.Sprintf(`href="/raad/jaar/%d"`, y)) {
			t.Errorf("the start page offers no %d", y)
		}
	}

	var rep struct {
		Figures struct {
			Summary  map[string]any `json:"summary"`
			Previous map[string]any `json:"previous_year"`
			ByOrg    []struct {
				Organisation string          `json:"organisation"`
				Complaints   json.RawMessage `json:"complaints"`
				Granted      json.RawMessage `json:"granted"`
			} `json:"by_organisation"`
			Outcomes []map[string]json.RawMessage `json:"advice_outcomes"`
			ByDomain []struct {
				Complaints int `json:"complaints"`
			} `json:"by_life_domain"`
		} `json:"figures"`
	}
	h.call("GET", "/api/v1/reports/annual/2026.json", council, nil).ok(t, http.StatusOK, &rep)

	p := h.pageAs("GET", "/raad/jaar/2026", council, nil)
	wantPage(t, p, http.StatusOK, "nl")
	wantNoPII(t, "the council's year page", p)
	cell := func(id string) string {
		m := regexp.MustCompile(`<td id="` + regexp.QuoteMeta(id) + `">(?:<span class="getal">)?([^<]*)<`).FindStringSubmatch(p.body)
		if m == nil {
			t.Fatalf("no cell %s", id)
		}
		return html.UnescapeString(m[1])
	}
	for _, key := range []string{"received", "taken_up", "ruled", "granted", "advices_issued", "advices_accepted", "advices_awaiting"} {
		want := fmt.Sprint(rep.Figures.Summary[key])
		if got := cell("s-" + key); got != want {
			t.Errorf("%s: page %q, report %q", key, got, want)
		}
		if got, want := cell("p-"+key), fmt.Sprint(rep.Figures.Previous[key]); got != want {
			t.Errorf("%s the year before: page %q, report %q", key, got, want)
		}
	}
	if share, ok := rep.Figures.Summary["granted_share"].(float64); ok {
		want := strings.Replace(strconv.FormatFloat(share, 'f', 1, 64), ".", ",", 1) + "%"
		if got := cell("s-granted_share"); got != want {
			t.Errorf("granted share: page %q, report %q", got, want)
		}
	}
	jsonText := func(raw json.RawMessage) string {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return string(raw)
	}
	if len(rep.Figures.ByOrg) == 0 {
		t.Fatal("the report has no organisations")
	}
	hidden := 0
	for i, o := range rep.Figures.ByOrg {
		for j, v := range []json.RawMessage{o.Complaints, o.Granted} {
			if got, want := cell(fmt.Sprintf("o%d-%d", i, j)), jsonText(v); got != want {
				t.Errorf("organisation %s column %d: page %q, report %q", o.Organisation, j, got, want)
			}
			if jsonText(v) == "<5" || jsonText(v) == "x" {
				hidden++
			}
		}
	}
	if hidden == 0 {
		t.Error("no hidden count in the test data: the check of <5 proves nothing")
	}
	for i, o := range rep.Figures.Outcomes {
		for j, k := range []string{"issued", "accepted", "rejected", "enforced", "executed", "awaiting"} {
			if got, want := cell(fmt.Sprintf("u%d-%d", i, j)), jsonText(o[k]); got != want {
				t.Errorf("outcome %d %s: page %q, report %q", i, k, got, want)
			}
		}
	}
	for i, d := range rep.Figures.ByDomain {
		if got := cell(fmt.Sprintf("domein-%d", i)); got != strconv.Itoa(d.Complaints) {
			t.Errorf("life domain %d: page %q, report %d", i, got, d.Complaints)
		}
	}
	// Tables are accessible: captions and header cells with a scope; bars drawn by CSS classes.
	if n, c := strings.Count(p.body, "<table"), strings.Count(p.body, "<caption"); n < 8 || n != c {
		t.Errorf("%d tables, %d captions", n, c)
	}
	if !strings.Contains(p.body, `<th scope="row">`) || !strings.Contains(p.body, `class="staaf w100" aria-hidden="true"`) {
		t.Error("no row headers or no bars")
	}
	en := h.pageAs("GET", "/raad/jaar/2026?lang=en", staff, nil)
	wantPage(t, en, http.StatusOK, "en")
	wantEnglishLinks(t, en)

	// The downloads work with the session; the first download of an edition that was never made
	// stores it (the JSON was stored by the API's GET above), a second stores nothing.
	for _, d := range []struct {
		file, ctype, magic string
		stored             int
	}{
		{"rapport-nl.pdf", "application/pdf", "%PDF", 1}, {"rapport-en.pdf", "application/pdf", "%PDF", 1},
		{"rapport.csv", "text/csv", "section,", 1}, {"rapport.json", "application/json", "{", 0},
	} {
		before := h.count(`SELECT count(*) FROM report_versions`)
		res := h.send(request{method: "GET", path: "/raad/jaar/2026/" + d.file, as: council})
		if res.status != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), d.ctype) ||
			!bytes.HasPrefix(res.body, []byte(d.magic)) || !strings.Contains(res.header.Get("Content-Disposition"), "attachment") {
			t.Errorf("%s: %d %s %q", d.file, res.status, res.header.Get("Content-Type"), res.body[:min(20, len(res.body))])
		}
		again := h.send(request{method: "GET", path: "/raad/jaar/2026/" + d.file, as: council})
		if !bytes.Equal(again.body, res.body) {
			t.Errorf("%s: a second download differs from the first", d.file)
		}
		if after := h.count(`SELECT count(*) FROM report_versions`); after != before+d.stored {
			t.Errorf("%s stored %d versions, want %d", d.file, after-before, d.stored)
		}
	}
	if res := h.send(request{method: "GET", path: "/raad/jaar/2026/rapport.exe", as: council}); res.status != http.StatusNotFound {
		t.Errorf("an unknown file: %d", res.status)
	}
	if res := h.send(request{method: "GET", path: "/raad/jaar/2099", as: council}); res.status != http.StatusNotFound {
		t.Errorf("a year to come: %d", res.status)
	}

	// Organisations, supporters and residents are refused, and change nothing.
	for _, path := range []string{"/raad", "/raad/jaar/2026", "/raad/jaar/2026/rapport.csv"} {
		for _, as := range []role{orgA, orgB, supporter} {
			before := h.fingerprint()
			p := h.pageAs("GET", path, as, nil)
			wantPage(t, p, http.StatusForbidden, "nl")
			if h.fingerprint() != before {
				t.Errorf("%s as %s changed the database", path, as)
			}
		}
		wantRedirect(t, h.pageAs("GET", path, anon, nil), "/inloggen?next="+url.QueryEscape(path))
	}
}
