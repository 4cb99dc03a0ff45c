package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

var (
	referencePattern    = regexp.MustCompile(`^MP-2026-\d{6}$`)
	trackingCodePattern = regexp.MustCompile(`^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$`)
	rfc3339Pattern      = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$`)
)

// mustInstant parses an RFC 3339 literal of the test.
func mustInstant(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// rawAdvices returns the advices of a JSON body exactly as sent: respond_by and deadline_at as strings.
func rawAdvices(t *testing.T, body []byte) []map[string]any {
	t.Helper()
	var v struct {
		Advices []map[string]any `json:"advices"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	return v.Advices
}

// checkTerm checks an advice's last day (a date) and deadline instant (RFC 3339) as sent.
func checkTerm(t *testing.T, a map[string]any, respondBy, deadline string) {
	t.Helper()
	if a["respond_by"] != respondBy {
		t.Errorf("advice %v: respond_by %v, want %s", a["id"], a["respond_by"], respondBy)
	}
	got, _ := a["deadline_at"].(string)
	if !rfc3339Pattern.MatchString(got) {
		t.Fatalf("advice %v: deadline_at %q is not RFC 3339", a["id"], got)
	}
	if g, w := mustInstant(t, got), mustInstant(t, deadline); !g.Equal(w) {
		t.Errorf("advice %v: deadline_at %s (%s), want %s (%s)", a["id"], got, g.UTC(), deadline, w.UTC())
	}
}

