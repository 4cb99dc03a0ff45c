package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
)

// Tests of the right of access (art. 15 AVG): the resident's export of their whole file, the
// staff's export for a request by letter, and the buttons and form on the pages.

// exportedCase files a complaint about orgA with an informal representative, hears, rules it
// founded with an advice that orgA rejects, and delivers every letter; it returns the receipt.
func (h *harness) exportedCase() receipt {
	h.t.Helper()
	body := intakeBody(h.orgA)
	body["supporter"] = map[string]any{"name": "Bram Buurman-Helpt", "email": "bram@buur.example", "phone": "023-5557777",
		"street": "Buurweg 3", "postcode": "2011 AB", "city": "Haarlem"}
	body["supporter_relation"] = "buurman"
	body["supporter_consent"] = true
	body["occurred_on"] = "2026-02-10"
	var r receipt
	h.call("POST", "/api/v1/complaints", anon, body).ok(h.t, http.StatusCreated, &r)
	h.call("POST", "/api/v1/complaints/"+r.Reference+"/take-up", staff, map[string]any{"not_involved": true}).want(h.t, http.StatusOK)
	h.hearAll(r.Reference, h.orgA)
	var c casework.Complaint
	h.call("POST", "/api/v1/complaints/"+r.Reference+"/ruling", staff, foundedRuling(h.orgA)).ok(h.t, http.StatusOK, &c)
	h.call("POST", fmt.Sprintf("/api/v1/advices/%d/reject", c.Advices[0].ID), orgA,
		map[string]string{"reasons": paperReasons, "ground": "already_remedied"}).want(h.t, http.StatusOK)
	h.deliverAll()
	return r
}

func (h *harness) export(r receipt, query string) *response {
	h.t.Helper()
	return h.call("POST", "/api/v1/complaints/lookup/export"+query, anon,
		map[string]string{"reference": r.Reference, "tracking_code": r.TrackingCode})
}

