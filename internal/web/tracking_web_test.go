package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"meldpunt/internal/postgres"
)

// The tracking code reaches everyone (issue 14, point 1), the web part: a resident who lost the
// code asks for a new one, in the API (POST /api/v1/complaints/lookup/new-code) and on the pages
// (/status/nieuwe-code); the answer is the same whatever the input; every request counts per client
// and per reference; staff who register a complaint do not get the code, the acknowledgement carries it.

const newCodePath = "/api/v1/complaints/lookup/new-code"

// ackCode returns the tracking code that the complainant's acknowledgement of ref carries while it
// is not written yet (the only place the code is in the clear).
func (h *harness) ackCode(ref string) string {
	h.t.Helper()
	var code string
	if err := h.db.Get(&code, `SELECT coalesce(n.data->>'tracking_code', '') FROM notices n JOIN complaints c ON c.id = n.complaint_id
		WHERE c.reference = $1 AND n.kind = $2 AND n.recipient = 'complainant'`, ref, postgres.NoticeAcknowledgement); err != nil {
		h.t.Fatalf("the acknowledgement of %s: %v", ref, err)
	}
	if code == "" {
		h.t.Fatalf("the acknowledgement of %s carries no code", ref)
	}
	return code
}

// newCodes returns the codes of the letters with a new tracking code of ref, with their recipients.
func (h *harness) newCodes(ref string) []string {
	h.t.Helper()
	var rows []string
	if err := h.db.Select(&rows, `SELECT n.recipient || ':' || coalesce(n.data->>'tracking_code', '') FROM notices n
		JOIN complaints c ON c.id = n.complaint_id WHERE c.reference = $1 AND n.kind = $2 ORDER BY n.id`,
		ref, postgres.NoticeNewTrackingCode); err != nil {
		h.t.Fatal(err)
	}
	return rows
}

// lookupStatus is the status of the API's look-up with ref and code.
func (h *harness) lookupStatus(ref, code string) int {
	h.t.Helper()
	return h.call("POST", "/api/v1/complaints/lookup", anon, map[string]string{"reference": ref, "tracking_code": code}).status
}

// TestNewCodeAPISameAnswerWhateverTheInput: a mismatch, an unknown reference and a match get the
// same 202 and body; only the match renews the code (the old one then gives 404) and writes one
// letter, to the complainant alone; a bad body is refused before anything is counted or asked.
func TestNewCodeAPISameAnswerWhateverTheInput(t *testing.T) {
	h := newHarness(t)
	r := h.file(h.orgA)
	var bodies [][]byte
	ask := func(ref, given string) {
		t.Helper()
		res := h.call("POST", newCodePath, anon, map[string]string{"reference": ref, "email_or_postcode": given})
		res.want(t, http.StatusAccepted)
		bodies = append(bodies, res.body)
	}
	ask(r.Reference, "9999 ZZ")                    // wrong postcode
	ask(r.Reference, "iemand.anders@voorbeeld.nl") // wrong e-mail address
	ask("MP-2026-999999", piiPostcode)             // unknown reference
	if h.lookupStatus(r.Reference, r.TrackingCode) != http.StatusOK || len(h.newCodes(r.Reference)) != 0 {
		t.Fatal("a mismatch changed the code or wrote a letter")
	}
	ask(strings.ToLower(r.Reference), strings.ReplaceAll(piiPostcode, " ", "")) // the postcode without its space
	for _, b := range bodies[1:] {
		if !bytes.Equal(b, bodies[0]) {
			t.Fatalf("answers differ: %s and %s", bodies[0], b)
		}
	}
	if !strings.Contains(string(bodies[0]), `"status":"accepted"`) || strings.Contains(string(bodies[0]), r.Reference) {
		t.Errorf("answer %s", bodies[0])
	}
	if got := h.lookupStatus(r.Reference, r.TrackingCode); got != http.StatusNotFound {
		t.Fatalf("the old code after a new one: %d, want 404", got)
	}
	letters := h.newCodes(r.Reference)
	if len(letters) != 1 || !strings.HasPrefix(letters[0], "complainant:") {
		t.Fatalf("letters with a new code: %v", letters)
	}
	if code := strings.TrimPrefix(letters[0], "complainant:"); h.lookupStatus(r.Reference, code) != http.StatusOK {
		t.Fatalf("the new code %q does not open the case", code)
	}
	// The e-mail address on file matches too.
	ask(r.Reference, strings.ToUpper(piiEmail))
	if n := len(h.newCodes(r.Reference)); n != 2 {
		t.Fatalf("after a match by e-mail address: %d letters, want 2", n)
	}

	t.Run("a bad body is refused", func(t *testing.T) {
		p := h.call("POST", newCodePath, anon, map[string]string{"reference": " ", "email_or_postcode": ""}).
			problem(t, http.StatusUnprocessableEntity, "validation_failed")
		wantFields(t, p, "reference", "email_or_postcode")
		p = h.call("POST", newCodePath, anon, map[string]string{"reference": strings.Repeat("M", 41), "email_or_postcode": "2011 AB"}).
			problem(t, http.StatusUnprocessableEntity, "validation_failed")
		wantFields(t, p, "reference")
		p = h.call("POST", newCodePath, anon, map[string]any{"reference": r.Reference, "email_or_postcode": piiPostcode, "tracking_code": "x"}).
			problem(t, http.StatusUnprocessableEntity, "validation_failed")
		wantFields(t, p, "tracking_code")
		h.call("POST", newCodePath, anon, "{").want(t, http.StatusBadRequest)
		if n := len(h.newCodes(r.Reference)); n != 2 {
			t.Errorf("a refused body wrote a letter: %d letters", n)
		}
	})
}

