package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"meldpunt/internal/casework"
)

// supporterMatrix lists the supporter's pages (pages/supporter.go; supporterPage: only a supporter
// opens them, support_requests_test.go): the shared linked case is a case
// of the supporter's client; an organisation's letter is not the supporter's (404).
var supporterMatrix = []matrixRow{
	{"GET", "/ondersteuner", supporterPage(200), fixed("/ondersteuner", nil), false},
	{"GET", "/ondersteuner/zaak/:reference", supporterPage(200),
		func(_ *harness, s *matrixShared, _ role) (string, any) {
			return "/ondersteuner/zaak/" + s.linked.Reference, nil
		}, false},
	{"POST", "/ondersteuner/zaak/:reference/informatie", supporterPage(422),
		func(_ *harness, s *matrixShared, _ role) (string, any) {
			return "/ondersteuner/zaak/" + s.linked.Reference + "/informatie", url.Values{}
		}, false},
	{"GET", "/ondersteuner/brief/:id", supporterPage(404),
		func(_ *harness, s *matrixShared, _ role) (string, any) {
			return "/ondersteuner/brief/" + itoa(s.orgLetter), nil
		}, false},
	{"GET", "/ondersteuner/klacht", supporterPage(200), fixed("/ondersteuner/klacht", nil), false},
	{"POST", "/ondersteuner/klacht", supporterPage(422), fixed("/ondersteuner/klacht", url.Values{}), false},
	// The resident changes who acts for them on the status page; without reference and code: 422.
	{"POST", "/status/ondersteuner", everyone(422), fixed("/status/ondersteuner", nil), false},
	// Staff record a signed letter on the case page; an empty form is refused (422).
	{"POST", "/werk/klacht/:reference/ondersteuner", staffCasePage(422), onCasePage("ondersteuner", false), false},
}

// fileChoosing files a complaint about orgs as a resident who chose member id of the pool with consent.
func (h *harness) fileChoosing(id int64, orgs ...int64) receipt {
	h.t.Helper()
	body := intakeBody(orgs...)
	body["supporter_id"], body["supporter_consent"] = id, true
	var r receipt
	h.call("POST", "/api/v1/complaints", anon, body).ok(h.t, http.StatusCreated, &r)
	return r
}

type supporterCaseJSON struct {
	Reference       string `json:"reference"`
	ComplainantName string `json:"complainant_name"`
	Timeline        []struct {
		Action string `json:"action"`
		Actor  string `json:"actor"`
	} `json:"timeline"`
	Letters []struct {
		ID   int64  `json:"id"`
		Kind string `json:"kind"`
	} `json:"letters"`
	Hearings []struct {
		Date string `json:"date"`
	} `json:"hearings"`
	Contributions []struct {
		Information string   `json:"information"`
		Documents   []string `json:"documents"`
	} `json:"contributions"`
}

