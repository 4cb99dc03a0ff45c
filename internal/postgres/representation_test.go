package postgres_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
)

// poolMember admits a member of the pool with an e-mail address and makes a supporter account for it.
func (f *fx) poolMember(name, email string) (casework.Supporter, casework.Actor) {
	f.t.Helper()
	admin := casework.Actor{UserID: f.staff.ID, Role: casework.RoleAdmin}
	s, err := f.db.AdmitSupporter(f.ctx, admin, profile(name, []casework.LifeDomain{casework.DomainCare}, []string{"nl"},
		casework.SupporterContact{Email: email}))
	f.must(err)
	u, err := f.db.CreateUser(f.ctx, casework.NewUser{Email: "account." + email, Name: "Medewerker " + name,
		Role: casework.RoleSupporter, SupporterID: s.ID, Password: "een lange wachtzin voor de ondersteuner"})
	f.must(err)
	return s, casework.ActorOf(u)
}

// fileWith files a complaint about orgA whose complainant chose pool member id with consent.
func (f *fx) fileWith(id int64) casework.Receipt {
	f.t.Helper()
	in := intake(f.orgA.ID)
	in.SupporterID, in.SupporterConsent = id, true
	r, err := f.db.FileComplaint(f.ctx, casework.ResidentActor, in)
	f.must(err)
	return r
}

// supporterCopies lists the e-mail addresses of the supporter's copies of a case, in order.
func (f *fx) supporterCopies(ref string) []string {
	f.t.Helper()
	var out []string
	f.must(f.sql.SelectContext(f.ctx, &out, `SELECT n.kind || ':' || n.email FROM notices n JOIN complaints c ON c.id = n.complaint_id
		WHERE c.reference = $1 AND n.recipient = 'supporter' ORDER BY n.id`, ref))
	return out
}

