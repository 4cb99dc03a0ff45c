package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

// The harness's clock starts on Tuesday 3 March 2026, 10:00 Amsterdam: an advice issued then has
// 14 days from 4 March, its last day is Tuesday 17 March 2026 and its deadline 00:00 on 18 March.

func at(y int, m time.Month, d, hh int) time.Time {
	return time.Date(y, m, d, hh, 0, 0, 0, term.Amsterdam())
}

const paperReasons = "De gevraagde vergoeding valt buiten onze regeling; wij hebben mevrouw wel een ander aanbod gedaan."

func TestStaffRecordAnswersThroughTheAPI(t *testing.T) {
	h := newHarness(t)
	ref, advs := h.advised(h.orgA)
	id := advs[h.orgA].ID
	path := func(action string) string { return fmt.Sprintf("/api/v1/advices/%d/%s", id, action) }

	// The organisation itself may not send the staff's fields.
	h.refused(request{method: "POST", path: path("accept"), as: orgA, body: map[string]string{"received_on": "2026-03-10"}},
		http.StatusUnprocessableEntity, "validation_failed", "received_on")
	// Staff must send both; the admin, who does not handle the case, is forbidden and told who does.
	h.refused(request{method: "POST", path: path("accept"), as: staff, body: map[string]string{"channel": "letter"}},
		http.StatusUnprocessableEntity, "validation_failed", "received_on")
	p := h.refused(request{method: "POST", path: path("reject"), as: admin,
		body: map[string]string{"reasons": paperReasons, "received_on": "2026-03-17", "channel": "letter"}},
		http.StatusForbidden, "forbidden")
	if !strings.Contains(p.Detail, "handled by "+staffName) {
		t.Errorf("the refusal does not name the handler: %q", p.Detail)
	}

	// The day after the deadline, before any sweep: received on the last day, the rejection counts.
	h.clock.Set(at(2026, 3, 18, 9))
	h.refused(request{method: "POST", path: path("reject"), as: staff,
		body: map[string]string{"reasons": paperReasons, "received_on": "2026-03-18", "channel": "letter"}},
		http.StatusConflict, "deadline_passed")
	var a casework.Advice
	h.call("POST", path("reject"), staff, map[string]string{"reasons": paperReasons, "ground": "already_remedied",
		"received_on": "2026-03-17", "channel": "letter"}).ok(t, http.StatusOK, &a)
	if a.Status != casework.AdviceRejected || a.AnswerChannel != "letter" || a.AnswerReceivedOn != "2026-03-17" {
		t.Fatalf("advice = %+v", a)
	}
	if c := h.complaint(ref); c.Status != casework.StatusClosed {
		t.Fatalf("complaint %s, want closed", c.Status)
	}
}

func TestAnAPIAnswerCorrectsAnEnforcement(t *testing.T) {
	h := newHarness(t)
	ref, advs := h.advised(h.orgA)
	id := advs[h.orgA].ID
	h.clock.Set(at(2026, 3, 19, 9))
	if res, err := h.store.Sweep(t.Context(), 0); err != nil || res.Enforced != 1 {
		t.Fatalf("sweep: %+v %v", res, err)
	}
	// An organisation answering now is too late.
	h.refused(request{method: "POST", path: fmt.Sprintf("/api/v1/advices/%d/accept", id), as: orgA}, http.StatusConflict, "deadline_passed")
	// Its e-mail of the 16th was found in the meldpunt's mailbox: staff record it.
	var a casework.Advice
	h.call("POST", fmt.Sprintf("/api/v1/advices/%d/accept", id), staff,
		map[string]string{"received_on": "2026-03-16", "channel": "email"}).ok(t, http.StatusOK, &a)
	if a.Status != casework.AdviceAccepted || a.CorrectedAt == nil || a.EnforcedAt == nil {
		t.Fatalf("advice = %+v", a)
	}
	c := h.complaint(ref)
	var enforce, correct *casework.Event
	for i, e := range c.Timeline {
		switch e.Action {
		case "enforce":
			enforce = &c.Timeline[i]
		case "correct_enforcement":
			correct = &c.Timeline[i]
		}
	}
	if enforce == nil || correct == nil || enforce.CorrectedBy == nil || *enforce.CorrectedBy != correct.ID || correct.ActorName != staffName {
		t.Fatalf("timeline: enforce %+v, correct %+v", enforce, correct)
	}
	if n := h.count(`SELECT count(*) FROM notices WHERE kind = 'enforcement_corrected' AND advice_id = $1`, id); n != 2 {
		t.Fatalf("%d correction letters, want 2 (complainant, organisation)", n)
	}
}

