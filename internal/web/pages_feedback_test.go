package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"meldpunt/internal/casework"
)

// Tests of what follows the ruling (issue 14 point 4): the resident's view after the ruling (what
// happens next, the Nationale ombudsman, no handling term), the resident's answer through the API
// and the status page (422 with the error summary, 303 to a thank-you page), and the staff's side:
// the "not carried out" list and the case page's "dealt with".

// lookupView is the resident's view through the API.
func (h *harness) lookupView(r receipt) casework.ResidentView {
	h.t.Helper()
	var v casework.ResidentView
	h.call("POST", "/api/v1/complaints/lookup", anon, map[string]any{"reference": r.Reference,
		"tracking_code": r.TrackingCode}).ok(h.t, http.StatusOK, &v)
	return v
}

// notCarriedOut is the staff's list of open reports through the API.
func (h *harness) notCarriedOut() (refs []string, total int) {
	h.t.Helper()
	var list struct {
		Items []casework.NotCarriedOutReport `json:"items"`
		Total int                            `json:"total"`
	}
	h.call("GET", "/api/v1/not-carried-out?limit=200", staff, nil).ok(h.t, http.StatusOK, &list)
	for _, r := range list.Items {
		refs = append(refs, r.Reference)
	}
	return refs, list.Total
}

// TestFeedbackAPI: the view after the ruling has the Nationale ombudsman's last day and no handling
// term; an answer before the ruling is 409, a wrong code 404, an incomplete one 422 naming the
// fields; "no" puts the case on the staff's list until staff mark it dealt with, with a note.
func TestFeedbackAPI(t *testing.T) {
	h := newHarness(t)
	before := h.file(h.orgA)
	if v := h.lookupView(before); v.AfterRuling != nil || v.HandlingLastDay == "" {
		t.Errorf("before the ruling: after_ruling %+v, handling_last_day %q", v.AfterRuling, v.HandlingLastDay)
	}
	h.call("POST", "/api/v1/complaints/lookup/feedback", anon, feedbackBody(before, 1, casework.CarriedOutYes, 3, "")).
		problem(t, http.StatusConflict, "invalid_transition")

	r, advice := h.ruledWithCode(h.orgA)
	v := h.lookupView(r)
	if v.AfterRuling == nil || v.AfterRuling.OmbudsmanLastDay == "" || len(v.AfterRuling.NextSteps) != 1 ||
		v.AfterRuling.NextSteps[0].Outcome != casework.StepWaiting || v.HandlingLastDay != "" {
		t.Fatalf("after the ruling: %+v, handling_last_day %q", v.AfterRuling, v.HandlingLastDay)
	}
	raw := h.call("POST", "/api/v1/complaints/lookup", anon, map[string]any{"reference": r.Reference, "tracking_code": r.TrackingCode})
	if strings.Contains(string(raw.body), `"handling_last_day"`) || !strings.Contains(string(raw.body), `"ombudsman_last_day":"`+v.AfterRuling.OmbudsmanLastDay) {
		t.Errorf("the view after the ruling: %s", raw)
	}

	wrong := feedbackBody(r, advice, casework.CarriedOutNo, 2, "")
	wrong["tracking_code"] = before.TrackingCode
	h.call("POST", "/api/v1/complaints/lookup/feedback", anon, wrong).problem(t, http.StatusNotFound, "not_found")

	p := h.call("POST", "/api/v1/complaints/lookup/feedback", anon, map[string]any{"reference": r.Reference,
		"tracking_code": r.TrackingCode, "advices": []any{}, "satisfaction": 9, "comment": strings.Repeat("x", 2001)}).
		problem(t, http.StatusUnprocessableEntity, "validation_failed")
	wantFields(t, p, fmt.Sprintf("advices[%d]", advice), "satisfaction", "comment")
	unknown := feedbackBody(r, advice, casework.CarriedOutYes, 3, "")
	unknown["extra"] = true
	wantFields(t, h.call("POST", "/api/v1/complaints/lookup/feedback", anon, unknown).problem(t, http.StatusUnprocessableEntity, "validation_failed"), "extra")
	if _, total := h.notCarriedOut(); total != 0 {
		t.Fatalf("refused answers made %d reports", total)
	}

	var after casework.ResidentView
	h.call("POST", "/api/v1/complaints/lookup/feedback", anon, feedbackBody(r, advice, casework.CarriedOutNo, 2, "Niets gebeurd.")).
		ok(t, http.StatusOK, &after)
	if after.AfterRuling == nil || after.AfterRuling.Feedback == nil || after.AfterRuling.Feedback.Satisfaction != 2 {
		t.Errorf("the view after the answer: %+v", after.AfterRuling)
	}
	if refs, total := h.notCarriedOut(); total != 1 || len(refs) != 1 || refs[0] != r.Reference {
		t.Fatalf("the list after a 'no': %v (total %d)", refs, total)
	}

	path := "/api/v1/complaints/" + r.Reference + "/not-carried-out/dealt-with"
	h.call("POST", path, orgA, map[string]any{"note": "x"}).problem(t, http.StatusForbidden, "forbidden")
	h.call("POST", path, council, map[string]any{"note": "x"}).problem(t, http.StatusForbidden, "forbidden")
	h.call("POST", path, anon, map[string]any{"note": "x"}).problem(t, http.StatusUnauthorized, "unauthenticated")
	wantFields(t, h.call("POST", path, staff, map[string]any{"note": "  "}).problem(t, http.StatusUnprocessableEntity, "validation_failed"), "note")
	var c casework.Complaint
	h.call("POST", path, staff, map[string]any{"note": "Organisatie gebeld."}).ok(t, http.StatusOK, &c)
	if c.Feedback == nil || c.Feedback.DealtWithAt == nil || c.Feedback.DealtWithNote != "Organisatie gebeld." {
		t.Errorf("the complaint after 'dealt with': %+v", c.Feedback)
	}
	h.call("POST", path, staff, map[string]any{"note": "Nog eens."}).problem(t, http.StatusConflict, "invalid_transition")
	if _, total := h.notCarriedOut(); total != 0 {
		t.Errorf("the list after 'dealt with' holds %d", total)
	}
	for _, q := range []string{"limit=0", "limit=201", "offset=-1", "limit=x"} {
		h.call("GET", "/api/v1/not-carried-out?"+q, staff, nil).problem(t, http.StatusUnprocessableEntity, "validation_failed")
	}
	h.call("GET", "/api/v1/not-carried-out", supporter, nil).problem(t, http.StatusForbidden, "forbidden")
}

