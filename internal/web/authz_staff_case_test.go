package web_test

import "net/url"

// staffCasePage is the outcome of the case pages: without a session, 303 to the sign-in page;
// staff and admin get status; every other role a 403 page.
func staffCasePage(status int) outcome { return outcome{303, status, status, 403, 403, 403, 403} }

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

// staffCaseMatrix holds the authorisation rows of the case pages (see matrixRows).
var staffCaseMatrix = []matrixRow{
	{"GET", "/werk/klacht/:reference", staffCasePage(200), onCasePage("", false), false},
	{"POST", "/werk/klacht/:reference/oppakken", staffCasePage(422), onCasePage("oppakken", false), false},
	{"POST", "/werk/klacht/:reference/horen", staffCasePage(422), onCasePage("horen", true), false},
	{"POST", "/werk/klacht/:reference/uitspraak", staffCasePage(422), onCasePage("uitspraak", true), false},
	{"POST", "/werk/klacht/:reference/uitstel", staffCasePage(422), onCasePage("uitstel", true), false},
	{"POST", "/werk/klacht/:reference/niet-ontvankelijk", staffCasePage(422), onCasePage("niet-ontvankelijk", true), false},
	{"POST", "/werk/klacht/:reference/opgelost", staffCasePage(422), onCasePage("opgelost", false), false},
	{"POST", "/werk/klacht/:reference/ingetrokken", staffCasePage(422), onCasePage("ingetrokken", false), false},
	{"POST", "/werk/klacht/:reference/contact", staffCasePage(422), onCasePage("contact", false), false},
}
