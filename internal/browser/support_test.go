package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

// supportPool is what the tests of the pool's pages share: two members of the pool, a supporter's
// account of the first, and its password.
type supportPool struct {
	clientenbelang, mee casework.Supporter
	supporter           casework.User
	password            string
}

// addSupportPool admits two members of the pool (Cliëntenbelang Haarlem, which speaks Arabic and
// offers phone and e-mail, and MEE, which speaks Turkish) and makes a supporter's account of the
// first.
func (s *site) addSupportPool(t *testing.T, admin casework.User) supportPool {
	t.Helper()
	ctx := context.Background()
	independent := "Wij beslissen niet over de toegang tot zorg en leveren zelf geen zorg of ondersteuning."
	var p supportPool
	var err error
	p.clientenbelang, err = s.store.AdmitSupporter(ctx, casework.ActorOf(admin), casework.SupporterProfile{
		Name: "Cliëntenbelang Haarlem", Kind: casework.SupporterOrganisation,
		DescriptionNL: "Wij helpen u gratis bij vragen over zorg, wonen en inkomen, en bij een klacht.",
		DescriptionEN: "We help you free of charge with questions about care, housing and income, and with a complaint.",
		LifeDomains:   []casework.LifeDomain{casework.DomainCare, casework.DomainSocialSupport, casework.DomainIncome},
		Languages:     []string{"nl", "en", "ar"},
		Contact: casework.SupporterContact{Phone: "023 000 1234", PhoneHours: "maandag tot en met vrijdag 9.00–17.00 uur",
			Email: "hulp@clientenbelang.example"},
		Independence: independent})
	if err != nil {
		t.Fatal(err)
	}
	p.mee, err = s.store.AdmitSupporter(ctx, casework.ActorOf(admin), casework.SupporterProfile{
		Name: "MEE & De Wering", Kind: casework.SupporterOrganisation,
		DescriptionNL: "Wij helpen mensen met een beperking en hun families, ook thuis.",
		LifeDomains:   []casework.LifeDomain{casework.DomainCare, casework.DomainYouthCare},
		Languages:     []string{"nl", "tr"},
		Contact:       casework.SupporterContact{Phone: "023 000 5678", Email: "info@mee.example", HomeVisits: true},
		Independence:  independent})
	if err != nil {
		t.Fatal(err)
	}
	p.password = "een lang en geheim wachtwoord van de ondersteuner"
	p.supporter, err = s.store.CreateUser(ctx, casework.NewUser{Email: "ondersteuner@clientenbelang.example",
		Name: "Olga Ondersteuner", Role: casework.RoleSupporter, SupporterID: p.clientenbelang.ID, Password: p.password})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// ask sends a support request to the member of the pool id through the store, as the public form
// does, and returns its receipt and its id.
func (s *site) ask(t *testing.T, id int64, name string) (casework.SupportRequestReceipt, int64) {
	t.Helper()
	rec, err := s.store.AskSupport(context.Background(), casework.SupportRequestInput{SupporterID: id, Name: name,
		Phone: "06 0000 1122", Email: "vraag@bewoner.example", Channel: casework.SupportPhone, Language: "nl",
		Question:    "Ik wil hulp bij mijn aanvraag voor huishoudelijke hulp; de gemeente belt niet terug.",
		LifeDomains: []casework.LifeDomain{casework.DomainSocialSupport}}, postgres.IntakeLimit{})
	if err != nil {
		t.Fatalf("ask for support: %v", err)
	}
	var rid int64
	if err := s.store.SQL().Get(&rid, `SELECT id FROM support_requests WHERE reference = $1 AND status <> 'transferred'`,
		rec.Reference); err != nil {
		t.Fatal(err)
	}
	return rec, rid
}

// TestAccessibilityOfSupportPages runs axe-core and the reflow check (320 px and 200% zoom) on every
// page of the pool beyond the directory, in both languages: the resident's request form (empty,
// refused, the receipt), a referred request with the resident's choice, the status page with who
// helps; the supporter's start page, requests (one declined without a reason), a client's case, the
// form to file for a client sent empty, the trajectories and a trajectory with a refused contact;
// the staff's view of a request nobody picked up; and the municipality's figures, also refused.
func TestAccessibilityOfSupportPages(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	acc := s.addAccounts(t)
	adm, _ := s.officeAdmin(t)
	pool := s.addSupportPool(t, adm)
	sup := casework.ActorOf(pool.supporter)

	// A request nobody answers for two working days (asked on Tuesday 3 March, the site's clock then
	// moves to Friday 6 March): on the staff's worklist.
	_, late := s.ask(t, pool.clientenbelang.ID, "Fatima El Amrani")
	s.clock.Set(time.Date(2026, time.March, 6, 10, 0, 0, 0, term.Amsterdam()))
	_, pending := s.ask(t, pool.clientenbelang.ID, "Joke de Vries")
	referred, referredID := s.ask(t, pool.clientenbelang.ID, "Kees Jansen")
	if _, err := s.store.DecideSupportRequest(ctx, pool.supporter, referredID, postgres.SupporterDecision{
		Step: casework.StepRefer, ReferredTo: pool.mee.ID,
		Reason: "MEE kent de regels voor mensen met een beperking beter dan wij."}); err != nil {
		t.Fatal(err)
	}
	// A complaint of a client who chose Cliëntenbelang and consented, heard.
	client, err := s.store.FileComplaint(ctx, casework.ResidentActor, casework.Intake{
		Complainant: casework.Contact{Name: "Anna de Boer", Email: "anna@bewoner.example", Street: "Kerkstraat 3",
			Postcode: "2011 AB", City: "Haarlem"},
		OrganisationIDs: []int64{s.orgs[0].ID}, Grounds: []casework.Ground{casework.GroundTreatment},
		LifeDomains: []casework.LifeDomain{casework.DomainCare},
		Summary:     "De zorgaanbieder zegde mijn begeleiding op zonder gesprek.",
		SupporterID: pool.clientenbelang.ID, SupporterConsent: true})
	if err != nil {
		t.Fatal(err)
	}
	s.hearComplainant(t, acc.staff, client.Reference)
	track, err := s.store.CreateTrajectory(ctx, sup, casework.TrajectoryInput{ClientLabel: "AdB-2026-03",
		StartedOn: "2026-03-02", LifeDomains: []casework.LifeDomain{casework.DomainCare}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.AddTrajectoryActivity(ctx, sup, track.ID, casework.ActivityInput{OnDate: "2026-03-04",
		Channel: casework.ActivityHomeVisit, Minutes: 90}); err != nil {
		t.Fatal(err)
	}
	s.deliverLetters(t)
	const municipalityPassword = "een lang en geheim wachtwoord van de gemeente"
	municipality, err := s.store.CreateUser(ctx, casework.NewUser{Email: "beleid@gemeente.example", Name: "Bea Beleid",
		Role: casework.RoleMunicipality, Password: municipalityPassword})
	if err != nil {
		t.Fatal(err)
	}

	asSupporter := func(tb *tab, q string) {
		tb.signIn(s.url, q, pool.supporter, pool.password, http.StatusOK)
		if _, at := tb.lastDocument(); !strings.Contains(at, "/ondersteuner") {
			tb.t.Fatalf("a supporter lands on %s after signing in, want /ondersteuner", at)
		}
	}
	askForm := fmt.Sprintf("/ondersteuning/%d/vraag", pool.clientenbelang.ID)
	states := []struct {
		name  string
		reach func(tb *tab, q string)
	}{
		{"asking a supporter for help", func(tb *tab, q string) {
			tb.open(s.url, askForm+q, http.StatusOK)
		}},
		{"asking with an empty form", func(tb *tab, q string) {
			tb.open(s.url, askForm+q, http.StatusOK)
			tb.submitWith("send the request empty", "question")
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
		{"the receipt of a request", func(tb *tab, q string) {
			tb.open(s.url, askForm+q, http.StatusOK)
			tb.step("fill in the request",
				chromedp.SendKeys(`#name`, "Sara Bakker", chromedp.ByQuery),
				chromedp.SendKeys(`#phone`, "06 0000 3344", chromedp.ByQuery),
				chromedp.Click(`input[name=channel][value=phone]`, chromedp.ByQuery),
				chromedp.SendKeys(`#question`, "Wie helpt mij met de aanvraag voor begeleiding?", chromedp.ByQuery))
			tb.submitWith("send the request", "question")
			tb.wantStatus(http.StatusOK)
			var ref string
			tb.eval(`document.getElementById('referentie').innerText`, &ref)
			if !strings.HasPrefix(ref, "HV-") {
				tb.t.Errorf("the receipt shows reference %q", ref)
			}
		}},
		{"a referred request for the resident", func(tb *tab, q string) {
			tb.open(s.url, "/hulpvraag"+q, http.StatusOK)
			tb.step("fill in reference and code",
				chromedp.SendKeys(`#reference`, referred.Reference, chromedp.ByQuery),
				chromedp.SendKeys(`#code`, referred.Code, chromedp.ByQuery))
			tb.submitWith("look the request up", "code")
			tb.wantStatus(http.StatusOK)
			var choices int
			tb.eval(`document.querySelectorAll('form[action^="/hulpvraag/keuze"] button').length`, &choices)
			if choices != 3 {
				tb.t.Errorf("the resident gets %d choices on a referral, want 3 (take it, keep the first, withdraw)", choices)
			}
		}},
		{"the status page with who helps", func(tb *tab, q string) {
			tb.lookUp(s.url, q, client.Reference, client.TrackingCode)
			var now string
			tb.eval(`document.getElementById('nu').innerText`, &now)
			if !strings.Contains(now, "Cliëntenbelang Haarlem") {
				tb.t.Errorf("the status page does not say who helps: %q", now)
			}
		}},
		{"the supporter's start page", func(tb *tab, q string) {
			asSupporter(tb, q)
			var requests, cases string
			tb.eval(`document.getElementById('hulpvragen').innerText`, &requests)
			tb.eval(`document.getElementById('clienten').innerText`, &cases)
			if !strings.Contains(requests, "Joke de Vries") || strings.Contains(requests, "Kees Jansen") ||
				!strings.Contains(cases, client.Reference) {
				tb.t.Errorf("the start page lists requests %q and cases %q", requests, cases)
			}
		}},
		{"the supporter's requests", func(tb *tab, q string) {
			asSupporter(tb, q)
			tb.open(s.url, "/ondersteuner/verzoeken"+q, http.StatusOK)
		}},
		{"a request declined without a reason", func(tb *tab, q string) {
			asSupporter(tb, q)
			tb.open(s.url, fmt.Sprintf("/ondersteuner/verzoeken/%d%s", pending, q), http.StatusOK)
			tb.submitWith("decline without a reason", "reason")
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
		{"a client's case for the supporter", func(tb *tab, q string) {
			asSupporter(tb, q)
			tb.open(s.url, "/ondersteuner/zaak/"+client.Reference+q, http.StatusOK)
		}},
		{"filing for a client with an empty form", func(tb *tab, q string) {
			asSupporter(tb, q)
			tb.open(s.url, "/ondersteuner/klacht"+q, http.StatusOK)
			tb.submitWith("file for a client empty", "summary")
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
		{"the supporter's trajectories", func(tb *tab, q string) {
			asSupporter(tb, q)
			tb.open(s.url, "/ondersteuner/trajecten"+q, http.StatusOK)
		}},
		{"a contact of no minutes refused", func(tb *tab, q string) {
			asSupporter(tb, q)
			tb.open(s.url, fmt.Sprintf("/ondersteuner/trajecten/%d%s", track.ID, q), http.StatusOK)
			tb.step("log a contact of 0 minutes", chromedp.SetValue(`#act-minutes`, "0", chromedp.ByQuery))
			tb.submitWith("log the contact", "minutes")
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
		{"a request nobody picked up, for staff", func(tb *tab, q string) {
			tb.signIn(s.url, q, acc.staff, acc.password[acc.staff.ID], http.StatusOK)
			var section string
			tb.eval(`document.body.innerText`, &section)
			if !strings.Contains(section, "HV-") {
				tb.t.Errorf("the worklist does not list the request nobody picked up")
			}
			tb.open(s.url, fmt.Sprintf("/werk/hulpvraag/%d%s", late, q), http.StatusOK)
		}},
		{"the municipality's figures", func(tb *tab, q string) {
			tb.signIn(s.url, q, municipality, municipalityPassword, http.StatusOK)
			tb.open(s.url, "/gemeente"+withQuery(q, "jaar=2026&kwartaal=1"), http.StatusOK)
			var tables int
			tb.eval(`document.querySelectorAll('table caption').length`, &tables)
			if tables < 5 {
				tb.t.Errorf("the figures page shows %d tables with a caption", tables)
			}
		}},
		{"the municipality's figures of a year not offered", func(tb *tab, q string) {
			tb.signIn(s.url, q, municipality, municipalityPassword, http.StatusOK)
			tb.open(s.url, "/gemeente"+withQuery(q, "jaar=1900"), http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
	}
	// The public pages are checked in every public language, the others in Dutch and English.
	public := map[string]bool{"asking a supporter for help": true, "asking with an empty form": true, "the receipt of a request": true, "a referred request for the resident": true, "the status page with who helps": true}
	for _, st := range states {
		for _, lang := range languagesOf(public[st.name]) {
			t.Run(st.name+" in "+lang.code, func(t *testing.T) {
				tb := newTab(t)
				// Tabs share the browser's cookies: every state starts signed out.
				tb.step("forget cookies", network.ClearBrowserCookies())
				st.reach(tb, lang.query)
				tb.wantAccessible(lang.code)
			})
		}
	}
}

// TestSupportJourney is issue 12's journey, on one site and in one tab: a resident finds a supporter
// in the directory (filtered on Arabic), asks it for help through the form and keeps the reference
// and code; the supporter signs in, sees the request waiting on its start page and accepts it; the
// resident sees that on the request's page; the supporter files the complaint for its client with
// the client's consent (the tracking code goes to the client alone, in their acknowledgement); staff hear both sides and rule it founded; the supporter follows the case to
// the ruling on its pages and downloads its copy of the ruling; the client sees on the status page
// who helps them and the ruling.
func TestSupportJourney(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	acc := s.addAccounts(t)
	adm, _ := s.officeAdmin(t)
	pool := s.addSupportPool(t, adm)
	tb := newTab(t)
	tb.step("forget cookies", network.ClearBrowserCookies())

	// 1. The resident finds a supporter who speaks Arabic and asks it for help.
	tb.open(s.url, "/ondersteuning", http.StatusOK)
	tb.step("tick Arabic", chromedp.Click(`#language-ar`, chromedp.ByQuery))
	tb.submitWith("filter the directory", "language")
	tb.wantStatus(http.StatusOK)
	var found []string
	tb.eval(`[...document.querySelectorAll('article.ondersteuner h3')].map(h => h.innerText)`, &found)
	if len(found) != 1 || found[0] != pool.clientenbelang.Name {
		t.Fatalf("the directory filtered on Arabic shows %v, want only %s", found, pool.clientenbelang.Name)
	}
	tb.navigating("ask for help", chromedp.Click(fmt.Sprintf(`#ondersteuner-%d .vraaghulp a`, pool.clientenbelang.ID), chromedp.ByQuery))
	tb.wantStatus(http.StatusOK)
	const question = "Mijn moeder krijgt geen huishoudelijke hulp meer en de gemeente belt niet terug. Wie helpt ons?"
	tb.step("fill in the request",
		chromedp.SendKeys(`#name`, "Yasmina Amrani", chromedp.ByQuery),
		chromedp.SendKeys(`#phone`, "06 0000 7788", chromedp.ByQuery),
		chromedp.Click(`input[name=channel][value=phone]`, chromedp.ByQuery),
		chromedp.Click(`input[name=language][value=ar]`, chromedp.ByQuery),
		chromedp.Click(`input[name=life_domains][value=social_support]`, chromedp.ByQuery),
		chromedp.SendKeys(`#question`, question, chromedp.ByQuery))
	tb.submitWith("send the request", "question")
	tb.wantStatus(http.StatusOK)
	var request struct{ Reference, Code string }
	tb.eval(`({Reference: document.getElementById('referentie').innerText.trim(),
		Code: document.getElementById('volgcode').innerText.trim()})`, &request)
	if !strings.HasPrefix(request.Reference, "HV-") || request.Code == "" {
		t.Fatalf("the request's receipt shows %+v", request)
	}

	// 2. The supporter signs in, finds the request on its start page and accepts it.
	tb.signIn(s.url, "", pool.supporter, pool.password, http.StatusOK)
	var waiting string
	tb.eval(`document.getElementById('hulpvragen').innerText`, &waiting)
	if !strings.Contains(waiting, request.Reference) || !strings.Contains(waiting, "Yasmina Amrani") {
		t.Fatalf("the supporter's start page does not list the request: %q", waiting)
	}
	tb.navigating("open the request", chromedp.Click(`#hulpvragen a`, chromedp.ByQuery))
	tb.wantStatus(http.StatusOK)
	var asked string
	tb.eval(`document.getElementById('vraag').innerText`, &asked)
	if asked != question {
		t.Fatalf("the request page shows the question %q", asked)
	}
	tb.navigating("accept the request", chromedp.Click(`form[action*="/aanvaarden"] [type=submit]`, chromedp.ByQuery))
	tb.wantStatus(http.StatusOK)
	tb.signOut(s.url)

	// 3. The resident sees on the request's page that the supporter accepted.
	tb.open(s.url, "/hulpvraag", http.StatusOK)
	tb.step("fill in reference and code",
		chromedp.SendKeys(`#reference`, request.Reference, chromedp.ByQuery),
		chromedp.SendKeys(`#code`, request.Code, chromedp.ByQuery))
	tb.submitWith("look the request up", "code")
	tb.wantStatus(http.StatusOK)
	var status string
	tb.eval(`document.getElementById('status').innerText`, &status)
	if !strings.Contains(strings.ToLower(status), "aangenomen") && !strings.Contains(strings.ToLower(status), "aanvaard") {
		t.Fatalf("after the supporter accepted, the request's page says %q", status)
	}

	// 4. The supporter files the complaint for its client, with the client's consent.
	tb.signIn(s.url, "", pool.supporter, pool.password, http.StatusOK)
	tb.open(s.url, "/ondersteuner/klacht", http.StatusOK)
	const summary = "De gemeente stopte de huishoudelijke hulp van mijn cliënte zonder gesprek en zonder besluit."
	tb.fillComplaint(s.orgs[0].ID, "Fatima Amrani", summary)
	tb.step("record the client's consent", chromedp.Click(`#supporter_consent`, chromedp.ByQuery))
	tb.submitWith("file for the client", "summary")
	tb.wantStatus(http.StatusOK)
	// The supporter's confirmation gives the reference, never the client's tracking code: that goes to
	// the client alone, in their acknowledgement.
	var reference, shown string
	tb.eval(`document.getElementById('referentie').innerText.trim()`, &reference)
	tb.eval(`(document.getElementById('volgcode') || {innerText: ''}).innerText.trim()`, &shown)
	if !referencePattern.MatchString(reference) || shown != "" {
		t.Fatalf("the supporter's confirmation shows reference %q and tracking code %q; want a reference and no code", reference, shown)
	}
	var code string
	if err := s.store.SQL().Get(&code, `SELECT n.data->>'tracking_code' FROM notices n JOIN complaints c ON c.id = n.complaint_id
		WHERE c.reference = $1 AND n.kind = 'acknowledgement' AND n.recipient = 'complainant'`, reference); err != nil || code == "" {
		t.Fatalf("the client's acknowledgement holds no tracking code (%v)", err)
	}
	c, err := s.complaint(reference)
	if err != nil || c.Summary != summary || c.Name != "Fatima Amrani" {
		t.Fatalf("the complaint filed for the client: %+v, %v", c, err)
	}
	var chosen int64
	if err := s.store.SQL().Get(&chosen, `SELECT coalesce(supporter_id, 0) FROM complaints WHERE reference = $1`, reference); err != nil ||
		chosen != pool.clientenbelang.ID {
		t.Fatalf("the complaint's supporter is %d (%v), want %d", chosen, err, pool.clientenbelang.ID)
	}
	tb.signOut(s.url)

	// 5. Staff take the case up, hear both sides and rule it founded with a binding advice.
	act := casework.ActorOf(acc.staff)
	if err := s.store.TakeUp(ctx, act, reference, casework.TakeUp{NotInvolved: true}); err != nil {
		t.Fatal(err)
	}
	today := term.LocalDate(s.clock.Now()).String()
	for _, h := range []casework.Hearing{
		{Party: casework.PartyComplainant, HeldOn: today, Record: "Klaagster en haar ondersteuner gehoord."},
		{Party: casework.PartyOrganisation, OrganisationID: s.orgs[0].ID, HeldOn: today, Record: "Directie gehoord."},
	} {
		if _, err := s.store.RecordHearing(ctx, act, reference, h); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.store.Rule(ctx, act, reference, casework.Ruling{Verdict: casework.VerdictFounded,
		Findings: "De hulp stopte zonder besluit.", Conclusions: "De klacht is gegrond.",
		Advices: []casework.AdviceInput{{OrganisationID: s.orgs[0].ID, Text: "Hervat de hulp en neem binnen twee weken een besluit."}},
	}); err != nil {
		t.Fatal(err)
	}
	s.deliverLetters(t)

	// 6. The supporter follows the case to the ruling and downloads its copy.
	tb.signIn(s.url, "", pool.supporter, pool.password, http.StatusOK)
	var cases string
	tb.eval(`document.getElementById('clienten').innerText`, &cases)
	if !strings.Contains(cases, reference) || !strings.Contains(cases, "Fatima Amrani") {
		t.Fatalf("the supporter's start page does not list the client's case: %q", cases)
	}
	tb.navigating("open the client's case", chromedp.Click(`#clienten a`, chromedp.ByQuery))
	tb.wantStatus(http.StatusOK)
	var page string
	tb.eval(`document.querySelector('main').innerText`, &page)
	if !strings.Contains(page, "Hervat de hulp") || !strings.Contains(page, "gegrond") {
		t.Fatalf("the supporter's case page does not show the ruling and its advice:\n%s", page)
	}
	var copies int
	tb.eval(`document.querySelectorAll('a[href^="/ondersteuner/brief/"]').length`, &copies)
	if copies < 2 {
		t.Fatalf("the supporter has %d copies of letters, want at least the acknowledgement and the ruling", copies)
	}
	name, pdf := tb.download("download the last copy",
		chromedp.Click(`li:last-child > a[href^="/ondersteuner/brief/"]`, chromedp.ByQuery))
	if !strings.HasPrefix(string(pdf), "%PDF") || !strings.HasSuffix(name, ".pdf") {
		t.Fatalf("the copy downloaded as %q is no PDF", name)
	}
	tb.signOut(s.url)

	// 7. The client sees who helps them and the ruling.
	tb.lookUp(s.url, "", reference, code)
	var now string
	tb.eval(`document.getElementById('nu').innerText`, &now)
	if !strings.Contains(now, pool.clientenbelang.Name) {
		t.Fatalf("the status page does not say who helps: %q", now)
	}
}
