package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Tests of the complaint form in steps (pages/intake.go): one topic per page, the answers carried
// along as hidden fields, back and change buttons, check your answers, and sending once per form
// token with POST-redirect-GET.

var (
	hiddenPattern    = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)
	sendTokenPattern = regexp.MustCompile(`<input type="hidden" name="send_token" value="([A-Za-z0-9_-]+)">`)
	h1Pattern        = regexp.MustCompile(`<h1[^>]*>([^<]+)</h1>`)
)

// stepState is what the browser posts from a step page: the hidden fields of the step's form.
func stepState(t *testing.T, p page) url.Values {
	t.Helper()
	_, form, ok := strings.Cut(p.body, `id="stapformulier"`)
	if !ok {
		t.Fatalf("no step form on the page: %s", p)
	}
	v := url.Values{}
	for _, m := range hiddenPattern.FindAllStringSubmatch(form, -1) {
		v.Add(m[1], html.UnescapeString(m[2]))
	}
	return v
}

// wantStep checks that p is the step whose question is h1.
func wantStep(t *testing.T, p page, status int, h1 string) {
	t.Helper()
	if p.status != status {
		t.Fatalf("status %d, want %d: %s", p.status, status, p)
	}
	m := h1Pattern.FindStringSubmatch(p.body)
	if m == nil || html.UnescapeString(m[1]) != h1 {
		t.Fatalf("h1 %v, want %q: %s", m, h1, p)
	}
}

// with returns the state plus the answers typed on a step.
func with(state url.Values, typed url.Values) url.Values {
	out := url.Values{}
	for k, v := range state {
		out[k] = v
	}
	for k, v := range typed {
		out[k] = v
	}
	return out
}

// walkSteps fills the form in from its first page to "check your answers" in language lang ("" or
// "en"), the organisation unknown and the life domain in own words, and returns the state posted
// from the check page.
func (h *harness) walkSteps(t *testing.T, lang string) (url.Values, page) {
	t.Helper()
	q := ""
	if lang != "" {
		q = "?lang=" + lang
	}
	en := lang == "en"
	pick := func(nl, english string) string {
		if en {
			return english
		}
		return nl
	}
	start := h.getPage("/klacht" + q)
	wantStep(t, start, http.StatusOK, pick("Wie bent u en hoe bereiken wij u?", "Who are you and how do we reach you?"))
	if !strings.Contains(start.body, pick("Stap 1 van 6", "Step 1 of 6")) || !sendTokenPattern.MatchString(start.body) {
		t.Fatalf("no step caption or send token: %s", start)
	}
	state := stepState(t, start)
	p := h.postForm("/klacht/stap/contact"+q, with(state, url.Values{"complainant_name": {piiName},
		"complainant_email": {piiEmail}, "complainant_postcode": {""}}), nil)
	wantStep(t, p, http.StatusOK, pick("Over welke organisatie gaat uw klacht?", "Which organisation is your complaint about?"))
	state = stepState(t, p)
	if state.Get("complainant_name") != piiName || state.Get("send_token") == "" {
		t.Fatalf("the answers of step 1 are not carried along: %v", state)
	}
	p = h.postForm("/klacht/stap/organisation"+q, with(state, url.Values{"organisation_unknown": {"yes"}}), nil)
	wantStep(t, p, http.StatusOK, pick("Wat is er gebeurd?", "What happened?"))
	state = stepState(t, p)
	p = h.postForm("/klacht/stap/what"+q, with(state, url.Values{
		"summary": {"Mijn aanvraag voor hulp bleef maanden liggen."}, "grounds": {"treatment"},
		"occurred_on_day": {"20"}, "occurred_on_month": {"2"}, "occurred_on_year": {"2026"},
		"life_domain_text": {"mijn rolstoel"}}), nil)
	wantStep(t, p, http.StatusOK, pick("Wat wilt u bereiken?", "What would you like to happen?"))
	state = stepState(t, p)
	p = h.postForm("/klacht/stap/wish"+q, with(state, url.Values{"desired_outcome": {"Een besluit."}}), nil)
	wantStep(t, p, http.StatusOK, pick("Helpt iemand u?", "Is someone helping you?"))
	state = stepState(t, p)
	p = h.postForm("/klacht/stap/supporter"+q, with(state, url.Values{"supporter_id": {""}}), nil)
	wantStep(t, p, http.StatusOK, pick("Kijk uw antwoorden na", "Check your answers"))
	return stepState(t, p), p
}

