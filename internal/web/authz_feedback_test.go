package web_test

import (
	"context"
	"net/http"
	"net/url"

	"meldpunt/internal/casework"
)

// feedbackMatrix holds the authorisation rows of what follows the ruling (pages/feedback.go,
// api/feedback.go): the resident's answer is public (proved by reference and tracking code), the
// "not carried out" reports and their "dealt with" are for staff and admin. Posts that change
// something act on a case made fresh for each caller.
var feedbackMatrix = []matrixRow{
	{"POST", "/api/v1/complaints/lookup/feedback", everyone(200),
		func(h *harness, _ *matrixShared, _ role) (string, any) {
			r, advice := h.ruledWithCode(h.orgA)
			return "/api/v1/complaints/lookup/feedback", feedbackBody(r, advice, casework.CarriedOutYes, 4, "")
		}, false},
	{"GET", "/api/v1/not-carried-out", staffOnly(200), fixed("/api/v1/not-carried-out?limit=5", nil), false},
	{"POST", "/api/v1/complaints/:reference/not-carried-out/dealt-with", staffOnly(200),
		func(h *harness, _ *matrixShared, _ role) (string, any) {
			return "/api/v1/complaints/" + h.reportedNotCarriedOut(h.orgA) + "/not-carried-out/dealt-with",
				map[string]any{"note": "Organisatie gebeld; zij voert het advies deze week uit."}
		}, false},
	// The pages: the empty form is refused (422) and changes nothing; the thank-you page is public.
	{"POST", "/status/terugkoppeling", everyone(422), fixed("/status/terugkoppeling", nil), false},
	{"GET", "/status/terugkoppeling/ontvangen", everyone(200), fixed("/status/terugkoppeling/ontvangen", nil), false},
	{"GET", "/werk/niet-uitgevoerd", staffCasePage(200), fixed("/werk/niet-uitgevoerd", nil), false},
	// Without a note: staff and admin are refused with 422 and the report stays open.
	{"POST", "/werk/klacht/:reference/niet-uitgevoerd", staffCasePage(422),
		func(h *harness, _ *matrixShared, _ role) (string, any) {
			return "/werk/klacht/" + h.reportedNotCarriedOut(h.orgA) + "/niet-uitgevoerd", url.Values{}
		}, false},
}

// ruledWithCode files a complaint about org (keeping its tracking code), has staff take it up, hear
// everyone and rule with one advice to org; it returns the receipt and the advice's id.
func (h *harness) ruledWithCode(org int64) (receipt, int64) {
	h.t.Helper()
	r := h.file(org)
	h.call("POST", "/api/v1/complaints/"+r.Reference+"/take-up", staff, map[string]any{"not_involved": true}).want(h.t, http.StatusOK)
	h.hearAll(r.Reference, org)
	var c casework.Complaint
	h.call("POST", "/api/v1/complaints/"+r.Reference+"/ruling", staff, foundedRuling(org)).ok(h.t, http.StatusOK, &c)
	if len(c.Advices) != 1 {
		h.t.Fatalf("ruling gave advices %+v", c.Advices)
	}
	return r, c.Advices[0].ID
}

// feedbackBody is the resident's answer on one advice through the API.
func feedbackBody(r receipt, advice int64, answer casework.CarriedOut, score int, comment string) map[string]any {
	return map[string]any{"reference": r.Reference, "tracking_code": r.TrackingCode,
		"advices":      []map[string]any{{"advice_id": advice, "carried_out": answer}},
		"satisfaction": score, "comment": comment}
}

// reportedNotCarriedOut makes a ruled case about org whose resident says the advice was not
// carried out: an open report; it returns the reference.
func (h *harness) reportedNotCarriedOut(org int64) string {
	h.t.Helper()
	r, advice := h.ruledWithCode(org)
	// Through the store: the API's look-up limit may be used up by the hostile-input test.
	if _, err := h.store.GiveFeedback(context.Background(), r.Reference, r.TrackingCode, casework.FeedbackAnswer{
		Advices:      []casework.AdviceCarriedOut{{AdviceID: advice, CarriedOut: casework.CarriedOutNo}},
		Satisfaction: 2, Comment: "Er is niets gebeurd."}); err != nil {
		h.t.Fatal(err)
	}
	return r.Reference
}
