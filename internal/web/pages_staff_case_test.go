package web_test

import (
	"fmt"
	"html"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

// Tests of the staff's case page (/werk/klacht/REF): what it shows, which forms each status
// offers, and every action through its form: the success (303 back with a flag, the store changed),
// refusals of the form (422 with an error summary, errors beside the fields and everything typed
// kept) and of the status (409), always with the database unchanged when refused.

func scPath(ref string) string { return "/werk/klacht/" + ref }

// scPage is the case page as staff see it.
func (h *harness) scPage(ref, query string) page {
	h.t.Helper()
	return h.pageAs("GET", scPath(ref)+query, staff, nil)
}

// scPost posts form to an action of the case as staff.
func (h *harness) scPost(ref, action string, form url.Values) page {
	h.t.Helper()
	return h.pageAs("POST", scPath(ref)+"/"+action, staff, form)
}

// scRefused posts form to an action, checks that it is refused with status as a Dutch page that
// has an error summary, and that the database did not change.
func (h *harness) scRefused(ref, action string, form url.Values, status int) page {
	h.t.Helper()
	before := h.fingerprint()
	p := h.scPost(ref, action, form)
	wantPage(h.t, p, status, "nl")
	if !strings.Contains(p.body, `<div id="fouten" class="foutoverzicht" role="alert" tabindex="-1">`) {
		h.t.Fatalf("%s refused without an error summary: %s", action, p)
	}
	if !strings.HasPrefix(title(p), "Fout: ") {
		h.t.Errorf("the title of a refused %s is %q, want it to start with Fout:", action, title(p))
	}
	if after := h.fingerprint(); after != before {
		h.t.Fatalf("the refused %s changed the database:\n before %s\n after  %s", action, before, after)
	}
	return p
}

// scDone follows the redirect of a successful action to the case page and checks its message.
func (h *harness) scDone(p page, ref, flag, message string) page {
	h.t.Helper()
	wantRedirect(h.t, p, scPath(ref)+"?klaar="+flag)
	done := h.pageAs("GET", p.header.Get("Location"), staff, nil)
	wantPage(h.t, done, http.StatusOK, "nl")
	if !strings.Contains(done.body, `<div class="melding" role="status"><p id="klaar">`+message) {
		h.t.Errorf("after %s the case page does not say %q", flag, message)
	}
	return done
}

var radioPattern = regexp.MustCompile(`<input type="(?:radio|checkbox)" id="([^"]+)" name="([^"]+)" value="([^"]*)"( checked)?`)

// checked returns the values of the checked radio buttons or boxes named name.
func checked(p page, name string) []string {
	var vs []string
	for _, m := range radioPattern.FindAllStringSubmatch(p.body, -1) {
		if m[2] == name && m[4] != "" {
			vs = append(vs, m[3])
		}
	}
	return vs
}

// textareaText returns the text in the textarea with this id, unescaped, and whether it is there.
func textareaText(p page, id string) (string, bool) {
	m := regexp.MustCompile(`<textarea id="` + regexp.QuoteMeta(id) + `"[^>]*>([^<]*)</textarea>`).FindStringSubmatch(p.body)
	if m == nil {
		return "", false
	}
	return html.UnescapeString(m[1]), true
}

// inputValue returns the value of the input with this id, unescaped.
func inputValue(p page, id string) (string, bool) {
	m := regexp.MustCompile(`<input type="[a-z]+"(?: class="[^"]*")?(?: inputmode="[a-z]+")? id="` + regexp.QuoteMeta(id) + `" name="[^"]*" value="([^"]*)"`).FindStringSubmatch(p.body)
	if m == nil {
		return "", false
	}
	return html.UnescapeString(m[1]), true
}

// wantKept checks that the textareas with these ids hold what was typed.
func wantKept(t *testing.T, p page, typed map[string]string) {
	t.Helper()
	for id, want := range typed {
		got, ok := textareaText(p, id)
		if !ok {
			got, ok = inputValue(p, id)
		}
		if !ok {
			t.Errorf("no field %s on the page", id)
			continue
		}
		if got != want {
			t.Errorf("field %s holds %q, want what was typed: %q", id, got, want)
		}
	}
}

// forms returns the actions of the forms on a case page.
// The form to change the complainant's contact details is on every case page, whatever the status
// (TestStaffCaseContact), and so is the one to record a signed letter about who acts for the
// complainant (TestPagesStaffRecordsASignedLetter), and the one to make the complainant's whole
// file for a request for access (TestExportPages): they are left out here.
func forms(p page, ref string) []string {
	var actions []string
	for _, m := range regexp.MustCompile(`<form method="post" action="`+regexp.QuoteMeta(scPath(ref))+`/([a-z-]+)`).FindAllStringSubmatch(p.body, -1) {
		// Contact details, who acts for the complainant, the export and (a closed file's) retention
		// are no actions of the case's lifecycle.
		// The internal note is on every case page too (TestStaffCaseNote).
		if m[1] != "contact" && m[1] != "ondersteuner" && m[1] != "inzage" && m[1] != "bewaren" && m[1] != "notitie" && !slices.Contains(actions, m[1]) {
			actions = append(actions, m[1])
		}
	}
	slices.Sort(actions)
	return actions
}

// wantUniqueIDs checks that no id occurs twice on the page (several forms share field names).
func wantUniqueIDs(t *testing.T, p page) {
	t.Helper()
	ids := map[string]int{}
	for _, m := range idPattern.FindAllStringSubmatch(p.body, -1) {
		ids[m[1]]++
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("id %q occurs %d times", id, n)
		}
	}
}

