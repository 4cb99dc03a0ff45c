package web_test

import (
	"fmt"
	"net/url"
)

// staffCasePage is the outcome of the case pages: without a session, 303 to the sign-in page;
// staff and admin get status; every other role a 403 page.
func staffCasePage(status int) outcome { return outcome{303, status, status, 403, 403, 403, 403} }

// handlerCasePage is the outcome of an action on a case the harness's staff member handles: the
// admin, not its handler, gets a 403 page naming the handler (Awb 9:7).
func handlerCasePage(status int) outcome { return outcome{303, status, 403, 403, 403, 403, 403} }

// onCasePage is a request to the case page of a complaint, or (action) an empty form posted to one
// of its actions: allowed callers are refused with 422 and nothing changes. Actions that check the
// complaint's status before the form get a fresh complaint in treatment (a complaint about A);
// the others the shared received complaint.
func onCasePage(action string, inTreatment bool) cell {
	return func(h *harness, s *matrixShared, _ role) (string, any) {
		ref := s.linked.Reference
		if inTreatment {
			ref = h.inTreatment(h.orgA)
		}
		if action == "" {
			return "/werk/klacht/" + ref, nil
		}
		return "/werk/klacht/" + ref + "/" + action, url.Values{}
	}
}

// onCaseAdvicePage posts an empty form to an action on the advice of a fresh advised complaint about
// A: refused with 422, nothing changed.
func onCaseAdvicePage(action string) cell {
	return func(h *harness, _ *matrixShared, _ role) (string, any) {
		ref, advs := h.advised(h.orgA)
		return fmt.Sprintf("/werk/klacht/%s/advies/%d/%s", ref, advs[h.orgA].ID, action), url.Values{}
	}
}

// staffCaseMatrix holds the authorisation rows of the case pages (see matrixRows).
var staffCaseMatrix = []matrixRow{
	{"GET", "/werk/klacht/:reference", staffCasePage(200), onCasePage("", false), false},
	{"POST", "/werk/klacht/:reference/oppakken", staffCasePage(422), onCasePage("oppakken", false), false},
	{"POST", "/werk/klacht/:reference/horen", handlerCasePage(422), onCasePage("horen", true), false},
	{"POST", "/werk/klacht/:reference/uitspraak", handlerCasePage(422), onCasePage("uitspraak", true), false},
	{"POST", "/werk/klacht/:reference/uitstel", handlerCasePage(422), onCasePage("uitstel", true), false},
	{"POST", "/werk/klacht/:reference/niet-ontvankelijk", staffCasePage(422), onCasePage("niet-ontvankelijk", true), false},
	{"POST", "/werk/klacht/:reference/opgelost", staffCasePage(422), onCasePage("opgelost", false), false},
	{"POST", "/werk/klacht/:reference/ingetrokken", staffCasePage(422), onCasePage("ingetrokken", false), false},
	{"POST", "/werk/klacht/:reference/overnemen", staffCasePage(422), onCasePage("overnemen", true), false},
	{"POST", "/werk/klacht/:reference/advies/:id/antwoord", staffCasePage(422), onCaseAdvicePage("antwoord"), false},
	{"POST", "/werk/klacht/:reference/advies/:id/uitvoering", staffCasePage(422), onCaseAdvicePage("uitvoering"), false},
	{"POST", "/werk/klacht/:reference/uitnodigen", handlerCasePage(422), onCasePage("uitnodigen", true), false},
	{"POST", "/werk/klacht/:reference/organisatie", handlerCasePage(422), onCasePage("organisatie", true), false},
	{"POST", "/werk/klacht/:reference/contact", staffCasePage(422), onCasePage("contact", false), false},
	{"POST", "/werk/klacht/:reference/inzage", staffCasePage(422), onCasePage("inzage", false), false},
}
