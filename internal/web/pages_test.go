package web_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"meldpunt/internal/casework"
	"meldpunt/internal/web"
)

// Tests of the public pages: rendering in both languages, the complaint form and its errors, the
// confirmation, the status page and the letter download, escaping of everything a resident typed,
// CSRF, rate limiting and the security headers.

const wantCSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// page is an HTML response.
type page struct {
	status int
	header http.Header
	body   string
}

func (p page) String() string {
	b := p.body
	if len(b) > 1500 {
		b = b[:1500] + "…"
	}
	return fmt.Sprintf("%d %s", p.status, b)
}

// getPage fetches a page.
func (h *harness) getPage(path string) page {
	h.t.Helper()
	return h.pageRequest("GET", path, nil, nil)
}

// postForm posts a form as a browser on this site would (no Origin or Sec-Fetch-Site header, as
// older browsers and non-browser clients send it, unless header sets them).
func (h *harness) postForm(path string, form url.Values, header map[string]string) page {
	h.t.Helper()
	return h.pageRequest("POST", path, form, header)
}

func (h *harness) pageRequest(method, path string, form url.Values, header map[string]string) page {
	h.t.Helper()
	p, _ := h.sendPage(method, path, form, header, "")
	return p
}

// sendPage sends a page request, with a form body, extra headers and the session cookie token
// when they are given, and returns the page and the (closed) response for its cookies.
func (h *harness) sendPage(method, path string, form url.Values, header map[string]string, token string) (page, *http.Response) {
	h.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(h.withFormToken(method, path, form).Encode())
	}
	req, err := http.NewRequest(method, h.ts.URL+path, body)
	if err != nil {
		h.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	if token != "" {
		req.AddCookie(&http.Cookie{Name: "meldpunt_sessie", Value: token})
	}
	res, err := h.client.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return page{status: res.StatusCode, header: res.Header, body: string(data)}, res
}

// withFormToken adds to a post of the complaint form without a form_token the token a person gets
// who opened the form a minute ago (by the server's clock): the least fill time is met without
// sleeping. Tests of that check post their own token.
func (h *harness) withFormToken(method, path string, form url.Values) url.Values {
	if method != "POST" || (path != "/klacht" && !strings.HasPrefix(path, "/klacht?")) || form.Has("form_token") || h.store == nil {
		return form
	}
	if h.formKey == nil {
		key, err := h.store.FormKey(context.Background())
		if err != nil {
			return form
		}
		h.formKey = key
	}
	with := url.Values{}
	for k, v := range form {
		with[k] = v
	}
	with.Set("form_token", forgeFormToken(h.formKey, h.store.Now().Add(-time.Minute)))
	return with
}

// forgeFormToken is the token of a form handed out at at, as the server signs it: the unix seconds,
// a full stop and the hex HMAC-SHA256 of "complaint-form:" and those seconds.
func forgeFormToken(key []byte, at time.Time) string {
	ts := strconv.FormatInt(at.Unix(), 10)
	m := hmac.New(sha256.New, key)
	m.Write([]byte("complaint-form:" + ts))
	return ts + "." + hex.EncodeToString(m.Sum(nil))
}

// wantPage checks the status, that the answer is an HTML page in language l with one h1 and the
// security headers, and that it holds no script and no inline style.
func wantPage(t *testing.T, p page, status int, l string) {
	t.Helper()
	if p.status != status {
		t.Fatalf("want %d: %s", status, p)
	}
	if ct := p.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	dir := "ltr"
	if l == "ar" {
		dir = "rtl"
	}
	if !strings.Contains(p.body, `<html lang="`+l+`" dir="`+dir+`">`) {
		t.Errorf("no <html lang=%q dir=%q>: %s", l, dir, p)
	}
	if n := strings.Count(p.body, "<h1"); n != 1 {
		t.Errorf("%d h1 elements, want 1", n)
	}
	for _, landmark := range []string{"<header", "<nav", `<main id="inhoud"`, "<footer", `href="#inhoud"`} {
		if !strings.Contains(p.body, landmark) {
			t.Errorf("no %s", landmark)
		}
	}
	csp := p.header.Get("Content-Security-Policy")
	if csp != wantCSP || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
		"X-Frame-Options": "DENY", "Cache-Control": "no-store"} {
		if got := p.header.Get(k); got != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
	if bad := unsafeMarkup(p.body); len(bad) > 0 {
		t.Errorf("unsafe markup in the page: %v", bad)
	}
}

