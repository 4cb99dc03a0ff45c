package browser_test

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"meldpunt/internal/casework"
)

// Browser tests of issue 13 (privacy and retention): the question before a colleague's case, the
// privacy officer's access log, the admin's destruction list and its confirm step, a closed case's
// section "Bewaren en vernietigen", the forms of rectification and of the staff's export, and the
// resident's "Mijn dossier" — each in Dutch and English, in its normal and its error state.

// privacyWorld is a site with a staff member who handles a case, an admin, a privacy officer, two
// withdrawn complaints that have become due for destruction, and the clock a year and two days on.
type privacyWorld struct {
	s           *site
	acc         accounts
	admin, fg   casework.User
	password    map[int64]string
	handled     string // in treatment, handled by acc.staff
	unopened    string // in treatment, handled by acc.staff, never opened by the admin
	due         []casework.Receipt
	handledCode string
}

func newPrivacyWorld(t *testing.T) privacyWorld {
	t.Helper()
	ctx := context.Background()
	w := privacyWorld{s: newSite(t), password: map[int64]string{}}
	w.acc = w.s.addAccounts(t)
	for _, nu := range []struct {
		into *casework.User
		user casework.NewUser
	}{
		{&w.admin, casework.NewUser{Email: "beheer@meldpunt.example", Name: "Bea Beheer", Role: casework.RoleAdmin}},
		{&w.fg, casework.NewUser{Email: "fg@meldpunt.example", Name: "Floor Gegevens", Role: casework.RolePrivacy}},
	} {
		nu.user.Password = "een lang en geheim wachtwoord " + nu.user.Email
		u, err := w.s.store.CreateUser(ctx, nu.user)
		if err != nil {
			t.Fatalf("create user %s: %v", nu.user.Email, err)
		}
		*nu.into, w.password[u.ID] = u, nu.user.Password
	}
	staff := casework.ActorOf(w.acc.staff)
	for range 2 {
		r := w.s.file(t, casework.LanguageDutch)
		if err := w.s.store.Withdraw(ctx, staff, r.Reference, casework.Closing{Reason: "De klager trekt de klacht in."}); err != nil {
			t.Fatalf("withdraw: %v", err)
		}
		w.due = append(w.due, r)
	}
	w.s.clock.Set(w.s.clock.Now().AddDate(1, 0, 2))
	r := w.s.file(t, casework.LanguageDutch)
	if err := w.s.store.TakeUp(ctx, staff, r.Reference, casework.TakeUp{NotInvolved: true}); err != nil {
		t.Fatalf("take up: %v", err)
	}
	w.handled, w.handledCode = r.Reference, r.TrackingCode
	r = w.s.file(t, casework.LanguageDutch)
	if err := w.s.store.TakeUp(ctx, staff, r.Reference, casework.TakeUp{NotInvolved: true}); err != nil {
		t.Fatalf("take up: %v", err)
	}
	w.unopened = r.Reference
	// The admin opened the staff member's case with a reason: the officer's log has it first.
	if err := w.s.store.StateAccessReason(ctx, casework.ActorOf(w.admin), w.handled, "Vervanging tijdens verlof van de behandelaar."); err != nil {
		t.Fatalf("state a reason: %v", err)
	}
	w.s.deliverLetters(t)
	return w
}

func (w privacyWorld) signIn(tb *tab, q string, u casework.User) {
	tb.t.Helper()
	pw := w.password[u.ID]
	if pw == "" {
		pw = w.acc.password[u.ID]
	}
	tb.signIn(w.s.url, q, u, pw, http.StatusOK)
}

