package notice_test

import (
	"os"
	"strings"
	"testing"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

// TestPoolSupporterGetsTheCopiesAndTheHearingInvitation: a complainant who chose a member of the
// pool with consent: the acknowledgement and the hearing invitation reach the member of the pool as
// copies, at its e-mail address in the pool, and the copy of the invitation reads as the
// supporter's copy with the date and place. After the consent ends, no more copies.
func TestPoolSupporterGetsTheCopiesAndTheHearingInvitation(t *testing.T) {
	f := newFx(t)
	team := f.org("Sociaal Wijkteam Schalkwijk", "directie@wijkteam.example", "Schalkwijkerstraat 1, 2035 AA Haarlem")
	cb, err := f.db.AdmitSupporter(f.ctx, casework.Actor{Role: casework.RoleAdmin, Label: "beheer"}, casework.SupporterProfile{
		Name: "Cliëntenbelang Haarlem", Kind: casework.SupporterOrganisation, DescriptionNL: "Helpt bewoners met hun klacht.",
		LifeDomains: []casework.LifeDomain{casework.DomainCare}, Languages: []string{"nl"},
		Contact:      casework.SupporterContact{Email: "ondersteuning@clientenbelang.example", Phone: "023 000 1100"},
		Independence: "Wij leveren geen zorg en beslissen niet over de toegang tot zorg."})
	f.must(err)
	r, err := f.db.FileComplaint(f.ctx, casework.ResidentActor, casework.Intake{
		Complainant: casework.Contact{Name: "Fatima el Amrani", Street: "Kruisweg 1", Postcode: "2011 LA", City: "Haarlem"},
		SupporterID: cb.ID, SupporterConsent: true, OrganisationIDs: []int64{team.ID},
		Grounds: []casework.Ground{casework.GroundTreatment}, LifeDomains: []casework.LifeDomain{casework.DomainCare},
		Summary: "Mijn aanvraag voor huishoudelijke hulp is na drie maanden nog steeds niet behandeld."})
	f.must(err)
	f.must(f.db.TakeUp(f.ctx, f.staff, r.Reference, casework.TakeUp{NotInvolved: true}))
	f.must(f.db.InviteToHearing(f.ctx, f.staff, r.Reference, casework.Invitation{Party: casework.PartyComplainant,
		Date: "2026-12-03", Time: "10:30", Place: "Stadhuis Haarlem, kamer 1.12"}))
	f.pass(f.d)

	copies := map[string]row{}
	for _, n := range f.notices() {
		if n.Recipient == "supporter" {
			copies[n.Kind] = n
		}
	}
	for _, kind := range []string{postgres.NoticeAcknowledgement, postgres.NoticeHearingInvitation} {
		n, ok := copies[kind]
		if !ok || n.Name != "Cliëntenbelang Haarlem" || n.Email != "ondersteuning@clientenbelang.example" || n.PDF == nil {
			t.Fatalf("the supporter's copy of the %s: %+v (copies %v)", kind, n, sortedKeys(copies))
		}
	}
	text := pdfText(t, copies[postgres.NoticeHearingInvitation].PDF)
	for _, want := range []string{"Cliëntenbelang Haarlem", r.Reference, "3 december 2026", "10:30", "Stadhuis Haarlem, kamer 1.12", "cliënt"} {
		if !strings.Contains(text, want) {
			t.Errorf("the supporter's copy of the invitation lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Kruisweg 1") {
		t.Errorf("the supporter's copy shows the complainant's address:\n%s", text)
	}
	if out := os.Getenv("MELDPUNT_LETTER_OUT"); out != "" {
		f.must(os.WriteFile(out, copies[postgres.NoticeHearingInvitation].PDF, 0o644))
	}

	// The resident ends the consent: the next letter goes to the complainant only.
	_, err = f.db.ResidentChangeRepresentation(f.ctx, r.Reference, r.TrackingCode, casework.RepresentationChange{End: true})
	f.must(err)
	f.must(f.db.InviteToHearing(f.ctx, f.staff, r.Reference, casework.Invitation{Party: casework.PartyComplainant,
		Date: "2026-12-04", Time: "11:00", Place: "Stadhuis Haarlem, kamer 1.12"}))
	if n := f.count(`SELECT count(*) FROM notices WHERE recipient = 'supporter'`); n != 2 {
		t.Fatalf("%d copies to the supporter after the consent ended, want the 2 from before", n)
	}
}

// TestClientOfASupporterGetsTheTrackingCode: a complaint a supporter filed for a client: the client's
// own acknowledgement, at the client's address, carries the tracking code (the client never saw the
// confirmation page); the supporter's copy does not.
func TestClientOfASupporterGetsTheTrackingCode(t *testing.T) {
	f := newFx(t)
	team := f.org("Sociaal Wijkteam Schalkwijk", "directie@wijkteam.example", "Schalkwijkerstraat 1, 2035 AA Haarlem")
	cb, err := f.db.AdmitSupporter(f.ctx, casework.Actor{Role: casework.RoleAdmin, Label: "beheer"}, casework.SupporterProfile{
		Name: "Cliëntenbelang Haarlem", Kind: casework.SupporterOrganisation, DescriptionNL: "Helpt bewoners met hun klacht.",
		LifeDomains: []casework.LifeDomain{casework.DomainCare}, Languages: []string{"nl"},
		Contact:      casework.SupporterContact{Email: "ondersteuning@clientenbelang.example"},
		Independence: "Wij leveren geen zorg en beslissen niet over de toegang tot zorg."})
	f.must(err)
	var userID int64
	f.must(f.sql.GetContext(f.ctx, &userID, `INSERT INTO users (email, name, role, supporter_id, password_hash, created_at)
		VALUES ('steun@clientenbelang.example', 'Karin Steun', 'supporter', $1, '-', $2) RETURNING id`, cb.ID, f.clock.Now()))
	sup := casework.Actor{UserID: userID, Role: casework.RoleSupporter, SupporterID: cb.ID, Label: "Karin Steun"}
	r, err := f.db.FileComplaint(f.ctx, sup, casework.Intake{
		Complainant:      casework.Contact{Name: "Henk Bakker", Street: "Kruisweg 1", Postcode: "2011 LA", City: "Haarlem"},
		SupporterConsent: true, OrganisationIDs: []int64{team.ID},
		Grounds: []casework.Ground{casework.GroundProcedure}, LifeDomains: []casework.LifeDomain{casework.DomainCare},
		Summary: "Mijn aanvraag voor huishoudelijke hulp is na drie maanden nog steeds niet behandeld."})
	f.must(err)
	if r.TrackingCode != "" {
		t.Fatal("the supporter who filed is given the client's tracking code")
	}
	// The code is the client's own: it exists only in their acknowledgement.
	f.must(f.sql.GetContext(f.ctx, &r.TrackingCode, `SELECT n.data->>'tracking_code' FROM notices n JOIN complaints c ON c.id = n.complaint_id
		WHERE c.reference = $1 AND n.recipient = 'complainant' AND n.kind = 'acknowledgement'`, r.Reference))
	if len(r.TrackingCode) < 8 {
		t.Fatalf("tracking code %q in the client's acknowledgement", r.TrackingCode)
	}
	if _, err := f.db.LookupComplaint(f.ctx, r.Reference, r.TrackingCode); err != nil {
		t.Fatalf("the client's code opens nothing: %v", err)
	}
	f.pass(f.d)
	for _, n := range f.notices() {
		if n.Kind != postgres.NoticeAcknowledgement {
			continue
		}
		if n.PDF == nil {
			t.Fatalf("no letter: %s", n)
		}
		text := pdfText(t, n.PDF)
		has := strings.Contains(text, r.TrackingCode)
		switch n.Recipient {
		case "complainant":
			// The copy the meldpunt keeps has no code; the letter staff print from the queue has it.
			if has {
				t.Errorf("the kept copy of the client's acknowledgement shows the code:\n%s", text)
			}
			printed, _, err := f.db.NoticePDF(f.ctx, f.staff, n.ID)
			f.must(err)
			text = pdfText(t, printed)
			has = strings.Contains(text, r.TrackingCode)
			if !has || !strings.Contains(text, "Kruisweg 1") || !strings.Contains(text, "Uw cliëntondersteuner diende de klacht voor u in") {
				t.Errorf("the client's acknowledgement lacks the tracking code %s:\n%s", r.TrackingCode, text)
			}
		case "supporter":
			if has || n.Email != "ondersteuning@clientenbelang.example" {
				t.Errorf("the supporter's copy (to %s) shows the tracking code: %v\n%s", n.Email, has, text)
			}
		}
	}
}