// statusPost posts a form of the status page for the case of r.
func (h *harness) statusPost(path string, r receipt, form url.Values) page {
	h.t.Helper()
	f := url.Values{"reference": {r.Reference}, "tracking_code": {r.TrackingCode}}
	for k, v := range form {
		f[k] = v
	}
	return h.postForm(path, f, nil)
}

// TestFeedbackStatusPage: after the ruling the status page says what happens next and until when the
// Nationale ombudsman can be asked, without the handling term, in Dutch and English; the form is
// refused with the error summary and everything given kept, a good answer redirects to a thank-you
// page and is then shown pre-filled.
func TestFeedbackStatusPage(t *testing.T) {
	h := newHarness(t)
	notYet := h.file(h.orgA)
	p := h.statusPost("/status", notYet, nil)
	wantPage(t, p, http.StatusOK, "nl")
	if !strings.Contains(p.body, `id="uiterlijk"`) || strings.Contains(p.body, `id="terugkoppeling"`) || strings.Contains(p.body, `id="ombudsman"`) {
		t.Errorf("before the ruling the status page shows the term and no after-ruling section: %s", p)
	}
	refused := h.statusPost("/status/terugkoppeling", notYet, url.Values{"satisfaction": {"3"}})
	wantPage(t, refused, http.StatusConflict, "nl")

	r, advice := h.ruledWithCode(h.orgA)
	last := h.lookupView(r).AfterRuling.OmbudsmanLastDay
	p = h.statusPost("/status", r, nil)
	wantPage(t, p, http.StatusOK, "nl")
	for _, want := range []string{`<h2 id="wat-nu">Wat gebeurt er nu?</h2>`, orgAName + " moet uiterlijk ",
		`<h2 id="ombudsman">`, "dus uiterlijk " + dayNL(last) + ".", "0800 33 55 555", `href="https://www.nationaleombudsman.nl"`,
		`<h2 id="terugkoppeling">Is het advies uitgevoerd?</h2>`, `action="/status/terugkoppeling"`,
		fmt.Sprintf(`<input type="radio" id="advies-%d-unknown" name="advice_%d" value="unknown">`, advice, advice),
		`<label for="tevreden-1">1 – heel ontevreden</label>`, `<label for="comment">`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the status page after the ruling lacks %q", want)
		}
	}
	if strings.Contains(p.body, `id="uiterlijk"`) {
		t.Error("the status page after the ruling still shows the handling term")
	}
	if c := checked(p, fmt.Sprintf("advice_%d", advice)); len(c) != 0 {
		t.Errorf("an answer is preselected: %v", c)
	}
	en := h.statusPost("/status", r, url.Values{"lang": {"en"}})
	wantPage(t, en, http.StatusOK, "en")
	for _, want := range []string{"What happens next?", "Do you disagree with the ruling?", "Was the advice carried out?", "Don’t know", "1 – very dissatisfied"} {
		if !strings.Contains(en.body, want) {
			t.Errorf("the English page lacks %q", want)
		}
	}

	// Refused: nothing chosen, a comment too long; the other answers kept.
	fp := h.fingerprint()
	long := strings.Repeat("lang ", 401)
	bad := h.statusPost("/status/terugkoppeling", r, url.Values{"comment": {long}})
	wantPage(t, bad, http.StatusUnprocessableEntity, "nl")
	msgs := wantErrors(t, bad, fmt.Sprintf("advies-%d-yes", advice), "tevreden-1", "comment")
	if !strings.Contains(msgs[fmt.Sprintf("advies-%d-yes", advice)], orgAName) || msgs["tevreden-1"] != "Kies een cijfer van 1 tot 5." {
		t.Errorf("messages: %v", msgs)
	}
	if got, _ := textareaText(bad, "comment"); got != long {
		t.Errorf("the comment was not kept: %q", got)
	}
	if !strings.HasPrefix(title(bad), "Fout: ") {
		t.Errorf("title %q", title(bad))
	}
	bad2 := h.statusPost("/status/terugkoppeling", r, url.Values{fmt.Sprintf("advice_%d", advice): {"partly"}, "comment": {"Mijn <b>opmerking</b>"}})
	wantPage(t, bad2, http.StatusUnprocessableEntity, "nl")
	wantErrors(t, bad2, "tevreden-1")
	if c := checked(bad2, fmt.Sprintf("advice_%d", advice)); len(c) != 1 || c[0] != "partly" {
		t.Errorf("the chosen answer was not kept: %v", c)
	}
	wantEscaped(t, "the comment", bad2, "Mijn <b>opmerking</b>")
	badEN := h.statusPost("/status/terugkoppeling", r, url.Values{"lang": {"en"}, "satisfaction": {"6"}})
	wantPage(t, badEN, http.StatusUnprocessableEntity, "en")
	if m := wantErrors(t, badEN, fmt.Sprintf("advies-%d-yes", advice), "tevreden-1"); m["tevreden-1"] != "Choose a number from 1 to 5." {
		t.Errorf("English messages: %v", m)
	}
	if after := h.fingerprint(); after != fp {
		t.Fatalf("refused answers changed the database:\n before %s\n after  %s", fp, after)
	}
	// A wrong code: the status form's 404.
	wrongCode := r
	wrongCode.TrackingCode = notYet.TrackingCode
	wantPage(t, h.statusPost("/status/terugkoppeling", wrongCode, url.Values{"satisfaction": {"3"}}), http.StatusNotFound, "nl")

	// A good answer: 303 to the thank-you page, without the reference or the code in the address.
	good := h.statusPost("/status/terugkoppeling", r, url.Values{fmt.Sprintf("advice_%d", advice): {"no"},
		"satisfaction": {"2"}, "comment": {"Er is niets veranderd."}})
	wantRedirect(t, good, "/status/terugkoppeling/ontvangen")
	thanks := h.getPage(good.header.Get("Location"))
	wantPage(t, thanks, http.StatusOK, "nl")
	if !strings.Contains(thanks.body, "Wij hebben uw antwoord ontvangen.") || strings.Contains(thanks.body, r.Reference) {
		t.Errorf("thank-you page: %s", thanks)
	}
	goodEN := h.statusPost("/status/terugkoppeling", r, url.Values{"lang": {"en"}, fmt.Sprintf("advice_%d", advice): {"no"},
		"satisfaction": {"2"}, "comment": {"Er is niets veranderd."}})
	wantRedirect(t, goodEN, "/status/terugkoppeling/ontvangen?lang=en")
	thanksEN := h.getPage(goodEN.header.Get("Location"))
	wantPage(t, thanksEN, http.StatusOK, "en")
	wantEnglishLinks(t, thanksEN)

	again := h.statusPost("/status", r, nil)
	wantPage(t, again, http.StatusOK, "nl")
	if c := checked(again, fmt.Sprintf("advice_%d", advice)); len(c) != 1 || c[0] != "no" {
		t.Errorf("the answer is not pre-filled: %v", c)
	}
	if c := checked(again, "satisfaction"); len(c) != 1 || c[0] != "2" {
		t.Errorf("the score is not pre-filled: %v", c)
	}
	if got, _ := textareaText(again, "comment"); got != "Er is niets veranderd." {
		t.Errorf("the comment is not pre-filled: %q", got)
	}
	if !strings.Contains(again.body, `<p id="gegeven">U gaf ons uw antwoord op `) || !strings.Contains(again.body, "U gaf uw antwoord over het advies") {
		t.Errorf("the page does not say the answer was given: %s", again)
	}
	if refs, total := h.notCarriedOut(); total != 1 || refs[0] != r.Reference {
		t.Errorf("the staff's list: %v (%d)", refs, total)
	}
}