func TestAccessibilityOfPrivacyPages(t *testing.T) {
	w := newPrivacyWorld(t)
	s := w.s
	states := []struct {
		name  string
		reach func(tb *tab, q string)
	}{
		{"the privacy officer's access log", func(tb *tab, q string) {
			w.signIn(tb, q, w.fg)
			if _, url := tb.lastDocument(); !strings.Contains(url, "/toegangslog") {
				tb.t.Fatalf("the privacy officer lands on %s, want the access log", url)
			}
			var first string
			tb.eval(`(document.querySelector('#toegangslog tbody tr') || {innerText: ''}).innerText`, &first)
			if !strings.Contains(first, "Vervanging tijdens verlof") || !strings.Contains(first, w.handled) {
				tb.t.Errorf("the log's first row is %q, want the admin's opening of %s with its reason", oneLine(first, 300), w.handled)
			}
		}},
		{"the access log asked for a day that does not exist", func(tb *tab, q string) {
			w.signIn(tb, q, w.fg)
			sep := "?"
			if q != "" {
				sep = "&"
			}
			tb.open(s.url, "/toegangslog"+q+sep+"van=2026-02-30", http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
		{"the question before a colleague's case", func(tb *tab, q string) {
			w.signIn(tb, q, w.admin)
			tb.open(s.url, casePage(w.unopened, q), http.StatusOK)
			var field int
			tb.eval(`document.querySelectorAll('form input#reason').length`, &field)
			if field != 1 {
				tb.t.Fatal("the admin opening a colleague's case is not asked why")
			}
			var body string
			tb.eval(`document.querySelector('main').innerText`, &body)
			if strings.Contains(body, "Mijn aanvraag") {
				tb.t.Error("the question page shows the complaint before the reason is given")
			}
		}},
		{"the question left empty", func(tb *tab, q string) {
			w.signIn(tb, q, w.admin)
			tb.open(s.url, casePage(w.unopened, q), http.StatusOK)
			tb.submitWith("open the case without a reason", "reason")
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
		{"the admin's destruction list", func(tb *tab, q string) {
			w.signIn(tb, q, w.admin)
			tb.open(s.url, "/werk/vernietigen"+q, http.StatusOK)
			var ticked int
			tb.eval(`document.querySelectorAll('#due input[type=checkbox]:checked').length`, &ticked)
			if ticked != len(w.due) {
				tb.t.Errorf("the list ticks %d files, want the %d due ones", ticked, len(w.due))
			}
		}},
		{"the confirm step of a destruction", func(tb *tab, q string) {
			w.signIn(tb, q, w.admin)
			tb.open(s.url, "/werk/vernietigen"+q, http.StatusOK)
			tb.navigating("approve the list", chromedp.Click(`#goedkeuren`, chromedp.ByQuery))
			tb.wantStatus(http.StatusOK)
			var confirm string
			tb.eval(`(document.getElementById('bevestigen') || {innerText: ''}).innerText`, &confirm)
			if !strings.Contains(confirm, "2") {
				tb.t.Errorf("the confirm step says %q, want the number of files", oneLine(confirm, 300))
			}
		}},
		{"a closed case's retention section", func(tb *tab, q string) {
			w.signIn(tb, q, w.acc.staff)
			tb.open(s.url, casePage(w.due[0].Reference, q), http.StatusOK)
			var due string
			tb.eval(`(document.getElementById('vernietigen-vanaf') || {textContent: ''}).textContent`, &due)
			if due == "" {
				tb.t.Error("the closed case's page does not say from when its file may be destroyed")
			}
		}},
		{"a hold without a reason", func(tb *tab, q string) {
			w.signIn(tb, q, w.acc.staff)
			tb.open(s.url, casePage(w.due[1].Reference, q), http.StatusOK)
			tb.navigating("put on hold without a reason", chromedp.Click(`#blokkeren-knop`, chromedp.ByQuery))
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
		{"a correction without a reason", func(tb *tab, q string) {
			w.signIn(tb, q, w.acc.staff)
			tb.open(s.url, casePage(w.handled, q), http.StatusOK)
			tb.navigating("correct without a reason", chromedp.Click(`#contact-knop`, chromedp.ByQuery))
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
		{"an export without a reason", func(tb *tab, q string) {
			w.signIn(tb, q, w.acc.staff)
			tb.open(s.url, casePage(w.handled, q), http.StatusOK)
			tb.navigating("export without a reason", chromedp.Click(`#inzage-pdf`, chromedp.ByQuery))
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
		{"the resident's status page with the whole file", func(tb *tab, q string) {
			tb.lookUp(s.url, q, w.handled, w.handledCode)
			var buttons int
			tb.eval(`document.querySelectorAll('#dossier-pdf, #dossier-json').length`, &buttons)
			if buttons != 2 {
				tb.t.Errorf("the status page offers %d downloads of the whole file, want PDF and JSON", buttons)
			}
		}},
	}
	// The public pages are checked in every public language, the others in Dutch and English.
	public := map[string]bool{"the resident's status page with the whole file": true}
	for _, st := range states {
		for _, lang := range languagesOf(public[st.name]) {
			t.Run(st.name+" in "+lang.code+" has no WCAG 2.1 AA violations", func(t *testing.T) {
				tb := newTab(t)
				tb.step("forget cookies", network.ClearBrowserCookies())
				st.reach(tb, lang.query)
				tb.wantAccessible(lang.code)
			})
		}
	}
}

// TestPrivacyJourney: a resident downloads their whole file from the status page and reads it; the
// admin approves the due files after the confirm step; the background destroyer does its work; the
// resident's reference then finds nothing, and the admin's list says the files are destroyed; the
// privacy officer reads who opened which case and downloads the log.
func TestPrivacyJourney(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext (poppler-utils) is needed to read the downloaded file")
	}
	w := newPrivacyWorld(t)
	s := w.s
	tb := newTab(t)
	tb.step("forget cookies", network.ClearBrowserCookies())

	// The resident of a due file asks for their file before it is destroyed.
	tb.lookUp(s.url, "", w.due[0].Reference, w.due[0].TrackingCode)
	name, pdf := tb.download("download my file", chromedp.Click(`#dossier-pdf`, chromedp.ByQuery))
	if !strings.HasSuffix(name, ".pdf") || !strings.HasPrefix(string(pdf), "%PDF") {
		t.Fatalf("the whole file downloaded as %q, %.20q", name, pdf)
	}
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{w.due[0].Reference, "Hoe lang wij uw gegevens bewaren"} {
		if !strings.Contains(text, want) {
			t.Errorf("the downloaded file does not say %q", want)
		}
	}

	// The admin approves the due files.
	w.signIn(tb, "", w.admin)
	tb.open(s.url, "/werk", http.StatusOK)
	var count string
	tb.eval(`document.querySelector('main').innerText`, &count)
	if !strings.Contains(count, "vernietiging") {
		t.Errorf("the admin's worklist does not mention the files due for destruction: %q", oneLine(count, 400))
	}
	tb.open(s.url, "/werk/vernietigen", http.StatusOK)
	tb.navigating("approve the list", chromedp.Click(`#goedkeuren`, chromedp.ByQuery))
	tb.wantStatus(http.StatusOK)
	tb.navigating("confirm", chromedp.Click(`#bevestig-knop`, chromedp.ByQuery))
	tb.wantStatus(http.StatusOK)
	var done string
	tb.eval(`(document.getElementById('klaar') || {textContent: ''}).textContent`, &done)
	if done == "" {
		t.Fatal("the approval shows no confirmation")
	}
	// The background destroyer's work, as serve runs it.
	n, err := s.store.DestroyApproved(context.Background(), 500)
	if err != nil || n != len(w.due) {
		t.Fatalf("destroyed %d (%v), want %d", n, err, len(w.due))
	}
	tb.open(s.url, "/werk/vernietigen", http.StatusOK)
	var lists string
	tb.eval(`(document.getElementById('vernietigingen') || {innerText: ''}).innerText`, &lists)
	if !strings.Contains(lists, "Bea Beheer") {
		t.Errorf("the approved lists say %q, want the approver", oneLine(lists, 300))
	}
	tb.signOut(s.url)

	// The resident's reference finds nothing any more.
	tb.open(s.url, "/status", http.StatusOK)
	tb.step("fill in the destroyed file's reference and code",
		chromedp.SendKeys(`#reference`, w.due[0].Reference, chromedp.ByQuery),
		chromedp.SendKeys(`#tracking_code`, w.due[0].TrackingCode, chromedp.ByQuery))
	tb.submitWith("look up the destroyed complaint", "tracking_code")
	tb.wantStatus(http.StatusNotFound)

	// The privacy officer reads the log and downloads it.
	s.clock.Advance(time.Minute)
	w.signIn(tb, "", w.fg)
	_, csv := tb.download("download the access log", chromedp.Click(`#csv`, chromedp.ByQuery))
	if !strings.Contains(string(csv), w.handled) || !strings.Contains(string(csv), "Vervanging tijdens verlof") {
		t.Errorf("the access log's CSV lacks the admin's opening with its reason: %.300q", csv)
	}
}