// mustDate parses a date of the store.
func mustDate(t *testing.T, s string) term.Date {
	t.Helper()
	d, err := term.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// dayNL writes a date as the Dutch pages do.
func dayNL(d string) string {
	t, _ := time.Parse(time.DateOnly, d)
	return fmt.Sprintf("%d %s %d", t.Day(), []string{"januari", "februari", "maart", "april", "mei", "juni", "juli",
		"augustus", "september", "oktober", "november", "december"}[t.Month()-1], t.Year())
}

// fileWithSupporter files a complaint about orgs with a supporter who may act for the complainant.
func (h *harness) fileWithSupporter(orgs ...int64) string {
	h.t.Helper()
	body := intakeBody(orgs...)
	body["supporter"] = map[string]any{"name": "Onafhankelijk Ondersteuner", "email": "ondersteuner@mee.example", "phone": "023-5551234"}
	body["supporter_consent"] = true
	body["occurred_on"] = "2026-02-10"
	var r receipt
	h.call("POST", "/api/v1/complaints", anon, body).ok(h.t, http.StatusCreated, &r)
	return r.Reference
}

// TestStaffCasePageShowsEverything: staff see the whole case, in Dutch and in English: the
// complainant's contact details and the supporter, the complaint, the hearings, the ruling, each
// advice with its last day and days left, the recommendations, the letters (linked to the letter
// page) and the timeline with internal events and who did what.
func TestStaffCasePageShowsEverything(t *testing.T) {
	h := newHarness(t)
	ref := h.fileWithSupporter(h.orgA, h.orgB)
	h.call("POST", "/api/v1/complaints/"+ref+"/take-up", staff, map[string]any{"not_involved": true}).want(t, http.StatusOK)
	h.hearAll(ref, h.orgA, h.orgB)
	ruling := foundedRuling(h.orgA, h.orgB)
	ruling["recommendations"] = []map[string]any{{"life_domain": "care", "text": "Leg vaste doorlooptijden vast voor aanvragen."}}
	var c casework.Complaint
	h.call("POST", "/api/v1/complaints/"+ref+"/ruling", staff, ruling).ok(t, http.StatusOK, &c)
	h.deliverAll()
	// Three days later: the advices have eleven days left.
	h.clock.Set(startTime.Add(3 * 24 * time.Hour))

	p := h.scPage(ref, "")
	wantPage(t, p, http.StatusOK, "nl")
	wantUniqueIDs(t, p)
	if got := title(p); got != "Klacht "+ref+" – Meldpunt Sociaal Domein" {
		t.Errorf("title %q", got)
	}
	if !strings.Contains(p.body, `href="`+scPath(ref)+`?lang=en" lang="en"`) {
		t.Error("no language switch to the English case page")
	}
	text := html.UnescapeString(p.body)
	for _, want := range append(slices.Clone(piiStrings),
		ref, "uitspraak gedaan, de bindende adviezen lopen", "3 maart 2026", "Website", "Nederlands", staffName,
		"Onafhankelijk Ondersteuner", "ondersteuner@mee.example", "023-5551234", "Mag namens de klager optreden</dt><dd>ja",
		orgAName+" (Zorgaanbieder)", orgBName+" (Sociaal wijkteam)", "Hoe ik ben behandeld (bejegening)", "Zorg; Wonen",
		"10 februari 2026", "Mijn aanvraag voor huishoudelijke hulp bleef maanden liggen", "Een besluit op mijn aanvraag en excuses.",
		"Klager gehoord in het stadhuis; vertrouwelijk verslag.", "Niet gehoord: de partij zag af van horen",
		"De directie zag schriftelijk af van horen.",
		"gegrond", "De aanvraag bleef vijf maanden onbehandeld.", "De klacht is gegrond.",
		"Leg vaste doorlooptijden vast voor aanvragen.", "nog open",
		"Klacht ontvangen (door de klager)", "Klacht in behandeling genomen (door "+staffName+")", "[intern]",
		"Bindend advies gegeven ("+orgAName+")") {
		if !strings.Contains(text, want) {
			t.Errorf("the case page does not show %q", want)
		}
	}
	// Each advice: its organisation, status, text, last day and the days left.
	for _, a := range c.Advices {
		sec := regexp.MustCompile(`(?s)<section class="advies" id="advies-` + strconv.FormatInt(a.ID, 10) + `".*?</section>`).FindString(p.body)
		left := term.LocalDate(h.clock.Now()).DaysUntil(mustDate(t, a.RespondBy))
		for _, want := range []string{a.OrganisationName, "wacht op antwoord van de organisatie", html.EscapeString(a.Text),
			`<dd class="laatste-dag">` + dayNL(a.RespondBy) + `</dd>`, fmt.Sprintf("nog %d dagen", left)} {
			if !strings.Contains(sec, want) {
				t.Errorf("advice %d does not show %q: %s", a.ID, want, sec)
			}
		}
	}
	// The letters, each linked to the staff's letter page.
	var letters []int64
	if err := h.db.Select(&letters, `SELECT n.id FROM notices n JOIN complaints c ON c.id = n.complaint_id WHERE c.reference = $1`, ref); err != nil {
		t.Fatal(err)
	}
	if len(letters) < 5 {
		t.Fatalf("only %d letters", len(letters))
	}
	for _, id := range letters {
		if !strings.Contains(p.body, fmt.Sprintf(`<a href="/werk/brief/%d">Brief bekijken`, id)) {
			t.Errorf("letter %d is not linked", id)
		}
	}
	for _, want := range []string{"Ontvangstbevestiging", "Kopie van de klacht", "Bindend advies", "Aan: " + orgAName + " (organisatie)",
		"Aan: " + piiName + " (klager)", "Aan: Onafhankelijk Ondersteuner (cliëntondersteuner)", "klaar om te printen en te posten"} {
		if !strings.Contains(text, want) {
			t.Errorf("the letters do not show %q", want)
		}
	}
	// The system's own English notes in the timeline are not shown.
	for _, machine := range []string{"handler declared", "verdict: founded", "respond by", "heard: complainant", "channel: web"} {
		if strings.Contains(text, machine) {
			t.Errorf("the timeline shows the system note %q", machine)
		}
	}
	// An advised case offers its handler only the forms to record an organisation's answer on paper.
	if f := forms(p, ref); !slices.Equal(f, []string{"advies"}) {
		t.Errorf("an advised case offers the forms %v", f)
	}

	en := h.scPage(ref, "?lang=en")
	wantPage(t, en, http.StatusOK, "en")
	wantEnglishLinks(t, en)
	wantUniqueIDs(t, en)
	for _, want := range []string{"Complaint " + ref, "Where the case stands", "decided, the binding advices are running",
		"The complainant", "Binding advices", "awaiting the organisation&#39;s answer", "11 days left", "Last day to respond",
		"History", "Complaint received (by the complainant)", "View letter", "3 March 2026"} {
		if !strings.Contains(en.body, want) {
			t.Errorf("the English case page does not show %q", want)
		}
	}
	for _, dutch := range []string{"Stand van zaken", "Wat de klager schreef", "Brief bekijken", "maart"} {
		if strings.Contains(en.body, dutch) {
			t.Errorf("the English case page shows the Dutch %q", dutch)
		}
	}

	// Once the term has passed (before the sweep), and after the sweep.
	h.clock.Set(c.Advices[0].DeadlineAt)
	if p := h.scPage(ref, ""); !strings.Contains(p.body, `<dd class="dagen dringend">termijn verstreken</dd>`) {
		t.Error("after the deadline the advice does not say its term ended")
	}
}

// TestStaffCaseAccess: only staff and admin see the case; others are sent to sign in or refused,
// and unknown or impossible references are not found.
func TestStaffCaseAccess(t *testing.T) {
	h := newHarness(t)
	ref := h.file(h.orgA).Reference
	anonPage := h.pageAs("GET", scPath(ref), anon, nil)
	wantRedirect(t, anonPage, "/inloggen?next="+url.QueryEscape(scPath(ref)))
	wantRedirect(t, h.pageAs("GET", scPath(ref)+"?lang=en", anon, nil), "/inloggen?lang=en&next="+url.QueryEscape(scPath(ref)+"?lang=en"))
	wantPage(t, h.pageAs("GET", scPath(ref), admin, nil), http.StatusOK, "nl")
	for _, as := range []role{orgA, orgB, council, supporter} {
		p := h.pageAs("GET", scPath(ref), as, nil)
		wantPage(t, p, http.StatusForbidden, "nl")
		if s, ok := containsAny([]byte(html.UnescapeString(p.body)), append(piiStrings, ref)...); ok {
			t.Errorf("%s sees %q", as, s)
		}
		before := h.fingerprint()
		wantPage(t, h.pageAs("POST", scPath(ref)+"/opgelost", as, url.Values{"reason": {"Opgelost."}}), http.StatusForbidden, "nl")
		if h.fingerprint() != before {
			t.Errorf("a post by %s changed the database", as)
		}
	}
	for _, bad := range []string{"MP-2026-999999", "%ff%fe", strings.Repeat("X", 300), "%00", "..%2F..%2Fwerk"} {
		// A reference that is no text at all (not UTF-8, a NUL byte) is a malformed request (400).
		want := http.StatusNotFound
		if bad == "%ff%fe" || bad == "%00" {
			want = http.StatusBadRequest
		}
		p := h.pageAs("GET", "/werk/klacht/"+bad, staff, nil)
		wantPage(t, p, want, "nl")
		before := h.fingerprint()
		p = h.pageAs("POST", "/werk/klacht/"+bad+"/opgelost", staff, url.Values{"reason": {"Opgelost."}})
		wantPage(t, p, want, "nl")
		if h.fingerprint() != before {
			t.Errorf("a post to %s changed the database", bad)
		}
	}
	// The reference is found however it is written.
	wantPage(t, h.scPage(strings.ToLower(ref), ""), http.StatusOK, "nl")
}

// TestStaffCaseFormsFollowTheStatus: the page offers exactly the actions the lifecycle allows in
// the complaint's status, and says so when nothing can be done any more.
func TestStaffCaseFormsFollowTheStatus(t *testing.T) {
	h := newHarness(t)
	received := h.file(h.orgA).Reference
	inTreatment := h.inTreatment(h.orgA)
	advised, _ := h.advised(h.orgA)
	resolved := h.file(h.orgA).Reference
	h.call("POST", "/api/v1/complaints/"+resolved+"/resolve", staff, map[string]any{"reason": "Opgelost."}).want(t, http.StatusOK)
	for _, c := range []struct {
		ref   string
		forms []string
		text  string
	}{
		{received, []string{"ingetrokken", "opgelost", "oppakken"}, "Neem de klacht eerst in behandeling"},
		{inTreatment, []string{"horen", "ingetrokken", "niet-ontvankelijk", "opgelost", "organisatie", "uitnodigen", "uitspraak", "uitstel"}, "Horen vastleggen"},
		{advised, []string{"advies"}, "Nu zijn de organisaties aan zet"},
		{resolved, nil, "U kunt er niets meer aan veranderen"},
	} {
		p := h.scPage(c.ref, "")
		wantPage(t, p, http.StatusOK, "nl")
		wantUniqueIDs(t, p)
		if got := forms(p, c.ref); !slices.Equal(got, c.forms) {
			t.Errorf("%s offers %v, want %v", c.ref, got, c.forms)
		}
		if !strings.Contains(p.body, c.text) {
			t.Errorf("%s does not say %q", c.ref, c.text)
		}
		for _, final := range []string{"Definitief afsluiten als opgelost", "Definitief afsluiten als ingetrokken"} {
			if slices.Contains(c.forms, "opgelost") && !strings.Contains(p.body, final) {
				t.Errorf("%s: the closing buttons do not say they are final: no %q", c.ref, final)
			}
		}
		en := h.scPage(c.ref, "?lang=en")
		wantPage(t, en, http.StatusOK, "en")
		wantEnglishLinks(t, en)
	}
	p := h.scPage(inTreatment, "")
	for _, want := range []string{"Definitief niet-ontvankelijk verklaren", "hoogstens 28 dagen",
		"alleen met schriftelijke toestemming van de klager", "Nog te horen, of vastleggen waarom niet: de klager, " + orgAName} {
		if !strings.Contains(html.UnescapeString(p.body), want) {
			t.Errorf("the case in treatment does not say %q", want)
		}
	}
}

// TestStaffCaseTakeUp: the signed-in user takes the case up for themselves and declares not to
// have been involved (Awb 9:7); nobody can take it up, or declare, for another: the page offers no
// other handler and a posted handler_id is ignored. A case taken up cannot be taken up again.
func TestStaffCaseTakeUp(t *testing.T) {
	h := newHarness(t)
	adminID := strconv.FormatInt(h.w.users[admin].ID, 10)

	t.Run("the form offers no other handler and the declaration is in the first person", func(t *testing.T) {
		ref := h.file(h.orgA).Reference
		for _, c := range []struct{ query, lang, declare string }{
			{"", "nl", "Ik verklaar dat ik niet betrokken was bij waar deze klacht over gaat."},
			{"?lang=en", "en", "I declare that I was not involved in what this complaint is about."},
		} {
			p := h.scPage(ref, c.query)
			wantPage(t, p, http.StatusOK, c.lang)
			if !strings.Contains(p.body, `<label for="not_involved">`+c.declare) {
				t.Errorf("%s: the declaration does not say %q", c.lang, c.declare)
			}
			if strings.Contains(p.body, `name="handler_id"`) || strings.Contains(p.body, "Ada Beheerder") {
				t.Errorf("%s: the take-up form offers another handler", c.lang)
			}
		}
	})

	t.Run("without the declaration it is refused", func(t *testing.T) {
		ref := h.file(h.orgA).Reference
		p := h.scRefused(ref, "oppakken", url.Values{}, http.StatusUnprocessableEntity)
		msgs := wantErrors(t, p, "not_involved")
		if msgs["not_involved"] != "Verklaar dat u niet betrokken was bij waar de klacht over gaat. Anders kunt u de klacht niet behandelen." {
			t.Errorf("message %q", msgs["not_involved"])
		}
		if !strings.Contains(p.body, `aria-invalid="true" aria-describedby="not_involved-fout"`) {
			t.Error("the declaration box is not marked invalid")
		}
		if got := checked(p, "not_involved"); len(got) != 0 {
			t.Errorf("the declaration box comes back checked: %v", got)
		}
	})

	t.Run("a posted handler is ignored: the signed-in user handles the case", func(t *testing.T) {
		for _, id := range []string{adminID, strconv.FormatInt(h.w.users[council].ID, 10), "999999", "abc", "-3"} {
			ref := h.file(h.orgA).Reference
			p := h.scPost(ref, "oppakken", url.Values{"handler_id": {id}, "not_involved": {"ja"}})
			done := h.scDone(p, ref, "opgepakt", "U heeft de klacht in behandeling genomen.")
			c := h.complaint(ref)
			if c.Status != casework.StatusInTreatment || c.HandlerID == nil || *c.HandlerID != h.w.users[staff].ID {
				t.Fatalf("handler_id %s: after taking up %s, handler %v, want the signed-in staff member", id, c.Status, c.HandlerID)
			}
			if !strings.Contains(done.body, `<dd id="behandelaar">`+staffName+`</dd>`) {
				t.Errorf("handler_id %s: the page does not show the signed-in user as handler", id)
			}
		}
		// An admin takes it up for themselves in the same way.
		ref := h.file(h.orgA).Reference
		p := h.pageAs("POST", scPath(ref)+"/oppakken", admin, url.Values{"not_involved": {"ja"}})
		wantRedirect(t, p, scPath(ref)+"?klaar=opgepakt")
		if c := h.complaint(ref); c.HandlerID == nil || *c.HandlerID != h.w.users[admin].ID {
			t.Fatalf("handler %v, want the admin who took it up", c.HandlerID)
		}
	})

	t.Run("taken up again: the status does not allow it", func(t *testing.T) {
		ref := h.inTreatment(h.orgA)
		again := h.scRefused(ref, "oppakken", url.Values{"not_involved": {"ja"}}, http.StatusConflict)
		if got := errorSummary(t, again); !strings.Contains(got, "Dit kan nu niet: de klacht is al in behandeling.") {
			t.Errorf("the refusal says %q", got)
		}
		if slices.Contains(forms(again, ref), "oppakken") {
			t.Error("the refusal still offers the take-up form")
		}
		// Without the declaration too: the status is checked first, not the form.
		again = h.scRefused(ref, "oppakken", url.Values{}, http.StatusConflict)
		if strings.Contains(again.body, `id="not_involved-fout"`) || strings.Contains(again.body, `href="#not_involved"`) {
			t.Error("the refusal points to a declaration that is not on the page")
		}
	})

	t.Run("in English", func(t *testing.T) {
		ref := h.file(h.orgA).Reference
		p := h.pageAs("POST", scPath(ref)+"/oppakken?lang=en", staff, url.Values{"not_involved": {"ja"}, "lang": {"en"}})
		wantRedirect(t, p, scPath(ref)+"?klaar=opgepakt&lang=en")
		done := h.pageAs("GET", p.header.Get("Location"), staff, nil)
		wantPage(t, done, http.StatusOK, "en")
		if !strings.Contains(done.body, "You have taken up the complaint.") {
			t.Error("no English success message")
		}
		if c := h.complaint(ref); c.HandlerID == nil || *c.HandlerID != h.w.users[staff].ID {
			t.Fatalf("handler %v, want the signed-in staff member", c.HandlerID)
		}
	})
}

// TestStaffCaseHearings: a hearing held (party, date, record) and one skipped (party, reason,
// note), each with its refusals; a hearing only while the case is in treatment.
func TestStaffCaseHearings(t *testing.T) {
	h := newHarness(t)
	ref := h.inTreatment(h.orgA, h.orgB)
	orgA := fmt.Sprintf("organisation-%d", h.orgA)

	t.Run("an empty form is refused", func(t *testing.T) {
		p := h.scRefused(ref, "horen", url.Values{"hearing": {"held"}}, http.StatusUnprocessableEntity)
		msgs := wantErrors(t, p, "held-party-0", "held_on", "record")
		if msgs["held-party-0"] != "Kies wie er is gehoord." || !strings.Contains(msgs["record"], "verslag") {
			t.Errorf("messages %v", msgs)
		}
	})

	t.Run("a date in the future or before receipt is refused, and what was typed kept", func(t *testing.T) {
		record := "Klaagster vertelde uitgebreid over de afwijzing aan de balie."
		p := h.scRefused(ref, "horen", url.Values{"hearing": {"held"}, "party": {orgA}, "held_on": {"2026-03-04"}, "record": {record}},
			http.StatusUnprocessableEntity)
		msgs := wantErrors(t, p, "held_on")
		if !strings.Contains(msgs["held_on"], "toekomst") {
			t.Errorf("message %q", msgs["held_on"])
		}
		wantKept(t, p, map[string]string{"record": record, "held_on": "2026-03-04"})
		if got := checked(p, "party"); !slices.Equal(got, []string{orgA}) {
			t.Errorf("the party chosen is not kept: %v", got)
		}
		p = h.scRefused(ref, "horen", url.Values{"hearing": {"held"}, "party": {orgA}, "held_on": {"2026-03-02"}, "record": {record}},
			http.StatusUnprocessableEntity)
		if msgs := wantErrors(t, p, "held_on"); !strings.Contains(msgs["held_on"], "3 maart 2026") {
			t.Errorf("message %q does not name the day of receipt", msgs["held_on"])
		}
		p = h.scRefused(ref, "horen", url.Values{"hearing": {"held"}, "party": {orgA}, "held_on": {"3-3-2026"}, "record": {record}},
			http.StatusUnprocessableEntity)
		wantErrors(t, p, "held_on")
	})

	t.Run("an organisation the complaint is not about is refused", func(t *testing.T) {
		other := h.inTreatment(h.orgA)
		for _, party := range []string{fmt.Sprintf("organisation-%d", h.orgB), "organisation-abc", "organisation-", "council", ""} {
			p := h.scRefused(other, "horen", url.Values{"hearing": {"held"}, "party": {party}, "held_on": {"2026-03-03"}, "record": {"Gehoord."}},
				http.StatusUnprocessableEntity)
			wantErrors(t, p, "held-party-0")
		}
	})

	t.Run("a hearing held", func(t *testing.T) {
		p := h.scPost(ref, "horen", url.Values{"hearing": {"held"}, "party": {"complainant"}, "held_on": {"2026-03-03"},
			"record": {"Klaagster gehoord in het stadhuis."}})
		done := h.scDone(p, ref, "gehoord", "Het horen is vastgelegd.")
		c := h.complaint(ref)
		if len(c.Hearings) != 1 || c.Hearings[0].Party != casework.PartyComplainant || c.Hearings[0].HeldOn != "2026-03-03" ||
			c.Hearings[0].Record != "Klaagster gehoord in het stadhuis." {
			t.Fatalf("hearings %+v", c.Hearings)
		}
		text := html.UnescapeString(done.body)
		if !strings.Contains(text, "Gehoord op 3 maart 2026") || !strings.Contains(text, "Nog te horen, of vastleggen waarom niet: "+orgBName+", "+orgAName) {
			t.Error("the page does not show the hearing and who is still to be heard")
		}
	})

	t.Run("a hearing skipped without a reason or note is refused in its own form", func(t *testing.T) {
		p := h.scRefused(ref, "horen", url.Values{"hearing": {"skipped"}, "party": {orgA}}, http.StatusUnprocessableEntity)
		msgs := wantErrors(t, p, "skipped-waived", "skip_note")
		if msgs["skipped-waived"] != "Kies waarom niet is gehoord." {
			t.Errorf("message %q", msgs["skipped-waived"])
		}
		if got := checked(p, "party"); !slices.Equal(got, []string{orgA}) {
			t.Errorf("the party chosen in the skip form is not kept: %v", got)
		}
		if v, _ := inputValue(p, "held_on"); v != "2026-03-03" {
			t.Errorf("the other form is not reset: held_on %q", v)
		}
		p = h.scRefused(ref, "horen", url.Values{"hearing": {"skipped"}, "party": {orgA}, "skipped": {"bored"}, "skip_note": {"Geen zin."}},
			http.StatusUnprocessableEntity)
		wantErrors(t, p, "skipped-waived")
		wantKept(t, p, map[string]string{"skip_note": "Geen zin."})
		p = h.scRefused(ref, "horen", url.Values{"hearing": {"skipped"}, "skipped": {"waived"}, "skip_note": {"Afgezien."}},
			http.StatusUnprocessableEntity)
		if msgs := wantErrors(t, p, "skip-party-0"); msgs["skip-party-0"] != "Kies wie er niet is gehoord." {
			t.Errorf("message %q", msgs["skip-party-0"])
		}
	})

	t.Run("a party that did not respond is passed over only 5 working days after its invitation", func(t *testing.T) {
		noResponse := url.Values{"hearing": {"skipped"}, "party": {orgA}, "skipped": {"no_response"},
			"skip_note": {"Twee brieven zonder antwoord."}}
		p := h.scRefused(ref, "horen", noResponse, http.StatusUnprocessableEntity)
		if msgs := wantErrors(t, p, "skipped-waived"); !strings.Contains(msgs["skipped-waived"], "Stuur eerst een uitnodiging.") {
			t.Errorf("message %q", msgs["skipped-waived"])
		}
		if !strings.Contains(p.body, "Er is nog niemand uitgenodigd voor een gesprek.") {
			t.Error("the page does not say that nobody was invited")
		}
		// The invitation is sent from the case page, on Tuesday 3 March 2026.
		p = h.scPost(ref, "uitnodigen", url.Values{"party": {orgA}, "date": {"2026-03-05"}, "time": {"10:30"},
			"place": {"Stadhuis, kamer 1.12"}})
		done := h.scDone(p, ref, "uitgenodigd", "De uitnodiging is verstuurd.")
		// Until its letter has gone out, the invitation does not count.
		if msgs := wantErrors(t, h.scRefused(ref, "horen", noResponse, http.StatusUnprocessableEntity), "skipped-waived"); !strings.Contains(msgs["skipped-waived"], "nog niet verstuurd") {
			t.Errorf("message %q", msgs["skipped-waived"])
		}
		h.deliverAll()
		text := html.UnescapeString(done.body)
		for _, want := range []string{orgAName + "</strong>: gesprek op 5 maart 2026 om 10:30, Stadhuis, kamer 1.12 (verstuurd op 3 maart 2026).",
			"Reageert deze partij niet, dan kunt u dat vastleggen vanaf 10 maart 2026."} {
			if !strings.Contains(text, want) {
				t.Errorf("the page does not show the invitation: %q", want)
			}
		}
		p = h.scRefused(ref, "horen", noResponse, http.StatusUnprocessableEntity)
		if msgs := wantErrors(t, p, "skipped-waived"); msgs["skipped-waived"] !=
			"De uitnodiging is verstuurd op 3 maart 2026. U kunt pas 5 werkdagen later vastleggen dat de partij niet reageerde: vanaf 10 maart 2026." {
			t.Errorf("message %q", msgs["skipped-waived"])
		}
		h.clock.Set(time.Date(2026, time.March, 10, 9, 0, 0, 0, term.Amsterdam()))
		p = h.scPost(ref, "horen", noResponse)
		done = h.scDone(p, ref, "gehoord", "Het horen is vastgelegd.")
		c := h.complaint(ref)
		last := c.Hearings[len(c.Hearings)-1]
		if last.Party != casework.PartyOrganisation || last.OrganisationID == nil || *last.OrganisationID != h.orgA ||
			last.Skipped != casework.SkipNoResponse || last.SkipNote != "Twee brieven zonder antwoord." {
			t.Fatalf("hearing %+v", last)
		}
		if !strings.Contains(done.body, "Niet gehoord: de partij reageerde niet") {
			t.Error("the page does not show the skipped hearing")
		}
	})

	t.Run("no hearing before the case is taken up", func(t *testing.T) {
		received := h.file(h.orgA).Reference
		p := h.scRefused(received, "horen", url.Values{"hearing": {"held"}, "party": {"complainant"}, "held_on": {"2026-03-03"},
			"record": {"Gehoord."}}, http.StatusConflict)
		if got := errorSummary(t, p); !strings.Contains(got, "Dit kan nu niet: de klacht is nog niet in behandeling genomen.") {
			t.Errorf("the refusal says %q", got)
		}
	})
}

// rulingForm is a founded ruling form for the complaint's organisations, with one recommendation.
func rulingForm(orgs ...int64) url.Values {
	f := url.Values{"verdict": {"founded"}, "findings": {"De aanvraag bleef vijf maanden liggen."},
		"conclusions": {"De klacht is gegrond."}, "recs": {"1"},
		"rec-0-domain": {"care"}, "rec-0-text": {"Leg vaste doorlooptijden vast voor aanvragen."}}
	for _, o := range orgs {
		f.Set(fmt.Sprintf("advice-%d", o), fmt.Sprintf("Neem binnen twee weken een besluit (organisatie %d).", o))
	}
	return f
}

// TestStaffCaseRuling: the ruling form's refusals, each with what was typed kept, and a founded
// ruling with an advice to each organisation and a recommendation.
func TestStaffCaseRuling(t *testing.T) {
	h := newHarness(t)
	adviceA, adviceB := fmt.Sprintf("advice-%d", h.orgA), fmt.Sprintf("advice-%d", h.orgB)

	t.Run("before everyone is heard", func(t *testing.T) {
		ref := h.inTreatment(h.orgA, h.orgB)
		p := h.scPage(ref, "")
		if !strings.Contains(html.UnescapeString(p.body), "Let op: leg eerst het horen vast van: de klager, "+orgBName+", "+orgAName) {
			t.Error("the ruling form does not say who is still to be heard")
		}
		p = h.scRefused(ref, "uitspraak", rulingForm(h.orgA, h.orgB), http.StatusUnprocessableEntity)
		if got := errorSummary(t, p); !strings.Contains(got, "Leg eerst vast dat de klager en elke organisatie zijn gehoord") {
			t.Errorf("the refusal says %q", got)
		}
		if n := strings.Count(errorSummary(t, p), "<li>"); n != 1 {
			t.Errorf("the summary has %d lines, want the hearings once", n)
		}
	})

	ref := h.readyToRule(h.orgA, h.orgB)
	for _, c := range []struct {
		name   string
		change func(url.Values)
		fields []string
		msg    string
	}{
		{"no findings", func(f url.Values) { f.Set("findings", " ") }, []string{"findings"}, "Schrijf op wat u heeft vastgesteld."},
		{"no verdict", func(f url.Values) { f.Del("verdict") }, []string{"verdict-founded"}, "Kies of de klacht gegrond"},
		{"an unknown verdict", func(f url.Values) { f.Set("verdict", "maybe") }, []string{"verdict-founded"}, "Kies of de klacht gegrond"},
		{"founded without advice", func(f url.Values) { f.Set(adviceA, ""); f.Set(adviceB, "  ") }, []string{"advices"}, "ten minste één organisatie"},
		{"unfounded with advice", func(f url.Values) { f.Set("verdict", "unfounded") }, []string{"advices"}, "Maak de adviesvakken leeg"},
		{"a recommendation without text", func(f url.Values) { f.Set("rec-0-text", "") }, []string{"rec-0-text"}, "Schrijf de aanbeveling op"},
		{"a recommendation without part of life", func(f url.Values) { f.Del("rec-0-domain") }, []string{"rec-0-domain-geen"}, "Kies het levensgebied"},
		{"a recommendation with an unknown part of life", func(f url.Values) { f.Set("rec-0-domain", "space") }, []string{"rec-0-domain-geen"}, "Kies het levensgebied"},
		{"an advice too long", func(f url.Values) { f.Set(adviceB, strings.Repeat("a", casework.MaxLongText+1)) }, []string{adviceB}, "te lang"},
		{"everything empty", func(f url.Values) {
			for k := range f {
				f.Del(k)
			}
		}, []string{"verdict-founded", "findings", "conclusions"}, "Schrijf uw conclusie op."},
	} {
		t.Run("refused: "+c.name, func(t *testing.T) {
			form := rulingForm(h.orgA, h.orgB)
			c.change(form)
			p := h.scRefused(ref, "uitspraak", form, http.StatusUnprocessableEntity)
			msgs := wantErrors(t, p, c.fields...)
			if !strings.Contains(strings.Join(slices.Collect(mapValues(msgs)), " "), c.msg) {
				t.Errorf("messages %v, want one saying %q", msgs, c.msg)
			}
			kept := map[string]string{}
			for _, id := range []string{"findings", "conclusions", adviceA, "rec-0-text"} {
				if v := form.Get(id); len(v) < 1000 {
					kept[id] = v
				}
			}
			wantKept(t, p, kept)
			if got := checked(p, "verdict"); form.Get("verdict") != "" && form.Get("verdict") != "maybe" && !slices.Equal(got, []string{form.Get("verdict")}) {
				t.Errorf("verdict kept as %v", got)
			}
			if got := checked(p, "rec-0-domain"); form.Get("rec-0-domain") == "care" && !slices.Equal(got, []string{"care"}) {
				t.Errorf("the part of life kept as %v", got)
			}
		})
	}

	t.Run("an obviously unfounded complaint can only be ruled unfounded", func(t *testing.T) {
		other := h.inTreatment(h.orgA)
		h.call("POST", "/api/v1/complaints/"+other+"/hearings", staff, map[string]any{"party": "complainant",
			"skipped": "obviously_unfounded", "skip_note": "Kennelijk ongegrond."}).want(t, http.StatusOK)
		h.call("POST", "/api/v1/complaints/"+other+"/hearings", staff, map[string]any{"party": "organisation",
			"organisation_id": h.orgA, "skipped": "obviously_unfounded", "skip_note": "Kennelijk ongegrond."}).want(t, http.StatusOK)
		p := h.scRefused(other, "uitspraak", rulingForm(h.orgA), http.StatusUnprocessableEntity)
		if msgs := wantErrors(t, p, "verdict-founded"); !strings.Contains(msgs["verdict-founded"], "kennelijk ongegrond") {
			t.Errorf("message %q", msgs["verdict-founded"])
		}
	})

	t.Run("more than twenty recommendations", func(t *testing.T) {
		form := rulingForm(h.orgA, h.orgB)
		form.Set("recs", "50")
		for i := range 50 {
			form.Set(fmt.Sprintf("rec-%d-domain", i), "income")
			form.Set(fmt.Sprintf("rec-%d-text", i), fmt.Sprintf("Aanbeveling nummer %d.", i+1))
		}
		p := h.scRefused(ref, "uitspraak", form, http.StatusUnprocessableEntity)
		if msgs := wantErrors(t, p, "recommendations"); msgs["recommendations"] != "U kunt hoogstens 20 aanbevelingen geven." {
			t.Errorf("message %q", msgs["recommendations"])
		}
		wantKept(t, p, map[string]string{"rec-49-text": "Aanbeveling nummer 50."})
		if strings.Contains(p.body, `name="meer"`) {
			t.Error("with twenty slots and more, the form still offers one more")
		}
	})

	t.Run("founded, with an advice to each organisation and a recommendation", func(t *testing.T) {
		p := h.scPost(ref, "uitspraak", rulingForm(h.orgA, h.orgB))
		done := h.scDone(p, ref, "uitspraak", "De uitspraak is vastgelegd.")
		c := h.complaint(ref)
		if c.Status != casework.StatusAdvised || c.Verdict != casework.VerdictFounded || c.Findings != "De aanvraag bleef vijf maanden liggen." ||
			len(c.Advices) != 2 || len(c.Recommendations) != 1 || c.Recommendations[0].LifeDomain != casework.DomainCare {
			t.Fatalf("after the ruling: %s %s %q, advices %+v, recommendations %+v", c.Status, c.Verdict, c.Findings, c.Advices, c.Recommendations)
		}
		for _, a := range c.Advices {
			if a.Text != fmt.Sprintf("Neem binnen twee weken een besluit (organisatie %d).", a.OrganisationID) {
				t.Errorf("advice to %d: %q", a.OrganisationID, a.Text)
			}
			if !strings.Contains(done.body, `<dd class="laatste-dag">`+dayNL(a.RespondBy)+`</dd>`) || !strings.Contains(done.body, "nog 14 dagen") {
				t.Errorf("the page does not show the last day %s of advice %d and its days left", a.RespondBy, a.ID)
			}
		}
		// Ruled: no second ruling.
		again := h.scRefused(ref, "uitspraak", rulingForm(h.orgA, h.orgB), http.StatusConflict)
		if got := errorSummary(t, again); !strings.Contains(got, "Dit kan nu niet: er is al uitspraak gedaan.") {
			t.Errorf("the refusal says %q", got)
		}
	})

	t.Run("an advice to one organisation only, unfounded without", func(t *testing.T) {
		one := h.readyToRule(h.orgA, h.orgB)
		form := rulingForm(h.orgA)
		form.Set("verdict", "partly_founded")
		form.Del("rec-0-domain")
		form.Del("rec-0-text")
		h.scDone(h.scPost(one, "uitspraak", form), one, "uitspraak", "De uitspraak is vastgelegd.")
		if c := h.complaint(one); len(c.Advices) != 1 || c.Advices[0].OrganisationID != h.orgA || len(c.Recommendations) != 0 {
			t.Fatalf("advices %+v, recommendations %+v", c.Advices, c.Recommendations)
		}
		none := h.readyToRule(h.orgA)
		form = url.Values{"verdict": {"unfounded"}, "findings": {"Niets gebleken."}, "conclusions": {"Ongegrond."}}
		h.scDone(h.scPost(none, "uitspraak", form), none, "uitspraak", "De uitspraak is vastgelegd.")
		if c := h.complaint(none); c.Status != casework.StatusClosed || len(c.Advices) != 0 {
			t.Fatalf("unfounded: %s, advices %+v", c.Status, c.Advices)
		}
	})
}

func mapValues(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for _, v := range m {
			if !yield(v) {
				return
			}
		}
	}
}

