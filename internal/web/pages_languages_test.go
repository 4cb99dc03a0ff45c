package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"meldpunt/internal/web/core"
)

// The languages of the pages (issue 14 point 6): Dutch, English, Turkish and Arabic on the public
// pages, Dutch and English behind sign-in, a language menu on every page.

var (
	tagPattern       = regexp.MustCompile(`(?s)<[^>]*>`)
	attrTextPattern  = regexp.MustCompile(`(?:aria-label|alt|title|placeholder)="([^"]*)"`)
	keyLikePattern   = regexp.MustCompile(`^[a-z][a-z0-9]*(\.[a-z0-9_]+)+$`)
	menuLinkPattern  = regexp.MustCompile(`<a href="([^"]*)" lang="([a-z]+)" hreflang="([a-z]+)" dir="(ltr|rtl)"( aria-current="true")?>([^<]+)</a>`)
	titleTextPattern = regexp.MustCompile(`<title>([^<]*)</title>`)
)

// rawKeys returns the words of a page's text (text nodes and the attributes people read) that look
// like a text's key ("home.title"): a key the catalogues lack shows itself instead of its text.
// Addresses (e-mail, web, file names) are not keys.
func rawKeys(body string) []string {
	text := tagPattern.ReplaceAllString(body, " ")
	for _, m := range attrTextPattern.FindAllStringSubmatch(body, -1) {
		text += " " + m[1]
	}
	var keys []string
	for _, w := range strings.Fields(html.UnescapeString(text)) {
		w = strings.TrimRight(strings.Trim(w, "()[]\"'«»“”"), ".,:;!?")
		if !keyLikePattern.MatchString(w) || strings.Contains(w, "@") {
			continue
		}
		last := w[strings.LastIndex(w, ".")+1:]
		if last == "nl" || last == "com" || last == "org" || last == "example" || last == "pdf" || last == "csv" ||
			last == "json" || last == "eu" || last == "gov" {
			continue
		}
		keys = append(keys, w)
	}
	return keys
}

// dutchLeaks returns the keys of Dutch texts on a page in code that the language's catalogue lacks
// (shown in Dutch by the fallback): a text of a public page that was not translated. It compares
// whole text nodes and the attributes people read; formats, short texts and texts the same in Dutch
// and English are left out (they cannot be told apart from names).
func dutchLeaks(body, code string) []string {
	c := core.Catalogue()
	// The language menu names every language in itself, Dutch in Dutch.
	if i, j := strings.Index(body, `<nav class="talen"`), strings.Index(body, "</nav>"); i >= 0 && j > i {
		body = body[:i] + body[j:]
	}
	shown := map[string]bool{}
	for _, part := range tagPattern.Split(body, -1) {
		shown[strings.TrimSpace(html.UnescapeString(part))] = true
	}
	for _, m := range attrTextPattern.FindAllStringSubmatch(body, -1) {
		shown[html.UnescapeString(m[1])] = true
	}
	var leaks []string
	for _, key := range c.Keys("nl") {
		if c.Has(code, key) {
			continue
		}
		nl, _ := c.Text("nl", key)
		en, _ := c.Text("en", key)
		// A text the same in Dutch and English is a name ("WhatsApp").
		if len(nl) >= 8 && nl != en && !strings.Contains(nl, "%") && shown[nl] {
			leaks = append(leaks, key)
		}
	}
	return leaks
}

// wantLanguageMenu checks the language menu of a page in code: one link per language in codes,
// each named in itself with its lang, hreflang and dir, the current one marked; it returns the
// links by language.
func wantLanguageMenu(t *testing.T, p page, code string, codes ...string) map[string]string {
	t.Helper()
	names := map[string]string{}
	for _, l := range core.Catalogue().Languages() {
		names[l.Code] = l.Name
	}
	if !strings.Contains(p.body, `<nav class="talen" aria-label="`) {
		t.Errorf("no language menu: %s", p)
	}
	links := map[string]string{}
	var got []string
	for _, m := range menuLinkPattern.FindAllStringSubmatch(p.body, -1) {
		u, lang, hreflang, dir, current, name := html.UnescapeString(m[1]), m[2], m[3], m[4], m[5] != "", m[6]
		got = append(got, lang)
		links[lang] = u
		if hreflang != lang || name != names[lang] || (dir == "rtl") != (lang == "ar") {
			t.Errorf("menu entry %q: lang %s hreflang %s dir %s", name, lang, hreflang, dir)
		}
		if current != (lang == code) {
			t.Errorf("menu entry %s marked current=%v on a page in %s", lang, current, code)
		}
		if q, _ := url.Parse(u); (q.Query().Get("lang") == "") != (lang == "nl") || (lang != "nl" && q.Query().Get("lang") != lang) {
			t.Errorf("menu entry %s links to %q", lang, u)
		}
	}
	if strings.Join(got, ",") != strings.Join(codes, ",") {
		t.Errorf("language menu %v, want %v", got, codes)
	}
	return links
}

