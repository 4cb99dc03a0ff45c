package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

// Tests of the staff's tasks added in issue 14: registering a phone, letter or counter complaint
// (/werk/nieuw), adding a note, the term at the top of the case page, adding an organisation
// (/werk/organisaties/nieuw); and the organisation's two-step acceptance and the rejection ground
// that is never preselected.

// registration is a complete letter complaint received on day (YYYY-MM-DD) about org.
func registration(day string, org int64) url.Values {
	d, _ := time.Parse(time.DateOnly, day)
	return url.Values{
		"channel": {"letter"}, "received_day": {strconv.Itoa(d.Day())}, "received_month": {strconv.Itoa(int(d.Month()))},
		"received_year":    {strconv.Itoa(d.Year())},
		"complainant_name": {"Mevrouw Brief"}, "complainant_street": {"Grote Markt 2"}, "complainant_postcode": {"2011 RD"},
		"complainant_city": {"Haarlem"}, "language": {"nl"}, "organisation_ids": {strconv.FormatInt(org, 10)},
		"grounds": {"treatment"}, "life_domains": {"care"},
		"summary":         {"De wijkverpleging kwam drie keer niet opdagen zonder te bellen."},
		"desired_outcome": {"Dat zij voortaan bellen."},
	}
}

var registeredLink = regexp.MustCompile(`^/werk/klacht/(MP-[0-9]+-[0-9]+)\?klaar=geregistreerd$`)

