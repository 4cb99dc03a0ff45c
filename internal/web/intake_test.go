package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

// The day of receipt (issue 10, point 5), the inadmissibility term and letters that wait for an
// address (point 9), through the API and the staff's pages. The harness's clock stands at Tuesday
// 3 March 2026.

// phoneIntake is a complaint staff took by phone on receivedOn, with a phone number only.
func phoneIntake(receivedOn string, orgs ...int64) map[string]any {
	body := intakeBody(orgs...)
	body["complainant"] = map[string]any{"name": "Karin de Wit", "phone": "023 511 5100"}
	body["channel"] = "phone"
	if receivedOn != "" {
		body["received_on"] = receivedOn
	}
	return body
}

// TestAPIDayOfReceipt: staff register the real day of receipt and every term runs from it;
// residents may not set it, and need a postal or e-mail address.
func TestAPIDayOfReceipt(t *testing.T) {
	h := newHarness(t)
	var r struct {
		Reference       string `json:"reference"`
		ReceivedOn      string `json:"received_on"`
		HandlingLastDay string `json:"handling_last_day"`
	}
	h.call("POST", "/api/v1/complaints", staff, phoneIntake("2026-02-23", h.orgA)).ok(t, http.StatusCreated, &r)
	// 23 February + 42 days is Easter Monday 6 April: the term ends on Tuesday 7 April. The
	// inadmissibility term: 23 February + 28 days is Monday 23 March.
	if r.ReceivedOn != "2026-02-23" || r.HandlingLastDay != "2026-04-07" {
		t.Fatalf("receipt %+v", r)
	}
	c := h.complaint(r.Reference)
	if c.ReceivedOn != "2026-02-23" || c.InadmissibilityLastDay != "2026-03-23" || c.HandlingLastDay != "2026-04-07" {
		t.Fatalf("complaint: received on %s, inadmissibility %s, handling %s", c.ReceivedOn, c.InadmissibilityLastDay, c.HandlingLastDay)
	}
	var list struct {
		Complaints []casework.ComplaintSummary `json:"complaints"`
	}
	h.call("GET", "/api/v1/complaints", staff, nil).ok(t, http.StatusOK, &list)
	if len(list.Complaints) != 1 || list.Complaints[0].ReceivedOn != "2026-02-23" {
		t.Fatalf("list %+v", list.Complaints)
	}
	// Without received_on staff register today.
	h.call("POST", "/api/v1/complaints", staff, phoneIntake("", h.orgA)).ok(t, http.StatusCreated, &r)
	if r.ReceivedOn != "2026-03-03" || r.HandlingLastDay != "2026-04-14" {
		t.Fatalf("receipt without received_on %+v", r)
	}

	for _, tc := range []struct {
		name  string
		as    role
		body  map[string]any
		field string
	}{
		{"resident_sends_received_on", anon, func() map[string]any {
			b := intakeBody(h.orgA)
			b["received_on"] = "2026-03-01"
			return b
		}(), "received_on"},
		{"resident_with_a_phone_number_only", anon, func() map[string]any {
			b := phoneIntake("", h.orgA)
			delete(b, "channel")
			return b
		}(), "complainant"},
		{"received_on_in_the_future", staff, phoneIntake("2026-03-04", h.orgA), "received_on"},
		{"received_on_more_than_a_year_ago", staff, phoneIntake("2025-03-02", h.orgA), "received_on"},
		{"received_on_not_a_date", staff, phoneIntake("3 maart", h.orgA), "received_on"},
	} {
		t.Run(tc.name+"_refused", func(t *testing.T) {
			before := h.fingerprint()
			p := h.call("POST", "/api/v1/complaints", tc.as, tc.body).problem(t, http.StatusUnprocessableEntity, "validation_failed")
			wantFields(t, p, tc.field)
			if h.fingerprint() != before {
				t.Fatal("a refused intake changed the database")
			}
		})
	}
	p := h.call("POST", "/api/v1/complaints", anon, func() map[string]any {
		b := phoneIntake("", h.orgA)
		delete(b, "channel")
		return b
	}()).problem(t, http.StatusUnprocessableEntity, "validation_failed")
	if len(p.Errors) != 1 || p.Errors[0].Field != "complainant" || !strings.Contains(p.Errors[0].Message, "a phone number alone is not enough") {
		t.Errorf("the refusal does not explain itself: %+v", p)
	}
}