// TestAPIFullLifecycle follows one complaint about two organisations from the resident's intake to
// closing, over HTTP only: intake, resident look-up, take-up, hearings, a founded ruling with binding
// advice to A and B, A accepts and confirms execution, B rejects with reasons. It checks the terms
// of the advices, that the complaint closes only when both advices are final, the staff's timeline,
// what the resident sees (both outcomes, nothing internal, no names) and that the organisations never
// see the complainant's contact details.
func TestAPIFullLifecycle(t *testing.T) {
	h := newHarness(t)
	var orgBodies [][]byte // every body an organisation received
	asOrg := func(method, path string, as role, body any) *response {
		t.Helper()
		res := h.call(method, path, as, body)
		orgBodies = append(orgBodies, res.body)
		return res
	}

	// Intake on Tuesday 2026-03-03 10:00: the handling term is 42 days, to Tuesday 2026-04-14.
	res := h.call("POST", "/api/v1/complaints", anon, intakeBody(h.orgA, h.orgB))
	var rec receipt
	res.ok(t, http.StatusCreated, &rec)
	if !referencePattern.MatchString(rec.Reference) || !trackingCodePattern.MatchString(rec.TrackingCode) ||
		rec.Status != "received" || rec.HandlingLastDay != "2026-04-14" || !rec.ReceivedAt.Equal(startTime) {
		t.Fatalf("receipt %+v", rec)
	}
	if loc := res.header.Get("Location"); loc != "/api/v1/complaints/"+rec.Reference {
		t.Errorf("Location %q", loc)
	}
	ref := rec.Reference
	view, _ := h.lookup(rec)
	if view.Reference != ref || view.Status != casework.StatusReceived || view.HandlingLastDay != "2026-04-14" ||
		!slices.Equal(view.Organisations, []string{orgBName, orgAName}) {
		t.Fatalf("resident view after intake: %+v", view)
	}
	// Organisations have no access to the complaint itself.
	asOrg("GET", "/api/v1/complaints/"+ref, orgA, nil).problem(t, http.StatusForbidden, "forbidden")
	asOrg("GET", "/api/v1/complaints", orgB, nil).problem(t, http.StatusForbidden, "forbidden")

	// Staff take it up.
	var c casework.Complaint
	h.call("POST", "/api/v1/complaints/"+ref+"/take-up", staff, map[string]any{"not_involved": true}).ok(t, http.StatusOK, &c)
	if c.Status != casework.StatusInTreatment || c.HandlerName != staffName || c.Complainant.Name != piiName {
		t.Fatalf("after take-up: status %s, handler %q, complainant %+v", c.Status, c.HandlerName, c.Complainant)
	}

	// Hearings: the complainant was heard; A and B were not, each with a recorded reason.
	const hearingRecord = "Verslag hoorzitting: klager vertelt over de balie, vertrouwelijk."
	const skipNoteB = "Het wijkteam reageerde niet op twee uitnodigingen."
	const note = "Interne notitie: dossier opgevraagd bij het wijkteam."
	h.call("POST", "/api/v1/complaints/"+ref+"/hearings", staff, map[string]any{
		"party": "complainant", "held_on": "2026-03-03", "record": hearingRecord}).want(t, http.StatusOK)
	h.call("POST", "/api/v1/complaints/"+ref+"/hearings", staff, map[string]any{
		"party": "organisation", "organisation_id": h.orgA, "skipped": "waived", "skip_note": "Directie zag af van horen."}).want(t, http.StatusOK)
	// B is invited on Tuesday 3 March; it may be passed over for not responding only from the fifth
	// working day after: Tuesday 10 March.
	noResponseB := map[string]any{"party": "organisation", "organisation_id": h.orgB, "skipped": "no_response", "skip_note": skipNoteB}
	h.call("POST", "/api/v1/complaints/"+ref+"/hearings", staff, noResponseB).problem(t, http.StatusUnprocessableEntity, "validation_failed")
	h.call("POST", "/api/v1/complaints/"+ref+"/hearing-invitations", staff, map[string]any{"party": "organisation",
		"organisation_id": h.orgB, "date": "2026-03-09", "time": "10:00", "place": "Stadhuis, kamer 1.12"}).ok(t, http.StatusOK, &c)
	if len(c.Invitations) != 1 || c.Invitations[0].NoResponseFrom != "2026-03-10" {
		t.Fatalf("invitations %+v", c.Invitations)
	}
	h.deliverAll() // the invitation letter goes out the day it is made
	h.clock.Set(time.Date(2026, time.March, 9, 17, 0, 0, 0, term.Amsterdam()))
	h.call("POST", "/api/v1/complaints/"+ref+"/hearings", staff, noResponseB).problem(t, http.StatusUnprocessableEntity, "validation_failed")
	h.clock.Set(time.Date(2026, time.March, 10, 9, 0, 0, 0, term.Amsterdam()))
	h.call("POST", "/api/v1/complaints/"+ref+"/hearings", staff, noResponseB).ok(t, http.StatusOK, &c)
	if len(c.Hearings) != 3 || c.Hearings[0].Record != hearingRecord || c.Hearings[2].Skipped != casework.SkipNoResponse {
		t.Fatalf("hearings %+v", c.Hearings)
	}
	h.call("POST", "/api/v1/complaints/"+ref+"/notes", staff, map[string]any{"note": note}).want(t, http.StatusOK)

	// The ruling is made at Saturday 2026-03-14 00:30 CET, which is still Friday 13 March in UTC.
	// The term starts the day after the local date of issue: 14 March + 14 days = Saturday 28 March,
	// moved past the weekend (the Sunday is the switch to summer time) to Monday 2026-03-30. The
	// deadline is the start of the next day in Amsterdam, now CEST: 2026-03-31T00:00:00+02:00 =
	// 2026-03-30T22:00:00Z. (A UTC date would give Friday 27 March; no weekend rule 28 March; a
	// CET offset 23:00Z.)
	h.clock.Set(time.Date(2026, time.March, 14, 0, 30, 0, 0, term.Amsterdam()))
	res = h.call("POST", "/api/v1/complaints/"+ref+"/ruling", staff, map[string]any{
		"verdict": "founded", "findings": "De aanvraag bleef vijf maanden liggen.", "conclusions": "Gegrond.",
		"advices": []map[string]any{
			{"organisation_id": h.orgA, "text": "Neem binnen twee weken een besluit op de aanvraag."},
			{"organisation_id": h.orgB, "text": "Bied schriftelijk excuses aan voor de bejegening."},
		},
		"recommendations": []map[string]any{{"life_domain": "care", "text": "Leg behandeltermijnen vast."}},
	})
	res.ok(t, http.StatusOK, &c)
	if c.Status != casework.StatusAdvised || c.Verdict != casework.VerdictFounded || len(c.Advices) != 2 || len(c.Recommendations) != 1 {
		t.Fatalf("after ruling: %s %s advices %+v", c.Status, c.Verdict, c.Advices)
	}
	for _, a := range rawAdvices(t, res.body) {
		if a["status"] != "issued" {
			t.Errorf("advice %v status %v", a["id"], a["status"])
		}
		checkTerm(t, a, "2026-03-30", "2026-03-31T00:00:00+02:00")
	}
	byOrg := map[int64]casework.Advice{}
	for _, a := range c.Advices {
		byOrg[a.OrganisationID] = a
	}
	adviceA, adviceB := byOrg[h.orgA], byOrg[h.orgB]
	if adviceA.ID == 0 || adviceB.ID == 0 || adviceA.ComplaintRef != ref {
		t.Fatalf("advices %+v", c.Advices)
	}

	// Each organisation sees its own advice only, with the term, and not the other's.
	for _, o := range []struct {
		as         role
		own, other casework.Advice
	}{{orgA, adviceA, adviceB}, {orgB, adviceB, adviceA}} {
		res := asOrg("GET", "/api/v1/advices", o.as, nil)
		var list struct{ Advices []casework.Advice }
		res.ok(t, http.StatusOK, &list)
		if len(list.Advices) != 1 || list.Advices[0].ID != o.own.ID {
			t.Errorf("%s lists %+v, want only advice %d", o.as, list.Advices, o.own.ID)
		}
		for _, a := range rawAdvices(t, res.body) {
			checkTerm(t, a, "2026-03-30", "2026-03-31T00:00:00+02:00")
		}
		var d casework.AdviceDetail
		asOrg("GET", fmt.Sprintf("/api/v1/advices/%d", o.own.ID), o.as, nil).ok(t, http.StatusOK, &d)
		if d.Complaint.Reference != ref || d.Complaint.Summary == "" || d.RespondBy != "2026-03-30" {
			t.Errorf("%s's advice detail %+v", o.as, d)
		}
		asOrg("GET", fmt.Sprintf("/api/v1/advices/%d", o.other.ID), o.as, nil).problem(t, http.StatusNotFound, "not_found")
		asOrg("POST", fmt.Sprintf("/api/v1/advices/%d/accept", o.other.ID), o.as, nil).problem(t, http.StatusNotFound, "not_found")
	}

	// Monday 16 March: A accepts. The complaint stays advised: A's advice is not final yet.
	monday := time.Date(2026, time.March, 16, 9, 15, 0, 0, term.Amsterdam())
	h.clock.Set(monday)
	var a casework.Advice
	asOrg("POST", fmt.Sprintf("/api/v1/advices/%d/accept", adviceA.ID), orgA, nil).ok(t, http.StatusOK, &a)
	if a.Status != casework.AdviceAccepted || a.RespondedAt == nil || !a.RespondedAt.Equal(monday) {
		t.Fatalf("accepted advice %+v", a)
	}
	if s := h.complaint(ref).Status; s != casework.StatusAdvised {
		t.Fatalf("after one acceptance the complaint is %s, want advised", s)
	}

	// B rejects with substantive reasons; A's advice is still only accepted, so the complaint stays open.
	const reasons = "Wij wijzen het advies af: de medewerker handelde volgens het protocol en excuses zijn al mondeling aangeboden."
	asOrg("POST", fmt.Sprintf("/api/v1/advices/%d/reject", adviceB.ID), orgB, map[string]string{"reasons": "Nee."}).
		problem(t, http.StatusUnprocessableEntity, "validation_failed")
	asOrg("POST", fmt.Sprintf("/api/v1/advices/%d/reject", adviceB.ID), orgB, map[string]string{"reasons": reasons}).ok(t, http.StatusOK, &a)
	if a.Status != casework.AdviceRejected || a.RejectionReasons != reasons {
		t.Fatalf("rejected advice %+v", a)
	}
	if s := h.complaint(ref).Status; s != casework.StatusAdvised {
		t.Fatalf("with A accepted and B rejected the complaint is %s, want advised", s)
	}

	// A confirms execution: now every advice is final and the complaint closes.
	const executionNote = "Besluit genomen op 20 maart; excuses per brief."
	h.clock.Set(monday.Add(4 * 24 * time.Hour))
	asOrg("POST", fmt.Sprintf("/api/v1/advices/%d/executed", adviceA.ID), orgA, map[string]string{"note": executionNote}).ok(t, http.StatusOK, &a)
	if a.Status != casework.AdviceExecuted || a.ExecutionNote != executionNote {
		t.Fatalf("executed advice %+v", a)
	}
	c = h.complaint(ref)
	if c.Status != casework.StatusClosed || c.ClosedAt == nil {
		t.Fatalf("after both advices are final the complaint is %s (closed_at %v), want closed", c.Status, c.ClosedAt)
	}
	// Nothing more can happen to the advices.
	asOrg("POST", fmt.Sprintf("/api/v1/advices/%d/reject", adviceA.ID), orgA, map[string]string{"reasons": reasons}).
		problem(t, http.StatusConflict, "invalid_transition")

	// The staff's timeline: every event, with actor, role, from, to and reason.
	type ev struct {
		action, from, to string
		role             casework.Role
		actor            string
		advice           int64
	}
	want := []ev{
		{"file", "", "received", casework.RoleResident, "resident", 0},
		{"take_up", "received", "in_treatment", casework.RoleStaff, staffName, 0},
		{"record_hearing", "in_treatment", "in_treatment", casework.RoleStaff, staffName, 0},
		{"record_hearing", "in_treatment", "in_treatment", casework.RoleStaff, staffName, 0},
		{"invite_hearing", "in_treatment", "in_treatment", casework.RoleStaff, staffName, 0},
		{"record_hearing", "in_treatment", "in_treatment", casework.RoleStaff, staffName, 0},
		{"add_note", "in_treatment", "in_treatment", casework.RoleStaff, staffName, 0},
		{"rule_granted", "in_treatment", "advised", casework.RoleStaff, staffName, 0},
		{"issue", "", "issued", casework.RoleStaff, staffName, adviceA.ID},
		{"issue", "", "issued", casework.RoleStaff, staffName, adviceB.ID},
		{"accept", "issued", "accepted", casework.RoleOrganisation, "Directeur Anker", adviceA.ID},
		{"reject", "issued", "rejected", casework.RoleOrganisation, "Manager Bolwerk", adviceB.ID},
		{"confirm_execution", "accepted", "executed", casework.RoleOrganisation, "Directeur Anker", adviceA.ID},
		{"close", "advised", "closed", casework.RoleSystem, "system", 0},
	}
	if len(c.Timeline) != len(want) {
		t.Fatalf("staff timeline has %d events, want %d: %+v", len(c.Timeline), len(want), c.Timeline)
	}
	for i, e := range c.Timeline {
		w := want[i]
		var adv int64
		if e.AdviceID != nil {
			adv = *e.AdviceID
		}
		if e.Action != w.action || e.FromStatus != w.from || e.ToStatus != w.to || e.ActorRole != w.role ||
			e.ActorName != w.actor || adv != w.advice || e.At.IsZero() {
			t.Errorf("timeline[%d] = %+v, want %+v", i, e, w)
		}
	}
	if r := c.Timeline[11].Reason; r != reasons {
		t.Errorf("the rejection event's reason is %q, want the reasons", r)
	}
	if r := c.Timeline[6].Reason; r != note {
		t.Errorf("the note event's reason is %q", r)
	}
	if !c.Timeline[10].At.Equal(monday) {
		t.Errorf("the acceptance is recorded at %s, want %s", c.Timeline[10].At, monday)
	}
	for _, i := range []int{1, 2, 3, 4, 5, 7, 8} {
		if c.Timeline[i].Reason == "" {
			t.Errorf("timeline[%d] (%s) has no reason", i, c.Timeline[i].Action)
		}
	}

	// The resident sees both outcomes, but no hearing records, notes or names of who acted.
	view, res = h.lookup(rec)
	if view.Status != casework.StatusClosed || view.Verdict != casework.VerdictFounded || len(view.Advices) != 2 {
		t.Fatalf("resident view %+v", view)
	}
	outcomes := map[int64]casework.Advice{}
	for _, a := range view.Advices {
		outcomes[a.ID] = a
	}
	if o := outcomes[adviceA.ID]; o.Status != casework.AdviceExecuted || o.RespondedAt == nil || o.ExecutedAt == nil {
		t.Errorf("the resident sees A's advice as %+v, want accepted and executed", o)
	}
	if o := outcomes[adviceB.ID]; o.Status != casework.AdviceRejected || o.RejectionReasons != reasons {
		t.Errorf("the resident sees B's advice as %+v, want rejected with the reasons", o)
	}
	var actions []string
	for _, e := range view.Timeline {
		actions = append(actions, e.Action)
	}
	// That an invitation to a hearing went out is shown; the hearings themselves are not.
	wantActions := []string{"file", "take_up", "invite_hearing", "rule_granted", "issue", "issue", "accept", "reject", "confirm_execution", "close"}
	if !slices.Equal(actions, wantActions) {
		t.Errorf("resident timeline %v, want %v (no hearings, no notes)", actions, wantActions)
	}
	var rawView struct {
		Timeline []map[string]any `json:"timeline"`
	}
	res.into(t, &rawView)
	for _, e := range rawView.Timeline {
		if _, ok := e["actor"]; ok {
			t.Errorf("resident timeline event names its actor: %v", e)
		}
	}
	if s, ok := containsAny(res.body, staffName, "Directeur Anker", "Manager Bolwerk", hearingRecord, skipNoteB, note,
		"record_hearing", "add_note"); ok {
		t.Errorf("the resident's view contains %q: %s", s, res.body)
	}

	// Nothing an organisation received carries the complainant's contact details.
	if len(orgBodies) < 15 {
		t.Fatalf("only %d organisation responses collected", len(orgBodies))
	}
	for _, b := range orgBodies {
		if s, ok := containsAny(b, piiStrings...); ok {
			t.Errorf("an organisation received %q: %s", s, b)
		}
		if strings.Contains(string(b), `"complainant"`) {
			t.Errorf("an organisation received a complainant object: %s", b)
		}
	}
}

