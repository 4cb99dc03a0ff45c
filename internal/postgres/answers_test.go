package postgres_test

import (
	"strings"
	"testing"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

// The answers of this file: an advice issued on Tuesday 1 December 2026 at 10:00 Amsterdam has
// 14 days from 2 December: its last day is Tuesday 15 December 2026 (a working day), and its
// deadline instant 00:00 on 16 December.

func byLetter(day string) casework.AnswerReceipt {
	return casework.AnswerReceipt{ReceivedOn: day, Channel: casework.AnswerByLetter}
}

const reasonsOnPaper = "Wij wijzen het advies af: de gevraagde vergoeding valt buiten de verordening en is al op een andere manier geregeld."

// enforcedAdvice gives an advice to orgA, lets its term pass and sweeps it: enforced, with letters.
func (f *fx) enforcedAdvice() (string, casework.Advice) {
	f.t.Helper()
	ref, advices := f.advised(casework.VerdictFounded, []int64{f.orgA.ID}, f.orgA.ID)
	if advices[0].RespondBy != "2026-12-15" {
		f.t.Fatalf("respond_by = %s, want 2026-12-15", advices[0].RespondBy)
	}
	f.clock.Set(local(2026, 12, 17, 9, 30))
	res, err := f.db.Sweep(f.ctx, 0)
	f.must(err)
	if res.Enforced != 1 || f.adviceStatus(advices[0].ID) != casework.AdviceEnforced {
		f.t.Fatalf("sweep enforced %d, status %s", res.Enforced, f.adviceStatus(advices[0].ID))
	}
	return ref, advices[0]
}

func TestStaffRecordAnAnswerThatCameByPost(t *testing.T) {
	t.Run("a_rejection_received_on_the_last_day_counts_although_recorded_after_the_deadline", func(t *testing.T) {
		f := newFx(t, local(2026, 12, 1, 10, 0))
		ref, advices := f.advised(casework.VerdictFounded, []int64{f.orgA.ID}, f.orgA.ID)
		// The letter arrived on the last day; staff record it the day after the deadline, before a sweep.
		f.clock.Set(local(2026, 12, 16, 8, 45))
		a, err := f.db.RejectAdvice(f.ctx, f.actor, advices[0].ID,
			casework.Rejection{Reasons: reasonsOnPaper, Ground: casework.RejectionLegal}, byLetter("2026-12-15"))
		f.must(err)
		if a.Status != casework.AdviceRejected || a.AnswerChannel != "letter" || a.AnswerReceivedOn != "2026-12-15" ||
			a.RejectionReasons != reasonsOnPaper || a.CorrectedAt != nil {
			t.Fatalf("advice = %+v", a)
		}
		if s := f.status(ref); s != casework.StatusClosed {
			t.Fatalf("complaint %s, want closed (its only advice is final)", s)
		}
		evs := f.events(ref)
		var reject eventRow
		for _, e := range evs {
			if e.Action == "reject" {
				reject = e
			}
		}
		if reject.UserID == nil || *reject.UserID != f.staff.ID || !strings.Contains(reject.Reason, "answer by letter, received on 2026-12-15") {
			t.Fatalf("reject event = %+v", reject)
		}
		if n := f.count(`SELECT count(*) FROM notices WHERE kind = 'response_rejected' AND recipient = 'complainant'`); n != 1 {
			t.Fatalf("%d rejection letters to the complainant, want 1", n)
		}
		// The sweep that comes later finds nothing to enforce.
		res, err := f.db.Sweep(f.ctx, 0)
		f.must(err)
		if res.Enforced != 0 {
			t.Fatalf("the sweep enforced %d answered advices", res.Enforced)
		}
	})

	t.Run("an_answer_received_after_the_last_day_is_refused_and_changes_nothing", func(t *testing.T) {
		f := newFx(t, local(2026, 12, 1, 10, 0))
		ref, advices := f.advised(casework.VerdictFounded, []int64{f.orgA.ID}, f.orgA.ID)
		f.clock.Set(local(2026, 12, 17, 9, 0))
		before := f.snapshot(ref)
		for name, call := range map[string]func() error{
			"accept": func() error {
				_, err := f.db.AcceptAdvice(f.ctx, f.actor, advices[0].ID, byLetter("2026-12-16"))
				return err
			},
			"reject": func() error {
				_, err := f.db.RejectAdvice(f.ctx, f.actor, advices[0].ID, casework.Rejection{Reasons: reasonsOnPaper}, byLetter("2026-12-16"))
				return err
			},
		} {
			err := call()
			if casework.ErrorCode(err) != casework.CodeDeadlinePassed || !strings.Contains(casework.ErrorMessage(err), "2026-12-15") {
				t.Fatalf("%s received a day late: %v, want deadline_passed naming the last day", name, err)
			}
		}
		if after := f.snapshot(ref); after != before {
			t.Fatalf("a refused answer changed the case:\n%s\n%s", before, after)
		}
	})

	t.Run("the_receipt_fields_are_for_staff_only_and_required_of_staff", func(t *testing.T) {
		f := newFx(t, local(2026, 12, 1, 10, 0))
		ref, advices := f.advised(casework.VerdictFounded, []int64{f.orgA.ID}, f.orgA.ID)
		f.clock.Set(local(2026, 12, 8, 10, 0))
		before := f.snapshot(ref)
		cases := []struct {
			name   string
			actor  casework.Actor
			r      casework.AnswerReceipt
			fields []string
		}{
			{"organisation_with_received_on", f.orgActor(f.orgA), casework.AnswerReceipt{ReceivedOn: "2026-12-07"}, []string{"received_on"}},
			{"organisation_with_channel", f.orgActor(f.orgA), casework.AnswerReceipt{Channel: casework.AnswerByEmail}, []string{"channel"}},
			{"staff_without_fields", f.actor, casework.AnswerReceipt{}, []string{"received_on", "channel"}},
			{"staff_with_a_future_day", f.actor, byLetter("2026-12-09"), []string{"received_on"}},
			{"staff_with_a_day_before_the_issue", f.actor, byLetter("2026-11-30"), []string{"received_on"}},
			{"staff_with_an_unknown_channel", f.actor, casework.AnswerReceipt{ReceivedOn: "2026-12-07", Channel: "fax"}, []string{"channel"}},
		}
		for _, tc := range cases {
			_, err := f.db.AcceptAdvice(f.ctx, tc.actor, advices[0].ID, tc.r)
			got := fieldNames(err)
			if casework.ErrorCode(err) != casework.CodeValidation || strings.Join(got, ",") != strings.Join(tc.fields, ",") {
				t.Errorf("%s: %v %v, want validation on %v", tc.name, err, got, tc.fields)
			}
		}
		if after := f.snapshot(ref); after != before {
			t.Fatal("a refused answer changed the case")
		}
		// The organisation itself, online, still answers as before.
		a, err := f.db.AcceptAdvice(f.ctx, f.orgActor(f.orgA), advices[0].ID, casework.AnswerReceipt{})
		f.must(err)
		if a.Status != casework.AdviceAccepted || a.AnswerChannel != "online" || a.AnswerReceivedOn != "" {
			t.Fatalf("online answer = %+v", a)
		}
	})

	t.Run("staff_confirm_an_execution_reported_by_phone_and_the_case_closes", func(t *testing.T) {
		f := newFx(t, local(2026, 12, 1, 10, 0))
		ref, adv := f.enforcedAdvice()
		f.clock.Set(local(2027, 1, 12, 11, 0))
		a, err := f.db.ConfirmExecution(f.ctx, f.actor, adv.ID, "Excuses aangeboden, gesprek gevoerd.",
			casework.AnswerReceipt{ReceivedOn: "2027-01-11", Channel: casework.AnswerByPhone})
		f.must(err)
		if a.Status != casework.AdviceExecuted || a.ExecutionChannel != "phone" || a.ExecutionReceivedOn != "2027-01-11" || a.ExecutedAt == nil {
			t.Fatalf("advice = %+v", a)
		}
		if s := f.status(ref); s != casework.StatusClosed {
			t.Fatalf("complaint %s, want closed", s)
		}
	})
}

func fieldNames(err error) []string {
	var names []string
	if e, ok := err.(*casework.Error); ok {
		for _, fe := range e.Fields {
			names = append(names, fe.Field)
		}
	}
	return names
}

func TestATimelyAnswerCorrectsTheEnforcement(t *testing.T) {
	for _, outcome := range []casework.AdviceStatus{casework.AdviceRejected, casework.AdviceAccepted} {
		t.Run(string(outcome), func(t *testing.T) {
			f := newFx(t, local(2026, 12, 1, 10, 0))
			in := intake(f.orgA.ID)
			in.Supporter, in.SupporterConsent = &casework.Contact{Name: "Joost Meijer", Street: "Zijlweg 1", Postcode: "2013 DA", City: "Haarlem"}, true
			r, err := f.db.FileComplaint(f.ctx, casework.ResidentActor, in)
			f.must(err)
			ref := r.Reference
			f.must(f.db.TakeUp(f.ctx, f.actor, ref, casework.TakeUp{NotInvolved: true}))
			f.hearAll(ref, f.orgA.ID)
			advices, err := f.db.Rule(f.ctx, f.actor, ref, ruling(casework.VerdictFounded, f.orgA.ID))
			f.must(err)
			adv := advices[0]
			f.clock.Set(local(2026, 12, 16, 0, 5))
			if _, err := f.db.Sweep(f.ctx, 0); err != nil {
				t.Fatal(err)
			}
			if f.adviceStatus(adv.ID) != casework.AdviceEnforced {
				t.Fatal("not enforced")
			}
			// The organisation's letter, posted in time, reached the meldpunt on the last day; staff
			// find it two days later.
			f.clock.Set(local(2026, 12, 18, 14, 0))
			var a casework.Advice
			if outcome == casework.AdviceRejected {
				a, err = f.db.RejectAdvice(f.ctx, f.actor, adv.ID, casework.Rejection{Reasons: reasonsOnPaper, Ground: casework.RejectionAlreadyRemedied},
					byLetter("2026-12-15"))
			} else {
				a, err = f.db.AcceptAdvice(f.ctx, f.actor, adv.ID, casework.AnswerReceipt{ReceivedOn: "2026-12-14", Channel: casework.AnswerByEmail})
			}
			f.must(err)
			if a.Status != outcome || a.CorrectedAt == nil || !a.CorrectedAt.Equal(f.clock.Now()) || a.EnforcedAt == nil {
				t.Fatalf("advice = %+v, want %s with enforced_at kept and corrected_at now", a, outcome)
			}
			// The audit trail keeps the enforcement, marked as corrected by the staff member's event.
			var enforce, correct eventRow
			for _, e := range f.events(ref) {
				switch e.Action {
				case "enforce":
					enforce = e
				case "correct_enforcement":
					correct = e
				}
			}
			if enforce.ID == 0 || correct.ID == 0 {
				t.Fatalf("events: enforce %+v, correct %+v", enforce, correct)
			}
			var correctedBy *int64
			f.must(f.sql.GetContext(f.ctx, &correctedBy, `SELECT corrected_by FROM events WHERE id = $1`, enforce.ID))
			if correctedBy == nil || *correctedBy != correct.ID {
				t.Fatalf("enforce event corrected_by = %v, want %d", correctedBy, correct.ID)
			}
			if correct.UserID == nil || *correct.UserID != f.staff.ID || correct.From != "enforced" || correct.To != string(outcome) ||
				!strings.Contains(correct.Reason, "on or before the last day 2026-12-15") || !correct.At.Equal(f.clock.Now()) {
				t.Fatalf("correction event = %+v", correct)
			}
			// The staff's and the API's view show the correction.
			c, err := f.db.Complaint(f.ctx, f.actor, ref)
			f.must(err)
			found := false
			for _, e := range c.Timeline {
				found = found || (e.Action == "enforce" && e.CorrectedBy != nil && *e.CorrectedBy == correct.ID)
			}
			if !found {
				t.Fatal("the timeline does not show the enforcement as corrected")
			}
			// Letters explaining the correction: complainant, supporter and organisation, once each.
			var recipients []string
			f.must(f.sql.SelectContext(f.ctx, &recipients, `
				SELECT recipient FROM notices WHERE kind = $1 AND advice_id = $2 ORDER BY recipient`,
				postgres.NoticeEnforcementCorrected, adv.ID))
			if strings.Join(recipients, ",") != "complainant,organisation,supporter" {
				t.Fatalf("correction letters to %v", recipients)
			}
			if n := f.count(`SELECT count(*) FROM notices WHERE kind IN ('response_accepted', 'response_rejected')`); n != 0 {
				t.Fatalf("%d plain response letters beside the correction letter", n)
			}
			wantStatus := casework.StatusClosed
			if outcome == casework.AdviceAccepted {
				wantStatus = casework.StatusAdvised // still to be carried out
			}
			if s := f.status(ref); s != wantStatus {
				t.Fatalf("complaint %s, want %s", s, wantStatus)
			}
			// The correction is made once: the same answer again is refused.
			_, err = f.db.AcceptAdvice(f.ctx, f.actor, adv.ID, byLetter("2026-12-15"))
			if casework.ErrorCode(err) != casework.CodeInvalidTransition {
				t.Fatalf("second answer: %v, want invalid_transition", err)
			}
		})
	}

	t.Run("a_late_answer_does_not_correct_and_an_executed_advice_stays_executed", func(t *testing.T) {
		f := newFx(t, local(2026, 12, 1, 10, 0))
		ref, adv := f.enforcedAdvice()
		before := f.snapshot(ref)
		_, err := f.db.RejectAdvice(f.ctx, f.actor, adv.ID, casework.Rejection{Reasons: reasonsOnPaper}, byLetter("2026-12-16"))
		if casework.ErrorCode(err) != casework.CodeDeadlinePassed {
			t.Fatalf("late rejection: %v", err)
		}
		if f.snapshot(ref) != before {
			t.Fatal("a refused correction changed the case")
		}
		_, err = f.db.ConfirmExecution(f.ctx, f.actor, adv.ID, "", byLetter("2026-12-17"))
		f.must(err)
		_, err = f.db.RejectAdvice(f.ctx, f.actor, adv.ID, casework.Rejection{Reasons: reasonsOnPaper}, byLetter("2026-12-15"))
		if casework.ErrorCode(err) != casework.CodeInvalidTransition {
			t.Fatalf("rejection of an executed advice: %v, want invalid_transition", err)
		}
	})
}

func TestOnlyTheHandlerActsOnACase(t *testing.T) {
	f := newFx(t, local(2026, 12, 1, 10, 0))
	colleague, err := f.db.CreateUser(f.ctx, casework.NewUser{Email: "bram@meldpunt.example.nl", Name: "Bram Jansen",
		Role: casework.RoleStaff, Password: "correct horse battery"})
	f.must(err)
	bram := casework.ActorOf(colleague)
	ref := f.inTreatment(f.orgA.ID)
	before := f.snapshot(ref)
	today := "2026-12-01"
	refused := map[string]func() error{
		"hearing": func() error {
			_, err := f.db.RecordHearing(f.ctx, bram, ref, casework.Hearing{Party: casework.PartyComplainant, HeldOn: today, Record: "Gehoord."})
			return err
		},
		"postpone": func() error {
			_, err := f.db.Postpone(f.ctx, bram, ref, casework.Postponement{Days: 14, Reason: "Dossier ontbreekt."})
			return err
		},
		"rule": func() error {
			_, err := f.db.Rule(f.ctx, bram, ref, ruling(casework.VerdictUnfounded))
			return err
		},
		"inadmissible": func() error {
			return f.db.DeclareInadmissible(f.ctx, bram, ref, casework.Inadmissibility{Ground: casework.InadmissibleTooLight, Reasons: "Het ging om een afspraak die tien minuten later begon."})
		},
		"resolve": func() error { return f.db.Resolve(f.ctx, bram, ref, casework.Closing{Reason: "Opgelost."}) },
	}
	for name, call := range refused {
		err := call()
		if casework.ErrorCode(err) != casework.CodeForbidden || !strings.Contains(casework.ErrorMessage(err), "handled by Anna de Vries") {
			t.Errorf("%s by a colleague: %v, want forbidden naming the handler", name, err)
		}
	}
	if f.snapshot(ref) != before {
		t.Fatal("a refused action changed the case")
	}
	// Notes stay open to every staff member.
	f.must(f.db.AddNote(f.ctx, bram, ref, "Klager belde: vraagt naar de stand van zaken."))

	// A take-over needs the declaration and a reason; taking over one's own case is a conflict.
	err = f.db.TakeOver(f.ctx, bram, ref, casework.TakeOver{Reason: "Anna is met verlof."})
	if casework.ErrorCode(err) != casework.CodeValidation {
		t.Fatalf("take-over without the declaration: %v", err)
	}
	if err := f.db.TakeOver(f.ctx, f.actor, ref, casework.TakeOver{NotInvolved: true, Reason: "x"}); casework.ErrorCode(err) != casework.CodeConflict {
		t.Fatalf("taking over one's own case: %v", err)
	}
	f.must(f.db.TakeOver(f.ctx, bram, ref, casework.TakeOver{NotInvolved: true, Reason: "Anna is met verlof."}))
	c, err := f.db.Complaint(f.ctx, f.actor, ref)
	f.must(err)
	if c.HandlerID == nil || *c.HandlerID != colleague.ID || c.HandlerName != "Bram Jansen" {
		t.Fatalf("handler after take-over: %v %s", c.HandlerID, c.HandlerName)
	}
	evs := f.events(ref)
	last := evs[len(evs)-1]
	if last.Action != "take_over" || last.UserID == nil || *last.UserID != colleague.ID || !last.Internal ||
		!strings.Contains(last.Reason, "from Anna de Vries by Bram Jansen") || !strings.Contains(last.Reason, "Anna is met verlof.") {
		t.Fatalf("take-over event = %+v", last)
	}
	// Now Bram acts and Anna is refused.
	_, err = f.db.RecordHearing(f.ctx, bram, ref, casework.Hearing{Party: casework.PartyComplainant, HeldOn: today, Record: "Gehoord."})
	f.must(err)
	_, err = f.db.Postpone(f.ctx, f.actor, ref, casework.Postponement{Days: 14, Reason: "Dossier ontbreekt."})
	if casework.ErrorCode(err) != casework.CodeForbidden || !strings.Contains(casework.ErrorMessage(err), "handled by Bram Jansen") {
		t.Fatalf("the former handler: %v", err)
	}

	// Answers to the case's advice are the handler's too.
	f2 := newFx(t, local(2026, 12, 1, 10, 0))
	other, err := f2.db.CreateUser(f2.ctx, casework.NewUser{Email: "bram@meldpunt.example.nl", Name: "Bram Jansen",
		Role: casework.RoleStaff, Password: "correct horse battery"})
	f2.must(err)
	_, advices := f2.advised(casework.VerdictFounded, []int64{f2.orgA.ID}, f2.orgA.ID)
	_, err = f2.db.AcceptAdvice(f2.ctx, casework.ActorOf(other), advices[0].ID, byLetter("2026-12-01"))
	if casework.ErrorCode(err) != casework.CodeForbidden {
		t.Fatalf("an answer recorded by a colleague: %v, want forbidden", err)
	}
}

func TestTheHandlingTermCannotBePostponedOnceItHasPassed(t *testing.T) {
	// Received Tuesday 1 December 2026: 42 days from 2 December make Tuesday 12 January 2027.
	f := newFx(t, local(2026, 12, 1, 10, 0))
	ref := f.inTreatment(f.orgA.ID)
	f.hearAll(ref, f.orgA.ID)
	c, err := f.db.Complaint(f.ctx, f.actor, ref)
	f.must(err)
	if c.HandlingLastDay != "2027-01-12" {
		t.Fatalf("handling last day %s", c.HandlingLastDay)
	}
	f.clock.Set(local(2027, 1, 12, 23, 59))
	// The last minute of the term: a postponement is still possible (and then undone by a fresh fixture).
	g := newFx(t, local(2026, 12, 1, 10, 0))
	gref := g.inTreatment(g.orgA.ID)
	g.clock.Set(local(2027, 1, 12, 23, 59))
	if _, err := g.db.Postpone(g.ctx, g.actor, gref, casework.Postponement{Days: 14, Reason: "Stukken ontbreken."}); err != nil {
		t.Fatalf("postponing in the last minute of the term: %v", err)
	}

	f.clock.Set(local(2027, 1, 13, 0, 0))
	before := f.snapshot(ref)
	_, err = f.db.Postpone(f.ctx, f.actor, ref, casework.Postponement{Days: 14, Reason: "Stukken ontbreken."})
	if casework.ErrorCode(err) != casework.CodeInvalidTransition || !strings.Contains(casework.ErrorMessage(err), "2027-01-12") {
		t.Fatalf("postponing after the term: %v", err)
	}
	if f.snapshot(ref) != before {
		t.Fatal("the refused postponement changed the case")
	}
	// Overdue, it stays on the watch until ruled.
	f.clock.Set(local(2027, 2, 1, 9, 0))
	w, err := f.db.Watch(f.ctx, 5)
	f.must(err)
	if len(w.Complaints) != 1 || !w.Complaints[0].Overdue || w.Complaints[0].DaysLeft != -20 {
		t.Fatalf("watch = %+v", w.Complaints)
	}
	// A ruling after the term is allowed and marked late.
	_, err = f.db.Rule(f.ctx, f.actor, ref, ruling(casework.VerdictUnfounded))
	f.must(err)
	c, err = f.db.Complaint(f.ctx, f.actor, ref)
	f.must(err)
	if !c.RuledLate {
		t.Fatal("a ruling after the term is not marked late")
	}
	evs := f.events(ref)
	if last := evs[len(evs)-1]; last.Action != "rule_unfounded" || !strings.Contains(last.Reason, "late: the handling term ended on 2027-01-12") {
		t.Fatalf("ruling event = %+v", last)
	}
	w, err = f.db.Watch(f.ctx, 5)
	f.must(err)
	if len(w.Complaints) != 0 {
		t.Fatalf("a ruled case is still watched: %+v", w.Complaints)
	}
	// A ruling in time is not late.
	h := newFx(t, local(2026, 12, 1, 10, 0))
	href := h.inTreatment(h.orgA.ID)
	h.hearAll(href, h.orgA.ID)
	h.clock.Set(local(2027, 1, 12, 16, 0))
	_, err = h.db.Rule(h.ctx, h.actor, href, ruling(casework.VerdictUnfounded))
	h.must(err)
	hc, err := h.db.Complaint(h.ctx, h.actor, href)
	h.must(err)
	if hc.RuledLate {
		t.Fatal("a ruling on the last day is marked late")
	}
}

func TestRejectionReasonsNeedDifferentWords(t *testing.T) {
	f := newFx(t, local(2026, 12, 1, 10, 0))
	_, advices := f.advised(casework.VerdictFounded, []int64{f.orgA.ID}, f.orgA.ID)
	for _, reasons := range []string{
		"afgewezen afgewezen afgewezen afgewezen afgewezen afgewezen",
		"nee nee nee nee nee nee nee nee nee nee nee nee nee nee nee",
		"Wij doen het niet.",
	} {
		_, err := f.db.RejectAdvice(f.ctx, f.orgActor(f.orgA), advices[0].ID, casework.Rejection{Reasons: reasons}, casework.AnswerReceipt{})
		if casework.ErrorCode(err) != casework.CodeValidation || !strings.Contains(err.(*casework.Error).Fields[0].Message, "5 different words") {
			t.Errorf("%q: %v", reasons, err)
		}
	}
	if f.adviceStatus(advices[0].ID) != casework.AdviceIssued {
		t.Fatal("a refused rejection changed the advice")
	}
}

// TestTheReportCountsACorrectedEnforcementAsTheAnswer: of three advices enforced by the sweep, one
// is corrected by a timely rejection and one by a timely acceptance; the annual figures count them
// as rejected and accepted, and only the third as enforced. A late ruling is not "within the term".
func TestTheReportCountsACorrectedEnforcementAsTheAnswer(t *testing.T) {
	f := newFx(t, local(2026, 12, 1, 10, 0))
	var advices []casework.Advice
	for range 3 {
		_, a := f.advised(casework.VerdictFounded, []int64{f.orgA.ID}, f.orgA.ID)
		advices = append(advices, a[0])
	}
	f.clock.Set(local(2026, 12, 17, 9, 30))
	if res, err := f.db.Sweep(f.ctx, 0); err != nil || res.Enforced != 3 {
		t.Fatalf("sweep: %+v %v", res, err)
	}
	_, err := f.db.RejectAdvice(f.ctx, f.actor, advices[0].ID, casework.Rejection{Reasons: reasonsOnPaper}, byLetter("2026-12-15"))
	f.must(err)
	_, err = f.db.AcceptAdvice(f.ctx, f.actor, advices[1].ID, byLetter("2026-12-14"))
	f.must(err)
	// A fourth complaint, received 17 December 2026 and ruled after its handling term (28 January 2027).
	late := f.inTreatment(f.orgA.ID)
	f.hearAll(late, f.orgA.ID)
	f.clock.Set(local(2027, 2, 15, 10, 0))
	_, err = f.db.Rule(f.ctx, f.actor, late, ruling(casework.VerdictUnfounded))
	f.must(err)

	fig, err := f.db.AnnualFigures(f.ctx, 2026)
	f.must(err)
	s := fig.Summary
	if s.AdvicesIssued != 3 || s.AdvicesRejected != 1 || s.AdvicesAccepted != 1 || s.AdvicesEnforced != 1 {
		t.Fatalf("issued %d, rejected %d, accepted %d, enforced %d; want 3, 1, 1, 1",
			s.AdvicesIssued, s.AdvicesRejected, s.AdvicesAccepted, s.AdvicesEnforced)
	}
	if s.Ruled != 4 || s.RuledWithinTerm != 3 {
		t.Fatalf("ruled %d, within the term %d; want 4 and 3", s.Ruled, s.RuledWithinTerm)
	}
}

// TestTheSweepsLettersWaitForAnAddressToo: the enforcement letter to a complainant registered by
// phone without an address is written as no_address by the sweep itself, as every other letter is.
func TestTheSweepsLettersWaitForAnAddressToo(t *testing.T) {
	f := newFx(t, local(2026, 12, 1, 10, 0))
	in := intake(f.orgA.ID)
	in.Channel = casework.ChannelPhone
	in.Complainant = casework.Contact{Name: "Piet Jansen", Phone: "023 123 4567"}
	r, err := f.db.FileComplaint(f.ctx, f.actor, in)
	f.must(err)
	f.must(f.db.TakeUp(f.ctx, f.actor, r.Reference, casework.TakeUp{NotInvolved: true}))
	f.hearAll(r.Reference, f.orgA.ID)
	_, err = f.db.Rule(f.ctx, f.actor, r.Reference, ruling(casework.VerdictFounded, f.orgA.ID))
	f.must(err)
	f.clock.Set(local(2026, 12, 17, 9, 30))
	if res, err := f.db.Sweep(f.ctx, 0); err != nil || res.Enforced != 1 {
		t.Fatalf("sweep: %+v %v", res, err)
	}
	var status string
	f.must(f.sql.GetContext(f.ctx, &status, `SELECT status FROM notices WHERE kind = 'enforced_complainant' AND recipient = 'complainant'`))
	if status != "no_address" {
		t.Fatalf("the enforcement letter to a complainant without an address is %s, want no_address", status)
	}
}