// TestPagesPublicPagesInEveryLanguage: every public page, in every language of the catalogues, has
// its lang and dir, the menu with every language, links and forms that stay in the language, and no
// key where a text should be; Turkish and Arabic pages are translated, not Dutch.
func TestPagesPublicPagesInEveryLanguage(t *testing.T) {
	if k := rawKeys(`<p title="e404.text">home.titel, <a href="/x.y">naam@voorbeeld.nl</a> meldpunt.nl</p>`); strings.Join(k, " ") != "home.titel e404.text" {
		t.Fatalf("rawKeys finds %v", k)
	}
	h := newHarness(t)
	pooled := h.pooled("Cliëntenbelang Haarlem")
	r := h.file(h.orgA)
	var codes []string
	for _, l := range core.Catalogue().Languages() {
		codes = append(codes, l.Code)
	}
	if strings.Join(codes, ",") != "nl,en,ar,tr" {
		t.Fatalf("languages %v", codes)
	}
	dutchTitle := map[string]string{}
	type shown struct {
		name   string
		status int
		get    func(code string) page
	}
	get := func(path string) func(string) page {
		return func(code string) page {
			if code == "nl" {
				return h.getPage(path)
			}
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			return h.getPage(path + sep + "lang=" + code)
		}
	}
	post := func(path string, form func() url.Values) func(string) page {
		return func(code string) page {
			f := form()
			if code != "nl" {
				f.Set("lang", code)
			}
			return h.postForm(path, f, nil)
		}
	}
	pages := []shown{
		{"home", http.StatusOK, get("/")},
		{"complaint form", http.StatusOK, get("/klacht")},
		{"complaint form with errors", http.StatusUnprocessableEntity, post("/klacht", func() url.Values { return url.Values{} })},
		{"confirmation", http.StatusOK, post("/klacht", func() url.Values { return complaintForm(h.orgA) })},
		{"status form", http.StatusOK, get("/status")},
		{"case", http.StatusOK, post("/status", func() url.Values {
			return url.Values{"reference": {r.Reference}, "tracking_code": {r.TrackingCode}}
		})},
		{"status not found", http.StatusNotFound, post("/status", func() url.Values {
			return url.Values{"reference": {r.Reference}, "tracking_code": {"XXXX-XXXX-XXXX"}}
		})},
		{"supporters", http.StatusOK, get("/ondersteuning")},
		{"supporters filtered", http.StatusOK, get("/ondersteuning?taal=ar")},
		{"help request form", http.StatusOK, get(fmt.Sprintf("/ondersteuning/%d/vraag", pooled))},
		{"help request lookup", http.StatusOK, get("/hulpvraag")},
		{"privacy", http.StatusOK, get("/privacy")},
		{"sign-in", http.StatusOK, get("/inloggen")},
		{"not found", http.StatusNotFound, get("/bestaat-niet")},
	}
	// Every other page without parameters that answers without signing in is public too (the pages
	// to come: contact, accessibility, ...).
	listed := map[string]bool{"/": true, "/klacht": true, "/status": true, "/ondersteuning": true, "/hulpvraag": true,
		"/privacy": true, "/inloggen": true, "/wachtwoord-herstellen": true}
	var more []string
	for route := range h.server.PageRoutes {
		path, ok := strings.CutPrefix(route, "GET ")
		if ok && !listed[path] && !strings.ContainsAny(path, ":*") && h.getPage(path).status == http.StatusOK {
			more = append(more, path)
		}
	}
	sort.Strings(more)
	t.Logf("other public pages: %v", more)
	for _, path := range more {
		pages = append(pages, shown{path, http.StatusOK, get(path)})
	}
	for _, pg := range pages {
		for _, code := range codes {
			t.Run(pg.name+"_"+code, func(t *testing.T) {
				p := pg.get(code)
				wantPage(t, p, pg.status, code)
				wantLanguageMenu(t, p, code, codes...)
				if code != "nl" {
					wantLanguageLinks(t, p, code)
				}
				if keys := rawKeys(p.body); len(keys) > 0 {
					t.Errorf("keys instead of texts: %v", keys)
				}
				if code != "nl" && code != "en" {
					if leaks := dutchLeaks(p.body, code); len(leaks) > 0 {
						t.Errorf("Dutch texts of keys the %s catalogue lacks (public texts to translate, i18n.publicKeys): %v", code, leaks)
					}
				}
				m := titleTextPattern.FindStringSubmatch(p.body)
				if m == nil {
					t.Fatal("no title")
				}
				if code == "nl" {
					dutchTitle[pg.name] = m[1]
				} else if code != "en" && m[1] == dutchTitle[pg.name] {
					t.Errorf("the title %q is the Dutch one", m[1])
				}
			})
		}
	}
}