// TestConsentLifecycle: a resident chooses a member of the pool with consent on the form, changes
// to an informal representative and back on the status page, and ends it; staff record a choice
// from a signed letter. Every step is an event in the timeline and a row with its route, and the
// copies follow the choice that stands.
func TestConsentLifecycle(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	cb, _ := f.poolMember("Cliëntenbelang Haarlem", "ondersteuning@clientenbelang.example")
	mee, _ := f.poolMember("MEE", "info@mee.example")
	r := f.fileWith(cb.ID)

	c, err := f.db.Complaint(f.ctx, f.actor, r.Reference)
	f.must(err)
	if c.SupporterID == nil || *c.SupporterID != cb.ID || !c.SupporterConsent || c.Supporter == nil ||
		c.Supporter.Email != "ondersteuning@clientenbelang.example" || len(c.Representations) != 1 ||
		c.Representations[0].ConsentRoute != casework.ConsentComplaintForm || c.Representations[0].RecordedBy != "" {
		t.Fatalf("after filing: supporter %v consent %v contact %+v representations %+v", c.SupporterID, c.SupporterConsent, c.Supporter, c.Representations)
	}
	if got := f.supporterCopies(r.Reference); !slices.Equal(got, []string{"acknowledgement:ondersteuning@clientenbelang.example"}) {
		t.Fatalf("copies after filing: %v", got)
	}

	t.Run("wrong_tracking_code_not_found_and_nothing_changes", func(t *testing.T) {
		_, err := f.db.ResidentChangeRepresentation(f.ctx, r.Reference, "XXXX-XXXX-XXXX", casework.RepresentationChange{End: true})
		wantCode(t, err, casework.CodeNotFound)
		if n := f.count(`SELECT count(*) FROM representations WHERE ended_at IS NOT NULL`); n != 0 {
			t.Fatalf("%d ended", n)
		}
	})
	t.Run("informal_representative_on_the_status_page", func(t *testing.T) {
		f.clock.Advance(time.Hour)
		view, err := f.db.ResidentChangeRepresentation(f.ctx, r.Reference, r.TrackingCode, casework.RepresentationChange{
			Representation: casework.Representation{Supporter: &casework.Contact{Name: "Marleen Visser", Email: "marleen@example.nl"},
				Relation: "dochter", Consent: true}})
		f.must(err)
		if view.Representation == nil || view.Representation.Kind != "informal" || view.Representation.Relation != "dochter" {
			t.Fatalf("resident's view: %+v", view.Representation)
		}
		c, err := f.db.Complaint(f.ctx, f.actor, r.Reference)
		f.must(err)
		if c.SupporterID != nil || c.Supporter.Name != "Marleen Visser" || c.SupporterRelation != "dochter" || len(c.Representations) != 2 ||
			c.Representations[0].EndRoute != casework.ConsentReplaced || c.Representations[1].ConsentRoute != casework.ConsentStatusPage {
			t.Fatalf("after the change: %v %+v %+v", c.SupporterID, c.Supporter, c.Representations)
		}
	})
	t.Run("signed_letter_recorded_by_staff_with_its_day", func(t *testing.T) {
		f.clock.Advance(time.Hour)
		f.must(f.db.RecordRepresentation(f.ctx, f.actor, r.Reference, casework.RepresentationChange{
			Representation: casework.Representation{SupporterID: mee.ID, Consent: true}, ReceivedOn: "2026-03-02"}))
		c, err := f.db.Complaint(f.ctx, f.actor, r.Reference)
		f.must(err)
		last := c.Representations[len(c.Representations)-1]
		if *c.SupporterID != mee.ID || last.ConsentRoute != casework.ConsentSignedLetter || last.ConsentReceivedOn != "2026-03-02" ||
			last.RecordedBy != "Anna de Vries" {
			t.Fatalf("after the letter: %+v", last)
		}
	})
	t.Run("the_resident_ends_it", func(t *testing.T) {
		f.clock.Advance(time.Hour)
		view, err := f.db.ResidentChangeRepresentation(f.ctx, r.Reference, r.TrackingCode, casework.RepresentationChange{End: true})
		f.must(err)
		if view.Representation != nil {
			t.Fatalf("still represented: %+v", view.Representation)
		}
		c, err := f.db.Complaint(f.ctx, f.actor, r.Reference)
		f.must(err)
		last := c.Representations[len(c.Representations)-1]
		if c.SupporterID != nil || c.SupporterConsent || c.Supporter != nil || last.EndRoute != casework.ConsentStatusPage ||
			last.EndedAt == nil || !last.EndedAt.Equal(f.clock.Now()) {
			t.Fatalf("after ending: %v %v %+v %+v", c.SupporterID, c.SupporterConsent, c.Supporter, last)
		}
		_, err = f.db.ResidentChangeRepresentation(f.ctx, r.Reference, r.TrackingCode, casework.RepresentationChange{End: true})
		wantCode(t, err, casework.CodeConflict)
	})
	t.Run("every_change_in_the_timeline", func(t *testing.T) {
		var actions []string
		for _, e := range f.events(r.Reference) {
			if strings.HasPrefix(e.Action, "supporter_") {
				actions = append(actions, e.Action)
			}
		}
		want := []string{"supporter_chosen", "supporter_chosen", "supporter_chosen", "supporter_ended"}
		if !slices.Equal(actions, want) {
			t.Fatalf("timeline %v, want %v", actions, want)
		}
		view, err := f.db.LookupComplaint(f.ctx, r.Reference, r.TrackingCode)
		f.must(err)
		n := 0
		for _, e := range view.Timeline {
			if strings.HasPrefix(e.Action, "supporter_") {
				n++
			}
		}
		if n != 4 {
			t.Fatalf("the resident sees %d of the 4 changes", n)
		}
	})
	t.Run("no_choice_without_consent_and_no_suspended_member", func(t *testing.T) {
		_, err := f.db.ResidentChangeRepresentation(f.ctx, r.Reference, r.TrackingCode, casework.RepresentationChange{
			Representation: casework.Representation{SupporterID: cb.ID}})
		if countFieldErr(err, "supporter_consent") != 1 {
			t.Fatalf("without consent: %v", err)
		}
		_, err = f.db.SetSupporterStatus(f.ctx, casework.Actor{UserID: f.staff.ID, Role: casework.RoleAdmin}, cb.ID,
			casework.SupporterSuspended, "onderzoek naar onafhankelijkheid")
		f.must(err)
		_, err = f.db.ResidentChangeRepresentation(f.ctx, r.Reference, r.TrackingCode, casework.RepresentationChange{
			Representation: casework.Representation{SupporterID: cb.ID, Consent: true}})
		if countFieldErr(err, "supporter_id") != 1 {
			t.Fatalf("a suspended member: %v", err)
		}
		in := intake(f.orgA.ID)
		in.SupporterID, in.SupporterConsent = cb.ID, true
		_, err = f.db.FileComplaint(f.ctx, casework.ResidentActor, in)
		if countFieldErr(err, "supporter_id") != 1 {
			t.Fatalf("filing with a suspended member: %v", err)
		}
	})
	t.Run("a_supporter_cannot_record_a_signed_letter", func(t *testing.T) {
		_, sup := f.poolMember("Raadslieden", "raad@example.nl")
		err := f.db.RecordRepresentation(f.ctx, sup, r.Reference, casework.RepresentationChange{End: true, ReceivedOn: "2026-03-02"})
		wantCode(t, err, casework.CodeForbidden)
	})
}

