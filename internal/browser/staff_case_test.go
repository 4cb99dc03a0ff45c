package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

// casePage is the address of the staff's case page.
func casePage(reference, query string) string { return "/werk/klacht/" + reference + query }

// hearComplainant takes a complaint up as staff and records that the complainant was heard today.
func (s *site) hearComplainant(t *testing.T, staff casework.User, reference string) {
	t.Helper()
	ctx := context.Background()
	act := casework.ActorOf(staff)
	if err := s.store.TakeUp(ctx, act, reference, casework.TakeUp{NotInvolved: true}); err != nil {
		t.Fatalf("take up %s: %v", reference, err)
	}
	if _, err := s.store.RecordHearing(ctx, act, reference, casework.Hearing{Party: casework.PartyComplainant,
		HeldOn: term.LocalDate(s.clock.Now()).String(), Record: "Klager gehoord over de zoekgeraakte aanvraag."}); err != nil {
		t.Fatalf("hearing of %s: %v", reference, err)
	}
}

// readyToRule files a complaint about the first organisation, takes it up and records that the
// complainant was heard and that the organisation waived its hearing: the ruling form is open.
func (s *site) readyToRule(t *testing.T, staff casework.User) string {
	t.Helper()
	ref := s.file(t, casework.LanguageDutch).Reference
	s.hearComplainant(t, staff, ref)
	if _, err := s.store.RecordHearing(context.Background(), casework.ActorOf(staff), ref, casework.Hearing{
		Party: casework.PartyOrganisation, OrganisationID: s.orgs[0].ID, Skipped: casework.SkipWaived,
		SkipNote: "De directie zag schriftelijk af van horen."}); err != nil {
		t.Fatalf("hearing of the organisation: %v", err)
	}
	return ref
}

