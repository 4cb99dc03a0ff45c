package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

func wantBody(t *testing.T, p page, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(p.body, w) {
			t.Errorf("the page lacks %q: %s", w, p)
		}
	}
}

func TestPagesAdminSwitchesAUserOffAndOn(t *testing.T) {
	h := newHarness(t)
	councilID, adminID := h.w.users[council].ID, h.w.users[admin].ID
	off := fmt.Sprintf("/werk/gebruikers/%d/actief", councilID)
	p := h.pageAs("GET", "/werk/gebruikers", admin, nil)
	wantPage(t, p, http.StatusOK, "nl")
	wantBody(t, p, `action="`+off+`"`, `name="active" value="false"`, "Uitzetten", "Link voor nieuw wachtwoord")
	if strings.Contains(p.body, fmt.Sprintf("/werk/gebruikers/%d/actief", adminID)) {
		t.Error("the admin is offered to switch their own account off")
	}
	wantBody(t, h.pageAs("GET", "/werk/gebruikers?lang=en", admin, nil), "Switch off", "Link for a new password")

	// The admin's own account cannot be switched off, not even by a hand-made post.
	p = h.pageAs("POST", fmt.Sprintf("/werk/gebruikers/%d/actief", adminID), admin, url.Values{"active": {"false"}})
	wantPage(t, p, http.StatusUnprocessableEntity, "nl")
	wantBody(t, p, "eigen account niet uitzetten")

	wantRedirect(t, h.pageAs("POST", off, admin, url.Values{"active": {"false"}}), "/werk/gebruikers?klaar=uitgezet")
	if p := h.pageAs("GET", "/raad", council, nil); p.status != http.StatusSeeOther {
		t.Errorf("the switched-off council member still has a session: %d", p.status)
	}
	h.call("GET", "/api/v1/me", council, nil).problem(t, http.StatusUnauthorized, "unauthenticated")
	p = h.pageAs("GET", "/werk/gebruikers?klaar=uitgezet", admin, nil)
	wantBody(t, p, "is uitgezet", `name="active" value="true"`, "Aanzetten", "<strong>Uit</strong>")
	if pg, _ := h.signIn("griffie@gemeente.example", h.w.passwords[council], nil); pg.status != http.StatusUnprocessableEntity {
		t.Errorf("a switched-off user signed in: %d", pg.status)
	}
	wantRedirect(t, h.pageAs("POST", off, admin, url.Values{"active": {"true"}}), "/werk/gebruikers?klaar=aangezet")
	pg, _ := h.signIn("griffie@gemeente.example", h.w.passwords[council], nil)
	wantRedirect(t, pg, "/raad")
}

func TestPagesChangeOwnPassword(t *testing.T) {
	h := newHarness(t)
	for _, l := range []string{"nl", "en"} {
		path := "/account/wachtwoord"
		if l == "en" {
			path += "?lang=en"
		}
		p := h.pageAs("GET", path, council, nil)
		wantPage(t, p, http.StatusOK, l)
		wantBody(t, p, `name="current_password"`, `autocomplete="current-password"`, `name="new_password"`, `autocomplete="new-password"`)
	}
	// Every signed-in role has the page in its menu.
	wantBody(t, h.pageAs("GET", "/organisatie", orgA, nil), `href="/account/wachtwoord"`)

	old := h.w.passwords[council]
	p := h.pageAs("POST", "/account/wachtwoord", council, url.Values{"current_password": {"niet het wachtwoord"}, "new_password": {"fietsbel onder de brug"}})
	wantPage(t, p, http.StatusUnprocessableEntity, "nl")
	wantBody(t, p, "Dit is niet uw huidige wachtwoord.", `href="#current_password"`)
	p = h.pageAs("POST", "/account/wachtwoord", council, url.Values{"current_password": {old}, "new_password": {"wachtwoord123"}})
	wantPage(t, p, http.StatusUnprocessableEntity, "nl")
	wantBody(t, p, "te makkelijk te raden")
	if strings.Contains(p.body, old) {
		t.Error("the refused form shows the password")
	}
	h.call("GET", "/api/v1/me", council, nil).want(t, http.StatusOK)

	wantRedirect(t, h.pageAs("POST", "/account/wachtwoord", council, url.Values{"current_password": {old}, "new_password": {"fietsbel onder de brug"}}),
		"/account/wachtwoord?klaar=1")
	// This browser stays signed in; the council's API token has ended.
	wantBody(t, h.pageAs("GET", "/account/wachtwoord?klaar=1", council, nil), "Uw nieuwe wachtwoord is opgeslagen.")
	h.call("GET", "/api/v1/me", council, nil).problem(t, http.StatusUnauthorized, "unauthenticated")
	pg, _ := h.signIn("griffie@gemeente.example", "fietsbel onder de brug", nil)
	wantRedirect(t, pg, "/raad")
}

