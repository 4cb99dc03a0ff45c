package web_test

import (
	"bytes"
	"fmt"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"meldpunt/internal/casework"
)

// totpCode is the code an authenticator app with secret shows at the harness clock's time.
func (h *harness) totpCode(secret string) string {
	h.t.Helper()
	code, err := totp.GenerateCodeCustom(strings.ReplaceAll(secret, " ", ""), h.clock.Now(),
		totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		h.t.Fatal(err)
	}
	return code
}

// otherCode is a six-digit code that is not code.
func otherCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}

// enrol switches two-step sign-in on for as through the store and returns the secret; the clock
// moves on one step, so that the next code is a fresh one.
func (h *harness) enrol(as role) string {
	h.t.Helper()
	e, err := h.store.StartTOTP(h.t.Context(), h.w.users[as])
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.store.ConfirmTOTP(h.t.Context(), h.w.users[as], h.totpCode(e.Secret)); err != nil {
		h.t.Fatal(err)
	}
	h.clock.Advance(30 * time.Second)
	return e.Secret
}

// pendingPage sends a page request with the cookie of a pending sign-in.
func (h *harness) pendingPage(method, path, pending string, form url.Values) (page, *http.Response) {
	h.t.Helper()
	return h.sendPage(method, path, form, map[string]string{"Cookie": "meldpunt_aanmelden=" + pending}, "")
}

func pendingCookieOf(res *http.Response) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == "meldpunt_aanmelden" {
			return c
		}
	}
	return nil
}

// signInPending signs in as with the password on the form and returns the pending sign-in's token.
func (h *harness) signInPending(as role, next string) string {
	h.t.Helper()
	extra := url.Values{}
	if next != "" {
		extra.Set("next", next)
	}
	p, res := h.signIn(h.w.users[as].Email, h.w.passwords[as], extra)
	want := "/inloggen/code"
	if next != "" {
		want += "?next=" + url.QueryEscape(next)
	}
	wantRedirect(h.t, p, want)
	if sessionCookieOf(res) != nil {
		h.t.Fatal("the password alone gave a session")
	}
	ck := pendingCookieOf(res)
	if ck == nil || ck.Value == "" || !ck.HttpOnly || ck.Path != "/inloggen/code" || ck.MaxAge <= 0 || ck.MaxAge > 1200 {
		h.t.Fatalf("pending cookie %+v", ck)
	}
	return ck.Value
}

func (h *harness) apiLogin(as role, otp string) *response {
	h.t.Helper()
	body := map[string]string{"email": h.w.users[as].Email, "password": h.w.passwords[as]}
	if otp != "" {
		body["otp"] = otp
	}
	return h.send(request{method: "POST", path: "/api/v1/auth/login", body: body})
}

