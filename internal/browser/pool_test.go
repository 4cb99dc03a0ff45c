package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"

	"meldpunt/internal/casework"
)

// withQuery adds extra (a=b&c=d) to the language query q ("" or "?lang=en").
func withQuery(q, extra string) string {
	if q == "" {
		return "?" + extra
	}
	return q + "&" + extra
}

// TestAccessibilityOfThePool runs axe-core and the reflow check on the directory of client
// supporters (the whole pool, filtered with its boxes ticked, a filter with no result, an unknown
// filter value refused) and on the admin's pool pages (the list, the admit form sent empty, an
// active and a suspended supporter, a suspension without a reason), in both languages.
func TestAccessibilityOfThePool(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	adm, admPassword := s.officeAdmin(t)
	admin := casework.ActorOf(adm)
	add := func(p casework.SupporterProfile) casework.Supporter {
		sup, err := s.store.AdmitSupporter(ctx, admin, p)
		if err != nil {
			t.Fatalf("admit %s: %v", p.Name, err)
		}
		return sup
	}
	independent := "Wij beslissen niet over de toegang tot zorg en leveren zelf geen zorg of ondersteuning."
	add(casework.SupporterProfile{Name: "Cliëntenbelang Haarlem", Kind: casework.SupporterOrganisation,
		DescriptionNL: "Wij helpen u gratis bij vragen over zorg, wonen en inkomen, en bij een klacht.",
		DescriptionEN: "We help you free of charge with questions about care, housing and income, and with a complaint.",
		LifeDomains:   []casework.LifeDomain{casework.DomainCare, casework.DomainHousing, casework.DomainIncome},
		Languages:     []string{"nl", "en", "ar", "ber"}, Groups: []string{"mensen in de maatschappelijke opvang"},
		Contact: casework.SupporterContact{Phone: "023 123 45 67", PhoneHours: "maandag tot en met vrijdag 9.00–17.00 uur",
			Email: "info@clientenbelang.example", WalkInAddress: "Grote Markt 1, Haarlem", WalkInHours: "dinsdag 10.00–12.00 uur",
			HomeVisits: true, Website: "https://clientenbelang.example"},
		Independence: independent})
	zzp := add(casework.SupporterProfile{Name: "Ayşe Yılmaz, onafhankelijk cliëntondersteuner", Kind: casework.SupporterProfessional,
		DescriptionNL: "Ik help Turkse en Nederlandse ouderen bij aanvragen en klachten, ook thuis.",
		LifeDomains:   []casework.LifeDomain{casework.DomainCare}, Languages: []string{"nl", "tr"},
		Neighbourhoods: []casework.Neighbourhood{"schalkwijk"},
		Contact:        casework.SupporterContact{Phone: "06 12 34 56 78", WhatsApp: "06 12 34 56 78", HomeVisits: true},
		Independence:   independent})
	suspended := add(casework.SupporterProfile{Name: "Vrijwilligershulp Noord", Kind: casework.SupporterOrganisation,
		DescriptionNL: "Vrijwilligers die meegaan naar gesprekken.", LifeDomains: []casework.LifeDomain{casework.DomainSocialSupport},
		Languages: []string{"nl"}, Contact: casework.SupporterContact{Email: "hulp@noord.example"}, Independence: independent})
	if _, err := s.store.SetSupporterStatus(ctx, admin, suspended.ID, casework.SupporterSuspended,
		"De verklaring van onafhankelijkheid wordt opnieuw bekeken."); err != nil {
		t.Fatal(err)
	}
	asAdmin := func(tb *tab, q string) { tb.signIn(s.url, q, adm, admPassword, http.StatusOK) }
	entries := func(tb *tab) int {
		var n int
		tb.eval(`document.querySelectorAll('article.ondersteuner').length`, &n)
		return n
	}

	states := []struct {
		name  string
		reach func(tb *tab, q string)
	}{
		{"directory", func(tb *tab, q string) {
			tb.open(s.url, "/ondersteuning"+q, http.StatusOK)
			if n := entries(tb); n != 2 {
				tb.t.Errorf("the directory shows %d supporters, want the 2 active ones", n)
			}
		}},
		{"directory filtered", func(tb *tab, q string) {
			tb.open(s.url, "/ondersteuning"+withQuery(q, "language=tr&channel=home_visit"), http.StatusOK)
			var ticked int
			tb.eval(`document.querySelectorAll('input[type=checkbox]:checked').length`, &ticked)
			if n := entries(tb); n != 1 || ticked != 2 {
				tb.t.Errorf("filtered on Turkish and home visits: %d supporters, %d boxes ticked; want 1 and 2", n, ticked)
			}
			var text string
			tb.eval(fmt.Sprintf(`document.getElementById('ondersteuner-%d').innerText`, zzp.ID), &text)
			if !strings.Contains(text, "06 12 34 56 78") || !strings.Contains(text, independent) {
				tb.t.Errorf("the entry does not say how to reach it and that it is independent:\n%s", text)
			}
		}},
		{"directory without a result", func(tb *tab, q string) {
			tb.open(s.url, "/ondersteuning"+withQuery(q, "language=pl"), http.StatusOK)
			if n := entries(tb); n != 0 {
				tb.t.Errorf("no supporter speaks Polish, yet %d are shown", n)
			}
		}},
		{"directory with an unknown filter value", func(tb *tab, q string) {
			tb.open(s.url, "/ondersteuning"+withQuery(q, "life_domain=x"), http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
		{"the pool for the admin", func(tb *tab, q string) {
			asAdmin(tb, q)
			tb.open(s.url, "/werk/ondersteuners"+q, http.StatusOK)
			var rows int
			tb.eval(`document.querySelectorAll('#pool tbody tr').length`, &rows)
			if rows != 3 {
				tb.t.Errorf("the admin's pool lists %d supporters, want 3", rows)
			}
		}},
		{"admitting a supporter with an empty form", func(tb *tab, q string) {
			asAdmin(tb, q)
			tb.open(s.url, "/werk/ondersteuners"+q, http.StatusOK)
			tb.submitWith("admit with an empty form", "description_nl")
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
		{"an active supporter for the admin", func(tb *tab, q string) {
			asAdmin(tb, q)
			tb.open(s.url, fmt.Sprintf("/werk/ondersteuners/%d%s", zzp.ID, q), http.StatusOK)
		}},
		{"a suspended supporter for the admin", func(tb *tab, q string) {
			asAdmin(tb, q)
			tb.open(s.url, fmt.Sprintf("/werk/ondersteuners/%d%s", suspended.ID, q), http.StatusOK)
			var history string
			tb.eval(`document.getElementById('geschiedenis').innerText`, &history)
			if !strings.Contains(history, "opnieuw bekeken") {
				tb.t.Errorf("the history does not give the suspension's reason: %q", history)
			}
		}},
		{"suspending without a reason", func(tb *tab, q string) {
			asAdmin(tb, q)
			tb.open(s.url, fmt.Sprintf("/werk/ondersteuners/%d%s", zzp.ID, q), http.StatusOK)
			tb.submitWith("suspend without a reason", "reason")
			tb.wantStatus(http.StatusUnprocessableEntity)
			tb.wantErrorSummary()
		}},
	}
	// The public pages are checked in every public language, the others in Dutch and English.
	public := map[string]bool{"directory": true, "directory filtered": true, "directory without a result": true, "directory with an unknown filter value": true}
	for _, st := range states {
		for _, lang := range languagesOf(public[st.name]) {
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