// fillTimeMet replaces the form's fill-time stamp by one of a form opened a minute ago.
func (h *harness) fillTimeMet(t *testing.T, v url.Values) url.Values {
	t.Helper()
	key, err := h.store.FormKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	v.Set("form_token", forgeFormToken(key, h.store.Now().Add(-time.Minute)))
	return v
}

// sendCookie returns the confirmation cookie set by an answer.
func sendCookie(t *testing.T, p page) string {
	t.Helper()
	for _, c := range (&http.Response{Header: p.header}).Cookies() {
		if c.Name == "meldpunt_form" {
			if c.Path != "/klacht/ontvangen" || !c.HttpOnly {
				t.Errorf("cookie %+v", c)
			}
			return c.Name + "=" + c.Value
		}
	}
	t.Fatalf("no confirmation cookie: %v", p.header)
	return ""
}

// TestIntakeStepsFileOneComplaint: the resident goes through the steps one topic per page, checks the
// answers, and sends; a double click (a second identical post) files nothing more and leads to the
// same confirmation, which a refresh shows again with the same reference and tracking code; the
// tracking code is in no URL; the complaint has no organisation (staff choose), the life domain in
// the resident's words, the date from its three fields, and Dutch letters from Dutch pages.
func TestIntakeStepsFileOneComplaint(t *testing.T) {
	h := newHarness(t)
	state, check := h.walkSteps(t, "")
	for _, want := range []string{"Ik weet het niet. Het meldpunt zoekt het uit.", "In uw woorden: mijn rolstoel",
		"20 2 2026", "U krijgt brieven in het Nederlands.", `id="antwoord-what"`, `name="goto" value="contact"`,
		`id="website"`} {
		if !strings.Contains(check.body, want) {
			t.Errorf("check your answers lacks %q", want)
		}
	}
	state = h.fillTimeMet(t, state)
	first := h.postForm("/klacht/versturen", state, nil)
	second := h.postForm("/klacht/versturen", state, nil)
	for _, p := range []page{first, second} {
		if p.status != http.StatusSeeOther || p.header.Get("Location") != "/klacht/ontvangen" {
			t.Fatalf("send: %d %q", p.status, p.header.Get("Location"))
		}
	}
	if n := h.count(`SELECT count(*) FROM complaints`); n != 1 {
		t.Fatalf("%d complaints filed by a double post, want 1", n)
	}
	cookie := sendCookie(t, first)
	if sendCookie(t, second) != cookie {
		t.Error("the second post set another confirmation")
	}
	var refs, codes []string
	for range 2 { // a refresh shows the same confirmation
		p := h.pageRequest("GET", "/klacht/ontvangen", nil, map[string]string{"Cookie": cookie})
		wantPage(t, p, http.StatusOK, "nl")
		if p.header.Get("Cache-Control") != "no-store" {
			t.Errorf("Cache-Control %q", p.header.Get("Cache-Control"))
		}
		ref, code := pageReferencePattern.FindStringSubmatch(p.body), pageCodePattern.FindStringSubmatch(p.body)
		if ref == nil || code == nil {
			t.Fatalf("no reference or code: %s", p)
		}
		refs, codes = append(refs, ref[1]), append(codes, code[1])
	}
	if refs[0] != refs[1] || codes[0] != codes[1] {
		t.Errorf("a refresh showed another confirmation: %v %v", refs, codes)
	}
	if strings.Contains(first.header.Get("Location"), codes[0]) {
		t.Error("the tracking code is in the redirect")
	}
	c := h.complaint(refs[0])
	if len(c.Organisations) != 0 || c.LifeDomainText != "mijn rolstoel" || len(c.LifeDomains) != 0 ||
		c.OccurredOn != "2026-02-20" || string(c.Language) != "nl" {
		t.Errorf("complaint %+v", c)
	}
	// Without the cookie (another browser, a day later) the neutral page, no error.
	gone := h.getPage("/klacht/ontvangen?lang=en")
	wantPage(t, gone, http.StatusOK, "en")
	if !strings.Contains(gone.body, "We can no longer show this confirmation.") {
		t.Errorf("gone: %s", gone)
	}
}

