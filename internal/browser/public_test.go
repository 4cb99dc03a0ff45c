package browser_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"meldpunt/internal/casework"
)

// languageOf returns the language a page query selects.
func languageOf(query string) casework.Language {
	if strings.Contains(query, "lang=en") {
		return casework.LanguageEnglish
	}
	return casework.LanguageDutch
}

// languages are the two languages of every page, with the query that selects each.
var languages = []struct{ code, query string }{{"nl", ""}, {"en", "?lang=en"}}

// languagesOf returns the languages a page is checked in: every public language for a public page,
// Dutch and English for the others.
func languagesOf(public bool) []struct{ code, query string } {
	if public {
		return publicLanguages
	}
	return languages
}

// publicLanguages are the languages of the public pages: Dutch, English, Turkish and Arabic (right
// to left).
var publicLanguages = []struct{ code, query string }{{"nl", ""}, {"en", "?lang=en"}, {"tr", "?lang=tr"}, {"ar", "?lang=ar"}}

// TestAccessibilityOfPublicPages runs axe-core (WCAG 2.0 and 2.1, A and AA) on every public page in
// every public language (Arabic right to left), in its normal and its error states, and checks that none scrolls sideways at 320
// CSS pixels (reflow; this also covers 200% zoom, which is 640 px on a 1280 px screen).
func TestAccessibilityOfPublicPages(t *testing.T) {
	s := newSite(t)
	states := []struct {
		name string
		// reach brings a fresh tab into the state; query selects the language.
		reach func(tb *tab, query string)
	}{
		{"home page", func(tb *tab, q string) { tb.open(s.url, "/"+q, http.StatusOK) }},
		{"complaint form", func(tb *tab, q string) { tb.open(s.url, "/klacht"+q, http.StatusOK) }},
		{"status form", func(tb *tab, q string) { tb.open(s.url, "/status"+q, http.StatusOK) }},
		{"privacy statement", func(tb *tab, q string) { tb.open(s.url, "/privacy"+q, http.StatusOK) }},
		{"contact page", func(tb *tab, q string) { tb.open(s.url, "/contact"+q, http.StatusOK) }},
		{"accessibility statement", func(tb *tab, q string) { tb.open(s.url, "/toegankelijkheid"+q, http.StatusOK) }},
		{"complaint form sent empty", func(tb *tab, q string) {
			tb.open(s.url, "/klacht"+q, http.StatusOK)
			tb.submitWith("send the empty complaint form", "complainant_name")
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
		{"status form with a wrong code", func(tb *tab, q string) {
			tb.open(s.url, "/status"+q, http.StatusOK)
			tb.step("fill in a reference and a wrong code",
				chromedp.SendKeys(`#reference`, "MP-2026-000001", chromedp.ByQuery),
				chromedp.SendKeys(`#tracking_code`, "ABCDE-12345-FGHJK-67890", chromedp.ByQuery))
			tb.submitWith("look up with a wrong code", "tracking_code")
			var alerts int
			tb.eval(`document.querySelectorAll('[role=alert]').length`, &alerts)
			if alerts == 0 {
				tb.t.Error("a failed look-up shows no message with role=alert")
			}
		}},
		{"confirmation page", func(tb *tab, q string) {
			tb.open(s.url, "/klacht"+q, http.StatusOK)
			tb.fillComplaint(s.orgs[0].ID, "Anna Smit", "Ik wacht al maanden op een besluit over mijn aanvraag.")
			tb.sendComplaint()
			tb.wantStatus(http.StatusOK)
			tb.receipt()
		}},
		{"check your answers", func(tb *tab, q string) {
			tb.open(s.url, "/klacht"+q, http.StatusOK)
			tb.fillComplaint(s.orgs[0].ID, "Anna Smit", "Ik wacht al maanden op een besluit over mijn aanvraag.")
		}},
		{"status of a filed case with its letter", func(tb *tab, q string) {
			receipt := s.file(tb.t, languageOf(q))
			s.deliverLetters(tb.t)
			tb.lookUp(s.url, q, receipt.Reference, receipt.TrackingCode)
			var letters int
			tb.eval(`document.querySelectorAll('form[action*="/status/brief/"]').length`, &letters)
			if letters == 0 {
				tb.t.Error("the status page lists no letter to download")
			}
		}},
	}
	for _, lang := range publicLanguages {
		for _, st := range states {
			t.Run(st.name+" in "+lang.code+" has no WCAG 2.1 AA violations", func(t *testing.T) {
				tb := newTab(t)
				st.reach(tb, lang.query)
				tb.wantAccessible(lang.code)
			})
		}
	}
}

// TestComplaintFormByKeyboardOnly completes the complaint form, every step of it, with the keyboard
// alone: on each page Tab from the top through every control, typing into the fields and ticking
// boxes with Space, and going on with Enter on Continue; on "check your answers" Tab past the change
// buttons to Send and press Enter.
func TestComplaintFormByKeyboardOnly(t *testing.T) {
	s := newSite(t)
	tb := newTab(t)
	tb.open(s.url, "/klacht", http.StatusOK)

	const (
		name    = "Fatima el Amrani"
		email   = "fatima@bewoner.example"
		summary = "Mijn aanvraag voor huishoudelijke hulp is na drie maanden nog niet behandeld; geen coördinatie."
	)
	typed := map[string]string{"complainant_name": name, "complainant_email": email, "summary": summary}
	ticked := map[string]string{} // the value ticked per checkbox group
	pages := 0
	for presses := 0; ; presses++ {
		if presses == 500 {
			t.Fatalf("Tab did not reach the Send button within 500 presses (%d pages); missing: typed %v, ticked %v", pages, typed, ticked)
		}
		tb.press(kb.Tab)
		f := tb.focus()
		if f.Type == "submit" && f.Form && (f.ID == "verder" || f.ID == "versturen") {
			pages++
			tb.photograph(fmt.Sprintf("page %d filled in by keyboard", pages))
			if f.ID == "versturen" {
				if len(typed) > 0 || len(ticked) != 3 {
					t.Fatalf("Tab reached Send before every field: not typed %v; ticked %v", typed, ticked)
				}
				tb.navigating("send the form with Enter", chromedp.KeyEvent(kb.Enter))
				break
			}
			tb.navigating(fmt.Sprintf("Enter on Continue of page %d", pages), chromedp.KeyEvent(kb.Enter))
			tb.wantStatus(http.StatusOK) // a step refused would answer 422
			continue
		}
		if text, ok := typed[f.Name]; ok && f.Value == "" {
			tb.press(text)
			delete(typed, f.Name)
			continue
		}
		switch f.Name {
		case "organisation_ids", "grounds", "life_domains":
			if _, done := ticked[f.Name]; !done && f.Type == "checkbox" && !f.Checked {
				tb.press(" ")
				if !tb.focus().Checked {
					t.Fatalf("Space did not tick %s", f)
				}
				ticked[f.Name] = f.Value
			}
		}
	}
	if pages != 6 {
		t.Errorf("the form took %d pages, want 6 (five steps and check your answers)", pages)
	}
	tb.wantStatus(http.StatusOK)
	reference, code := tb.receipt()

	c, err := s.complaint(reference)
	if err != nil {
		t.Fatalf("complaint %s is not in the database: %v", reference, err)
	}
	want := storedComplaint{Name: name, Email: email, Summary: summary, Grounds: ticked["grounds"],
		LifeDomains: ticked["life_domains"], Orgs: ticked["organisation_ids"], Channel: "web"}
	if c != want {
		t.Errorf("stored complaint %s:\n got  %+v\n want %+v", reference, c, want)
	}
	if code == "" {
		t.Error("no tracking code shown")
	}
}

// TestResidentJourney is the resident's part of the journey across roles: file a complaint through
// the form, keep the reference and tracking code from the confirmation, look the case up on the
// status page, see that it was received and the acknowledgement letter, and download the letter.
func TestResidentJourney(t *testing.T) {
	s := newSite(t)
	tb := newTab(t)
	org := s.orgs[1]

	tb.open(s.url, "/", http.StatusOK)
	var switches int
	tb.eval(`document.querySelectorAll('a[href*="lang=en"]').length`, &switches)
	if switches == 0 {
		t.Error("the home page has no link to the English version (?lang=en)")
	}
	tb.navigating("follow the home page's link to the complaint form",
		chromedp.Click(`main a[href^="/klacht"]`, chromedp.ByQuery))
	tb.wantStatus(http.StatusOK)

	const summary = "De wijkcoach komt afspraken niet na en belt niet terug, al sinds januari."
	tb.fillComplaint(org.ID, "Pieter de Vries", summary)
	tb.sendComplaint()
	tb.wantStatus(http.StatusOK)
	reference, code := tb.receipt()
	c, err := s.complaint(reference)
	if err != nil {
		t.Fatalf("complaint %s is not in the database: %v", reference, err)
	}
	if c.Summary != summary || c.Orgs != strconv.FormatInt(org.ID, 10) {
		t.Errorf("stored complaint %s: %+v", reference, c)
	}

	// The dispatcher renders the acknowledgement, as the running service does within a minute.
	if res := s.deliverLetters(t); res.Print+res.Sent == 0 {
		t.Fatalf("the dispatcher delivered no letter: %+v", res)
	}
	var ackID int64
	if err := s.store.SQL().Get(&ackID, `SELECT n.id FROM notices n JOIN complaints c ON c.id = n.complaint_id
		WHERE c.reference = $1 AND n.kind = 'acknowledgement' AND n.recipient = 'complainant' AND n.pdf IS NOT NULL`,
		reference); err != nil {
		t.Fatalf("the acknowledgement to the complainant of %s: %v", reference, err)
	}

	tb.navigating("follow the link to the status page", chromedp.Click(`a[href^="/status"]`, chromedp.ByQuery))
	tb.wantStatus(http.StatusOK)
	tb.lookUpHere(reference, code)
	var text string
	tb.eval(`document.querySelector('main').innerText`, &text)
	for _, want := range []string{reference, org.Name, "Ontvangen"} {
		if !strings.Contains(text, want) {
			t.Errorf("the status page does not show %q:\n%s", want, oneLine(text, 1500))
		}
	}

	// The letter is downloaded with the fields of its own form on the page, as the browser would
	// send them; the browser itself would save the file rather than show it.
	action := fmt.Sprintf("/status/brief/%d", ackID)
	var fields [][2]string
	tb.eval(fmt.Sprintf(`(() => { const f = [...document.forms].find(f => new URL(f.action).pathname === %q);
		return f ? [...new FormData(f).entries()] : null; })()`, action), &fields)
	if fields == nil {
		t.Fatalf("the status page has no form to download the acknowledgement (POST %s)", action)
	}
	form := url.Values{}
	for _, kv := range fields {
		form.Add(kv[0], kv[1])
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.url+action, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", s.url)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", action, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(string(body), "%PDF-") {
		t.Fatalf("POST %s with %v: %d %s, %.80q", action, form, res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("the letter comes as %q, want application/pdf", ct)
	}
}

// fillComplaint fills in the complaint form with the mouse and keyboard: a name, e-mail and postal
// address, the organisation org, one ground, one life domain, summary and desired outcome. The
// resident's form goes in steps and ends on "check your answers" (send it with sendComplaint); the
// supporter's form for a client is one page.
func (tb *tab) fillComplaint(org int64, name, summary string) {
	tb.t.Helper()
	var stepped bool
	tb.eval(`!!document.getElementById('stapformulier')`, &stepped)
	if stepped {
		tb.fillSteps([]int64{org}, name, summary, "Een vaste contactpersoon.")
		return
	}
	tb.step("fill in the complaint form",
		chromedp.SendKeys(`#complainant_name`, name, chromedp.ByQuery),
		chromedp.SendKeys(`#complainant_email`, "bewoner@bewoner.example", chromedp.ByQuery),
		chromedp.SendKeys(`#complainant_street`, "Kerkstraat 12", chromedp.ByQuery),
		chromedp.SendKeys(`#complainant_postcode`, "2011 AB", chromedp.ByQuery),
		chromedp.SendKeys(`#complainant_city`, "Haarlem", chromedp.ByQuery),
		chromedp.Click(fmt.Sprintf(`input[name=organisation_ids][value="%d"]`, org), chromedp.ByQuery),
		chromedp.Click(`input[name=grounds][value=treatment]`, chromedp.ByQuery),
		chromedp.Click(`input[name=life_domains][value=social_support]`, chromedp.ByQuery),
		chromedp.SendKeys(`#summary`, summary, chromedp.ByQuery),
		chromedp.SendKeys(`#desired_outcome`, "Een vaste contactpersoon.", chromedp.ByQuery),
	)
}

// fillSteps goes through the steps of the resident's complaint form, one topic per page, and stops
// on "check your answers".
func (tb *tab) fillSteps(orgs []int64, name, summary, desired string) {
	tb.t.Helper()
	tb.step("step 1: who you are",
		chromedp.SendKeys(`#complainant_name`, name, chromedp.ByQuery),
		chromedp.SendKeys(`#complainant_email`, "bewoner@bewoner.example", chromedp.ByQuery),
		chromedp.SendKeys(`#complainant_street`, "Kerkstraat 12", chromedp.ByQuery),
		chromedp.SendKeys(`#complainant_postcode`, "2011 AB", chromedp.ByQuery),
		chromedp.SendKeys(`#complainant_city`, "Haarlem", chromedp.ByQuery))
	tb.nextStep("on to the organisation")
	var ticks []chromedp.Action
	for _, org := range orgs {
		ticks = append(ticks, chromedp.Click(fmt.Sprintf(`input[name=organisation_ids][value="%d"]`, org), chromedp.ByQuery))
	}
	tb.step("step 2: the organisation", ticks...)
	tb.nextStep("on to what happened")
	tb.step("step 3: what happened",
		chromedp.SendKeys(`#summary`, summary, chromedp.ByQuery),
		chromedp.Click(`input[name=grounds][value=treatment]`, chromedp.ByQuery),
		chromedp.Click(`input[name=life_domains][value=social_support]`, chromedp.ByQuery))
	tb.nextStep("on to the wish")
	tb.step("step 4: the wish", chromedp.SetValue(`#desired_outcome`, desired, chromedp.ByQuery))
	tb.nextStep("on to who helps")
	tb.nextStep("nobody helps: on to check your answers")
	// "Check your answers" is the step with the button that sends the complaint (in any language).
	var h1 string
	var send int
	tb.eval(`document.querySelector('h1').textContent`, &h1)
	tb.eval(`document.querySelectorAll('#versturen').length`, &send)
	if send != 1 {
		tb.t.Fatalf("after the steps the page is %q, not check your answers (no button to send)", h1)
	}
}

// nextStep presses Continue on a step of the complaint form; the next step must follow.
func (tb *tab) nextStep(name string) {
	tb.t.Helper()
	tb.navigating(name, chromedp.Click(`#verder`, chromedp.ByQuery))
	tb.wantStatus(http.StatusOK)
}

// sendComplaint sends the complaint from "check your answers"; the browser follows the redirect to
// the confirmation.
func (tb *tab) sendComplaint() {
	tb.t.Helper()
	tb.navigating("send the complaint", chromedp.Click(`#versturen`, chromedp.ByQuery))
}

// lookUp opens the status page (query: "" or "?lang=en") and looks the case up with its reference
// and tracking code.
func (tb *tab) lookUp(base, query, reference, code string) {
	tb.t.Helper()
	tb.open(base, "/status"+query, http.StatusOK)
	tb.lookUpHere(reference, code)
}

// lookUpHere fills in and sends the look-up form of the status page now shown.
func (tb *tab) lookUpHere(reference, code string) {
	tb.t.Helper()
	tb.step("fill in reference and tracking code",
		chromedp.SendKeys(`#reference`, reference, chromedp.ByQuery),
		chromedp.SendKeys(`#tracking_code`, code, chromedp.ByQuery))
	tb.submitWith("look up the complaint", "tracking_code")
	tb.wantStatus(http.StatusOK)
}

// wantStatus checks the HTTP status of the page now shown.
func (tb *tab) wantStatus(status int) {
	tb.t.Helper()
	if got, url := tb.lastDocument(); got != status {
		tb.t.Fatalf("%s answered %d, want %d", url, got, status)
	}
}

// wantLanguage checks the lang attribute of the page now shown.
func (tb *tab) wantLanguage(code string) {
	tb.t.Helper()
	var lang string
	tb.eval(`document.documentElement.lang`, &lang)
	if lang != code && !strings.HasPrefix(lang, code+"-") {
		_, url := tb.lastDocument()
		tb.t.Errorf("%s has lang=%q, want %s", url, lang, code)
	}
	// Arabic reads from right to left, every other language from left to right.
	want := "ltr"
	if code == "ar" {
		want = "rtl"
	}
	var dir string
	tb.eval(`document.documentElement.dir`, &dir)
	if dir != want {
		_, url := tb.lastDocument()
		tb.t.Errorf("%s has dir=%q, want %s", url, dir, want)
	}
}

// wantNoScript checks that the page runs no script of its own and is served with a
// Content-Security-Policy that allows no inline script or style and no eval.
func (tb *tab) wantNoScript() {
	tb.t.Helper()
	_, url := tb.lastDocument()
	var scripts int
	tb.eval(`document.scripts.length`, &scripts)
	if scripts > 0 {
		tb.t.Errorf("%s has %d script elements; the public pages work without JavaScript", url, scripts)
	}
	csp := tb.lastCSP()
	if csp == "" || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		tb.t.Errorf("%s has Content-Security-Policy %q, want one without unsafe-inline and unsafe-eval", url, csp)
	}
}

// wantErrorSummary checks the error summary of a refused form: a #fouten with role=alert whose
// links each lead to a field that exists and has its own message p.fout#FIELD-fout.
func (tb *tab) wantErrorSummary() {
	tb.t.Helper()
	var r struct {
		Summary bool     `json:"summary"`
		Role    string   `json:"role"`
		Links   []string `json:"links"`
		Broken  []string `json:"broken"`
	}
	tb.eval(`(() => {
		const s = document.getElementById('fouten');
		if (!s) return {summary: false, role: '', links: [], broken: []};
		const links = [...s.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href').slice(1));
		const broken = links.filter(id => {
			const field = document.getElementById(id);
			const msg = document.getElementById(id + '-fout') ||
				(field && field.name && document.getElementById(field.name + '-fout'));
			return !field || !msg || !msg.matches('.fout');
		});
		return {summary: true, role: s.getAttribute('role') || '', links, broken};
	})()`, &r)
	switch {
	case !r.Summary:
		tb.t.Fatal("the refused form shows no error summary #fouten")
	case r.Role != "alert":
		tb.t.Errorf("the error summary has role=%q, want alert", r.Role)
	case len(r.Links) == 0:
		tb.t.Error("the error summary links to no field")
	case len(r.Broken) > 0:
		tb.t.Errorf("error summary links without a field or without its p.fout#FIELD-fout message: %v", r.Broken)
	}
}

var referencePattern = regexp.MustCompile(`^MP-\d{4}-\S+$`)

// receipt reads the reference and tracking code from the confirmation page.
func (tb *tab) receipt() (reference, code string) {
	tb.t.Helper()
	var r struct{ Reference, Code string }
	tb.eval(`(() => { const t = id => (document.getElementById(id) || {textContent: ''}).textContent.trim();
		return {Reference: t('referentie'), Code: t('volgcode')}; })()`, &r)
	reference, code = r.Reference, r.Code
	if !referencePattern.MatchString(reference) || code == "" {
		tb.t.Fatalf("the confirmation shows reference %q and tracking code %q", reference, code)
	}
	return reference, code
}

// wantAccessible checks the page in the tab: its language, no script, no WCAG 2.1 A/AA violation
// found by axe, and no sideways scrolling at 320 px or at 640 px (200% zoom of a 1280 px window).
func (tb *tab) wantAccessible(lang string) {
	t := tb.t
	t.Helper()
	tb.wantLanguage(lang)
	tb.wantNoScript()
	violations, err := runAxe(tb.ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, where := tb.lastDocument()
	for _, v := range violations {
		t.Errorf("%s: %s", where, v)
	}
	if w := tb.reflowOverflow(); w != "" {
		t.Errorf("%s scrolls sideways: %s", where, w)
	}
}
