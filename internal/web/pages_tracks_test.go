package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestTrajectoryPages walks a supporter through the pages: the list (empty, in Dutch and English),
// starting a trajectory (a label with an e-mail address is refused on the form, what was typed
// kept), adding an issue, a contact, desk work and a referral with the date of today filled in,
// a refused referral to oneself, removing a mistaken record, closing with an outcome, the closed
// trajectory below the open ones with its hours, and reopening it.
func TestTrajectoryPages(t *testing.T) {
	h := newHarness(t)
	own, other := h.pooled("Cliëntenbelang Haarlem"), h.pooled("Sociaal Raadslieden")
	h.linkSupporter(own)

	p := h.pageAs("GET", "/ondersteuner/trajecten", supporter, nil)
	if p.status != http.StatusOK || !strings.Contains(p.body, "<h1>Mijn trajecten</h1>") || !strings.Contains(p.body, "U heeft geen lopende trajecten.") ||
		!strings.Contains(p.body, `href="/ondersteuner"`) || !strings.Contains(p.body, `aria-current="page">Trajecten</a>`) {
		t.Fatalf("empty list: %s", p)
	}
	wantOfficeValue(t, p, "started_on", "2026-03-03")
	if en := h.pageAs("GET", "/ondersteuner/trajecten?lang=en", supporter, nil); en.status != http.StatusOK ||
		!strings.Contains(en.body, `<html lang="en" dir="ltr">`) || !strings.Contains(en.body, "<h1>My trajectories</h1>") ||
		!strings.Contains(en.body, `href="/ondersteuner?lang=en"`) {
		t.Errorf("English list: %s", en)
	}

	// A label with an e-mail address: 422, the form as typed, the summary linking to the field.
	h.officeUnchanged("a refused start", func() {
		p = h.pageAs("POST", "/ondersteuner/trajecten", supporter, url.Values{"client_label": {"piet@mail.example"},
			"started_on": {"2026-03-01"}, "life_domains": {"income"}})
	})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `<a href="#client_label">Een e-mailadres hoort niet in het kenmerk.`) ||
		!strings.Contains(p.body, `id="client_label-fout"`) || !strings.Contains(p.body, `<title>Fout:`) ||
		!strings.Contains(p.body, `id="life_domains-income" name="life_domains" value="income" checked`) {
		t.Fatalf("refused start: %s", p)
	}
	wantOfficeValue(t, p, "client_label", "piet@mail.example")

	p = h.pageAs("POST", "/ondersteuner/trajecten", supporter, url.Values{"client_label": {"PdB-12"}, "started_on": {"2026-02-09"},
		"life_domains": {"income", "housing"}})
	loc := p.header.Get("Location")
	if p.status != http.StatusSeeOther || !regexp.MustCompile(`^/ondersteuner/trajecten/\d+\?klaar=traject-gestart$`).MatchString(loc) {
		t.Fatalf("start: %d to %q", p.status, loc)
	}
	path := strings.TrimSuffix(loc, "?klaar=traject-gestart")
	p = h.officeFollow(p, supporter)
	wantOfficeDone(t, p, "Het traject is begonnen. Voeg hieronder de kwesties en het eerste contact toe.")
	if !strings.Contains(p.body, "<h1>Traject PdB-12</h1>") || !strings.Contains(p.body, "Dit traject loopt sinds 9 februari 2026.") {
		t.Fatalf("trajectory page: %s", p)
	}
	wantOfficeValue(t, p, "act-on_date", "2026-03-03")

	for _, step := range []struct {
		action string
		form   url.Values
		flag   string
	}{
		{"/kwesties", url.Values{"topic": {"debts"}, "noted_on": {"2026-02-09"}}, "traject-kwestie"},
		{"/kwesties", url.Values{"topic": {"objection_appeal"}, "noted_on": {"2026-02-12"}}, "traject-kwestie"},
		{"/contacten", url.Values{"on_date": {"2026-02-09"}, "channel": {"walk_in"}, "minutes": {"75"}}, "traject-contact"},
		{"/contacten", url.Values{"on_date": {"2026-02-13"}, "channel": {"desk"}, "minutes": {"50"}}, "traject-contact"},
		{"/contacten", url.Values{"on_date": {"2026-02-11"}, "channel": {"phone"}, "minutes": {"5"}}, "traject-contact"},
		{"/verwijzingen", url.Values{"on_date": {"2026-02-13"}, "to_supporter_id": {strconv.FormatInt(other, 10)}, "topic": {"debts"}}, "traject-verwijzing"},
		{"/verwijzingen", url.Values{"on_date": {"2026-02-14"}, "to_organisation": {"Juridisch Loket"}, "topic": {"objection_appeal"}}, "traject-verwijzing"},
	} {
		p = h.pageAs("POST", path+step.action, supporter, step.form)
		if p.status != http.StatusSeeOther || p.header.Get("Location") != path+"?klaar="+step.flag {
			t.Fatalf("%s: %d to %q: %s", step.action, p.status, p.header.Get("Location"), p)
		}
	}
	p = h.pageAs("GET", path, supporter, nil)
	for _, want := range []string{`<dd id="uren">2 uur 10 min</dd>`, `<dd id="laatste-contact">11 februari 2026</dd>`, "9 februari 2026: Schulden",
		"naar Sociaal Raadslieden (Schulden)", "naar Juridisch Loket (Bezwaar en beroep)", "13 februari 2026: Werk zonder cliënt, 50 min",
		`Verwijder<span class="vh"> kwestie Schulden van 9 februari 2026</span>`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the trajectory page lacks %q", want)
		}
	}
	if strings.Contains(p.body, `<option value="`+strconv.FormatInt(own, 10)+`"`) {
		t.Error("the referral form offers the supporter itself")
	}

	// Refused: a referral to oneself (sent anyway), minutes out of range; shown on their form.
	p = h.pageAs("POST", path+"/verwijzingen", supporter, url.Values{"on_date": {"2026-03-03"}, "to_supporter_id": {strconv.FormatInt(own, 10)}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `<a href="#ref-to_supporter_id">U kunt niet naar uzelf verwijzen.`) {
		t.Errorf("referral to oneself: %s", p)
	}
	p = h.pageAs("POST", path+"/contacten", supporter, url.Values{"on_date": {"2026-03-03"}, "channel": {"phone"}, "minutes": {"800"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `<a href="#act-minutes">Vul een aantal minuten in`) {
		t.Errorf("800 minutes: %s", p)
	}
	wantOfficeValue(t, p, "act-minutes", "800")
	if !strings.Contains(p.body, `<option value="phone" selected>Telefoon</option>`) {
		t.Error("the refused form lost the channel chosen")
	}

	// Remove the phone call of 11 February: the last contact is the walk-in of 9 February.
	m := regexp.MustCompile(`name="soort" value="activities"><input type="hidden" name="regel" value="(\d+)">\s*<button[^>]*>Verwijder<span class="vh"> Telefoon van 11 februari 2026</span>`).FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no removal form for the phone call: %s", p)
	}
	p = h.pageAs("POST", path+"/verwijderen", supporter, url.Values{"soort": {"activities"}, "regel": {m[1]}})
	p = h.officeFollow(p, supporter)
	wantOfficeDone(t, p, "De regel is verwijderd.")
	if !strings.Contains(p.body, `<dd id="laatste-contact">9 februari 2026</dd>`) || !strings.Contains(p.body, `<dd id="uren">2 uur 5 min</dd>`) {
		t.Errorf("after the removal: %s", p)
	}

	// Closing without an outcome is refused; with one, the trajectory is closed and listed below.
	p = h.pageAs("POST", path+"/afsluiten", supporter, url.Values{"ended_on": {"2026-03-02"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `<a href="#close-outcome">Kies hoe het traject is afgelopen.`) {
		t.Errorf("close without outcome: %s", p)
	}
	p = h.officeFollow(h.pageAs("POST", path+"/afsluiten", supporter, url.Values{"ended_on": {"2026-03-02"}, "outcome": {"partly_resolved"}}), supporter)
	if !strings.Contains(p.body, "Dit traject liep van 9 februari 2026 tot 2 maart 2026. Uitkomst: Deels opgelost.") ||
		strings.Contains(p.body, "/kwesties") || !strings.Contains(p.body, "/heropenen") {
		t.Errorf("closed trajectory page: %s", p)
	}
	h.pageAs("POST", "/ondersteuner/trajecten", supporter, url.Values{"client_label": {"Open-1"}, "started_on": {"2026-03-03"}})
	p = h.pageAs("GET", "/ondersteuner/trajecten", supporter, nil)
	openAt, closedAt := strings.Index(p.body, "Open-1"), strings.Index(p.body, "PdB-12")
	if openAt < 0 || closedAt < 0 || openAt > closedAt || !strings.Contains(p.body, "<td>2 maart 2026</td><td>Deels opgelost</td><td>2 uur 5 min</td>") {
		t.Errorf("list: the open trajectory first, the closed one below with its hours: %s", p)
	}
	p = h.officeFollow(h.pageAs("POST", path+"/heropenen?lang=en", supporter, url.Values{"lang": {"en"}}), supporter)
	wantOfficeDone(t, p, "The trajectory was reopened.")
	if !strings.Contains(p.body, "This trajectory has been open since 9 February 2026.") {
		t.Errorf("reopened, in English: %s", p)
	}
}
