package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

// withdrawn files a complaint about A and has staff record its withdrawal: a closed file, due for
// destruction one year later.
func (h *harness) withdrawn() receipt {
	h.t.Helper()
	r := h.file(h.orgA)
	h.call("POST", "/api/v1/complaints/"+r.Reference+"/withdraw", staff,
		map[string]any{"reason": "De klager trekt de klacht telefonisch in."}).want(h.t, http.StatusOK)
	return r
}

// dueNow files a complaint, withdraws it and moves its closing two years back: due today.
func (h *harness) dueNow() receipt {
	h.t.Helper()
	r := h.withdrawn()
	if _, err := h.db.Exec(`UPDATE complaints SET retention_from = NULL, closed_at = closed_at - interval '2 years'
		WHERE reference = $1`, r.Reference); err != nil {
		h.t.Fatal(err)
	}
	return r
}

// approvedList approves the destruction of a fresh due case as the admin and returns the list's id.
func (h *harness) approvedList() int64 {
	h.t.Helper()
	var l postgres.DestructionList
	h.call("POST", "/api/v1/retention/destructions", admin, map[string]any{"references": []string{h.dueNow().Reference}}).
		ok(h.t, http.StatusAccepted, &l)
	return l.ID
}

// retentionMatrix holds the authorisation rows of retention and destruction (see matrixRows).
var retentionMatrix = []matrixRow{
	{"GET", "/api/v1/complaints/:reference/retention", staffOnly(200),
		func(_ *harness, s *matrixShared, _ role) (string, any) {
			return "/api/v1/complaints/" + s.linked.Reference + "/retention", nil
		}, false},
	// An empty record is refused (422) and changes nothing; TestRetentionAPI records.
	{"POST", "/api/v1/complaints/:reference/retention", staffOnly(422),
		func(h *harness, _ *matrixShared, _ role) (string, any) {
			return "/api/v1/complaints/" + h.withdrawn().Reference + "/retention", map[string]any{}
		}, false},
	{"GET", "/api/v1/retention/due", adminOnly(200), fixed("/api/v1/retention/due?on=2040-01-01&limit=10", nil), false},
	{"POST", "/api/v1/retention/destructions", adminOnly(422), fixed("/api/v1/retention/destructions", map[string]any{}), false},
	{"GET", "/api/v1/retention/destructions", adminOnly(200), fixed("/api/v1/retention/destructions", nil), false},
	{"GET", "/api/v1/retention/destructions/:id", adminOnly(200),
		func(h *harness, _ *matrixShared, _ role) (string, any) {
			return fmt.Sprintf("/api/v1/retention/destructions/%d", h.approvedList()), nil
		}, false},
	{"GET", "/werk/vernietigen", outcome{303, 403, 200, 403, 403, 403, 403}, fixed("/werk/vernietigen?op=2040-01-01", nil), false},
	// An empty approval is refused (422): nothing chosen.
	{"POST", "/werk/vernietigen", outcome{303, 403, 422, 403, 403, 403, 403}, fixed("/werk/vernietigen", url.Values{}), false},
	{"POST", "/werk/klacht/:reference/bewaren", staffCasePage(422),
		func(h *harness, _ *matrixShared, _ role) (string, any) {
			return "/werk/klacht/" + h.withdrawn().Reference + "/bewaren", url.Values{"action": {"hold"}}
		}, false},
}