func TestTwoFactorAPIEnrolSignInAndSwitchOff(t *testing.T) {
	h := newHarness(t)
	var e struct {
		Secret string `json:"secret"`
		URL    string `json:"otpauth_url"`
	}
	h.call("POST", "/api/v1/me/totp", staff, nil).ok(t, http.StatusCreated, &e)
	if len(e.Secret) != 32 || !strings.HasPrefix(e.URL, "otpauth://totp/Meldpunt%20Sociaal%20Domein:staff@meldpunt.example?") ||
		!strings.Contains(e.URL, "secret="+e.Secret) {
		t.Fatalf("enrolment %+v", e)
	}
	// Not on until confirmed: the password alone still signs in.
	h.apiLogin(staff, "").want(t, http.StatusOK)

	code := h.totpCode(e.Secret)
	p := h.call("POST", "/api/v1/me/totp/confirm", staff, map[string]string{"code": otherCode(code)}).
		problem(t, http.StatusUnprocessableEntity, "validation_failed")
	wantFields(t, p, "code")
	var tf struct{ Enabled, Required, Pending bool }
	h.call("GET", "/api/v1/me/totp", staff, nil).ok(t, http.StatusOK, &tf)
	if tf.Enabled || !tf.Pending {
		t.Fatalf("after a wrong code: %+v", tf)
	}
	h.call("POST", "/api/v1/me/totp/confirm", staff, map[string]string{"code": code}).want(t, http.StatusOK)
	h.call("GET", "/api/v1/me/totp", staff, nil).ok(t, http.StatusOK, &tf)
	if !tf.Enabled || tf.Pending {
		t.Fatalf("after the right code: %+v", tf)
	}
	// A second set-up while it is on is a conflict.
	h.call("POST", "/api/v1/me/totp", staff, nil).problem(t, http.StatusConflict, "conflict")

	var users struct{ Users []casework.Account }
	h.call("GET", "/api/v1/users", admin, nil).ok(t, http.StatusOK, &users)
	for _, u := range users.Users {
		if u.TwoFactor != (u.ID == h.w.users[staff].ID) {
			t.Errorf("%s two_factor %v", u.Email, u.TwoFactor)
		}
	}

	// Signing in: without a code 401 totp_required, and no token.
	before := h.count(`SELECT count(*) FROM api_tokens`)
	h.apiLogin(staff, "").problem(t, http.StatusUnauthorized, "totp_required")
	// The code just used to confirm is refused (used once), and so is a wrong one.
	h.apiLogin(staff, code).problem(t, http.StatusUnauthorized, "totp_invalid")
	h.apiLogin(staff, otherCode(h.totpCode(e.Secret))).problem(t, http.StatusUnauthorized, "totp_invalid")
	// A wrong password with the right code is still just a wrong password.
	h.send(request{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"email": "staff@meldpunt.example",
		"password": "niet het wachtwoord", "otp": code}}).problem(t, http.StatusUnauthorized, "unauthenticated")
	if n := h.count(`SELECT count(*) FROM api_tokens`); n != before {
		t.Fatalf("refused sign-ins made %d tokens", n-before)
	}

	// The next step's code signs in, once; one step late (a slow typist) still works.
	h.clock.Advance(30 * time.Second)
	next := h.totpCode(e.Secret)
	h.apiLogin(staff, next).want(t, http.StatusOK)
	h.apiLogin(staff, next).problem(t, http.StatusUnauthorized, "totp_invalid")
	h.clock.Advance(30 * time.Second)
	late := h.totpCode(e.Secret)
	h.clock.Advance(30 * time.Second)
	h.apiLogin(staff, late[:3]+" "+late[3:]).want(t, http.StatusOK)
	// Two steps late is too old.
	h.clock.Advance(30 * time.Second)
	old := h.totpCode(e.Secret)
	h.clock.Advance(60 * time.Second)
	h.apiLogin(staff, old).problem(t, http.StatusUnauthorized, "totp_invalid")

	// Switching it off needs the current password.
	p = h.call("DELETE", "/api/v1/me/totp", staff, map[string]string{"current_password": "niet het wachtwoord"}).
		problem(t, http.StatusUnprocessableEntity, "validation_failed")
	wantFields(t, p, "current_password")
	h.call("DELETE", "/api/v1/me/totp", staff, map[string]string{"current_password": h.w.passwords[staff]}).want(t, http.StatusNoContent)
	h.call("DELETE", "/api/v1/me/totp", staff, map[string]string{"current_password": h.w.passwords[staff]}).
		problem(t, http.StatusConflict, "conflict")
	h.apiLogin(staff, "").want(t, http.StatusOK)
	if n := h.count(`SELECT count(*) FROM account_events WHERE user_id = $1 AND action IN ('two_factor_on', 'two_factor_off')`,
		h.w.users[staff].ID); n != 2 {
		t.Errorf("%d account events, want on and off", n)
	}
	// Other roles have no two-step sign-in.
	h.call("POST", "/api/v1/me/totp", council, nil).problem(t, http.StatusForbidden, "forbidden")
}