// TestFeedbackStaffPages: the case page shows the complainant's answer with the "dealt with" form;
// a missing note is refused (422, error summary, nothing changed), a note marks it dealt with (303
// back with a message); the paged list /werk/niet-uitgevoerd follows; other roles are refused.
func TestFeedbackStaffPages(t *testing.T) {
	h := newHarness(t)
	empty := h.pageAs("GET", "/werk/niet-uitgevoerd", staff, nil)
	wantPage(t, empty, http.StatusOK, "nl")
	if !strings.Contains(empty.body, "Geen meldingen.") {
		t.Errorf("the empty list: %s", empty)
	}
	var refs []string
	for range 21 {
		refs = append(refs, h.reportedNotCarriedOut(h.orgA))
	}
	ref := refs[0]

	list := h.pageAs("GET", "/werk/niet-uitgevoerd", staff, nil)
	wantPage(t, list, http.StatusOK, "nl")
	for _, want := range []string{`<div class="tabel-regio" role="region" aria-labelledby="cap-niet-uitgevoerd" tabindex="0">`,
		`href="/werk/klacht/` + ref + `"`, "Melding 1 tot en met 20 van 21.", `href="/werk/niet-uitgevoerd?pagina=2"`, "2 van 5", orgAName} {
		if !strings.Contains(list.body, want) {
			t.Errorf("the list lacks %q", want)
		}
	}
	if strings.Contains(list.body, refs[20]) {
		t.Error("the first page shows the 21st report")
	}
	second := h.pageAs("GET", "/werk/niet-uitgevoerd?pagina=2&lang=en", staff, nil)
	wantPage(t, second, http.StatusOK, "en")
	if !strings.Contains(second.body, refs[20]) || !strings.Contains(second.body, "Report 21 to 21 of 21.") {
		t.Errorf("the second page: %s", second)
	}
	wantPage(t, h.pageAs("GET", "/werk/niet-uitgevoerd?pagina=3", staff, nil), http.StatusNotFound, "nl")
	wantPage(t, h.pageAs("GET", "/werk/niet-uitgevoerd?pagina=x", staff, nil), http.StatusNotFound, "nl")
	wantPage(t, h.pageAs("GET", "/werk/niet-uitgevoerd", orgA, nil), http.StatusForbidden, "nl")
	wantPage(t, h.pageAs("GET", "/werk/niet-uitgevoerd", supporter, nil), http.StatusForbidden, "nl")
	wantRedirect(t, h.pageAs("GET", "/werk/niet-uitgevoerd", anon, nil), "/inloggen?next=%2Fwerk%2Fniet-uitgevoerd")

	cp := h.scPage(ref, "")
	wantPage(t, cp, http.StatusOK, "nl")
	for _, want := range []string{`<h2 id="terugkoppeling" tabindex="-1">Antwoord van de klager na de uitspraak</h2>`,
		`id="niet-uitgevoerd-melding"`, orgAName + ": Nee", "2 van 5", "Er is niets gebeurd.",
		`action="/werk/klacht/` + ref + `/niet-uitgevoerd"`, `<label for="fb-note">Wat heeft u gedaan?`} {
		if !strings.Contains(cp.body, want) {
			t.Errorf("the case page lacks %q", want)
		}
	}
	bad := h.scRefused(ref, "niet-uitgevoerd", url.Values{"note": {"  "}}, http.StatusUnprocessableEntity)
	if m := wantErrors(t, bad, "fb-note"); m["fb-note"] != "Schrijf op wat u heeft gedaan." {
		t.Errorf("messages: %v", m)
	}
	wantPage(t, h.pageAs("POST", scPath(ref)+"/niet-uitgevoerd", orgA, url.Values{"note": {"x"}}), http.StatusForbidden, "nl")
	wantPage(t, h.pageAs("POST", scPath(ref)+"/niet-uitgevoerd", council, url.Values{"note": {"x"}}), http.StatusForbidden, "nl")

	done := h.scPost(ref, "niet-uitgevoerd", url.Values{"note": {"Organisatie gebeld: zij voert het advies uit."}})
	after := h.scDone(done, ref, "niet-uitgevoerd", "De melding ‘niet uitgevoerd’ is afgehandeld.")
	if strings.Contains(after.body, `id="niet-uitgevoerd-melding"`) || strings.Contains(after.body, `/niet-uitgevoerd" novalidate`) ||
		!strings.Contains(after.body, `<dd id="afgehandeld">op `) || !strings.Contains(after.body, "Organisatie gebeld: zij voert het advies uit.") {
		t.Errorf("the case page after 'dealt with': %s", after)
	}
	// Dealt with already: 409 with the reason.
	again := h.scRefused(ref, "niet-uitgevoerd", url.Values{"note": {"Nog een keer."}}, http.StatusConflict)
	if !strings.Contains(errorSummary(t, again), "geen open melding") {
		t.Errorf("the second 'dealt with': %s", errorSummary(t, again))
	}
	if _, total := h.notCarriedOut(); total != 20 {
		t.Errorf("%d reports left, want 20", total)
	}
}

