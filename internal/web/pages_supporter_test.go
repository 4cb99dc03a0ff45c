package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestPagesComplaintChoosesFromThePool: the form lists the active members of the pool with a link
// to the directory; a member chosen without consent is refused at the consent box, with consent it
// is stored, and the informal representative's details with a member are refused as both.
func TestPagesComplaintChoosesFromThePool(t *testing.T) {
	h := newHarness(t)
	cb := h.pooledReachable("Cliëntenbelang Haarlem")
	form := h.postForm("/klacht/stap/contact", url.Values{"goto": {"supporter"}}, nil).body // the step "who helps"
	for _, want := range []string{`id="supporter_id-` + itoa(cb) + `" name="supporter_id" value="` + itoa(cb) + `"`,
		`<label for="supporter_id-` + itoa(cb) + `">Cliëntenbelang Haarlem</label>`, `href="/ondersteuning"`,
		`id="supporter_relation" name="supporter_relation"`, "Zonder uw toestemming kan niemand namens u optreden"} {
		if !strings.Contains(form, want) {
			t.Errorf("the form lacks %q", want)
		}
	}
	values := complaintForm(h.orgA)
	for _, k := range []string{"supporter_name", "supporter_email", "supporter_phone", "supporter_street", "supporter_postcode", "supporter_city"} {
		values.Del(k)
	}
	values.Set("supporter_id", itoa(cb))
	values.Del("supporter_consent")
	values.Set("lang", "en")
	p := h.postForm("/klacht", values, nil)
	wantPage(t, p, http.StatusUnprocessableEntity, "en")
	wantErrors(t, p, "supporter_consent")
	if !strings.Contains(p.body, `value="`+itoa(cb)+`" checked`) {
		t.Error("the chosen member is not kept")
	}
	values.Set("supporter_consent", "yes")
	values.Set("supporter_name", "Buurvrouw")
	p = h.postForm("/klacht", values, nil)
	wantErrors(t, p, "supporter_id", "supporter_email")
	values.Del("supporter_name")
	p = h.postForm("/klacht", values, nil)
	wantPage(t, p, http.StatusOK, "en")
	ref := between(p.body, `<p id="referentie" class="code">`, "</p>")
	c := h.complaint(ref)
	if c.SupporterID == nil || *c.SupporterID != cb || c.Representations[0].ConsentRoute != "complaint_form" {
		t.Fatalf("stored %v %+v", c.SupporterID, c.Representations)
	}
}