// TestStaffCaseAccessibility runs axe-core on the staff's case page in both languages, in the
// states received, in treatment with a hearing recorded (with an organisation to add chosen and an
// invitation filled in), ruled with an advice, with a refused ruling (findings left empty, the
// advice kept), and with a ruling posted after the case was resolved
// (409, what was typed shown read-only), and checks reflow at 320 and 640 px. Staff sign in through
// the form.
func TestStaffCaseAccessibility(t *testing.T) {
	s := newSite(t)
	acc := s.addAccounts(t)
	received := s.file(t, casework.LanguageDutch).Reference
	heard := s.file(t, casework.LanguageEnglish).Reference
	s.hearComplainant(t, acc.staff, heard)
	ready := s.readyToRule(t, acc.staff)
	other := s.orgs[1] // an organisation the complaints are not about
	otherRadio := fmt.Sprintf(`input[name="organisation_id"][value="%d"]`, other.ID)
	advised := s.advise(t, acc.staff).ComplaintRef
	onPaper := s.advise(t, acc.staff)
	// A colleague of the handler: the case page tells them who handles it and offers the take-over.
	colleague, err := s.store.CreateUser(context.Background(), casework.NewUser{Email: "collega@meldpunt.example",
		Name: "Cas Collega", Role: casework.RoleStaff, Password: "een lang en geheim wachtwoord van Cas"})
	if err != nil {
		t.Fatal(err)
	}
	s.deliverLetters(t)

	open := func(tb *tab, ref, q string) {
		tb.signIn(s.url, q, acc.staff, acc.password[acc.staff.ID], http.StatusOK)
		tb.open(s.url, casePage(ref, q), http.StatusOK)
	}
	states := []struct {
		name  string
		reach func(tb *tab, q string)
	}{
		{"received", func(tb *tab, q string) {
			open(tb, received, q)
			tb.wantForms("oppakken", "opgelost", "ingetrokken")
		}},
		{"in treatment with a hearing recorded", func(tb *tab, q string) {
			open(tb, heard, q)
			tb.wantForms("uitnodigen", "horen", "organisatie", "uitspraak", "uitstel", "niet-ontvankelijk", "opgelost", "ingetrokken")
			var hearings int
			tb.eval(`document.querySelectorAll('#hoorzittingen li').length`, &hearings)
			if hearings != 1 {
				tb.t.Errorf("the page lists %d hearings, want 1", hearings)
			}
			var offered struct {
				Chosen  int
				Options []string
				Selects int
			}
			tb.eval(`({Chosen: document.querySelectorAll('input[name="organisation_id"]:checked').length,
				Options: [...document.querySelectorAll('input[name="organisation_id"]')].map(i => i.value),
				Selects: document.querySelectorAll('main select').length})`, &offered)
			if offered.Chosen != 0 || offered.Selects != 0 || !slices.Contains(offered.Options, fmt.Sprint(other.ID)) {
				tb.t.Errorf("the form to add an organisation offers %v (%d chosen, %d selects), want %d among them, none chosen, radio buttons only",
					offered.Options, offered.Chosen, offered.Selects, other.ID)
			}
			tb.step("choose an organisation to add and fill in an invitation",
				chromedp.Click(otherRadio, chromedp.ByQuery),
				chromedp.Click(`#invite-party-0`, chromedp.ByQuery),
				chromedp.SendKeys(`#invite-place`, "Stadhuis, kamer 1.12", chromedp.ByQuery))
		}},
		{"ruled with an advice", func(tb *tab, q string) {
			open(tb, advised, q)
			tb.wantForms("antwoord")
			var advice struct{ Last, Left string }
			tb.eval(`(() => { const s = document.querySelector('section.advies');
				return {Last: s.querySelector('.laatste-dag').textContent, Left: s.querySelector('.dagen').textContent}; })()`, &advice)
			if advice.Last == "" || !strings.Contains(advice.Left, "14") {
				tb.t.Errorf("the advice shows last day %q and term %q, want 14 days left", advice.Last, advice.Left)
			}
		}},
		{"with a refused answer on paper", func(tb *tab, q string) {
			open(tb, onPaper.ComplaintRef, q)
			a := fmt.Sprintf("a%d", onPaper.ID)
			tomorrow := term.LocalDate(s.clock.Now()).AddDays(1).String()
			tb.step("record a rejection received tomorrow",
				chromedp.Click("#"+a+"-answer-reject", chromedp.ByQuery),
				chromedp.SendKeys("#"+a+"-reasons", "Wij hebben mevrouw al een ander aanbod gedaan dat beter past.", chromedp.ByQuery),
				chromedp.SetValue("#"+a+"-received_on", tomorrow, chromedp.ByQuery),
				chromedp.Click("#"+a+"-channel-letter", chromedp.ByQuery),
				chromedp.Click("#"+a+"-ground-other", chromedp.ByQuery))
			tb.navigating("record the answer", chromedp.Click("#"+a+"-antwoord-knop", chromedp.ByQuery))
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
			var kept struct{ Reasons, Error string }
			tb.eval(`({Reasons: document.getElementById('`+a+`-reasons').value,
				Error: (document.getElementById('`+a+`-received_on-fout') || {textContent: ''}).textContent})`, &kept)
			if kept.Reasons == "" || kept.Error == "" {
				tb.t.Errorf("the refused answer keeps the reasons %q and says %q beside the day of receipt", kept.Reasons, kept.Error)
			}
		}},
		{"as a colleague of the handler, asked why first", func(tb *tab, q string) {
			tb.signIn(s.url, q, colleague, "een lang en geheim wachtwoord van Cas", http.StatusOK)
			tb.open(s.url, casePage(heard, q), http.StatusOK)
			var asked int
			tb.eval(`document.querySelectorAll('main input#reason').length`, &asked)
			// Dutch comes first: asked then; the reason holds for the rest of the day, so the English
			// run opens the case at once.
			switch {
			case q == "" && asked != 1:
				tb.t.Fatal("a colleague opening the handler's case is not asked why")
			case q != "" && asked != 0:
				tb.t.Fatal("a colleague who gave a reason today is asked again")
			case asked == 1:
				tb.step("give a reason", chromedp.SendKeys(`#reason`, "De klager belde en vroeg naar de stand van zaken.", chromedp.ByQuery))
				tb.submitWith("open the case", "reason")
				tb.wantStatus(http.StatusOK)
			}
			tb.wantForms("overnemen", "ingetrokken")
			var note string
			tb.eval(`(document.getElementById('behandeld-door') || {textContent: ''}).textContent`, &note)
			if !strings.Contains(note, acc.staff.Name) {
				tb.t.Errorf("the colleague is told %q, want the handler's name", note)
			}
		}},
		{"with a refused ruling", func(tb *tab, q string) {
			open(tb, ready, q)
			tb.step("fill in the ruling without findings",
				chromedp.Click(`#verdict-founded`, chromedp.ByQuery),
				chromedp.SendKeys(`#conclusions`, "De klacht is gegrond.", chromedp.ByQuery),
				chromedp.SendKeys(fmt.Sprintf(`#advice-%d`, s.orgs[0].ID), "Neem binnen twee weken een besluit.", chromedp.ByQuery))
			tb.navigating("rule without findings", chromedp.Click(`#uitspraak-knop`, chromedp.ByQuery))
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
			var kept struct{ Conclusions, Error, Advice string }
			tb.eval(`({Conclusions: document.getElementById('conclusions').value,
				Error: (document.getElementById('findings-fout') || {textContent: ''}).textContent,
				Advice: document.getElementById('`+fmt.Sprintf("advice-%d", s.orgs[0].ID)+`').value})`, &kept)
			if kept.Conclusions != "De klacht is gegrond." || kept.Error == "" || kept.Advice != "Neem binnen twee weken een besluit." {
				tb.t.Errorf("the refused ruling keeps conclusions %q, the advice %q, and says %q beside the findings",
					kept.Conclusions, kept.Advice, kept.Error)
			}
		}},
		{"with a ruling posted after the case was resolved", func(tb *tab, q string) {
			stale := s.readyToRule(tb.t, acc.staff)
			open(tb, stale, q)
			tb.step("write the ruling",
				chromedp.Click(`#verdict-founded`, chromedp.ByQuery),
				chromedp.SendKeys(`#findings`, "De aanvraag lag vijf maanden stil.", chromedp.ByQuery),
				chromedp.SendKeys(`#conclusions`, "De klacht is gegrond.", chromedp.ByQuery),
				chromedp.SendKeys(fmt.Sprintf(`#advice-%d`, s.orgs[0].ID), "Neem binnen twee weken een besluit.", chromedp.ByQuery))
			// Meanwhile a colleague closes the case as resolved.
			if err := s.store.Resolve(context.Background(), casework.ActorOf(acc.staff), stale,
				casework.Closing{Reason: "De gemeente nam alsnog een besluit."}); err != nil {
				tb.t.Fatalf("resolve %s: %v", stale, err)
			}
			tb.navigating("rule the resolved case", chromedp.Click(`#uitspraak-knop`, chromedp.ByQuery))
			tb.wantStatus(http.StatusConflict)
			// The summary explains the refusal without a link: no field of the page is wrong.
			var summary struct {
				Role  string
				Links int
			}
			tb.eval(`(() => { const s = document.getElementById('fouten') || document.createElement('div');
				return {Role: s.getAttribute('role') || '', Links: s.querySelectorAll('a').length}; })()`, &summary)
			if summary.Role != "alert" || summary.Links != 0 {
				tb.t.Errorf("the refusal's summary has role %q and %d links, want an alert without links", summary.Role, summary.Links)
			}
			tb.wantForms()
			var typed []struct {
				ID, Label, Text string
				ReadOnly        bool
			}
			tb.eval(`[...document.querySelectorAll('#sc-ingevuld ~ .veld textarea')].map(a => ({ID: a.id,
				Label: a.labels.length ? a.labels[0].textContent : '', Text: a.value, ReadOnly: a.readOnly}))`, &typed)
			want := map[string]string{"ingevuld-findings": "De aanvraag lag vijf maanden stil.", "ingevuld-conclusions": "De klacht is gegrond.",
				fmt.Sprintf("ingevuld-advice-%d", s.orgs[0].ID): "Neem binnen twee weken een besluit."}
			if len(typed) != len(want) {
				tb.t.Errorf("the refusal shows %+v, want the %d texts typed", typed, len(want))
			}
			for _, a := range typed {
				if want[a.ID] != a.Text || !a.ReadOnly || a.Label == "" {
					tb.t.Errorf("the refusal shows %+v, want %q read-only with a label", a, want[a.ID])
				}
			}
		}},
	}
	for _, lang := range languages {
		for _, st := range states {
			t.Run(st.name+" in "+lang.code+" has no WCAG 2.1 AA violations", func(t *testing.T) {
				tb := newTab(t)
				// Tabs share the browser's cookies: every state starts signed out.
				tb.step("forget cookies", network.ClearBrowserCookies())
				st.reach(tb, lang.query)
				tb.wantAccessible(lang.code)
			})
		}
	}
}