func TestTakeOverThroughTheAPI(t *testing.T) {
	h := newHarness(t)
	ref := h.inTreatment(h.orgA)
	hearing := map[string]any{"party": "complainant", "held_on": "2026-03-03", "record": "Gehoord."}
	h.refused(request{method: "POST", path: "/api/v1/complaints/" + ref + "/hearings", as: admin, body: hearing},
		http.StatusForbidden, "forbidden")
	h.refused(request{method: "POST", path: "/api/v1/complaints/" + ref + "/take-over", as: admin,
		body: map[string]any{"reason": "Sanne is ziek."}}, http.StatusUnprocessableEntity, "validation_failed", "not_involved")
	h.refused(request{method: "POST", path: "/api/v1/complaints/" + ref + "/take-up", as: admin,
		body: map[string]any{"not_involved": true, "handler_id": 1}}, http.StatusUnprocessableEntity, "validation_failed")
	h.call("POST", "/api/v1/complaints/"+ref+"/take-over", admin,
		map[string]any{"not_involved": true, "reason": "Sanne is ziek."}).want(t, http.StatusOK)
	if c := h.complaint(ref); c.HandlerName != h.w.users[admin].Name {
		t.Fatalf("handler %q after the take-over", c.HandlerName)
	}
	h.call("POST", "/api/v1/complaints/"+ref+"/hearings", admin, hearing).want(t, http.StatusOK)
	h.refused(request{method: "POST", path: "/api/v1/complaints/" + ref + "/hearings", as: staff, body: hearing},
		http.StatusForbidden, "forbidden")
}

func TestStaffCaseAnswerForms(t *testing.T) {
	h := newHarness(t)
	ref, advs := h.advised(h.orgA, h.orgB)
	a, b := advs[h.orgA].ID, advs[h.orgB].ID
	answer := func(id int64) string { return fmt.Sprintf("advies/%d/antwoord", id) }

	p := h.scPage(ref, "")
	for _, id := range []string{fmt.Sprintf("a%d-answer-accept", a), fmt.Sprintf("a%d-received_on", a), fmt.Sprintf("a%d-channel-letter", b)} {
		if !strings.Contains(p.body, `id="`+id+`"`) {
			t.Errorf("the advised case has no field %s", id)
		}
	}
	wantUniqueIDs(t, p)

	// Nothing chosen: every missing field is named beside the field, nothing changes.
	r := h.scRefused(ref, answer(a), url.Values{"received_on": {""}}, http.StatusUnprocessableEntity)
	for _, id := range []string{fmt.Sprintf("a%d-answer-accept-fout", a)} {
		if !strings.Contains(r.body, `id="`+id+`"`) {
			t.Errorf("no error %s: %s", id, r.body)
		}
	}
	r = h.scRefused(ref, answer(a), url.Values{"answer": {"reject"}, "reasons": {"nee nee nee nee nee nee nee"},
		"received_on": {"2026-03-03"}}, http.StatusUnprocessableEntity)
	for _, id := range []string{fmt.Sprintf("a%d-reasons-fout", a), fmt.Sprintf("a%d-channel-letter-fout", a)} {
		if !strings.Contains(r.body, `id="`+id+`"`) {
			t.Errorf("no error %s", id)
		}
	}
	if v, _ := textareaText(r, fmt.Sprintf("a%d-reasons", a)); v != "nee nee nee nee nee nee nee" {
		t.Errorf("the reasons typed are not kept: %q", v)
	}

	// After the deadline, a letter that arrived a day late is refused with the last day named, and
	// the reasons typed are shown to copy.
	h.clock.Set(at(2026, 3, 19, 9))
	late := url.Values{"answer": {"reject"}, "reasons": {paperReasons}, "ground": {"financial"},
		"received_on": {"2026-03-18"}, "channel": {"letter"}}
	r = h.scRefused(ref, answer(a), late, http.StatusConflict)
	if !strings.Contains(r.body, "na de laatste dag van de termijn (17 maart 2026)") || !strings.Contains(r.body, paperReasons) {
		t.Errorf("the late answer's page does not explain or keep the reasons: %s", r.body)
	}

	// The sweep enforces both; the letter of A that came on the last day corrects A's enforcement.
	if _, err := h.store.Sweep(t.Context(), 0); err != nil {
		t.Fatal(err)
	}
	late.Set("received_on", "2026-03-17")
	done := h.scDone(h.scPost(ref, answer(a), late), ref, "antwoord", "Het antwoord van de organisatie is vastgelegd.")
	for _, want := range []string{"Per brief, 17 maart 2026", "Onverkort verklaard, daarna gecorrigeerd", paperReasons} {
		if !strings.Contains(done.body, want) {
			t.Errorf("after the correction the case page lacks %q", want)
		}
	}
	// B reports by phone that it carried the enforced advice out.
	done = h.scDone(h.scPost(ref, fmt.Sprintf("advies/%d/uitvoering", b), url.Values{"note": {"Excuses gemaakt."},
		"received_on": {"2026-03-19"}, "channel": {"phone"}}), ref, "uitgevoerd", "Vastgelegd: de organisatie heeft het advies uitgevoerd.")
	if got := h.complaint(ref); got.Status != casework.StatusClosed {
		t.Fatalf("complaint %s after both advices are final", got.Status)
	}
	if strings.Contains(done.body, "/antwoord\"") {
		t.Error("a closed case still offers answer forms")
	}
}

