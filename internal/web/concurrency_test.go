package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"meldpunt/internal/casework"
)

// together runs fn(0..n-1) in n goroutines that are released at the same moment, and returns the
// responses; a transport error ends the test. Each goroutine first warms up with a request to
// /readyz, which opens an HTTP connection and a database connection of its own, so that at the
// release every request reaches the database at once rather than one after another behind TCP and
// authentication handshakes.
func together(t *testing.T, h *harness, n int, fn func(i int) (*response, error)) []*response {
	t.Helper()
	start := make(chan struct{})
	var ready, warm, done sync.WaitGroup
	results := make([]*response, n)
	errs := make([]error, n)
	warm.Add(n)
	for i := range n {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			_, errs[i] = h.try(request{method: "GET", path: "/readyz"})
			warm.Done()
			warm.Wait() // every connection is open and idle in the pool
			ready.Done()
			<-start
			if errs[i] == nil {
				results[i], errs[i] = fn(i)
			}
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	return results
}

// lostRace checks that a response is the clean refusal of a request that lost a race.
func lostRace(r *response) error {
	if _, err := r.checkProblem(http.StatusConflict, "invalid_transition"); err == nil {
		return nil
	}
	_, err := r.checkProblem(http.StatusConflict, "conflict")
	return err
}

// TestConcurrentTakeUps: many simultaneous take-ups of one complaint: exactly one succeeds.
func TestConcurrentTakeUps(t *testing.T) {
	h := newHarness(t)
	ref := h.file(h.orgA).Reference
	const n = 24
	res := together(t, h, n, func(i int) (*response, error) {
		as := staff
		if i%2 == 1 {
			as = admin
		}
		return h.try(request{method: "POST", path: "/api/v1/complaints/" + ref + "/take-up", as: as,
			body: map[string]any{"not_involved": true}})
	})
	wins := 0
	for i, r := range res {
		if r.status == http.StatusOK {
			wins++
			continue
		}
		if err := lostRace(r); err != nil {
			t.Errorf("take-up %d: %v", i, err)
		}
	}
	if wins != 1 {
		t.Fatalf("%d take-ups succeeded, want exactly 1", wins)
	}
	c := h.complaint(ref)
	takeUps := 0
	for _, e := range c.Timeline {
		if e.Action == "take_up" {
			takeUps++
		}
	}
	if c.Status != casework.StatusInTreatment || c.HandlerID == nil || takeUps != 1 {
		t.Fatalf("after the race: status %s, handler %v, %d take-up events", c.Status, c.HandlerID, takeUps)
	}
}

// TestConcurrentAcceptAndReject: an organisation accepting and rejecting the same advice at once,
// over 30 advices raced together: per advice exactly one response wins, the others are refused
// cleanly, and the state and the timeline agree with the winner.
func TestConcurrentAcceptAndReject(t *testing.T) {
	h := newHarness(t)
	const advices, perAdvice = 30, 4 // two acceptances and two rejections per advice
	type target struct {
		ref string
		id  int64
	}
	targets := make([]target, advices)
	for i := range targets {
		ref, advs := h.advised(h.orgA)
		targets[i] = target{ref, advs[h.orgA].ID}
	}
	const reasons = "Wij wijzen dit advies af omdat de gevraagde maatregel al in het nieuwe beleid is opgenomen."
	res := together(t, h, advices*perAdvice, func(i int) (*response, error) {
		tg := targets[i/perAdvice]
		if i%2 == 0 {
			return h.try(request{method: "POST", path: fmt.Sprintf("/api/v1/advices/%d/accept", tg.id), as: orgA})
		}
		return h.try(request{method: "POST", path: fmt.Sprintf("/api/v1/advices/%d/reject", tg.id), as: orgA,
			body: map[string]string{"reasons": reasons}})
	})
	kinds := map[string]int{}
	for k, tg := range targets {
		winner := ""
		for j := range perAdvice {
			i := k*perAdvice + j
			r := res[i]
			action := "accept"
			if i%2 == 1 {
				action = "reject"
			}
			if r.status == http.StatusOK {
				if winner != "" {
					t.Errorf("advice %d: both %s and %s succeeded", tg.id, winner, action)
				}
				winner = action
				continue
			}
			if err := lostRace(r); err != nil {
				t.Errorf("advice %d, %s: %v", tg.id, action, err)
			}
		}
		if winner == "" {
			t.Errorf("advice %d: no response succeeded", tg.id)
			continue
		}
		kinds[winner]++
		d := h.advice(tg.id)
		c := h.complaint(tg.ref)
		wantAdvice, wantComplaint := casework.AdviceAccepted, casework.StatusAdvised
		if winner == "reject" {
			wantAdvice, wantComplaint = casework.AdviceRejected, casework.StatusClosed
		}
		if d.Status != wantAdvice || d.RespondedAt == nil || (winner == "reject") != (d.RejectionReasons == reasons) {
			t.Errorf("advice %d: %s won but the advice is %s (reasons %q)", tg.id, winner, d.Status, d.RejectionReasons)
		}
		if c.Status != wantComplaint {
			t.Errorf("advice %d: %s won but the complaint is %s", tg.id, winner, c.Status)
		}
		var responses []string
		for _, e := range c.Timeline {
			if e.AdviceID != nil && *e.AdviceID == tg.id && (e.Action == "accept" || e.Action == "reject") {
				responses = append(responses, e.Action)
			}
		}
		if len(responses) != 1 || responses[0] != winner {
			t.Errorf("advice %d: %s won, timeline has responses %v", tg.id, winner, responses)
		}
	}
	t.Logf("winners: %v", kinds)
	if n := h.count(`SELECT count(*) FROM events WHERE action IN ('accept', 'reject')`); n != advices {
		t.Fatalf("%d response events for %d advices", n, advices)
	}
}

// TestConcurrentRulings: simultaneous rulings on one complaint: one wins, and exactly its set of
// advices exists.
func TestConcurrentRulings(t *testing.T) {
	h := newHarness(t)
	ref := h.readyToRule(h.orgA, h.orgB)
	const n = 20
	res := together(t, h, n, func(i int) (*response, error) {
		body := map[string]any{"verdict": "founded", "findings": fmt.Sprintf("Bevindingen van behandelaar %d.", i),
			"conclusions": "Gegrond.", "advices": []map[string]any{
				{"organisation_id": h.orgA, "text": fmt.Sprintf("Advies A van uitspraak %d.", i)},
				{"organisation_id": h.orgB, "text": fmt.Sprintf("Advies B van uitspraak %d.", i)},
			}}
		return h.try(request{method: "POST", path: "/api/v1/complaints/" + ref + "/ruling", as: staff, body: body})
	})
	winner := -1
	for i, r := range res {
		if r.status == http.StatusOK {
			if winner >= 0 {
				t.Fatalf("rulings %d and %d both succeeded", winner, i)
			}
			winner = i
			continue
		}
		if err := lostRace(r); err != nil {
			t.Errorf("ruling %d: %v", i, err)
		}
	}
	if winner < 0 {
		t.Fatal("no ruling succeeded")
	}
	c := h.complaint(ref)
	if c.Status != casework.StatusAdvised || c.Findings != fmt.Sprintf("Bevindingen van behandelaar %d.", winner) || len(c.Advices) != 2 {
		t.Fatalf("after the race: %s, findings %q, advices %+v", c.Status, c.Findings, c.Advices)
	}
	for _, a := range c.Advices {
		if !strings.Contains(a.Text, fmt.Sprintf("van uitspraak %d.", winner)) {
			t.Errorf("advice %d has text %q, not the winner's (%d)", a.ID, a.Text, winner)
		}
	}
	if n := h.count(`SELECT count(*) FROM advices`); n != 2 {
		t.Fatalf("%d advices exist, want exactly one set of 2", n)
	}
	if n := h.count(`SELECT count(*) FROM events WHERE action IN ('rule_granted', 'rule_unfounded')`); n != 1 {
		t.Fatalf("%d ruling events", n)
	}
	if n := h.count(`SELECT count(*) FROM events WHERE action = 'issue'`); n != 2 {
		t.Fatalf("%d issue events", n)
	}
}

// TestConcurrentIntakes: 50 simultaneous intakes get 50 distinct references and tracking codes.
func TestConcurrentIntakes(t *testing.T) {
	h := newHarness(t)
	const n = 50
	res := together(t, h, n, func(i int) (*response, error) {
		return h.try(request{method: "POST", path: "/api/v1/complaints", body: intakeBody(h.orgA)})
	})
	refs, codes := map[string]bool{}, map[string]bool{}
	for i, r := range res {
		var rec receipt
		r.ok(t, http.StatusCreated, &rec)
		if !referencePattern.MatchString(rec.Reference) || refs[rec.Reference] || codes[rec.TrackingCode] {
			t.Errorf("intake %d: receipt %+v (duplicate or malformed)", i, rec)
		}
		refs[rec.Reference], codes[rec.TrackingCode] = true, true
	}
	if len(refs) != n || len(codes) != n {
		t.Fatalf("%d references and %d tracking codes for %d intakes", len(refs), len(codes), n)
	}
	if c := h.count(`SELECT count(DISTINCT reference) FROM complaints`); c != n {
		t.Fatalf("%d complaints stored", c)
	}
	var list struct{ Complaints []casework.ComplaintSummary }
	h.call("GET", "/api/v1/complaints?status=received&limit=200", staff, nil).ok(t, http.StatusOK, &list)
	if len(list.Complaints) != n {
		t.Fatalf("staff list %d received complaints", len(list.Complaints))
	}
}

// TestConcurrentFinalResponsesCloseTheComplaint: when the two advices of one complaint become final at
// the same moment (A confirms execution while B rejects), the complaint must close: whichever
// response commits last sees every advice final.
//
// To make the interleaving certain rather than lucky, the test's own database gets a deferred
// constraint trigger that holds the commit of each of these responses for 300 ms, so that the two
// transactions overlap every time; it only widens the window between a transaction's last read and
// its commit, which any loaded server has too.
func TestConcurrentFinalResponsesCloseTheComplaint(t *testing.T) {
	h := newHarness(t)
	const complaints = 6
	type target struct {
		ref  string
		a, b int64
	}
	targets := make([]target, complaints)
	for i := range targets {
		ref, advs := h.advised(h.orgA, h.orgB)
		targets[i] = target{ref, advs[h.orgA].ID, advs[h.orgB].ID}
		h.call("POST", fmt.Sprintf("/api/v1/advices/%d/accept", targets[i].a), orgA, nil).want(t, http.StatusOK)
	}
	if _, err := h.db.Exec(`
		CREATE FUNCTION test_hold_final_response() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN PERFORM pg_sleep(0.3); RETURN NEW; END $$;
		CREATE CONSTRAINT TRIGGER test_hold_final_response AFTER INSERT ON events DEFERRABLE INITIALLY DEFERRED
			FOR EACH ROW WHEN (NEW.action IN ('reject', 'confirm_execution')) EXECUTE FUNCTION test_hold_final_response();`); err != nil {
		t.Fatal(err)
	}
	res := together(t, h, 2*complaints, func(i int) (*response, error) {
		tg := targets[i/2]
		if i%2 == 0 {
			return h.try(request{method: "POST", path: fmt.Sprintf("/api/v1/advices/%d/executed", tg.a), as: orgA,
				body: map[string]string{"note": "Uitgevoerd."}})
		}
		return h.try(request{method: "POST", path: fmt.Sprintf("/api/v1/advices/%d/reject", tg.b), as: orgB,
			body: map[string]string{"reasons": "Wij wijzen het advies af omdat de termijn van de wet al is verstreken."}})
	})
	for _, r := range res {
		r.want(t, http.StatusOK)
	}
	var stuck []string
	for _, tg := range targets {
		if c := h.complaint(tg.ref); c.Status != casework.StatusClosed {
			stuck = append(stuck, tg.ref+" is "+string(c.Status))
		}
	}
	if len(stuck) > 0 {
		t.Fatalf("REGRESSION of the bug fixed in e24d587 (internal/postgres/advices.go closeIfSettled): %d of %d complaints stay advised although every "+
			"advice is final (%s). Each response counts the open advices of the complaint in its own transaction "+
			"under READ COMMITTED before the other has committed, so both see one advice still open and neither "+
			"closes the complaint (write skew); it is then never closed, since nothing else calls closeIfSettled. "+
			"Fix: in adviceTransition, lock the complaint row (SELECT ... FROM complaints WHERE id = $1 FOR UPDATE) "+
			"before changing the advice, or at least before counting, so that transitions on advices of one "+
			"complaint are serialised and the later one sees the earlier one's commit.",
			len(stuck), complaints, strings.Join(stuck, ", "))
	}
}
