package web_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"meldpunt/internal/config"
	"meldpunt/internal/pdf"
	"meldpunt/internal/web/core"
)

// Tests of what a resident needs before complaining (issue 14, point 2): the home page's terms and
// routes, the contact page, the accessibility statement, the footer's links, and the phone number
// beside every "call us".

// wantAll fails for every text of want that the page lacks.
func wantAll(t *testing.T, what string, p page, want ...string) {
	t.Helper()
	if p.status != http.StatusOK {
		t.Fatalf("%s: %s", what, p)
	}
	for _, w := range want {
		if !strings.Contains(p.body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// TestHomeSaysTermCopyAndObjection: the home page says, in Dutch and English, that the ruling comes
// within six weeks and may be postponed once by at most four weeks with a letter saying why, that
// the organisation gets a copy of the complaint, and when an objection against a decision is the
// route instead (to the body that decided, within six weeks), with the number to call when unsure.
func TestHomeSaysTermCopyAndObjection(t *testing.T) {
	h := newHarness(t)
	wantAll(t, "/", h.getPage("/"),
		"Binnen 6 weken nadat wij uw klacht kregen, zeggen wij of uw klacht terecht is",
		"één keer uitstellen, met hoogstens 4 weken", "In die brief staat waarom",
		"Wij sturen een kopie van uw klacht naar de organisatie waarover u klaagt",
		"Klacht of bezwaar?", "Wmo of de Jeugdwet", "U maakt dan bezwaar",
		"Stuur uw bezwaar naar de organisatie die het besluit nam", "binnen zes weken",
		"Weet u niet wat u moet doen? Bel het meldpunt op 023 511 5000.", `href="/contact"`)
	wantAll(t, "/?lang=en", h.getPage("/?lang=en"),
		"Within 6 weeks of receiving your complaint, we tell you whether your complaint is justified",
		"postpone the ruling once, by 4 weeks at most", "says why",
		"We send a copy of your complaint to the organisation you complain about",
		"Complaint or objection?", "Social Support Act (Wmo) or the Youth Act", "You object to the decision instead",
		"Send your objection to the organisation that took the decision", "within six weeks",
		"Not sure what to do? Call the complaints point on 023 511 5000.", `href="/contact?lang=en"`)
}

// TestContactPageShowsTheConfiguredDetails: /contact shows the configured phone number (as a tel:
// link), visiting and postal address, opening hours in the page's language and e-mail address,
// and links the privacy statement; every "call us" on the page and in the footer carries the
// configured number, never the default; the API's look-up limit names it too. Without a visiting
// address the page says visits are by appointment, with the default opening hours.
func TestContactPageShowsTheConfiguredDetails(t *testing.T) {
	cfg := testConfig
	cfg.Letterhead = pdf.Sender{Name: "Meldpunt Proefdorp", Street: "Postbus 77", Postal: "9999 ZZ", City: "Proefdorp",
		Phone: "0900 123 45 67", Email: "vragen@proefdorp.example", Website: "meldpunt.proefdorp.example"}
	cfg.Contact = config.Contact{VisitingAddress: "Kerkplein 3, 9999 AB Proefdorp",
		OpeningHours: "dinsdag en donderdag van 10.00 tot 12.00 uur", OpeningHoursEN: "Tuesday and Thursday, 10 am to noon"}
	cfg.LookupLimit = 1
	h := newHarnessWith(t, cfg)
	nl := h.getPage("/contact")
	wantAll(t, "/contact", nl, "<h1>Contact met het meldpunt</h1>",
		`Bel het meldpunt op <a href="tel:09001234567" class="telefoon">0900 123 45 67</a>`,
		"Wij zijn bereikbaar: dinsdag en donderdag van 10.00 tot 12.00 uur.",
		"Kerkplein 3, 9999 AB Proefdorp", "Bel ons op 0900 123 45 67.",
		`<a href="mailto:vragen@proefdorp.example">vragen@proefdorp.example</a>`,
		"Meldpunt Proefdorp<br>Postbus 77<br>9999 ZZ Proefdorp", `href="/privacy">privacyverklaring</a>`,
		"Hulp nodig? Bel het meldpunt op 0900 123 45 67", `<html lang="nl"`)
	en := h.getPage("/contact?lang=en")
	wantAll(t, "/contact?lang=en", en, "<h1>Contact the complaints point</h1>", ">0900 123 45 67</a>",
		"We can be reached: Tuesday and Thursday, 10 am to noon.", "Kerkplein 3, 9999 AB Proefdorp",
		`href="/privacy?lang=en">privacy statement</a>`, "Call the complaints point on 0900 123 45 67", `<html lang="en"`)
	for _, p := range []page{nl, en, h.getPage("/"), h.getPage("/toegankelijkheid")} {
		if strings.Contains(p.body, "023 511 5000") || strings.Contains(p.body, core.PhoneSlot) {
			t.Errorf("a page shows the default number or an unfilled %s", core.PhoneSlot)
		}
	}
	// The API's look-up limit (1 failure here) sends people to the phone with the number.
	bad := map[string]string{"reference": "MSD-2026-000000", "tracking_code": "AAAA-BBBB-CCCC"}
	h.send(request{method: "POST", path: "/api/v1/complaints/lookup", as: anon, body: bad})
	res := h.send(request{method: "POST", path: "/api/v1/complaints/lookup", as: anon, body: bad})
	if p := res.problem(t, http.StatusTooManyRequests, "rate_limited"); !strings.Contains(p.Detail, "0900 123 45 67") {
		t.Errorf("the look-up limit's problem names no number: %q", p.Detail)
	}

	d := newHarness(t)
	wantAll(t, "/contact (defaults)", d.getPage("/contact"), ">023 511 5000</a>",
		"maandag tot en met vrijdag van 9.00 tot 17.00 uur", "Langskomen kan alleen op afspraak. Bel ons op 023 511 5000",
		"Postbus 511<br>2003 PB Haarlem", "meldpunt@meldpunt.example")
	wantAll(t, "/contact?lang=en (defaults)", d.getPage("/contact?lang=en"), "Monday to Friday, 9 am to 5 pm",
		"You can visit us by appointment only. Call us on 023 511 5000")
}

// TestAccessibilityStatement: /toegankelijkheid follows the Dutch model statement in both
// languages: what it covers, the standard, the status and how it was measured (our own tests, no
// external audit), the known problems (untagged PDFs, with alternatives), how to report a problem
// and where to complain after that, and its date.
func TestAccessibilityStatement(t *testing.T) {
	h := newHarness(t)
	wantAll(t, "/toegankelijkheid", h.getPage("/toegankelijkheid"), "<h1>Toegankelijkheidsverklaring</h1>",
		"Deze verklaring geldt voor de hele website van het Meldpunt Sociaal Domein (meldpunt.example)",
		"EN 301 549", "(WCAG) 2.1, niveau A en AA", "Besluit digitale toegankelijkheid overheid",
		"Status: eerste maatregelen genomen.", "WCAG-EM, is nog niet gedaan", "(axe)", "320 pixels", "200 procent vergroting",
		"met alleen het toetsenbord", "Die PDF&#39;s hebben geen tags", "Bel ons op 023 511 5000",
		"mail naar meldpunt@meldpunt.example", "Binnen 5 werkdagen", `href="/contact"`,
		"het college van burgemeester en wethouders van Haarlem", "Nationale ombudsman", "7 december 2026", `<html lang="nl"`)
	wantAll(t, "/toegankelijkheid?lang=en", h.getPage("/toegankelijkheid?lang=en"), "<h1>Accessibility statement</h1>",
		"EN 301 549", "WCAG) 2.1, levels A and AA", "Status: first measures taken.", "has not been done yet",
		"200 percent zoom", "with the keyboard alone", "These PDFs are not tagged", "Call us on 023 511 5000",
		"National Ombudsman", "7 December 2026", `href="/contact?lang=en"`, `<html lang="en"`)
}

// footerLinks are the three links every page's footer has, in Dutch and in English.
var footerLinks = map[bool][]string{
	false: {`href="/contact"`, `href="/privacy"`, `href="/toegankelijkheid"`, "Bel het meldpunt op 023 511 5000"},
	true:  {`href="/contact?lang=en"`, `href="/privacy?lang=en"`, `href="/toegankelijkheid?lang=en"`, "Call the complaints point on 023 511 5000"},
}

// TestEveryFooterLinksContactPrivacyAndAccessibility walks every GET page route without parameters,
// as the first role that may see it (the public ones without a session), in both languages, plus
// an error page, and finds the footer's three links and the phone number on each.
func TestEveryFooterLinksContactPrivacyAndAccessibility(t *testing.T) {
	h := newHarness(t)
	checked := 0
	for _, route := range engineRoutes(t, h.server) {
		method, path, _ := strings.Cut(route, " ")
		if method != "GET" || !pageRoute(path) || strings.ContainsAny(path, ":*") {
			continue
		}
		for _, en := range []bool{false, true} {
			url := path
			if en {
				url += "?lang=en"
			}
			var p page
			for _, as := range allRoles {
				if p = h.pageAs("GET", url, as, nil); p.status == http.StatusOK {
					break
				}
			}
			if p.status != http.StatusOK || !strings.HasPrefix(p.header.Get("Content-Type"), "text/html") {
				continue // a download, or a page that needs a state no role has here
			}
			checked++
			for _, w := range footerLinks[en] {
				if !strings.Contains(p.body, w) {
					t.Errorf("the footer of %s lacks %q", url, w)
				}
			}
		}
	}
	if checked < 30 {
		t.Errorf("only %d pages checked", checked)
	}
	for _, en := range []bool{false, true} {
		url := "/bestaat-niet"
		if en {
			url += "?lang=en"
		}
		p := h.getPage(url)
		for _, w := range footerLinks[en] {
			if p.status != http.StatusNotFound || !strings.Contains(p.body, w) {
				t.Errorf("the error page %s (%d) lacks %q", url, p.status, w)
			}
		}
	}
}

// callWords finds a text that tells someone to phone.
// (Dutch, English; Turkish "arayın"; Arabic "اتصل").
var callWords = regexp.MustCompile(`(?i)\b(bel|bellen|belt|call|calling|phone us|telefoneer|arayın)\b|اتصل`)

// notAboutCallingUs are the texts that speak of phoning without sending anyone to the meldpunt's
// phone: staff or supporters calling someone else, or the meldpunt calling the resident.
var notAboutCallingUs = []string{
	"req.call",               // a supporter calls the resident, at the resident's number (%s)
	"req.accept.phone",       // the same
	"req.privacy",            // the meldpunt may call the resident
	"req.list.intro",         // the same
	"req.done.next.meldpunt", // the same
	"req.staff.intro",        // staff call or e-mail the resident
	"tr.f.channel.h",         // a supporter's work: calling an organisation
	"tr.channel.video",       // "Beeldbellen", a channel
	"figchannel.video",       // the same, in the figures
	"contact.call.h2",        // the contact page's heading "Bellen" over the number
	"contact.call",           // "Bel het meldpunt op" before the number as a tel: link (TestContactPage...)
	"snw.received.h",         // staff: the day of "the phone call" by which a complaint came in
	"contact.title",          // Arabic "اتصل بنا": "contact us", the page's title
	"footer.contact",         // the same, the footer's link to the contact page
}

// writtenNumber is a phone number written out in a text, such as the Nationale ombudsman's.
var writtenNumber = regexp.MustCompile(`\b0\d{2,3}[ \d]{6,}`)

// TestNoTextSaysCallWithoutTheNumber scans every text of the pages: one that tells people to call
// carries the phone number's slot ({telefoon}), which every page fills with the configured number,
// or a number written out (the Nationale ombudsman's), unless it is about somebody else's phone
// (listed above, with the reason).
func TestNoTextSaysCallWithoutTheNumber(t *testing.T) {
	scanned := 0
	cat := core.Catalogue()
	for _, lang := range cat.Languages() {
		for _, key := range cat.Keys(lang.Code) {
			text, _ := cat.Text(lang.Code, key)
			if !callWords.MatchString(text) || slices.Contains(notAboutCallingUs, key) {
				continue
			}
			scanned++
			if !strings.Contains(text, core.PhoneSlot) && !writtenNumber.MatchString(text) {
				t.Errorf("text %s (%s) says call without the number: %q", key, lang.Code, text)
			}
		}
	}
	if scanned < 10 {
		t.Errorf("only %d texts tell people to call: is the scan still finding them?", scanned)
	}
}