func TestTwoFactorWrongCodesAreThrottled(t *testing.T) {
	cfg := testConfig
	cfg.LoginLimit, cfg.LimitWindow = 3, 15*time.Minute
	h := newHarnessWith(t, cfg)
	secret := h.enrol(staff)
	for i := 0; i < 3; i++ {
		h.apiLogin(staff, otherCode(h.totpCode(secret))).problem(t, http.StatusUnauthorized, "totp_invalid")
	}
	// From the limit on even the right code waits: wrong codes count like wrong passwords.
	res := h.apiLogin(staff, h.totpCode(secret))
	res.problem(t, http.StatusTooManyRequests, "rate_limited")
	if res.header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	// The second step of the pages counts in the same throttle.
	adminSecret := h.enrol(admin)
	pending := h.signInPending(admin, "")
	for i := 0; i < 3; i++ {
		p, _ := h.pendingPage("POST", "/inloggen/code", pending, url.Values{"code": {otherCode(h.totpCode(adminSecret))}})
		wantPage(t, p, http.StatusUnprocessableEntity, "nl")
		wantBody(t, p, "Deze code klopt niet of is al gebruikt.", `href="#code"`)
	}
	p, _ := h.pendingPage("POST", "/inloggen/code", pending, url.Values{"code": {h.totpCode(adminSecret)}})
	wantPage(t, p, http.StatusTooManyRequests, "nl")
	if p.header.Get("Retry-After") == "" {
		t.Error("no Retry-After on the page")
	}
}

func TestTwoFactorPagesSignInWithCode(t *testing.T) {
	h := newHarness(t)
	secret := h.enrol(staff)
	pending := h.signInPending(staff, "/werk/post")

	// The pending sign-in is no session: as a session cookie it opens nothing.
	p, _ := h.withCookie("GET", "/werk", pending, nil)
	wantRedirect(t, p, "/inloggen?next=%2Fwerk")

	for _, l := range []string{"nl", "en"} {
		path := "/inloggen/code?next=%2Fwerk%2Fpost"
		if l == "en" {
			path += "&lang=en"
		}
		p, _ := h.pendingPage("GET", path, pending, nil)
		wantPage(t, p, http.StatusOK, l)
		wantBody(t, p, `name="code"`, `inputmode="numeric"`, `autocomplete="one-time-code"`, `name="next" value="/werk/post"`)
		if strings.Contains(p.body, "sleutel") {
			t.Error("the code page shows a key")
		}
	}
	wantBody(t, func() page { p, _ := h.pendingPage("GET", "/inloggen/code", pending, nil); return p }(),
		"Uw wachtwoord klopt.", "code van zes cijfers")
	wantBody(t, func() page { p, _ := h.pendingPage("GET", "/inloggen/code?lang=en", pending, nil); return p }(),
		"Your password is correct.", "six-digit code")

	// A wrong code: 422, no session.
	p, res := h.pendingPage("POST", "/inloggen/code", pending, url.Values{"code": {otherCode(h.totpCode(secret))}, "next": {"/werk/post"}})
	wantPage(t, p, http.StatusUnprocessableEntity, "nl")
	if sessionCookieOf(res) != nil {
		t.Fatal("a wrong code gave a session")
	}
	// The right code: a session, to the page asked for; the pending cookie is removed.
	p, res = h.pendingPage("POST", "/inloggen/code", pending, url.Values{"code": {h.totpCode(secret)}, "next": {"/werk/post"}})
	wantRedirect(t, p, "/werk/post")
	session := sessionCookieOf(res)
	if session == nil || session.Value == "" {
		t.Fatal("no session after the right code")
	}
	if ck := pendingCookieOf(res); ck == nil || ck.MaxAge >= 0 {
		t.Errorf("the pending cookie stays: %+v", ck)
	}
	p, _ = h.withCookie("GET", "/werk", session.Value, nil)
	wantPage(t, p, http.StatusOK, "nl")
	// The pending sign-in is used up.
	p, _ = h.pendingPage("POST", "/inloggen/code", pending, url.Values{"code": {h.totpCode(secret)}})
	wantPage(t, p, http.StatusUnauthorized, "nl")
	wantBody(t, p, "Log opnieuw in")

	// The same code in a new sign-in is refused: used once.
	pending = h.signInPending(staff, "")
	p, _ = h.pendingPage("POST", "/inloggen/code", pending, url.Values{"code": {h.totpCode(secret)}})
	wantPage(t, p, http.StatusUnprocessableEntity, "nl")
	// Five wrong codes end the pending sign-in: the password must be given again.
	for i := 1; i < 5; i++ {
		p, _ = h.pendingPage("POST", "/inloggen/code", pending, url.Values{"code": {otherCode(h.totpCode(secret))}})
		wantPage(t, p, http.StatusUnprocessableEntity, "nl")
	}
	h.clock.Advance(30 * time.Second)
	p, _ = h.pendingPage("POST", "/inloggen/code", pending, url.Values{"code": {h.totpCode(secret)}})
	wantPage(t, p, http.StatusUnauthorized, "nl")
	// A pending sign-in expires after minutes.
	pending = h.signInPending(staff, "")
	h.clock.Advance(6 * time.Minute)
	p, _ = h.pendingPage("GET", "/inloggen/code", pending, nil)
	wantPage(t, p, http.StatusUnauthorized, "nl")
	// Without a pending sign-in the page sends one to the password.
	wantRedirect(t, h.getPage("/inloggen/code?lang=en"), "/inloggen?lang=en")
}