// TestStaffCaseMoreRecommendations: the button for another recommendation answers the form again
// with one more slot and everything typed, and rules nothing.
func TestStaffCaseMoreRecommendations(t *testing.T) {
	h := newHarness(t)
	ref := h.readyToRule(h.orgA, h.orgB)
	adviceA := fmt.Sprintf("advice-%d", h.orgA)
	form := rulingForm(h.orgA)
	form.Set("verdict", "partly_founded")
	form.Set("meer", "1")
	before := h.fingerprint()
	p := h.scPost(ref, "uitspraak", form)
	wantPage(t, p, http.StatusOK, "nl")
	wantUniqueIDs(t, p)
	if h.fingerprint() != before {
		t.Fatal("asking for another recommendation changed the database")
	}
	if c := h.complaint(ref); c.Status != casework.StatusInTreatment {
		t.Fatalf("status %s", c.Status)
	}
	if strings.Contains(p.body, `id="fouten"`) {
		t.Error("the form came back with errors")
	}
	if !strings.Contains(p.body, `<p id="meer-klaar">`) || !strings.Contains(p.body, `href="#rec-1-text"`) {
		t.Error("no message leading to the new slot")
	}
	wantKept(t, p, map[string]string{"findings": form.Get("findings"), "conclusions": form.Get("conclusions"),
		adviceA: form.Get(adviceA), "rec-0-text": form.Get("rec-0-text"), "rec-1-text": ""})
	if got := checked(p, "verdict"); !slices.Equal(got, []string{"partly_founded"}) {
		t.Errorf("verdict %v", got)
	}
	if got := checked(p, "rec-0-domain"); !slices.Equal(got, []string{"care"}) {
		t.Errorf("first part of life %v", got)
	}
	if got := checked(p, "rec-1-domain"); !slices.Equal(got, []string{""}) {
		t.Errorf("the new slot's part of life %v, want none chosen", got)
	}
	if !strings.Contains(p.body, `<input type="hidden" name="recs" value="2">`) {
		t.Error("the form does not carry two slots")
	}

	// Fill in the second slot and rule: both recommendations are stored.
	form.Del("meer")
	form.Set("recs", "2")
	form.Set("rec-1-domain", "income")
	form.Set("rec-1-text", "Maak de bijzondere bijstand makkelijker aan te vragen.")
	h.scDone(h.scPost(ref, "uitspraak", form), ref, "uitspraak", "De uitspraak is vastgelegd.")
	c := h.complaint(ref)
	if len(c.Recommendations) != 2 || c.Recommendations[1].LifeDomain != casework.DomainIncome || len(c.Advices) != 1 {
		t.Fatalf("recommendations %+v, advices %+v", c.Recommendations, c.Advices)
	}

	// The slots stop at twenty.
	other := h.readyToRule(h.orgA)
	p = h.scPost(other, "uitspraak", url.Values{"recs": {"20"}, "meer": {"1"}})
	wantPage(t, p, http.StatusOK, "nl")
	if strings.Contains(p.body, `id="rec-20-text"`) || !strings.Contains(p.body, `id="rec-19-text"`) || strings.Contains(p.body, `name="meer"`) {
		t.Error("the form offers more than twenty slots")
	}
	// Not once the case is ruled.
	p = h.scRefused(ref, "uitspraak", url.Values{"meer": {"1"}}, http.StatusConflict)
	if strings.Contains(p.body, `id="meer-klaar"`) {
		t.Error("a ruled case answers the button for another recommendation")
	}
}

