package postgres_test

import (
	"strconv"
	"strings"
	"testing"

	"meldpunt/internal/casework"
)

// ruledWithCode files a complaint about orgs, takes it up, hears everybody and rules with verdict v
// and one advice per addressee; it returns the receipt (with the tracking code) and the advices.
func (f *fx) ruledWithCode(v casework.Verdict, orgs []int64, addressees ...int64) (casework.Receipt, []casework.Advice) {
	f.t.Helper()
	r := f.file(orgs...)
	f.must(f.db.TakeUp(f.ctx, f.actor, r.Reference, casework.TakeUp{NotInvolved: true}))
	f.hearAll(r.Reference, orgs...)
	advices, err := f.db.Rule(f.ctx, f.actor, r.Reference, ruling(v, addressees...))
	f.must(err)
	return r, advices
}

func TestFeedbackAfterTheRuling(t *testing.T) {
	t.Run("the_answer_is_stored_changed_and_every_version_is_in_the_events", func(t *testing.T) {
		f := newFx(t, local(2026, 12, 1, 10, 0))
		r, advices := f.ruledWithCode(casework.VerdictFounded, []int64{f.orgA.ID, f.orgB.ID}, f.orgA.ID, f.orgB.ID)
		f.clock.Set(local(2027, 1, 20, 14, 0))
		view, err := f.db.GiveFeedback(f.ctx, r.Reference, r.TrackingCode, casework.FeedbackAnswer{
			Advices: []casework.AdviceCarriedOut{{AdviceID: advices[0].ID, CarriedOut: casework.CarriedOutYes},
				{AdviceID: advices[1].ID, CarriedOut: casework.CarriedOutPartly}},
			Satisfaction: 4, Comment: "  Het wijkteam belde snel terug.  "})
		f.must(err)
		a := view.AfterRuling
		if a == nil || a.Feedback == nil || a.Feedback.Satisfaction != 4 || a.Feedback.Comment != "Het wijkteam belde snel terug." ||
			len(a.Feedback.Advices) != 2 || a.Feedback.Advices[1].CarriedOut != casework.CarriedOutPartly {
			t.Fatalf("after the ruling = %+v", a)
		}
		if n := f.count(`SELECT count(*) FROM feedback WHERE reported_at IS NOT NULL`); n != 0 {
			t.Fatalf("%d reports without a 'no'", n)
		}
		f.clock.Set(local(2027, 2, 3, 9, 0))
		_, err = f.db.GiveFeedback(f.ctx, r.Reference, r.TrackingCode, casework.FeedbackAnswer{
			Advices: []casework.AdviceCarriedOut{{AdviceID: advices[0].ID, CarriedOut: casework.CarriedOutYes},
				{AdviceID: advices[1].ID, CarriedOut: casework.CarriedOutNo}},
			Satisfaction: 2})
		f.must(err)
		if n := f.count(`SELECT count(*) FROM feedback`); n != 1 {
			t.Fatalf("%d answers of one case, want one current answer", n)
		}
		var actions []string
		for _, e := range f.events(r.Reference) {
			if strings.HasPrefix(e.Action, "feedback") || strings.HasPrefix(e.Action, "not_carried_out") {
				actions = append(actions, e.Action+"|"+e.Reason)
			}
		}
		if len(actions) != 3 || !strings.HasPrefix(actions[0], "feedback|") || !strings.Contains(actions[0], "satisfaction 4 of 5") ||
			!strings.Contains(actions[0], "Het wijkteam belde snel terug.") ||
			!strings.HasPrefix(actions[1], "feedback_changed|") || !strings.Contains(actions[1], "Zorgaanbieder De Linde: carried out no") ||
			!strings.HasPrefix(actions[2], "not_carried_out_reported|") {
			t.Fatalf("events = %q", actions)
		}
		staffView, err := f.db.Complaint(f.ctx, f.actor, r.Reference)
		f.must(err)
		if staffView.Feedback == nil || staffView.Feedback.ReportedAt == nil || staffView.Feedback.Satisfaction != 2 {
			t.Fatalf("staff's view of the feedback = %+v", staffView.Feedback)
		}
	})

	t.Run("a_ruling_without_advice_takes_the_satisfaction_only", func(t *testing.T) {
		f := newFx(t, local(2026, 12, 1, 10, 0))
		r, _ := f.ruledWithCode(casework.VerdictUnfounded, []int64{f.orgA.ID})
		view, err := f.db.GiveFeedback(f.ctx, r.Reference, r.TrackingCode, casework.FeedbackAnswer{Satisfaction: 1, Comment: "Niet eens."})
		f.must(err)
		if view.Status != casework.StatusClosed || view.AfterRuling.Feedback.Satisfaction != 1 {
			t.Fatalf("view = %+v", view)
		}
	})

	t.Run("refused_before_the_ruling_with_a_wrong_code_and_with_an_invalid_answer_writing_nothing", func(t *testing.T) {
		f := newFx(t, local(2026, 12, 1, 10, 0))
		open := f.file(f.orgA.ID)
		_, err := f.db.GiveFeedback(f.ctx, open.Reference, open.TrackingCode, casework.FeedbackAnswer{Satisfaction: 3})
		wantCode(t, err, casework.CodeInvalidTransition)
		r, advices := f.ruledWithCode(casework.VerdictFounded, []int64{f.orgA.ID}, f.orgA.ID)
		before := f.snapshot(r.Reference)
		_, err = f.db.GiveFeedback(f.ctx, r.Reference, open.TrackingCode, casework.FeedbackAnswer{Satisfaction: 3,
			Advices: []casework.AdviceCarriedOut{{AdviceID: advices[0].ID, CarriedOut: casework.CarriedOutYes}}})
		wantCode(t, err, casework.CodeNotFound)
		_, err = f.db.GiveFeedback(f.ctx, r.Reference, r.TrackingCode, casework.FeedbackAnswer{Satisfaction: 3})
		wantCode(t, err, casework.CodeValidation)
		if countFieldErr(err, "advices["+strconv.FormatInt(advices[0].ID, 10)+"]") != 1 {
			t.Fatalf("error %v does not name the unanswered advice", err)
		}
		_, err = f.db.GiveFeedback(f.ctx, r.Reference, r.TrackingCode, casework.FeedbackAnswer{Satisfaction: 9,
			Comment: strings.Repeat("x", casework.MaxFeedbackComment+1),
			Advices: []casework.AdviceCarriedOut{{AdviceID: advices[0].ID, CarriedOut: casework.CarriedOutYes}}})
		if countFieldErr(err, "satisfaction") != 1 || countFieldErr(err, "comment") != 1 {
			t.Fatalf("error %v", err)
		}
		if f.snapshot(r.Reference) != before || f.count(`SELECT count(*) FROM feedback`) != 0 {
			t.Fatal("a refused answer wrote something")
		}
	})
}

