package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

// payload is markup that would run script or add elements if a page put it out unescaped; each
// piece marks itself in window.__xss or as an element with id xss.
const payload = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2">` +
	`"><svg onload="window.__xss=3"></svg><b id=xss>vet</b>'><iframe src="javascript:window.__xss=4"></iframe>`

// TestNothingTypedRunsInTheBrowser files a complaint through the form with script and markup in
// every text the resident types, about an organisation whose name is such markup, and has staff
// rule with that markup in the findings, conclusions and advice; then it opens every page that
// shows those texts, as each role that sees them, and checks in the browser that nothing ran (no
// dialog, window.__xss unset, no script, image, svg or iframe element, no element #xss) and that the
// text is shown as text.
func TestNothingTypedRunsInTheBrowser(t *testing.T) {
	s := newSite(t)
	acc := s.addAccounts(t)
	ctx := context.Background()
	evil, err := s.store.CreateOrganisation(ctx, casework.Organisation{Name: "Zorg " + payload, Kind: casework.OrgCareProvider})
	if err != nil {
		t.Fatal(err)
	}
	orgUser, err := s.store.CreateUser(ctx, casework.NewUser{Email: "directie@evil.example", Name: "Directie " + payload,
		Role: casework.RoleOrganisation, OrganisationID: evil.ID, Password: "een lang en geheim wachtwoord"})
	if err != nil {
		t.Fatal(err)
	}
	acc.password[orgUser.ID] = "een lang en geheim wachtwoord"

	tb := newTab(t)
	var dialogs atomic.Int32
	chromedp.ListenTarget(tb.ctx, func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			dialogs.Add(1)
		}
	})
	tb.step("forget cookies", network.ClearBrowserCookies())
	tb.open(s.url, "/klacht", http.StatusOK)
	tb.fillSteps([]int64{evil.ID}, "Bewoner "+payload, "Samenvatting "+payload, "Uitkomst "+payload)
	tb.sendComplaint()
	tb.wantStatus(http.StatusOK)
	wantInert(tb, &dialogs, "the confirmation", false) // it repeats nothing the resident typed
	reference, code := tb.receipt()

	// Staff rule with markup in every text of the ruling.
	act := casework.ActorOf(acc.staff)
	if err := s.store.TakeUp(ctx, act, reference, casework.TakeUp{NotInvolved: true}); err != nil {
		t.Fatal(err)
	}
	today := term.LocalDate(s.clock.Now()).String()
	for _, h := range []casework.Hearing{
		{Party: casework.PartyComplainant, HeldOn: today, Record: "Verslag " + payload},
		{Party: casework.PartyOrganisation, OrganisationID: evil.ID, Skipped: casework.SkipWaived, SkipNote: "Noot " + payload},
	} {
		if _, err := s.store.RecordHearing(ctx, act, reference, h); err != nil {
			t.Fatal(err)
		}
	}
	advs, err := s.store.Rule(ctx, act, reference, casework.Ruling{Verdict: casework.VerdictFounded,
		Findings: "Bevinding " + payload, Conclusions: "Conclusie " + payload,
		Advices:         []casework.AdviceInput{{OrganisationID: evil.ID, Text: "Advies " + payload}},
		Recommendations: []casework.RecommendationInput{{LifeDomain: casework.DomainCare, Text: "Aanbeveling " + payload}}})
	if err != nil || len(advs) != 1 {
		t.Fatalf("rule: %v", err)
	}
	s.deliverLetters(t)

	// The resident's status page.
	tb.lookUp(s.url, "", reference, code)
	wantInert(tb, &dialogs, "the status page", true)

	// Every signed-in page that shows one of the texts, as the role that sees it.
	// The report pages show no organisation name with fewer than five complaints: there the
	// check is only that nothing ran.
	year := fmt.Sprintf("%d", s.clock.Now().Year())
	for _, visit := range []struct {
		as    casework.User
		paths map[string]bool // path: whether it shows a typed text
	}{
		{acc.staff, map[string]bool{"/werk": true, "/werk/klacht/" + reference: true, "/werk/post": true,
			"/werk/organisaties": true, "/werk/aanbevelingen": true, "/werk/jaarverslag/" + year: false}},
		{orgUser, map[string]bool{"/organisatie": false, fmt.Sprintf("/organisatie/advies/%d", advs[0].ID): true}},
		{acc.council, map[string]bool{"/raad/jaar/" + year: false}},
	} {
		tb.step("forget cookies", network.ClearBrowserCookies())
		tb.signIn(s.url, "", visit.as, acc.password[visit.as.ID], http.StatusOK)
		for p, shows := range visit.paths {
			tb.open(s.url, p, http.StatusOK)
			wantInert(tb, &dialogs, p, shows)
		}
	}
}

// wantInert checks the page in the tab: no dialog opened, no payload ran or added an element, and
// (when shows) the payload is on the page as text.
func wantInert(tb *tab, dialogs *atomic.Int32, where string, shows bool) {
	tb.t.Helper()
	var r struct {
		XSS      any    `json:"xss"`
		Elements int    `json:"elements"`
		Text     string `json:"text"`
	}
	tb.eval(`(() => ({xss: window.__xss === undefined ? null : window.__xss,
		elements: document.querySelectorAll('script, img, svg, iframe, #xss').length,
		text: document.body.innerText}))()`, &r)
	if r.XSS != nil || r.Elements != 0 || dialogs.Load() != 0 {
		tb.t.Errorf("%s: a payload ran or added elements: __xss=%v, %d script/img/svg/iframe/#xss elements, %d dialogs",
			where, r.XSS, r.Elements, dialogs.Load())
	}
	if shows && !strings.Contains(r.Text, `<b id=xss>vet</b>`) {
		tb.t.Errorf("%s: the typed markup is not shown as text:\n%s", where, oneLine(r.Text, 800))
	}
}