// TestRetentionAPI: staff record the ombudsman on a closed case and put it on hold; a held case is
// listed as due with its reason and cannot be approved (422 naming it); only the admin lifts the
// hold; then the admin approves it (202) with an unknown reference refused by name; the list shows
// its category and, after the destroyer, its progress; the destroyed case is gone from use.
func TestRetentionAPI(t *testing.T) {
	h := newHarness(t)
	open := h.inTreatment(h.orgA)
	h.call("POST", "/api/v1/complaints/"+open+"/retention", staff, map[string]any{"action": "hold", "reason": "Rechtszaak."}).
		problem(t, http.StatusConflict, "invalid_transition")

	r := h.dueNow()
	ref := r.Reference
	var ret postgres.Retention
	h.call("GET", "/api/v1/complaints/"+ref+"/retention", staff, nil).ok(t, http.StatusOK, &ret)
	if ret.Category != casework.RetentionShort || ret.DestroyOn.IsZero() {
		t.Fatalf("retention %+v", ret)
	}
	p := h.call("POST", "/api/v1/complaints/"+ref+"/retention", staff, map[string]any{"action": "hold"}).
		problem(t, http.StatusUnprocessableEntity, "validation_failed")
	wantFields(t, p, "reason")
	h.call("POST", "/api/v1/complaints/"+ref+"/retention", staff,
		map[string]any{"action": "hold", "reason": "Beroep bij de rechtbank."}).ok(t, http.StatusOK, &ret)
	if ret.HoldReason != "Beroep bij de rechtbank." {
		t.Fatalf("after the hold %+v", ret)
	}

	var due struct {
		Cases []postgres.DueCase `json:"cases"`
		More  bool               `json:"more"`
	}
	h.call("GET", "/api/v1/retention/due", admin, nil).ok(t, http.StatusOK, &due)
	if len(due.Cases) != 1 || due.Cases[0].Reference != ref || due.Cases[0].HoldReason == "" {
		t.Fatalf("due %+v", due)
	}
	h.call("GET", "/api/v1/retention/due?on=2020-01-01", admin, nil).ok(t, http.StatusOK, &due)
	if len(due.Cases) != 0 {
		t.Fatalf("due long ago %+v", due)
	}
	h.call("GET", "/api/v1/retention/due?on=morgen", admin, nil).problem(t, http.StatusUnprocessableEntity, "validation_failed")

	p = h.call("POST", "/api/v1/retention/destructions", admin, map[string]any{"references": []string{ref, "MSD-1999-99999"}}).
		problem(t, http.StatusUnprocessableEntity, "validation_failed")
	if body := fmt.Sprint(p.Errors); !strings.Contains(body, ref+": on hold") || !strings.Contains(body, "MSD-1999-99999: no such case") {
		t.Errorf("the refusal names %v", p.Errors)
	}
	h.call("POST", "/api/v1/complaints/"+ref+"/retention", staff, map[string]any{"action": "lift_hold"}).
		problem(t, http.StatusForbidden, "forbidden")
	h.call("POST", "/api/v1/complaints/"+ref+"/retention", admin,
		map[string]any{"action": "lift_hold", "reason": "Uitspraak onherroepelijk."}).ok(t, http.StatusOK, &ret)

	var list postgres.DestructionList
	h.call("POST", "/api/v1/retention/destructions", admin, map[string]any{"references": []string{ref}}).
		ok(t, http.StatusAccepted, &list)
	if list.Cases != 1 || list.Inadmissible != 1 || list.Destroyed != 0 || list.ApprovedBy == "" {
		t.Fatalf("list %+v", list)
	}
	if n, err := h.store.DestroyApproved(t.Context(), 10); err != nil || n != 1 {
		t.Fatalf("destroyed %d (%v)", n, err)
	}
	h.call("GET", fmt.Sprintf("/api/v1/retention/destructions/%d", list.ID), admin, nil).ok(t, http.StatusOK, &list)
	if list.Destroyed != 1 || list.FinishedAt == nil {
		t.Errorf("list after the destroyer %+v", list)
	}
	var lists struct {
		Destructions []postgres.DestructionList `json:"destructions"`
	}
	h.call("GET", "/api/v1/retention/destructions", admin, nil).ok(t, http.StatusOK, &lists)
	if len(lists.Destructions) != 1 {
		t.Errorf("lists %+v", lists)
	}
	h.call("GET", "/api/v1/retention/destructions/999999", admin, nil).problem(t, http.StatusNotFound, "not_found")

	// Gone from use: the staff's case, its retention, the list of complaints, the resident's look-up.
	h.call("GET", "/api/v1/complaints/"+ref, staff, nil).problem(t, http.StatusNotFound, "not_found")
	h.call("GET", "/api/v1/complaints/"+ref+"/retention", staff, nil).problem(t, http.StatusNotFound, "not_found")
	h.call("POST", "/api/v1/complaints/lookup", anon, map[string]string{"reference": ref, "tracking_code": r.TrackingCode}).
		problem(t, http.StatusNotFound, "not_found")
	list2 := h.call("GET", "/api/v1/complaints?limit=200&status=withdrawn", staff, nil).want(t, http.StatusOK)
	if strings.Contains(string(list2.body), ref) || strings.Contains(string(list2.body), `"X-`) {
		t.Errorf("the destroyed case is listed: %s", list2.body)
	}
	h.call("GET", "/werk/klacht/"+ref, staff, nil).want(t, http.StatusNotFound)
}

