package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

// TestJourneyAcrossRoles is the journey of issue 5 across every role, on one site and in one tab
// (so the screenshots of a failure are one numbered series): a resident files a complaint about two
// organisations through the form; staff sign in and, on the case page, take it up, record the
// hearings and rule it founded with a binding advice to each organisation; organisation A signs in
// and rejects its advice with reasons; organisation B lets its term pass and the deadline sweep
// enforces its advice; the resident sees both outcomes on the status page and downloads the
// enforcement letter; a council member signs in and downloads the year's report. Each role signs
// out with the page's button before the next one acts.
func TestJourneyAcrossRoles(t *testing.T) {
	s := newSite(t)
	acc := s.addAccounts(t) // staff, a user of organisation A (s.orgs[0]) and a council member
	orgA, orgB := s.orgs[0], s.orgs[1]
	ctx := context.Background()
	tb := newTab(t)
	// Tabs share the browser's cookies: the journey starts signed out.
	tb.step("forget cookies", network.ClearBrowserCookies())

	// 1. The resident files a complaint about both organisations through the form.
	const summary = "Het wijkteam en de zorgaanbieder verwijzen naar elkaar; niemand regelt mijn begeleiding."
	tb.open(s.url, "/klacht", http.StatusOK)
	tb.fillSteps([]int64{orgA.ID, orgB.ID}, "Sanne Visser", summary, "Een vaste contactpersoon.")
	tb.sendComplaint()
	tb.wantStatus(http.StatusOK)
	reference, code := tb.receipt()
	c, err := s.complaint(reference)
	if err != nil {
		t.Fatalf("complaint %s is not in the database: %v", reference, err)
	}
	if wantOrgs := fmt.Sprintf("%d,%d", orgA.ID, orgB.ID); c.Orgs != wantOrgs || c.Summary != summary || c.Channel != "web" {
		t.Fatalf("stored complaint %s: %+v, want organisations %s, the summary typed and channel web", reference, c, wantOrgs)
	}

	// 2. Staff sign in and open the case page by its address. They take the case up, record that
	// the complainant and organisation A were heard and that organisation B waived its hearing, and
	// rule the complaint founded with a binding advice to each organisation and one recommendation,
	// every step through the page's forms; then they sign out.
	tb.signIn(s.url, "", acc.staff, acc.password[acc.staff.ID], http.StatusOK)
	tb.open(s.url, casePage(reference, ""), http.StatusOK)
	tb.wantForms("oppakken", "opgelost", "ingetrokken")
	tb.step("declare not to be involved", chromedp.Click(`#not_involved`, chromedp.ByQuery))
	tb.caseAction("take the case up", "oppakken-knop")
	tb.step("hear the complainant",
		chromedp.Click(`#held-party-0`, chromedp.ByQuery),
		chromedp.SendKeys(`#record`, "Klaagster gehoord over de verwijzingen over en weer.", chromedp.ByQuery))
	tb.caseAction("record the complainant's hearing", "gehoord-knop")
	tb.step("hear organisation A",
		chromedp.Click(fmt.Sprintf(`input[id^="held-party-"][value="organisation-%d"]`, orgA.ID), chromedp.ByQuery),
		chromedp.SendKeys(`#record`, "Zorgaanbieder Anker gehoord.", chromedp.ByQuery))
	tb.caseAction("record organisation A's hearing", "gehoord-knop")
	tb.step("organisation B waived its hearing",
		chromedp.Click(fmt.Sprintf(`input[id^="skip-party-"][value="organisation-%d"]`, orgB.ID), chromedp.ByQuery),
		chromedp.Click(`#skipped-waived`, chromedp.ByQuery),
		chromedp.SendKeys(`#skip_note`, "Het wijkteam zag per e-mail af van een gesprek.", chromedp.ByQuery))
	tb.caseAction("record that organisation B was not heard", "overgeslagen-knop")
	var hearings int
	tb.eval(`document.querySelectorAll('#hoorzittingen li').length`, &hearings)
	if hearings != 3 {
		t.Errorf("the case page lists %d hearings, want 3", hearings)
	}
	tb.step("write the ruling",
		chromedp.Click(`#verdict-founded`, chromedp.ByQuery),
		chromedp.SendKeys(`#findings`, "De organisaties stemden de begeleiding niet af.", chromedp.ByQuery),
		chromedp.SendKeys(`#conclusions`, "De klacht is gegrond.", chromedp.ByQuery),
		chromedp.SendKeys(fmt.Sprintf(`#advice-%d`, orgA.ID), "Wijs binnen twee weken een vaste begeleider aan.", chromedp.ByQuery),
		chromedp.SendKeys(fmt.Sprintf(`#advice-%d`, orgB.ID), "Maak binnen twee weken een plan met de zorgaanbieder.", chromedp.ByQuery),
		chromedp.Click(`#rec-0-domain-care`, chromedp.ByQuery),
		chromedp.SendKeys(`#rec-0-text`, "Spreek af wie de regie heeft als twee organisaties naar elkaar verwijzen.", chromedp.ByQuery))
	tb.caseAction("rule the complaint founded", "uitspraak-knop")
	var ruled struct {
		Status  string
		Advices []struct{ Org, Last, Left string }
	}
	tb.eval(`({Status: document.getElementById('stand').textContent,
		Advices: [...document.querySelectorAll('section.advies')].map(s => ({Org: s.querySelector('h3').textContent,
			Last: s.querySelector('.laatste-dag').textContent, Left: s.querySelector('.dagen').textContent}))})`, &ruled)
	if !strings.Contains(ruled.Status, "uitspraak gedaan") || len(ruled.Advices) != 2 {
		t.Errorf("after the ruling the case page shows status %q and advices %+v", ruled.Status, ruled.Advices)
	}
	for _, a := range ruled.Advices {
		if a.Last == "" || a.Left != "nog 14 dagen" {
			t.Errorf("the advice to %s shows last day %q and %q, want 14 days left", a.Org, a.Last, a.Left)
		}
	}
	tb.signOut(s.url)

	stored, err := s.store.Complaint(ctx, casework.ActorOf(acc.staff), reference)
	if err != nil {
		t.Fatalf("complaint %s: %v", reference, err)
	}
	if stored.Status != casework.StatusAdvised || stored.HandlerID == nil || *stored.HandlerID != acc.staff.ID ||
		len(stored.Hearings) != 3 || len(stored.Advices) != 2 || len(stored.Recommendations) != 1 {
		t.Fatalf("after the staff's steps %s is %s (handler %v) with %d hearings, %d advices and %d recommendations",
			reference, stored.Status, stored.HandlerID, len(stored.Hearings), len(stored.Advices), len(stored.Recommendations))
	}
	var adviceA, adviceB casework.Advice
	for _, a := range stored.Advices {
		switch a.OrganisationID {
		case orgA.ID:
			adviceA = a
		case orgB.ID:
			adviceB = a
		}
	}
	if adviceA.ID == 0 || adviceB.ID == 0 {
		t.Fatalf("the ruling did not give one advice to each organisation: %+v", stored.Advices)
	}
	// 3. Organisation A signs in, opens its advice from its list and rejects it with reasons.
	tb.signIn(s.url, "", acc.org, acc.password[acc.org.ID], http.StatusOK)
	var rows int
	tb.eval(`document.querySelectorAll('#adviezen tbody tr').length`, &rows)
	if rows != 1 {
		t.Errorf("organisation A's list shows %d advices, want 1 (its own, not B's)", rows)
	}
	tb.navigating("open the advice", chromedp.Click(
		fmt.Sprintf(`#adviezen a[href="/organisatie/advies/%d"]`, adviceA.ID), chromedp.ByQuery))
	tb.wantStatus(http.StatusOK)
	tb.step("give a one-word reason", chromedp.SendKeys(`#reasons`, "Nee", chromedp.ByQuery))
	tb.submitWith("reject with one word", "reasons")
	tb.wantStatus(http.StatusUnprocessableEntity)
	tb.wantErrorSummary()

	const reasons = "Wij hebben geen begeleider vrij; de wachtlijst is vier maanden en het budget voor dit jaar is op."
	tb.step("give proper reasons and a ground",
		chromedp.Clear(`#reasons`, chromedp.ByQuery),
		chromedp.SendKeys(`#reasons`, reasons, chromedp.ByQuery),
		chromedp.Click(`#ground-financial`, chromedp.ByQuery))
	tb.submitWith("reject with reasons", "reasons")
	tb.wantStatus(http.StatusOK)
	var shown struct {
		Done, Status, Text string
		Form               bool
	}
	tb.eval(`(() => { const t = id => (document.getElementById(id) || {textContent: ''}).textContent.trim();
		return {Done: t('klaar'), Status: t('stand'), Text: document.querySelector('main').innerText,
			Form: !!document.getElementById('reasons')}; })()`, &shown)
	if shown.Done == "" || !strings.Contains(shown.Status, "afgewezen") || shown.Form {
		t.Errorf("after the rejection the advice page shows done %q, status %q, reject form still there %v",
			shown.Done, shown.Status, shown.Form)
	}
	for _, want := range []string{reasons, "Geen geld of te duur"} {
		if !strings.Contains(shown.Text, want) {
			t.Errorf("the advice page does not show the rejection's %q:\n%s", want, oneLine(shown.Text, 1500))
		}
	}
	tb.signOut(s.url)

	// 4. Organisation B does nothing. The clock passes B's deadline, one deadline sweep enforces
	// B's advice (A's is answered and stays rejected), and the dispatcher renders the letters.
	s.clock.Set(adviceB.DeadlineAt.Add(time.Minute))
	swept, err := s.store.Sweep(ctx, 0)
	if err != nil {
		t.Fatalf("deadline sweep: %v", err)
	}
	if swept.Enforced != 1 {
		t.Errorf("the sweep enforced %d advices, want 1 (B's): %+v", swept.Enforced, swept)
	}
	var states []string
	// A's advice first, whichever was stored first.
	if err := s.store.SQL().Select(&states, `SELECT status || ':' || id FROM advices ORDER BY id <> $1, id`, adviceA.ID); err != nil {
		t.Fatalf("advices: %v", err)
	}
	if want := []string{"rejected:" + strconv.FormatInt(adviceA.ID, 10), "enforced:" + strconv.FormatInt(adviceB.ID, 10)}; fmt.Sprint(states) != fmt.Sprint(want) {
		t.Errorf("advices after the sweep: %v, want %v", states, want)
	}
	if res := s.deliverLetters(t); res.Print+res.Sent == 0 || res.Failed > 0 {
		t.Fatalf("the dispatcher: %+v", res)
	}
	var enforcedLetter int64
	if err := s.store.SQL().Get(&enforcedLetter, `SELECT n.id FROM notices n JOIN complaints c ON c.id = n.complaint_id
		WHERE c.reference = $1 AND n.kind = $2 AND n.recipient = 'complainant' AND n.pdf IS NOT NULL`,
		reference, postgres.NoticeEnforcedComplainant); err != nil {
		t.Fatalf("the enforcement letter to the complainant of %s: %v", reference, err)
	}

	// 5. The resident looks the case up and sees both outcomes, and downloads the enforcement letter.
	tb.lookUp(s.url, "", reference, code)
	var outcomes []struct{ Org, Answer, Reasons string }
	tb.eval(`[...document.querySelectorAll('section.advies')].map(s => ({
		Org: s.querySelector('h3').textContent.trim(),
		Answer: (s.querySelector('.antwoord') || {textContent: ''}).textContent.trim(),
		Reasons: s.innerText}))`, &outcomes)
	got := map[string]string{}
	for _, o := range outcomes {
		got[o.Org] = o.Answer
		switch o.Org {
		case orgA.Name:
			if !strings.Contains(o.Reasons, reasons) {
				t.Errorf("the status page does not show A's reasons %q:\n%s", reasons, oneLine(o.Reasons, 800))
			}
		case orgB.Name:
			if strings.Contains(o.Reasons, reasons) {
				t.Errorf("the status page shows A's reasons under B:\n%s", oneLine(o.Reasons, 800))
			}
		}
	}
	if !strings.Contains(got[orgA.Name], "weigert") || !strings.Contains(got[orgB.Name], "niet op tijd") {
		t.Errorf("the status page shows the outcomes %q, want A's refusal and B's enforcement", got)
	}
	action := fmt.Sprintf("/status/brief/%d", enforcedLetter)
	var letterText string
	tb.eval(fmt.Sprintf(`(() => { const f = document.querySelector('form[action=%q]');
		return f ? f.closest('li').innerText : ''; })()`, action), &letterText)
	if !strings.Contains(letterText, "advies moet worden uitgevoerd") {
		t.Fatalf("the status page lists no enforcement letter (form %s): %q", action, letterText)
	}
	name, pdf := tb.download("download the enforcement letter",
		chromedp.Click(fmt.Sprintf(`form[action=%q] [type=submit]`, action), chromedp.ByQuery))
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Errorf("the enforcement letter %s is no PDF: %.40q", name, pdf)
	}

	// 5b. After the ruling the resident tells how it went: A's advice was not carried out, B's they
	// do not know yet, and they are not satisfied. The answer puts the case on the staff's list of
	// reports, which the worklist counts and links.
	tb.step("answer: A not carried out, B not known",
		chromedp.Click(fmt.Sprintf(`#advies-%d-no`, adviceA.ID), chromedp.ByQuery),
		chromedp.Click(fmt.Sprintf(`#advies-%d-unknown`, adviceB.ID), chromedp.ByQuery),
		chromedp.Click(`#tevreden-2`, chromedp.ByQuery),
		chromedp.SendKeys(`#comment`, "Het wijkteam heeft nog niets gedaan.", chromedp.ByQuery))
	tb.navigating("send the answer", chromedp.Click(`#terugkoppeling-versturen`, chromedp.ByQuery))
	tb.wantStatus(http.StatusOK)
	tb.signIn(s.url, "", acc.staff, acc.password[acc.staff.ID], http.StatusOK)
	var notCarried string
	tb.eval(`(document.querySelector('#telling-niet-uitgevoerd strong') || {textContent: ''}).textContent`, &notCarried)
	if notCarried != "1" {
		t.Errorf("the worklist counts %q reports of advices not carried out, want 1", notCarried)
	}
	tb.navigating("open the reports", chromedp.Click(`#telling-niet-uitgevoerd a`, chromedp.ByQuery))
	tb.wantStatus(http.StatusOK)
	var reports string
	tb.eval(`document.querySelector('main').innerText`, &reports)
	if !strings.Contains(reports, reference) {
		t.Errorf("the list of reports does not name %s:\n%s", reference, oneLine(reports, 800))
	}
	tb.signOut(s.url)

	// 6. A council member signs in, opens this year's report and downloads the PDF.
	year := s.clock.Now().In(term.Amsterdam()).Year()
	tb.signIn(s.url, "", acc.council, acc.password[acc.council.ID], http.StatusOK)
	yearPath := fmt.Sprintf("/raad/jaar/%d", year)
	tb.navigating("open the report of "+strconv.Itoa(year), chromedp.Click(fmt.Sprintf(`main a[href=%q]`, yearPath), chromedp.ByQuery))
	tb.wantStatus(http.StatusOK)
	var figures map[string]string
	tb.eval(`Object.fromEntries([...document.querySelectorAll('#kerncijfers td[id^="s-"]')].map(
		td => [td.id.slice(2), td.textContent.trim()]))`, &figures)
	for key, least := range map[string]int{"received": 1, "ruled": 1, "founded": 1, "advices_issued": 2,
		"advices_rejected": 1, "advices_enforced": 1} {
		if n, err := strconv.Atoi(figures[key]); err != nil || n < least {
			t.Errorf("the year page shows %s = %q, want at least %d (figures %v)", key, figures[key], least, figures)
		}
	}
	reportLink := yearPath + "/rapport-nl.pdf"
	name, pdf = tb.download("download the report", chromedp.Click(fmt.Sprintf(`main a[href=%q]`, reportLink), chromedp.ByQuery))
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Errorf("the report %s is no PDF: %.40q", name, pdf)
	}
	tb.signOut(s.url)
}

