package web_test

import (
	"fmt"
	"net/url"
)

// worklistMatrix: the worklist for the day (staff and admin). The search shows names, so it is a
// POST of staff and admin only; an organisation's answer is marked read by the case's handler only
// (the admin does not handle the harness's cases: 403 from the store).
var worklistMatrix = []matrixRow{
	{"POST", "/werk/zoeken", outcome{303, 200, 200, 403, 403, 403, 403}, fixed("/werk/zoeken", url.Values{"zoek": {"MP"}}), false},
	{"POST", "/werk/klacht/:reference/advies/:id/gelezen", outcome{303, 303, 403, 403, 403, 403, 403}, onAnswerPage(), false},
	{"GET", "/api/v1/worklist", staffOnly(200), fixed("/api/v1/worklist", nil), false},
	{"GET", "/api/v1/worklist/cases", staffOnly(200), fixed("/api/v1/worklist/cases?list=overdue&page=2&mine=true", nil), false},
	{"POST", "/api/v1/worklist/search", staffOnly(200), fixed("/api/v1/worklist/search", map[string]any{"search": "MP", "list": "all"}), false},
	{"POST", "/api/v1/advices/:id/answer-read", outcome{401, 204, 403, 403, 403, 403, 403}, onAdviceToA("answer-read", true, nil), false},
}

// onAnswerPage is the case page's form that marks the answer to a fresh accepted advice to A read.
func onAnswerPage() cell {
	return func(h *harness, _ *matrixShared, _ role) (string, any) {
		ref, advs := h.advised(h.orgA)
		id := advs[h.orgA].ID
		h.call("POST", fmt.Sprintf("/api/v1/advices/%d/accept", id), orgA, nil).want(h.t, 200)
		return fmt.Sprintf("/werk/klacht/%s/advies/%d/gelezen", ref, id), url.Values{}
	}
}