// TestPagesTurkishAndArabic: ?lang=tr and ?lang=ar set the page's lang and direction, the menu names
// every language in itself, a form's error summary is in the page's language, the form says that
// letters are Dutch or English, and a post keeps the language.
func TestPagesTurkishAndArabic(t *testing.T) {
	h := newHarness(t)

	ar := h.getPage("/?lang=ar")
	wantPage(t, ar, http.StatusOK, "ar")
	for _, want := range []string{`<html lang="ar" dir="rtl">`, `aria-label="اختر لغة"`, `>Nederlands</a>`, `>English</a>`,
		`>Türkçe</a>`, `hreflang="ar" dir="rtl" aria-current="true">العربية</a>`, `<a href="/klacht?lang=ar"`} {
		if !strings.Contains(ar.body, want) {
			t.Errorf("the Arabic home page lacks %s", want)
		}
	}
	tr := h.getPage("/?lang=tr")
	for _, want := range []string{`<html lang="tr" dir="ltr">`, `href="/?lang=ar" lang="ar" hreflang="ar" dir="rtl">العربية</a>`,
		`href="/" lang="nl" hreflang="nl" dir="ltr">Nederlands</a>`, `aria-current="true">Türkçe</a>`} {
		if !strings.Contains(tr.body, want) {
			t.Errorf("the Turkish home page lacks %s", want)
		}
	}
	// An unknown language is Dutch.
	wantPage(t, h.getPage("/?lang=xx"), http.StatusOK, "nl")

	// The form's errors in Turkish: the summary, the messages, the title; the hidden lang keeps it.
	p := h.postForm("/klacht", url.Values{"lang": {"tr"}}, nil)
	wantPage(t, p, http.StatusUnprocessableEntity, "tr")
	summary := errorSummary(t, p)
	msgs := wantErrors(t, p, "complainant_name", "complainant_email", "organisation_ids", "grounds", "life_domains", "summary")
	if !strings.Contains(summary, "Bir şey doğru doldurulmadı") || msgs["complainant_name"] != "Adınızı yazın." ||
		!strings.HasPrefix(title(p), "Hata: ") {
		t.Errorf("Turkish errors: title %q, summary %s, messages %v", title(p), summary, msgs)
	}
	if !strings.Contains(p.body, `<input type="hidden" name="lang" value="tr">`) {
		t.Error("the Turkish form does not keep its language")
	}
	// Letters are Dutch or English: the Turkish and Arabic forms say so, the Dutch one does not.
	if form := h.getPage("/klacht?lang=tr"); !strings.Contains(form.body, "Mektuplarımızı yalnızca Felemenkçe veya İngilizce gönderiyoruz.") {
		t.Error("the Turkish form does not say that letters are Dutch or English")
	}
	if form := h.getPage("/klacht?lang=ar"); !strings.Contains(form.body, "نرسل الرسائل باللغة الهولندية أو الإنجليزية فقط.") {
		t.Error("the Arabic form does not say that letters are Dutch or English")
	}
	if form := h.getPage("/klacht"); strings.Contains(form.body, "Wij sturen brieven alleen") {
		t.Error("the Dutch form explains the letters' language")
	}

	// Filed from a Turkish page: the confirmation is Turkish, the letters Dutch.
	done := h.postForm("/klacht", func() url.Values {
		f := complaintForm(h.orgA)
		f.Set("language", "nl") // preselected on the form
		f.Set("lang", "tr")
		return f
	}(), nil)
	wantPage(t, done, http.StatusOK, "tr")
	if !strings.Contains(done.body, "Şikâyetiniz alındı") {
		t.Errorf("the Turkish confirmation: %s", done)
	}
	ref := pageReferencePattern.FindStringSubmatch(done.body)
	if ref == nil {
		t.Fatal("no reference on the confirmation")
	}
	if lg := h.complaint(ref[1]).Language; lg != "nl" {
		t.Errorf("letters of a complaint filed in Turkish: %q, want nl", lg)
	}

	// A menu link on a page rendered from a post leads to the form's own address.
	links := wantLanguageMenu(t, p, "tr", "nl", "en", "ar", "tr")
	if links["ar"] != "/klacht?lang=ar" || links["nl"] != "/klacht" {
		t.Errorf("menu after a post: %v", links)
	}
	// On a page of a post-only address, the nearest page above it.
	status := h.postForm("/status/brief/1", url.Values{"lang": {"ar"}}, nil)
	if links := wantLanguageMenu(t, status, "ar", "nl", "en", "ar", "tr"); links["tr"] != "/status?lang=tr" {
		t.Errorf("menu after a post to /status/brief/1: %v", links)
	}
	// The menu keeps a page's own query (the directory's filters) but replaces lang.
	dir := h.getPage("/ondersteuning?taal=ar&lang=tr")
	if links := wantLanguageMenu(t, dir, "tr", "nl", "en", "ar", "tr"); links["en"] != "/ondersteuning?lang=en&taal=ar" || links["nl"] != "/ondersteuning?taal=ar" {
		t.Errorf("menu of the filtered directory: %v", links)
	}
}