func TestNotCarriedOutReportsOnTheWorklist(t *testing.T) {
	f := newFx(t, local(2026, 12, 1, 10, 0))
	no := func(a casework.Advice) casework.FeedbackAnswer {
		return casework.FeedbackAnswer{Satisfaction: 1,
			Advices: []casework.AdviceCarriedOut{{AdviceID: a.ID, CarriedOut: casework.CarriedOutNo}}}
	}
	r1, a1 := f.ruledWithCode(casework.VerdictFounded, []int64{f.orgA.ID}, f.orgA.ID)
	r2, a2 := f.ruledWithCode(casework.VerdictFounded, []int64{f.orgB.ID}, f.orgB.ID)
	r3, a3 := f.ruledWithCode(casework.VerdictFounded, []int64{f.orgC.ID}, f.orgC.ID)
	f.clock.Set(local(2027, 1, 10, 9, 0))
	_, err := f.db.GiveFeedback(f.ctx, r2.Reference, r2.TrackingCode, no(a2[0]))
	f.must(err)
	f.clock.Set(local(2027, 1, 11, 9, 0))
	_, err = f.db.GiveFeedback(f.ctx, r1.Reference, r1.TrackingCode, no(a1[0]))
	f.must(err)
	_, err = f.db.GiveFeedback(f.ctx, r3.Reference, r3.TrackingCode, casework.FeedbackAnswer{Satisfaction: 5,
		Advices: []casework.AdviceCarriedOut{{AdviceID: a3[0].ID, CarriedOut: casework.CarriedOutYes}}})
	f.must(err)

	list, total, err := f.db.NotCarriedOutReports(f.ctx, 1, 0)
	f.must(err)
	if total != 2 || len(list) != 1 || list[0].Reference != r2.Reference || list[0].Organisations != f.orgB.Name ||
		list[0].HandlerName != f.staff.Name {
		t.Fatalf("first page = %+v, total %d; want the oldest report (%s) of 2", list, total, r2.Reference)
	}
	// The worklist's count says the same.
	if w, err := f.db.WorkCounts(f.ctx, f.staff.ID); err != nil || w.NotCarriedOut != 2 {
		t.Fatalf("the worklist counts %d reports not carried out (%v), want 2", w.NotCarriedOut, err)
	}
	list, _, err = f.db.NotCarriedOutReports(f.ctx, 1, 1)
	f.must(err)
	if len(list) != 1 || list[0].Reference != r1.Reference {
		t.Fatalf("second page = %+v", list)
	}

	t.Run("dealing_with_a_report_needs_a_note_takes_it_off_the_list_and_is_an_internal_event", func(t *testing.T) {
		err := f.db.DealWithNotCarriedOut(f.ctx, f.actor, r2.Reference, casework.DealtWith{Note: " "})
		wantCode(t, err, casework.CodeValidation)
		err = f.db.DealWithNotCarriedOut(f.ctx, casework.Actor{Role: casework.RoleOrganisation, OrganisationID: f.orgB.ID},
			r2.Reference, casework.DealtWith{Note: "Gebeld."})
		wantCode(t, err, casework.CodeForbidden)
		note := "De Linde gebeld: de hulp start op 1 februari; klaagster ingelicht."
		f.must(f.db.DealWithNotCarriedOut(f.ctx, f.actor, r2.Reference, casework.DealtWith{Note: note}))
		if n, err := f.db.CountNotCarriedOut(f.ctx); err != nil || n != 1 {
			t.Fatalf("count after dealing with one = %d, %v", n, err)
		}
		wantCode(t, f.db.DealWithNotCarriedOut(f.ctx, f.actor, r2.Reference, casework.DealtWith{Note: note}), casework.CodeInvalidTransition)
		wantCode(t, f.db.DealWithNotCarriedOut(f.ctx, f.actor, r3.Reference, casework.DealtWith{Note: note}), casework.CodeInvalidTransition)
		evs := f.events(r2.Reference)
		last := evs[len(evs)-1]
		if last.Action != "not_carried_out_dealt_with" || !last.Internal || last.Reason != note || last.Name != f.staff.Name {
			t.Fatalf("last event = %+v", last)
		}
		c, err := f.db.Complaint(f.ctx, f.actor, r2.Reference)
		f.must(err)
		if c.Feedback.DealtWithAt == nil || c.Feedback.DealtWithNote != note || c.Feedback.DealtWithBy != f.staff.Name {
			t.Fatalf("feedback = %+v", c.Feedback)
		}
		v, err := f.db.LookupComplaint(f.ctx, r2.Reference, r2.TrackingCode)
		f.must(err)
		for _, e := range v.Timeline {
			if strings.Contains(e.Reason, note) {
				t.Fatal("the resident sees staff's internal note")
			}
		}
	})

	t.Run("the_same_no_again_keeps_it_dealt_with_a_new_no_opens_it_again_and_a_yes_takes_it_off", func(t *testing.T) {
		_, err := f.db.GiveFeedback(f.ctx, r2.Reference, r2.TrackingCode, casework.FeedbackAnswer{Satisfaction: 2,
			Advices: no(a2[0]).Advices, Comment: "Nog steeds niets."})
		f.must(err)
		if n, _ := f.db.CountNotCarriedOut(f.ctx); n != 1 {
			t.Fatalf("changing the comment of a dealt-with 'no' reopened it: %d open", n)
		}
		_, err = f.db.GiveFeedback(f.ctx, r3.Reference, r3.TrackingCode, no(a3[0]))
		f.must(err)
		if n, _ := f.db.CountNotCarriedOut(f.ctx); n != 2 {
			t.Fatalf("a new 'no' did not open a report: %d open", n)
		}
		_, err = f.db.GiveFeedback(f.ctx, r1.Reference, r1.TrackingCode, casework.FeedbackAnswer{Satisfaction: 4,
			Advices: []casework.AdviceCarriedOut{{AdviceID: a1[0].ID, CarriedOut: casework.CarriedOutYes}}})
		f.must(err)
		list, total, err := f.db.NotCarriedOutReports(f.ctx, 0, 0)
		f.must(err)
		if total != 1 || len(list) != 1 || list[0].Reference != r3.Reference {
			t.Fatalf("open reports = %+v (total %d), want only %s", list, total, r3.Reference)
		}
	})
}

