package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

// accounts are the users of the signed-in pages' tests, with their passwords.
type accounts struct {
	staff, org, council casework.User
	password            map[int64]string
}

// addAccounts creates a staff member, a user of the site's first organisation and a council member.
func (s *site) addAccounts(t *testing.T) accounts {
	t.Helper()
	a := accounts{password: map[int64]string{}}
	for _, nu := range []struct {
		into *casework.User
		user casework.NewUser
	}{
		{&a.staff, casework.NewUser{Email: "medewerker@meldpunt.example", Name: "Mila Medewerker", Role: casework.RoleStaff}},
		{&a.org, casework.NewUser{Email: "directie@anker.example", Name: "Dirk Directeur", Role: casework.RoleOrganisation, OrganisationID: s.orgs[0].ID}},
		{&a.council, casework.NewUser{Email: "griffie@gemeente.example", Name: "Greet Griffier", Role: casework.RoleCouncil}},
	} {
		nu.user.Password = "een lang en geheim wachtwoord " + nu.user.Email
		u, err := s.store.CreateUser(context.Background(), nu.user)
		if err != nil {
			t.Fatalf("create user %s: %v", nu.user.Email, err)
		}
		*nu.into, a.password[u.ID] = u, nu.user.Password
	}
	return a
}

// advise files a complaint about the first organisation, has staff take it up, hear both sides and
// rule it founded with an advice to that organisation and the policy recommendations recs; it
// returns the advice.
func (s *site) advise(t *testing.T, staff casework.User, recs ...casework.RecommendationInput) casework.Advice {
	t.Helper()
	_, a := s.ruled(t, staff, recs...)
	return a
}

// ruled files a Dutch complaint against the first organisation, and staff take it up, hear it and
// rule it founded with one binding advice; it returns the receipt (reference and tracking code) and
// the advice.
func (s *site) ruled(t *testing.T, staff casework.User, recs ...casework.RecommendationInput) (casework.Receipt, casework.Advice) {
	t.Helper()
	ctx := context.Background()
	r := s.file(t, casework.LanguageDutch)
	act := casework.ActorOf(staff)
	if err := s.store.TakeUp(ctx, act, r.Reference, casework.TakeUp{NotInvolved: true}); err != nil {
		t.Fatalf("take up: %v", err)
	}
	today := term.LocalDate(s.clock.Now()).String()
	for _, h := range []casework.Hearing{
		{Party: casework.PartyComplainant, HeldOn: today, Record: "Klager gehoord."},
		{Party: casework.PartyOrganisation, OrganisationID: s.orgs[0].ID, Skipped: casework.SkipWaived, SkipNote: "Afgezien van horen."},
	} {
		if _, err := s.store.RecordHearing(ctx, act, r.Reference, h); err != nil {
			t.Fatalf("hearing: %v", err)
		}
	}
	advs, err := s.store.Rule(ctx, act, r.Reference, casework.Ruling{Verdict: casework.VerdictFounded,
		Findings: "De aanvraag bleef maanden liggen.", Conclusions: "De klacht is gegrond.",
		Advices:         []casework.AdviceInput{{OrganisationID: s.orgs[0].ID, Text: "Neem binnen twee weken een besluit op de aanvraag."}},
		Recommendations: recs})
	if err != nil || len(advs) != 1 {
		t.Fatalf("rule: %v %+v", err, advs)
	}
	return r, advs[0]
}

// signIn signs in through the real form and checks where it lands.
func (tb *tab) signIn(base, query string, u casework.User, password string, lands int) {
	tb.t.Helper()
	tb.open(base, "/inloggen"+query, http.StatusOK)
	tb.step("fill in the sign-in form",
		chromedp.SendKeys(`#email`, u.Email, chromedp.ByQuery),
		chromedp.SendKeys(`#password`, password, chromedp.ByQuery))
	tb.submitWith("sign in", "email")
	tb.wantStatus(lands)
}