// TestAPISupporterSeesOnlyConsentingClients: the supporter's account lists and opens only the cases
// of clients who chose its member of the pool and consented; another member's case, a case without
// a supporter and a case whose consent ended are not found, and the supporter changes nothing else.
// Each access is in the access log.
func TestAPISupporterSeesOnlyConsentingClients(t *testing.T) {
	h := newHarness(t)
	mine := h.pooledReachable("Cliëntenbelang Haarlem")
	other := h.pooled("MEE & De Wering")
	var me casework.User
	h.call("GET", "/api/v1/me", supporter, nil).ok(t, http.StatusOK, &me)
	if me.SupporterID != nil {
		t.Fatalf("an account of no member shows supporter_id %d", *me.SupporterID)
	}
	client := h.fileChoosing(mine, h.orgA)
	h.call("GET", "/api/v1/complaints/"+client.Reference, supporter, nil).problem(t, http.StatusNotFound, "not_found")
	h.linkSupporter(mine)
	h.call("GET", "/api/v1/me", supporter, nil).ok(t, http.StatusOK, &me)
	if me.SupporterID == nil || *me.SupporterID != mine {
		t.Fatalf("GET /me shows supporter_id %v, want %d", me.SupporterID, mine)
	}
	elsewhere := h.fileChoosing(other, h.orgA)
	nobody := h.file(h.orgB)

	var list struct{ Complaints []casework.ComplaintSummary }
	h.call("GET", "/api/v1/complaints", supporter, nil).ok(t, http.StatusOK, &list)
	if len(list.Complaints) != 1 || list.Complaints[0].Reference != client.Reference {
		t.Fatalf("the supporter lists %+v, want only %s", list.Complaints, client.Reference)
	}
	var sc supporterCaseJSON
	res := h.call("GET", "/api/v1/complaints/"+client.Reference, supporter, nil)
	res.ok(t, http.StatusOK, &sc)
	if sc.ComplainantName != piiName || len(sc.Letters) != 1 || sc.Letters[0].Kind != "acknowledgement" {
		t.Fatalf("the supporter's view %+v", sc)
	}
	if s, ok := containsAny(res.body, staffName, piiEmail, piiStreet); ok {
		t.Errorf("the supporter's view contains %q", s)
	}
	var logged int
	if err := h.db.Get(&logged, `SELECT count(*) FROM access_log l JOIN complaints c ON c.id = l.complaint_id
		WHERE c.reference = $1 AND l.user_id = $2`, client.Reference, h.w.users[supporter].ID); err != nil || logged != 1 {
		t.Fatalf("%d access_log rows for the supporter (%v), want 1", logged, err)
	}
	for _, ref := range []string{elsewhere.Reference, nobody.Reference, "MP-2026-999999"} {
		h.call("GET", "/api/v1/complaints/"+ref, supporter, nil).problem(t, http.StatusNotFound, "not_found")
		h.call("POST", "/api/v1/complaints/"+ref+"/information", supporter, map[string]any{"information": "x"}).
			problem(t, http.StatusNotFound, "not_found")
	}
	for _, path := range []string{"/withdraw", "/notes", "/supporter", "/take-up"} {
		h.call("POST", "/api/v1/complaints/"+client.Reference+path, supporter, map[string]any{"reason": "x"}).
			problem(t, http.StatusForbidden, "forbidden")
	}

	// The copy of the acknowledgement, readable as a PDF that speaks to the supporter.
	h.deliverAll()
	pdf := h.call("GET", "/api/v1/notices/"+itoa(sc.Letters[0].ID)+"/pdf", supporter, nil)
	if pdf.status != http.StatusOK {
		t.Fatalf("the supporter's copy: %d %s", pdf.status, pdf.body)
	}
	// (The harness renders stand-in letters; internal/notice reads a real copy back.)
	if !bytes.HasPrefix(pdf.body, []byte("%PDF")) {
		t.Fatalf("the supporter's copy is not a PDF: %.40q", pdf.body)
	}
	var own int64
	if err := h.db.Get(&own, `SELECT n.id FROM notices n JOIN complaints c ON c.id = n.complaint_id
		WHERE c.reference = $1 AND n.recipient = 'complainant'`, client.Reference); err != nil {
		t.Fatal(err)
	}
	h.call("GET", "/api/v1/notices/"+itoa(own)+"/pdf", supporter, nil).problem(t, http.StatusNotFound, "not_found")

	// The resident ends the consent on the status page: at once, nothing.
	h.call("POST", "/api/v1/complaints/lookup/representation", anon, map[string]any{"reference": client.Reference,
		"tracking_code": client.TrackingCode, "end": true}).want(t, http.StatusOK)
	h.call("GET", "/api/v1/complaints/"+client.Reference, supporter, nil).problem(t, http.StatusNotFound, "not_found")
	h.call("GET", "/api/v1/notices/"+itoa(sc.Letters[0].ID)+"/pdf", supporter, nil).problem(t, http.StatusNotFound, "not_found")
	h.call("GET", "/api/v1/complaints", supporter, nil).ok(t, http.StatusOK, &list)
	if len(list.Complaints) != 0 {
		t.Fatalf("after the consent ended the supporter lists %+v", list.Complaints)
	}
	// A wrong tracking code changes nothing and is not found.
	h.call("POST", "/api/v1/complaints/lookup/representation", anon, map[string]any{"reference": elsewhere.Reference,
		"tracking_code": client.TrackingCode, "end": true}).problem(t, http.StatusNotFound, "not_found")
}