// TestAPIInadmissibilityTermInTheWatch: GET /api/v1/watch lists complaints near or past their
// four weeks of Awb 9:8.
func TestAPIInadmissibilityTermInTheWatch(t *testing.T) {
	h := newHarness(t)
	var r receipt
	// 3 February + 28 days is Tuesday 3 March: today.
	h.call("POST", "/api/v1/complaints", staff, phoneIntake("2026-02-03", h.orgA)).ok(t, http.StatusCreated, &r)
	h.file(h.orgA) // received today: its term ends on 31 March
	var w postgres.TermWatch
	h.call("GET", "/api/v1/watch", staff, nil).ok(t, http.StatusOK, &w)
	if len(w.Inadmissibility) != 1 || w.Inadmissibility[0].Reference != r.Reference || w.Inadmissibility[0].LastDay.String() != "2026-03-03" ||
		w.Inadmissibility[0].DaysLeft != 0 || w.Inadmissibility[0].Overdue {
		t.Fatalf("watch %+v", w.Inadmissibility)
	}
	h.clock.Advance(24 * time.Hour)
	h.call("GET", "/api/v1/watch", staff, nil).ok(t, http.StatusOK, &w)
	if len(w.Inadmissibility) != 1 || !w.Inadmissibility[0].Overdue || w.Inadmissibility[0].DaysLeft != -1 {
		t.Fatalf("a day later: %+v", w.Inadmissibility)
	}
}

// TestAPILettersWaitForAnAddress: a phone-only complaint's letters wait as no_address, listed by
// GET /api/v1/notices?status=no_address, until staff add an address with PUT .../complainant.
func TestAPILettersWaitForAnAddress(t *testing.T) {
	h := newHarness(t)
	var r receipt
	h.call("POST", "/api/v1/complaints", staff, phoneIntake("", h.orgA)).ok(t, http.StatusCreated, &r)
	h.deliverAll()
	var list struct {
		Notices []postgres.NoticeSummary `json:"notices"`
	}
	h.call("GET", "/api/v1/notices?status=no_address", staff, nil).ok(t, http.StatusOK, &list)
	if len(list.Notices) != 1 || list.Notices[0].Reference != r.Reference || list.Notices[0].Kind != "acknowledgement" || list.Notices[0].HasLetter {
		t.Fatalf("no_address list %+v", list.Notices)
	}
	h.call("GET", "/api/v1/notices?status=print", staff, nil).ok(t, http.StatusOK, &list)
	if len(list.Notices) != 0 {
		t.Fatalf("a letter without an address is in the print queue: %+v", list.Notices)
	}
	path := "/api/v1/complaints/" + r.Reference + "/complainant"
	p := h.call("PUT", path, staff, map[string]any{"name": "Karin de Wit", "phone": "023 511 5100", "street": "Grote Markt 2", "reason": "telefonisch doorgegeven"}).
		problem(t, http.StatusUnprocessableEntity, "validation_failed")
	wantFields(t, p, "street")
	h.call("PUT", "/api/v1/complaints/MP-1999-000001/complainant", staff, map[string]any{"name": "K", "email": "k@example.nl", "reason": "r"}).
		problem(t, http.StatusNotFound, "not_found")

	var out postgres.ContactChange
	h.call("PUT", path, staff, map[string]any{"name": "Karin de Wit", "phone": "023 511 5100",
		"street": "Kleverparkweg 12", "postcode": "2023 CE", "city": "Haarlem", "reason": "telefonisch doorgegeven"}).ok(t, http.StatusOK, &out)
	if out.Released != 1 || out.Waiting != 0 || len(out.Changed) != 1 || out.Changed[0] != "postal address added" {
		t.Fatalf("outcome %+v", out)
	}
	h.deliverAll()
	h.call("GET", "/api/v1/notices?status=print", staff, nil).ok(t, http.StatusOK, &list)
	if len(list.Notices) != 1 || list.Notices[0].Reference != r.Reference || !list.Notices[0].HasLetter {
		t.Fatalf("print queue after the address was added: %+v", list.Notices)
	}
	c := h.complaint(r.Reference)
	if c.Complainant.Street != "Kleverparkweg 12" {
		t.Fatalf("complainant %+v", c.Complainant)
	}
	// The audit trail's event holds the reason, and (in its details) what changed; the logs hold no
	// address.
	last := c.Timeline[len(c.Timeline)-1]
	if last.Action != "change_contact" || last.Reason != "telefonisch doorgegeven" || !strings.Contains(string(last.Details), "Kleverparkweg") {
		t.Fatalf("audit event %+v", last)
	}
	if strings.Contains(h.logs.String(), "Kleverparkweg") {
		t.Fatal("the logs hold the new address")
	}
}

