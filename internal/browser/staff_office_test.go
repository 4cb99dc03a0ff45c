package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"meldpunt/internal/casework"
)

// officeAdmin creates the meldpunt's administrator and returns the account and its password.
func (s *site) officeAdmin(t *testing.T) (casework.User, string) {
	t.Helper()
	const password = "een lang en geheim wachtwoord van de beheerder"
	u, err := s.store.CreateUser(context.Background(), casework.NewUser{Email: "beheer@meldpunt.example",
		Name: "Bea Beheerder", Role: casework.RoleAdmin, Password: password})
	if err != nil {
		t.Fatalf("create the administrator: %v", err)
	}
	return u, password
}

// noticeStatus reads a letter's status from the database.
func (s *site) noticeStatus(t *testing.T, id int64) string {
	t.Helper()
	var status string
	if err := s.store.SQL().Get(&status, `SELECT status FROM notices WHERE id = $1`, id); err != nil {
		t.Fatalf("letter %d: %v", id, err)
	}
	return status
}

// firstLetter returns the id of the first letter in the print queue shown.
func (tb *tab) firstLetter() int64 {
	tb.t.Helper()
	var rowID string
	tb.eval(`(document.querySelector('#post tbody tr') || {id: ''}).id`, &rowID)
	id, err := strconv.ParseInt(strings.TrimPrefix(rowID, "brief-"), 10, 64)
	if err != nil {
		tb.t.Fatalf("the print queue shows no letter (first row %q)", rowID)
	}
	return id
}