var keyPattern = regexp.MustCompile(`id="sleutel" class="sleutel">([A-Z2-7 ]+)<`)

// keyOn reads the key to type from a page.
func keyOn(t *testing.T, p page) string {
	t.Helper()
	m := keyPattern.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no key on the page: %s", p)
	}
	if !regexp.MustCompile(`^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$`).MatchString(m[1]) {
		t.Errorf("the key %q is not in groups of four", m[1])
	}
	return strings.ReplaceAll(m[1], " ", "")
}

func wantPNG(t *testing.T, p page) {
	t.Helper()
	if p.status != http.StatusOK || p.header.Get("Content-Type") != "image/png" {
		t.Fatalf("QR code: %d %s", p.status, p.header.Get("Content-Type"))
	}
	img, err := png.Decode(bytes.NewReader([]byte(p.body)))
	if err != nil || img.Bounds().Dx() < 200 {
		t.Fatalf("QR code image: %v", err)
	}
}

func TestTwoFactorAccountPage(t *testing.T) {
	h := newHarness(t)
	for _, l := range []string{"nl", "en"} {
		path := "/account/tweestapsverificatie"
		if l == "en" {
			path += "?lang=en"
		}
		p := h.pageAs("GET", path, staff, nil)
		wantPage(t, p, http.StatusOK, l)
		if l == "nl" {
			wantBody(t, p, "Tweestapsverificatie staat uit", "code van zes cijfers uit een app op uw telefoon", "authenticator-app",
				"Microsoft Authenticator", `action="/account/tweestapsverificatie/starten"`, "Kwijt of nieuwe telefoon?")
		} else {
			wantBody(t, p, "Two-step sign-in is off", "six-digit code from an app on your phone", "authenticator app",
				`action="/account/tweestapsverificatie/starten?lang=en"`)
		}
	}
	// Staff and admin have it in their menu; other roles do not, and get a 403 page.
	wantBody(t, h.pageAs("GET", "/werk", staff, nil), `href="/account/tweestapsverificatie"`)
	if p := h.pageAs("GET", "/raad", council, nil); strings.Contains(p.body, "tweestapsverificatie") {
		t.Error("the council's menu offers two-step sign-in")
	}
	wantPage(t, h.pageAs("GET", "/account/tweestapsverificatie", council, nil), http.StatusForbidden, "nl")

	wantRedirect(t, h.pageAs("POST", "/account/tweestapsverificatie/starten", staff, url.Values{}), "/account/tweestapsverificatie#code")
	p := h.pageAs("GET", "/account/tweestapsverificatie", staff, nil)
	wantPage(t, p, http.StatusOK, "nl")
	secret := keyOn(t, p)
	wantBody(t, p, `<img src="/account/tweestapsverificatie/qr.png"`, `alt="QR-code om te scannen met de app"`,
		`autocomplete="one-time-code"`, `inputmode="numeric"`, `action="/account/tweestapsverificatie/bevestigen"`)
	wantPNG(t, h.pageAs("GET", "/account/tweestapsverificatie/qr.png", staff, nil))

	code := h.totpCode(secret)
	p = h.pageAs("POST", "/account/tweestapsverificatie/bevestigen", staff, url.Values{"code": {otherCode(code)}})
	wantPage(t, p, http.StatusUnprocessableEntity, "nl")
	wantBody(t, p, "Deze code klopt niet.", `href="#code"`, `aria-invalid="true"`)
	p = h.pageAs("POST", "/account/tweestapsverificatie/bevestigen", staff, url.Values{"code": {""}})
	wantPage(t, p, http.StatusUnprocessableEntity, "nl")
	wantBody(t, p, "Vul de code van zes cijfers")
	wantRedirect(t, h.pageAs("POST", "/account/tweestapsverificatie/bevestigen?lang=en", staff, url.Values{"code": {code}, "lang": {"en"}}),
		"/account/tweestapsverificatie?klaar=aan&lang=en")
	p = h.pageAs("GET", "/account/tweestapsverificatie?klaar=aan&lang=en", staff, nil)
	wantPage(t, p, http.StatusOK, "en")
	wantBody(t, p, "Two-step sign-in is now on.", "Two-step sign-in is on for your account.", `name="current_password"`)
	// Once on, the key is never shown again.
	if strings.Contains(p.body, secret[:8]) || strings.Contains(p.body, `id="sleutel"`) {
		t.Error("the page shows the key after it was switched on")
	}
	if p := h.pageAs("GET", "/account/tweestapsverificatie/qr.png", staff, nil); p.status != http.StatusNotFound {
		t.Errorf("the QR code of a key that is on: %d", p.status)
	}
	if strings.Contains(h.logs.String(), secret) {
		t.Error("the key is in the log")
	}
	// Stored sealed (MELDPUNT_TOTP_KEY), never as the key itself.
	var stored string
	if err := h.db.Get(&stored, `SELECT secret FROM totp_keys WHERE user_id = $1`, h.w.users[staff].ID); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(stored, "v1:") || strings.Contains(stored, secret) {
		t.Errorf("the key is stored as %q", stored)
	}

	p = h.pageAs("POST", "/account/tweestapsverificatie/uitzetten", staff, url.Values{"current_password": {"niet het wachtwoord"}})
	wantPage(t, p, http.StatusUnprocessableEntity, "nl")
	wantBody(t, p, "Dit is niet uw huidige wachtwoord.", `href="#current_password"`)
	wantRedirect(t, h.pageAs("POST", "/account/tweestapsverificatie/uitzetten", staff, url.Values{"current_password": {h.w.passwords[staff]}}),
		"/account/tweestapsverificatie?klaar=uit")
	wantBody(t, h.pageAs("GET", "/account/tweestapsverificatie?klaar=uit", staff, nil), "Tweestapsverificatie staat nu uit.")
	pg, _ := h.signIn(h.w.users[staff].Email, h.w.passwords[staff], nil)
	wantRedirect(t, pg, "/werk")
}