// TestStaffCasePostpone: once by at most 28 days; again only with the complainant's consent.
func TestStaffCasePostpone(t *testing.T) {
	h := newHarness(t)
	ref := h.inTreatment(h.orgA)
	first := h.complaint(ref).HandlingLastDay

	p := h.scRefused(ref, "uitstel", url.Values{}, http.StatusUnprocessableEntity)
	msgs := wantErrors(t, p, "days", "postpone-reason")
	if msgs["days"] != "Vul een aantal dagen in van 1 tot en met 28." {
		t.Errorf("message %q", msgs["days"])
	}
	for _, days := range []string{"29", "0", "abc", "1e9", "99999999999999999999", "-4"} {
		p := h.scRefused(ref, "uitstel", url.Values{"days": {days}, "reason": {"Stukken nog niet binnen."}}, http.StatusUnprocessableEntity)
		wantErrors(t, p, "days")
		wantKept(t, p, map[string]string{"days": days, "postpone-reason": "Stukken nog niet binnen."})
	}

	p = h.scPost(ref, "uitstel", url.Values{"days": {" 14 "}, "reason": {"Stukken nog niet binnen."}})
	done := h.scDone(p, ref, "verlengd", "De termijn is verlengd.")
	c := h.complaint(ref)
	if c.Postponements != 1 || c.HandlingLastDay <= first {
		t.Fatalf("after postponing: %d postponements, last day %s (was %s)", c.Postponements, c.HandlingLastDay, first)
	}
	text := html.UnescapeString(done.body)
	for _, want := range []string{`<dd id="uiterlijk">` + dayNL(c.HandlingLastDay), `<dd id="verlengd">1 keer`,
		"Van " + dayNL(first) + " naar " + dayNL(c.HandlingLastDay) + ": Stukken nog niet binnen.",
		"De termijn is al eerder verlengd: hoogstens 182 dagen"} {
		if !strings.Contains(text, want) {
			t.Errorf("after postponing the page does not show %q", want)
		}
	}

	// The second time only with consent.
	p = h.scRefused(ref, "uitstel", url.Values{"days": {"14"}, "reason": {"Nog een gesprek nodig."}}, http.StatusUnprocessableEntity)
	if msgs := wantErrors(t, p, "consent"); !strings.Contains(msgs["consent"], "schriftelijke toestemming van de klager") {
		t.Errorf("message %q", msgs["consent"])
	}
	p = h.scPost(ref, "uitstel", url.Values{"days": {"35"}, "reason": {"Nog een gesprek nodig."}, "consent": {"Klaagster stemde per e-mail van 4 maart in."}})
	h.scDone(p, ref, "verlengd", "De termijn is verlengd.")
	if c := h.complaint(ref); c.Postponements != 2 {
		t.Fatalf("postponements %d", c.Postponements)
	}

	// Not before the case is taken up.
	received := h.file(h.orgA).Reference
	h.scRefused(received, "uitstel", url.Values{"days": {"14"}, "reason": {"Stukken."}}, http.StatusConflict)
}

