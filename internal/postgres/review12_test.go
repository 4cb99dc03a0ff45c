package postgres_test

import (
	"testing"
	"time"

	"meldpunt/internal/casework"
)

// TestSuspendedMemberSeesNoClientCase: the accounts of a member of the pool that the admin
// suspends see none of their clients' cases, copies or the case list from that moment (the store
// and the signed-in user alike), and see them again once the member is reinstated.
func TestSuspendedMemberSeesNoClientCase(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	cb, cbActor := f.poolMember("Cliëntenbelang Haarlem", "ondersteuning@clientenbelang.example")
	mine := f.fileWith(cb.ID)
	id := f.complaintID(mine.Reference)
	f.must(f.sql.QueryRowContext(f.ctx, `UPDATE notices SET pdf = '%PDF-1.4 test' WHERE complaint_id = $1`, id).Err())
	var letter int64
	f.must(f.sql.GetContext(f.ctx, &letter, `SELECT id FROM notices WHERE complaint_id = $1 AND recipient = 'supporter'`, id))
	admin := casework.Actor{UserID: f.staff.ID, Role: casework.RoleAdmin}

	_, err := f.db.SetSupporterStatus(f.ctx, admin, cb.ID, casework.SupporterSuspended, "Klachten over de onafhankelijkheid.")
	f.must(err)
	_, err = f.db.SupporterCase(f.ctx, cbActor, mine.Reference)
	wantCode(t, err, casework.CodeNotFound)
	_, _, err = f.db.SupporterLetter(f.ctx, cbActor, letter)
	wantCode(t, err, casework.CodeNotFound)
	_, err = f.db.AddContribution(f.ctx, cbActor, mine.Reference, casework.NewContribution{Information: "Nog iets."})
	wantCode(t, err, casework.CodeNotFound)
	cases, err := f.db.ClientCases(f.ctx, cbActor)
	f.must(err)
	list, err := f.db.Complaints(f.ctx, casework.ComplaintFilter{SupporterID: cb.ID})
	f.must(err)
	if len(cases) != 0 || len(list) != 0 {
		t.Fatalf("a suspended member lists %+v %+v", cases, list)
	}
	if n := f.count(`SELECT count(*) FROM access_log WHERE user_id = $1`, cbActor.UserID); n != 0 {
		t.Fatalf("%d access_log rows for refused accesses", n)
	}
	// The signed-in account of a suspended member acts for nobody.
	tok, err := f.db.Login(f.ctx, "account.ondersteuning@clientenbelang.example", "een lange wachtzin voor de ondersteuner", "", time.Hour)
	f.must(err)
	u, err := f.db.UserByToken(f.ctx, tok.Token)
	f.must(err)
	if u.SupporterID != nil || tok.User.SupporterID != nil {
		t.Fatalf("a suspended member's account still acts for member %v (%v)", u.SupporterID, tok.User.SupporterID)
	}

	_, err = f.db.SetSupporterStatus(f.ctx, admin, cb.ID, casework.SupporterActive, "Onderzocht, in orde.")
	f.must(err)
	if _, err := f.db.SupporterCase(f.ctx, cbActor, mine.Reference); err != nil {
		t.Fatalf("reinstated: %v", err)
	}
	if u, err = f.db.UserByToken(f.ctx, tok.Token); err != nil || u.SupporterID == nil || *u.SupporterID != cb.ID {
		t.Fatalf("reinstated account: %+v %v", u.SupporterID, err)
	}
}

