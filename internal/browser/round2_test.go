package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"meldpunt/internal/casework"
)

// TestAccessibilityOfTheNewSteps runs axe-core and the reflow check (320 px and 200% zoom) on the
// pages of the complaint form in steps, the status page after the ruling with the resident's answer,
// the staff's new pages (the worklist's lists and search, registering a complaint, adding an
// organisation, the "not carried out" reports and their place on the case page) and the
// organisation's confirm step: public pages in all four languages, signed-in pages in Dutch and
// English, each in its normal and its error states.
func TestAccessibilityOfTheNewSteps(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	acc := s.addAccounts(t)
	org := s.orgs[0]
	// A ruled case whose resident answers "not carried out": on the staff's list and case page.
	answered, adv := s.ruled(t, acc.staff)
	if _, err := s.store.GiveFeedback(ctx, answered.Reference, answered.TrackingCode, casework.FeedbackAnswer{
		Satisfaction: 2, Comment: "Er is nog niets gebeurd.",
		Advices: []casework.AdviceCarriedOut{{AdviceID: adv.ID, CarriedOut: casework.CarriedOutNo}}}); err != nil {
		t.Fatal(err)
	}
	// A ruled case the resident has not answered yet: the status page with the form.
	fresh, freshAdvice := s.ruled(t, acc.staff)
	asStaff := func(tb *tab, q string) { tb.signIn(s.url, q, acc.staff, acc.password[acc.staff.ID], http.StatusOK) }
	asOrg := func(tb *tab, q string) { tb.signIn(s.url, q, acc.org, acc.password[acc.org.ID], http.StatusOK) }
	step1 := func(tb *tab, q string) {
		tb.open(s.url, "/klacht"+q, http.StatusOK)
		tb.step("step 1: who you are",
			chromedp.SendKeys(`#complainant_name`, "Mehmet Yılmaz", chromedp.ByQuery),
			chromedp.SendKeys(`#complainant_email`, "mehmet@bewoner.example", chromedp.ByQuery))
		tb.nextStep("on to the organisation")
	}
	states := []struct {
		name   string
		public bool
		reach  func(tb *tab, q string)
	}{
		{"the form's step 1 sent empty", true, func(tb *tab, q string) {
			tb.open(s.url, "/klacht"+q, http.StatusOK)
			tb.navigating("continue without answers", chromedp.Click(`#verder`, chromedp.ByQuery))
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
		{"the form's step 2, the organisation", true, step1},
		{"the form's step 3, what happened", true, func(tb *tab, q string) {
			step1(tb, q)
			tb.step("choose the organisation", chromedp.Click(fmt.Sprintf(`input[name=organisation_ids][value="%d"]`, org.ID), chromedp.ByQuery))
			tb.nextStep("on to what happened")
		}},
		{"the form's step 3 with a day that does not exist", true, func(tb *tab, q string) {
			step1(tb, q)
			tb.step("choose the organisation", chromedp.Click(fmt.Sprintf(`input[name=organisation_ids][value="%d"]`, org.ID), chromedp.ByQuery))
			tb.nextStep("on to what happened")
			tb.step("31 April",
				chromedp.SendKeys(`#summary`, "Niemand belt mij terug over mijn aanvraag.", chromedp.ByQuery),
				chromedp.SendKeys(`#occurred_on_day`, "31", chromedp.ByQuery),
				chromedp.SendKeys(`#occurred_on_month`, "4", chromedp.ByQuery),
				chromedp.SendKeys(`#occurred_on_year`, "2026", chromedp.ByQuery))
			tb.navigating("continue", chromedp.Click(`#verder`, chromedp.ByQuery))
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
		{"the confirmation no longer shown", true, func(tb *tab, q string) {
			tb.step("forget cookies", network.ClearBrowserCookies())
			tb.open(s.url, "/klacht/ontvangen"+q, http.StatusOK)
		}},
		{"the status page after the ruling with the answer form", true, func(tb *tab, q string) {
			tb.lookUp(s.url, q, fresh.Reference, fresh.TrackingCode)
			var last string
			tb.eval(`(document.getElementById('ombudsman-termijn') || {innerText: ''}).innerText`, &last)
			if last == "" {
				tb.t.Error("the status page after the ruling says nothing of the Nationale ombudsman")
			}
		}},
		{"the answer sent empty", true, func(tb *tab, q string) {
			tb.lookUp(s.url, q, fresh.Reference, fresh.TrackingCode)
			tb.navigating("send no answer", chromedp.Click(`#terugkoppeling-versturen`, chromedp.ByQuery))
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
		{"the thanks for an answer", true, func(tb *tab, q string) {
			tb.lookUp(s.url, q, fresh.Reference, fresh.TrackingCode)
			tb.step("answer", chromedp.Click(fmt.Sprintf(`#advies-%d-partly`, freshAdvice.ID), chromedp.ByQuery),
				chromedp.Click(`#tevreden-4`, chromedp.ByQuery))
			tb.navigating("send the answer", chromedp.Click(`#terugkoppeling-versturen`, chromedp.ByQuery))
			tb.wantStatus(http.StatusOK)
		}},
		{"a list of the worklist", false, func(tb *tab, q string) {
			asStaff(tb, q)
			tb.open(s.url, "/werk"+withQuery(q, "lijst=take_up"), http.StatusOK)
		}},
		{"the worklist's search results", false, func(tb *tab, q string) {
			asStaff(tb, q)
			tb.step("search by part of the reference", chromedp.SendKeys(`#zoek`, answered.Reference[:6], chromedp.ByQuery))
			tb.submitWith("search", "zoek")
			tb.wantStatus(http.StatusOK)
		}},
		{"a search too short", false, func(tb *tab, q string) {
			asStaff(tb, q)
			tb.step("search for one letter", chromedp.SendKeys(`#zoek`, "a", chromedp.ByQuery))
			tb.submitWith("search", "zoek")
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
		{"registering a phone complaint", false, func(tb *tab, q string) {
			asStaff(tb, q)
			tb.navigating("open the registration", chromedp.Click(`#klacht-registreren`, chromedp.ByQuery))
			tb.wantStatus(http.StatusOK)
		}},
		{"registering sent empty", false, func(tb *tab, q string) {
			asStaff(tb, q)
			tb.open(s.url, "/werk/nieuw"+q, http.StatusOK)
			tb.navigating("register nothing", chromedp.Click(`#registreren-knop`, chromedp.ByQuery))
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
		{"adding an organisation sent empty", false, func(tb *tab, q string) {
			asStaff(tb, q)
			tb.open(s.url, "/werk/organisaties/nieuw"+q, http.StatusOK)
			tb.navigating("add nothing", chromedp.Click(`#organisatie-knop`, chromedp.ByQuery))
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
		{"the reports of advices not carried out", false, func(tb *tab, q string) {
			asStaff(tb, q)
			tb.open(s.url, "/werk/niet-uitgevoerd"+q, http.StatusOK)
			var text string
			tb.eval(`document.querySelector('main').innerText`, &text)
			if !strings.Contains(text, answered.Reference) {
				tb.t.Errorf("the list of reports does not name %s", answered.Reference)
			}
		}},
		{"a case with its term at the top and a report not carried out", false, func(tb *tab, q string) {
			asStaff(tb, q)
			tb.open(s.url, "/werk/klacht/"+answered.Reference+q, http.StatusOK)
			var warn int
			tb.eval(`document.querySelectorAll('#niet-uitgevoerd-melding').length`, &warn)
			if warn != 1 {
				tb.t.Error("the case page does not warn that the advice was not carried out")
			}
		}},
		{"dealing with a report without a note", false, func(tb *tab, q string) {
			asStaff(tb, q)
			tb.open(s.url, "/werk/klacht/"+answered.Reference+q, http.StatusOK)
			tb.navigating("mark it dealt with, no note", chromedp.Click(`#fb-afgehandeld`, chromedp.ByQuery))
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
		{"the organisation's question before accepting", false, func(tb *tab, q string) {
			asOrg(tb, q)
			tb.open(s.url, fmt.Sprintf("/organisatie/advies/%d%s", freshAdvice.ID, q), http.StatusOK)
			tb.navigating("accept", chromedp.Click(`#aanvaarden-knop`, chromedp.ByQuery))
			tb.wantStatus(http.StatusOK)
			var confirm int
			tb.eval(`document.querySelectorAll('#bevestigen-knop').length`, &confirm)
			if confirm != 1 {
				tb.t.Error("accepting asks no confirmation")
			}
		}},
	}
	for _, st := range states {
		for _, lang := range languagesOf(st.public) {
			t.Run(st.name+" in "+lang.code, func(t *testing.T) {
				tb := newTab(t)
				tb.step("forget cookies", network.ClearBrowserCookies())
				st.reach(tb, lang.query)
				tb.wantAccessible(lang.code)
			})
		}
	}
}