// TestNewCodeLimitsCountEveryRequest: every request counts, matched or not: the 6th request of one
// client in the window is 429, and so is the 4th for one reference from other clients; after the
// window they are served again.
func TestNewCodeLimitsCountEveryRequest(t *testing.T) {
	cfg := testConfig
	cfg.NewCodeLimit, cfg.NewCodeRefLimit = 5, 3
	h := newHarnessWith(t, cfg)
	r := h.file(h.orgA)
	from := func(ip, ref string) *response {
		return h.send(request{method: "POST", path: newCodePath, client: h.clientFrom(ip),
			body: map[string]string{"reference": ref, "email_or_postcode": "9999 ZZ"}})
	}
	// One reference: three requests from three clients, the fourth from a fourth client is refused.
	for _, ip := range []string{"127.0.0.11", "127.0.0.12", "127.0.0.13"} {
		from(ip, r.Reference).want(t, http.StatusAccepted)
	}
	p := from("127.0.0.14", " "+strings.ToLower(r.Reference)).problem(t, http.StatusTooManyRequests, "rate_limited")
	if !strings.Contains(p.Detail, "call the meldpunt") {
		t.Errorf("detail %q", p.Detail)
	}
	// One client: five requests for other references, the sixth is refused.
	for i := range 5 {
		from("127.0.0.21", "MP-2026-90000"+string(rune('0'+i))).want(t, http.StatusAccepted)
	}
	from("127.0.0.21", "MP-2026-900009").problem(t, http.StatusTooManyRequests, "rate_limited")
	// A refused client is refused before its body is read.
	h.send(request{method: "POST", path: newCodePath, client: h.clientFrom("127.0.0.21"), body: map[string]string{}}).
		problem(t, http.StatusTooManyRequests, "rate_limited")
	// Another client still gets through for another reference.
	from("127.0.0.22", "MP-2026-900009").want(t, http.StatusAccepted)
	// After the window both are served again.
	h.clock.Set(h.clock.Now().Add(cfg.LimitWindow))
	from("127.0.0.21", r.Reference).want(t, http.StatusAccepted)
}

