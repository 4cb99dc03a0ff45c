package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

// TestAPIAddOrganisationToAComplaint: staff add an organisation the complaint turns out to be about
// as well; it gets the copy of the complaint and must be heard before a ruling may advise it. Every
// other advice addressee, and every wrong addition, is refused with the field named.
func TestAPIAddOrganisationToAComplaint(t *testing.T) {
	h := newHarness(t)
	ref := h.readyToRule(h.orgA)
	path := "/api/v1/complaints/" + ref + "/organisations"
	post := func(body any) request { return request{method: "POST", path: path, as: staff, body: body} }

	// Advice to B, which the complaint is not about: refused, naming the advice's organisation.
	p := h.refused(request{method: "POST", path: "/api/v1/complaints/" + ref + "/ruling", as: staff, body: foundedRuling(h.orgA, h.orgB)},
		http.StatusUnprocessableEntity, "validation_failed", "advices[1].organisation_id")
	if !strings.Contains(p.Errors[0].Message, "must be an organisation the complaint is about") {
		t.Fatalf("problem %+v", p)
	}

	h.refused(post(map[string]any{"organisation_id": 987654}), http.StatusUnprocessableEntity, "validation_failed", "organisation_id")
	h.refused(post(map[string]any{"organisation_id": h.orgA}), http.StatusUnprocessableEntity, "validation_failed", "organisation_id")
	h.refused(post(map[string]any{}), http.StatusUnprocessableEntity, "validation_failed", "organisation_id")
	h.refused(request{method: "POST", path: "/api/v1/complaints/" + h.file(h.orgA).Reference + "/organisations", as: staff,
		body: map[string]any{"organisation_id": h.orgB}}, http.StatusConflict, "invalid_transition")
	h.refused(request{method: "POST", path: "/api/v1/complaints/MP-2026-999999/organisations", as: staff,
		body: map[string]any{"organisation_id": h.orgB}}, http.StatusNotFound, "not_found")

	var c casework.Complaint
	h.call("POST", path, staff, map[string]any{"organisation_id": h.orgB}).ok(t, http.StatusOK, &c)
	if len(c.Organisations) != 2 || c.Status != casework.StatusInTreatment {
		t.Fatalf("after adding B: %s %+v", c.Status, c.Organisations)
	}
	if last := c.Timeline[len(c.Timeline)-1]; last.Action != "add_organisation" || last.ActorName != staffName ||
		!strings.Contains(last.Reason, orgBName) {
		t.Fatalf("audit event %+v", last)
	}
	h.notice(ref, "copy_to_organisation", h.orgB) // fails the test when B got no copy

	// B is not heard yet: no ruling, with or without advice to B.
	h.refused(request{method: "POST", path: "/api/v1/complaints/" + ref + "/ruling", as: staff, body: foundedRuling(h.orgA, h.orgB)},
		http.StatusUnprocessableEntity, "validation_failed", "hearings")
	h.call("POST", "/api/v1/complaints/"+ref+"/hearings", staff, map[string]any{"party": "organisation", "organisation_id": h.orgB,
		"held_on": term.LocalDate(h.clock.Now()).String(), "record": "De teamleider van het wijkteam licht de gang van zaken toe."}).
		want(t, http.StatusOK)
	h.call("POST", "/api/v1/complaints/"+ref+"/ruling", staff, foundedRuling(h.orgA, h.orgB)).ok(t, http.StatusOK, &c)
	if len(c.Advices) != 2 || c.Status != casework.StatusAdvised {
		t.Fatalf("after ruling: %s %+v", c.Status, c.Advices)
	}
	h.refused(post(map[string]any{"organisation_id": h.orgB}), http.StatusConflict, "invalid_transition")
}

// TestAPIHearingInvitationsAndNoResponse: an invitation falls on a working day in office hours,
// and a party is passed over for not responding only 5 working days after it was invited. A hearing
// held writes its report to the party heard.
func TestAPIHearingInvitationsAndNoResponse(t *testing.T) {
	h := newHarness(t)
	// Tuesday 3 March 2026.
	ref := h.inTreatment(h.orgA)
	invitations := "/api/v1/complaints/" + ref + "/hearing-invitations"
	invite := func(date, at string) request {
		return request{method: "POST", path: invitations, as: staff,
			body: map[string]any{"party": "complainant", "date": date, "time": at, "place": "Stadhuis, kamer 1.12"}}
	}
	for _, tc := range []struct{ date, at, field, msg string }{
		{"2026-03-07", "10:00", "date", "2026-03-07 is a Saturday, not a working day"},
		{"2026-04-06", "10:00", "date", "2026-04-06 is Easter Monday, not a working day"},
		{"2026-05-05", "10:00", "date", "2026-05-05 is Liberation Day (5 May), not a working day"},
		{"2026-03-04", "22:00", "time", "22:00 is outside office hours"},
	} {
		p := h.refused(invite(tc.date, tc.at), http.StatusUnprocessableEntity, "validation_failed", tc.field)
		if !strings.Contains(p.Errors[0].Message, tc.msg) {
			t.Errorf("invitation on %s at %s: %q, want %q", tc.date, tc.at, p.Errors[0].Message, tc.msg)
		}
	}

	noResponse := request{method: "POST", path: "/api/v1/complaints/" + ref + "/hearings", as: staff,
		body: map[string]any{"party": "complainant", "skipped": "no_response", "skip_note": "Geen reactie op de uitnodiging."}}
	h.refused(noResponse, http.StatusUnprocessableEntity, "validation_failed", "skipped")
	var c casework.Complaint
	h.call("POST", invitations, staff, invite("2026-03-04", "09:30").body).ok(t, http.StatusOK, &c)
	if len(c.Invitations) != 1 || c.Invitations[0].Date != "2026-03-04" || c.Invitations[0].Time != "09:30" ||
		c.Invitations[0].NoResponseFrom != "2026-03-10" {
		t.Fatalf("invitations %+v", c.Invitations)
	}
	h.deliverAll()                                                             // the invitation letter goes out the day it is made
	h.clock.Set(time.Date(2026, time.March, 9, 16, 0, 0, 0, term.Amsterdam())) // the fourth working day
	h.refused(noResponse, http.StatusUnprocessableEntity, "validation_failed", "skipped")
	h.clock.Set(time.Date(2026, time.March, 10, 9, 0, 0, 0, term.Amsterdam()))
	h.call("POST", noResponse.path, staff, noResponse.body).want(t, http.StatusOK)

	h.call("POST", "/api/v1/complaints/"+ref+"/hearings", staff, map[string]any{"party": "organisation", "organisation_id": h.orgA,
		"held_on": "2026-03-10", "record": "De directie licht toe waarom de aanvraag bleef liggen."}).want(t, http.StatusOK)
	h.notice(ref, "hearing_report", h.orgA)
	if n := h.count(`SELECT count(*) FROM notices WHERE kind = 'hearing_report'`); n != 1 {
		t.Fatalf("%d hearing reports, want one to the organisation heard", n)
	}
}
