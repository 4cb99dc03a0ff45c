package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// supporterBody is a complete profile for POST and PUT /api/v1/supporters.
func supporterBody(name string) map[string]any {
	return map[string]any{
		"name": name, "kind": "organisation",
		"description_nl": "Helpt bewoners bij vragen over zorg en geld.",
		"description_en": "Helps residents with questions about care and money.",
		"life_domains":   []string{"care", "income"}, "languages": []string{"nl", "ar"},
		"neighbourhoods": []string{"schalkwijk"}, "groups": []string{"ouderen"},
		"contact": map[string]any{"phone": "023 531 3000", "phone_hours": "ma-vr 9.00-17.00",
			"walk_in_address": "Zijlweg 1, Haarlem"},
		"independence": "Wij beslissen niet over de toegang tot zorg en leveren geen zorg.",
	}
}

// pooled admits a supporter with this name as the admin and returns its id.
func (h *harness) pooled(name string) int64 {
	h.t.Helper()
	var s struct {
		ID int64 `json:"id"`
	}
	h.call("POST", "/api/v1/supporters", admin, supporterBody(name)).ok(h.t, http.StatusCreated, &s)
	return s.ID
}

type supporterJSON struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	Kind        string   `json:"kind"`
	LifeDomains []string `json:"life_domains"`
	Languages   []string `json:"languages"`
	Channels    []string `json:"channels"`
	Status      string   `json:"status"`
}

func (h *harness) supporterNames(path string, as role) []string {
	h.t.Helper()
	var list struct {
		Supporters []supporterJSON `json:"supporters"`
	}
	h.call("GET", path, as, nil).ok(h.t, http.StatusOK, &list)
	names := []string{}
	for _, s := range list.Supporters {
		names = append(names, s.Name)
	}
	return names
}

// TestSupporterDirectoryAPI: the public lists and gets active supporters with the filters; an
// unknown filter value is 422; a suspended or removed supporter is not found by the public (404)
// but by the admin; a change of status needs a reason.
func TestSupporterDirectoryAPI(t *testing.T) {
	h := newHarness(t)
	a := h.pooled("Sociaal Raadslieden")
	b := supporterBody("Polski Punkt")
	b["life_domains"], b["languages"], b["neighbourhoods"] = []string{"work"}, []string{"pl", "en"}, []string{}
	b["contact"] = map[string]any{"whatsapp": "06 1234 5678"}
	var polski supporterJSON
	h.call("POST", "/api/v1/supporters", admin, b).ok(t, http.StatusCreated, &polski)
	if polski.Kind != "organisation" || strings.Join(polski.Channels, ",") != "whatsapp" || polski.Status != "active" {
		t.Fatalf("admitted %+v", polski)
	}
	h.call("POST", "/api/v1/supporters", admin, b).problem(t, http.StatusConflict, "conflict")

	for query, want := range map[string]string{
		"":                         "Polski Punkt,Sociaal Raadslieden",
		"?life_domain=care":        "Sociaal Raadslieden",
		"?language=pl&language=ar": "Polski Punkt,Sociaal Raadslieden",
		"?channel=phone":           "Sociaal Raadslieden",
		"?channel=home_visit":      "",
		"?neighbourhood=noord":     "Polski Punkt",
		"?life_domain=income&language=ar&channel=walk_in&neighbourhood=schalkwijk": "Sociaal Raadslieden",
	} {
		if got := strings.Join(h.supporterNames("/api/v1/supporters"+query, anon), ","); got != want {
			t.Errorf("%q: got %q, want %q", query, got, want)
		}
	}
	for _, q := range []string{"life_domain=gardening", "language=xx", "channel=pigeon", "neighbourhood=amsterdam"} {
		p := h.call("GET", "/api/v1/supporters?"+q, anon, nil).problem(t, http.StatusUnprocessableEntity, "validation_failed")
		if len(p.Errors) != 1 || p.Errors[0].Field != strings.Split(q, "=")[0] {
			t.Errorf("%s: errors %+v", q, p.Errors)
		}
	}

	path := fmt.Sprintf("/api/v1/supporters/%d", a)
	var got supporterJSON
	h.call("GET", path, anon, nil).ok(t, http.StatusOK, &got)
	if got.Name != "Sociaal Raadslieden" || strings.Join(got.LifeDomains, ",") != "care,income" ||
		strings.Join(got.Languages, ",") != "ar,nl" || strings.Join(got.Channels, ",") != "phone,walk_in" {
		t.Fatalf("got %+v", got)
	}

	h.call("POST", path+"/suspend", admin, map[string]any{"reason": ""}).problem(t, http.StatusUnprocessableEntity, "validation_failed")
	h.call("POST", path+"/suspend", admin, map[string]any{"reason": "Niet bereikbaar in de zomer"}).want(t, http.StatusOK)
	h.call("GET", path, anon, nil).problem(t, http.StatusNotFound, "not_found")
	h.call("GET", path, staff, nil).problem(t, http.StatusNotFound, "not_found")
	h.call("GET", path, admin, nil).ok(t, http.StatusOK, &got)
	if got.Status != "suspended" {
		t.Fatalf("admin sees status %q", got.Status)
	}
	if names := strings.Join(h.supporterNames("/api/v1/supporters", anon), ","); names != "Polski Punkt" {
		t.Errorf("public list after suspension: %s", names)
	}
	if names := strings.Join(h.supporterNames("/api/v1/supporters", admin), ","); names != "Polski Punkt,Sociaal Raadslieden" {
		t.Errorf("admin's list after suspension: %s", names)
	}
	h.call("POST", path+"/suspend", admin, map[string]any{"reason": "nog eens"}).problem(t, http.StatusConflict, "invalid_transition")
	h.call("POST", path+"/reinstate", admin, map[string]any{"reason": "Weer bereikbaar"}).want(t, http.StatusOK)
	h.call("GET", path, anon, nil).want(t, http.StatusOK)

	edit := supporterBody("Sociaal Raadslieden Haarlem")
	edit["contact"] = map[string]any{"email": "raad@example.nl"}
	h.call("PUT", path, admin, edit).ok(t, http.StatusOK, &got)
	if got.Name != "Sociaal Raadslieden Haarlem" || strings.Join(got.Channels, ",") != "email" {
		t.Fatalf("edited %+v", got)
	}
	h.call("POST", path+"/remove", admin, map[string]any{"reason": "Gestopt"}).want(t, http.StatusOK)
	h.call("GET", path, anon, nil).problem(t, http.StatusNotFound, "not_found")
	h.call("PUT", path, admin, edit).problem(t, http.StatusConflict, "invalid_transition")
	h.call("GET", "/api/v1/supporters/999999", anon, nil).problem(t, http.StatusNotFound, "not_found")

	var events int
	if err := h.db.Get(&events, `SELECT count(*) FROM supporter_events WHERE supporter_id = $1 AND reason <> ''
		AND actor_id = $2`, a, h.w.users[admin].ID); err != nil || events != 3 {
		t.Fatalf("%d status events with reason and actor (%v), want 3", events, err)
	}
}

