package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestCasePartsNeedTheReason: the letters of a case (GET /complaints/{ref}/notices: names,
// addresses, what the letters say) and an advice (GET /advices/{id}: the case's summary, findings
// and conclusions) show a colleague's case as much as the case itself does; the admin who does not
// handle it is refused without X-Access-Reason, shown nothing, and let in with one, logged with
// its reason. The handler needs none, and each opening is logged.
func TestCasePartsNeedTheReason(t *testing.T) {
	h := newHarness(t)
	ref, advices := h.advised(h.orgA)
	adviceID := advices[h.orgA].ID
	adminID, staffID := h.w.users[admin].ID, h.w.users[staff].ID
	before := len(h.accessRows(ref))

	for _, path := range []string{"/api/v1/complaints/" + ref + "/notices", fmt.Sprintf("/api/v1/advices/%d", adviceID)} {
		res := h.call("GET", path, admin, nil)
		res.problem(t, http.StatusForbidden, "access_reason_required")
		if s, ok := containsAny(res.body, append(piiStrings, "Klager gehoord")...); ok {
			t.Errorf("%s: the refusal shows %q of the case", path, s)
		}
	}
	if rows := h.accessRows(ref); len(rows) != before {
		t.Fatalf("refused openings were logged: %v", rows[before:])
	}
	res := h.send(request{method: "GET", path: "/api/v1/complaints/" + ref + "/notices", as: admin,
		header: map[string]string{"X-Access-Reason": "Klager vroeg naar zijn brieven."}})
	res.want(t, http.StatusOK)
	h.call("GET", fmt.Sprintf("/api/v1/advices/%d", adviceID), admin, nil).want(t, http.StatusOK) // the same day
	h.call("GET", "/api/v1/complaints/"+ref+"/notices", staff, nil).want(t, http.StatusOK)
	h.call("GET", fmt.Sprintf("/api/v1/advices/%d", adviceID), staff, nil).want(t, http.StatusOK)
	want := []string{
		fmt.Sprintf("%d:api:Klager vroeg naar zijn brieven.", adminID),
		fmt.Sprintf("%d:api:", adminID),
		fmt.Sprintf("%d:api:", staffID),
		fmt.Sprintf("%d:api:", staffID),
	}
	if got := h.accessRows(ref)[before:]; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("access log %v, want %v", got, want)
	}
	// The organisation reads its own advice as before: no reason, nothing in the staff's log.
	h.call("GET", fmt.Sprintf("/api/v1/advices/%d", adviceID), orgA, nil).want(t, http.StatusOK)
}

// TestLetterPDFNeedsTheReason: a letter's PDF by its id shows the case it belongs to; the admin who
// does not handle the case is refused without a reason (API: 403 access_reason_required; page:
// sent to the case page, which asks the question first) and let in with one; a letter waiting in
// the print queue is printed by whoever does the post, without a reason.
func TestLetterPDFNeedsTheReason(t *testing.T) {
	h := newHarness(t)
	ref, _ := h.advised(h.orgA)
	h.deliverAll()
	// The harness delivers every letter to the print queue; one has gone by e-mail.
	letter := h.notice(ref, "advice_issued", h.orgA)
	if _, err := h.db.Exec(`UPDATE notices SET status = 'sent', sent_at = created_at WHERE id = $1`, letter); err != nil {
		t.Fatal(err)
	}
	var printed int64
	if err := h.db.Get(&printed, `SELECT n.id FROM notices n JOIN complaints c ON c.id = n.complaint_id
		WHERE c.reference = $1 AND n.status = 'print' AND n.pdf IS NOT NULL ORDER BY n.id LIMIT 1`, ref); err != nil {
		t.Fatalf("a letter in the print queue: %v", err)
	}
	api := fmt.Sprintf("/api/v1/notices/%d/pdf", letter)
	h.call("GET", api, admin, nil).problem(t, http.StatusForbidden, "access_reason_required")
	p := h.pageAs("GET", fmt.Sprintf("/werk/brief/%d", letter), admin, nil)
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/werk/klacht/"+ref {
		t.Fatalf("the letter's page without a reason: %d to %q, want 303 to the case page", p.status, p.header.Get("Location"))
	}
	h.call("GET", fmt.Sprintf("/api/v1/notices/%d/pdf", printed), admin, nil).want(t, http.StatusOK)
	if p := h.pageAs("GET", fmt.Sprintf("/werk/brief/%d", printed), admin, nil); p.status != http.StatusOK {
		t.Errorf("the print queue's letter: %s", p)
	}
	h.call("GET", api, staff, nil).want(t, http.StatusOK)
	h.send(request{method: "GET", path: api, as: admin, header: map[string]string{"X-Access-Reason": "Organisatie vroeg om een kopie."}}).
		want(t, http.StatusOK)
	if p := h.pageAs("GET", fmt.Sprintf("/werk/brief/%d", letter), admin, nil); p.status != http.StatusOK {
		t.Errorf("the letter's page after the reason: %s", p)
	}
	if got := h.accessRows(ref); len(got) == 0 || got[len(got)-2] != fmt.Sprintf("%d:api:Organisatie vroeg om een kopie.", h.w.users[admin].ID) ||
		got[len(got)-1] != fmt.Sprintf("%d:page:", h.w.users[admin].ID) {
		t.Errorf("access log %v", got)
	}
}