// TestStaffCaseDayOfReceiptAndContact: the case page shows the day of receipt apart from the day
// of registration, the inadmissibility term, and changes the complainant's contact details.
func TestStaffCaseDayOfReceiptAndContact(t *testing.T) {
	h := newHarness(t)
	body := phoneIntake("2026-02-23", h.orgA)
	body["occurred_on"] = "2025-02-20"
	var r receipt
	h.call("POST", "/api/v1/complaints", staff, body).ok(t, http.StatusCreated, &r)
	p := h.scPage(r.Reference, "")
	wantPage(t, p, http.StatusOK, "nl")
	wantUniqueIDs(t, p)
	for _, want := range []string{`id="ontvangen">23 februari 2026<`, `id="geregistreerd">3 maart 2026<`,
		`id="uiterlijk-niet-ontvankelijk">23 maart 2026<`, `id="termijn-niet-ontvankelijk">nog 20 dagen<`,
		`id="te-oud"`, `id="wacht-op-adres">1 brief`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the case page lacks %s", want)
		}
	}
	// The contact form: a refusal keeps what was typed; a success releases the waiting letter.
	refused := h.scRefused(r.Reference, "contact", url.Values{"name": {"Karin de Wit"}, "street": {"Grote Markt 2"}, "reason": {"telefoon"}}, http.StatusUnprocessableEntity)
	msgs := wantErrors(t, refused, "contact-email", "contact-street")
	if msgs["contact-street"] != "Een postadres heeft een straat en huisnummer, een postcode en een plaats." {
		t.Errorf("message %q", msgs["contact-street"])
	}
	wantKept(t, refused, map[string]string{"contact-street": "Grote Markt 2"})
	done := h.scDone(h.scPost(r.Reference, "contact", url.Values{"name": {"Karin de Wit"}, "phone": {"023 511 5100"},
		"street": {"Kleverparkweg 12"}, "postcode": {"2023 CE"}, "city": {"Haarlem"}, "reason": {"telefonisch doorgegeven"}}), r.Reference, "contact",
		"De contactgegevens zijn opgeslagen.")
	if strings.Contains(done.body, `id="wacht-op-adres"`) {
		t.Error("after the change the page still says letters wait for an address")
	}
	if c := h.complaint(r.Reference); c.Complainant.City != "Haarlem" || c.Complainant.Postcode != "2023 CE" {
		t.Fatalf("complainant %+v", c.Complainant)
	}
	// The resident sees the day of receipt, in the JSON and on the status page, with the code of
	// their acknowledgement (staff's receipt has none).
	r.TrackingCode = h.ackCode(r.Reference)
	if v, _ := h.lookup(r); v.ReceivedOn != "2026-02-23" {
		t.Errorf("the resident's view says received on %q", v.ReceivedOn)
	}
	if status := h.postForm("/status", url.Values{"reference": {r.Reference}, "tracking_code": {r.TrackingCode}}, nil); !strings.Contains(status.body, "<dd>23 februari 2026</dd>") {
		t.Errorf("the status page does not show the day of receipt:\n%s", status.body)
	}
	// The contact form stays on a case that ended: letters can still wait for an address.
	h.call("POST", "/api/v1/complaints/"+r.Reference+"/withdraw", staff, map[string]any{"reason": "Ingetrokken."}).want(t, http.StatusOK)
	if !strings.Contains(h.scPage(r.Reference, "").body, `action="/werk/klacht/`+r.Reference+`/contact"`) {
		t.Error("a withdrawn case has no contact form")
	}
}