// TestNewCodePages: the status page links the form; the form in Dutch and English; missing fields
// re-render it with the error summary and what was typed; every well-formed request redirects to
// the same answer (nothing personal in the address); a match renews the code; too many requests
// show the form again with the meldpunt's phone number.
func TestNewCodePages(t *testing.T) {
	cfg := testConfig
	cfg.NewCodeLimit, cfg.NewCodeRefLimit = 5, 3
	cfg.Letterhead.Phone = "023 511 5000"
	h := newHarnessWith(t, cfg)
	r := h.file(h.orgA)

	status := h.getPage("/status")
	wantPage(t, status, http.StatusOK, "nl")
	if !strings.Contains(status.body, `<p id="volgcode-kwijt">Volgcode kwijt? <a href="/status/nieuwe-code">`) {
		t.Errorf("the status page does not link the new-code form:\n%s", status.body)
	}
	if en := h.getPage("/status?lang=en"); !strings.Contains(en.body, `href="/status/nieuwe-code?lang=en"`) {
		t.Errorf("the English status page does not link the English form")
	}
	for _, l := range []string{"nl", "en"} {
		path := "/status/nieuwe-code"
		if l == "en" {
			path += "?lang=en"
		}
		p := h.getPage(path)
		wantPage(t, p, http.StatusOK, l)
		wantUniqueIDs(t, p)
		for _, want := range []string{`<label for="reference">`, `<label for="email_or_postcode">`, `action="` + path + `"`, `href="/status`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("%s lacks %s", path, want)
			}
		}
	}
	if p := h.getPage("/status/nieuwe-code?lang=en"); !strings.Contains(p.body, "<h1>Ask for a new tracking code</h1>") {
		t.Errorf("English form: %s", p)
	}

	t.Run("missing fields re-render the form with the error summary", func(t *testing.T) {
		p := h.postForm("/status/nieuwe-code", url.Values{"reference": {r.Reference}}, nil)
		wantPage(t, p, http.StatusUnprocessableEntity, "nl")
		msgs := wantErrors(t, p, "email_or_postcode")
		if msgs["email_or_postcode"] != "Vul uw e-mailadres of uw postcode in." {
			t.Errorf("message %q", msgs["email_or_postcode"])
		}
		wantKept(t, p, map[string]string{"reference": r.Reference})
		p = h.postForm("/status/nieuwe-code", url.Values{"lang": {"en"}}, nil)
		wantPage(t, p, http.StatusUnprocessableEntity, "en")
		msgs = wantErrors(t, p, "reference", "email_or_postcode")
		if msgs["reference"] != "Fill in the reference number of your complaint." {
			t.Errorf("message %q", msgs["reference"])
		}
		if !strings.Contains(p.body, "<title>Error:") && !strings.Contains(p.body, "<title>Fout:") {
			t.Errorf("the title does not say there is an error")
		}
	})

	var answers []string
	post := func(form url.Values) {
		t.Helper()
		p := h.postForm("/status/nieuwe-code", form, nil)
		want := "/status/nieuwe-code/verstuurd"
		if form.Get("lang") == "en" {
			want += "?lang=en"
		}
		if p.status != http.StatusSeeOther || p.header.Get("Location") != want {
			t.Fatalf("post %v: %d to %q, want 303 to %q", form, p.status, p.header.Get("Location"), want)
		}
		answers = append(answers, p.body)
	}
	post(url.Values{"reference": {r.Reference}, "email_or_postcode": {"9999 ZZ"}})
	post(url.Values{"reference": {"MP-2026-999999"}, "email_or_postcode": {piiEmail}})
	if h.lookupStatus(r.Reference, r.TrackingCode) != http.StatusOK {
		t.Fatal("a mismatch on the page stopped the code")
	}
	post(url.Values{"reference": {r.Reference}, "email_or_postcode": {piiEmail}, "lang": {"en"}})
	if h.lookupStatus(r.Reference, r.TrackingCode) != http.StatusNotFound || len(h.newCodes(r.Reference)) != 1 {
		t.Fatal("a match on the page did not renew the code")
	}
	if answers[0] != answers[1] {
		t.Errorf("the redirects differ: %q and %q", answers[0], answers[1])
	}
	for _, l := range []string{"nl", "en"} {
		path := "/status/nieuwe-code/verstuurd"
		if l == "en" {
			path += "?lang=en"
		}
		p := h.getPage(path)
		wantPage(t, p, http.StatusOK, l)
		if !strings.Contains(p.body, `id="nieuwe-code-antwoord"`) || !strings.Contains(p.body, "023 511 5000") {
			t.Errorf("%s: %s", path, p)
		}
	}

	t.Run("too many requests show the form with the phone number", func(t *testing.T) {
		// The client asked 3 times above, and once more here is 4, and 5: the 6th is refused.
		post(url.Values{"reference": {"MP-2026-900001"}, "email_or_postcode": {"2011 AB"}})
		post(url.Values{"reference": {"MP-2026-900002"}, "email_or_postcode": {"2011 AB"}})
		p := h.postForm("/status/nieuwe-code", url.Values{"reference": {"MP-2026-900003"}, "email_or_postcode": {"2011 AB"}}, nil)
		wantPage(t, p, http.StatusTooManyRequests, "nl")
		if !strings.Contains(p.body, "bel het meldpunt op 023 511 5000") || !strings.Contains(p.body, `id="fouten"`) {
			t.Errorf("the refused form: %s", p)
		}
		wantKept(t, p, map[string]string{"reference": "MP-2026-900003"})
	})
}

// TestStaffRegistrationLeavesTheCodeToTheAcknowledgement: staff who register a phone complaint get
// the reference but not the tracking code; the complainant's acknowledgement carries it and it opens
// the case. A resident filing on their own still gets the code on screen.
func TestStaffRegistrationLeavesTheCodeToTheAcknowledgement(t *testing.T) {
	h := newHarness(t)
	body := intakeBody(h.orgA)
	body["channel"] = "phone"
	var r receipt
	res := h.call("POST", "/api/v1/complaints", staff, body)
	res.ok(t, http.StatusCreated, &r)
	if r.Reference == "" || r.TrackingCode != "" {
		t.Fatalf("staff's receipt %s", res.body)
	}
	if h.lookupStatus(r.Reference, h.ackCode(r.Reference)) != http.StatusOK {
		t.Fatal("the acknowledgement's code does not open the case")
	}
	if own := h.file(h.orgA); own.TrackingCode == "" || h.ackCode(own.Reference) != own.TrackingCode {
		t.Fatalf("the resident's own receipt %+v", own)
	}
}