// TestExportHasEveryPartOfTheFile: the resident's JSON export holds every section with the facts
// of a case with a supporter, a hearing, a ruling, an answered advice and letters; nothing of
// another case and no internal working notes.
func TestExportHasEveryPartOfTheFile(t *testing.T) {
	h := newHarness(t)
	other := h.file(h.orgB)
	r := h.exportedCase()
	h.call("POST", "/api/v1/complaints/"+r.Reference+"/notes", staff, map[string]any{"note": "Interne notitie: geheim-overleg-42."}).
		want(t, http.StatusOK)

	res := h.export(r, "")
	res.want(t, http.StatusOK)
	if cd := res.header.Get("Content-Disposition"); !strings.Contains(cd, "dossier-"+r.Reference+".json") {
		t.Errorf("Content-Disposition = %q", cd)
	}
	var x casework.Export
	if err := json.Unmarshal(res.body, &x); err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(res.body, &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"export_version", "made_at", "made_for", "controller", "reference", "status", "person",
		"complaint", "representatives", "contributions", "organisations", "timeline", "hearings", "ruling", "advices",
		"letters", "recipients", "retention", "left_out"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("the export has no %q", k)
		}
	}
	if x.ExportVersion != 1 || x.MadeFor != "resident" || x.Reference != r.Reference {
		t.Errorf("head = %d %q %q", x.ExportVersion, x.MadeFor, x.Reference)
	}
	if x.Person.Name != piiName || x.Person.Email != piiEmail || x.Person.Phone != piiPhone || x.Person.Street != piiStreet ||
		x.Person.Postcode != piiPostcode || x.Person.City != piiCity || x.Person.Language != "nl" {
		t.Errorf("person = %+v", x.Person)
	}
	if x.Complaint.Summary == "" || x.Complaint.OccurredOn != "2026-02-10" || len(x.Complaint.Grounds) != 2 ||
		len(x.Complaint.LifeDomains) != 2 || x.Complaint.ReceivedOn != "2026-03-03" || x.Complaint.Channel == "" {
		t.Errorf("complaint = %+v", x.Complaint)
	}
	if len(x.Representatives) != 1 || x.Representatives[0].Name != "Bram Buurman-Helpt" || x.Representatives[0].Relation != "buurman" ||
		x.Representatives[0].Email != "bram@buur.example" || x.Representatives[0].ConsentRoute == "" || x.Representatives[0].ConsentAt.IsZero() {
		t.Errorf("representatives = %+v", x.Representatives)
	}
	if len(x.Organisations) != 1 || x.Organisations[0].Name != orgAName {
		t.Errorf("organisations = %+v", x.Organisations)
	}
	if len(x.Hearings) != 2 || !strings.Contains(x.Hearings[0].Record, "Klager gehoord") || x.Hearings[1].Organisation != orgAName ||
		x.Hearings[1].Skipped != "waived" {
		t.Errorf("hearings = %+v", x.Hearings)
	}
	if x.Ruling == nil || x.Ruling.Verdict != "founded" || !strings.Contains(x.Ruling.Findings, "vijf maanden") || x.Ruling.Conclusions == "" {
		t.Errorf("ruling = %+v", x.Ruling)
	}
	if len(x.Advices) != 1 || x.Advices[0].Status != casework.AdviceRejected || x.Advices[0].RejectionReasons != paperReasons ||
		x.Advices[0].Organisation != orgAName || x.Advices[0].RespondedAt == nil {
		t.Errorf("advices = %+v", x.Advices)
	}
	kinds := map[string]bool{}
	for _, l := range x.Letters {
		kinds[l.Kind+"/"+l.Recipient] = true
		if l.PDF == nil || l.Via != "post" || l.Date == "" || l.To == "" {
			t.Errorf("letter %+v", l)
		}
	}
	for _, k := range []string{"acknowledgement/complainant", "copy_to_organisation/organisation", "ruling/complainant", "ruling/supporter"} {
		if !kinds[k] {
			t.Errorf("no letter %s among %v", k, kinds)
		}
	}
	// Letters in the print queue have not left yet: nobody received the data so far.
	if len(x.Recipients) != 0 {
		t.Errorf("recipients before posting = %+v", x.Recipients)
	}
	if x.Retention.Rule == "" || x.Retention.Years != 5 {
		t.Errorf("retention = %+v", x.Retention)
	}
	if x.Controller.OfficerEmail == "" || len(x.LeftOut) == 0 {
		t.Errorf("controller %+v, left out %v", x.Controller, x.LeftOut)
	}
	seen := map[string]bool{}
	for _, e := range x.Timeline {
		seen[e.Action] = true
	}
	if !seen["ruling"] && !seen["rule_granted"] && len(x.Timeline) < 3 {
		t.Errorf("timeline = %+v", x.Timeline)
	}
	for _, leak := range []string{"geheim-overleg-42", staffName, other.Reference, orgBName} {
		if strings.Contains(string(res.body), leak) {
			t.Errorf("the export holds %q", leak)
		}
	}

	// Posted letters: the organisation and the supporter received the resident's data, by post.
	h.exec(`UPDATE notices SET status = 'posted', posted_at = $1 WHERE status = 'print'`, startTime.Add(24*time.Hour))
	h.export(r, "").ok(t, http.StatusOK, &x)
	got := map[string]bool{}
	for _, rc := range x.Recipients {
		got[rc.Kind+":"+rc.Name] = true
		if rc.Letters == 0 || len(rc.Via) != 1 || rc.Via[0] != "post" || rc.First.IsZero() {
			t.Errorf("recipient %+v", rc)
		}
	}
	if !got["organisation:"+orgAName] || !got["supporter:Bram Buurman-Helpt"] || len(got) != 2 {
		t.Errorf("recipients = %v", got)
	}
}