func TestTwoFactorRequiredForcesEnrolment(t *testing.T) {
	h := newHarness(t)
	p := h.pageAs("GET", "/werk/gebruikers", admin, nil)
	wantBody(t, p, `action="/werk/tweestapsverificatie"`, `name="staff" value="1"`, `name="admin" value="1"`, "Verplicht voor medewerkers")
	wantRedirect(t, h.pageAs("POST", "/werk/tweestapsverificatie", admin, url.Values{"staff": {"1"}}),
		"/werk/gebruikers?klaar=tweestapregel")
	p = h.pageAs("GET", "/werk/gebruikers?klaar=tweestapregel", admin, nil)
	wantBody(t, p, "De verplichting van tweestapsverificatie is opgeslagen.", `name="staff" value="1" checked`)
	if strings.Contains(p.body, `name="admin" value="1" checked`) {
		t.Error("the admin box is ticked")
	}
	var rules struct{ Staff, Admin bool }
	h.call("GET", "/api/v1/settings/two-factor", admin, nil).ok(t, http.StatusOK, &rules)
	if !rules.Staff || rules.Admin {
		t.Fatalf("rules %+v", rules)
	}
	if n := h.count(`SELECT count(*) FROM account_events WHERE action = 'two_factor_required' AND detail = 'staff' AND actor_user_id = $1`,
		h.w.users[admin].ID); n != 1 {
		t.Fatalf("%d events of the requirement", n)
	}
	// The admin is not required, and signs in with the password alone.
	pg, _ := h.signIn(h.w.users[admin].Email, h.w.passwords[admin], nil)
	wantRedirect(t, pg, "/werk")
	h.apiLogin(admin, "").want(t, http.StatusOK)

	// Staff without it: the API says to set it up, and gives no token.
	h.apiLogin(staff, "").problem(t, http.StatusForbidden, "totp_enrolment_required")
	// The pages lead to setting it up, and to nothing else.
	pending := h.signInPending(staff, "")
	p, _ = h.withCookie("GET", "/werk", pending, nil)
	wantRedirect(t, p, "/inloggen?next=%2Fwerk")
	p, _ = h.pendingPage("GET", "/inloggen/code", pending, nil)
	wantPage(t, p, http.StatusOK, "nl")
	wantBody(t, p, "Stel eerst tweestapsverificatie in", "verplicht gesteld voor uw rol", `<img src="/inloggen/code/qr.png"`,
		`autocomplete="one-time-code"`)
	secret := keyOn(t, p)
	p, _ = h.pendingPage("GET", "/inloggen/code?lang=en", pending, nil)
	wantPage(t, p, http.StatusOK, "en")
	wantBody(t, p, "First set up two-step sign-in")
	if keyOn(t, p) != secret {
		t.Error("the key changed between two views")
	}
	qr, _ := h.pendingPage("GET", "/inloggen/code/qr.png", pending, nil)
	wantPNG(t, qr)
	// Another sign-in with the same password gets a key of its own, and never sees this one.
	other := h.signInPending(staff, "")
	p, _ = h.pendingPage("GET", "/inloggen/code", other, nil)
	otherSecret := keyOn(t, p)
	if otherSecret == secret {
		t.Fatal("two sign-ins share the key being set up")
	}
	p, _ = h.pendingPage("GET", "/inloggen/code", pending, nil)
	if keyOn(t, p) != secret {
		t.Fatal("another sign-in changed the key of this one")
	}
	p, _ = h.pendingPage("POST", "/inloggen/code", pending, url.Values{"code": {otherCode(h.totpCode(secret))}})
	wantPage(t, p, http.StatusUnprocessableEntity, "nl")
	if keyOn(t, p) != secret {
		t.Error("a wrong code changed the key")
	}
	p, res := h.pendingPage("POST", "/inloggen/code", pending, url.Values{"code": {h.totpCode(secret)}})
	wantRedirect(t, p, "/werk")
	if sessionCookieOf(res) == nil {
		t.Fatal("no session after setting it up")
	}
	var tf struct{ Enabled, Required bool }
	h.call("GET", "/api/v1/me/totp", staff, nil).ok(t, http.StatusOK, &tf)
	if !tf.Enabled || !tf.Required {
		t.Fatalf("after setting up: %+v", tf)
	}
	// The other sign-in's key is not the user's: its code does not finish that sign-in now.
	p, _ = h.pendingPage("POST", "/inloggen/code", other, url.Values{"code": {h.totpCode(otherSecret)}})
	wantPage(t, p, http.StatusUnauthorized, "nl")
	wantBody(t, p, "Log opnieuw in")
	h.clock.Advance(30 * time.Second)
	h.apiLogin(staff, h.totpCode(secret)).want(t, http.StatusOK)

	// The requirement by API; both fields are required.
	p2 := h.call("PUT", "/api/v1/settings/two-factor", admin, map[string]bool{"staff": true}).
		problem(t, http.StatusUnprocessableEntity, "validation_failed")
	wantFields(t, p2, "admin")
	h.call("PUT", "/api/v1/settings/two-factor", admin, map[string]bool{"staff": false, "admin": true}).want(t, http.StatusOK)
	h.apiLogin(admin, "").problem(t, http.StatusForbidden, "totp_enrolment_required")
	h.call("PUT", "/api/v1/settings/two-factor", staff, map[string]bool{"staff": false, "admin": false}).
		problem(t, http.StatusForbidden, "forbidden")
}