// TestIntakeStepsEnglishPagesGiveEnglishLetters: the language of the letters follows the pages.
func TestIntakeStepsEnglishPagesGiveEnglishLetters(t *testing.T) {
	h := newHarness(t)
	state, check := h.walkSteps(t, "en")
	if !strings.Contains(check.body, "You will get letters in English.") {
		t.Error("the check page does not say the letters' language")
	}
	p := h.postForm("/klacht/versturen?lang=en", h.fillTimeMet(t, state), nil)
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/klacht/ontvangen?lang=en" {
		t.Fatalf("send: %d %q", p.status, p.header.Get("Location"))
	}
	done := h.pageRequest("GET", "/klacht/ontvangen?lang=en", nil, map[string]string{"Cookie": sendCookie(t, p)})
	wantPage(t, done, http.StatusOK, "en")
	ref := pageReferencePattern.FindStringSubmatch(done.body)
	if ref == nil {
		t.Fatalf("no reference: %s", done)
	}
	if c := h.complaint(ref[1]); string(c.Language) != "en" {
		t.Errorf("letters in %q, want en", c.Language)
	}
}

// TestIntakeStepsCheckEachStepAlone: a step with wrong answers comes back (422) with an error summary
// of that step's errors only, linked to its fields, everything typed kept; nothing is stored.
func TestIntakeStepsCheckEachStepAlone(t *testing.T) {
	h := newHarness(t)
	state := stepState(t, h.getPage("/klacht"))

	p := h.postForm("/klacht/stap/contact", state, nil)
	wantStep(t, p, http.StatusUnprocessableEntity, "Wie bent u en hoe bereiken wij u?")
	wantErrors(t, p, "complainant_name", "complainant_email")

	org := strconv.FormatInt(h.orgA, 10)
	p = h.postForm("/klacht/stap/organisation", with(state, url.Values{"organisation_ids": {org}, "organisation_unknown": {"yes"}}), nil)
	wantStep(t, p, http.StatusUnprocessableEntity, "Over welke organisatie gaat uw klacht?")
	if msgs := wantErrors(t, p, "organisation_ids"); msgs["organisation_ids"] != "Kies een organisatie óf &#39;Ik weet het niet&#39;, niet allebei." {
		t.Errorf("messages %v", msgs)
	}
	p = h.postForm("/klacht/stap/organisation", state, nil)
	wantErrors(t, p, "organisation_ids")

	p = h.postForm("/klacht/stap/what", with(state, url.Values{"summary": {"Het duurde veel te lang."}, "grounds": {"treatment"},
		"occurred_on_day": {"31"}, "occurred_on_month": {"4"}, "occurred_on_year": {"2026"}}), nil)
	wantStep(t, p, http.StatusUnprocessableEntity, "Wat is er gebeurd?")
	msgs := wantErrors(t, p, "occurred_on_day", "life_domains")
	if msgs["occurred_on_day"] != "Deze datum bestaat niet. Kijk de dag en de maand na." {
		t.Errorf("messages %v", msgs)
	}
	for _, kept := range []string{`value="31"`, `value="4"`, `value="2026"`, "Het duurde veel te lang."} {
		if !strings.Contains(p.body, kept) {
			t.Errorf("the page lost %s", kept)
		}
	}
	p = h.postForm("/klacht/stap/what?lang=en", with(state, url.Values{"summary": {"Het duurde veel te lang."}, "grounds": {"treatment"},
		"occurred_on_day": {"3"}, "occurred_on_year": {"26"}, "life_domain_unknown": {"yes"}}), nil)
	if msgs := wantErrors(t, p, "occurred_on_month", "occurred_on_year"); msgs["occurred_on_month"] != "Enter the month." {
		t.Errorf("messages %v", msgs)
	}

	p = h.postForm("/klacht/stap/nonsense", state, nil)
	if p.status != http.StatusNotFound {
		t.Errorf("unknown step: %d", p.status)
	}
	if n := h.count(`SELECT count(*) FROM complaints`); n != 0 {
		t.Fatalf("%d complaints stored", n)
	}
}

