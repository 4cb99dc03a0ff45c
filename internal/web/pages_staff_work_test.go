package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/term"
)

// tableOf returns the table with this id from a page, or "" when the page has none.
func tableOf(body, id string) string {
	start := strings.Index(body, `" id="`+id+`">`)
	if start < 0 {
		return ""
	}
	if open := strings.LastIndex(body[:start], "<table "); open < 0 || strings.Contains(body[open:start], ">") {
		return ""
	} else {
		start = open
	}
	end := strings.Index(body[start:], "</table>")
	if end < 0 {
		return ""
	}
	return body[start : start+end]
}

// localAt is the instant of hour o'clock on day d in Amsterdam.
func localAt(d term.Date, hour int) time.Time {
	return term.DeadlineInstant(d.AddDays(-1)).Add(time.Duration(hour) * time.Hour)
}

// caseLink is how a worklist row links to a case page.
func caseLink(ref string) string { return `href="/werk/klacht/` + ref + `"` }

// countOf returns the item of the worklist's counts with this id.
func countOf(body, id string) string {
	start := strings.Index(body, `<li id="`+id+`">`)
	if start < 0 {
		return ""
	}
	end := strings.Index(body[start:], "</li>")
	return body[start : start+end]
}

// TestWorklistShowsWhatNeedsAttention builds each kind of work and finds it counted at the top and
// in its own list: new complaints, the handler's own cases (not another's) and advised cases,
// handling terms close and past, advices close to their last day and past it, and letters that
// failed, with the retry form.
func TestWorklistShowsWhatNeedsAttention(t *testing.T) {
	h := newHarness(t)
	fresh := h.file(h.w.orgA.ID).Reference
	mine := h.inTreatment(h.w.orgA.ID) // taken up by staff
	advisedRef, advs := h.advised(h.w.orgA.ID, h.w.orgB.ID)

	p := h.pageAs("GET", "/werk", staff, nil)
	wantPage(t, p, http.StatusOK, "nl")
	for _, want := range []string{`id="tellingen"`, `<ul class="werktellingen">`, `role="search"`, `<label for="zoek">`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the worklist has no %s", want)
		}
	}
	if got := countOf(p.body, "telling-op-te-pakken"); !strings.Contains(got, `href="/werk?lijst=take_up"`) ||
		!strings.Contains(got, "Op te pakken: <strong>") {
		t.Errorf("the count to take up: %s", got)
	}
	if got := countOf(p.body, "telling-niet-uitgevoerd"); !strings.Contains(got, "<strong>0</strong>") {
		t.Errorf("the count of reports 'not carried out' (0 until the feedback lands): %s", got)
	}
	if got := tableOf(p.body, "mijnzaken"); !strings.Contains(got, caseLink(mine)) || strings.Contains(got, caseLink(advisedRef)) ||
		strings.Contains(got, caseLink(fresh)) {
		t.Errorf("my cases: want %s, not %s nor %s:\n%s", mine, advisedRef, fresh, got)
	}
	if got := tableOf(p.body, "wachtenopadvies"); !strings.Contains(got, caseLink(advisedRef)) || strings.Contains(got, caseLink(mine)) {
		t.Errorf("advised cases waiting for organisations: want %s:\n%s", advisedRef, got)
	}
	if !strings.Contains(p.body, "Mijn zaken (1)") || !strings.Contains(p.body, "Wachten op organisaties (1)") {
		t.Errorf("the headings do not count the cases")
	}
	if strings.Contains(p.body, "En nog") || strings.Contains(p.body, "Alle brieven zijn verstuurd.") == false {
		t.Errorf("a quiet day: no 'En nog', and 'Alle brieven zijn verstuurd.'")
	}
	n := h.pageAs("GET", "/werk?lijst=new", staff, nil)
	wantPage(t, n, http.StatusOK, "nl")
	if got := tableOf(n.body, "nieuwe"); !strings.Contains(got, caseLink(fresh)) || strings.Contains(got, caseLink(mine)) ||
		!strings.Contains(got, "nog niemand") {
		t.Errorf("new complaints: want %s and not %s:\n%s", fresh, mine, got)
	}
	if !strings.Contains(n.body, "Nieuwe klachten — pagina 1 van 1") || !strings.Contains(n.body, `<a href="/werk">Alle lijsten</a>`) {
		t.Errorf("one list alone has its caption and the way back:\n%s", n.body)
	}
	// The admin took nothing up: their own cases are empty, the new complaints are the same.
	a := h.pageAs("GET", "/werk", admin, nil)
	if tableOf(a.body, "mijnzaken") != "" || !strings.Contains(a.body, "Mijn zaken (0)") {
		t.Errorf("the admin's worklist: %s", a)
	}

	// Two days before the advices' last day: both are counted and listed.
	last, err := term.ParseDate(advs[h.w.orgA.ID].RespondBy)
	if err != nil {
		t.Fatal(err)
	}
	h.clock.Set(localAt(last.AddDays(-2), 12))
	p = h.pageAs("GET", "/werk", staff, nil)
	if got := countOf(p.body, "telling-adviezen-bijna"); !strings.Contains(got, "<strong>2</strong>") ||
		!strings.Contains(got, `href="/werk?lijst=advices_due&amp;mijn=1"`) || !strings.Contains(got, "van mij: 2") {
		t.Errorf("the count of advices near their last day: %s", got)
	}
	if got := tableOf(h.pageAs("GET", "/werk?lijst=advices_due", staff, nil).body, "bijnaverlopen"); !strings.Contains(got, caseLink(advisedRef)) {
		t.Errorf("advices near their last day:\n%s", got)
	}

	// After the last day the sweep enforces both: they are past their term.
	h.clock.Set(localAt(last.AddDays(1), 9))
	if res, err := h.store.Sweep(context.Background(), 10); err != nil || res.Enforced != 2 {
		t.Fatalf("sweep: %+v %v", res, err)
	}
	p = h.pageAs("GET", "/werk?lijst=advices_overdue", staff, nil)
	if got := tableOf(p.body, "afgedwongen"); !strings.Contains(got, caseLink(advisedRef)) {
		t.Errorf("enforced advices:\n%s", got)
	}
	if got := countOf(p.body, "telling-adviezen-bijna"); !strings.Contains(got, "<strong>0</strong>") {
		t.Errorf("enforced advices are still counted as near their last day: %s", got)
	}

	// The handling term of the complaint taken up: near, then past.
	c := h.complaint(mine)
	hl, err := term.ParseDate(c.HandlingLastDay)
	if err != nil {
		t.Fatal(err)
	}
	h.clock.Set(localAt(hl.AddDays(-3), 10))
	p = h.pageAs("GET", "/werk?lijst=ending", staff, nil)
	if got := tableOf(p.body, "termijnen"); !strings.Contains(got, caseLink(mine)) || !strings.Contains(got, "nog 3 dagen") ||
		!strings.Contains(got, "<td>u</td>") {
		t.Errorf("handling terms ending soon:\n%s", got)
	}
	if got := tableOf(h.pageAs("GET", "/werk?lijst=ending", admin, nil).body, "termijnen"); !strings.Contains(got, staffName) {
		t.Errorf("the admin sees who handles the case:\n%s", got)
	}
	h.clock.Set(localAt(hl.AddDays(4), 10))
	p = h.pageAs("GET", "/werk?lijst=overdue&mijn=1", staff, nil)
	if got := tableOf(p.body, "termijnvoorbij"); !strings.Contains(got, caseLink(mine)) || !strings.Contains(got, "4 dagen over de termijn") ||
		!strings.Contains(got, `class="termijn dringend"`) {
		t.Errorf("handling terms past:\n%s", got)
	}
	if got := tableOf(h.pageAs("GET", "/werk?lijst=overdue&mijn=1", admin, nil).body, "termijnvoorbij"); got != "" {
		t.Errorf("the admin's own overdue cases hold another's:\n%s", got)
	}

	// A letter that failed is listed with a form to send it again.
	id := h.notice(fresh, "acknowledgement", 0)
	if _, err := h.db.Exec(`UPDATE notices SET status = 'failed', last_error = '550 mailbox unavailable' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	p = h.pageAs("GET", "/werk?lang=en", staff, nil)
	wantPage(t, p, http.StatusOK, "en")
	failed := tableOf(p.body, "mislukte-brieven")
	for _, want := range []string{caseLink(fresh + "?lang=en"), "Acknowledgement of receipt", "550 mailbox unavailable",
		fmt.Sprintf(`action="/werk/brief/%d/opnieuw?lang=en"`, id), `<input type="hidden" name="lang" value="en">`} {
		if !strings.Contains(failed, want) {
			t.Errorf("failed letters: no %s in\n%s", want, failed)
		}
	}
	for _, want := range []string{"Worklist", "Letters that were not delivered", "To take up", `href="/werk?lang=en&amp;lijst=take_up"`,
		"Find a case by reference or name"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the English worklist has no %q", want)
		}
	}
}

// TestWorklistPagesWithLinks: a list longer than a page shows 25 cases and links to the pages
// before and after; a page past the last says so and links to page 1; a list or page that does not
// exist is not found.
func TestWorklistPagesWithLinks(t *testing.T) {
	h := newHarness(t)
	var first, last string
	for i := range 53 {
		r := h.file(h.w.orgA.ID)
		if i == 0 {
			first = r.Reference
		}
		last = r.Reference
	}
	p := h.pageAs("GET", "/werk?lijst=take_up", staff, nil)
	wantPage(t, p, http.StatusOK, "nl")
	if got := strings.Count(tableOf(p.body, "optepakken"), `<th scope="row">`); got != 25 {
		t.Errorf("%d cases on page 1, want 25", got)
	}
	for _, want := range []string{"Op te pakken — pagina 1 van 3", "Pagina 1 van 3", `href="/werk?lijst=take_up&amp;pagina=2" rel="next"`,
		`<nav class="paginering" aria-label="Pagina&#39;s van Op te pakken">`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("page 1 has no %s", want)
		}
	}
	if strings.Contains(p.body, `rel="prev"`) || strings.Contains(p.body, "En nog") {
		t.Errorf("page 1 links to a page before, or says 'En nog'")
	}
	// The oldest waits longest: it comes first; the newest is on the last page.
	if i, j := strings.Index(p.body, caseLink(first)), strings.Index(p.body, `<th scope="row">`); i < 0 || i < j {
		t.Errorf("the oldest complaint is not first")
	}
	p = h.pageAs("GET", "/werk?lijst=take_up&pagina=3", staff, nil)
	if got := tableOf(p.body, "optepakken"); strings.Count(got, `<th scope="row">`) != 3 || !strings.Contains(got, caseLink(last)) {
		t.Errorf("page 3: want the last 3, with %s:\n%s", last, got)
	}
	if !strings.Contains(p.body, `href="/werk?lijst=take_up&amp;pagina=2" rel="prev"`) || strings.Contains(p.body, `rel="next"`) {
		t.Errorf("page 3 links back, not on")
	}
	p = h.pageAs("GET", "/werk?lijst=take_up&pagina=9&lang=en", staff, nil)
	wantPage(t, p, http.StatusOK, "en")
	if !strings.Contains(p.body, "No cases on this page.") || !strings.Contains(p.body, `href="/werk?lang=en&amp;lijst=take_up">Go to page 1`) {
		t.Errorf("a page past the last:\n%s", p.body)
	}
	// Nobody handles them: the handler's own share is empty, and says so.
	if p := h.pageAs("GET", "/werk?lijst=take_up&mijn=1", staff, nil); tableOf(p.body, "optepakken") != "" || !strings.Contains(p.body, "Geen zaken.") {
		t.Errorf("the handler's own cases to take up:\n%s", p.body)
	}
	for _, bad := range []string{"/werk?lijst=onbekend", "/werk?lijst=take_up&pagina=0", "/werk?pagina=een", "/werk?pagina=-1"} {
		if p := h.pageAs("GET", bad, staff, nil); p.status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", bad, p.status)
		}
	}
}

// TestWorklistSearch: staff find a case by part of the complainant's name or reference with a
// POST (no name in the URL); the results show the name and each case shown is written to the access
// log; a term too short or too long, or with control characters, comes back at the field.
func TestWorklistSearch(t *testing.T) {
	h := newHarness(t)
	ref := h.file(h.w.orgA.ID).Reference
	before := h.count(`SELECT count(*) FROM access_log WHERE via = 'search'`)
	p := h.pageAs("POST", "/werk/zoeken", staff, formOf("zoek", "kwakernaak"))
	wantPage(t, p, http.StatusOK, "nl")
	got := tableOf(p.body, "zoekresultaten")
	if !strings.Contains(got, caseLink(ref)) || !strings.Contains(got, piiName) || !strings.Contains(got, "<th scope=\"col\">Naam</th>") {
		t.Errorf("the results:\n%s", got)
	}
	if !strings.Contains(p.body, "1 zaken gevonden voor ‘kwakernaak’.") || !strings.Contains(p.body, `value="kwakernaak"`) {
		t.Errorf("the page does not say what was found:\n%s", p.body)
	}
	if n := h.count(`SELECT count(*) FROM access_log WHERE via = 'search'`); n != before+1 {
		t.Errorf("%d access-log rows of the search, want %d", n, before+1)
	}
	// By part of the reference, in English.
	p = h.pageAs("POST", "/werk/zoeken", staff, formOf("zoek", strings.ToLower(ref[len(ref)-4:]), "lang", "en"))
	wantPage(t, p, http.StatusOK, "en")
	if !strings.Contains(tableOf(p.body, "zoekresultaten"), caseLink(ref+"?lang=en")) || !strings.Contains(p.body, "Search results") {
		t.Errorf("the search by reference:\n%s", p.body)
	}
	// Nothing found: said, nothing logged.
	before = h.count(`SELECT count(*) FROM access_log`)
	p = h.pageAs("POST", "/werk/zoeken", staff, formOf("zoek", "Niemandsland"))
	if !strings.Contains(p.body, "Geen zaken gevonden voor ‘Niemandsland’.") || h.count(`SELECT count(*) FROM access_log`) != before {
		t.Errorf("a search that finds nothing:\n%s", p.body)
	}
	for _, c := range []struct{ term, msg string }{{"k", "Vul minstens 2 tekens in."}, {strings.Repeat("a", 101), "Gebruik hoogstens 100 tekens."},
		{"ab\x01", "Gebruik alleen letters, cijfers en leestekens."}} {
		p := h.pageAs("POST", "/werk/zoeken", staff, formOf("zoek", c.term))
		if p.status != http.StatusUnprocessableEntity {
			t.Fatalf("%q: %d, want 422", c.term, p.status)
		}
		for _, want := range []string{`<a href="#zoek">` + c.msg + `</a>`, `<p class="fout" id="zoek-fout">` + c.msg, `aria-invalid="true"`, "<title>Fout: "} {
			if !strings.Contains(p.body, want) {
				t.Errorf("%q: no %s in\n%s", c.term, want, p.body)
			}
		}
	}
}

// TestWorklistSearchPagesByForm: the results of a search page with forms that post the term again,
// never with a link that would put it in the URL.
func TestWorklistSearchPagesByForm(t *testing.T) {
	h := newHarness(t)
	for range 27 {
		h.file(h.w.orgA.ID)
	}
	p := h.pageAs("POST", "/werk/zoeken", staff, formOf("zoek", "kwakernaak"))
	if got := strings.Count(tableOf(p.body, "zoekresultaten"), `<th scope="row">`); got != 25 {
		t.Errorf("%d results on page 1, want 25", got)
	}
	if !strings.Contains(p.body, `<input type="hidden" name="zoek" value="kwakernaak"><input type="hidden" name="lijst" value="all"><input type="hidden" name="pagina" value="2">`) ||
		strings.Contains(p.body, "kwakernaak\"") && strings.Contains(p.body, "href=\"/werk?zoek") {
		t.Errorf("no form to page 2:\n%s", p.body)
	}
	p = h.pageAs("POST", "/werk/zoeken", staff, formOf("zoek", "kwakernaak", "lijst", "all", "pagina", "2"))
	if got := strings.Count(tableOf(p.body, "zoekresultaten"), `<th scope="row">`); got != 2 || !strings.Contains(p.body, "Pagina 2 van 2") {
		t.Errorf("%d results on page 2, want 2", got)
	}
}

// TestWorklistAPI: the counts and first pages, a page of a list, the search (names, logged) and
// the handler marking an answer read, with their refusals.
func TestWorklistAPI(t *testing.T) {
	h := newHarness(t)
	h.file(h.w.orgA.ID)
	ref, advs := h.advised(h.w.orgA.ID)
	var w struct {
		Counts struct {
			ToTakeUp int                     `json:"to_take_up"`
			Answered struct{ All, Mine int } `json:"advices_answered"`
		} `json:"counts"`
		Advised struct {
			Cases []struct{ Reference string } `json:"cases"`
			Total int                          `json:"total"`
		} `json:"advised"`
	}
	h.call("GET", "/api/v1/worklist", staff, nil).ok(t, http.StatusOK, &w)
	if w.Counts.ToTakeUp != 1 || w.Advised.Total != 1 || w.Advised.Cases[0].Reference != ref {
		t.Errorf("the worklist: %+v", w)
	}
	var pg struct {
		List  string `json:"list"`
		Total int    `json:"total"`
		Pages int    `json:"pages"`
		Cases []struct {
			Reference       string `json:"reference"`
			ComplainantName string `json:"complainant_name"`
		} `json:"cases"`
	}
	h.call("GET", "/api/v1/worklist/cases?list=take_up&page=1", staff, nil).ok(t, http.StatusOK, &pg)
	if pg.List != "take_up" || pg.Total != 1 || pg.Pages != 1 || pg.Cases[0].ComplainantName != "" {
		t.Errorf("a page of take_up: %+v", pg)
	}
	h.refused(request{method: "GET", path: "/api/v1/worklist/cases?list=nope", as: staff}, http.StatusUnprocessableEntity, "validation_failed", "list")
	h.refused(request{method: "GET", path: "/api/v1/worklist/cases?page=0", as: staff}, http.StatusUnprocessableEntity, "validation_failed", "page")
	h.refused(request{method: "GET", path: "/api/v1/worklist/cases?mine=ja", as: staff}, http.StatusUnprocessableEntity, "validation_failed", "mine")
	h.refused(request{method: "POST", path: "/api/v1/worklist/search", as: staff, body: map[string]any{"search": "k"}},
		http.StatusUnprocessableEntity, "validation_failed", "search")
	h.refused(request{method: "POST", path: "/api/v1/worklist/search", as: staff, body: map[string]any{"search": "ab\u0000"}},
		http.StatusUnprocessableEntity, "validation_failed", "search")
	h.refused(request{method: "POST", path: "/api/v1/worklist/search", as: staff, body: map[string]any{"search": "abc", "extra": 1}},
		http.StatusUnprocessableEntity, "validation_failed", "extra")
	h.refused(request{method: "GET", path: "/api/v1/worklist", as: orgA}, http.StatusForbidden, "forbidden")
	h.refused(request{method: "POST", path: "/api/v1/worklist/search", as: council, body: map[string]any{"search": "kwak"}}, http.StatusForbidden, "forbidden")

	h.call("POST", "/api/v1/worklist/search", staff, map[string]any{"search": "KWAKERNAAK"}).ok(t, http.StatusOK, &pg)
	if pg.List != "all" || pg.Total != 2 || pg.Cases[0].ComplainantName != piiName {
		t.Errorf("the search: %+v", pg)
	}

	// The organisation accepts; the handler reads the answer once; the admin may not.
	id := advs[h.w.orgA.ID].ID
	h.call("POST", fmt.Sprintf("/api/v1/advices/%d/accept", id), orgA, nil).want(t, http.StatusOK)
	h.call("GET", "/api/v1/worklist", staff, nil).ok(t, http.StatusOK, &w)
	if w.Counts.Answered.All != 1 || w.Counts.Answered.Mine != 1 {
		t.Errorf("the answer is not counted: %+v", w.Counts)
	}
	h.refused(request{method: "POST", path: fmt.Sprintf("/api/v1/advices/%d/answer-read", id), as: admin}, http.StatusForbidden, "forbidden")
	h.refused(request{method: "POST", path: "/api/v1/advices/999999/answer-read", as: staff}, http.StatusNotFound, "not_found")
	h.call("POST", fmt.Sprintf("/api/v1/advices/%d/answer-read", id), staff, nil).want(t, http.StatusNoContent)
	h.refused(request{method: "POST", path: fmt.Sprintf("/api/v1/advices/%d/answer-read", id), as: staff}, http.StatusConflict, "conflict")
	h.call("GET", "/api/v1/worklist", staff, nil).ok(t, http.StatusOK, &w)
	if w.Counts.Answered.All != 0 {
		t.Errorf("the answer read is still counted: %+v", w.Counts)
	}
}

// TestWorklistAnswerReadPage: the case page's form marks the answer read and returns to the advice;
// another case's reference in the path, or an answer read already, changes nothing.
func TestWorklistAnswerReadPage(t *testing.T) {
	h := newHarness(t)
	ref, advs := h.advised(h.w.orgA.ID)
	other := h.inTreatment(h.w.orgA.ID)
	id := advs[h.w.orgA.ID].ID
	h.call("POST", fmt.Sprintf("/api/v1/advices/%d/accept", id), orgA, nil).want(t, http.StatusOK)
	if p := h.pageAs("POST", fmt.Sprintf("/werk/klacht/%s/advies/%d/gelezen", other, id), staff, formOf()); p.status != http.StatusNotFound {
		t.Errorf("another case's path: %d, want 404", p.status)
	}
	if n := h.count(`SELECT count(*) FROM advices WHERE answer_read_at IS NOT NULL`); n != 0 {
		t.Fatalf("the answer was marked read through another case's path")
	}
	if p := h.pageAs("POST", fmt.Sprintf("/werk/klacht/%s/advies/%d/gelezen", ref, id), admin, formOf()); p.status != http.StatusForbidden {
		t.Errorf("the admin, not the handler: %d, want 403", p.status)
	}
	form := fmt.Sprintf(`action="/werk/klacht/%s/advies/%d/gelezen"`, ref, id)
	if cp := h.pageAs("GET", "/werk/klacht/"+ref, staff, nil); !strings.Contains(cp.body, "Nieuw antwoord van de organisatie") ||
		!strings.Contains(cp.body, form) {
		t.Errorf("the case page does not show the new answer with its form:\n%s", cp.body)
	}
	p := h.pageAs("POST", fmt.Sprintf("/werk/klacht/%s/advies/%d/gelezen", ref, id), staff, formOf("lang", "en"))
	if p.status != http.StatusSeeOther || p.header.Get("Location") != fmt.Sprintf("/werk/klacht/%s?klaar=gelezen&lang=en#advies-%d", ref, id) {
		t.Errorf("marking read: %d to %q", p.status, p.header.Get("Location"))
	}
	if cp := h.pageAs("GET", "/werk/klacht/"+ref+"?klaar=gelezen", staff, nil); strings.Contains(cp.body, form) ||
		!strings.Contains(cp.body, "Het antwoord staat als gelezen genoteerd.") {
		t.Errorf("the case page after reading:\n%s", cp.body)
	}
	if p := h.pageAs("POST", fmt.Sprintf("/werk/klacht/%s/advies/%d/gelezen", ref, id), staff, formOf()); p.status != http.StatusConflict ||
		!strings.Contains(p.body, "Dit antwoord is al gelezen") {
		t.Errorf("read twice: %s", p)
	}
}

// formOf is a form of name, value pairs.
func formOf(pairs ...string) url.Values {
	f := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		f.Add(pairs[i], pairs[i+1])
	}
	return f
}