// TestPagesSignedInPagesStayDutchOrEnglish: behind sign-in the pages exist in Dutch and English
// only: ?lang=tr or ?lang=ar gives Dutch, left to right, and the menu offers Dutch and English.
func TestPagesSignedInPagesStayDutchOrEnglish(t *testing.T) {
	h := newHarness(t)
	for _, c := range []struct {
		path string
		as   role
	}{{"/werk", staff}, {"/werk/post", staff}, {"/organisatie", orgA}, {"/raad", council}, {"/ondersteuner", supporter},
		{"/account/wachtwoord", staff}} {
		for _, code := range []string{"tr", "ar"} {
			t.Run(strings.TrimPrefix(c.path, "/")+"_"+code, func(t *testing.T) {
				p := h.pageAs("GET", c.path+"?lang="+code, c.as, nil)
				wantPage(t, p, http.StatusOK, "nl")
				links := wantLanguageMenu(t, p, "nl", "nl", "en")
				if links["en"] != c.path+"?lang=en" || links["nl"] != c.path {
					t.Errorf("menu %v", links)
				}
				if keys := rawKeys(p.body); len(keys) > 0 {
					t.Errorf("keys instead of texts: %v", keys)
				}
			})
		}
	}
	en := h.pageAs("GET", "/werk?lang=en", staff, nil)
	wantPage(t, en, http.StatusOK, "en")
	wantLanguageMenu(t, en, "en", "nl", "en")
	// Without a session, the sign-in page (which is public) keeps a language the page offers.
	p := h.getPage("/werk?lang=tr")
	if p.status != http.StatusSeeOther || !strings.Contains(p.header.Get("Location"), "lang=nl") &&
		strings.Contains(p.header.Get("Location"), "lang=") {
		t.Errorf("/werk?lang=tr without a session: %d %s", p.status, p.header.Get("Location"))
	}
}

// TestPageTextsInEveryLanguage: the catalogues the pages use, with the texts still added as Go maps
// (core.AddTexts) by every page package, carry every key in Dutch and English and every public key
// in every language; a public text added through AddTexts without its translations fails here.
func TestPageTextsInEveryLanguage(t *testing.T) {
	for _, p := range core.Catalogue().Problems() {
		t.Error(p)
	}
}