// TestEndedConsentWithholdsQueuedCopies: copies for the supporter that have not gone out when the
// resident ends or changes the choice (waiting in the outbox, for an address, in the print queue)
// are withheld at once; copies already sent stay as they were.
func TestEndedConsentWithholdsQueuedCopies(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change casework.RepresentationChange
	}{
		{"ended", casework.RepresentationChange{End: true}},
		{"replaced", casework.RepresentationChange{Representation: casework.Representation{
			Supporter: &casework.Contact{Name: "Samira el Amrani", Email: "samira@example.nl"}, Relation: "dochter", Consent: true}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFx(t, local(2026, 3, 2, 10, 0))
			cb, _ := f.poolMember("Cliëntenbelang Haarlem", "ondersteuning@clientenbelang.example")
			r := f.fileWith(cb.ID)
			id := f.complaintID(r.Reference)
			// The acknowledgement's copy went out; a hearing invitation's copy waits in the outbox and
			// another in the print queue.
			f.must(f.sql.QueryRowContext(f.ctx, `UPDATE notices SET status = 'sent' WHERE complaint_id = $1`, id).Err())
			f.must(f.db.TakeUp(f.ctx, f.actor, r.Reference, casework.TakeUp{NotInvolved: true}))
			f.must(f.db.InviteToHearing(f.ctx, f.actor, r.Reference, casework.Invitation{Party: casework.PartyComplainant,
				Date: "2026-03-05", Time: "10:00", Place: "Meldpunt"}))
			f.must(f.sql.QueryRowContext(f.ctx, `
				INSERT INTO notices (complaint_id, kind, recipient, dedupe_key, language, name, email, street, postcode, city,
					created_at, next_attempt_at, status, pdf)
				VALUES ($1, 'hearing_invitation', 'supporter', 'test-print:supporter', 'nl', 'Cliëntenbelang Haarlem', '',
					'Straat 1', '2011 AA', 'Haarlem', now(), now(), 'print', '%PDF-1.4 test')`, id).Err())
			if n := f.count(`SELECT count(*) FROM notices WHERE complaint_id = $1 AND recipient = 'supporter' AND status IN ('pending', 'print')`, id); n != 2 {
				t.Fatalf("%d copies waiting, want 2", n)
			}
			_, err := f.db.ResidentChangeRepresentation(f.ctx, r.Reference, r.TrackingCode, tc.change)
			f.must(err)
			if n := f.count(`SELECT count(*) FROM notices WHERE complaint_id = $1 AND recipient = 'supporter'
				AND status IN ('pending', 'print', 'no_address', 'failed')`, id); n != 0 {
				t.Fatalf("%d copies to the former supporter still on their way", n)
			}
			if n := f.count(`SELECT count(*) FROM notices WHERE complaint_id = $1 AND recipient = 'supporter' AND status = 'sent'`, id); n != 1 {
				t.Fatalf("%d sent copies, want the acknowledgement's", n)
			}
			if n := f.count(`SELECT count(*) FROM notices WHERE complaint_id = $1 AND recipient = 'complainant' AND status = 'pending'`, id); n != 1 {
				t.Fatalf("%d of the complainant's own letters pending, want the invitation", n)
			}
		})
	}
}

// TestSuspendedMemberGetsNoCopies: while a member of the pool is suspended no copy of its clients'
// letters is written for it (it would carry what its accounts may no longer see); the complainant's
// own letters go on, and copies come again once the member is reinstated.
func TestSuspendedMemberGetsNoCopies(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	cb, _ := f.poolMember("Cliëntenbelang Haarlem", "ondersteuning@clientenbelang.example")
	r := f.fileWith(cb.ID)
	f.must(f.db.TakeUp(f.ctx, f.actor, r.Reference, casework.TakeUp{NotInvolved: true}))
	admin := casework.Actor{UserID: f.staff.ID, Role: casework.RoleAdmin}
	_, err := f.db.SetSupporterStatus(f.ctx, admin, cb.ID, casework.SupporterSuspended, "Onderzoek naar de onafhankelijkheid.")
	f.must(err)
	// The acknowledgement's copy had not gone out yet: it stops too.
	if n := f.count(`SELECT count(*) FROM notices WHERE complaint_id = $1 AND recipient = 'supporter' AND status <> 'withheld'`,
		f.complaintID(r.Reference)); n != 0 {
		t.Fatalf("%d queued copies for the suspended member", n)
	}
	f.must(f.db.InviteToHearing(f.ctx, f.actor, r.Reference, casework.Invitation{Party: casework.PartyComplainant,
		Date: "2026-03-05", Time: "10:00", Place: "Meldpunt"}))
	if got := f.supporterCopies(r.Reference); len(got) != 1 || got[0] != "acknowledgement:ondersteuning@clientenbelang.example" {
		t.Fatalf("copies while suspended: %v", got)
	}
	id := f.complaintID(r.Reference)
	if n := f.count(`SELECT count(*) FROM notices WHERE complaint_id = $1 AND recipient = 'complainant' AND kind = 'hearing_invitation'`, id); n != 1 {
		t.Fatalf("%d invitations to the complainant", n)
	}
	_, err = f.db.SetSupporterStatus(f.ctx, admin, cb.ID, casework.SupporterActive, "Onderzocht, in orde.")
	f.must(err)
	f.must(f.db.InviteToHearing(f.ctx, f.actor, r.Reference, casework.Invitation{Party: casework.PartyComplainant,
		Date: "2026-03-06", Time: "11:00", Place: "Meldpunt"}))
	if got := f.supporterCopies(r.Reference); len(got) != 2 || got[1] != "hearing_invitation:ondersteuning@clientenbelang.example" {
		t.Fatalf("copies once reinstated: %v", got)
	}
}