// TestWorklistAndPrintQueueListLettersWithoutAddress: the worklist and the print queue page list
// the letters that wait for an address; the worklist lists the inadmissibility terms.
func TestWorklistAndPrintQueueListLettersWithoutAddress(t *testing.T) {
	h := newHarness(t)
	var r receipt
	h.call("POST", "/api/v1/complaints", staff, phoneIntake("2026-02-03", h.orgA)).ok(t, http.StatusCreated, &r)
	h.deliverAll()
	work := h.pageAs("GET", "/werk?lijst=no_address", staff, nil)
	wantPage(t, work, http.StatusOK, "nl")
	if rows := tableOf(work.body, "zonderadres"); !strings.Contains(rows, r.Reference) || !strings.Contains(rows, "#sc-contact") {
		t.Errorf("the worklist does not list the letter without an address:\n%s", rows)
	}
	work = h.pageAs("GET", "/werk?lijst=inadmissibility", staff, nil)
	if rows := tableOf(work.body, "nietontvankelijk"); !strings.Contains(rows, r.Reference) || !strings.Contains(rows, "3 maart 2026") {
		t.Errorf("the worklist does not list the inadmissibility term:\n%s", rows)
	}
	post := h.pageAs("GET", "/werk/post", staff, nil)
	wantPage(t, post, http.StatusOK, "nl")
	if rows := tableOf(post.body, "brieven-zonder-adres"); !strings.Contains(rows, r.Reference) {
		t.Errorf("the print queue page does not list the waiting letter:\n%s", post.body)
	}
	if rows := tableOf(post.body, "post"); strings.Contains(rows, r.Reference) {
		t.Errorf("the waiting letter is in the print queue")
	}
	h.call("PUT", "/api/v1/complaints/"+r.Reference+"/complainant", staff, map[string]any{"name": "Karin de Wit",
		"email": "karin@example.nl", "reason": "telefonisch doorgegeven"}).want(t, http.StatusOK)
	h.deliverAll()
	if work := h.pageAs("GET", "/werk?lijst=no_address", staff, nil); strings.Contains(work.body, `id="zonderadres"`) ||
		!strings.Contains(countOf(work.body, "telling-zonder-adres"), "<strong>0</strong>") {
		t.Errorf("the worklist still lists letters without an address")
	}
}

// TestComplaintFormNeedsAWayToWrite: the public form refuses a phone number alone, with a message
// at the e-mail address field.
func TestComplaintFormNeedsAWayToWrite(t *testing.T) {
	h := newHarness(t)
	form := complaintForm(h.orgA)
	for _, f := range []string{"complainant_email", "complainant_street", "complainant_postcode", "complainant_city"} {
		form.Del(f)
	}
	form.Set("language", "nl")
	p := h.postForm("/klacht", form, nil)
	wantPage(t, p, http.StatusUnprocessableEntity, "nl")
	msgs := wantErrors(t, p, "complainant_email")
	if msgs["complainant_email"] != "Vul uw e-mailadres of uw volledige adres in, zodat wij u kunnen schrijven. Alleen een telefoonnummer is niet genoeg." {
		t.Errorf("message %q", msgs["complainant_email"])
	}
	if n := h.count(`SELECT count(*) FROM complaints`); n != 0 {
		t.Fatalf("%d complaints stored", n)
	}
}