func TestTwoFactorAdminSwitchesOffForAUser(t *testing.T) {
	h := newHarness(t)
	h.enrol(staff)
	id := h.w.users[staff].ID
	off := fmt.Sprintf("/werk/gebruikers/%d/tweestap-uit", id)
	p := h.pageAs("GET", "/werk/gebruikers", admin, nil)
	wantBody(t, p, "Twee\u00adstaps", `action="`+off+`"`, "Tweestaps uitzetten")
	if strings.Count(p.body, "/tweestap-uit") != 1 {
		t.Error("a switch-off is offered for users without two-step sign-in")
	}
	// Roles without two-step sign-in show a dash, staff and admin on or off.
	wantBody(t, p, `<td class="tweestap">Aan</td>`, `<td class="tweestap">Uit</td>`, `<td class="tweestap">–</td>`)
	wantBody(t, h.pageAs("GET", "/werk/gebruikers?lang=en", admin, nil), "Two-step", "Switch two-step off")
	h.apiLogin(staff, "").problem(t, http.StatusUnauthorized, "totp_required")

	wantRedirect(t, h.pageAs("POST", off, admin, url.Values{}), "/werk/gebruikers?klaar=tweestapuit")
	wantBody(t, h.pageAs("GET", "/werk/gebruikers?klaar=tweestapuit", admin, nil), "Tweestapsverificatie is uitgezet voor deze gebruiker.")
	var ev struct {
		Action, Detail, ActorName string
		ActorID                   int64
	}
	if err := h.db.Get(&ev, `SELECT action, detail, actor_name AS actorname, actor_user_id AS actorid FROM account_events
		WHERE user_id = $1 ORDER BY id DESC LIMIT 1`, id); err != nil {
		t.Fatal(err)
	}
	if ev.Action != "two_factor_off" || ev.Detail != "by an admin" || ev.ActorID != h.w.users[admin].ID || ev.ActorName != "Ada Beheerder" {
		t.Fatalf("event %+v", ev)
	}
	h.apiLogin(staff, "").want(t, http.StatusOK)
	// Again: it is off already.
	p = h.pageAs("POST", off, admin, url.Values{})
	wantPage(t, p, http.StatusConflict, "nl")
	wantBody(t, p, "staat voor deze gebruiker al uit")
	h.call("DELETE", fmt.Sprintf("/api/v1/users/%d/totp", id), admin, nil).problem(t, http.StatusConflict, "conflict")
	// By API, for another user; an admin's own needs their password on the account page.
	h.enrol(staff)
	var a casework.Account
	h.call("DELETE", fmt.Sprintf("/api/v1/users/%d/totp", id), admin, nil).ok(t, http.StatusOK, &a)
	if a.TwoFactor || a.ID != id {
		t.Fatalf("account %+v", a)
	}
	h.enrol(admin)
	h.call("DELETE", fmt.Sprintf("/api/v1/users/%d/totp", h.w.users[admin].ID), admin, nil).problem(t, http.StatusForbidden, "forbidden")
	if p := h.pageAs("GET", "/werk/gebruikers", admin, nil); strings.Contains(p.body, fmt.Sprintf("/werk/gebruikers/%d/tweestap-uit", h.w.users[admin].ID)) {
		t.Error("the admin is offered to switch their own two-step sign-in off without the password")
	}
	h.call("DELETE", "/api/v1/users/999999/totp", admin, nil).problem(t, http.StatusNotFound, "not_found")
}
