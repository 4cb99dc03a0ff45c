package postgres_test

import (
	"context"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/term"
)

func TestIntakeToClosedAdvice(t *testing.T) {
	ctx := context.Background()
	clock := pgtest.NewClock(time.Date(2026, 3, 2, 10, 0, 0, 0, term.Amsterdam()))
	db := pgtest.NewStore(t, clock)
	org, err := db.CreateOrganisation(ctx, casework.Organisation{Name: "Sociaal Wijkteam Oost", Kind: casework.OrgDistrictTeam})
	if err != nil {
		t.Fatal(err)
	}
	staff, err := db.CreateUser(ctx, casework.NewUser{Email: "s@x.example", Name: "Staff", Role: casework.RoleStaff, Password: "long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := db.FileComplaint(ctx, casework.ResidentActor, casework.Intake{
		Complainant: casework.Contact{Name: "Cliënt", Email: "c@x.example"}, OrganisationIDs: []int64{org.ID},
		Grounds: []casework.Ground{casework.GroundTreatment}, LifeDomains: []casework.LifeDomain{casework.DomainCare},
		Summary: "Ik werd onvriendelijk behandeld aan de balie."})
	if err != nil {
		t.Fatal(err)
	}
	// 2026-03-02 + 42 days = 2026-04-13 (Monday, a working day).
	if r.HandlingLastDay != "2026-04-13" || len(r.Reference) != len("MP-2026-000001") {
		t.Fatalf("receipt %+v", r)
	}
	a := casework.ActorOf(staff)
	if err := db.TakeUp(ctx, a, r.Reference, casework.TakeUp{NotInvolved: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Rule(ctx, a, r.Reference, casework.Ruling{Verdict: casework.VerdictFounded, Findings: "f", Conclusions: "c",
		Advices: []casework.AdviceInput{{OrganisationID: org.ID, Text: "Bied excuses aan."}}}); casework.ErrorCode(err) != casework.CodeValidation {
		t.Fatalf("ruling without hearings: %v", err)
	}
	clock.Set(time.Date(2026, 3, 11, 9, 0, 0, 0, term.Amsterdam()))
	for _, h := range []casework.Hearing{{Party: casework.PartyComplainant, HeldOn: "2026-03-10", Record: "gehoord"},
		{Party: casework.PartyOrganisation, OrganisationID: org.ID, Skipped: casework.SkipWaived, SkipNote: "ziet af van horen"}} {
		if _, err := db.RecordHearing(ctx, a, r.Reference, h); err != nil {
			t.Fatal(err)
		}
	}
	advices, err := db.Rule(ctx, a, r.Reference, casework.Ruling{Verdict: casework.VerdictFounded, Findings: "f", Conclusions: "c",
		Advices: []casework.AdviceInput{{OrganisationID: org.ID, Text: "Bied excuses aan."}}})
	if err != nil {
		t.Fatal(err)
	}
	// Issued Wednesday 2026-03-11: last day 2026-03-25 (Wednesday); deadline 2026-03-26 00:00 CET.
	if len(advices) != 1 || advices[0].RespondBy != "2026-03-25" ||
		!advices[0].DeadlineAt.Equal(time.Date(2026, 3, 26, 0, 0, 0, 0, term.Amsterdam())) {
		t.Fatalf("advices %+v", advices)
	}
	orgActor := casework.Actor{Role: casework.RoleOrganisation, OrganisationID: org.ID}
	if _, err := db.AcceptAdvice(ctx, orgActor, advices[0].ID, casework.AnswerReceipt{}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ConfirmExecution(ctx, orgActor, advices[0].ID, "gedaan", casework.AnswerReceipt{}); err != nil {
		t.Fatal(err)
	}
	c, err := db.Complaint(ctx, a, r.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != casework.StatusClosed || len(c.Timeline) != 9 || c.Timeline[4].Action != "rule_granted" || c.Timeline[5].Action != "issue" {
		t.Fatalf("status %s, %d events: %+v", c.Status, len(c.Timeline), c.Timeline)
	}
}

func TestReferencesGrowPastSixDigits(t *testing.T) {
	ctx := context.Background()
	clock := pgtest.NewClock(time.Date(2026, 6, 1, 12, 0, 0, 0, term.Amsterdam()))
	db := pgtest.NewStore(t, clock)
	org, err := db.CreateOrganisation(ctx, casework.Organisation{Name: "CJG Haarlem", Kind: casework.OrgYouthFamilyHub})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`SELECT setval('complaint_number_seq', 999998)`); err != nil {
		t.Fatal(err)
	}
	var refs []string
	for range 2 {
		r, err := db.FileComplaint(ctx, casework.ResidentActor, casework.Intake{
			Complainant: casework.Contact{Name: "K", Email: "k@example.nl"}, OrganisationIDs: []int64{org.ID},
			Grounds: []casework.Ground{casework.GroundProcedure}, LifeDomains: []casework.LifeDomain{casework.DomainYouthCare},
			Summary: "Geen antwoord op mijn vraag."})
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, r.Reference)
	}
	if refs[0] != "MP-2026-999999" || refs[1] != "MP-2026-1000000" {
		t.Fatalf("references %v", refs)
	}
}