func TestStaffRegistersComplaint(t *testing.T) {
	h := newHarness(t)
	today := term.LocalDate(h.clock.Now())
	received := today.AddDays(-10).String()

	t.Run("the worklist links the form, which asks for everything in both languages", func(t *testing.T) {
		work := h.pageAs("GET", "/werk", staff, nil)
		if !strings.Contains(work.body, `href="/werk/nieuw"`) || !strings.Contains(work.body, "Klacht registreren") {
			t.Error("the worklist does not link Klacht registreren")
		}
		for _, l := range []string{"nl", "en"} {
			path := "/werk/nieuw"
			if l == "en" {
				path += "?lang=en"
			}
			p := h.pageAs("GET", path, staff, nil)
			wantPage(t, p, http.StatusOK, l)
			for _, id := range []string{"channel", "channel-letter", "channel-counter", "received_day", "received_month",
				"received_year", "complainant_name", "complainant_email", "complainant_phone", "complainant_street",
				"complainant_postcode", "complainant_city", "language", "organisation_ids", "grounds", "life_domains",
				"summary", "desired_outcome", "occurred_day", "supporter_id", "supporter_consent"} {
				if !strings.Contains(p.body, `id="`+id+`"`) || (!strings.Contains(p.body, `for="`+id+`"`)) {
					t.Errorf("%s: no control %s with a label", l, id)
				}
			}
			if !strings.Contains(p.body, `href="`+map[string]string{"nl": "/werk/organisaties/nieuw", "en": "/werk/organisaties/nieuw?lang=en"}[l]+`"`) {
				t.Errorf("%s: the form does not link adding an organisation", l)
			}
			if got := checked(p, "channel"); len(got) != 0 {
				t.Errorf("%s: a channel is chosen beforehand: %v", l, got)
			}
			if strings.Contains(p.body, `type="date"`) {
				t.Errorf("%s: a date field instead of day, month and year", l)
			}
		}
	})

	t.Run("a letter complaint is filed with its day of receipt and acknowledged", func(t *testing.T) {
		p := h.pageAs("POST", "/werk/nieuw", staff, registration(received, h.orgA))
		m := registeredLink.FindStringSubmatch(p.header.Get("Location"))
		if p.status != http.StatusSeeOther || m == nil {
			t.Fatalf("want 303 to the new case, got %d %q", p.status, p.header.Get("Location"))
		}
		ref := m[1]
		done := h.pageAs("GET", p.header.Get("Location"), staff, nil)
		wantPage(t, done, http.StatusOK, "nl")
		if !strings.Contains(done.body, `<p id="klaar">Klacht geregistreerd. De ontvangstbevestiging met het kenmerk en de volgcode`) {
			t.Errorf("no notice after registering: %s", done)
		}
		cp := h.complaint(ref)
		if cp.ReceivedOn != received || cp.Channel != casework.ChannelLetter || cp.Complainant.Name != "Mevrouw Brief" {
			t.Errorf("stored received %s channel %s name %q", cp.ReceivedOn, cp.Channel, cp.Complainant.Name)
		}
		// The terms run from the day of receipt, not from today.
		cal, _ := term.ParseDate(received)
		if last, _ := term.ParseDate(cp.HandlingLastDay); !last.After(cal.AddDays(6*7-1)) || last.After(cal.AddDays(6*7+5)) {
			t.Errorf("handling term ends %s for a complaint received %s", cp.HandlingLastDay, received)
		}
		h.notice(ref, "acknowledgement", 0) // fails the test when there is none
		if n := h.count(`SELECT count(*) FROM events e JOIN complaints c ON c.id = e.complaint_id
			WHERE c.reference = $1 AND e.action = 'file' AND e.actor_role = 'staff'`, ref); n != 1 {
			t.Errorf("%d audit events of the registration by staff", n)
		}
	})

	t.Run("a phone complaint without address is filed and its acknowledgement waits for one", func(t *testing.T) {
		f := registration(today.String(), h.orgB)
		f.Set("channel", "phone")
		for _, k := range []string{"complainant_street", "complainant_postcode", "complainant_city"} {
			f.Del(k)
		}
		f.Set("complainant_phone", "023 511 5111")
		f.Set("lang", "en")
		p := h.pageAs("POST", "/werk/nieuw?lang=en", staff, f)
		loc := p.header.Get("Location")
		if p.status != http.StatusSeeOther || !strings.HasSuffix(loc, "?klaar=geregistreerd&lang=en") {
			t.Fatalf("want 303 to the English case page, got %d %q", p.status, loc)
		}
		ref := strings.TrimPrefix(strings.TrimSuffix(loc, "?klaar=geregistreerd&lang=en"), "/werk/klacht/")
		if n := h.count(`SELECT count(*) FROM notices n JOIN complaints c ON c.id = n.complaint_id
			WHERE c.reference = $1 AND n.kind = 'acknowledgement' AND n.recipient = 'complainant'`, ref); n != 1 {
			t.Errorf("%d acknowledgements queued for a phone complaint", n)
		}
		if cp := h.complaint(ref); cp.Channel != casework.ChannelPhone || cp.ReceivedOn != today.String() {
			t.Errorf("stored channel %s received %s", cp.Channel, cp.ReceivedOn)
		}
	})

	t.Run("bad input comes back with the error summary and everything typed", func(t *testing.T) {
		for name, c := range map[string]struct {
			form  url.Values
			links []string
		}{
			"empty": {url.Values{}, []string{"#channel", "#received_day", "#complainant_name", "#complainant_email",
				"#organisation_ids", "#grounds", "#life_domains", "#summary"}},
			"future day of receipt": {func() url.Values {
				f := registration(today.AddDays(1).String(), h.orgA)
				return f
			}(), []string{"#received_day"}},
			"no such date": {func() url.Values {
				f := registration(received, h.orgA)
				f.Set("received_day", "31")
				f.Set("received_month", "2")
				return f
			}(), []string{"#received_day"}},
			"happened after receipt": {func() url.Values {
				f := registration(today.AddDays(-20).String(), h.orgA)
				d, _ := time.Parse(time.DateOnly, today.AddDays(-5).String())
				f.Set("occurred_day", strconv.Itoa(d.Day()))
				f.Set("occurred_month", strconv.Itoa(int(d.Month())))
				f.Set("occurred_year", strconv.Itoa(d.Year()))
				return f
			}(), []string{"#occurred_day"}},
			"web channel": {func() url.Values {
				f := registration(received, h.orgA)
				f.Set("channel", "web")
				return f
			}(), []string{"#channel"}},
		} {
			t.Run(name, func(t *testing.T) {
				before := h.fingerprint()
				p := h.pageAs("POST", "/werk/nieuw", staff, c.form)
				wantPage(t, p, http.StatusUnprocessableEntity, "nl")
				if !strings.HasPrefix(title(p), "Fout: ") {
					t.Errorf("title %q", title(p))
				}
				sum := errorSummary(t, p)
				for _, link := range c.links {
					if !strings.Contains(sum, `href="`+link+`"`) {
						t.Errorf("the summary does not link %s: %s", link, sum)
					}
				}
				// Only what is wrong: the language of the letters defaults to Dutch, nobody helps by default.
				for _, link := range []string{"#language", "#supporter_name", "#supporter_email", "#supporter_consent"} {
					if strings.Contains(sum, `href="`+link+`"`) {
						t.Errorf("the summary blames %s, which was left as it was: %s", link, sum)
					}
				}
				if v := c.form.Get("summary"); v != "" && !strings.Contains(p.body, v) {
					t.Error("what happened is not kept")
				}
				if v := c.form.Get("received_day"); v != "" && !strings.Contains(p.body, `name="received_day" value="`+v+`"`) {
					t.Error("the day of receipt is not kept")
				}
				if h.fingerprint() != before {
					t.Error("a refused registration changed the database")
				}
			})
		}
	})
}

