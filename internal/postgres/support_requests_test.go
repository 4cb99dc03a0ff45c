package postgres_test

import (
	"slices"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

// requestFx is a store with three members of the pool (A and B with an account each) for support
// requests.
type requestFx struct {
	*fx
	a, b, c    casework.Supporter
	userA      casework.User
	userB      casework.User
	adminActor casework.Actor
}

func newRequestFx(t *testing.T, now time.Time) *requestFx {
	t.Helper()
	f := &requestFx{fx: newFx(t, now)}
	f.adminActor = casework.Actor{UserID: f.staff.ID, Role: casework.RoleAdmin}
	add := func(p casework.SupporterProfile) casework.Supporter {
		s, err := f.db.AdmitSupporter(f.ctx, f.adminActor, p)
		f.must(err)
		return s
	}
	f.a = add(profile("Cliëntenbelang", []casework.LifeDomain{casework.DomainCare, casework.DomainIncome}, []string{"nl", "tr"},
		casework.SupporterContact{Phone: "023 123 4567", Email: "info@cb.example"}))
	f.b = add(profile("Raadslieden", []casework.LifeDomain{casework.DomainIncome}, []string{"nl", "ar"},
		casework.SupporterContact{Email: "info@raad.example"}))
	f.c = add(profile("Kowalski", []casework.LifeDomain{casework.DomainHousing}, []string{"pl"},
		casework.SupporterContact{WhatsApp: "06 1234 5678"}))
	user := func(email string, sup casework.Supporter) casework.User {
		u, err := f.db.CreateUser(f.ctx, casework.NewUser{Email: email, Name: email, Role: casework.RoleSupporter,
			SupporterID: sup.ID, Password: "correct horse battery"})
		f.must(err)
		return u
	}
	f.userA, f.userB = user("a@cb.example", f.a), user("b@raad.example", f.b)
	return f
}

func (f *requestFx) ask(sup casework.Supporter, mutate ...func(*casework.SupportRequestInput)) casework.SupportRequestReceipt {
	f.t.Helper()
	in := casework.SupportRequestInput{SupporterID: sup.ID, Name: "Fatma Yılmaz", Email: "fatma@example.nl",
		Channel: casework.SupportEmail, Language: "tr", Question: "Ik wil hulp bij mijn aanvraag voor huishoudelijke hulp.",
		LifeDomains: []casework.LifeDomain{casework.DomainCare}}
	for _, m := range mutate {
		m(&in)
	}
	rec, err := f.db.AskSupport(f.ctx, in, postgres.IntakeLimit{})
	f.must(err)
	return rec
}

func (f *requestFx) requestID(ref string) int64 {
	f.t.Helper()
	var id int64
	f.must(f.sql.Get(&id, `SELECT id FROM support_requests WHERE reference = $1 AND status <> 'transferred'`, ref))
	return id
}

func (f *requestFx) decide(u casework.User, id int64, step casework.RequestStep, reason string, to int64) (casework.SupportRequest, error) {
	return f.db.DecideSupportRequest(f.ctx, u, id, postgres.SupporterDecision{Step: step, Reason: reason, ReferredTo: to})
}

func historyKinds(h []casework.SupportRequestEvent) []string {
	out := []string{}
	for _, e := range h {
		out = append(out, e.Kind)
	}
	return out
}

// TestSupportRequestAcceptAndDecline: a resident asks, gets a reference and a code (only its hash
// kept), finds the request again with both; the supporter accepts or declines (with a reason), each
// step recorded with who and when, the resident told by a neutral e-mail notice.
func TestSupportRequestAcceptAndDecline(t *testing.T) {
	f := newRequestFx(t, local(2026, 3, 2, 10, 0))
	rec := f.ask(f.a)
	if rec.Status != casework.RequestPending || rec.SupporterName != "Cliëntenbelang" || rec.Code == "" ||
		rec.Reference != "HV-2026-00001" || rec.PickupLastDay != "2026-03-04" {
		t.Fatalf("receipt %+v", rec)
	}
	if n := f.count(`SELECT count(*) FROM support_requests WHERE code_hash = convert_to($1, 'UTF8')`, rec.Code); n != 0 {
		t.Error("the code is stored as it is")
	}
	view, err := f.db.LookupSupportRequest(f.ctx, " hv-2026-00001 ", rec.Code)
	f.must(err)
	if view.Status != casework.RequestPending || !slices.Equal(view.Steps, []casework.RequestStep{casework.StepWithdraw}) ||
		view.Contact.Phone != "023 123 4567" {
		t.Errorf("resident's view %+v", view)
	}
	_, err = f.db.LookupSupportRequest(f.ctx, rec.Reference, "AAAAA-AAAAA-AAAAA-AAAAA")
	wantCode(t, err, casework.CodeNotFound)
	_, err = f.db.LookupSupportRequest(f.ctx, "HV-2026-99999", rec.Code)
	wantCode(t, err, casework.CodeNotFound)

	id := f.requestID(rec.Reference)
	// Another supporter does not see it, nor decide on it.
	_, err = f.db.SupporterRequest(f.ctx, f.b.ID, id)
	wantCode(t, err, casework.CodeNotFound)
	_, err = f.decide(f.userB, id, casework.StepAccept, "", 0)
	wantCode(t, err, casework.CodeNotFound)
	if list, err := f.db.SupporterRequests(f.ctx, f.b.ID); err != nil || len(list) != 0 {
		t.Errorf("B's list: %v %v", list, err)
	}
	list, err := f.db.SupporterRequests(f.ctx, f.a.ID)
	f.must(err)
	if len(list) != 1 || list[0].Name != "Fatma Yılmaz" || list[0].Question == "" || list[0].CallResident {
		t.Fatalf("A's list %+v", list)
	}

	f.clock.Advance(time.Hour)
	got, err := f.decide(f.userA, id, casework.StepAccept, "ignored", 0)
	f.must(err)
	if got.Status != casework.RequestAccepted || got.Reason != "" || len(got.Steps) != 0 ||
		!slices.Equal(historyKinds(got.History), []string{"requested", "accepted"}) {
		t.Errorf("accepted %+v", got)
	}
	if n := f.count(`SELECT count(*) FROM support_request_events WHERE request_id = $1 AND kind = 'accepted'
		AND actor_id = $2 AND actor_role = 'supporter' AND at = $3`, id, f.userA.ID, f.clock.Now()); n != 1 {
		t.Errorf("accept recorded %d times with who and when", n)
	}
	_, err = f.decide(f.userA, id, casework.StepDecline, "Toch niet.", 0)
	wantCode(t, err, casework.CodeInvalidTransition)
	if n := f.count(`SELECT count(*) FROM support_request_notices WHERE request_id = $1 AND kind = 'accepted' AND email = 'fatma@example.nl'`, id); n != 1 {
		t.Errorf("%d notices of the acceptance", n)
	}

	rec2 := f.ask(f.a)
	id2 := f.requestID(rec2.Reference)
	_, err = f.decide(f.userA, id2, casework.StepDecline, " ", 0)
	if countFieldErr(err, "reason") != 1 {
		t.Errorf("decline without a reason: %v", err)
	}
	_, err = f.decide(f.userA, id2, "approve", "", 0)
	wantCode(t, err, casework.CodeValidation)
	_, err = f.decide(f.userA, id2, casework.StepDecline, "Wij hebben deze maand geen ruimte. Probeer de Sociaal Raadslieden.", 0)
	f.must(err)
	view, err = f.db.LookupSupportRequest(f.ctx, rec2.Reference, rec2.Code)
	f.must(err)
	if view.Status != casework.RequestDeclined || view.Reason == "" || len(view.Steps) != 0 {
		t.Errorf("declined, resident's view %+v", view)
	}
	_, err = f.db.ResidentRequestStep(f.ctx, rec2.Reference, rec2.Code, casework.StepWithdraw)
	wantCode(t, err, casework.CodeInvalidTransition)

	// A supporter account that belongs to no member of the pool decides nothing.
	_, err = f.decide(casework.User{ID: f.staff.ID, Role: casework.RoleSupporter}, id2, casework.StepAccept, "", 0)
	wantCode(t, err, casework.CodeForbidden)

	// The resident withdraws a pending request.
	rec3 := f.ask(f.a)
	view, err = f.db.ResidentRequestStep(f.ctx, rec3.Reference, rec3.Code, casework.StepWithdraw)
	f.must(err)
	if view.Status != casework.RequestWithdrawn || !slices.Equal(historyKinds(view.History), []string{"requested", "withdrawn"}) {
		t.Errorf("withdrawn %+v", view)
	}
	_, err = f.db.ResidentRequestStep(f.ctx, rec3.Reference, "wrong", casework.StepWithdraw)
	wantCode(t, err, casework.CodeNotFound)
}

// TestSupportRequestReferral: the supporter refers to another active member (with a reason); the
// resident keeps the first choice, or takes the referral (the request goes on with the other
// supporter as a new request, the history kept), and keeps the last word.
func TestSupportRequestReferral(t *testing.T) {
	f := newRequestFx(t, local(2026, 3, 2, 10, 0))
	rec := f.ask(f.a, func(in *casework.SupportRequestInput) {
		in.Email, in.Phone, in.Channel = "", "06 9876 5432", casework.SupportPhone
	})
	id := f.requestID(rec.Reference)
	_, err := f.decide(f.userA, id, casework.StepRefer, "Zij weten meer van inkomen.", f.a.ID)
	if countFieldErr(err, "referred_to") != 1 {
		t.Errorf("referral to oneself: %v", err)
	}
	_, err = f.db.SetSupporterStatus(f.ctx, f.adminActor, f.c.ID, casework.SupporterSuspended, "Geen capaciteit.")
	f.must(err)
	_, err = f.decide(f.userA, id, casework.StepRefer, "Zij spreken Pools.", f.c.ID)
	if countFieldErr(err, "referred_to") != 1 {
		t.Errorf("referral to a suspended supporter: %v", err)
	}
	_, err = f.decide(f.userA, id, casework.StepRefer, "", f.b.ID)
	if countFieldErr(err, "reason") != 1 {
		t.Errorf("referral without a reason: %v", err)
	}
	req, err := f.decide(f.userA, id, casework.StepRefer, "Zij weten meer van inkomen.", f.b.ID)
	f.must(err)
	if req.Status != casework.RequestReferred || req.ReferredToName != "Raadslieden" || !req.CallResident {
		t.Errorf("referred %+v", req)
	}
	if n := f.count(`SELECT count(*) FROM support_request_notices`); n != 0 {
		t.Errorf("a phone-only resident got %d e-mail notices", n)
	}
	// The supporter cannot take it back; the resident chooses.
	_, err = f.decide(f.userA, id, casework.StepAccept, "", 0)
	wantCode(t, err, casework.CodeInvalidTransition)
	view, err := f.db.LookupSupportRequest(f.ctx, rec.Reference, rec.Code)
	f.must(err)
	if view.Status != casework.RequestReferred || view.ReferredToName != "Raadslieden" || view.Reason != "Zij weten meer van inkomen." ||
		!slices.Equal(view.Steps, []casework.RequestStep{casework.StepTakeReferral, casework.StepKeep, casework.StepWithdraw}) {
		t.Errorf("resident's view of the referral %+v", view)
	}

	// Keep the first choice: pending again with A, for another two working days from now.
	f.clock.Set(local(2026, 3, 6, 9, 0)) // a Friday
	view, err = f.db.ResidentRequestStep(f.ctx, rec.Reference, rec.Code, casework.StepKeep)
	f.must(err)
	if view.Status != casework.RequestPending || view.SupporterName != "Cliëntenbelang" || view.PickupLastDay != "2026-03-10" {
		t.Errorf("kept %+v", view)
	}
	_, err = f.decide(f.userA, id, casework.StepRefer, "Toch beter bij inkomen.", f.b.ID)
	f.must(err)
	view, err = f.db.ResidentRequestStep(f.ctx, rec.Reference, rec.Code, casework.StepTakeReferral)
	f.must(err)
	if view.Status != casework.RequestPending || view.SupporterName != "Raadslieden" || view.Reference != rec.Reference {
		t.Errorf("referral taken %+v", view)
	}
	if want := []string{"requested", "referred", "kept", "referred", "referral_taken", "continued"}; !slices.Equal(historyKinds(view.History), want) {
		t.Errorf("history %v, want %v", historyKinds(view.History), want)
	}
	// A keeps its old request, transferred; B has a new one that continues it.
	old, err := f.db.SupporterRequest(f.ctx, f.a.ID, id)
	f.must(err)
	if old.Status != casework.RequestTransferred || old.ReferredTo != nil {
		t.Errorf("old request %+v", old)
	}
	listB, err := f.db.SupporterRequests(f.ctx, f.b.ID)
	f.must(err)
	if len(listB) != 1 || listB[0].PreviousID == nil || *listB[0].PreviousID != id || listB[0].Phone != "06 9876 5432" ||
		listB[0].Status != casework.RequestPending {
		t.Fatalf("B's list %+v", listB)
	}
	_, err = f.db.SupporterRequest(f.ctx, f.a.ID, listB[0].ID)
	wantCode(t, err, casework.CodeNotFound)
	_, err = f.decide(f.userB, listB[0].ID, casework.StepAccept, "", 0)
	f.must(err)
	view, err = f.db.LookupSupportRequest(f.ctx, rec.Reference, rec.Code)
	f.must(err)
	if view.Status != casework.RequestAccepted || view.SupporterName != "Raadslieden" {
		t.Errorf("after B accepted %+v", view)
	}
	// A referral to a supporter suspended meanwhile cannot be taken.
	rec2 := f.ask(f.a)
	id2 := f.requestID(rec2.Reference)
	_, err = f.decide(f.userA, id2, casework.StepRefer, "Inkomen.", f.b.ID)
	f.must(err)
	_, err = f.db.SetSupporterStatus(f.ctx, f.adminActor, f.b.ID, casework.SupporterSuspended, "Verbouwing.")
	f.must(err)
	_, err = f.db.ResidentRequestStep(f.ctx, rec2.Reference, rec2.Code, casework.StepTakeReferral)
	wantCode(t, err, casework.CodeConflict)
	// Suggestions for a referral: active members other than A, by language and life domains.
	req2, err := f.db.SupporterRequest(f.ctx, f.a.ID, id)
	f.must(err)
	cands, err := f.db.ReferralCandidates(f.ctx, req2)
	f.must(err)
	if len(cands) != 0 {
		t.Errorf("candidates with B and C suspended: %v", names(cands))
	}
}

// TestSupportRequestPickupRule: a request nobody picks up within two working days (weekends and
// public holidays skipped) shows on the worklist and in the watch; so does every open request of a
// supporter that is suspended or removed, at once. Staff see such a request, minimally, and the
// look is recorded; other requests are not found for staff.
func TestSupportRequestPickupRule(t *testing.T) {
	// Friday before Whit Monday (25 May 2026): Saturday, Sunday and Monday are skipped.
	f := newRequestFx(t, local(2026, 5, 22, 16, 0))
	rec := f.ask(f.a)
	if rec.PickupLastDay != "2026-05-27" {
		t.Fatalf("pick-up by %s, want 2026-05-27 (Tuesday and Wednesday after Whit Monday)", rec.PickupLastDay)
	}
	f.clock.Set(local(2026, 5, 23, 11, 0)) // a Saturday: the same last day
	recSat := f.ask(f.a)
	if recSat.PickupLastDay != "2026-05-27" {
		t.Errorf("asked on Saturday: pick-up by %s", recSat.PickupLastDay)
	}
	watched := func() []string {
		t.Helper()
		list, total, err := f.db.WatchedSupportRequests(f.ctx, 100)
		f.must(err)
		if total != len(list) {
			t.Errorf("total %d, listed %d", total, len(list))
		}
		refs := []string{}
		for _, r := range list {
			refs = append(refs, r.Reference)
		}
		return refs
	}
	f.clock.Set(local(2026, 5, 27, 23, 59))
	if got := watched(); len(got) != 0 {
		t.Errorf("on the last day: %v", got)
	}
	id := f.requestID(rec.Reference)
	_, err := f.db.StaffSupportRequest(f.ctx, f.actor, id)
	wantCode(t, err, casework.CodeNotFound)
	f.clock.Set(local(2026, 5, 28, 0, 1))
	if got := watched(); !slices.Equal(got, []string{rec.Reference, recSat.Reference}) {
		t.Errorf("the day after: %v", got)
	}
	w, err := f.db.Watch(f.ctx, 14)
	f.must(err)
	if len(w.SupportRequests) != 2 || !w.SupportRequests[0].Overdue {
		t.Errorf("watch %+v", w.SupportRequests)
	}
	sv, err := f.db.StaffSupportRequest(f.ctx, f.actor, id)
	f.must(err)
	if sv.Name != "Fatma Yılmaz" || sv.Email != "fatma@example.nl" || !sv.Overdue {
		t.Errorf("staff view %+v", sv)
	}
	if n := f.count(`SELECT count(*) FROM support_request_events WHERE request_id = $1 AND kind = 'viewed_by_staff' AND actor_id = $2`,
		id, f.staff.ID); n != 1 {
		t.Errorf("staff look recorded %d times", n)
	}
	// Picked up: off the list.
	_, err = f.decide(f.userA, id, casework.StepAccept, "", 0)
	f.must(err)
	if got := watched(); !slices.Equal(got, []string{recSat.Reference}) {
		t.Errorf("after accepting: %v", got)
	}
	// B's accepted request shows at once when B is suspended; a suspended supporter receives no new ones.
	f.clock.Set(local(2026, 6, 1, 10, 0))
	recB := f.ask(f.b)
	_, err = f.decide(f.userB, f.requestID(recB.Reference), casework.StepAccept, "", 0)
	f.must(err)
	_, err = f.db.SetSupporterStatus(f.ctx, f.adminActor, f.b.ID, casework.SupporterSuspended, "Onderzoek naar klachten.")
	f.must(err)
	if got := watched(); !slices.Contains(got, recB.Reference) {
		t.Errorf("a suspended supporter's open request is not watched: %v", got)
	}
	_, err = f.db.AskSupport(f.ctx, casework.SupportRequestInput{SupporterID: f.b.ID, Name: "Jan", Email: "jan@example.nl",
		Channel: casework.SupportEmail, Language: "nl", Question: "Help"}, postgres.IntakeLimit{})
	if countFieldErr(err, "supporter_id") != 1 {
		t.Errorf("request to a suspended supporter: %v", err)
	}
}

// TestSupportRequestIntakeLimit: the public form's limit per source address holds for requests.
func TestSupportRequestIntakeLimit(t *testing.T) {
	f := newRequestFx(t, local(2026, 3, 2, 10, 0))
	in := casework.SupportRequestInput{SupporterID: f.a.ID, Name: "Jan", Email: "jan@example.nl",
		Channel: casework.SupportEmail, Language: "nl", Question: "Help"}
	limit := postgres.IntakeLimit{Source: "192.0.2.7", Max: 2, Window: time.Hour}
	for i := range 2 {
		if _, err := f.db.AskSupport(f.ctx, in, limit); err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
	}
	_, err := f.db.AskSupport(f.ctx, in, limit)
	wantCode(t, err, casework.CodeRateLimited)
	if n := f.count(`SELECT count(*) FROM support_requests`); n != 2 {
		t.Errorf("%d requests stored", n)
	}
	f.clock.Advance(time.Hour + time.Second)
	_, err = f.db.AskSupport(f.ctx, in, limit)
	f.must(err)
}