var linkPattern = regexp.MustCompile(`/wachtwoord-herstellen\?code=([A-Za-z0-9_-]+)`)

// resetLinkFor makes a one-time link for user id on the users page and returns its code.
func (h *harness) resetLinkFor(id int64) string {
	h.t.Helper()
	p := h.pageAs("POST", fmt.Sprintf("/werk/gebruikers/%d/herstellink", id), admin, url.Values{})
	wantPage(h.t, p, http.StatusOK, "nl")
	wantBody(h.t, p, "werkt één keer", "http://127.0.0.1:")
	m := linkPattern.FindStringSubmatch(p.body)
	if m == nil {
		h.t.Fatalf("no link on the page: %s", p)
	}
	return m[1]
}

func TestPagesPasswordResetLink(t *testing.T) {
	h := newHarness(t)
	code := h.resetLinkFor(h.w.users[orgA].ID)
	page := "/wachtwoord-herstellen?code=" + code
	p := h.getPage(page)
	wantPage(t, p, http.StatusOK, "nl")
	wantBody(t, p, "directie@anker.example", `name="code" value="`+code+`"`, `name="new_password"`)
	wantPage(t, h.getPage(page+"&lang=en"), http.StatusOK, "en")
	// The language menu keeps the code (it is the page's own address) and offers Dutch and English
	// only: the page is not translated into the other languages.
	wantBody(t, p, `href="/wachtwoord-herstellen?code=`+code+`&amp;lang=en"`)
	wantPage(t, h.getPage(page+"&lang=tr"), http.StatusOK, "nl")
	if strings.Contains(p.body, `hreflang="tr"`) {
		t.Error("the link's page offers Turkish")
	}

	p = h.postForm("/wachtwoord-herstellen", url.Values{"code": {code}, "new_password": {"aaaaaaaaaaaa"}}, nil)
	wantPage(t, p, http.StatusUnprocessableEntity, "nl")
	wantBody(t, p, "te makkelijk te raden", `name="code" value="`+code+`"`)
	if p := h.pageAs("GET", "/organisatie", orgA, nil); p.status != http.StatusOK {
		t.Fatalf("a refused password ended the session: %d", p.status)
	}
	wantRedirect(t, h.postForm("/wachtwoord-herstellen", url.Values{"code": {code}, "new_password": {"fietsbel onder de brug"}}, nil),
		"/inloggen?klaar=wachtwoord")
	wantBody(t, h.getPage("/inloggen?klaar=wachtwoord"), "Uw nieuwe wachtwoord is ingesteld.")
	// Using the link ended the user's sessions; the new password works.
	if p := h.pageAs("GET", "/organisatie", orgA, nil); p.status != http.StatusSeeOther {
		t.Errorf("the session survived the reset: %d", p.status)
	}
	pg, _ := h.signIn("directie@anker.example", "fietsbel onder de brug", nil)
	wantRedirect(t, pg, "/organisatie")

	// A used link is refused clearly, on the page and for a post.
	p = h.getPage(page)
	wantPage(t, p, http.StatusGone, "nl")
	wantBody(t, p, "al gebruikt")
	if strings.Contains(p.body, `name="new_password"`) {
		t.Error("a used link still shows the form")
	}
	p = h.postForm("/wachtwoord-herstellen", url.Values{"code": {code}, "new_password": {"nog een ander lang wachtwoord"}}, nil)
	wantPage(t, p, http.StatusGone, "nl")
	// An unknown link, and an expired one.
	wantBody(t, h.getPage("/wachtwoord-herstellen?code=onzin"), "Deze link kennen we niet")
	late := h.resetLinkFor(h.w.users[orgA].ID)
	h.clock.Advance(24*time.Hour + time.Minute)
	p = h.getPage("/wachtwoord-herstellen?code=" + late)
	wantPage(t, p, http.StatusGone, "nl")
	wantBody(t, p, "verlopen")
	// A link of an account that was switched off afterwards does not switch it back on.
	off := h.resetLinkFor(h.w.users[orgA].ID)
	h.call("PATCH", fmt.Sprintf("/api/v1/users/%d", h.w.users[orgA].ID), admin, map[string]any{"active": false}).want(t, http.StatusOK)
	p = h.postForm("/wachtwoord-herstellen", url.Values{"code": {off}, "new_password": {"nog een ander lang wachtwoord"}}, nil)
	wantPage(t, p, http.StatusGone, "nl")
	wantBody(t, p, "Dit account staat uit.")
}

func TestPagesAddUserRefusesAGuessablePassword(t *testing.T) {
	h := newHarness(t)
	p := h.pageAs("POST", "/werk/gebruikers", admin, url.Values{"email": {"nieuw@meldpunt.example"}, "name": {"Nieuwe Collega"},
		"role": {"staff"}, "password": {"123456789012"}})
	wantPage(t, p, http.StatusUnprocessableEntity, "nl")
	wantBody(t, p, "te makkelijk te raden", `href="#password"`)
}
