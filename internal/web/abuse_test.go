package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/postgres"
)

// The public form cannot be used to mail-bomb (issue 11, point 1): complaints filed without an
// account are limited per source address, in PostgreSQL; staff registration is not; simple bots
// are kept out of the page form by a honeypot and a least fill time.

// TestIntakeLimitPerSourceAddress: past the limit an anonymous intake gets 429 problem+json with
// Retry-After on the API and the form again (everything typed, a clear message, 429 and
// Retry-After) on the page; nothing is stored. Another address and staff from the same address are
// not held up; after the window the address may file again.
func TestIntakeLimitPerSourceAddress(t *testing.T) {
	cfg := testConfig
	cfg.IntakeLimit, cfg.IntakeWindow = 3, time.Hour
	h := newHarnessWith(t, cfg)
	for range 2 {
		h.call("POST", "/api/v1/complaints", anon, intakeBody(h.orgA)).want(t, http.StatusCreated)
	}
	h.clock.Advance(10 * time.Minute)
	h.filePage(complaintForm(h.orgA), nil) // the page counts as well

	over := h.call("POST", "/api/v1/complaints", anon, intakeBody(h.orgA))
	over.problem(t, http.StatusTooManyRequests, "rate_limited")
	// The oldest of the three leaves the window 50 minutes from now.
	if ra := over.header.Get("Retry-After"); ra != "3000" {
		t.Errorf("Retry-After %q, want 3000", ra)
	}
	form := complaintForm(h.orgA)
	form.Set("summary", "Mijn klacht over de wachttijd bij de huishoudelijke hulp, met alles wat ik typte.")
	page := h.postForm("/klacht", form, nil)
	wantPage(t, page, http.StatusTooManyRequests, "nl")
	if page.header.Get("Retry-After") != "3000" || !strings.Contains(page.body, "Probeer het over 50 minuten opnieuw") ||
		!strings.Contains(page.body, "met alles wat ik typte") {
		t.Errorf("the page over the limit: %s", page)
	}
	if n := h.count(`SELECT count(*) FROM complaints`); n != 3 {
		t.Fatalf("%d complaints stored, want 3", n)
	}

	// Another address, and staff at the same address, are not held up.
	other := h.clientFrom("127.0.0.2")
	h.send(request{method: "POST", path: "/api/v1/complaints", body: intakeBody(h.orgA), client: other}).want(t, http.StatusCreated)
	staffBody := intakeBody(h.orgA)
	staffBody["channel"] = "phone"
	for range 5 {
		h.call("POST", "/api/v1/complaints", staff, staffBody).want(t, http.StatusCreated)
	}
	// A bearer token that is not valid files as anonymous, and is limited.
	h.send(request{method: "POST", path: "/api/v1/complaints", token: "not-a-token", body: intakeBody(h.orgA)}).
		problem(t, http.StatusTooManyRequests, "rate_limited")

	// After the window the address files again.
	h.clock.Advance(51 * time.Minute)
	h.call("POST", "/api/v1/complaints", anon, intakeBody(h.orgA)).want(t, http.StatusCreated)
	if n := h.count(`SELECT count(*) FROM complaints`); n != 10 {
		t.Fatalf("%d complaints stored, want 10", n)
	}
}

