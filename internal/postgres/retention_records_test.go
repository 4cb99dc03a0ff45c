package postgres_test

import (
	"slices"
	"testing"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

// closedUnfounded files a complaint about orgA, hears it and rules it unfounded: closed today.
func (f *fx) closedUnfounded() string {
	f.t.Helper()
	ref := f.inTreatment(f.orgA.ID)
	f.hearAll(ref, f.orgA.ID)
	_, err := f.db.Rule(f.ctx, f.actor, ref, ruling(casework.VerdictUnfounded))
	f.must(err)
	return ref
}

func (f *fx) retention(ref string) postgres.Retention {
	f.t.Helper()
	r, err := f.db.Retention(f.ctx, ref)
	f.must(err)
	return r
}

// TestRetentionRecordsMoveTheDestructionDate: the ombudsman makes the file's category ombudsman
// (10 years from closing); a reopening takes its destruction date away; closing it again makes the
// term run from that day. Each record is an internal event with its reason; any staff member may
// record them (not only the handler); an open case or an organisation cannot.
func TestRetentionRecordsMoveTheDestructionDate(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	open := f.inTreatment(f.orgA.ID)
	ref := f.closedUnfounded()
	r := f.retention(ref)
	if r.Category != casework.RetentionHandled || r.From != term.NewDate(2026, 3, 2) || r.DestroyOn != term.NewDate(2031, 3, 2) {
		t.Fatalf("after closing: %+v", r)
	}
	colleague, err := f.db.CreateUser(f.ctx, casework.NewUser{Email: "bram@meldpunt.example.nl", Name: "Bram Kok",
		Role: casework.RoleStaff, Password: "correct horse battery"})
	f.must(err)
	other := casework.ActorOf(colleague)

	_, err = f.db.RecordRetention(f.ctx, f.actor, open, casework.RetentionRecord{Action: casework.RetentionWentToOmbudsman, On: "2026-03-02"})
	wantCode(t, err, casework.CodeInvalidTransition)
	_, err = f.db.RecordRetention(f.ctx, f.orgActor(f.orgA), ref, casework.RetentionRecord{Action: casework.RetentionWentToOmbudsman, On: "2026-03-02"})
	wantCode(t, err, casework.CodeForbidden)
	_, err = f.db.RecordRetention(f.ctx, other, ref, casework.RetentionRecord{Action: casework.RetentionWentToOmbudsman, On: "2026-03-03"})
	wantCode(t, err, casework.CodeValidation) // in the future

	f.clock.Set(local(2026, 9, 1, 10, 0))
	r, err = f.db.RecordRetention(f.ctx, other, ref, casework.RetentionRecord{Action: casework.RetentionWentToOmbudsman, On: "2026-08-20"})
	f.must(err)
	if r.Category != casework.RetentionOmbudsman || r.OmbudsmanOn != term.NewDate(2026, 8, 20) || r.DestroyOn != term.NewDate(2036, 3, 2) {
		t.Fatalf("after the ombudsman: %+v", r)
	}
	_, err = f.db.RecordRetention(f.ctx, other, ref, casework.RetentionRecord{Action: casework.RetentionWentToOmbudsman, On: "2026-08-21"})
	wantCode(t, err, casework.CodeConflict)

	_, err = f.db.RecordRetention(f.ctx, other, ref, casework.RetentionRecord{Action: casework.RetentionReopen, On: "2026-09-01"})
	if countFieldErr(err, "reason") != 1 {
		t.Fatalf("a reopening without a reason: %v", err)
	}
	r, err = f.db.RecordRetention(f.ctx, other, ref, casework.RetentionRecord{Action: casework.RetentionReopen, On: "2026-09-01",
		Reason: "De ombudsman stelt aanvullende vragen."})
	f.must(err)
	if !r.DestroyOn.IsZero() || r.ReopenedOn != term.NewDate(2026, 9, 1) {
		t.Fatalf("after reopening: %+v", r)
	}
	_, err = f.db.RecordRetention(f.ctx, other, ref, casework.RetentionRecord{Action: casework.RetentionCloseAgain, On: "2026-08-31"})
	if countFieldErr(err, "on") != 1 {
		t.Fatalf("closed again before the reopening: %v", err)
	}
	f.clock.Set(local(2026, 11, 15, 10, 0))
	r, err = f.db.RecordRetention(f.ctx, other, ref, casework.RetentionRecord{Action: casework.RetentionCloseAgain, On: "2026-11-10"})
	f.must(err)
	if r.From != term.NewDate(2026, 11, 10) || r.DestroyOn != term.NewDate(2036, 11, 10) || !r.ReopenedOn.IsZero() {
		t.Fatalf("after closing again: %+v", r)
	}
	_, err = f.db.RecordRetention(f.ctx, other, ref, casework.RetentionRecord{Action: casework.RetentionCloseAgain, On: "2026-11-15"})
	wantCode(t, err, casework.CodeConflict)

	var actions []string
	for _, e := range f.events(ref) {
		if len(e.Action) > 10 && e.Action[:10] == "retention_" {
			actions = append(actions, e.Action)
		}
	}
	if !slices.Equal(actions, []string{"retention_ombudsman", "retention_reopen", "retention_close_again"}) {
		t.Errorf("retention events %v", actions)
	}
	if n := f.count(`SELECT count(*) FROM events e JOIN complaints c ON c.id = e.complaint_id
		WHERE c.reference = $1 AND e.action LIKE 'retention_%' AND e.internal AND e.actor_name = 'Bram Kok'`, ref); n != 3 {
		t.Errorf("%d internal retention events by the colleague, want 3", n)
	}
	if n := f.count(`SELECT count(*) FROM events e JOIN complaints c ON c.id = e.complaint_id
		WHERE c.reference = $1 AND e.reason LIKE '%aanvullende vragen%'`, ref); n != 1 {
		t.Error("the reopening's reason is not in the audit trail")
	}
}

// TestHoldStopsApproval: any staff member puts a file on hold with a reason; a held case is listed
// as due with its reason but cannot be approved; only an admin lifts the hold, after which it can.
func TestHoldStopsApproval(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	ref := f.closedUnfounded()
	f.clock.Set(local(2031, 3, 2, 9, 0))
	admin := casework.Actor{UserID: f.staff.ID, Role: casework.RoleAdmin, Label: "Archivaris"}

	_, err := f.db.RecordRetention(f.ctx, f.actor, ref, casework.RetentionRecord{Action: casework.RetentionHold})
	if countFieldErr(err, "reason") != 1 {
		t.Fatalf("a hold without a reason: %v", err)
	}
	long := make([]byte, casework.MaxRetentionReason+1)
	for i := range long {
		long[i] = 'x'
	}
	_, err = f.db.RecordRetention(f.ctx, f.actor, ref, casework.RetentionRecord{Action: casework.RetentionHold, Reason: string(long)})
	if countFieldErr(err, "reason") != 1 {
		t.Fatalf("a hold with a reason too long: %v", err)
	}
	r, err := f.db.RecordRetention(f.ctx, f.actor, ref, casework.RetentionRecord{Action: casework.RetentionHold,
		Reason: "Beroep bij de rechtbank loopt."})
	f.must(err)
	if r.HoldReason != "Beroep bij de rechtbank loopt." || r.HoldBy != "Anna de Vries" || r.HoldAt == nil {
		t.Fatalf("after the hold: %+v", r)
	}
	due, err := f.db.DueForDestruction(f.ctx, term.NewDate(2031, 3, 2), 0)
	f.must(err)
	if len(due) != 1 || due[0].HoldReason == "" {
		t.Fatalf("due %+v", due)
	}
	if n, err := f.db.CountDueForDestruction(f.ctx, term.NewDate(2031, 3, 2)); err != nil || n != 0 {
		t.Fatalf("a held case counted as waiting for approval: %d %v", n, err)
	}
	_, err = f.db.ApproveDestruction(f.ctx, admin, []string{ref})
	wantCode(t, err, casework.CodeValidation)
	_, err = f.db.RecordRetention(f.ctx, f.actor, ref, casework.RetentionRecord{Action: casework.RetentionLiftHold})
	wantCode(t, err, casework.CodeForbidden)
	r, err = f.db.RecordRetention(f.ctx, admin, ref, casework.RetentionRecord{Action: casework.RetentionLiftHold, Reason: "Uitspraak onherroepelijk."})
	f.must(err)
	if r.HoldReason != "" || r.HoldAt != nil {
		t.Fatalf("after lifting: %+v", r)
	}
	if n, err := f.db.CountDueForDestruction(f.ctx, term.NewDate(2031, 3, 2)); err != nil || n != 1 {
		t.Fatalf("count due after lifting: %d %v", n, err)
	}
	if _, err := f.db.ApproveDestruction(f.ctx, admin, []string{ref}); err != nil {
		t.Fatal(err)
	}
	if n, err := f.db.CountDueForDestruction(f.ctx, term.NewDate(2031, 3, 2)); err != nil || n != 0 {
		t.Fatalf("an approved case still counted as waiting: %d %v", n, err)
	}
	if !f.retention(ref).Approved {
		t.Error("the approved case does not say so")
	}
}

// TestDestroyerSkipsACaseNoLongerDue: a case reopened after its approval is not destroyed; the
// list counts it as no longer due and finishes.
func TestDestroyerSkipsACaseNoLongerDue(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	ref := f.closedUnfounded()
	f.clock.Set(local(2031, 3, 2, 9, 0))
	admin := casework.Actor{Role: casework.RoleAdmin, Label: "Archivaris"}
	list, err := f.db.ApproveDestruction(f.ctx, admin, []string{ref})
	f.must(err)
	_, err = f.db.RecordRetention(f.ctx, f.actor, ref, casework.RetentionRecord{Action: casework.RetentionReopen, On: "2031-03-02",
		Reason: "Nieuwe informatie van de klager."})
	f.must(err)
	if n, err := f.db.DestroyApproved(f.ctx, 10); err != nil || n != 0 {
		t.Fatalf("destroyed %d (%v), want none", n, err)
	}
	list, err = f.db.DestructionList(f.ctx, list.ID)
	f.must(err)
	if list.NotDue != 1 || list.Destroyed != 0 || list.FinishedAt == nil {
		t.Errorf("list %+v", list)
	}
	if f.retention(ref).Approved {
		t.Error("the skipped case still shows as approved")
	}
}

// TestDestroyedCaseIsGoneFromUse: after its destruction a case is in no staff list, cannot be
// opened by its old reference nor by the one the destruction gave it, its advice is gone from the
// organisation's list, the resident's look-up fails, and nothing can be recorded on it; the status
// counts of the figures still count it.
func TestDestroyedCaseIsGoneFromUse(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	r := f.file(f.orgA.ID)
	ref := r.Reference
	f.must(f.db.TakeUp(f.ctx, f.actor, ref, casework.TakeUp{NotInvolved: true}))
	f.hearAll(ref, f.orgA.ID)
	rl := ruling(casework.VerdictFounded, f.orgA.ID)
	rl.Recommendations = []casework.RecommendationInput{{LifeDomain: casework.DomainCare, Text: "Bel aanvragers binnen een week terug."}}
	advices, err := f.db.Rule(f.ctx, f.actor, ref, rl)
	f.must(err)
	_, err = f.db.RejectAdvice(f.ctx, f.orgActor(f.orgA), advices[0].ID, casework.Rejection{Ground: casework.RejectionGrounds[0],
		Reasons: "De medewerker is al vertrokken en het beleid is aangepast."}, casework.AnswerReceipt{})
	f.must(err)
	if s := f.status(ref); s != casework.StatusClosed {
		t.Fatalf("status %s", s)
	}
	keep := f.closedUnfounded()
	before, err := f.db.CountByStatus(f.ctx)
	f.must(err)

	f.clock.Set(local(2031, 3, 3, 9, 0))
	admin := casework.Actor{Role: casework.RoleAdmin, Label: "Archivaris"}
	_, err = f.db.ApproveDestruction(f.ctx, admin, []string{ref})
	f.must(err)
	if n, err := f.db.DestroyApproved(f.ctx, 10); err != nil || n != 1 {
		t.Fatalf("destroyed %d (%v)", n, err)
	}
	var newRef string
	f.must(f.sql.GetContext(f.ctx, &newRef, `SELECT reference FROM complaints WHERE destroyed_at IS NOT NULL`))

	list, err := f.db.Complaints(f.ctx, casework.ComplaintFilter{Limit: 200})
	f.must(err)
	for _, c := range list {
		if c.Reference == ref || c.Reference == newRef {
			t.Errorf("the destroyed case is listed: %s", c.Reference)
		}
	}
	if len(list) != 1 || list[0].Reference != keep {
		t.Errorf("the list %+v, want only %s", list, keep)
	}
	list, err = f.db.Complaints(f.ctx, casework.ComplaintFilter{Status: casework.StatusClosed, Limit: 200})
	f.must(err)
	if len(list) != 1 {
		t.Errorf("closed cases listed %d, want 1", len(list))
	}
	for _, r := range []string{ref, newRef} {
		if _, err := f.db.Complaint(f.ctx, f.actor, r); casework.ErrorCode(err) != casework.CodeNotFound {
			t.Errorf("open %s: %v", r, err)
		}
		if _, err := f.db.Retention(f.ctx, r); casework.ErrorCode(err) != casework.CodeNotFound {
			t.Errorf("retention of %s: %v", r, err)
		}
		_, err := f.db.RecordRetention(f.ctx, f.actor, r, casework.RetentionRecord{Action: casework.RetentionHold, Reason: "Te laat."})
		if casework.ErrorCode(err) != casework.CodeNotFound {
			t.Errorf("hold on %s: %v", r, err)
		}
		if err := f.db.AddNote(f.ctx, f.actor, r, "Nog een notitie."); casework.ErrorCode(err) != casework.CodeNotFound {
			t.Errorf("note on %s: %v", r, err)
		}
		if _, err := f.db.Notices(f.ctx, postgres.NoticeFilter{Reference: r}); casework.ErrorCode(err) != casework.CodeNotFound {
			t.Errorf("letters of %s: %v", r, err)
		}
	}
	if _, err := f.db.LookupComplaint(f.ctx, ref, r.TrackingCode); casework.ErrorCode(err) != casework.CodeNotFound {
		t.Errorf("the resident's look-up: %v", err)
	}
	for _, viewer := range []casework.Actor{f.orgActor(f.orgA), f.actor} {
		advs, err := f.db.Advices(f.ctx, viewer, postgres.AdviceFilter{})
		f.must(err)
		if len(advs) != 0 {
			t.Errorf("%s sees %d advices of the destroyed case", viewer.Role, len(advs))
		}
		if _, err := f.db.Advice(f.ctx, viewer, advices[0].ID); casework.ErrorCode(err) != casework.CodeNotFound {
			t.Errorf("%s opens the destroyed case's advice: %v", viewer.Role, err)
		}
	}
	// The recommendation outlives the file (it is in the annual report), without the reference; its
	// follow-up writes nothing about the destroyed case.
	recs, err := f.db.Recommendations(f.ctx, postgres.RecommendationFilter{})
	f.must(err)
	if len(recs) != 1 || recs[0].Reference != "" || !recs[0].FileDestroyed {
		t.Fatalf("recommendations after the destruction: %+v", recs)
	}
	_, err = f.db.UpdateRecommendation(f.ctx, f.actor, recs[0].ID, casework.FollowUp{Status: casework.RecommendationAdopted,
		Note: "Ingevoerd per 1 januari."})
	f.must(err)
	if n := f.count(`SELECT count(*) FROM events e JOIN complaints c ON c.id = e.complaint_id WHERE c.destroyed_at IS NOT NULL`); n != 0 {
		t.Errorf("%d events written about the destroyed case", n)
	}
	after, err := f.db.CountByStatus(f.ctx)
	f.must(err)
	if after[casework.StatusClosed] != before[casework.StatusClosed] {
		t.Errorf("closed cases counted %d after, %d before", after[casework.StatusClosed], before[casework.StatusClosed])
	}
}