// unsafeMarkup parses a page as a browser would and lists what could run code or bypass the CSP:
// script and style elements, style and event-handler attributes, javascript: URLs, and any element
// outside the small set the templates use.
func unsafeMarkup(body string) []string {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return []string{err.Error()}
	}
	allowed := map[string]bool{"html": true, "head": true, "meta": true, "title": true, "link": true, "body": true,
		"a": true, "header": true, "div": true, "p": true, "nav": true, "ul": true, "ol": true, "li": true, "main": true,
		"h1": true, "h2": true, "h3": true, "h4": true, "footer": true, "form": true, "input": true, "fieldset": true,
		"legend": true, "label": true, "textarea": true, "button": true, "span": true, "strong": true,
		"dl": true, "dt": true, "dd": true, "section": true, "img": true, "bdi": true, "article": true, "blockquote": true,
		"table": true, "caption": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true, "br": true}
	var bad []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if !allowed[n.Data] {
				bad = append(bad, "<"+n.Data+">")
			}
			for _, a := range n.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				switch {
				case strings.HasPrefix(a.Key, "on"), a.Key == "style", a.Key == "src" && n.Data != "img":
					bad = append(bad, n.Data+" "+a.Key)
				case a.Key == "src" && (!strings.HasPrefix(v, "/") || strings.HasPrefix(v, "//")):
					// An image only from this site (the QR code of two-step sign-in).
					bad = append(bad, n.Data+" src="+a.Val)
				case (a.Key == "href" || a.Key == "action" || a.Key == "formaction") && strings.HasPrefix(v, "javascript:"):
					bad = append(bad, n.Data+" "+a.Key+"="+a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return bad
}

var (
	hrefPattern   = regexp.MustCompile(`(?:href|action)="([^"]*)"`)
	idPattern     = regexp.MustCompile(`\sid="([^"]+)"`)
	titlePattern  = regexp.MustCompile(`<title>([^<]*)</title>`)
	inputPattern  = regexp.MustCompile(`<input type="(checkbox|radio)" id="([^"]+)" name="([^"]+)" value="([^"]*)"( checked)?`)
	summaryLinks  = regexp.MustCompile(`<li><a href="#([^"]+)">([^<]+)</a></li>`)
	describedByRe = regexp.MustCompile(`aria-describedby="([^"]+)"`)
)

// wantEnglishLinks checks that every local link and form of an English page stays English, and
// that every form carries the hidden lang input.
func wantEnglishLinks(t *testing.T, p page) {
	t.Helper()
	wantLanguageLinks(t, p, "en")
}

// wantLanguageLinks checks that every local link and form of a page in language code stays in it
// (the language menu's links, marked by hreflang, lead to the other languages on purpose), and that
// every form carries the hidden lang input.
func wantLanguageLinks(t *testing.T, p page, code string) {
	t.Helper()
	for _, m := range hrefPattern.FindAllStringSubmatch(p.body, -1) {
		u := m[1]
		if strings.HasPrefix(u, "#") || strings.HasPrefix(u, "/static/") || strings.HasPrefix(u, "tel:") || strings.HasPrefix(u, "mailto:") {
			continue
		}
		// A GET form keeps the language with its hidden lang input.
		if strings.Contains(p.body, `method="get" action="`+u+`"`) {
			continue
		}
		if regexp.MustCompile(`href="` + regexp.QuoteMeta(u) + `" lang="[a-z]+" hreflang=`).MatchString(p.body) {
			continue
		}
		// lang comes last in the query: alone, or after the page's own parameters.
		if !strings.HasSuffix(u, "?lang="+code) && !strings.HasSuffix(u, "&amp;lang="+code) {
			t.Errorf("page in %s links to %q without lang=%s", code, u, code)
		}
	}
	if forms, hidden := strings.Count(p.body, "<form"), strings.Count(p.body, `<input type="hidden" name="lang" value="`+code+`">`); forms != hidden {
		t.Errorf("%d forms but %d hidden lang inputs", forms, hidden)
	}
}

func title(p page) string {
	m := titlePattern.FindStringSubmatch(p.body)
	if m == nil {
		return ""
	}
	return m[1]
}

// TestPagesRenderInBothLanguages: every public page answers in Dutch and in English, accessible in
// its structure and with the security headers.
func TestPagesRenderInBothLanguages(t *testing.T) {
	h := newHarness(t)
	for _, path := range []string{"/", "/klacht", "/status"} {
		for _, l := range []string{"nl", "en"} {
			t.Run(strings.TrimPrefix(path, "/")+"_"+l, func(t *testing.T) {
				u := path
				if l == "en" {
					u += "?lang=en"
				}
				p := h.getPage(u)
				wantPage(t, p, http.StatusOK, l)
				if strings.HasPrefix(title(p), "Fout") || strings.HasPrefix(title(p), "Error") {
					t.Errorf("title %q of a page without errors", title(p))
				}
				// The language switch leads to the same page in the other language.
				other, otherURL := "en", path+"?lang=en"
				if l == "en" {
					other, otherURL = "nl", path
					wantEnglishLinks(t, p)
				}
				if !strings.Contains(p.body, `href="`+otherURL+`" lang="`+other+`"`) {
					t.Errorf("no language switch to %s", otherURL)
				}
				ids := map[string]int{}
				for _, m := range idPattern.FindAllStringSubmatch(p.body, -1) {
					ids[m[1]]++
				}
				for id, n := range ids {
					if n > 1 {
						t.Errorf("id %q occurs %d times", id, n)
					}
				}
			})
		}
	}
	home := h.getPage("/")
	for _, want := range []string{"onafhankelijk", "gratis", "twee weken", "cliëntondersteuner", `href="/klacht"`, `href="/status"`} {
		if !strings.Contains(home.body, want) {
			t.Errorf("the home page does not mention %q", want)
		}
	}
	homeEN := h.getPage("/?lang=en")
	for _, want := range []string{"independent", "free", "two weeks", "client supporter"} {
		if !strings.Contains(homeEN.body, want) {
			t.Errorf("the English home page does not mention %q", want)
		}
	}

	// The form, in steps (pages/intake.go): every field by its name on one of the steps, each control
	// labelled, the organisations of the store.
	form := h.getPage("/klacht").body
	for _, step := range []string{"organisation", "what", "wish", "supporter"} {
		form += h.postForm("/klacht/stap/contact", url.Values{"goto": {step}}, nil).body
	}
	for _, name := range []string{"complainant_name", "complainant_email", "complainant_phone", "complainant_street",
		"complainant_postcode", "complainant_city", "summary", "desired_outcome", "occurred_on_day", "occurred_on_month",
		"occurred_on_year", "organisation_unknown", "life_domain_text", "life_domain_unknown", "supporter_name",
		"supporter_email", "supporter_phone", "supporter_street", "supporter_postcode", "supporter_city", "supporter_consent"} {
		if !strings.Contains(form, `id="`+name+`" name="`+name+`"`) || !strings.Contains(form, `<label for="`+name+`"`) {
			t.Errorf("field %s is missing or has no label", name)
		}
	}
	if !strings.Contains(form, `<input type="text" id="occurred_on_day" name="occurred_on_day" value="" inputmode="numeric"`) ||
		!strings.Contains(form, `<textarea id="summary"`) {
		t.Error("the date is not three numeric fields or summary no textarea")
	}
	choices := map[string][]string{}
	for _, m := range inputPattern.FindAllStringSubmatch(form, -1) {
		choices[m[3]] = append(choices[m[3]], m[4])
		if !strings.Contains(form, `<label for="`+m[2]+`">`) {
			t.Errorf("choice %s has no label", m[2])
		}
	}
	// No choice of the letters' language: it follows the pages' language.
	want := map[string][]string{
		"organisation_unknown": {"yes"},
		"life_domain_unknown":  {"yes"},
		"organisation_ids":     {strconv.FormatInt(h.orgA, 10), strconv.FormatInt(h.orgB, 10)},
		"grounds":              {"treatment", "solution", "procedure"},
		"life_domains":         {"social_support", "preventive_care", "care", "youth_care", "education", "wellbeing", "housing", "work", "income"},
		"supporter_consent":    {"yes"},
	}
	for name, values := range want {
		if !slices.Equal(slices.Sorted(slices.Values(choices[name])), slices.Sorted(slices.Values(values))) {
			t.Errorf("choices of %s: %v, want %v", name, choices[name], values)
		}
	}
	for _, group := range []string{"organisation_ids", "grounds", "life_domains"} {
		if !strings.Contains(form, `id="`+group+`" name="`+group+`"`) {
			t.Errorf("the first choice of %s does not have the id %s", group, group)
		}
	}
	if n, m := strings.Count(form, "<fieldset"), strings.Count(form, "<legend>"); n < 7 || n != m {
		t.Errorf("%d fieldsets and %d legends", n, m)
	}
	for _, name := range []string{orgAName, orgBName} {
		if !strings.Contains(form, name) {
			t.Errorf("the form does not offer %s", name)
		}
	}

	// The stylesheet is embedded, served with a long cache lifetime, and linked by its version.
	css := h.getPage("/static/site.css")
	if css.status != http.StatusOK || !strings.HasPrefix(css.header.Get("Content-Type"), "text/css") ||
		!strings.Contains(css.header.Get("Cache-Control"), "max-age=31536000") || !strings.Contains(css.body, "@media print") {
		t.Fatalf("stylesheet: %d %q %q", css.status, css.header.Get("Content-Type"), css.header.Get("Cache-Control"))
	}
	if !regexp.MustCompile(`<link rel="stylesheet" href="/static/site.css\?v=[0-9a-f]{12}">`).MatchString(home.body) {
		t.Error("the pages do not link the versioned stylesheet")
	}
}

// TestPagesErrorsAreHTMLOnPagesAndProblemsOnTheAPI: unknown paths and methods answer an HTML page
// outside the API and a problem document inside it.
func TestPagesErrorsAreHTMLOnPagesAndProblemsOnTheAPI(t *testing.T) {
	h := newHarness(t)
	for _, c := range []struct {
		method, path string
		status       int
		l            string
	}{
		{"GET", "/bestaat-niet", 404, "nl"},
		{"GET", "/bestaat-niet?lang=en", 404, "en"},
		{"GET", "/static/nope.css", 404, "nl"},
		{"GET", "/static/", 404, "nl"},
		{"GET", "/static/../pages.go", 404, "nl"},
		{"DELETE", "/klacht", 405, "nl"},
		{"GET", "/status/brief/1", 405, "nl"},
	} {
		p := h.pageRequest(c.method, c.path, nil, nil)
		wantPage(t, p, c.status, c.l)
		if !strings.HasPrefix(title(p), map[string]string{"nl": "Fout: ", "en": "Error: "}[c.l]) {
			t.Errorf("%s %s: title %q", c.method, c.path, title(p))
		}
	}
	// A form larger than the body limit is refused with a page, and stores nothing.
	huge := complaintForm(h.orgA)
	huge.Set("summary", strings.Repeat("a", web.MaxBodyBytes+1))
	huge.Set("lang", "en")
	wantPage(t, h.postForm("/klacht?lang=en", huge, nil), http.StatusRequestEntityTooLarge, "en")
	if n := h.count(`SELECT count(*) FROM complaints`); n != 0 {
		t.Fatalf("%d complaints stored", n)
	}
	h.call("GET", "/api/v1/bestaat-niet", anon, nil).problem(t, http.StatusNotFound, "not_found")
	h.call("DELETE", "/api/v1/complaints", anon, nil).problem(t, http.StatusMethodNotAllowed, "method_not_allowed")
}

// complaintForm is a valid complaint form about org.
func complaintForm(org int64) url.Values {
	return url.Values{
		"complainant_name":     {piiName},
		"complainant_email":    {piiEmail},
		"complainant_phone":    {piiPhone},
		"complainant_street":   {piiStreet},
		"complainant_postcode": {piiPostcode},
		"complainant_city":     {piiCity},
		"language":             {"en"},
		"organisation_ids":     {strconv.FormatInt(org, 10)},
		"grounds":              {"treatment", "procedure"},
		"life_domains":         {"care", "housing"},
		"summary":              {"Mijn aanvraag voor huishoudelijke hulp bleef maanden liggen.\nAan de balie werd ik afgewezen."},
		"desired_outcome":      {"Een besluit op mijn aanvraag en excuses."},
		"occurred_on":          {"2026-02-20"},
		"supporter_id":         {"informal"},
		"supporter_name":       {"Onafhankelijk Ondersteuner"},
		"supporter_email":      {"ondersteuner@mee.example"},
		"supporter_phone":      {"023-5551234"},
		"supporter_street":     {"Spaarne 96"},
		"supporter_postcode":   {"2011cl"},
		"supporter_city":       {"Haarlem"},
		"supporter_consent":    {"yes"},
	}
}

// wantErrors checks the error summary and the errors beside the fields: the summary links exactly
// fields, every link has a target, and every target shows its error and refers to it.
func wantErrors(t *testing.T, p page, fields ...string) map[string]string {
	t.Helper()
	if !strings.Contains(p.body, `<div id="fouten" class="foutoverzicht" role="alert" tabindex="-1">`) {
		t.Fatalf("no error summary: %s", p)
	}
	msgs := map[string]string{}
	var linked []string
	for _, m := range summaryLinks.FindAllStringSubmatch(p.body, -1) {
		linked = append(linked, m[1])
		msgs[m[1]] = m[2]
	}
	slices.Sort(linked)
	want := slices.Sorted(slices.Values(fields))
	if !slices.Equal(linked, want) {
		t.Errorf("the error summary links %v, want %v", linked, want)
	}
	describedBy := strings.Join(func() []string {
		var all []string
		for _, m := range describedByRe.FindAllStringSubmatch(p.body, -1) {
			all = append(all, m[1])
		}
		return all
	}(), " ")
	for _, f := range linked {
		if !strings.Contains(p.body, ` id="`+f+`"`) {
			t.Errorf("the summary links #%s, which is not on the page", f)
		}
		if !strings.Contains(p.body, `<p class="fout" id="`+f+`-fout">`+msgs[f]+`</p>`) {
			t.Errorf("no error beside %s saying %q", f, msgs[f])
		}
		if !slices.Contains(strings.Fields(describedBy), f+"-fout") {
			t.Errorf("nothing refers to %s-fout with aria-describedby", f)
		}
	}
	return msgs
}

// TestPagesComplaintEmptyForm: an empty form is refused with 422, an error summary linking every
// missing field, and errors beside the fields, in the page's language; nothing is stored.
func TestPagesComplaintEmptyForm(t *testing.T) {
	h := newHarness(t)
	before := h.fingerprint()
	p := h.postForm("/klacht", url.Values{}, nil)
	wantPage(t, p, http.StatusUnprocessableEntity, "nl")
	msgs := wantErrors(t, p, "complainant_name", "complainant_email", "organisation_ids", "grounds", "life_domains", "summary")
	if !strings.HasPrefix(title(p), "Fout: ") {
		t.Errorf("title %q", title(p))
	}
	if msgs["complainant_name"] != "Vul uw naam in." || msgs["summary"] != "Beschrijf wat er is gebeurd." {
		t.Errorf("messages %v", msgs)
	}
	for _, invalid := range []string{`id="complainant_name" name="complainant_name" value="" autocomplete="name" aria-required="true" aria-describedby="complainant_name-fout" aria-invalid="true"`,
		`id="grounds" name="grounds" value="treatment" aria-invalid="true"`} {
		if !strings.Contains(p.body, invalid) {
			t.Errorf("no %s", invalid)
		}
	}
	if strings.Contains(p.body, `id="complainant_phone" name="complainant_phone" value="" autocomplete="tel" aria-invalid`) {
		t.Error("a valid field is marked invalid")
	}
	if h.fingerprint() != before {
		t.Fatal("a refused form changed the database")
	}

	en := h.postForm("/klacht", url.Values{"lang": {"en"}}, nil)
	wantPage(t, en, http.StatusUnprocessableEntity, "en")
	msgs = wantErrors(t, en, "complainant_name", "complainant_email", "organisation_ids", "grounds", "life_domains", "summary")
	if !strings.HasPrefix(title(en), "Error: ") || msgs["complainant_name"] != "Fill in your name." {
		t.Errorf("English errors: title %q, messages %v", title(en), msgs)
	}
	wantEnglishLinks(t, en)
}

// TestPagesComplaintKeepsEverythingTyped: a form refused for one error comes back with every value
// typed, escaped, and every box ticked still ticked.
func TestPagesComplaintKeepsEverythingTyped(t *testing.T) {
	h := newHarness(t)
	form := complaintForm(h.orgB)
	form["complainant_postcode"] = []string{"12345"}
	form["complainant_name"] = []string{`Jan "de Vries" & <zoon>`}
	form["summary"] = []string{"Regel één met 'aanhalingstekens'\nRegel twee met <b>opmaak</b> & meer"}
	form["occurred_on"] = []string{"2099-01-01"}
	form["lang"] = []string{"en"}
	p := h.postForm("/klacht", form, nil)
	wantPage(t, p, http.StatusUnprocessableEntity, "en")
	msgs := wantErrors(t, p, "complainant_postcode", "occurred_on")
	if msgs["complainant_postcode"] != "Enter a postcode like 2011 AB." {
		t.Errorf("messages %v", msgs)
	}
	for name, values := range form {
		if name == "lang" {
			continue
		}
		for _, v := range values {
			if name == "organisation_ids" || name == "grounds" || name == "life_domains" || name == "language" || name == "supporter_consent" {
				continue
			}
			if !strings.Contains(p.body, template.HTMLEscapeString(v)) {
				t.Errorf("%s: %q is not in the page", name, v)
			}
		}
	}
	if strings.Contains(p.body, "<zoon>") || strings.Contains(p.body, "<b>opmaak") {
		t.Error("typed markup is in the page unescaped")
	}
	checked := map[string]bool{}
	for _, m := range inputPattern.FindAllStringSubmatch(p.body, -1) {
		checked[m[3]+"="+m[4]] = m[5] != ""
	}
	for key, on := range checked {
		name, value, _ := strings.Cut(key, "=")
		if want := slices.Contains(form[name], value); on != want {
			t.Errorf("%s checked=%v, want %v", key, on, want)
		}
	}
	if len(checked) < 17 {
		t.Errorf("only %d choices on the page", len(checked))
	}
	if n := h.count(`SELECT count(*) FROM complaints`); n != 0 {
		t.Fatalf("%d complaints stored", n)
	}
}

// TestPagesComplaintSupporterNeedsAWholeAddress: a supporter's postal address is street, postcode
// and town, or nothing; half an address is refused at the supporter's street, keeping what was typed.
func TestPagesComplaintSupporterNeedsAWholeAddress(t *testing.T) {
	h := newHarness(t)
	form := complaintForm(h.orgB)
	form["supporter_city"] = []string{""}
	p := h.postForm("/klacht", form, nil)
	wantPage(t, p, http.StatusUnprocessableEntity, "nl")
	msgs := wantErrors(t, p, "supporter_street")
	if msgs["supporter_street"] != "Vul voor het adres van de cliëntondersteuner straat en huisnummer, postcode én plaats in." {
		t.Errorf("messages %v", msgs)
	}
	for _, typed := range []string{`value="Spaarne 96"`, `value="2011cl"`} {
		if !strings.Contains(p.body, typed) {
			t.Errorf("the page lost %s", typed)
		}
	}
	if n := h.count(`SELECT count(*) FROM complaints`); n != 0 {
		t.Fatalf("%d complaints stored", n)
	}
}

var (
	formTokenPattern     = regexp.MustCompile(`<input type="hidden" name="form_token" value="([0-9]+\.[0-9a-f]{64})">`)
	pageReferencePattern = regexp.MustCompile(`<p id="referentie" class="code">(MP-\d{4}-\d{6,})</p>`)
	pageCodePattern      = regexp.MustCompile(`<p id="volgcode" class="code">([0-9A-Z-]{23})</p>`)
)

// filePage files form and returns the confirmation page with the reference and tracking code on it.
func (h *harness) filePage(form url.Values, header map[string]string) (page, receipt) {
	h.t.Helper()
	p := h.postForm("/klacht", form, header)
	if p.status != http.StatusOK {
		h.t.Fatalf("filing the form: %s", p)
	}
	ref, code := pageReferencePattern.FindStringSubmatch(p.body), pageCodePattern.FindStringSubmatch(p.body)
	if ref == nil || code == nil {
		h.t.Fatalf("no reference or tracking code on the confirmation: %s", p)
	}
	return p, receipt{Reference: ref[1], TrackingCode: code[1]}
}

// TestPagesComplaintFiled: a valid form files the complaint as the resident, on the web, with every
// field, and answers the confirmation itself: the tracking code never travels in a URL.
func TestPagesComplaintFiled(t *testing.T) {
	h := newHarness(t)
	form := complaintForm(h.orgA)
	form["organisation_ids"] = append(form["organisation_ids"], strconv.FormatInt(h.orgB, 10))
	p, r := h.filePage(form, map[string]string{"Origin": h.ts.URL, "Sec-Fetch-Site": "same-origin"})
	wantPage(t, p, http.StatusOK, "nl")
	if loc := p.header.Get("Location"); loc != "" {
		t.Errorf("Location %q", loc)
	}
	for _, m := range hrefPattern.FindAllStringSubmatch(p.body, -1) {
		if strings.Contains(m[1], r.TrackingCode) || strings.Contains(m[1], r.Reference) {
			t.Errorf("a URL on the confirmation carries the case: %s", m[1])
		}
	}
	for _, want := range []string{"Print deze pagina", "ontvangstbevestiging", `<strong id="uiterlijk">14 april 2026</strong>`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the confirmation does not say %q", want)
		}
	}

	c, err := h.store.Complaint(context.Background(), casework.ActorOf(h.w.users[staff]), r.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if c.Channel != casework.ChannelWeb || c.Language != casework.LanguageEnglish || c.Status != casework.StatusReceived ||
		c.Complainant != (casework.Contact{Name: piiName, Email: piiEmail, Phone: piiPhone, Street: piiStreet, Postcode: piiPostcode, City: piiCity}) ||
		!slices.Equal(c.Grounds, []casework.Ground{"procedure", "treatment"}) ||
		!slices.Equal(c.LifeDomains, []casework.LifeDomain{"care", "housing"}) ||
		c.Summary != form.Get("summary") || c.DesiredOutcome != form.Get("desired_outcome") || c.OccurredOn != "2026-02-20" ||
		c.Supporter == nil || *c.Supporter != (casework.Contact{Name: "Onafhankelijk Ondersteuner", Email: "ondersteuner@mee.example",
		Phone: "023-5551234", Street: "Spaarne 96", Postcode: "2011 CL", City: "Haarlem"}) ||
		!c.SupporterConsent || len(c.Organisations) != 2 || c.HandlingLastDay != "2026-04-14" {
		t.Errorf("stored complaint %+v", c)
	}
	if c.Timeline[0].ActorRole != casework.RoleResident {
		t.Errorf("filed by %s", c.Timeline[0].ActorRole)
	}
	if _, err := h.store.LookupComplaint(context.Background(), r.Reference, r.TrackingCode); err != nil {
		t.Fatalf("the tracking code on the page does not open the case: %v", err)
	}

	// In English, the confirmation is English and keeps English links.
	form["lang"] = []string{"en"}
	en, _ := h.filePage(form, nil)
	wantPage(t, en, http.StatusOK, "en")
	wantEnglishLinks(t, en)
	if !strings.Contains(en.body, "14 April 2026") || !strings.Contains(en.body, "print") {
		t.Errorf("English confirmation: %s", en)
	}
}

// TestPagesCrossOriginPostRefused: a form posted from another site is refused with a 403 page and
// stores nothing; the same form from this site is filed.
func TestPagesCrossOriginPostRefused(t *testing.T) {
	h := newHarness(t)
	form := complaintForm(h.orgA)
	for _, header := range []map[string]string{
		{"Sec-Fetch-Site": "cross-site"},
		{"Sec-Fetch-Site": "same-site"},
		{"Origin": "https://kwaadwillend.example"},
		{"Origin": "null"},
	} {
		for _, path := range []string{"/klacht", "/status", "/status/brief/1"} {
			p := h.postForm(path, form, header)
			wantPage(t, p, http.StatusForbidden, "nl")
			if !strings.Contains(p.body, "niet verwerkt") {
				t.Errorf("%s with %v: %s", path, header, p)
			}
		}
	}
	if n := h.count(`SELECT count(*) FROM complaints`); n != 0 {
		t.Fatalf("a cross-origin post stored %d complaints", n)
	}
	h.filePage(form, map[string]string{"Sec-Fetch-Site": "same-origin"})
	h.filePage(form, map[string]string{"Origin": h.ts.URL})
	h.filePage(form, nil)
	if n := h.count(`SELECT count(*) FROM complaints`); n != 3 {
		t.Fatalf("%d complaints stored, want 3", n)
	}
}

// errorSummary is the error summary of a page.
func errorSummary(t *testing.T, p page) string {
	t.Helper()
	i := strings.Index(p.body, `<div id="fouten"`)
	if i < 0 {
		t.Fatalf("no error summary: %s", p)
	}
	j := strings.Index(p.body[i:], "</div>")
	return p.body[i : i+j]
}

// TestPagesStatus: the reference and tracking code open the resident's view; a wrong code and an
// unknown reference get the same 404 answer; letters download as PDF for the proven case only.
func TestPagesStatus(t *testing.T) {
	h := newHarness(t)
	r := h.file(h.orgA)
	other := h.file(h.orgB)
	h.call("POST", "/api/v1/complaints/"+r.Reference+"/notes", staff, map[string]any{"note": "Interne notitie: klager belt vaak."}).want(t, http.StatusOK)
	h.deliverAll()
	ack := h.notice(r.Reference, "acknowledgement", 0)
	otherAck := h.notice(other.Reference, "acknowledgement", 0)
	prove := func(ref, code string) url.Values { return url.Values{"reference": {ref}, "tracking_code": {code}} }

	p := h.postForm("/status", prove(r.Reference, r.TrackingCode), nil)
	wantPage(t, p, http.StatusOK, "nl")
	for _, want := range []string{r.Reference, "Ontvangen. Wij gaan uw klacht behandelen.", "Klacht ontvangen", orgAName,
		"14 april 2026", "Ontvangstbevestiging", fmt.Sprintf(`action="/status/brief/%d"`, ack)} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the status page does not show %q", want)
		}
	}
	if s, ok := containsAny([]byte(p.body), append(piiStrings, "Interne notitie", staffName, "add_note")...); ok {
		t.Errorf("the resident's page shows %q", s)
	}
	if p.header.Get("Cache-Control") != "no-store" {
		t.Error("a case page may be cached")
	}
	// As people type it: lower case, spaces.
	if p := h.postForm("/status", prove(" "+strings.ToLower(r.Reference)+" ", strings.ToLower(r.TrackingCode)), nil); p.status != http.StatusOK {
		t.Errorf("a reference and code typed in lower case: %s", p)
	}
	en := h.postForm("/status", url.Values{"reference": {r.Reference}, "tracking_code": {r.TrackingCode}, "lang": {"en"}}, nil)
	wantPage(t, en, http.StatusOK, "en")
	wantEnglishLinks(t, en)
	if !strings.Contains(en.body, "Received. We are going to deal with your complaint.") {
		t.Errorf("English status: %s", en)
	}

	wrongCode := h.postForm("/status", prove(r.Reference, other.TrackingCode), nil)
	wantPage(t, wrongCode, http.StatusNotFound, "nl")
	unknown := h.postForm("/status", prove("MP-2026-999999", r.TrackingCode), nil)
	wantPage(t, unknown, http.StatusNotFound, "nl")
	if a, b := errorSummary(t, wrongCode), errorSummary(t, unknown); a != b || !strings.Contains(a, "Wij vinden geen klacht") {
		t.Errorf("a wrong code and an unknown reference answer differently:\n%s\n%s", a, b)
	}
	if !strings.HasPrefix(title(wrongCode), "Fout: ") || strings.Contains(wrongCode.body, piiName) {
		t.Errorf("not-found page: %s", wrongCode)
	}
	empty := h.postForm("/status", url.Values{}, nil)
	wantPage(t, empty, http.StatusUnprocessableEntity, "nl")
	wantErrors(t, empty, "reference", "tracking_code")

	// Letters.
	letter := h.postForm(fmt.Sprintf("/status/brief/%d", ack), prove(r.Reference, r.TrackingCode), nil)
	if letter.status != http.StatusOK || letter.header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(letter.header.Get("Content-Disposition"), "attachment;") || !strings.HasPrefix(letter.body, "%PDF") {
		t.Fatalf("letter: %d %v %.60q", letter.status, letter.header, letter.body)
	}
	for name, c := range map[string]struct {
		path string
		form url.Values
	}{
		"wrong code":            {fmt.Sprintf("/status/brief/%d", ack), prove(r.Reference, other.TrackingCode)},
		"unknown reference":     {fmt.Sprintf("/status/brief/%d", ack), prove("MP-2026-999999", r.TrackingCode)},
		"another case's letter": {fmt.Sprintf("/status/brief/%d", otherAck), prove(r.Reference, r.TrackingCode)},
		"no such letter":        {"/status/brief/999999", prove(r.Reference, r.TrackingCode)},
		"malformed letter id":   {"/status/brief/abc", prove(r.Reference, r.TrackingCode)},
	} {
		res := h.postForm(c.path, c.form, nil)
		wantPage(t, res, http.StatusNotFound, "nl")
		if strings.Contains(res.body, "%PDF") {
			t.Errorf("%s: a letter was sent", name)
		}
	}
}

