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