// TestStaffCaseInadmissible: a ground and reasons are needed; the decision is final.
func TestStaffCaseInadmissible(t *testing.T) {
	h := newHarness(t)
	ref := h.inTreatment(h.orgA)
	p := h.scRefused(ref, "niet-ontvankelijk", url.Values{"ground": {"boring"}, "reasons": {" "}}, http.StatusUnprocessableEntity)
	msgs := wantErrors(t, p, "iground-handled_before", "inadmissible-reasons")
	if msgs["iground-handled_before"] != "Kies waarom de klacht niet-ontvankelijk is." {
		t.Errorf("message %q", msgs["iground-handled_before"])
	}
	reasons := "U diende dezelfde klacht in 2025 in; wij hebben die toen behandeld."
	p = h.scRefused(ref, "niet-ontvankelijk", url.Values{"reasons": {reasons}}, http.StatusUnprocessableEntity)
	wantErrors(t, p, "iground-handled_before")
	wantKept(t, p, map[string]string{"inadmissible-reasons": reasons})

	// Handled before names an earlier complaint that was ruled on (checked against the file).
	open := h.inTreatment(h.orgA)
	earlier, _ := h.advised(h.orgA)
	for _, tc := range []struct{ earlier, msg string }{
		{"", "Vul het kenmerk in van de eerdere klacht waarover het meldpunt een uitspraak deed."},
		{"MP-1999-000001", "Er is geen klacht met dit kenmerk. Controleer het kenmerk."},
		{ref, "Dat is het kenmerk van deze klacht. Vul het kenmerk van de eerdere klacht in."},
		{open, "Over die eerdere klacht heeft het meldpunt (nog) geen uitspraak gedaan. Alleen een behandelde klacht telt."},
	} {
		p = h.scRefused(ref, "niet-ontvankelijk", url.Values{"ground": {"handled_before"}, "reasons": {reasons},
			"earlier_reference": {tc.earlier}}, http.StatusUnprocessableEntity)
		if msgs := wantErrors(t, p, "earlier-reference"); msgs["earlier-reference"] != tc.msg {
			t.Errorf("earlier reference %q: message %q", tc.earlier, msgs["earlier-reference"])
		}
		wantKept(t, p, map[string]string{"inadmissible-reasons": reasons, "earlier-reference": tc.earlier})
	}
	// Reasons of one or two words are refused: the complainant reads them in the letter.
	p = h.scRefused(ref, "niet-ontvankelijk", url.Values{"ground": {"too_light"}, "reasons": {"Te licht."}}, http.StatusUnprocessableEntity)
	if msgs := wantErrors(t, p, "inadmissible-reasons"); !strings.Contains(msgs["inadmissible-reasons"], "minstens 5 verschillende woorden en 30 letters") {
		t.Errorf("short reasons: message %q", msgs["inadmissible-reasons"])
	}
	// Older than a year: this complaint does not say when it happened.
	p = h.scRefused(ref, "niet-ontvankelijk", url.Values{"ground": {"older_than_one_year"}, "reasons": {reasons}}, http.StatusUnprocessableEntity)
	if msgs := wantErrors(t, p, "iground-handled_before"); !strings.Contains(msgs["iground-handled_before"], "Het dossier zegt niet wanneer het gebeurde") {
		t.Errorf("older than a year without a date: message %q", msgs["iground-handled_before"])
	}

	p = h.scPost(ref, "niet-ontvankelijk", url.Values{"ground": {"handled_before"}, "reasons": {reasons}, "earlier_reference": {strings.ToLower(earlier)}})
	done := h.scDone(p, ref, "niet-ontvankelijk", "De klacht is niet-ontvankelijk verklaard.")
	if c := h.complaint(ref); c.Status != casework.StatusInadmissible || c.InadmissibleGround != "handled_before" || c.EarlierReference != earlier {
		t.Fatalf("after the decision: %s %q %q", c.Status, c.InadmissibleGround, c.EarlierReference)
	}
	if !strings.Contains(done.body, `id="eerdere-klacht"><a href="/werk/klacht/`+earlier+`">`+earlier+`</a>`) {
		t.Errorf("the case page does not link the earlier complaint")
	}
	if f := forms(done, ref); len(f) != 0 || !strings.Contains(done.body, "De klacht is al eerder behandeld: "+html.EscapeString(reasons)) {
		t.Errorf("after the decision the page offers %v or does not show the ground and reasons", f)
	}
	again := h.scRefused(ref, "niet-ontvankelijk", url.Values{"ground": {"handled_before"}, "reasons": {reasons}}, http.StatusConflict)
	if got := errorSummary(t, again); !strings.Contains(got, "Dit kan nu niet: de klacht is niet-ontvankelijk verklaard.") {
		t.Errorf("the refusal says %q", got)
	}
	// A received complaint is taken up before it is declared inadmissible.
	h.scRefused(h.file(h.orgA).Reference, "niet-ontvankelijk", url.Values{"ground": {"too_light"}, "reasons": {reasons}}, http.StatusConflict)
}