// TestExportWrongCodeIsNotFoundAndCounted: a wrong code is 404 like the look-up and counts for its
// limit; an unknown format is 422.
func TestExportWrongCodeIsNotFoundAndCounted(t *testing.T) {
	cfg := testConfig
	cfg.LookupLimit, cfg.LimitWindow = 2, 15*time.Minute
	h := newHarnessWith(t, cfg)
	r := h.file(h.orgA)
	bad := map[string]string{"reference": r.Reference, "tracking_code": "WRONG-WRONG-WRONG-WRONG"}
	h.refused(request{method: "POST", path: "/api/v1/complaints/lookup/export?format=xml", body: map[string]string{
		"reference": r.Reference, "tracking_code": r.TrackingCode}}, http.StatusUnprocessableEntity, "validation_failed", "format")
	h.export(r, "").want(t, http.StatusOK)
	for range cfg.LookupLimit {
		h.send(request{method: "POST", path: "/api/v1/complaints/lookup/export", body: bad}).problem(t, http.StatusNotFound, "not_found")
	}
	h.export(r, "").problem(t, http.StatusTooManyRequests, "rate_limited")
	h.call("POST", "/api/v1/complaints/lookup", anon, map[string]string{"reference": r.Reference, "tracking_code": r.TrackingCode}).
		problem(t, http.StatusTooManyRequests, "rate_limited")
}

// TestExportPDFReadsBack: the PDF export, read back with pdftotext, holds the facts in the
// complaint's language, with its title and language set and the letters attached.
func TestExportPDFReadsBack(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext (poppler-utils) is needed to read the export back")
	}
	h := newHarness(t)
	r := h.exportedCase()
	res := h.export(r, "?format=pdf")
	res.want(t, http.StatusOK)
	if ct := res.header.Get("Content-Type"); ct != "application/pdf" {
		t.Fatalf("Content-Type = %q", ct)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "dossier.pdf")
	if err := os.WriteFile(file, res.body, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Mijn dossier " + r.Reference, piiName, piiEmail, piiStreet, "Bram Buurman-Helpt", orgAName,
		"Klager gehoord", "De aanvraag bleef vijf maanden onbehandeld.", "afgewezen", "Wat er niet in staat",
		"functionaris gegevensbescherming", "5 jaar na afsluiting", "pagina 2 van", "Aan wie uw gegevens gingen"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not say %q", want)
		}
	}
	if strings.Contains(text, staffName) {
		t.Errorf("the PDF names the staff member")
	}
	info, err := exec.Command("pdfinfo", file).Output()
	if err == nil && !strings.Contains(string(info), "Mijn dossier "+r.Reference) {
		t.Errorf("pdfinfo has no title: %s", info)
	}
	if !strings.Contains(string(res.body), "/Lang (nl)") && !strings.Contains(string(res.body), "/Lang(nl)") {
		t.Errorf("the PDF's language is not set")
	}
	if n := strings.Count(string(res.body), "/Type /EmbeddedFile"); n == 0 {
		if strings.Count(string(res.body), "/EmbeddedFile") == 0 {
			t.Errorf("no letter is attached to the PDF")
		}
	}
}

// TestExportByStaff: staff make the export with a reason, which is audited on the case (an
// internal event with who and why) and in the access log; without a reason it is refused (422);
// other roles are refused.
func TestExportByStaff(t *testing.T) {
	h := newHarness(t)
	r := h.exportedCase()
	path := "/api/v1/complaints/" + r.Reference + "/export"
	h.refused(request{method: "POST", path: path, as: staff, body: map[string]string{}}, http.StatusUnprocessableEntity,
		"validation_failed", "reason")
	if n := h.count(`SELECT count(*) FROM events WHERE action = 'export'`); n != 0 {
		t.Fatalf("a refused export left %d events", n)
	}
	logged := h.count(`SELECT count(*) FROM access_log`)
	var x casework.Export
	h.call("POST", path, staff, map[string]string{"reason": "inzageverzoek per brief van 3 december"}).ok(t, http.StatusOK, &x)
	if x.MadeFor != "staff" || x.Reason != "inzageverzoek per brief van 3 december" || x.Person.Name != piiName {
		t.Errorf("export = %q %q %q", x.MadeFor, x.Reason, x.Person.Name)
	}
	if n := h.count(`SELECT count(*) FROM events e JOIN users u ON u.id = e.actor_user_id
		WHERE e.action = 'export' AND e.internal AND e.reason = 'inzageverzoek per brief van 3 december' AND u.name = $1`, staffName); n != 1 {
		t.Errorf("export events by staff with the reason: %d", n)
	}
	if n := h.count(`SELECT count(*) FROM access_log`); n != logged+1 {
		t.Errorf("access log rows %d, want %d", n, logged+1)
	}
	// The export event is internal: the resident's timeline does not show it.
	v, _ := h.lookup(r)
	for _, e := range v.Timeline {
		if e.Action == "export" {
			t.Errorf("the resident sees the export event")
		}
	}
	h.call("POST", path+"?format=pdf", admin, map[string]string{"reason": "verzoek aan de balie"}).want(t, http.StatusOK)
	for _, who := range []role{orgA, orgB, council, supporter, municipality} {
		res := h.call("POST", path, who, map[string]string{"reason": "x"})
		if res.status != http.StatusForbidden && res.status != http.StatusNotFound {
			t.Errorf("%s: %d", who, res.status)
		}
	}
	h.call("POST", path, anon, map[string]string{"reason": "x"}).want(t, http.StatusUnauthorized)
	h.refused(request{method: "POST", path: "/api/v1/complaints/MP-1999-000001/export", as: staff,
		body: map[string]string{"reason": "x"}}, http.StatusNotFound, "not_found")
}