// TestAPIOrganisationsNeverSeeContactDetails calls every route an organisation may use, after every
// kind of event, and searches each body for the complainant's planted contact details.
func TestAPIOrganisationsNeverSeeContactDetails(t *testing.T) {
	h := newHarness(t)
	ref, advs := h.advised(h.orgA, h.orgB)
	for _, as := range []role{orgA, orgB} {
		own := advs[map[role]int64{orgA: h.orgA, orgB: h.orgB}[as]]
		bodies := []*response{
			h.call("GET", "/api/v1/advices", as, nil),
			h.call("GET", "/api/v1/advices?status=issued", as, nil),
			h.call("GET", fmt.Sprintf("/api/v1/advices/%d", own.ID), as, nil),
			h.call("GET", "/api/v1/organisations", as, nil),
			h.call("GET", "/api/v1/me", as, nil),
			h.call("GET", "/api/v1/complaints/"+ref, as, nil),
			h.call("GET", "/api/v1/complaints?status=advised", as, nil),
			h.call("POST", fmt.Sprintf("/api/v1/advices/%d/accept", own.ID), as, nil),
			h.call("POST", fmt.Sprintf("/api/v1/advices/%d/executed", own.ID), as, map[string]string{"note": "Uitgevoerd."}),
			h.call("GET", fmt.Sprintf("/api/v1/advices/%d", own.ID), as, nil),
		}
		for i, res := range bodies {
			if i == 2 || i == 7 || i == 8 {
				res.want(t, http.StatusOK)
			}
			if s, ok := containsAny(res.body, piiStrings...); ok {
				t.Errorf("%s received %q: %s", as, s, res)
			}
		}
	}
	// The staff do see them, so the planted strings are really there.
	c := h.complaint(ref)
	if c.Complainant.Email != piiEmail || c.Complainant.Postcode != piiPostcode {
		t.Fatalf("staff view complainant %+v", c.Complainant)
	}
}