// TestPagesStatusRateLimited: failed look-ups count against the client's look-up limit, shared
// with the JSON API; once it is used up, even the right code gets a friendly 429 page.
func TestPagesStatusRateLimited(t *testing.T) {
	cfg := testConfig
	cfg.LookupLimit = 2
	h := newHarnessWith(t, cfg)
	r := h.file(h.orgA)
	wrong := url.Values{"reference": {r.Reference}, "tracking_code": {"AAAAA-BBBBB-CCCCC-DDDDD"}}
	wantPage(t, h.postForm("/status", wrong, nil), http.StatusNotFound, "nl")
	wantPage(t, h.postForm("/status", wrong, nil), http.StatusNotFound, "nl")
	right := url.Values{"reference": {r.Reference}, "tracking_code": {r.TrackingCode}, "lang": {"en"}}
	p := h.postForm("/status", right, nil)
	wantPage(t, p, http.StatusTooManyRequests, "en")
	if !strings.Contains(p.body, "Too many attempts") || !strings.HasPrefix(title(p), "Error: ") {
		t.Errorf("rate-limit page: %s", p)
	}
	wantPage(t, h.postForm("/status/brief/1", right, nil), http.StatusTooManyRequests, "en")
	// The JSON look-up shares the limit.
	h.call("POST", "/api/v1/complaints/lookup", anon, map[string]string{"reference": r.Reference, "tracking_code": r.TrackingCode}).
		problem(t, http.StatusTooManyRequests, "rate_limited")
	// Another client is not affected.
	other := h.clientFrom("127.0.0.2")
	req, _ := http.NewRequest("POST", h.ts.URL+"/status", strings.NewReader(right.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := other.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("another client got %d", res.StatusCode)
	}
}

// xssPayloads are markup and script a resident (or anyone who types text the pages show) might
// enter; none may reach a page unescaped.
var xssPayloads = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`'><svg onload=alert(1)>`,
	`</textarea><script>alert(2)</script>`,
	`<a href="javascript:alert(3)">klik</a>`,
	`javascript:alert(4)`,
	`{{.}} {{template "layout" .}}`,
}