// TestFeedbackSupporterCasePage: the supporter's case page shows the handling term until the ruling,
// then what happens next and the Nationale ombudsman's last day instead, without the resident's form.
func TestFeedbackSupporterCasePage(t *testing.T) {
	h := newHarness(t)
	cb := h.pooledReachable("Cliëntenbelang Haarlem")
	h.linkSupporter(cb)
	r := h.fileChoosing(cb, h.orgA)
	path := "/ondersteuner/zaak/" + r.Reference
	p := h.pageAs("GET", path, supporter, nil)
	wantPage(t, p, http.StatusOK, "nl")
	if !strings.Contains(p.body, `id="uiterlijk"`) || strings.Contains(p.body, `id="ombudsman"`) {
		t.Errorf("before the ruling: %s", p)
	}
	h.call("POST", "/api/v1/complaints/"+r.Reference+"/take-up", staff, map[string]any{"not_involved": true}).want(t, http.StatusOK)
	h.hearAll(r.Reference, h.orgA)
	h.call("POST", "/api/v1/complaints/"+r.Reference+"/ruling", staff, foundedRuling(h.orgA)).want(t, http.StatusOK)
	last := h.lookupView(r).AfterRuling.OmbudsmanLastDay
	p = h.pageAs("GET", path, supporter, nil)
	wantPage(t, p, http.StatusOK, "nl")
	if strings.Contains(p.body, `id="uiterlijk"`) || !strings.Contains(p.body, `<h2 id="wat-nu">`) ||
		!strings.Contains(p.body, "dus uiterlijk "+dayNL(last)+".") || strings.Contains(p.body, `action="/status/terugkoppeling"`) {
		t.Errorf("after the ruling: %s", p)
	}
}