// TestAPIUnfoundedRulingClosesWithoutAdvice: an unfounded ruling issues no advice and closes.
func TestAPIUnfoundedRulingClosesWithoutAdvice(t *testing.T) {
	h := newHarness(t)
	ref := h.readyToRule(h.orgA)
	var c casework.Complaint
	h.call("POST", "/api/v1/complaints/"+ref+"/ruling", staff, map[string]any{
		"verdict": "unfounded", "findings": "De procedure is gevolgd.", "conclusions": "Ongegrond."}).ok(t, http.StatusOK, &c)
	if c.Status != casework.StatusClosed || c.ClosedAt == nil || len(c.Advices) != 0 || c.Verdict != casework.VerdictUnfounded {
		t.Fatalf("after an unfounded ruling: %s, closed_at %v, advices %+v", c.Status, c.ClosedAt, c.Advices)
	}
	if n := h.count(`SELECT count(*) FROM advices`); n != 0 {
		t.Fatalf("%d advices exist after an unfounded ruling", n)
	}
	var list struct{ Advices []casework.Advice }
	h.call("GET", "/api/v1/advices", orgA, nil).ok(t, http.StatusOK, &list)
	if len(list.Advices) != 0 {
		t.Fatalf("organisation A has advices %+v", list.Advices)
	}
	// A closed complaint cannot be ruled on again.
	h.call("POST", "/api/v1/complaints/"+ref+"/ruling", staff, foundedRuling(h.orgA)).problem(t, http.StatusConflict, "invalid_transition")
}