// TestMeShowsSupporterID: a supporter's account shows the member of the pool it belongs to.
func TestMeShowsSupporterID(t *testing.T) {
	h := newHarness(t)
	id := h.pooled("MEE & De Wering")
	if _, err := h.db.Exec(`UPDATE users SET supporter_id = $1 WHERE id = $2`, id, h.w.users[supporter].ID); err != nil {
		t.Fatal(err)
	}
	var me struct {
		SupporterID *int64 `json:"supporter_id"`
	}
	h.call("GET", "/api/v1/me", supporter, nil).ok(t, http.StatusOK, &me)
	if me.SupporterID == nil || *me.SupporterID != id {
		t.Fatalf("me: supporter_id %v, want %d", me.SupporterID, id)
	}
	var created struct {
		SupporterID *int64 `json:"supporter_id"`
	}
	h.call("POST", "/api/v1/users", admin, map[string]any{"email": "nieuw@mee.example", "name": "Nieuwe Ondersteuner",
		"role": "supporter", "supporter_id": id, "password": "een heel lang wachtwoord 2026"}).ok(t, http.StatusCreated, &created)
	if created.SupporterID == nil || *created.SupporterID != id {
		t.Errorf("created account: supporter_id %v, want %d", created.SupporterID, id)
	}
	p := h.call("POST", "/api/v1/users", admin, map[string]any{"email": "staf@meldpunt.example", "name": "Staf",
		"role": "staff", "supporter_id": id, "password": "een heel lang wachtwoord 2026"}).problem(t, http.StatusUnprocessableEntity, "validation_failed")
	if len(p.Errors) != 1 || p.Errors[0].Field != "supporter_id" {
		t.Errorf("staff account in the pool: %+v", p.Errors)
	}
	var staffMe map[string]any
	h.call("GET", "/api/v1/me", staff, nil).ok(t, http.StatusOK, &staffMe)
	if _, ok := staffMe["supporter_id"]; ok {
		t.Errorf("a staff account shows a supporter_id: %v", staffMe)
	}
}