// TestStaffCaseResolveAndWithdraw: both need a reason; both are final.
func TestStaffCaseResolveAndWithdraw(t *testing.T) {
	h := newHarness(t)
	received := h.file(h.orgA).Reference
	p := h.scRefused(received, "opgelost", url.Values{"reason": {""}}, http.StatusUnprocessableEntity)
	if msgs := wantErrors(t, p, "resolve-reason"); msgs["resolve-reason"] != "Schrijf op hoe de klacht is opgelost." {
		t.Errorf("message %q", msgs["resolve-reason"])
	}
	p = h.scRefused(received, "ingetrokken", url.Values{}, http.StatusUnprocessableEntity)
	wantErrors(t, p, "withdraw-reason")
	long := strings.Repeat("x", casework.MaxShortText+1)
	p = h.scRefused(received, "opgelost", url.Values{"reason": {long}}, http.StatusUnprocessableEntity)
	if msgs := wantErrors(t, p, "resolve-reason"); !strings.Contains(msgs["resolve-reason"], "500 tekens") {
		t.Errorf("message %q", msgs["resolve-reason"])
	}
	wantKept(t, p, map[string]string{"resolve-reason": long})

	h.scDone(h.scPost(received, "opgelost", url.Values{"reason": {"De gemeente nam alsnog een besluit."}}), received, "opgelost",
		"De klacht is afgesloten als opgelost.")
	if c := h.complaint(received); c.Status != casework.StatusResolved {
		t.Fatalf("status %s", c.Status)
	}
	p = h.scRefused(received, "ingetrokken", url.Values{"reason": {"Per e-mail."}}, http.StatusConflict)
	if got := errorSummary(t, p); !strings.Contains(got, "Dit kan nu niet: de klacht is opgelost en afgesloten.") {
		t.Errorf("the refusal says %q", got)
	}

	inTreatment := h.inTreatment(h.orgA)
	p = h.pageAs("POST", scPath(inTreatment)+"/ingetrokken?lang=en", staff, url.Values{"reason": {"Per e-mail op 5 maart."}, "lang": {"en"}})
	wantRedirect(t, p, scPath(inTreatment)+"?klaar=ingetrokken&lang=en")
	if c := h.complaint(inTreatment); c.Status != casework.StatusWithdrawn {
		t.Fatalf("status %s", c.Status)
	}
	done := h.pageAs("GET", p.header.Get("Location"), staff, nil)
	wantPage(t, done, http.StatusOK, "en")
	if !strings.Contains(done.body, "The complaint has been closed as withdrawn.") || !strings.Contains(done.body, "Per e-mail op 5 maart.") {
		t.Error("the English page does not confirm the withdrawal with its reason")
	}
}

// TestStaffCaseRefusalsInEnglish: a refused form in English comes back in English.
func TestStaffCaseRefusalsInEnglish(t *testing.T) {
	h := newHarness(t)
	ref := h.readyToRule(h.orgA)
	before := h.fingerprint()
	p := h.pageAs("POST", scPath(ref)+"/uitspraak?lang=en", staff, url.Values{"lang": {"en"}, "verdict": {"founded"}})
	wantPage(t, p, http.StatusUnprocessableEntity, "en")
	wantEnglishLinks(t, p)
	msgs := wantErrors(t, p, "findings", "conclusions", "advices")
	if msgs["findings"] != "Write down what you found." || !strings.HasPrefix(title(p), "Error: ") {
		t.Errorf("messages %v, title %q", msgs, title(p))
	}
	if h.fingerprint() != before {
		t.Fatal("the refused ruling changed the database")
	}
	p = h.pageAs("POST", scPath(h.file(h.orgA).Reference)+"/uitspraak?lang=en", staff, url.Values{"lang": {"en"}})
	wantPage(t, p, http.StatusConflict, "en")
	if !strings.Contains(p.body, "This is not possible now: the complaint has not been taken up yet.") {
		t.Errorf("the English refusal: %s", errorSummary(t, p))
	}
}

// The payloads planted in the case; html/template must write them as text.
var caseXSS = []string{`<script>alert(1)</script>`, `<b>vet</b>`, `"onmouseover="alert(1)`, `</textarea><script>alert(2)</script>`}

// TestStaffCaseEscapesEverythingTyped: markup typed by the resident, by staff (hearing, ruling,
// advices, recommendation) and by an organisation (its reasons) is shown as text on the case page
// and in a refused form.
func TestStaffCaseEscapesEverythingTyped(t *testing.T) {
	h := newHarness(t)
	all := strings.Join(caseXSS, " ")
	body := intakeBody(h.orgA, h.orgB)
	body["complainant"].(map[string]any)["name"] = "Wil " + caseXSS[0] + caseXSS[1]
	body["summary"] = "Samenvatting " + all
	body["desired_outcome"] = "Uitkomst " + caseXSS[2]
	body["supporter"] = map[string]any{"name": "Steun " + caseXSS[1] + caseXSS[2], "email": "steun@mee.example"}
	body["supporter_consent"] = true
	var r receipt
	h.call("POST", "/api/v1/complaints", anon, body).ok(t, http.StatusCreated, &r)
	ref := r.Reference

	h.scDone(h.scPost(ref, "oppakken", url.Values{"not_involved": {"ja"}}), ref, "opgepakt", "U heeft de klacht")
	h.scDone(h.scPost(ref, "horen", url.Values{"hearing": {"held"}, "party": {"complainant"}, "held_on": {"2026-03-03"},
		"record": {"Verslag " + all}}), ref, "gehoord", "Het horen")
	for _, o := range []int64{h.orgA, h.orgB} {
		h.scDone(h.scPost(ref, "horen", url.Values{"hearing": {"skipped"}, "party": {fmt.Sprintf("organisation-%d", o)},
			"skipped": {"waived"}, "skip_note": {"Toelichting " + caseXSS[2] + caseXSS[1]}}), ref, "gehoord", "Het horen")
	}
	// A refused ruling shows the payloads typed as text in the form.
	form := url.Values{"verdict": {"founded"}, "findings": {""}, "conclusions": {"Conclusie " + all},
		fmt.Sprintf("advice-%d", h.orgA): {"Advies A " + all}, "recs": {"1"}, "rec-0-domain": {"care"}, "rec-0-text": {"Aanbeveling " + all}}
	refused := h.scRefused(ref, "uitspraak", form, http.StatusUnprocessableEntity)
	wantCaseEscaped(t, "the refused ruling", refused)
	wantKept(t, refused, map[string]string{"conclusions": "Conclusie " + all, fmt.Sprintf("advice-%d", h.orgA): "Advies A " + all})

	form.Set("findings", "Bevinding "+all)
	form.Set(fmt.Sprintf("advice-%d", h.orgB), "Advies B "+caseXSS[0])
	h.scDone(h.scPost(ref, "uitspraak", form), ref, "uitspraak", "De uitspraak")
	c := h.complaint(ref)
	for _, a := range c.Advices {
		if a.OrganisationID == h.orgA {
			h.call("POST", fmt.Sprintf("/api/v1/advices/%d/reject", a.ID), orgA, map[string]string{
				"reasons": "Wij wijzen dit af omdat de regels het niet toestaan " + all}).want(t, http.StatusOK)
		}
	}
	h.deliverAll()

	for _, q := range []string{"", "?lang=en"} {
		p := h.scPage(ref, q)
		wantPage(t, p, http.StatusOK, map[string]string{"": "nl", "?lang=en": "en"}[q])
		wantCaseEscaped(t, "the case page"+q, p, "Wil "+caseXSS[0]+caseXSS[1], "Samenvatting "+all, "Uitkomst "+caseXSS[2],
			"Steun "+caseXSS[1]+caseXSS[2], "Verslag "+all, "Toelichting "+caseXSS[2]+caseXSS[1], "Bevinding "+all,
			"Conclusie "+all, "Advies A "+all, "Advies B "+caseXSS[0], "Aanbeveling "+all,
			"Wij wijzen dit af omdat de regels het niet toestaan "+all)
	}
}