// TestAccessibilityOfStaffOfficePages runs axe-core on the staff's office pages (the print queue,
// organisations, users, recommendations and the annual report), each in its normal state and with
// a refused form, in both languages, and checks reflow at 320 px. The browser signs in through the
// form and does what staff do: mark a letter posted, make the report.
func TestAccessibilityOfStaffOfficePages(t *testing.T) {
	s := newSite(t)
	acc := s.addAccounts(t)
	adm, admPassword := s.officeAdmin(t)
	s.advise(t, acc.staff, casework.RecommendationInput{LifeDomain: casework.DomainHousing,
		Text: "Leg vaste doorlooptijden vast voor aanvragen van woningaanpassingen."})
	for range 3 {
		s.file(t, casework.LanguageDutch)
		s.file(t, casework.LanguageEnglish)
	}
	if res := s.deliverLetters(t); res.Print < 8 {
		t.Fatalf("the dispatcher queued %d letters for print, want at least 8: %+v", res.Print, res)
	}
	asStaff := func(tb *tab, q string) { tb.signIn(s.url, q, acc.staff, acc.password[acc.staff.ID], http.StatusOK) }
	asAdmin := func(tb *tab, q string) { tb.signIn(s.url, q, adm, admPassword, http.StatusOK) }

	states := []struct {
		name  string
		reach func(tb *tab, q string)
	}{
		{"print queue", func(tb *tab, q string) {
			asStaff(tb, q)
			tb.open(s.url, "/werk/post"+q, http.StatusOK)
			var rows int
			tb.eval(`document.querySelectorAll('#post tbody tr').length`, &rows)
			if rows == 0 {
				tb.t.Error("the print queue shows no letters")
			}
		}},
		{"print queue after marking a letter posted", func(tb *tab, q string) {
			asStaff(tb, q)
			tb.open(s.url, "/werk/post"+q, http.StatusOK)
			id := tb.firstLetter()
			tb.navigating("mark the first letter posted", chromedp.Click(`#post tbody tr button[type=submit]`, chromedp.ByQuery))
			tb.wantStatus(http.StatusOK)
			if st := s.noticeStatus(tb.t, id); st != "posted" {
				tb.t.Errorf("letter %d is %s after marking it posted", id, st)
			}
			var done, gone bool
			tb.eval(`!!document.querySelector('[role=status] #klaar')`, &done)
			tb.eval(fmt.Sprintf(`!document.getElementById('brief-%d')`, id), &gone)
			if !done || !gone {
				tb.t.Errorf("after marking letter %d posted: message shown %v, letter gone from the queue %v", id, done, gone)
			}
		}},
		{"print queue refusing a letter posted meanwhile", func(tb *tab, q string) {
			asStaff(tb, q)
			tb.open(s.url, "/werk/post"+q, http.StatusOK)
			id := tb.firstLetter()
			// A colleague marks it posted while this page is open.
			if err := s.store.MarkPosted(context.Background(), casework.ActorOf(acc.staff), id); err != nil {
				tb.t.Fatalf("mark posted: %v", err)
			}
			tb.navigating("mark the same letter posted", chromedp.Click(`#post tbody tr button[type=submit]`, chromedp.ByQuery))
			tb.wantStatus(http.StatusConflict)
			var alert string
			tb.eval(`(document.querySelector('#fouten[role=alert]') || {textContent: ''}).textContent`, &alert)
			if strings.TrimSpace(alert) == "" {
				tb.t.Error("the refusal shows no error summary")
			}
		}},
		{"organisations", func(tb *tab, q string) {
			asAdmin(tb, q)
			tb.open(s.url, "/werk/organisaties"+q, http.StatusOK)
			var rows int
			tb.eval(`document.querySelectorAll('#organisaties tbody tr').length`, &rows)
			if rows < 2 {
				tb.t.Errorf("the organisations page lists %d organisations", rows)
			}
		}},
		{"organisations with a refused form", func(tb *tab, q string) {
			asAdmin(tb, q)
			tb.open(s.url, "/werk/organisaties"+q, http.StatusOK)
			tb.step("type a wrong e-mail address", chromedp.SendKeys(`#email`, "geen adres", chromedp.ByQuery))
			tb.submitWith("add an organisation without a name", "name")
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
		{"users", func(tb *tab, q string) {
			asAdmin(tb, q)
			tb.open(s.url, "/werk/gebruikers"+q, http.StatusOK)
			var forms int
			tb.eval(`document.querySelectorAll('form[action*="/afmelden"]').length`, &forms)
			if forms < 4 {
				tb.t.Errorf("the users page has %d sign-out forms, want one per user", forms)
			}
		}},
		{"users with a refused form", func(tb *tab, q string) {
			asAdmin(tb, q)
			tb.open(s.url, "/werk/gebruikers"+q, http.StatusOK)
			tb.step("fill in a user with too short a password",
				chromedp.SendKeys(`#email`, "nieuw@meldpunt.example", chromedp.ByQuery),
				chromedp.SendKeys(`#name`, "Nieuwe Collega", chromedp.ByQuery),
				chromedp.Click(`#role-organisation`, chromedp.ByQuery),
				chromedp.SendKeys(`#password`, "Kx7!qZ", chromedp.ByQuery))
			tb.submitWith("add the user", "password")
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
			var kept struct {
				Email    string `json:"email"`
				Password string `json:"password"`
				Role     bool   `json:"role"`
			}
			tb.eval(`({email: document.getElementById('email').value, password: document.getElementById('password').value,
				role: document.getElementById('role-organisation').checked})`, &kept)
			if kept.Email != "nieuw@meldpunt.example" || !kept.Role || kept.Password != "" {
				tb.t.Errorf("the refused form keeps %+v, want the address and role, never the password", kept)
			}
		}},
		{"recommendations", func(tb *tab, q string) {
			asStaff(tb, q)
			tb.open(s.url, "/werk/aanbevelingen"+q, http.StatusOK)
			var items int
			tb.eval(`document.querySelectorAll('section.aanbeveling').length`, &items)
			if items != 1 {
				tb.t.Errorf("the page shows %d recommendations, want 1", items)
			}
		}},
		{"recommendations with a refused follow-up", func(tb *tab, q string) {
			asStaff(tb, q)
			tb.open(s.url, "/werk/aanbevelingen"+q, http.StatusOK)
			tb.step("choose adopted, without a note", chromedp.Click(`section.aanbeveling input[value=adopted]`, chromedp.ByQuery))
			tb.submitWith("save the follow-up", "note")
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
		{"annual report after making it", func(tb *tab, q string) {
			asStaff(tb, q)
			tb.open(s.url, "/werk/jaarverslag/2025"+q, http.StatusOK)
			tb.navigating("make the report", chromedp.Click(`#maken`, chromedp.ByQuery))
			tb.wantStatus(http.StatusOK)
			var versions int
			tb.eval(`document.querySelectorAll('#versies tbody tr').length`, &versions)
			if versions < 4 || versions%4 != 0 {
				tb.t.Errorf("the page lists %d versions, want the four editions of each making", versions)
			}
		}},
		{"annual report with a refused finalise", func(tb *tab, q string) {
			asStaff(tb, q)
			tb.open(s.url, "/werk/jaarverslag/2025"+q, http.StatusOK)
			tb.submitWith("finalise without ticking the box", "confirm")
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
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