// TestSupportDirectoryPage: the page lists active supporters in Dutch and English, with the filters
// of the query applied and ticked, each with its channels, hours and declaration of independence;
// names and texts are escaped; an unknown filter value is 422 with an error summary; the home page
// and the complaint form link to it.
func TestSupportDirectoryPage(t *testing.T) {
	h := newHarness(t)
	h.pooled("Cliëntenbelang Haarlem")
	b := supporterBody("<script>alert(1)</script> Zorgmaatjes")
	b["kind"], b["languages"], b["life_domains"] = "professional", []string{"tr", "ber"}, []string{"youth_care"}
	b["contact"] = map[string]any{"email": "maatje@example.nl", "home_visits": true}
	b["independence"] = "Ik werk niet voor een zorgaanbieder & beslis niet over zorg."
	suspended := h.pooled("Geschorst Bureau")
	h.call("POST", fmt.Sprintf("/api/v1/supporters/%d/suspend", suspended), admin, map[string]any{"reason": "Onderzoek"}).want(t, http.StatusOK)
	h.call("POST", "/api/v1/supporters", admin, b).want(t, http.StatusCreated)

	p := h.getPage("/ondersteuning")
	if p.status != http.StatusOK {
		t.Fatalf("page: %s", p)
	}
	for _, want := range []string{"Een cliëntondersteuner kiezen", "Cliëntenbelang Haarlem", "&lt;script&gt;alert(1)&lt;/script&gt; Zorgmaatjes",
		"023 531 3000", "ma-vr 9.00-17.00", "Zijlweg 1, Haarlem", "Wij komen ook bij u thuis.", "Gratis en onafhankelijk",
		"Ik werk niet voor een zorgaanbieder &amp; beslis niet over zorg.", "Tamazight (Berbers), Turks", "familie",
		`name="life_domain" value="care"`, `name="language" value="ber"`, `name="channel" value="whatsapp"`,
		`name="neighbourhood" value="schalkwijk"`, "Aantal gevonden: 2", `<a href="#resultaten">Direct naar de gevonden ondersteuners (2)</a>`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, bad := range []string{"<script>alert", "Geschorst Bureau", "<select"} {
		if strings.Contains(p.body, bad) {
			t.Errorf("page shows %q", bad)
		}
	}

	p = h.getPage("/ondersteuning?lang=en&language=ber&channel=home_visit")
	for _, want := range []string{"Choose a client supporter", "Zorgmaatjes", "Independent professional", "Number found: 1",
		`id="language-ber" name="language" value="ber" checked`, `id="channel-home_visit" name="channel" value="home_visit" checked`,
		`<input type="hidden" name="lang" value="en">`, `href="/ondersteuning?channel=home_visit&amp;language=ber"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("English filtered page lacks %q", want)
		}
	}
	if strings.Contains(p.body, "Cliëntenbelang Haarlem") {
		t.Errorf("the filter did not apply")
	}

	p = h.getPage("/ondersteuning?life_domain=gardening")
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Kies alleen uit de vakjes hieronder.") ||
		strings.Contains(p.body, "Aantal gevonden") {
		t.Fatalf("unknown filter: %s", p)
	}

	for _, path := range []string{"/", "/klacht", "/?lang=en"} {
		if p := h.getPage(path); !strings.Contains(p.body, `href="/ondersteuning`) {
			t.Errorf("%s does not link to the directory", path)
		}
	}
	if p := h.getPage("/klacht"); !strings.Contains(p.body, "Hulp nodig bij uw klacht? Kies een cliëntondersteuner.") {
		t.Errorf("the complaint form does not point to the directory")
	}
}

// poolMatrix holds the authorisation rows of the admin's pages of the pool (see matrixRows). The
// posts are sent without a form, so that the admin's are refused with 422 and change nothing;
// TestPoolAdminPages makes them.
var poolMatrix = []matrixRow{
	{"GET", "/werk/ondersteuners", officeAdmin(200), fixed("/werk/ondersteuners", nil), false},
	{"POST", "/werk/ondersteuners", officeAdmin(422), fixed("/werk/ondersteuners", url.Values{}), false},
	{"GET", "/werk/ondersteuners/:id", officeAdmin(200), onPooledPage(""), false},
	{"POST", "/werk/ondersteuners/:id", officeAdmin(422), onPooledPage(""), false},
	{"POST", "/werk/ondersteuners/:id/schorsen", officeAdmin(422), onPooledPage("/schorsen"), false},
	{"POST", "/werk/ondersteuners/:id/herstellen", officeAdmin(422), onPooledPage("/herstellen"), false},
	{"POST", "/werk/ondersteuners/:id/verwijderen", officeAdmin(422), onPooledPage("/verwijderen"), false},
}