// TestAPIRulingRefusals: a ruling without the hearings, a founded ruling without advice and an
// unfounded one with advice are refused and change nothing.
func TestAPIRulingRefusals(t *testing.T) {
	h := newHarness(t)
	ruling := func(ref string, body map[string]any, fields ...string) {
		t.Helper()
		before := h.fingerprint()
		p := h.call("POST", "/api/v1/complaints/"+ref+"/ruling", staff, body).problem(t, http.StatusUnprocessableEntity, "validation_failed")
		wantFields(t, p, fields...)
		if after := h.fingerprint(); after != before {
			t.Fatalf("a refused ruling changed the database:\n%s\n%s", before, after)
		}
		if s := h.complaint(ref).Status; s != casework.StatusInTreatment {
			t.Fatalf("status %s after a refused ruling", s)
		}
	}
	// No hearing at all.
	ref := h.inTreatment(h.orgA)
	ruling(ref, foundedRuling(h.orgA), "hearings", "hearings")
	// The complainant heard, the organisation not.
	h.call("POST", "/api/v1/complaints/"+ref+"/hearings", staff, map[string]any{
		"party": "complainant", "skipped": "waived", "skip_note": "Klager zag af van horen."}).want(t, http.StatusOK)
	ruling(ref, foundedRuling(h.orgA), "hearings")
	h.call("POST", "/api/v1/complaints/"+ref+"/hearings", staff, map[string]any{
		"party": "organisation", "organisation_id": h.orgA, "held_on": "2026-03-03", "record": "Directie gehoord."}).want(t, http.StatusOK)
	// Founded without advice; partly founded without advice; unfounded with advice.
	noAdvice := foundedRuling()
	delete(noAdvice, "advices")
	ruling(ref, noAdvice, "advices")
	noAdvice["verdict"] = "partly_founded"
	ruling(ref, noAdvice, "advices")
	unfounded := foundedRuling(h.orgA)
	unfounded["verdict"] = "unfounded"
	ruling(ref, unfounded, "advices")
	// Advice to an organisation that does not exist, and two advices to one organisation.
	bad := foundedRuling(h.orgA)
	bad["advices"] = []map[string]any{{"organisation_id": 99999, "text": "x"}}
	ruling(ref, bad, "advices[0].organisation_id")
	bad["advices"] = []map[string]any{{"organisation_id": h.orgA, "text": "x"}, {"organisation_id": h.orgA, "text": "y"}}
	ruling(ref, bad, "advices[1].organisation_id")
	// And then it works.
	h.call("POST", "/api/v1/complaints/"+ref+"/ruling", staff, foundedRuling(h.orgA)).want(t, http.StatusOK)
}

// TestAPIPostponement: the first postponement is at most 28 days; a later one needs the
// complainant's recorded consent.
func TestAPIPostponement(t *testing.T) {
	h := newHarness(t)
	rec := h.file(h.orgA)
	ref := rec.Reference
	body := func(days int, consent string) map[string]any {
		return map[string]any{"days": days, "reason": "Dossier van de organisatie nog niet ontvangen.", "consent": consent}
	}
	refused := func(status int, code string, b map[string]any, fields ...string) {
		t.Helper()
		before := h.fingerprint()
		p := h.call("POST", "/api/v1/complaints/"+ref+"/postpone", staff, b).problem(t, status, code)
		if fields != nil {
			wantFields(t, p, fields...)
		}
		if after := h.fingerprint(); after != before {
			t.Fatalf("a refused postponement changed the database:\n%s\n%s", before, after)
		}
	}
	// Not before the complaint is taken up.
	refused(http.StatusConflict, "invalid_transition", body(7, ""))
	h.call("POST", "/api/v1/complaints/"+ref+"/take-up", staff, map[string]any{"not_involved": true}).want(t, http.StatusOK)

	refused(http.StatusUnprocessableEntity, "validation_failed", body(29, ""), "days")
	refused(http.StatusUnprocessableEntity, "validation_failed", body(0, ""), "days")
	var c casework.Complaint
	// 2026-04-14 + 28 days = Tuesday 2026-05-12.
	h.call("POST", "/api/v1/complaints/"+ref+"/postpone", staff, body(28, "")).ok(t, http.StatusOK, &c)
	if c.HandlingLastDay != "2026-05-12" || c.Postponements != 1 {
		t.Fatalf("after the first postponement: last day %s, postponements %d", c.HandlingLastDay, c.Postponements)
	}
	refused(http.StatusUnprocessableEntity, "validation_failed", body(2, ""), "consent")
	refused(http.StatusUnprocessableEntity, "validation_failed", body(2, "   "), "consent")
	// 2026-05-12 + 2 = Thursday 14 May, Ascension Day; Friday 15 May is equated to a holiday;
	// then the weekend: the last day is Monday 2026-05-18.
	h.call("POST", "/api/v1/complaints/"+ref+"/postpone", staff,
		body(2, "Klager stemde schriftelijk in, brief van 10 maart 2026.")).ok(t, http.StatusOK, &c)
	if c.HandlingLastDay != "2026-05-18" || c.Postponements != 2 {
		t.Fatalf("after the consented postponement: last day %s, postponements %d", c.HandlingLastDay, c.Postponements)
	}
	if n := h.count(`SELECT count(*) FROM postponements`); n != 2 {
		t.Fatalf("%d postponements recorded", n)
	}
	// The resident sees the new last day.
	if v, _ := h.lookup(rec); v.HandlingLastDay != "2026-05-18" {
		t.Fatalf("resident sees handling last day %s", v.HandlingLastDay)
	}
}