// wantEscaped checks that no payload occurs raw in the page, that no markup came from one, and that
// the escaped form of each payload that the page shows is there.
func wantEscaped(t *testing.T, where string, p page, shown ...string) {
	t.Helper()
	for _, payload := range xssPayloads {
		if strings.ContainsAny(payload, "<>\"") && strings.Contains(p.body, payload) {
			t.Errorf("%s: the payload %q is in the page unescaped", where, payload)
		}
	}
	if bad := unsafeMarkup(p.body); len(bad) > 0 {
		t.Errorf("%s: unsafe markup in the page: %v", where, bad)
	}
	for _, s := range shown {
		if !strings.Contains(p.body, template.HTMLEscapeString(s)) {
			t.Errorf("%s: the escaped form of %q is not in the page", where, s)
		}
	}
}

// TestPagesEscapeEverythingTyped: a complaint full of script and markup is filed through the form;
// the re-rendered form, the confirmation and the status page (with an advice, its findings and an
// organisation's reasons, and an organisation whose name is markup) show it all as text.
func TestPagesEscapeEverythingTyped(t *testing.T) {
	h := newHarness(t)
	evilOrg, err := h.store.CreateOrganisation(context.Background(), casework.Organisation{
		Name: `Zorg <script>alert("org")</script> BV`, Kind: casework.OrgCareProvider})
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(xssPayloads, "\n")
	form := complaintForm(h.orgA)
	form["organisation_ids"] = append(form["organisation_ids"], strconv.FormatInt(evilOrg.ID, 10))
	form["complainant_name"] = []string{xssPayloads[0]}
	form["complainant_street"] = []string{xssPayloads[1] + " 1"}
	form["complainant_city"] = []string{xssPayloads[6]}
	form["complainant_email"] = []string{"x@example.org"}
	form["summary"] = []string{all}
	form["desired_outcome"] = []string{xssPayloads[4] + " " + xssPayloads[5]}
	form["supporter_name"] = []string{xssPayloads[2] + xssPayloads[3]}

	// Refused (the postcode), the form comes back with every payload as text.
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad["complainant_postcode"] = []string{"<b>1</b>"}
	refused := h.postForm("/klacht", bad, nil)
	wantPage(t, refused, http.StatusUnprocessableEntity, "nl")
	wantEscaped(t, "re-rendered form", refused, xssPayloads[0], xssPayloads[1], xssPayloads[6], xssPayloads[4], xssPayloads[2]+xssPayloads[3], evilOrg.Name)

	p, r := h.filePage(form, nil)
	wantPage(t, p, http.StatusOK, "nl")
	wantEscaped(t, "confirmation", p)

	// Staff rule with markup in the findings and the advice; the organisation rejects with markup
	// in its reasons.
	h.call("POST", "/api/v1/complaints/"+r.Reference+"/take-up", staff, map[string]any{"not_involved": true}).want(t, http.StatusOK)
	h.hearAll(r.Reference, h.orgA, evilOrg.ID)
	ruling := foundedRuling(h.orgA)
	ruling["findings"] = "Bevinding " + xssPayloads[1]
	ruling["conclusions"] = "Conclusie " + xssPayloads[0]
	ruling["advices"] = []map[string]any{{"organisation_id": h.orgA, "text": "Advies " + xssPayloads[2] + " " + xssPayloads[6]}}
	var c casework.Complaint
	h.call("POST", "/api/v1/complaints/"+r.Reference+"/ruling", staff, ruling).ok(t, http.StatusOK, &c)
	reasons := "Wij wijzen het advies af omdat de wet ons dat verbiedt: " + xssPayloads[3] + " " + xssPayloads[4]
	h.call("POST", fmt.Sprintf("/api/v1/advices/%d/reject", c.Advices[0].ID), orgA, map[string]any{"reasons": reasons, "ground": "legal"}).
		want(t, http.StatusOK)
	h.deliverAll()

	for _, l := range []string{"nl", "en"} {
		status := h.postForm("/status", url.Values{"reference": {r.Reference}, "tracking_code": {r.TrackingCode}, "lang": {l}}, nil)
		wantPage(t, status, http.StatusOK, l)
		wantEscaped(t, "status page ("+l+")", status, ruling["findings"].(string), ruling["conclusions"].(string), reasons, evilOrg.Name)
		for _, want := range map[string][]string{
			"nl": {"Uw klacht is gegrond", "De organisatie weigert het advies, met redenen.", "Redenen van de organisatie"},
			"en": {"Your complaint is justified.", "The organisation refuses the advice, with reasons."},
		}[l] {
			if !strings.Contains(status.body, want) {
				t.Errorf("status page (%s) does not say %q", l, want)
			}
		}
		// The resident view: no hearing records, no complainant details.
		if s, ok := containsAny([]byte(status.body), "vertrouwelijk verslag", staffName, piiPhone); ok {
			t.Errorf("status page shows %q", s)
		}
	}
}