// TestSupporterSeesOnlyConsentingClients: the chosen member's account sees the case while the
// consent lasts, with its copies; another member's account, an account of no member, and the former
// supporter after the consent ended get not found. Every access is logged like staff access.
func TestSupporterSeesOnlyConsentingClients(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	cb, cbActor := f.poolMember("Cliëntenbelang Haarlem", "ondersteuning@clientenbelang.example")
	_, meeActor := f.poolMember("MEE", "info@mee.example")
	mine := f.fileWith(cb.ID)
	other := f.file(f.orgA.ID)
	noMember, err := f.db.CreateUser(f.ctx, casework.NewUser{Email: "los@example.nl", Name: "Losse ondersteuner",
		Role: casework.RoleSupporter, Password: "een lange wachtzin voor de ondersteuner"})
	f.must(err)

	sc, err := f.db.SupporterCase(f.ctx, cbActor, mine.Reference)
	f.must(err)
	if sc.ComplainantName != "Fatima el Amrani" || len(sc.Letters) != 1 || sc.Letters[0].Kind != "acknowledgement" {
		t.Fatalf("the supporter's view: %+v", sc)
	}
	id := f.complaintID(mine.Reference)
	if n := f.count(`SELECT count(*) FROM access_log WHERE complaint_id = $1 AND user_id = $2`, id, cbActor.UserID); n != 1 {
		t.Fatalf("%d access_log rows for the supporter's view, want 1", n)
	}
	list, err := f.db.Complaints(f.ctx, casework.ComplaintFilter{SupporterID: cb.ID})
	f.must(err)
	if len(list) != 1 || list[0].Reference != mine.Reference {
		t.Fatalf("the supporter's list: %+v", list)
	}
	for name, tc := range map[string]struct {
		a   casework.Actor
		ref string
	}{
		"another_member":       {meeActor, mine.Reference},
		"an_account_of_nobody": {casework.ActorOf(noMember), mine.Reference},
		"a_case_without_them":  {cbActor, other.Reference},
		"staff_actor_as_such":  {casework.Actor{Role: casework.RoleSupporter, UserID: f.staff.ID}, mine.Reference},
	} {
		t.Run(name+"_not_found", func(t *testing.T) {
			_, err := f.db.SupporterCase(f.ctx, tc.a, tc.ref)
			wantCode(t, err, casework.CodeNotFound)
			_, err = f.db.AddContribution(f.ctx, tc.a, tc.ref, casework.NewContribution{Information: "Extra informatie."})
			wantCode(t, err, casework.CodeNotFound)
		})
	}
	if n := f.count(`SELECT count(*) FROM access_log`); n != 1 {
		t.Fatalf("%d access_log rows: refused accesses were logged as views", n)
	}
	var letter int64
	f.must(f.sql.GetContext(f.ctx, &letter, `SELECT id FROM notices WHERE complaint_id = $1 AND recipient = 'supporter'`, id))
	var complainantLetter int64
	f.must(f.sql.GetContext(f.ctx, &complainantLetter, `SELECT id FROM notices WHERE complaint_id = $1 AND recipient = 'complainant'`, id))
	f.must(f.sql.QueryRowContext(f.ctx, `UPDATE notices SET pdf = '%PDF-1.4 test' WHERE complaint_id = $1`, id).Err())
	if _, _, err := f.db.SupporterLetter(f.ctx, cbActor, letter); err != nil {
		t.Fatalf("the supporter's copy: %v", err)
	}
	for name, tc := range map[string]struct {
		a  casework.Actor
		id int64
	}{"the_complainants_own_letter": {cbActor, complainantLetter}, "another_member": {meeActor, letter}} {
		if _, _, err := f.db.SupporterLetter(f.ctx, tc.a, tc.id); casework.ErrorCode(err) != casework.CodeNotFound {
			t.Errorf("%s: %v, want not found", name, err)
		}
	}

	t.Run("after_the_consent_ended_not_found_at_once", func(t *testing.T) {
		_, err := f.db.ResidentChangeRepresentation(f.ctx, mine.Reference, mine.TrackingCode, casework.RepresentationChange{End: true})
		f.must(err)
		_, err = f.db.SupporterCase(f.ctx, cbActor, mine.Reference)
		wantCode(t, err, casework.CodeNotFound)
		if _, _, err := f.db.SupporterLetter(f.ctx, cbActor, letter); casework.ErrorCode(err) != casework.CodeNotFound {
			t.Fatalf("the former supporter reads the copy: %v", err)
		}
		list, err := f.db.Complaints(f.ctx, casework.ComplaintFilter{SupporterID: cb.ID})
		f.must(err)
		cases, err := f.db.ClientCases(f.ctx, cbActor)
		f.must(err)
		if len(list) != 0 || len(cases) != 0 {
			t.Fatalf("the former supporter still lists %v %v", list, cases)
		}
	})
	t.Run("chosen_again_sees_only_copies_since", func(t *testing.T) {
		f.clock.Advance(time.Hour)
		_, err := f.db.ResidentChangeRepresentation(f.ctx, mine.Reference, mine.TrackingCode, casework.RepresentationChange{
			Representation: casework.Representation{SupporterID: cb.ID, Consent: true}})
		f.must(err)
		sc, err := f.db.SupporterCase(f.ctx, cbActor, mine.Reference)
		f.must(err)
		if len(sc.Letters) != 0 {
			t.Fatalf("copies from before this consent: %+v", sc.Letters)
		}
	})
}