// TestComplaintFormKeepsBotsOut: the honeypot is hidden from eyes, keyboard and screen readers; a
// post that fills it, comes back too fast, or carries no genuine timestamp is not stored and gets
// the form again with everything typed and a neutral message; the person sends again and it is
// filed. A form sent hours after it was opened is filed: there is no most time.
func TestComplaintFormKeepsBotsOut(t *testing.T) {
	h := newHarness(t)
	opened := h.getPage("/klacht")
	for _, want := range []string{
		`<div class="leeg-laten" aria-hidden="true"><label for="website">Laat dit veld leeg</label>`,
		`<input type="text" id="website" name="website" value="" tabindex="-1" autocomplete="off">`,
	} {
		if !strings.Contains(opened.body, want) {
			t.Errorf("the form lacks %s", want)
		}
	}
	token := formTokenPattern.FindStringSubmatch(opened.body)
	if token == nil {
		t.Fatalf("no signed timestamp on the form: %s", opened)
	}
	stored := func() int { return h.count(`SELECT count(*) FROM complaints`) }
	form := complaintForm(h.orgA)
	form.Set("summary", "Ik typ snel, maar ik ben een mens.")

	// Sent a second after it was opened: not stored, the form again with the same timestamp.
	h.clock.Advance(time.Second)
	form.Set("form_token", token[1])
	fast := h.postForm("/klacht", form, nil)
	wantPage(t, fast, http.StatusUnprocessableEntity, "nl")
	if !strings.Contains(fast.body, "Uw klacht is nog niet verstuurd") || !strings.Contains(fast.body, "ik ben een mens") ||
		!strings.Contains(fast.body, `name="form_token" value="`+token[1]+`"`) {
		t.Errorf("the form sent too fast: %s", fast)
	}
	if n := stored(); n != 0 {
		t.Fatalf("%d complaints stored from a form sent after a second", n)
	}
	// The person sends again a few seconds later: filed.
	h.clock.Advance(3 * time.Second)
	h.filePage(form, nil)

	// The honeypot filled: not stored, the honeypot not shown again; a tampered or missing
	// timestamp: not stored.
	trap := complaintForm(h.orgA)
	trap.Set("website", "https://spam.example")
	back := h.postForm("/klacht", trap, nil)
	wantPage(t, back, http.StatusUnprocessableEntity, "nl")
	if strings.Contains(back.body, "spam.example") || !strings.Contains(back.body, "Uw klacht is nog niet verstuurd") {
		t.Errorf("the form after the honeypot: %s", back)
	}
	ts, mac, _ := strings.Cut(token[1], ".")
	n, _ := strconv.ParseInt(ts, 10, 64)
	for name, bad := range map[string]string{
		"a timestamp moved back": strconv.FormatInt(n-3600, 10) + "." + mac,
		"no signature":           ts,
		"nothing":                "",
	} {
		f := complaintForm(h.orgA)
		f.Set("form_token", bad)
		wantPage(t, h.postForm("/klacht", f, nil), http.StatusUnprocessableEntity, "nl")
		if got := stored(); got != 1 {
			t.Fatalf("%s: %d complaints stored, want 1", name, got)
		}
	}

	// A slow typist: the form opened now and sent five hours later is filed.
	slow := formTokenPattern.FindStringSubmatch(h.getPage("/klacht?lang=en").body)
	h.clock.Advance(5 * time.Hour)
	late := complaintForm(h.orgA)
	late.Set("form_token", slow[1])
	late.Set("lang", "en")
	if p, _ := h.filePage(late, nil); !strings.Contains(p.body, "MP-") {
		t.Errorf("the slow form: %s", p)
	}
	if got := stored(); got != 2 {
		t.Fatalf("%d complaints stored, want 2", got)
	}
}

// TestStaffConfirmATypedEmailAddress: an e-mail address typed on the public form stays a typed one
// when staff save the contact details (to add a phone number, say); it counts as checked only when
// staff say so: email_confirmed in the API, the box on the case page. The page shows the box, and
// the confirmation is in the audit trail.
func TestStaffConfirmATypedEmailAddress(t *testing.T) {
	h := newHarness(t)
	var r receipt
	h.call("POST", "/api/v1/complaints", anon, intakeBody(h.orgA)).ok(t, http.StatusCreated, &r)
	typed := func() int {
		return h.count(`SELECT cardinality(public_emails) FROM complaints WHERE reference = $1`, r.Reference)
	}
	if typed() != 1 {
		t.Fatalf("%d typed addresses kept, want 1", typed())
	}
	path := "/api/v1/complaints/" + r.Reference + "/complainant"
	contact := map[string]any{"name": piiName, "email": piiEmail, "phone": "023 511 5100", "reason": "op verzoek van klager"}
	var out postgres.ContactChange
	h.call("PUT", path, staff, contact).ok(t, http.StatusOK, &out)
	if typed() != 1 || slices.Contains(out.Changed, "e-mail address confirmed by staff") {
		t.Fatalf("saving the details confirmed the address: %v", out.Changed)
	}
	page := h.pageAs("GET", scPath(r.Reference), staff, nil)
	if !strings.Contains(page.body, `name="email_confirmed"`) {
		t.Fatalf("the case page has no box to confirm the e-mail address")
	}
	form := url.Values{"name": {piiName}, "email": {piiEmail}, "phone": {"023 511 5100"}, "email_confirmed": {"ja"},
		"reason": {"adres nagelopen aan de telefoon"}}
	h.scDone(h.scPost(r.Reference, "contact", form), r.Reference, "contact", "De contactgegevens zijn opgeslagen.")
	if typed() != 0 {
		t.Fatal("the box on the case page did not confirm the address")
	}
	if n := h.count(`SELECT count(*) FROM events WHERE action = 'change_contact' AND details->'changed' ? 'e-mail address confirmed by staff'`); n != 1 {
		t.Fatalf("%d confirmations in the audit trail, want 1", n)
	}
	// Through the API, for another complaint.
	h.call("POST", "/api/v1/complaints", anon, intakeBody(h.orgA)).ok(t, http.StatusCreated, &r)
	contact["email_confirmed"] = true
	h.call("PUT", "/api/v1/complaints/"+r.Reference+"/complainant", staff, contact).ok(t, http.StatusOK, &out)
	if typed() != 0 || !slices.Contains(out.Changed, "e-mail address confirmed by staff") {
		t.Fatalf("email_confirmed did not confirm: %v", out.Changed)
	}
}
