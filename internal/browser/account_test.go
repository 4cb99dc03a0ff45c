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
	"github.com/pquerna/otp/totp"

	"meldpunt/internal/casework"
)

// TestAccountPagesInTheBrowser: the pages where people manage their own account, in both languages,
// as a staff member uses them: changing the password (a wrong current password refused), setting up
// two-step sign-in (the QR code shown as an image, the key as text, a wrong code refused, the right
// one switching it on), signing in again with the code on the second step, and choosing a password
// through an admin's one-time link. Every state passes axe and reflows at 320 px.
func TestAccountPagesInTheBrowser(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	admin, _ := s.officeAdmin(t)
	for _, q := range []string{"", "?lang=en"} {
		lang := string(languageOf(q))
		t.Run("lang="+lang, func(t *testing.T) {
			password := "een lang en geheim wachtwoord " + lang
			staff, err := s.store.CreateUser(ctx, casework.NewUser{Email: "tweestap-" + lang + "@meldpunt.example",
				Name: "Tessa Tweestap", Role: casework.RoleStaff, Password: password})
			if err != nil {
				t.Fatal(err)
			}
			tb := newTab(t)
			tb.step("forget cookies", network.ClearBrowserCookies())
			tb.signIn(s.url, q, staff, password, http.StatusOK)

			tb.open(s.url, "/account/wachtwoord"+q, http.StatusOK)
			tb.wantAccessible(lang)
			tb.step("type a wrong current password",
				chromedp.SendKeys(`#current_password`, "niet mijn wachtwoord", chromedp.ByQuery),
				chromedp.SendKeys(`#new_password`, "fietsbel onder de oude brug", chromedp.ByQuery))
			tb.submitWith("change the password with a wrong current one", "current_password")
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
			tb.wantAccessible(lang)

			tb.open(s.url, "/account/tweestapsverificatie"+q, http.StatusOK)
			tb.wantAccessible(lang)
			tb.navigating("start setting up two-step sign-in",
				chromedp.Click(`form[action*="/starten"] [type=submit]`, chromedp.ByQuery))
			tb.wantStatus(http.StatusOK)
			var qrWidth int
			tb.step("wait for the QR code", chromedp.WaitReady(`#qr`, chromedp.ByQuery))
			tb.eval(`(() => { const i = document.getElementById('qr'); return i.complete ? i.naturalWidth : -1; })()`, &qrWidth)
			if qrWidth <= 0 {
				t.Errorf("the QR code is not shown as an image (natural width %d)", qrWidth)
			}
			var key string
			tb.eval(`document.getElementById('sleutel').textContent`, &key)
			key = strings.ReplaceAll(strings.TrimSpace(key), " ", "")
			if len(key) < 16 {
				t.Fatalf("the key as text: %q", key)
			}
			tb.wantAccessible(lang)
			tb.step("type a wrong code", chromedp.SendKeys(`#code`, "000000", chromedp.ByQuery))
			tb.submitWith("confirm a wrong code", "code")
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantAccessible(lang)
			code := codeAt(t, key, s.clock.Now())
			var kept string
			tb.eval(`document.getElementById('code').value`, &kept)
			if kept != "" {
				t.Errorf("a refused code is kept in the field: %q", kept)
			}
			tb.step("type the app's code", chromedp.SendKeys(`#code`, code, chromedp.ByQuery))
			tb.submitWith("confirm the app's code", "code")
			tb.wantStatus(http.StatusOK)
			var state string
			tb.eval(`document.getElementById('tweestap-stand').textContent`, &state)
			if on := map[string]string{"nl": "aan", "en": "on"}[lang]; !strings.Contains(state, on) {
				t.Errorf("after confirming, the page says %q", state)
			}
			tb.wantAccessible(lang)

			// Signing in again: the password leads to the code, not to the worklist.
			tb.signOut(s.url)
			s.clock.Advance(30 * time.Second) // a code works once: the next step's
			tb.signIn(s.url, q, staff, password, http.StatusOK)
			if _, url := tb.lastDocument(); !strings.Contains(url, "/inloggen/code") {
				t.Fatalf("after the password the browser shows %s, want the code page", url)
			}
			tb.wantAccessible(lang)
			tb.step("type the app's code", chromedp.SendKeys(`#code`, codeAt(t, key, s.clock.Now()), chromedp.ByQuery))
			tb.submitWith("sign in with the code", "code")
			tb.wantStatus(http.StatusOK)
			if _, url := tb.lastDocument(); !strings.Contains(url, "/werk") {
				t.Errorf("after the code the browser shows %s, want the worklist", url)
			}

			// A one-time link from the admin.
			reset, err := s.store.CreatePasswordReset(ctx, admin, staff.ID, 24*time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			tb.signOut(s.url)
			sep := "?"
			if q != "" {
				sep = q + "&"
			}
			tb.open(s.url, fmt.Sprintf("/wachtwoord-herstellen%scode=%s", sep, reset.Token), http.StatusOK)
			tb.wantAccessible(lang)
			tb.step("choose a guessable password", chromedp.SendKeys(`#new_password`, "wachtwoord123", chromedp.ByQuery))
			tb.submitWith("choose a guessable password", "new_password")
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
			tb.wantAccessible(lang)
		})
	}
}

// codeAt is the code an authenticator app shows for key at the instant now.
func codeAt(t *testing.T, key string, now time.Time) string {
	t.Helper()
	code, err := totp.GenerateCode(key, now)
	if err != nil {
		t.Fatalf("code for the key %q: %v", key, err)
	}
	return code
}