// TestPagesSupporter: the supporter's start page lists their consenting clients' cases with the
// next date; the case page shows the timeline and the copies and takes information; another case is
// not found; the supporter files for a client with consent and gets the tracking code to hand over.
func TestPagesSupporter(t *testing.T) {
	h := newHarness(t)
	cb := h.pooledReachable("Cliëntenbelang Haarlem")
	other := h.pooledReachable("MEE & De Wering")
	h.linkSupporter(cb)
	mine := h.fileChoosing(cb, h.orgA)
	theirs := h.fileChoosing(other, h.orgA)
	h.call("POST", "/api/v1/complaints/"+mine.Reference+"/take-up", staff, map[string]any{"not_involved": true}).want(t, http.StatusOK)
	h.call("POST", "/api/v1/complaints/"+mine.Reference+"/hearing-invitations", staff, map[string]any{
		"party": "complainant", "date": "2026-03-10", "time": "10:30", "place": "Stadhuis, kamer 1.12"}).want(t, http.StatusOK)
	h.deliverAll()

	// Support requests: the pending one to this member shows on the start page, with its last day
	// to answer; an answered one and one to another member do not.
	pending, pendingID := h.askPooled(cb)
	var lastDay string
	h.call("GET", fmt.Sprintf("/api/v1/support-requests/%d", pendingID), supporter, nil).ok(t, http.StatusOK, &struct {
		PickupLastDay *string `json:"pickup_last_day"`
	}{&lastDay})
	answered, answeredID := h.askPooled(cb)
	h.call("POST", fmt.Sprintf("/api/v1/support-requests/%d/accept", answeredID), supporter, map[string]any{}).want(t, http.StatusOK)
	elsewhere, _ := h.askPooled(other)

	start := h.pageAs("GET", "/ondersteuner", supporter, nil)
	requests := between(start.body, `id="hulpvragen"`, "</table>")
	if !strings.Contains(requests, pending.Reference) || strings.Contains(requests, answered.Reference) ||
		strings.Contains(start.body, elsewhere.Reference) || lastDay == "" || !strings.Contains(requests, dayNL(lastDay)) {
		t.Errorf("the start page's requests:\n%s", requests)
	}
	if strings.Index(start.body, `id="hulpvragen"`) > strings.Index(start.body, `id="clienten"`) {
		t.Error("the requests waiting for an answer do not come first")
	}
	if start.status != http.StatusOK || !strings.Contains(start.body, mine.Reference) || strings.Contains(start.body, theirs.Reference) ||
		!strings.Contains(start.body, piiName) || !strings.Contains(start.body, "10 maart 2026: gesprek (hoorzitting)") ||
		!strings.Contains(start.body, `href="/ondersteuner/verzoeken"`) || !strings.Contains(start.body, `href="/ondersteuner/trajecten"`) {
		t.Fatalf("start page:\n%s", start.body)
	}
	if en := h.pageAs("GET", "/ondersteuner?lang=en", supporter, nil); !strings.Contains(en.body, "My clients") {
		t.Errorf("English start page:\n%s", en.body)
	}
	cp := h.pageAs("GET", "/ondersteuner/zaak/"+mine.Reference, supporter, nil)
	for _, want := range []string{"Keuze van wie helpt vastgelegd", "Uitnodiging voor een gesprek", "Stadhuis, kamer 1.12",
		`href="/ondersteuner/brief/`, `<label for="information">`} {
		if !strings.Contains(cp.body, want) {
			t.Errorf("the case page lacks %q", want)
		}
	}
	if strings.Contains(cp.body, staffName) {
		t.Error("the case page names staff")
	}
	letter := between(cp.body, `href="/ondersteuner/brief/`, `"`)
	if res := h.send(request{method: "GET", path: "/ondersteuner/brief/" + letter, as: supporter}); res.status != http.StatusOK ||
		!strings.HasPrefix(string(res.body), "%PDF") {
		t.Fatalf("the copy: %d", res.status)
	}
	if p := h.pageAs("GET", "/ondersteuner/zaak/"+theirs.Reference, supporter, nil); p.status != http.StatusNotFound {
		t.Fatalf("another member's case: %d", p.status)
	}

	p := h.pageAs("POST", "/ondersteuner/zaak/"+mine.Reference+"/informatie", supporter, url.Values{"information": {" "}})
	wantErrors(t, p, "information")
	p = h.pageAs("POST", "/ondersteuner/zaak/"+mine.Reference+"/informatie", supporter,
		url.Values{"information": {"Mevrouw belde <b>drie</b> keer."}, "documents": {"Brief van 3 maart\r\n\r\nE-mail van 5 maart"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("adding information: %d", p.status)
	}
	cp = h.pageAs("GET", "/ondersteuner/zaak/"+mine.Reference+"?klaar=informatie", supporter, nil)
	if !strings.Contains(cp.body, "Mevrouw belde &lt;b&gt;drie&lt;/b&gt; keer.") || !strings.Contains(cp.body, "<li>E-mail van 5 maart</li>") ||
		!strings.Contains(cp.body, "Uw informatie is toegevoegd") {
		t.Fatalf("after adding:\n%s", cp.body)
	}
	staffPage := h.pageAs("GET", "/werk/klacht/"+mine.Reference, staff, nil)
	if !strings.Contains(staffPage.body, "Mevrouw belde &lt;b&gt;drie&lt;/b&gt; keer.") || !strings.Contains(staffPage.body, "Brief van 3 maart") {
		t.Errorf("the staff's case page does not show the information")
	}

	// Filing for a client.
	values := complaintForm(h.orgB)
	for _, k := range []string{"supporter_id", "supporter_name", "supporter_email", "supporter_phone", "supporter_street",
		"supporter_postcode", "supporter_city", "supporter_consent"} {
		values.Del(k)
	}
	form := h.pageAs("GET", "/ondersteuner/klacht", supporter, nil)
	if strings.Contains(form.body, `name="supporter_id"`) || !strings.Contains(form.body, "Mijn cliënt gaf mij toestemming") ||
		!strings.Contains(form.body, `action="/ondersteuner/klacht"`) {
		t.Fatalf("the supporter's form:\n%s", form.body)
	}
	p = h.pageAs("POST", "/ondersteuner/klacht", supporter, values)
	if p.status != http.StatusUnprocessableEntity {
		t.Fatalf("without consent: %d", p.status)
	}
	wantErrors(t, p, "supporter_consent")
	values.Set("supporter_consent", "yes")
	p = h.pageAs("POST", "/ondersteuner/klacht", supporter, values)
	if p.status != http.StatusOK || strings.Contains(p.body, `id="volgcode"`) || !strings.Contains(p.body, `id="voor-client"`) {
		t.Fatalf("filed for a client: %d\n%s", p.status, p.body)
	}
	ref := between(p.body, `<p id="referentie" class="code">`, "</p>")
	if c := h.complaint(ref); c.SupporterID == nil || *c.SupporterID != cb || c.Representations[0].ConsentRoute != "supporter_filing" {
		t.Fatalf("filed %+v", c.Representations)
	}
	if start = h.pageAs("GET", "/ondersteuner", supporter, nil); !strings.Contains(start.body, ref) {
		t.Error("the new client's case is not on the start page")
	}
}

// TestPagesStaffRecordsASignedLetter: staff record from a signed letter that a member of the pool
// acts for the complainant (without the day of the letter or the consent it is refused beside the
// fields), then that the consent ends; the history shows both with the day of each letter.
func TestPagesStaffRecordsASignedLetter(t *testing.T) {
	h := newHarness(t)
	cb := h.pooledReachable("Cliëntenbelang Haarlem")
	r := h.file(h.orgA)
	page := h.pageAs("GET", "/werk/klacht/"+r.Reference, staff, nil)
	if !strings.Contains(page.body, `<label for="rep-who">Cliëntenbelang Haarlem</label>`) {
		t.Fatalf("the form does not offer the pool:\n%s", page.body)
	}
	p := h.pageAs("POST", "/werk/klacht/"+r.Reference+"/ondersteuner", staff, url.Values{"supporter_id": {itoa(cb)}})
	if p.status != http.StatusUnprocessableEntity {
		t.Fatalf("without consent and day: %d", p.status)
	}
	wantErrors(t, p, "rep-consent", "rep-received_on")
	p = h.pageAs("POST", "/werk/klacht/"+r.Reference+"/ondersteuner", staff, url.Values{"supporter_id": {itoa(cb)},
		"supporter_consent": {"ja"}, "received_on": {"2026-03-02"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("recording the letter: %d\n%s", p.status, p.body)
	}
	p = h.pageAs("POST", "/werk/klacht/"+r.Reference+"/ondersteuner", staff, url.Values{"supporter_id": {"end"}, "received_on": {"2026-03-03"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("recording the end: %d\n%s", p.status, p.body)
	}
	page = h.pageAs("GET", "/werk/klacht/"+r.Reference+"?klaar=ondersteuner", staff, nil)
	history := between(page.body, `id="vertegenwoordiging"`, "</table>")
	for _, want := range []string{"Cliëntenbelang Haarlem, cliëntondersteuner uit de lijst", "in een ondertekende brief (brief ontvangen op 2 maart 2026), " + staffName,
		"(brief ontvangen op 3 maart 2026)"} {
		if !strings.Contains(history, want) {
			t.Errorf("the history lacks %q:\n%s", want, history)
		}
	}
	if !strings.Contains(page.body, "De brief van de klager is vastgelegd") {
		t.Error("no confirmation")
	}
}

// TestPagesStatusChangesWhoHelps: on the status page the resident sees who acts for them, chooses
// a member of the pool (refused without consent), and ends it; the former supporter loses access.
func TestPagesStatusChangesWhoHelps(t *testing.T) {
	h := newHarness(t)
	cb := h.pooledReachable("Cliëntenbelang Haarlem")
	h.linkSupporter(cb)
	r := h.file(h.orgA)
	proof := url.Values{"reference": {r.Reference}, "tracking_code": {r.TrackingCode}}
	p := h.postForm("/status", proof, nil)
	if !strings.Contains(p.body, "Nu treedt niemand namens u op.") || !strings.Contains(p.body, `action="/status/ondersteuner"`) ||
		strings.Contains(p.body, `value="end"`) {
		t.Fatalf("status page:\n%s", p.body)
	}
	form := url.Values{"reference": {r.Reference}, "tracking_code": {r.TrackingCode}, "supporter_id": {itoa(cb)}}
	p = h.postForm("/status/ondersteuner", form, nil)
	if p.status != http.StatusUnprocessableEntity {
		t.Fatalf("without consent: %d", p.status)
	}
	wantErrors(t, p, "supporter_consent")
	form.Set("supporter_consent", "yes")
	p = h.postForm("/status/ondersteuner", form, nil)
	if p.status != http.StatusOK || !strings.Contains(p.body, "Nu helpt Cliëntenbelang Haarlem u.") || !strings.Contains(p.body, "Uw keuze is opgeslagen.") {
		t.Fatalf("after choosing: %d\n%s", p.status, p.body)
	}
	if sp := h.pageAs("GET", "/ondersteuner/zaak/"+r.Reference, supporter, nil); sp.status != http.StatusOK {
		t.Fatalf("the chosen supporter: %d", sp.status)
	}
	p = h.postForm("/status/ondersteuner", url.Values{"reference": {r.Reference}, "tracking_code": {r.TrackingCode}, "supporter_id": {"end"}}, nil)
	if p.status != http.StatusOK || !strings.Contains(p.body, "Nu treedt niemand namens u op.") {
		t.Fatalf("after ending: %d", p.status)
	}
	if sp := h.pageAs("GET", "/ondersteuner/zaak/"+r.Reference, supporter, nil); sp.status != http.StatusNotFound {
		t.Fatalf("the former supporter: %d", sp.status)
	}
	// A wrong code changes nothing.
	p = h.postForm("/status/ondersteuner", url.Values{"reference": {r.Reference}, "tracking_code": {"XXXX"}, "supporter_id": {itoa(cb)},
		"supporter_consent": {"yes"}}, nil)
	if p.status != http.StatusNotFound {
		t.Fatalf("wrong code: %d", p.status)
	}
}

// between returns the text between the first from and the next to.
func between(s, from, to string) string {
	_, rest, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	out, _, _ := strings.Cut(rest, to)
	return out
}

var _ = strconv.Itoa