// TestSupporterFilesForClient: a supporter files with the client's consent; the client gets the
// acknowledgement at their own address, the supporter a copy at the pool's address, and the
// supporter sees the case at once. Without consent, or for an account of no member, nothing is filed.
func TestSupporterFilesForClient(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	cb, cbActor := f.poolMember("Cliëntenbelang Haarlem", "ondersteuning@clientenbelang.example")
	in := intake(f.orgA.ID)
	_, err := f.db.FileComplaint(f.ctx, cbActor, in)
	if countFieldErr(err, "supporter_consent") != 1 {
		t.Fatalf("without the client's consent: %v", err)
	}
	in.SupporterConsent = true
	in.SupporterID = 999 // ignored: the supporter files for themselves
	r, err := f.db.FileComplaint(f.ctx, cbActor, in)
	f.must(err)
	if r.TrackingCode != "" {
		t.Fatal("the supporter is given the client's tracking code")
	}
	var recipients []string
	f.must(f.sql.SelectContext(f.ctx, &recipients, `SELECT recipient || ':' || email FROM notices n JOIN complaints c ON c.id = n.complaint_id
		WHERE c.reference = $1 AND n.kind = 'acknowledgement' ORDER BY n.id`, r.Reference))
	if !slices.Equal(recipients, []string{"complainant:fatima@example.nl", "supporter:ondersteuning@clientenbelang.example"}) {
		t.Fatalf("acknowledgements %v", recipients)
	}
	c, err := f.db.Complaint(f.ctx, f.actor, r.Reference)
	f.must(err)
	if *c.SupporterID != cb.ID || c.Representations[0].ConsentRoute != casework.ConsentSupporterFiling ||
		c.Representations[0].RecordedBy != "Medewerker Cliëntenbelang Haarlem" || c.Timeline[0].ActorRole != casework.RoleSupporter {
		t.Fatalf("filed: %v %+v %+v", c.SupporterID, c.Representations, c.Timeline[0])
	}
	if _, err := f.db.SupporterCase(f.ctx, cbActor, r.Reference); err != nil {
		t.Fatalf("the supporter cannot see the case they filed: %v", err)
	}
	nobody := casework.Actor{Role: casework.RoleSupporter, UserID: cbActor.UserID}
	_, err = f.db.FileComplaint(f.ctx, nobody, in)
	wantCode(t, err, casework.CodeForbidden)
}