// TestIntakeStepsBackAndChange: the back button returns to the step before with its answers; a change
// button on "check your answers" opens the step, and Continue returns to the check page.
func TestIntakeStepsBackAndChange(t *testing.T) {
	h := newHarness(t)
	state, check := h.walkSteps(t, "")
	// The back button of the check page (its own form) carries every answer.
	back := h.postForm("/klacht/stap/check", with(state, url.Values{"goto": {"supporter"}}), nil)
	wantStep(t, back, http.StatusOK, "Helpt iemand u?")
	if !strings.Contains(check.body, `<button type="submit" name="goto" value="supporter" class="terug">Terug</button>`) {
		t.Error("no back button on the check page")
	}
	p := h.postForm("/klacht/stap/what", with(state, url.Values{"goto": {"organisation"}}), nil)
	wantStep(t, p, http.StatusOK, "Over welke organisatie gaat uw klacht?")
	if !strings.Contains(p.body, `id="organisation_unknown" name="organisation_unknown" value="yes" checked`) {
		t.Error("going back lost the answer of the step")
	}
	if got := stepState(t, p).Get("summary"); got != state.Get("summary") {
		t.Errorf("going back lost a later answer: %q", got)
	}
	change := h.postForm("/klacht/stap/check", with(state, url.Values{"goto": {"contact"}}), nil)
	wantStep(t, change, http.StatusOK, "Wie bent u en hoe bereiken wij u?")
	again := h.postForm("/klacht/stap/contact", with(stepState(t, change), url.Values{"complainant_name": {"Jan Jansen"},
		"complainant_email": {piiEmail}}), nil)
	wantStep(t, again, http.StatusOK, "Kijk uw antwoorden na")
	if !strings.Contains(again.body, "Jan Jansen") {
		t.Error("the changed answer is not on the check page")
	}
	// The check page's button for letters in English shows it in English, the answers kept.
	sw := h.postForm("/klacht/stap/check?lang=en", with(state, url.Values{"goto": {"check"}}), nil)
	wantPage(t, sw, http.StatusOK, "en")
	if !strings.Contains(sw.body, "You will get letters in English.") || stepState(t, sw).Get("summary") != state.Get("summary") {
		t.Errorf("switching the letters' language: %s", sw)
	}
	// The first step's back link goes home.
	if first := h.getPage("/klacht"); !strings.Contains(first.body, `<a class="terug" href="/">Terug</a>`) {
		t.Error("no back link on the first step")
	}
}

// TestIntakeStepsSendRefused: a bad send token (an expired form) comes back as the check page with a
// new token and the request to send again; the honeypot and a post faster than a person fills the
// form in are refused; a tampered answer is refused at its answer; nothing is stored.
func TestIntakeStepsSendRefused(t *testing.T) {
	h := newHarness(t)
	state, _ := h.walkSteps(t, "")
	state = h.fillTimeMet(t, state)

	expired := with(state, url.Values{"send_token": {"bm90LWEtdG9rZW4"}})
	p := h.postForm("/klacht/versturen", expired, nil)
	wantStep(t, p, http.StatusUnprocessableEntity, "Kijk uw antwoorden na")
	if !strings.Contains(p.body, "Uw formulier is verlopen.") {
		t.Errorf("no word of the expired form: %s", p)
	}
	if fresh := stepState(t, p).Get("send_token"); fresh == "" || fresh == "bm90LWEtdG9rZW4" {
		t.Errorf("no new send token: %q", fresh)
	}

	p = h.postForm("/klacht/versturen", with(state, url.Values{"website": {"http://spam.example"}}), nil)
	wantStep(t, p, http.StatusUnprocessableEntity, "Kijk uw antwoorden na")
	fresh := stepState(t, h.getPage("/klacht")).Get("form_token")
	p = h.postForm("/klacht/versturen", with(state, url.Values{"form_token": {fresh}}), nil)
	wantStep(t, p, http.StatusUnprocessableEntity, "Kijk uw antwoorden na")

	p = h.postForm("/klacht/versturen", with(state, url.Values{"grounds": {"nonsense"}}), nil)
	wantStep(t, p, http.StatusUnprocessableEntity, "Kijk uw antwoorden na")
	if !strings.Contains(p.body, `<a href="#antwoord-what">`) {
		t.Errorf("the error does not link to its answer: %s", p)
	}
	if n := h.count(`SELECT count(*) FROM complaints`); n != 0 {
		t.Fatalf("%d complaints stored", n)
	}
}