// TestAPIInadmissible: only a complaint in treatment can be declared inadmissible.
func TestAPIInadmissible(t *testing.T) {
	h := newHarness(t)
	ref := h.file(h.orgA).Reference
	body := map[string]any{"ground": "before_court", "reasons": "De zaak ligt voor bij de rechtbank Noord-Holland."}
	before := h.fingerprint()
	h.call("POST", "/api/v1/complaints/"+ref+"/inadmissible", staff, body).problem(t, http.StatusConflict, "invalid_transition")
	if after := h.fingerprint(); after != before {
		t.Fatalf("a refused transition changed the database")
	}
	h.call("POST", "/api/v1/complaints/"+ref+"/take-up", staff, map[string]any{"not_involved": true}).want(t, http.StatusOK)
	var c casework.Complaint
	h.call("POST", "/api/v1/complaints/"+ref+"/inadmissible", staff, body).ok(t, http.StatusOK, &c)
	if c.Status != casework.StatusInadmissible || c.InadmissibleGround != "before_court" || c.ClosedAt == nil {
		t.Fatalf("after inadmissible: %s %q %v", c.Status, c.InadmissibleGround, c.ClosedAt)
	}
	// Terminal: nothing but a note.
	h.call("POST", "/api/v1/complaints/"+ref+"/resolve", staff, map[string]any{"reason": "Opgelost."}).problem(t, http.StatusConflict, "invalid_transition")
	h.call("POST", "/api/v1/complaints/"+ref+"/notes", staff, map[string]any{"note": "Brief verstuurd."}).want(t, http.StatusOK)
}

// TestAPIWithdrawAndResolve: a received complaint can be withdrawn, one in treatment resolved; both
// are terminal.
func TestAPIWithdrawAndResolve(t *testing.T) {
	h := newHarness(t)
	rec := h.file(h.orgA)
	var c casework.Complaint
	h.call("POST", "/api/v1/complaints/"+rec.Reference+"/withdraw", staff, map[string]any{"reason": "Klager belde: ingetrokken."}).ok(t, http.StatusOK, &c)
	if c.Status != casework.StatusWithdrawn || c.ClosedAt == nil {
		t.Fatalf("withdrawn: %s %v", c.Status, c.ClosedAt)
	}
	if v, _ := h.lookup(rec); v.Status != casework.StatusWithdrawn {
		t.Fatalf("resident sees %s", v.Status)
	}
	h.call("POST", "/api/v1/complaints/"+rec.Reference+"/take-up", staff, map[string]any{"not_involved": true}).
		problem(t, http.StatusConflict, "invalid_transition")

	ref := h.readyToRule(h.orgB)
	h.call("POST", "/api/v1/complaints/"+ref+"/resolve", staff, map[string]any{"reason": "Na een gesprek opgelost (Awb 9:5)."}).ok(t, http.StatusOK, &c)
	if c.Status != casework.StatusResolved || c.ClosedAt == nil {
		t.Fatalf("resolved: %s %v", c.Status, c.ClosedAt)
	}
	for _, path := range []string{"/withdraw", "/resolve"} {
		h.call("POST", "/api/v1/complaints/"+ref+path, staff, map[string]any{"reason": "Nogmaals."}).problem(t, http.StatusConflict, "invalid_transition")
	}
	h.call("POST", "/api/v1/complaints/"+ref+"/ruling", staff, foundedRuling(h.orgB)).problem(t, http.StatusConflict, "invalid_transition")
	// Also from in treatment a complaint can be withdrawn.
	ref = h.inTreatment(h.orgA)
	h.call("POST", "/api/v1/complaints/"+ref+"/withdraw", staff, map[string]any{"reason": "Ingetrokken."}).ok(t, http.StatusOK, &c)
	if c.Status != casework.StatusWithdrawn {
		t.Fatalf("withdrawn from in treatment: %s", c.Status)
	}
}

// TestAPILateResponse: a response committed at or after the deadline instant is refused with
// deadline_passed and leaves the advice issued; one just before it is on time.
func TestAPILateResponse(t *testing.T) {
	h := newHarness(t)
	// Ruled on Tuesday 2026-03-03: last day Tuesday 2026-03-17, deadline 2026-03-18T00:00:00+01:00.
	ref, advs := h.advised(h.orgA, h.orgB)
	a, b := advs[h.orgA], advs[h.orgB]
	deadline := mustInstant(t, "2026-03-18T00:00:00+01:00")
	for _, adv := range []casework.Advice{a, b} {
		if adv.RespondBy != "2026-03-17" || !adv.DeadlineAt.Equal(deadline) {
			t.Fatalf("advice term %s %s", adv.RespondBy, adv.DeadlineAt)
		}
	}
	// One microsecond (the database's resolution) before the deadline B's acceptance is on time.
	h.clock.Set(deadline.Add(-time.Microsecond))
	h.call("POST", fmt.Sprintf("/api/v1/advices/%d/accept", b.ID), orgB, nil).want(t, http.StatusOK)

	// At the deadline A's acceptance and rejection are late.
	h.clock.Set(deadline)
	before := h.fingerprint()
	h.call("POST", fmt.Sprintf("/api/v1/advices/%d/accept", a.ID), orgA, nil).problem(t, http.StatusConflict, "deadline_passed")
	// A day later too.
	h.clock.Advance(26 * time.Hour)
	h.call("POST", fmt.Sprintf("/api/v1/advices/%d/reject", a.ID), orgA, map[string]string{
		"reasons": "Wij kunnen dit advies om budgettaire redenen helaas niet uitvoeren dit jaar."}).problem(t, http.StatusConflict, "deadline_passed")
	if after := h.fingerprint(); after != before {
		t.Fatalf("late responses changed the database:\n%s\n%s", before, after)
	}
	// Re-read: A's advice is still issued and unanswered, as staff and as A see it.
	if d := h.advice(a.ID); d.Status != casework.AdviceIssued || d.RespondedAt != nil || d.RejectionReasons != "" {
		t.Fatalf("after late responses the advice is %+v", d.Advice)
	}
	var d casework.AdviceDetail
	h.call("GET", fmt.Sprintf("/api/v1/advices/%d", a.ID), orgA, nil).ok(t, http.StatusOK, &d)
	if d.Status != casework.AdviceIssued {
		t.Fatalf("organisation A sees %s", d.Status)
	}
	for _, e := range h.complaint(ref).Timeline {
		if e.AdviceID != nil && *e.AdviceID == a.ID && e.Action != "issue" {
			t.Fatalf("a late response left an event: %+v", e)
		}
	}
	// Executing an accepted advice is not bound to the term.
	h.call("POST", fmt.Sprintf("/api/v1/advices/%d/executed", b.ID), orgB, nil).want(t, http.StatusOK)
}