func TestStaffCaseNote(t *testing.T) {
	h := newHarness(t)
	ref := h.file(h.orgA).Reference
	p := h.scPage(ref, "")
	if !strings.Contains(p.body, `action="/werk/klacht/`+ref+`/notitie"`) || !strings.Contains(p.body, `<label for="note-text">`) {
		t.Fatal("the case page has no note form with a label")
	}
	r := h.scRefused(ref, "notitie", url.Values{"note": {"  "}}, http.StatusUnprocessableEntity)
	if !strings.Contains(errorSummary(t, r), `href="#note-text"`) || !strings.Contains(r.body, `id="note-text-fout"`) {
		t.Errorf("an empty note is not refused at its field: %s", errorSummary(t, r))
	}
	const note = "Klager belde: de brief van 2 maart is nooit aangekomen."
	done := h.scDone(h.scPost(ref, "notitie", url.Values{"note": {note}}), ref, "notitie", "De notitie staat in het verloop.")
	i := strings.Index(done.body, `id="verloop"`)
	if i < 0 || !strings.Contains(done.body[i:], note) || !strings.Contains(done.body[i:], "Notitie toegevoegd") {
		t.Error("the note is not in the timeline")
	}
	// Staff add notes to a closed case too, and the resident never sees them.
	if got := h.count(`SELECT count(*) FROM events e JOIN complaints c ON c.id = e.complaint_id WHERE c.reference = $1 AND e.action = 'add_note'`, ref); got != 1 {
		t.Errorf("%d note events", got)
	}
}

