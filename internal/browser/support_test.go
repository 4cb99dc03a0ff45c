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
// and the staff's view of a request nobody picked up.
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
	}
	for _, lang := range languages {
		for _, st := range states {
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