// TestAPIStaffRegistersOtherChannels: staff register complaints from other channels; a resident's
// own intake is always web.
func TestAPIStaffRegistersOtherChannels(t *testing.T) {
	h := newHarness(t)
	body := intakeBody(h.orgA)
	body["channel"] = "phone"
	var r receipt
	h.call("POST", "/api/v1/complaints", staff, body).ok(t, http.StatusCreated, &r)
	if c := h.complaint(r.Reference); c.Channel != casework.ChannelPhone || c.Timeline[0].ActorName != staffName {
		t.Fatalf("registered by staff: channel %s, timeline %+v", c.Channel, c.Timeline)
	}
	p := h.call("POST", "/api/v1/complaints", anon, body).problem(t, http.StatusUnprocessableEntity, "validation_failed")
	wantFields(t, p, "channel")
}

// TestAPIEnforcedAdvice: once the deadline sweep has marked an advice enforced, the organisation can
// no longer accept or reject it (deadline_passed) but must confirm its execution, which closes the
// complaint; the resident sees it enforced and then executed.
func TestAPIEnforcedAdvice(t *testing.T) {
	h := newHarness(t)
	ref, advs := h.advised(h.orgA)
	a := advs[h.orgA]
	h.clock.Set(a.DeadlineAt)
	if res, err := h.store.Sweep(context.Background(), 10); err != nil || res.Enforced != 1 {
		t.Fatalf("sweep: %+v %v", res, err)
	}
	var d casework.AdviceDetail
	res := h.call("GET", fmt.Sprintf("/api/v1/advices/%d", a.ID), orgA, nil)
	res.ok(t, http.StatusOK, &d)
	if d.Status != casework.AdviceEnforced || d.EnforcedAt == nil {
		t.Fatalf("after the sweep organisation A sees %+v", d.Advice)
	}
	if s, ok := containsAny(res.body, piiStrings...); ok {
		t.Errorf("organisation A received %q", s)
	}
	h.call("POST", fmt.Sprintf("/api/v1/advices/%d/accept", a.ID), orgA, nil).problem(t, http.StatusConflict, "deadline_passed")
	h.call("POST", fmt.Sprintf("/api/v1/advices/%d/reject", a.ID), orgA, map[string]string{
		"reasons": "Wij hebben het advies te laat gezien en willen het toch afwijzen om deze redenen."}).problem(t, http.StatusConflict, "deadline_passed")
	if c := h.complaint(ref); c.Status != casework.StatusAdvised {
		t.Fatalf("an enforced advice left the complaint %s", c.Status)
	}
	var done casework.Advice
	h.call("POST", fmt.Sprintf("/api/v1/advices/%d/executed", a.ID), orgA, map[string]string{"note": "Alsnog uitgevoerd."}).ok(t, http.StatusOK, &done)
	if done.Status != casework.AdviceExecuted {
		t.Fatalf("executed: %+v", done)
	}
	if c := h.complaint(ref); c.Status != casework.StatusClosed {
		t.Fatalf("after execution of the enforced advice the complaint is %s", c.Status)
	}
}

// TestAPIHearingDateWithinTheCase: a hearing is held while the complaint is handled: not in the
// future, and not before the complaint was received.
func TestAPIHearingDateWithinTheCase(t *testing.T) {
	h := newHarness(t)
	ref := h.inTreatment(h.orgA) // received Tuesday 2026-03-03
	hearing := func(day string) map[string]any {
		return map[string]any{"party": "complainant", "held_on": day, "record": "Klager gehoord."}
	}
	h.refused(request{method: "POST", path: "/api/v1/complaints/" + ref + "/hearings", as: staff, body: hearing("2026-03-04")},
		http.StatusUnprocessableEntity, "validation_failed", "held_on")
	h.call("POST", "/api/v1/complaints/"+ref+"/hearings", staff, hearing("2026-03-03")).want(t, http.StatusOK)
	before := h.fingerprint()
	res := h.call("POST", "/api/v1/complaints/"+ref+"/hearings", staff, hearing("2019-06-01"))
	if res.status == http.StatusOK {
		t.Fatalf("REGRESSION of the bug fixed in e45e865: internal/casework/guards.go Hearing.Validate (called from internal/postgres/transitions.go " +
			"RecordHearing): held_on is only checked against today, so a hearing dated 2019-06-01, years before the " +
			"complaint was received on 2026-03-03, is recorded and then counts as the hearing Awb 9:10 requires " +
			"before a ruling. Fix: pass the local date of receipt (term.LocalDate(c.ReceivedAt)) into Validate and " +
			"refuse held_on before it with a field error on held_on.")
	}
	if _, err := res.checkProblem(http.StatusUnprocessableEntity, "validation_failed"); err != nil {
		t.Fatal(err)
	}
	if h.fingerprint() != before {
		t.Fatal("a refused hearing changed the database")
	}
}