// TestIntakeStepsLimit: past the intake limit sending is refused (429) with the answers kept, and
// the token stays unused.
func TestIntakeStepsLimit(t *testing.T) {
	cfg := testConfig
	cfg.IntakeLimit, cfg.IntakeWindow = 1, time.Hour
	h := newHarnessWith(t, cfg)
	one, _ := h.walkSteps(t, "")
	if p := h.postForm("/klacht/versturen", h.fillTimeMet(t, one), nil); p.status != http.StatusSeeOther {
		t.Fatalf("first: %s", p)
	}
	two, _ := h.walkSteps(t, "")
	p := h.postForm("/klacht/versturen", h.fillTimeMet(t, two), nil)
	wantStep(t, p, http.StatusTooManyRequests, "Kijk uw antwoorden na")
	if p.header.Get("Retry-After") == "" || stepState(t, p).Get("send_token") != two.Get("send_token") {
		t.Errorf("limited: %v", p.header)
	}
	if n := h.count(`SELECT count(*) FROM complaints`); n != 1 {
		t.Fatalf("%d complaints", n)
	}
}

// TestIntakeStepsStaffChooseTheOrganisation: a complaint whose complainant did not know the
// organisation says so on the staff's case page, with the life domain in the complainant's words;
// once taken up, staff add the organisation there and the notice is gone.
func TestIntakeStepsStaffChooseTheOrganisation(t *testing.T) {
	h := newHarness(t)
	body := intakeBody()
	body["organisation_ids"] = []int64{}
	body["organisation_unknown"] = true
	body["life_domains"] = []string{}
	body["life_domain_text"] = "mijn rolstoel <en> de taxi"
	var r receipt
	h.call("POST", "/api/v1/complaints", anon, body).ok(t, http.StatusCreated, &r)

	p := h.scPage(r.Reference, "")
	wantPage(t, p, http.StatusOK, "nl")
	for _, want := range []string{`id="organisatie-onbekend"`, "De klager wist niet over welke organisatie de klacht gaat.",
		`<dd class="tekst" id="levensgebied-woorden">mijn rolstoel &lt;en&gt; de taxi</dd>`, "Nog niet gekozen"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the case page lacks %s", want)
		}
	}
	h.call("POST", "/api/v1/complaints/"+r.Reference+"/take-up", staff, map[string]any{"not_involved": true}).want(t, http.StatusOK)
	p = h.scPage(r.Reference, "?lang=en")
	if !strings.Contains(p.body, "The complainant did not know which organisation.") || !strings.Contains(p.body, `<a href="#sc-organisatie">`) {
		t.Errorf("in treatment the page does not lead to the organisation form: %s", p)
	}
	h.scDone(h.scPost(r.Reference, "organisatie", url.Values{"organisation_id": {strconv.FormatInt(h.orgB, 10)}}), r.Reference,
		"organisatie", "De organisatie is toegevoegd. Zij krijgt een kopie van de klacht.")
	if c := h.complaint(r.Reference); len(c.Organisations) != 1 || c.Organisations[0].ID != h.orgB {
		t.Fatalf("organisations %+v", c.Organisations)
	}
	h.notice(r.Reference, "copy_to_organisation", h.orgB)
	if p := h.scPage(r.Reference, ""); strings.Contains(p.body, `id="organisatie-onbekend"`) {
		t.Error("the notice stays after staff chose the organisation")
	}
}