// TestStatusPageAddressIsUnverified: an informal representative's e-mail address that a resident
// types on the status page (anyone with the tracking code) gets what an address typed on the
// complaint form gets: short neutral notices under the limit per address, not the letters.
func TestStatusPageAddressIsUnverified(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	r := f.file(f.orgA.ID)
	_, err := f.db.ResidentChangeRepresentation(f.ctx, r.Reference, r.TrackingCode, casework.RepresentationChange{
		Representation: casework.Representation{Supporter: &casework.Contact{Name: "Samira el Amrani", Email: "iemand@example.org"},
			Relation: "dochter", Consent: true}})
	f.must(err)
	f.must(f.db.TakeUp(f.ctx, f.actor, r.Reference, casework.TakeUp{NotInvolved: true}))
	f.must(f.db.InviteToHearing(f.ctx, f.actor, r.Reference, casework.Invitation{Party: casework.PartyComplainant,
		Date: "2026-03-05", Time: "10:00", Place: "Meldpunt"}))
	id := f.complaintID(r.Reference)
	if n := f.count(`SELECT count(*) FROM notices WHERE complaint_id = $1 AND recipient = 'supporter' AND email = 'iemand@example.org'`, id); n != 1 {
		t.Fatalf("%d copies to the representative", n)
	}
	if n := f.count(`SELECT count(*) FROM notices WHERE complaint_id = $1 AND recipient = 'supporter' AND NOT unverified`, id); n != 0 {
		t.Fatalf("%d full letters to an address typed on the status page", n)
	}
}

// TestTrajectoryReferredWithinThePool: a supporter records that another member of the pool referred
// the client, and the figures count those trajectories as new clients referred within the pool
// (before, nothing could record it and the figure was always hidden). A referral from oneself or
// from no member is refused on its field.
func TestTrajectoryReferredWithinThePool(t *testing.T) {
	f := newTrackFx(t)
	for i := range 5 {
		_, err := f.db.CreateTrajectory(f.ctx, f.asMee, casework.TrajectoryInput{ClientLabel: "K" + string(rune('a'+i)),
			StartedOn: "2026-02-02", ReferredByID: f.raad.ID})
		f.must(err)
	}
	// A referral made before the referrer was suspended still counts.
	_, err := f.db.CreateTrajectory(f.ctx, f.asMee, casework.TrajectoryInput{ClientLabel: "Kz", StartedOn: "2026-02-03",
		ReferredByID: f.suspended.ID})
	f.must(err)
	f.start(f.asMee, "Eigen", "2026-02-04")
	for name, by := range map[string]int64{"oneself": f.mee.ID, "nobody": 999999, "negative": -1} {
		_, err := f.db.CreateTrajectory(f.ctx, f.asMee, casework.TrajectoryInput{ClientLabel: "X", StartedOn: "2026-02-02", ReferredByID: by})
		if countFieldErr(err, "referred_by_id") != 1 {
			t.Errorf("referred by %s: %v", name, err)
		}
	}
	figures, err := f.db.SupportFigures(f.ctx, casework.SupportPeriod{Year: 2026, Quarter: 1})
	f.must(err)
	if figures.ReferredClients.String() != "6" || figures.NewClients.String() != "7" {
		t.Fatalf("referred within the pool %s of %s new clients, want 6 of 7", figures.ReferredClients, figures.NewClients)
	}
}

// TestSameChoiceAgainKeepsQueuedCopies: choosing the same member of the pool again (a signed letter
// confirming the choice) does not stop the copies on their way to it.
func TestSameChoiceAgainKeepsQueuedCopies(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	cb, _ := f.poolMember("Cliëntenbelang Haarlem", "ondersteuning@clientenbelang.example")
	r := f.fileWith(cb.ID)
	f.must(f.db.RecordRepresentation(f.ctx, f.actor, r.Reference, casework.RepresentationChange{
		Representation: casework.Representation{SupporterID: cb.ID, Consent: true}, ReceivedOn: "2026-03-02"}))
	if n := f.count(`SELECT count(*) FROM notices WHERE complaint_id = $1 AND recipient = 'supporter' AND status = 'pending'`,
		f.complaintID(r.Reference)); n != 1 {
		t.Fatalf("%d copies of the acknowledgement still on their way, want 1", n)
	}
}