// TestAccessibilityOfSignedInPages runs axe-core on the sign-in page (normal and refused), the
// organisation's list and advice page (normal and with a refused rejection), and the council's year
// page, in both languages, and checks reflow at 320 px. The browser signs in through the form.
func TestAccessibilityOfSignedInPages(t *testing.T) {
	s := newSite(t)
	acc := s.addAccounts(t)
	advice := s.advise(t, acc.staff)
	fresh := s.file(t, casework.LanguageEnglish)
	s.deliverLetters(t)
	// One letter failed, for the worklist.
	if _, err := s.store.SQL().Exec(`UPDATE notices SET status = 'failed', last_error = '550 mailbox unavailable'
		WHERE complaint_id = (SELECT id FROM complaints WHERE reference = $1)`, fresh.Reference); err != nil {
		t.Fatal(err)
	}

	states := []struct {
		name  string
		reach func(tb *tab, q string)
	}{
		{"sign-in page", func(tb *tab, q string) { tb.open(s.url, "/inloggen"+q, http.StatusOK) }},
		{"sign-in page with a wrong password", func(tb *tab, q string) {
			tb.open(s.url, "/inloggen"+q, http.StatusOK)
			tb.step("fill in a wrong password",
				chromedp.SendKeys(`#email`, acc.org.Email, chromedp.ByQuery),
				chromedp.SendKeys(`#password`, "niet het wachtwoord", chromedp.ByQuery))
			tb.submitWith("sign in with a wrong password", "email")
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
		{"organisation's advices", func(tb *tab, q string) {
			tb.signIn(s.url, q, acc.org, acc.password[acc.org.ID], http.StatusOK)
			var rows int
			tb.eval(`document.querySelectorAll('#adviezen tbody tr').length`, &rows)
			if rows != 1 {
				tb.t.Errorf("the organisation's list shows %d advices, want 1", rows)
			}
		}},
		{"advice page", func(tb *tab, q string) {
			tb.signIn(s.url, q, acc.org, acc.password[acc.org.ID], http.StatusOK)
			tb.navigating("open the advice", chromedp.Click(`#adviezen tbody a`, chromedp.ByQuery))
			tb.wantStatus(http.StatusOK)
		}},
		{"advice page with a refused rejection", func(tb *tab, q string) {
			tb.signIn(s.url, q, acc.org, acc.password[acc.org.ID], http.StatusOK)
			tb.open(s.url, fmt.Sprintf("/organisatie/advies/%d%s", advice.ID, q), http.StatusOK)
			tb.step("give a one-word reason", chromedp.SendKeys(`#reasons`, "Nee", chromedp.ByQuery))
			tb.submitWith("reject with one word", "reasons")
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
			var kept string
			tb.eval(`document.getElementById('reasons').value`, &kept)
			if kept != "Nee" {
				tb.t.Errorf("the refused reasons are not kept: %q", kept)
			}
		}},
		{"staff's worklist", func(tb *tab, q string) {
			tb.signIn(s.url, q, acc.staff, acc.password[acc.staff.ID], http.StatusOK)
			// The handler's advised case waits for the organisation; a letter failed.
			for _, table := range []string{"wachtenopadvies", "mislukte-brieven"} {
				var rows int
				tb.eval(`document.querySelectorAll('#`+table+` tbody tr').length`, &rows)
				if rows == 0 {
					tb.t.Errorf("the worklist's table %s is empty", table)
				}
			}
			var counts []string
			tb.eval(`[...document.querySelectorAll('.werktellingen li')].map(li => li.innerText)`, &counts)
			if len(counts) < 10 {
				tb.t.Errorf("the worklist shows %d counts, want the day's ten and more: %q", len(counts), counts)
			}
		}},
		{"council's year page", func(tb *tab, q string) {
			tb.signIn(s.url, q, acc.council, acc.password[acc.council.ID], http.StatusOK)
			tb.navigating("open this year's report", chromedp.Click(`main ul a`, chromedp.ByQuery))
			tb.wantStatus(http.StatusOK)
			var tables int
			tb.eval(`document.querySelectorAll('table caption').length`, &tables)
			if tables < 8 {
				tb.t.Errorf("the year page shows %d tables with a caption", tables)
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