func TestStaffCaseOfAnotherHandler(t *testing.T) {
	h := newHarness(t)
	ref := h.inTreatment(h.orgA)
	// The admin does not handle the case: the question why comes first (access_log.go).
	wantRedirect(t, h.pageAs("POST", scPath(ref)+"/reden", admin, url.Values{"reason": {"Overname tijdens ziekte."}}), scPath(ref))
	p := h.pageAs("GET", scPath(ref), admin, nil)
	wantPage(t, p, http.StatusOK, "nl")
	if !strings.Contains(p.body, "Deze zaak wordt behandeld door "+staffName) || !strings.Contains(p.body, `id="overnemen-knop"`) {
		t.Fatalf("the admin is not told who handles the case or offered the take-over: %s", p.body)
	}
	if got := forms(p, ref); strings.Join(got, ",") != "ingetrokken,overnemen" {
		t.Errorf("another staff member is offered %v, want the withdrawal and the take-over only", got)
	}

	// A hearing posted anyway (an old tab) is refused with the handler's name; the record typed is kept.
	before := h.fingerprint()
	r := h.pageAs("POST", scPath(ref)+"/horen", admin, url.Values{"hearing": {"held"}, "party": {"complainant"},
		"held_on": {"2026-03-03"}, "record": {"Verslag van het gesprek met mevrouw."}})
	wantPage(t, r, http.StatusForbidden, "nl")
	if !strings.Contains(r.body, "Deze zaak wordt behandeld door "+staffName) || !strings.Contains(r.body, "Verslag van het gesprek met mevrouw.") {
		t.Errorf("the refused hearing does not name the handler or keep the record: %s", r.body)
	}
	if h.fingerprint() != before {
		t.Fatal("the refused hearing changed the database")
	}

	// The take-over needs the declaration; then the admin handles the case.
	r = h.pageAs("POST", scPath(ref)+"/overnemen", admin, url.Values{"reason": {"Sanne is met verlof."}})
	wantPage(t, r, http.StatusUnprocessableEntity, "nl")
	if !strings.Contains(r.body, `id="takeover-not_involved-fout"`) {
		t.Errorf("no error beside the declaration")
	}
	r = h.pageAs("POST", scPath(ref)+"/overnemen", admin, url.Values{"not_involved": {"ja"}, "reason": {"Sanne is met verlof."}})
	wantRedirect(t, r, scPath(ref)+"?klaar=overgenomen")
	p = h.pageAs("GET", scPath(ref), admin, nil)
	if strings.Contains(p.body, "Deze zaak wordt behandeld door") || !strings.Contains(p.body, `action="`+scPath(ref)+`/horen"`) {
		t.Errorf("after the take-over the admin is not offered the handler's forms")
	}
	// The former handler now opens a colleague's case: the question why first.
	wantRedirect(t, h.pageAs("POST", scPath(ref)+"/reden", staff, url.Values{"reason": {"Overdracht nagaan."}}), scPath(ref))
	if p := h.scPage(ref, ""); !strings.Contains(p.body, "Deze zaak wordt behandeld door "+h.w.users[admin].Name) {
		t.Errorf("the former handler is not told who handles the case now")
	}
}

func TestStaffCaseShowsALateRuling(t *testing.T) {
	h := newHarness(t)
	ref := h.readyToRule(h.orgA)
	// Received 3 March 2026: the handling term (42 days) ends on Tuesday 14 April 2026.
	h.clock.Set(at(2026, 4, 15, 10))
	h.call("POST", "/api/v1/complaints/"+ref+"/postpone", staff, map[string]any{"days": 14, "reason": "Stukken ontbreken nog."}).
		problem(t, http.StatusConflict, "invalid_transition")
	h.call("POST", "/api/v1/complaints/"+ref+"/ruling", staff, foundedRuling(h.orgA)).want(t, http.StatusOK)
	if c := h.complaint(ref); !c.RuledLate {
		t.Fatal("the complaint does not say the ruling was late")
	}
	if p := h.scPage(ref, ""); !strings.Contains(p.body, "(te laat: na de behandeltermijn)") {
		t.Error("the case page does not say the ruling was late")
	}
}
