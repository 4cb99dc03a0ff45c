package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

// TestRectificationByAPI: any staff member or admin corrects the complainant's data with a reason
// (422 without, nothing changed); the audit event holds who, why and the old and new values; a
// letter already posted keeps its PDF and recipient, one in the print queue goes to the new
// address; other roles are refused.
func TestRectificationByAPI(t *testing.T) {
	h := newHarness(t)
	r := h.file(h.orgA)
	h.deliverAll()
	ack := h.notice(r.Reference, "acknowledgement", 0)
	h.call("POST", "/api/v1/notices/"+itoa(ack)+"/posted", staff, nil).want(t, http.StatusNoContent)
	var ackPDF []byte
	if err := h.db.Get(&ackPDF, `SELECT pdf FROM notices WHERE id = $1`, ack); err != nil {
		t.Fatal(err)
	}
	h.call("POST", "/api/v1/complaints/"+r.Reference+"/take-up", staff, map[string]any{"not_involved": true}).want(t, http.StatusOK)
	h.call("POST", "/api/v1/complaints/"+r.Reference+"/hearing-invitations", staff, map[string]any{"party": "complainant",
		"date": "2026-03-10", "time": "10:30", "place": "Stadhuis"}).want(t, http.StatusOK)
	h.deliverAll() // the invitation is in the print queue now

	path := "/api/v1/complaints/" + r.Reference + "/complainant"
	body := map[string]any{"name": piiName, "email": piiEmail, "phone": piiPhone, "street": "Nieuwstraat 4",
		"postcode": "2011 NN", "city": "Haarlem", "language": "en"}
	h.refused(request{method: "PUT", path: path, as: staff, body: body}, http.StatusUnprocessableEntity, "validation_failed", "reason")
	body["reason"] = "op verzoek van klager, brief van 2 maart"
	for _, who := range []role{orgA, orgB, council, supporter, municipality} {
		res := h.call("PUT", path, who, body)
		if res.status != http.StatusForbidden {
			t.Errorf("%s: %d", who, res.status)
		}
	}
	var out postgres.ContactChange
	h.call("PUT", path, admin, body).ok(t, http.StatusOK, &out)
	if out.Readdressed == 0 {
		t.Errorf("outcome %+v", out)
	}
	c := h.complaint(r.Reference)
	var ev casework.Event
	for _, e := range c.Timeline {
		if e.Action == "change_contact" {
			ev = e
		}
	}
	var details struct {
		Fields []casework.FieldChange `json:"fields"`
	}
	if err := json.Unmarshal(ev.Details, &details); err != nil {
		t.Fatalf("event %+v: %v", ev, err)
	}
	if ev.Reason != "op verzoek van klager, brief van 2 maart" || ev.ActorRole != casework.RoleAdmin || len(details.Fields) != 4 ||
		details.Fields[0] != (casework.FieldChange{Field: "complainant.street", Old: piiStreet, New: "Nieuwstraat 4"}) {
		t.Fatalf("event %+v, fields %+v", ev, details.Fields)
	}
	// The resident's view and export never show the old address, nor the correction's details.
	v, res := h.lookup(r)
	if strings.Contains(string(res.body), piiStreet) || strings.Contains(string(res.body), "change_contact") {
		t.Errorf("the resident's view holds the correction: %+v", v.Timeline)
	}
	var x casework.Export
	h.export(r, "").ok(t, http.StatusOK, &x)
	if x.Person.Street != "Nieuwstraat 4" || x.Person.Language != "en" {
		t.Errorf("export person %+v", x.Person)
	}
	// The posted letter as it was sent; the invitation in the print queue goes to the new address.
	var posted struct {
		Street string `db:"street"`
		PDF    []byte `db:"pdf"`
	}
	if err := h.db.Get(&posted, `SELECT street, pdf FROM notices WHERE id = $1`, ack); err != nil {
		t.Fatal(err)
	}
	if posted.Street != piiStreet || string(posted.PDF) != string(ackPDF) {
		t.Errorf("the posted letter changed: %s", posted.Street)
	}
	if n := h.count(`SELECT count(*) FROM notices WHERE kind = 'hearing_invitation' AND recipient = 'complainant'
		AND street = 'Nieuwstraat 4' AND language = 'en' AND status = 'pending' AND pdf IS NULL`); n != 1 {
		t.Errorf("the invitation not sent yet was not re-addressed")
	}
	if n := h.count(`SELECT count(*) FROM complaints WHERE complainant_street = $1`, piiStreet); n != 0 {
		t.Errorf("the complaint still holds the old address")
	}
}

// TestRectificationPage: the staff's case page "Gegevens corrigeren" asks for the reason and the
// language, re-renders with the error beside the reason when it is missing, and saves with one.
func TestRectificationPage(t *testing.T) {
	h := newHarness(t)
	r := h.exportedCase()
	p := h.scPage(r.Reference, "")
	for _, want := range []string{"Gegevens corrigeren", `id="contact-reason"`, `id="contact-language-nl"`, `id="contact-rep_name"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the case page lacks %s", want)
		}
	}
	form := url.Values{"name": {piiName}, "email": {piiEmail}, "phone": {piiPhone}, "street": {piiStreet},
		"postcode": {piiPostcode}, "city": {piiCity}, "language": {"nl"}, "rep_name": {"Bram Buurman-Helpt"},
		"rep_email": {"bram@nieuw.example"}, "rep_phone": {"023-5557777"}, "rep_street": {"Buurweg 3"}, "rep_postcode": {"2011 AB"},
		"rep_city": {"Haarlem"}}
	refused := h.scRefused(r.Reference, "contact", form, http.StatusUnprocessableEntity)
	wantErrors(t, refused, "contact-reason")
	wantKept(t, refused, map[string]string{"contact-rep_email": "bram@nieuw.example"})
	form.Set("reason", "op verzoek van klager, telefoon 4 maart")
	h.scDone(h.scPost(r.Reference, "contact", form), r.Reference, "contact", "De contactgegevens zijn opgeslagen.")
	if c := h.complaint(r.Reference); c.Supporter == nil || c.Supporter.Email != "bram@nieuw.example" {
		t.Fatalf("supporter %+v", c.Supporter)
	}
	if n := h.count(`SELECT count(*) FROM events WHERE action = 'change_contact' AND reason = 'op verzoek van klager, telefoon 4 maart'
		AND details->'fields' @> '[{"field": "representative.email", "old": "bram@buur.example", "new": "bram@nieuw.example"}]'`); n != 1 {
		t.Errorf("the correction's event: %d", n)
	}
	if en := h.scPage(r.Reference, "?lang=en"); !strings.Contains(en.body, "Correct personal data") || !strings.Contains(en.body, "Reason for the correction") {
		t.Errorf("the English case page lacks the correction form")
	}
}