// signOut signs out with the button in the page header and checks that the session is over: the
// organisation's pages send the browser to the sign-in form again.
func (tb *tab) signOut(base string) {
	tb.t.Helper()
	tb.navigating("sign out", chromedp.Click(`form[action^="/uitloggen"] [type=submit]`, chromedp.ByQuery))
	tb.wantStatus(http.StatusOK)
	tb.open(base, "/organisatie", http.StatusOK)
	if _, url := tb.lastDocument(); !strings.Contains(url, "/inloggen") {
		tb.t.Fatalf("after signing out /organisatie shows %s, want the sign-in form", url)
	}
}

// download runs click, which makes the browser save a file (a link with the download attribute, or
// a form answered with an attachment), waits until the download is complete and returns the name
// the server suggested and the file's content. The browser saves into a folder of the test.
func (tb *tab) download(name string, click chromedp.Action) (string, []byte) {
	tb.t.Helper()
	dir := tb.t.TempDir()
	var (
		mu        sync.Mutex
		suggested = map[string]string{} // by download GUID
	)
	done := make(chan *browser.EventDownloadProgress, 1)
	lctx, stop := context.WithCancel(tb.ctx)
	defer stop()
	chromedp.ListenTarget(lctx, func(ev any) {
		switch e := ev.(type) {
		case *browser.EventDownloadWillBegin:
			mu.Lock()
			suggested[e.GUID] = e.SuggestedFilename
			mu.Unlock()
		case *browser.EventDownloadProgress:
			if e.State == browser.DownloadProgressStateCompleted || e.State == browser.DownloadProgressStateCanceled {
				select {
				case done <- e:
				default:
				}
			}
		}
	})
	if err := tb.try(browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllowAndName).
		WithDownloadPath(dir).WithEventsEnabled(true)); err != nil {
		tb.t.Fatalf("%s: allow downloads: %v", name, err)
	}
	defer func() { _ = tb.try(browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorDefault)) }()
	if err := tb.try(click); err != nil {
		tb.t.Fatalf("%s: %v", name, err)
	}
	var e *browser.EventDownloadProgress
	select {
	case e = <-done:
	case <-time.After(stepTimeout):
		tb.photograph(name)
		tb.t.Fatalf("%s: no download completed within %s", name, stepTimeout)
	}
	tb.photograph(name)
	if e.State != browser.DownloadProgressStateCompleted {
		tb.t.Fatalf("%s: the download was %s", name, e.State)
	}
	body, err := os.ReadFile(filepath.Join(dir, e.GUID))
	if err != nil {
		tb.t.Fatalf("%s: read the downloaded file: %v", name, err)
	}
	mu.Lock()
	defer mu.Unlock()
	return suggested[e.GUID], body
}