func TestResidentViewAfterTheRuling(t *testing.T) {
	// Ruled on 31 December 2026 at 23:30 Amsterdam (22:30 UTC): the local day of the ruling is 31
	// December, so the ombudsman can be asked until 31 December 2027.
	f := newFx(t, local(2026, 12, 1, 10, 0))
	r := f.file(f.orgA.ID, f.orgB.ID)
	f.must(f.db.TakeUp(f.ctx, f.actor, r.Reference, casework.TakeUp{NotInvolved: true}))
	f.hearAll(r.Reference, f.orgA.ID, f.orgB.ID)
	before, err := f.db.LookupComplaint(f.ctx, r.Reference, r.TrackingCode)
	f.must(err)
	if before.AfterRuling != nil || before.HandlingLastDay == "" {
		t.Fatalf("before the ruling: after ruling %+v, handling term %q", before.AfterRuling, before.HandlingLastDay)
	}
	f.clock.Set(local(2026, 12, 31, 23, 30))
	advices, err := f.db.Rule(f.ctx, f.actor, r.Reference, ruling(casework.VerdictFounded, f.orgA.ID, f.orgB.ID))
	f.must(err)
	_, err = f.db.RejectAdvice(f.ctx, f.orgActor(f.orgB), advices[1].ID,
		casework.Rejection{Reasons: reasonsOnPaper, Ground: casework.RejectionLegal}, casework.AnswerReceipt{})
	f.must(err)
	v, err := f.db.LookupComplaint(f.ctx, r.Reference, r.TrackingCode)
	f.must(err)
	a := v.AfterRuling
	if v.HandlingLastDay != "" || a == nil || a.RuledOn != "2026-12-31" || a.OmbudsmanLastDay != "2027-12-31" || a.Feedback != nil {
		t.Fatalf("view: handling term %q, after ruling %+v", v.HandlingLastDay, a)
	}
	if len(a.NextSteps) != 2 || a.NextSteps[0].Outcome != casework.StepWaiting || a.NextSteps[0].LastDay != advices[0].RespondBy ||
		a.NextSteps[1].Outcome != casework.StepRejected || a.NextSteps[1].Reasons != reasonsOnPaper {
		t.Fatalf("next steps = %+v", a.NextSteps)
	}
	// The sweep enforces the unanswered advice: the view says it must now be carried out in full.
	f.clock.Set(local(2027, 2, 1, 9, 0))
	_, err = f.db.Sweep(f.ctx, 0)
	f.must(err)
	v, err = f.db.LookupComplaint(f.ctx, r.Reference, r.TrackingCode)
	f.must(err)
	if v.AfterRuling.NextSteps[0].Outcome != casework.StepEnforced {
		t.Fatalf("after the sweep: %+v", v.AfterRuling.NextSteps)
	}
}