// wantCaseEscaped checks that no payload is in the page raw, that no markup came from one, and
// that each text shown is there escaped.
func wantCaseEscaped(t *testing.T, where string, p page, shown ...string) {
	t.Helper()
	for _, payload := range caseXSS {
		if strings.Contains(p.body, payload) {
			t.Errorf("%s: the payload %q is in the page unescaped", where, payload)
		}
	}
	if strings.Contains(p.body, "<b>") || strings.Contains(p.body, `onmouseover="`) {
		t.Errorf("%s: markup from a payload is in the page", where)
	}
	wantEscaped(t, where, p, shown...)
}

// TestStaffCaseBadInputNeverPanics: forms with odd, missing, repeated or oversized values are
// refused with a page, never a crash, and change nothing.
func TestStaffCaseBadInputNeverPanics(t *testing.T) {
	h := newHarness(t)
	ref := h.inTreatment(h.orgA)
	received := h.file(h.orgA).Reference
	p := h.scRefused(received, "oppakken", url.Values{"handler_id": {"1", "2", "x"}, "not_involved": {""}}, http.StatusUnprocessableEntity)
	wantUniqueIDs(t, p)
	for _, c := range []struct {
		action string
		form   url.Values
	}{
		{"horen", url.Values{"hearing": {"skipped", "held"}, "party": {"organisation-99999999999999999999"}, "skipped": {"\x00"}}},
		{"horen", url.Values{"hearing": {"nonsense"}, "party": {"complainant"}, "held_on": {"2026-02-30"}, "record": {"\xff\xfe"}}},
		{"uitspraak", url.Values{"recs": {"-1"}, "verdict": {"founded", "unfounded"}, "rec-0-domain": {"care"}}},
		{"uitspraak", url.Values{"recs": {"999999999999"}, "advice-abc": {"x"}, "advice-0": {"y"}}},
		{"uitspraak", url.Values{"recs": {"abc"}, "rec--1-text": {"x"}}},
		{"uitspraak", url.Values{"advice_org": {"1", "x"}, "advice-other": {"\x00"}}},
		{"uitspraak", url.Values{"advice_org": {"99999999999999999999"}, "advice-other": {"Advies."}}},
		{"uitstel", url.Values{"days": {"NaN"}, "reason": {strings.Repeat("a", 600)}}},
		{"niet-ontvankelijk", url.Values{"ground": {strings.Repeat("g", 1000)}}},
		{"opgelost", url.Values{"reason": {"a\x01b"}}},
	} {
		p := h.scRefused(ref, c.action, c.form, http.StatusUnprocessableEntity)
		wantUniqueIDs(t, p)
	}
	// A body over the limit is refused before it is read.
	big := url.Values{"reason": {strings.Repeat("a", 2<<20)}}
	before := h.fingerprint()
	p = h.pageAs("POST", scPath(ref)+"/opgelost", staff, big)
	wantPage(t, p, http.StatusRequestEntityTooLarge, "nl")
	if h.fingerprint() != before {
		t.Error("an oversized form changed the database")
	}
	if strings.Contains(h.logs.String(), "panic") {
		t.Errorf("the server panicked: %s", h.logs.String())
	}
}

// TestStaffCaseHandlingTerm: the handling term counts down while the case is open, says how many
// days it is past, and is no longer counted once the case is ruled.
func TestStaffCaseHandlingTerm(t *testing.T) {
	h := newHarness(t)
	ref := h.inTreatment(h.orgA)
	last := h.complaint(ref).HandlingLastDay
	lastDay := mustDate(t, last)
	for _, c := range []struct {
		day  term.Date
		want string
	}{
		{lastDay.AddDays(-1), `<dd id="termijn">nog 1 dag</dd>`},
		{lastDay, `<dd id="termijn">vandaag is de laatste dag</dd>`},
		{lastDay.AddDays(3), `<dd id="termijn" class="dringend">3 dagen over de termijn</dd>`},
	} {
		h.clock.Set(time.Date(c.day.Year, c.day.Month, c.day.Day, 12, 0, 0, 0, term.Amsterdam()))
		if p := h.scPage(ref, ""); !strings.Contains(p.body, c.want) {
			t.Errorf("on %s the page does not show %s", c.day, c.want)
		}
	}
	h.hearAll(ref, h.orgA)
	h.scDone(h.scPost(ref, "uitspraak", rulingForm(h.orgA)), ref, "uitspraak", "De uitspraak")
	if p := h.scPage(ref, ""); strings.Contains(p.body, `id="termijn"`) {
		t.Error("a ruled case still counts its handling term")
	}
}

// radioValues returns the values of the radio buttons named name, in page order.
func radioValues(p page, name string) []string {
	var vs []string
	for _, m := range radioPattern.FindAllStringSubmatch(p.body, -1) {
		if m[2] == name {
			vs = append(vs, m[3])
		}
	}
	return vs
}

// TestStaffCaseAddOrganisation: the ruling form offers advice only to the organisations the
// complaint is about; another organisation (the municipality, say) is first added to the complaint
// with its own form (radio buttons), gets the copy of the complaint and must be heard before the
// ruling may advise it. Its refusals come back beside the choice.
func TestStaffCaseAddOrganisation(t *testing.T) {
	h := newHarness(t)
	ref := h.readyToRule(h.orgA)
	orgBID := strconv.FormatInt(h.orgB, 10)

	t.Run("the form offers the organisations the complaint is not about, none chosen", func(t *testing.T) {
		p := h.scPage(ref, "")
		wantUniqueIDs(t, p)
		if got := radioValues(p, "organisation_id"); !slices.Equal(got, []string{orgBID}) {
			t.Errorf("the organisations offered are %v, want %s only", got, orgBID)
		}
		if got := checked(p, "organisation_id"); len(got) != 0 {
			t.Errorf("chosen %v, want none", got)
		}
		for _, want := range []string{`<h2 id="sc-organisatie" tabindex="-1">Organisatie toevoegen</h2>`,
			`<label for="add-org-0">` + orgBName + ` (Sociaal wijkteam)</label>`, `href="#sc-organisatie"`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the page does not have %s", want)
			}
		}
		if strings.Contains(p.body, `name="advice_org"`) || strings.Contains(p.body, "advice-"+orgBID) || strings.Contains(p.body, "<select") {
			t.Error("the ruling form offers an advice to an organisation the complaint is not about, or a select")
		}
		en := h.scPage(ref, "?lang=en")
		wantPage(t, en, http.StatusOK, "en")
		for _, want := range []string{"Add an organisation", "Which organisation do you add?", "Add the organisation"} {
			if !strings.Contains(en.body, want) {
				t.Errorf("the English page does not say %q", want)
			}
		}
		// A complaint about every organisation there is has no such form.
		if p := h.scPage(h.readyToRule(h.orgA, h.orgB), ""); strings.Contains(p.body, `name="organisation_id"`) {
			t.Error("a complaint about every organisation offers to add one")
		}
	})

	for _, c := range []struct {
		name, org, msg string
	}{
		{"no organisation chosen", "", "Kies de organisatie die u toevoegt."},
		{"an organisation that does not exist", "999999", "Kies de organisatie die u toevoegt."},
		{"an organisation that is no number", "abc", "Kies de organisatie die u toevoegt."},
		{"the organisation the complaint is about already", strconv.FormatInt(h.orgA, 10), "De klacht gaat al over deze organisatie."},
	} {
		t.Run("refused: "+c.name, func(t *testing.T) {
			p := h.scRefused(ref, "organisatie", url.Values{"organisation_id": {c.org}}, http.StatusUnprocessableEntity)
			wantUniqueIDs(t, p)
			if msgs := wantErrors(t, p, "add-org-0"); msgs["add-org-0"] != c.msg {
				t.Errorf("message %q, want %q", msgs["add-org-0"], c.msg)
			}
		})
	}

	t.Run("added, with its copy, and heard before the ruling advises it", func(t *testing.T) {
		done := h.scDone(h.scPost(ref, "organisatie", url.Values{"organisation_id": {orgBID}}), ref, "organisatie",
			"De organisatie is toegevoegd. Zij krijgt een kopie van de klacht.")
		text := html.UnescapeString(done.body)
		for _, want := range []string{"Organisatie toegevoegd", orgBName + " krijgt een kopie van de klacht",
			"Let op: leg eerst het horen vast van: " + orgBName} {
			if !strings.Contains(text, want) {
				t.Errorf("the page does not say %q", want)
			}
		}
		h.notice(ref, "copy_to_organisation", h.orgB)
		form := rulingForm(h.orgA, h.orgB)
		p := h.scRefused(ref, "uitspraak", form, http.StatusUnprocessableEntity)
		if got := errorSummary(t, p); !strings.Contains(got, "Leg eerst vast dat de klager en elke organisatie zijn gehoord") {
			t.Errorf("the refusal says %q", got)
		}
		h.scDone(h.scPost(ref, "horen", url.Values{"hearing": {"held"}, "party": {"organisation-" + orgBID}, "held_on": {"2026-03-03"},
			"record": {"De teamleider van het wijkteam licht de gang van zaken toe."}}), ref, "gehoord", "Het horen is vastgelegd.")
		h.scDone(h.scPost(ref, "uitspraak", form), ref, "uitspraak", "De uitspraak is vastgelegd.")
		if c := h.complaint(ref); c.Status != casework.StatusAdvised || len(c.Advices) != 2 {
			t.Fatalf("after the ruling: %s, advices %+v", c.Status, c.Advices)
		}
	})
}