func onPooledPage(action string) cell {
	return func(_ *harness, s *matrixShared, _ role) (string, any) {
		return fmt.Sprintf("/werk/ondersteuners/%d%s", s.pooled, action), url.Values{}
	}
}

// TestPoolAdminPages: the admin admits a supporter with the form (a missing declaration is shown
// on the form), edits it, suspends it with a reason (none is refused), and sees the history; the
// public page no longer shows it.
func TestPoolAdminPages(t *testing.T) {
	h := newHarness(t)
	form := url.Values{"name": {"Wijkcontactvrouwen"}, "kind": {"organisation"},
		"description_nl": {"Vrouwen uit de wijk die met u meegaan."}, "life_domains": {"wellbeing", "youth_care"},
		"languages": {"ar", "ber"}, "neighbourhoods": {"schalkwijk"}, "groups": {"migrantenvrouwen\r\noudere migranten"},
		"contact.whatsapp": {"06 1000 1400"}, "contact.home_visits": {"yes"}}
	p := h.pageAs("POST", "/werk/ondersteuners", admin, form)
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="independence-fout"`) {
		t.Fatalf("admit without declaration: %s", p)
	}
	if !strings.Contains(p.body, `value="Wijkcontactvrouwen"`) || !strings.Contains(p.body, `id="languages-ber" name="languages" value="ber" checked`) {
		t.Errorf("the form lost what was typed")
	}
	form.Set("independence", "Wij leveren geen zorg en beslissen niet over zorg.")
	p = h.pageAs("POST", "/werk/ondersteuners", admin, form)
	if p.status != http.StatusSeeOther {
		t.Fatalf("admit: %s", p)
	}
	var id int64
	if err := h.db.Get(&id, `SELECT id FROM supporters WHERE name = 'Wijkcontactvrouwen'`); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/werk/ondersteuners/%d", id)
	if loc := p.header.Get("Location"); !strings.HasPrefix(loc, path+"?") {
		t.Errorf("redirect to %q", loc)
	}
	if p := h.getPage("/ondersteuning?language=ber"); !strings.Contains(p.body, "Wijkcontactvrouwen") || !strings.Contains(p.body, "oudere migranten") {
		t.Fatalf("the public page lacks the new supporter: %s", p)
	}

	form.Set("contact.email", "wijk@example.nl")
	if p := h.pageAs("POST", path, admin, form); p.status != http.StatusSeeOther {
		t.Fatalf("edit: %s", p)
	}
	if p := h.pageAs("POST", path+"/schorsen", admin, url.Values{"reason": {" "}}); p.status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.body, `id="reason-fout"`) {
		t.Fatalf("suspend without reason: %s", p)
	}
	if p := h.pageAs("POST", path+"/schorsen", admin, url.Values{"reason": {"Klachten over <bereikbaarheid>"}}); p.status != http.StatusSeeOther {
		t.Fatalf("suspend: %s", p)
	}
	p = h.pageAs("GET", path, admin, nil)
	for _, want := range []string{"geschorst", "Klachten over &lt;bereikbaarheid&gt;", "profiel gewijzigd", "toegelaten",
		"Schorsing opheffen", "Verwijderen uit de pool", `value="wijk@example.nl"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("supporter page lacks %q", want)
		}
	}
	if strings.Contains(p.body, ">Schorsen<") {
		t.Errorf("a suspended supporter can be suspended again")
	}
	if p := h.getPage("/ondersteuning?language=ber"); strings.Contains(p.body, "Wijkcontactvrouwen") {
		t.Errorf("the public page shows a suspended supporter")
	}
	p = h.pageAs("GET", "/werk/ondersteuners?lang=en", admin, nil)
	if !strings.Contains(p.body, "Pool of client supporters") || !strings.Contains(p.body, "suspended") {
		t.Errorf("English pool page: %s", p)
	}
	if p := h.pageAs("GET", "/werk/ondersteuners", staff, nil); p.status != http.StatusForbidden {
		t.Errorf("staff see the admin's pool page: %d", p.status)
	}
}