// TestRetentionPages: the admin's page lists the due case ticked, the approval asks for
// confirmation saying what will be gone, and the confirmed post approves it (303, then the list with
// its progress); a later day shows what will be due without the button; the worklist tells the
// admin how many files wait. The case page shows the section with its forms; a hold without a
// reason re-renders with the error linked to its field; with one, it is recorded.
func TestRetentionPages(t *testing.T) {
	h := newHarness(t)
	r := h.dueNow()
	ref := r.Reference

	work := h.call("GET", "/werk", admin, nil).want(t, http.StatusOK)
	if !strings.Contains(string(work.body), "1 dossier komt in aanmerking voor vernietiging") {
		t.Errorf("the admin's worklist does not count the due file")
	}
	if strings.Contains(string(h.call("GET", "/werk", staff, nil).want(t, http.StatusOK).body), "vernietiging") {
		t.Errorf("the staff member's worklist counts files due for destruction")
	}

	page := string(h.call("GET", "/werk/vernietigen", admin, nil).want(t, http.StatusOK).body)
	for _, want := range []string{`name="referentie" value="` + ref + `" checked`, "Vernietiging goedkeuren", "niet-ontvankelijk of ingetrokken (1 jaar)"} {
		if !strings.Contains(page, want) {
			t.Errorf("the due page lacks %q", want)
		}
	}
	en := string(h.call("GET", "/werk/vernietigen?lang=en", admin, nil).want(t, http.StatusOK).body)
	if !strings.Contains(en, "Approve destruction") {
		t.Error("the English page lacks its button")
	}
	// A later day shows also what is not due yet, without a check box: only what is due today can be
	// approved.
	notYet := h.withdrawn().Reference
	later := string(h.call("GET", "/werk/vernietigen?op=2099-01-01", admin, nil).want(t, http.StatusOK).body)
	if !strings.Contains(later, `id="later"`) || !strings.Contains(later, notYet) || strings.Contains(later, `value="`+notYet+`"`) {
		t.Error("a later day does not show what will be due, or offers to approve it")
	}
	h.call("GET", "/werk/vernietigen?op=gisteren", admin, nil).want(t, http.StatusUnprocessableEntity)

	confirm := string(h.call("POST", "/werk/vernietigen", admin, url.Values{"referentie": {ref}}).want(t, http.StatusOK).body)
	for _, want := range []string{"U keurt de vernietiging goed van 1 dossier.", "Dit kan niet ongedaan worden gemaakt", `name="bevestigd" value="ja"`} {
		if !strings.Contains(confirm, want) {
			t.Errorf("the confirm step lacks %q", want)
		}
	}
	if n := h.count(`SELECT count(*) FROM destruction_lists`); n != 0 {
		t.Fatal("the confirm step approved already")
	}
	h.call("POST", "/werk/vernietigen", admin, url.Values{"referentie": {ref}, "bevestigd": {"ja"}}).want(t, http.StatusSeeOther)
	if n := h.count(`SELECT count(*) FROM destructions d JOIN complaints c ON c.id = d.complaint_id WHERE c.reference = $1`, ref); n != 1 {
		t.Fatal("the confirmed post did not approve")
	}
	after := string(h.call("GET", "/werk/vernietigen?klaar=goedgekeurd", admin, nil).want(t, http.StatusOK).body)
	if !strings.Contains(after, "0 van 1 vernietigd") || !strings.Contains(after, "De vernietiging is goedgekeurd") {
		t.Errorf("the page after the approval lacks the list's progress")
	}
	again := h.call("POST", "/werk/vernietigen", admin, url.Values{"referentie": {ref}, "bevestigd": {"ja"}}).want(t, http.StatusUnprocessableEntity)
	if !strings.Contains(string(again.body), "already approved") {
		t.Error("a second approval does not say why it is refused")
	}

	closed := h.withdrawn().Reference
	cp := string(h.call("GET", "/werk/klacht/"+closed, staff, nil).want(t, http.StatusOK).body)
	for _, want := range []string{"Bewaren en vernietigen", `id="rt-hold-reason"`, `id="rt-ombudsman-on"`, `id="rt-reopen-reason"`} {
		if !strings.Contains(cp, want) {
			t.Errorf("the case page lacks %q", want)
		}
	}
	if strings.Contains(string(h.call("GET", "/werk/klacht/"+h.file(h.orgA).Reference, staff, nil).want(t, http.StatusOK).body), "Bewaren en vernietigen") {
		t.Error("an open case shows the retention section")
	}
	bad := string(h.call("POST", "/werk/klacht/"+closed+"/bewaren", staff, url.Values{"action": {"hold"}}).want(t, http.StatusUnprocessableEntity).body)
	if !strings.Contains(bad, `href="#rt-hold-reason"`) {
		t.Error("the error summary does not link to the reason")
	}
	h.call("POST", "/werk/klacht/"+closed+"/bewaren", staff, url.Values{"action": {"hold"}, "reason": {"Woo-verzoek loopt."}}).
		want(t, http.StatusSeeOther)
	held := string(h.call("GET", "/werk/klacht/"+closed, staff, nil).want(t, http.StatusOK).body)
	if !strings.Contains(held, "Woo-verzoek loopt.") || strings.Contains(held, `id="rt-lift-reason"`) {
		t.Error("the held case shows no hold, or offers staff to lift it")
	}
	if !strings.Contains(string(h.call("GET", "/werk/klacht/"+closed, admin, nil).want(t, http.StatusOK).body), `id="rt-lift-reason"`) {
		t.Error("the admin is not offered to lift the hold")
	}
	h.call("POST", "/werk/klacht/"+closed+"/bewaren", staff, url.Values{"action": {"lift_hold"}}).want(t, http.StatusForbidden)
	h.call("POST", "/werk/klacht/"+closed+"/bewaren", admin, url.Values{"action": {"lift_hold"}}).want(t, http.StatusSeeOther)
}