// TestStaffCaseStaleForms: a form posted after the complaint's status changed (another staff member
// resolved the case while this one typed the ruling) is refused with 409 before the form itself is
// checked, so there are never errors beside fields that are not on the page; the page shows what was
// typed, escaped and read-only to copy, under its own heading; nothing changes.
func TestStaffCaseStaleForms(t *testing.T) {
	h := newHarness(t)
	ref := h.readyToRule(h.orgA)
	adviceA := fmt.Sprintf("advice-%d", h.orgA)
	h.call("POST", "/api/v1/complaints/"+ref+"/resolve", staff, map[string]any{"reason": "De gemeente nam alsnog een besluit."}).want(t, http.StatusOK)

	all := strings.Join(caseXSS, " ")
	form := rulingForm(h.orgA)
	typed := map[string]string{"findings": "Bevinding " + all, "conclusions": "Conclusie " + caseXSS[3],
		adviceA: "Advies A " + all, "rec-0-text": "Aanbeveling " + caseXSS[2]}
	for k, v := range typed {
		form.Set(k, v)
	}

	t.Run("a ruling typed while the case was resolved", func(t *testing.T) {
		p := h.scRefused(ref, "uitspraak", form, http.StatusConflict)
		wantUniqueIDs(t, p)
		if got := errorSummary(t, p); !strings.Contains(got, "Dit kan nu niet: de klacht is opgelost en afgesloten.") || strings.Contains(got, `href="#`) {
			t.Errorf("the refusal says %q", got)
		}
		if f := forms(p, ref); len(f) != 0 {
			t.Errorf("the resolved case offers %v", f)
		}
		if !strings.Contains(p.body, `<h2 id="sc-ingevuld">Wat u had ingevuld</h2>`) {
			t.Fatal("no block with what was typed")
		}
		kept := map[string]string{}
		for id, v := range typed {
			kept["ingevuld-"+id] = v
			if !regexp.MustCompile(`<textarea id="ingevuld-` + regexp.QuoteMeta(id) + `" rows="\d+" readonly>`).MatchString(p.body) {
				t.Errorf("what was typed in %s is not in a read-only box", id)
			}
		}
		wantKept(t, p, kept)
		for id, label := range map[string]string{"findings": "Wat heeft u vastgesteld?", "conclusions": "Uw conclusie",
			adviceA: "Advies aan " + orgAName, "rec-0-text": "Tekst van aanbeveling 1"} {
			if !strings.Contains(p.body, `<label for="ingevuld-`+id+`">`+html.EscapeString(label)+`</label>`) {
				t.Errorf("the box of %s is not labelled %q", id, label)
			}
		}
		wantCaseEscaped(t, "the stale ruling", p, slices.Collect(mapValues(typed))...)
		if c := h.complaint(ref); c.Status != casework.StatusResolved || c.Verdict != "" || len(c.Advices) != 0 || len(c.Recommendations) != 0 {
			t.Fatalf("after the stale ruling: %s %q, advices %+v, recommendations %+v", c.Status, c.Verdict, c.Advices, c.Recommendations)
		}
	})

	t.Run("in English", func(t *testing.T) {
		en := url.Values{"lang": {"en"}}
		for k, v := range form {
			en[k] = v
		}
		p := h.pageAs("POST", scPath(ref)+"/uitspraak?lang=en", staff, en)
		wantPage(t, p, http.StatusConflict, "en")
		wantEnglishLinks(t, p)
		for _, want := range []string{`<h2 id="sc-ingevuld">What you had filled in</h2>`, "This has not been saved.",
			`<label for="ingevuld-findings">What did you find?</label>`, "This is not possible now: the complaint has been resolved and closed."} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the English refusal does not have %s", want)
			}
		}
	})

	// Every action, invalid as well as stale: 409 for the status, never 422 for fields that are
	// not on the page; what was typed is shown, an empty form shows no block.
	for _, c := range []struct {
		action string
		form   url.Values
		typed  map[string]string
	}{
		{"oppakken", url.Values{}, nil},
		{"horen", url.Values{"hearing": {"held"}, "held_on": {"gisteren"}, "record": {"Verslag " + caseXSS[1]}}, map[string]string{"ingevuld-record": "Verslag " + caseXSS[1]}},
		{"horen", url.Values{"hearing": {"skipped"}, "skip_note": {"Afgezien."}}, map[string]string{"ingevuld-skip_note": "Afgezien."}},
		{"uitspraak", url.Values{"verdict": {"maybe"}}, nil},
		{"uitspraak", url.Values{"meer": {"1"}, "findings": {"Half af."}}, map[string]string{"ingevuld-findings": "Half af."}},
		{"uitstel", url.Values{"days": {"abc"}, "reason": {"Stukken."}, "consent": {"Per brief."}},
			map[string]string{"ingevuld-postpone-reason": "Stukken.", "ingevuld-consent": "Per brief."}},
		{"niet-ontvankelijk", url.Values{}, nil},
		{"niet-ontvankelijk", url.Values{"reasons": {"Al eerder behandeld."}}, map[string]string{"ingevuld-inadmissible-reasons": "Al eerder behandeld."}},
		{"opgelost", url.Values{"reason": {""}}, nil},
		{"ingetrokken", url.Values{"reason": {strings.Repeat("x", casework.MaxShortText+1)}},
			map[string]string{"ingevuld-withdraw-reason": strings.Repeat("x", casework.MaxShortText+1)}},
	} {
		t.Run("stale and invalid: "+c.action+" "+strings.Join(slices.Sorted(maps.Keys(c.form)), ","), func(t *testing.T) {
			p := h.scRefused(ref, c.action, c.form, http.StatusConflict)
			wantUniqueIDs(t, p)
			if got := errorSummary(t, p); strings.Contains(got, `href="#`) {
				t.Errorf("the refusal links to a field: %q", got)
			}
			if strings.Contains(p.body, `-fout">`) || strings.Contains(p.body, `aria-invalid="true"`) {
				t.Error("the refusal marks a field as wrong")
			}
			if c.typed == nil {
				if strings.Contains(p.body, `id="sc-ingevuld"`) {
					t.Error("a form with nothing typed shows a block of what was typed")
				}
				return
			}
			wantKept(t, p, c.typed)
		})
	}
}

// TestStaffCaseInvitationRefusals: an invitation on a day that is no working day or outside office
// hours comes back beside its field, in the page's language, with the reason and what was typed.
func TestStaffCaseInvitationRefusals(t *testing.T) {
	h := newHarness(t)
	ref := h.inTreatment(h.orgA)
	orgA := fmt.Sprintf("organisation-%d", h.orgA)
	for _, c := range []struct {
		name        string
		form        url.Values
		field, want string
	}{
		{"on a Saturday", url.Values{"party": {"complainant"}, "date": {"2026-03-07"}, "time": {"10:00"}, "place": {"Stadhuis"}},
			"invite-date", "7 maart 2026 is geen werkdag (zaterdag). Kies een werkdag."},
		{"on Easter Monday", url.Values{"party": {orgA}, "date": {"2026-04-06"}, "time": {"10:00"}, "place": {"Stadhuis"}},
			"invite-date", "6 april 2026 is geen werkdag (Tweede Paasdag). Kies een werkdag."},
		{"at ten at night", url.Values{"party": {orgA}, "date": {"2026-03-04"}, "time": {"22:00"}, "place": {"Stadhuis"}},
			"invite-time", "Het gesprek begint binnen kantoortijd: tussen 09:00 en 17:00."},
		{"earlier today", url.Values{"party": {orgA}, "date": {"2026-03-03"}, "time": {"09:30"}, "place": {"Stadhuis"}},
			"invite-time", "Die tijd is vandaag al voorbij. Kies een latere tijd of een andere dag."},
		{"without a party or place", url.Values{"date": {"2026-03-04"}, "time": {"10:00"}},
			"invite-party-0", "Kies wie u uitnodigt."},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := h.scRefused(ref, "uitnodigen", c.form, http.StatusUnprocessableEntity)
			wantUniqueIDs(t, p)
			fields := []string{c.field}
			if c.form.Get("place") == "" {
				fields = append(fields, "invite-place")
			}
			msgs := wantErrors(t, p, fields...)
			if got := html.UnescapeString(msgs[c.field]); got != c.want {
				t.Errorf("message %q, want %q", got, c.want)
			}
			wantKept(t, p, map[string]string{"invite-date": c.form.Get("date"), "invite-time": c.form.Get("time"), "invite-place": c.form.Get("place")})
		})
	}
	t.Run("in English", func(t *testing.T) {
		form := url.Values{"lang": {"en"}, "party": {"complainant"}, "date": {"2026-04-06"}, "time": {"10:00"}, "place": {"Town hall"}}
		p := h.pageAs("POST", scPath(ref)+"/uitnodigen?lang=en", staff, form)
		wantPage(t, p, http.StatusUnprocessableEntity, "en")
		if msgs := wantErrors(t, p, "invite-date"); msgs["invite-date"] != "6 April 2026 is not a working day (Easter Monday). Choose a working day." {
			t.Errorf("message %q", msgs["invite-date"])
		}
	})
	if n := h.count(`SELECT count(*) FROM hearing_invitations`); n != 0 {
		t.Fatalf("%d invitations recorded by refused forms", n)
	}
}