func TestStaffCaseTermAtTop(t *testing.T) {
	h := newHarness(t)
	top := func(p page) string {
		i, j := strings.Index(p.body, `<section class="sc-termijn"`), strings.Index(p.body, `id="sc-stand"`)
		if i < 0 || j < i {
			t.Fatalf("no term above the overview: %s", p)
		}
		return p.body[i:j]
	}
	t.Run("before the ruling: the handling term's last day, and overdue once past", func(t *testing.T) {
		t.Cleanup(func() { h.clock.Set(startTime) })
		ref := h.file(h.orgA).Reference
		cp := h.complaint(ref)
		got := top(h.scPage(ref, ""))
		if !strings.Contains(got, "Het meldpunt doet uitspraak uiterlijk op "+dayNL(cp.HandlingLastDay)) || !strings.Contains(got, "nog ") ||
			strings.Contains(got, "dringend") {
			t.Errorf("the term at the top: %s", got)
		}
		if en := top(h.scPage(ref, "?lang=en")); !strings.Contains(en, "The meldpunt rules on") {
			t.Errorf("in English: %s", en)
		}
		last, _ := term.ParseDate(cp.HandlingLastDay)
		h.clock.Set(startTime.Add(time.Duration(term.LocalDate(startTime).DaysUntil(last)+3) * 24 * time.Hour))
		got = top(h.scPage(ref, ""))
		if !strings.Contains(got, "Te laat: de uitspraak had er uiterlijk op "+dayNL(cp.HandlingLastDay)) ||
			!strings.Contains(got, "dagen over de termijn") || !strings.Contains(got, `class="dringend"`) {
			t.Errorf("an overdue term at the top: %s", got)
		}
	})
	t.Run("after the ruling: each advice's last day and state", func(t *testing.T) {
		ref, advs := h.advised(h.orgA, h.orgB)
		h.call("POST", fmt.Sprintf("/api/v1/advices/%d/accept", advs[h.orgA].ID), orgA, nil).want(t, http.StatusOK)
		got := top(h.scPage(ref, ""))
		if strings.Contains(got, "doet uitspraak") {
			t.Errorf("the handling term is still at the top after the ruling: %s", got)
		}
		for _, want := range []string{orgAName + ": uiterlijk op " + dayNL(advs[h.orgA].RespondBy) + ". Nu: aanvaard, nog uitvoeren.",
			orgBName + ": uiterlijk op " + dayNL(advs[h.orgB].RespondBy) + ". Nu: wacht op antwoord van de organisatie: nog "} {
			if !strings.Contains(got, want) {
				t.Errorf("the top does not say %q: %s", want, got)
			}
		}
	})
}

func TestStaffAddsOrganisation(t *testing.T) {
	h := newHarness(t)
	p := h.pageAs("GET", "/werk/organisaties/nieuw", staff, nil)
	wantPage(t, p, http.StatusOK, "nl")
	for _, id := range []string{"name", "kind", "email", "street", "postcode", "city"} {
		if !strings.Contains(p.body, `id="`+id+`"`) {
			t.Errorf("no field %s", id)
		}
	}
	wantPage(t, h.pageAs("GET", "/werk/organisaties/nieuw?lang=en", staff, nil), http.StatusOK, "en")

	r := h.pageAs("POST", "/werk/organisaties/nieuw", staff, url.Values{"name": {""}})
	wantPage(t, r, http.StatusUnprocessableEntity, "nl")
	if sum := errorSummary(t, r); !strings.Contains(sum, `href="#name"`) {
		t.Errorf("the summary does not link the name: %s", sum)
	}
	before := h.fingerprint()
	dup := h.pageAs("POST", "/werk/organisaties/nieuw", staff, url.Values{"name": {orgAName}, "kind": {"care_provider"}})
	wantPage(t, dup, http.StatusConflict, "nl")
	if h.fingerprint() != before {
		t.Error("a refused organisation changed the database")
	}

	const name = "Stichting Buurtzorg Schalkwijk"
	ok := h.pageAs("POST", "/werk/organisaties/nieuw", staff, url.Values{"name": {name}, "kind": {"care_provider"},
		"email": {"klachten@buurtzorg.example"}})
	wantRedirect(t, ok, "/werk/nieuw?klaar=organisatie")
	form := h.pageAs("GET", "/werk/nieuw?klaar=organisatie", staff, nil)
	if !strings.Contains(form.body, name) || !strings.Contains(form.body, `<p id="klaar">De organisatie is toegevoegd.`) {
		t.Error("the registration form does not offer the new organisation with a notice")
	}
	if n := h.count(`SELECT count(*) FROM account_events WHERE action = 'organisation_added' AND detail LIKE '%' || $1 AND actor_name <> ''`, name); n != 1 {
		t.Errorf("%d audit events of the new organisation", n)
	}
	// The admin keeps adding on the organisations page, with an audit event too.
	wantRedirect(t, h.pageAs("POST", "/werk/organisaties", admin, url.Values{"name": {"Woonstichting Spaarne"}, "kind": {"other"}}),
		"/werk/organisaties?klaar=organisatie")
	if n := h.count(`SELECT count(*) FROM account_events WHERE action = 'organisation_added'`); n != 2 {
		t.Errorf("%d audit events after the admin's addition, want 2", n)
	}
}