// TestSupporterAddsInformation: information and descriptions of documents are kept with the case,
// shown to staff and written to the timeline; the resident sees the event, not the text.
func TestSupporterAddsInformation(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	cb, cbActor := f.poolMember("Cliëntenbelang Haarlem", "ondersteuning@clientenbelang.example")
	r := f.fileWith(cb.ID)
	_, err := f.db.AddContribution(f.ctx, cbActor, r.Reference, casework.NewContribution{})
	if countFieldErr(err, "information") != 1 {
		t.Fatalf("empty: %v", err)
	}
	_, err = f.db.AddContribution(f.ctx, cbActor, r.Reference, casework.NewContribution{
		Information: "Mevrouw belde drie keer met het wijkteam.", Documents: []string{"Brief van 3 maart", " "}})
	f.must(err)
	c, err := f.db.Complaint(f.ctx, f.actor, r.Reference)
	f.must(err)
	if len(c.Contributions) != 1 || c.Contributions[0].SupporterName != "Cliëntenbelang Haarlem" ||
		!slices.Equal(c.Contributions[0].Documents, []string{"Brief van 3 maart"}) ||
		c.Contributions[0].Information != "Mevrouw belde drie keer met het wijkteam." {
		t.Fatalf("contributions %+v", c.Contributions)
	}
	last := c.Timeline[len(c.Timeline)-1]
	if last.Action != "supporter_information" || last.Reason != "information added; 1 document(s) described" {
		t.Fatalf("timeline %+v", last)
	}
	sc, err := f.db.SupporterCase(f.ctx, cbActor, r.Reference)
	f.must(err)
	if len(sc.Contributions) != 1 {
		t.Fatalf("the supporter does not see what they added: %+v", sc.Contributions)
	}
}

// TestPoolSupporterGetsCopiesAndHearings: the hearing invitation reaches the chosen member of the pool
// as a copy, their list puts the case with the nearest hearing first, and their view lists the date.
func TestPoolSupporterGetsCopiesAndHearings(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	cb, cbActor := f.poolMember("Cliëntenbelang Haarlem", "ondersteuning@clientenbelang.example")
	later := f.fileWith(cb.ID)
	soon := f.fileWith(cb.ID)
	for _, ref := range []string{later.Reference, soon.Reference} {
		f.must(f.db.TakeUp(f.ctx, f.actor, ref, casework.TakeUp{NotInvolved: true}))
	}
	f.must(f.db.InviteToHearing(f.ctx, f.actor, soon.Reference, casework.Invitation{Party: casework.PartyComplainant,
		Date: "2026-03-05", Time: "10:00", Place: "Meldpunt"}))
	if got := f.supporterCopies(soon.Reference); !slices.Equal(got, []string{"acknowledgement:ondersteuning@clientenbelang.example",
		"hearing_invitation:ondersteuning@clientenbelang.example"}) {
		t.Fatalf("copies: %v", got)
	}
	cases, err := f.db.ClientCases(f.ctx, cbActor)
	f.must(err)
	if len(cases) != 2 || cases[0].Reference != soon.Reference || cases[0].NextHearing != "2026-03-05" || cases[0].Urgent != "2026-03-05" ||
		cases[1].Urgent != cases[1].HandlingLastDay {
		t.Fatalf("client cases %+v", cases)
	}
	sc, err := f.db.SupporterCase(f.ctx, cbActor, soon.Reference)
	f.must(err)
	if len(sc.Hearings) != 1 || sc.Hearings[0].Date != "2026-03-05" || len(sc.Letters) != 2 {
		t.Fatalf("hearings %+v letters %+v", sc.Hearings, sc.Letters)
	}
}

// TestStaffRegistrationRecordsTheChoice: staff registering a complaint (a phone call) record the
// resident's choice with consent: route registration, recorded by the staff member.
func TestStaffRegistrationRecordsTheChoice(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	cb, _ := f.poolMember("Cliëntenbelang Haarlem", "ondersteuning@clientenbelang.example")
	in := intake(f.orgA.ID)
	in.Channel, in.SupporterID, in.SupporterConsent = casework.ChannelPhone, cb.ID, true
	r, err := f.db.FileComplaint(f.ctx, f.actor, in)
	f.must(err)
	c, err := f.db.Complaint(f.ctx, f.actor, r.Reference)
	f.must(err)
	if len(c.Representations) != 1 || c.Representations[0].ConsentRoute != casework.ConsentRegistration ||
		c.Representations[0].RecordedBy != "Anna de Vries" || *c.SupporterID != cb.ID {
		t.Fatalf("registered: %+v", c.Representations)
	}
}