// TestAPILettersAndPrintQueue: residents download their own letters with their code; organisations
// only letters addressed to them; staff work the print queue.
func TestAPILettersAndPrintQueue(t *testing.T) {
	h := newHarness(t)
	rec := h.file(h.orgA)
	other := h.file(h.orgB)
	ack := h.notice(rec.Reference, "acknowledgement", 0)
	letterPath := fmt.Sprintf("/api/v1/complaints/lookup/letters/%d", ack)
	creds := map[string]string{"reference": rec.Reference, "tracking_code": rec.TrackingCode}

	// Written in the intake's transaction, rendered later: listed but not ready, and not downloadable yet.
	v, _ := h.lookup(rec)
	if len(v.Letters) != 1 || v.Letters[0].ID != ack || v.Letters[0].Kind != "acknowledgement" || v.Letters[0].Ready {
		t.Fatalf("resident letters before dispatch: %+v", v.Letters)
	}
	h.call("POST", letterPath, anon, creds).problem(t, http.StatusConflict, "conflict")

	h.call("POST", "/api/v1/complaints/"+rec.Reference+"/take-up", staff, map[string]any{"not_involved": true}).want(t, http.StatusOK)
	h.deliverAll()
	v, _ = h.lookup(rec)
	if len(v.Letters) != 1 || !v.Letters[0].Ready {
		t.Fatalf("resident letters after dispatch (only letters to the complainant): %+v", v.Letters)
	}
	res := h.call("POST", letterPath, anon, creds)
	res.want(t, http.StatusOK)
	if ct := res.header.Get("Content-Type"); ct != "application/pdf" || !bytes.Equal(res.body, standInPDF(ack)) ||
		!strings.HasPrefix(res.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("letter download: %s, %s, %q", ct, res.header.Get("Content-Disposition"), res.body)
	}
	// A wrong code is the look-up's not-found, byte for byte; another complaint's letter is not found.
	wrong := h.call("POST", letterPath, anon, map[string]string{"reference": rec.Reference, "tracking_code": other.TrackingCode})
	wrong.problem(t, http.StatusNotFound, "not_found")
	lookupWrong := h.call("POST", "/api/v1/complaints/lookup", anon, map[string]string{"reference": rec.Reference, "tracking_code": other.TrackingCode})
	if !bytes.Equal(wrong.body, lookupWrong.body) {
		t.Errorf("letter and look-up not-found differ:\n%s\n%s", wrong.body, lookupWrong.body)
	}
	otherAck := h.notice(other.Reference, "acknowledgement", 0)
	h.call("POST", fmt.Sprintf("/api/v1/complaints/lookup/letters/%d", otherAck), anon, creds).problem(t, http.StatusNotFound, "not_found")

	// Organisations: their own copy only, never the complainant's letters.
	orgCopy := h.notice(rec.Reference, "copy_to_organisation", h.orgA)
	res = h.call("GET", fmt.Sprintf("/api/v1/notices/%d/pdf", orgCopy), orgA, nil)
	res.want(t, http.StatusOK)
	if res.header.Get("Content-Type") != "application/pdf" || !bytes.Equal(res.body, standInPDF(orgCopy)) {
		t.Fatalf("organisation letter: %s", res.header.Get("Content-Type"))
	}
	h.call("GET", fmt.Sprintf("/api/v1/notices/%d/pdf", orgCopy), orgB, nil).problem(t, http.StatusNotFound, "not_found")
	h.call("GET", fmt.Sprintf("/api/v1/notices/%d/pdf", ack), orgA, nil).problem(t, http.StatusNotFound, "not_found")

	// The print queue: every letter went to print (no SMTP); posting is once only.
	var queue struct {
		Notices []postgres.NoticeSummary `json:"notices"`
	}
	h.call("GET", "/api/v1/notices?status=print", staff, nil).ok(t, http.StatusOK, &queue)
	if len(queue.Notices) != 3 { // two acknowledgements and A's copy
		t.Fatalf("print queue %+v", queue.Notices)
	}
	h.call("POST", fmt.Sprintf("/api/v1/notices/%d/posted", ack), staff, nil).want(t, http.StatusNoContent)
	h.refused(request{method: "POST", path: fmt.Sprintf("/api/v1/notices/%d/posted", ack), as: staff},
		http.StatusConflict, "invalid_transition")
	h.refused(request{method: "POST", path: fmt.Sprintf("/api/v1/notices/%d/retry", ack), as: staff},
		http.StatusConflict, "invalid_transition")
	h.refused(request{method: "POST", path: "/api/v1/notices/999999/posted", as: staff}, http.StatusNotFound, "not_found")
	h.refused(request{method: "GET", path: "/api/v1/notices?status=lost", as: staff}, http.StatusUnprocessableEntity, "validation_failed", "status")
	h.refused(request{method: "GET", path: "/api/v1/complaints/MP-2026-999999/notices", as: staff}, http.StatusNotFound, "not_found")
	h.call("GET", "/api/v1/notices?status=posted", staff, nil).ok(t, http.StatusOK, &queue)
	if len(queue.Notices) != 1 || queue.Notices[0].ID != ack || queue.Notices[0].PostedAt == nil {
		t.Fatalf("posted letters %+v", queue.Notices)
	}
}