func TestOrgAcceptsInTwoSteps(t *testing.T) {
	h := newHarness(t)
	_, advs := h.advised(h.orgA)
	id := advs[h.orgA].ID
	path := fmt.Sprintf("/organisatie/advies/%d", id)
	for _, l := range []string{"nl", "en"} {
		q, form := "", url.Values{}
		if l == "en" {
			q, form = "?lang=en", url.Values{"lang": {"en"}}
		}
		before := h.fingerprint()
		p := h.pageAs("POST", path+"/aanvaarden"+q, orgA, form)
		wantPage(t, p, http.StatusOK, l)
		if h.fingerprint() != before || h.advice(id).Status != casework.AdviceIssued {
			t.Fatalf("%s: the first post changed something", l)
		}
		want := map[string][]string{
			"nl": {"Weet u zeker dat u het advies aanvaardt?", "helemaal uitvoeren", "De klager krijgt een brief",
				"tot en met " + dayNL(advs[h.orgA].RespondBy), `name="bevestigd" value="ja"`, `id="annuleren">`, `href="` + path + `"`},
			"en": {"Are you sure you want to accept the advice?", "carry it out in full", "The complainant gets a letter",
				`name="bevestigd" value="ja"`, `href="` + path + `?lang=en"`},
		}[l]
		for _, w := range want {
			if !strings.Contains(p.body, w) {
				t.Errorf("%s: the confirmation does not have %q", l, w)
			}
		}
		if strings.Contains(p.body, `id="reasons"`) {
			t.Errorf("%s: the confirmation page still shows the rejection form", l)
		}
	}
	ok := h.pageAs("POST", path+"/aanvaarden", orgA, url.Values{"bevestigd": {"ja"}})
	wantRedirect(t, ok, path+"?klaar=aanvaard")
	if st := h.advice(id).Status; st != casework.AdviceAccepted {
		t.Fatalf("status %s after confirming", st)
	}
}

func TestRejectionGroundNeverPreselected(t *testing.T) {
	h := newHarness(t)
	ref, advs := h.advised(h.orgA)
	id := advs[h.orgA].ID
	path := fmt.Sprintf("/organisatie/advies/%d", id)
	p := h.pageAs("GET", path, orgA, nil)
	if got := checked(p, "ground"); len(got) != 0 || !strings.Contains(p.body, `name="ground"`) {
		t.Errorf("the organisation's rejection form has a ground chosen beforehand: %v", got)
	}
	before := h.fingerprint()
	r := h.pageAs("POST", path+"/afwijzen", orgA, url.Values{"reasons": {"Wij voeren dit advies niet uit omdat de regels dat niet toestaan."}})
	wantPage(t, r, http.StatusUnprocessableEntity, "nl")
	if sum := errorSummary(t, r); !strings.Contains(sum, `href="#ground-legal"`) || !strings.Contains(sum, "Kies de belangrijkste reden") {
		t.Errorf("a rejection without a ground: %s", sum)
	}
	if got := checked(r, "ground"); len(got) != 0 {
		t.Errorf("the re-rendered form chose a ground: %v", got)
	}
	if h.fingerprint() != before {
		t.Error("a rejection without a ground changed the database")
	}
	// The staff's form for an answer on paper chooses none either, and wants one for a rejection.
	sp := h.scPage(ref, "")
	if got := checked(sp, "ground"); len(got) != 0 {
		t.Errorf("the staff's answer form has a ground chosen beforehand: %v", got)
	}
	sr := h.scRefused(ref, fmt.Sprintf("advies/%d/antwoord", id), url.Values{"answer": {"reject"},
		"reasons":     {"Wij voeren dit advies niet uit omdat de regels dat niet toestaan."},
		"received_on": {term.LocalDate(h.clock.Now()).String()}, "channel": {"letter"}}, http.StatusUnprocessableEntity)
	if !strings.Contains(errorSummary(t, sr), fmt.Sprintf(`href="#a%d-ground-legal"`, id)) {
		t.Errorf("the staff's rejection without a ground: %s", errorSummary(t, sr))
	}
}