// TestAPISupporterFilesAndAddsInformation: a supporter files for a client with consent (the client
// gets the acknowledgement, the supporter a copy), adds information that staff see, and staff record
// a choice from a signed letter.
func TestAPISupporterFilesAndAddsInformation(t *testing.T) {
	h := newHarness(t)
	mine := h.pooledReachable("Cliëntenbelang Haarlem")
	h.linkSupporter(mine)
	body := intakeBody(h.orgA)
	p := h.call("POST", "/api/v1/complaints", supporter, body).problem(t, http.StatusUnprocessableEntity, "validation_failed")
	wantFields(t, p, "supporter_consent")
	body["supporter_consent"] = true
	var r receipt
	h.call("POST", "/api/v1/complaints", supporter, body).ok(t, http.StatusCreated, &r)
	var kinds []string
	if err := h.db.Select(&kinds, `SELECT n.recipient || ':' || n.email FROM notices n JOIN complaints c ON c.id = n.complaint_id
		WHERE c.reference = $1 ORDER BY n.id`, r.Reference); err != nil {
		t.Fatal(err)
	}
	if strings.Join(kinds, ",") != "complainant:"+piiEmail+",supporter:"+supporterEmail("Cliëntenbelang Haarlem") {
		t.Fatalf("the letters of a complaint filed by a supporter: %v", kinds)
	}
	p = h.call("POST", "/api/v1/complaints/"+r.Reference+"/information", supporter, map[string]any{}).
		problem(t, http.StatusUnprocessableEntity, "validation_failed")
	wantFields(t, p, "information")
	h.call("POST", "/api/v1/complaints/"+r.Reference+"/information", supporter, map[string]any{
		"information": "Mevrouw belde drie keer.", "documents": []string{"Brief van 3 maart"}}).want(t, http.StatusCreated)
	c := h.complaint(r.Reference)
	if len(c.Contributions) != 1 || c.Contributions[0].Documents[0] != "Brief van 3 maart" ||
		c.Timeline[len(c.Timeline)-1].Action != "supporter_information" {
		t.Fatalf("staff see %+v", c.Contributions)
	}

	// Staff record, from a signed letter, that the resident ends it; the letter's day is required.
	p = h.call("POST", "/api/v1/complaints/"+r.Reference+"/supporter", staff, map[string]any{"end": true}).
		problem(t, http.StatusUnprocessableEntity, "validation_failed")
	wantFields(t, p, "received_on")
	h.call("POST", "/api/v1/complaints/"+r.Reference+"/supporter", staff, map[string]any{"end": true, "received_on": "2026-03-03"}).
		want(t, http.StatusOK)
	c = h.complaint(r.Reference)
	last := c.Representations[len(c.Representations)-1]
	if c.SupporterID != nil || last.EndRoute != casework.ConsentSignedLetter || last.EndReceivedOn != "2026-03-03" || last.EndedBy != staffName {
		t.Fatalf("after the signed letter: %+v", last)
	}
	h.call("GET", "/api/v1/complaints/"+r.Reference, supporter, nil).problem(t, http.StatusNotFound, "not_found")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// pooledReachable admits a member of the pool with an e-mail address, where its copies go.
func (h *harness) pooledReachable(name string) int64 {
	h.t.Helper()
	body := supporterBody(name)
	body["contact"].(map[string]any)["email"] = supporterEmail(name)
	var s struct {
		ID int64 `json:"id"`
	}
	h.call("POST", "/api/v1/supporters", admin, body).ok(h.t, http.StatusCreated, &s)
	return s.ID
}

func supporterEmail(name string) string {
	return strings.ToLower(strings.Fields(strings.ReplaceAll(name, "ë", "e"))[0]) + "@ondersteuning.example"
}