// TestExportPages: the status page offers the download by POST with the proof it holds, in Dutch
// and English; the staff's case page has the form, refuses it without a reason (422 with the
// error beside the field) and answers with the file when it has one.
func TestExportPages(t *testing.T) {
	h := newHarness(t)
	r := h.exportedCase()
	form := url.Values{"reference": {r.Reference}, "tracking_code": {r.TrackingCode}}
	p := h.postForm("/status", form, nil)
	wantPage(t, p, http.StatusOK, "nl")
	if !strings.Contains(p.body, `action="/status/dossier"`) || !strings.Contains(p.body, `id="dossier-pdf"`) ||
		!strings.Contains(p.body, "Download mijn dossier (PDF)") {
		t.Errorf("the status page offers no download of the file")
	}
	form.Set("format", "pdf")
	p = h.postForm("/status/dossier", form, nil)
	if p.status != http.StatusOK || p.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("status page download: %d %s", p.status, p.header.Get("Content-Type"))
	}
	form.Set("format", "json")
	p = h.postForm("/status/dossier", form, nil)
	if p.status != http.StatusOK || !strings.Contains(p.body, `"export_version":1`) {
		t.Fatalf("status page JSON download: %d", p.status)
	}
	form.Set("tracking_code", "WRONG-WRONG-WRONG-WRONG")
	wantPage(t, h.postForm("/status/dossier", form, nil), http.StatusNotFound, "nl")
	en := url.Values{"reference": {r.Reference}, "tracking_code": {r.TrackingCode}, "lang": {"en"}}
	if p := h.postForm("/status?lang=en", en, nil); !strings.Contains(p.body, "Download my file (PDF)") {
		t.Errorf("the English status page has no download")
	}

	sc := h.scPage(r.Reference, "")
	if !strings.Contains(sc.body, `id="export-reason"`) || !strings.Contains(sc.body, `id="inzage-pdf"`) {
		t.Fatalf("the staff's case page has no export form")
	}
	refused := h.scPost(r.Reference, "inzage", url.Values{"format": {"pdf"}})
	wantPage(t, refused, http.StatusUnprocessableEntity, "nl")
	if !strings.Contains(refused.body, `id="export-reason-fout"`) {
		t.Errorf("no error beside the reason")
	}
	done := h.scPost(r.Reference, "inzage", url.Values{"format": {"pdf"}, "reason": {"inzageverzoek per brief van 3 december"}})
	if done.status != http.StatusOK || done.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("staff page export: %d %s", done.status, done.header.Get("Content-Type"))
	}
	if n := h.count(`SELECT count(*) FROM events WHERE action = 'export' AND reason = 'inzageverzoek per brief van 3 december'`); n != 1 {
		t.Errorf("export events %d", n)
	}
}