// wantForms checks that the case page offers exactly the forms of these actions (in any order).
func (tb *tab) wantForms(actions ...string) {
	tb.t.Helper()
	var got []string
	// The forms to correct the complainant's personal data, to record who acts for them (from a
	// signed letter) and to make their whole file for a request for access are on every case page,
	// and a closed file's retention section is no action of the lifecycle: left out here.
	// The action is read as an attribute: a form with a field named "action" (the retention
	// section's) hides the form's own action property.
	tb.eval(`[...document.querySelectorAll('main form')].map(f => new URL(f.getAttribute('action'), location.href).pathname.split('/').pop())
		.filter((a, i, all) => !['contact', 'ondersteuner', 'inzage', 'bewaren', 'notitie'].includes(a) && all.indexOf(a) === i)`, &got)
	if len(got) != len(actions) {
		tb.t.Errorf("the case page offers the forms %v, want %v", got, actions)
		return
	}
	for _, a := range actions {
		if !strings.Contains(" "+strings.Join(got, " ")+" ", " "+a+" ") {
			tb.t.Errorf("the case page offers the forms %v, want %v", got, actions)
			return
		}
	}
}

// caseAction clicks the submit button with this id on the case page and checks that the action
// succeeded: the browser follows the redirect back to the case page, which says so (#klaar).
func (tb *tab) caseAction(name, button string) {
	tb.t.Helper()
	tb.navigating(name, chromedp.Click("#"+button, chromedp.ByQuery))
	tb.wantStatus(http.StatusOK)
	var done string
	tb.eval(`(document.getElementById('klaar') || {textContent: ''}).textContent.trim()`, &done)
	if done == "" {
		var summary string
		tb.eval(`(document.getElementById('fouten') || {innerText: ''}).innerText`, &summary)
		tb.t.Fatalf("%s: the case page shows no success message (errors: %q)", name, oneLine(summary, 500))
	}
}
