package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

// advisedCase files a complaint about org, hears both sides and rules it founded, returning the
// advice issued to org.
func advisedCase(t *testing.T, db *postgres.DB, staff casework.Actor, org int64, supporter bool) casework.Advice {
	t.Helper()
	ctx := context.Background()
	in := casework.Intake{Complainant: casework.Contact{Name: "Cliënt", Email: "c@x.example"}, OrganisationIDs: []int64{org},
		Grounds: []casework.Ground{casework.GroundSolution}, LifeDomains: []casework.LifeDomain{casework.DomainWork},
		Summary: "Het re-integratietraject past niet bij wat ik kan."}
	if supporter {
		in.Supporter, in.SupporterConsent = &casework.Contact{Name: "Ondersteuner", Email: "o@x.example"}, true
	}
	r, err := db.FileComplaint(ctx, casework.ResidentActor, in)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.TakeUp(ctx, staff, r.Reference, casework.TakeUp{NotInvolved: true}); err != nil {
		t.Fatal(err)
	}
	for _, h := range []casework.Hearing{{Party: casework.PartyComplainant, Skipped: casework.SkipWaived, SkipNote: "afgezien"},
		{Party: casework.PartyOrganisation, OrganisationID: org, Skipped: casework.SkipWaived, SkipNote: "ziet af van horen"}} {
		if _, err := db.RecordHearing(ctx, staff, r.Reference, h); err != nil {
			t.Fatal(err)
		}
	}
	advices, err := db.Rule(ctx, staff, r.Reference, casework.Ruling{Verdict: casework.VerdictFounded, Findings: "f", Conclusions: "c",
		Advices: []casework.AdviceInput{{OrganisationID: org, Text: "Pas het plan aan."}}})
	if err != nil {
		t.Fatal(err)
	}
	return advices[0]
}

func TestSweepEnforcesOverdueAdviceOnce(t *testing.T) {
	ctx := context.Background()
	// Issued Monday 2026-11-23: last day Monday 2026-12-07, deadline 2026-12-08 00:00 CET.
	clock := pgtest.NewClock(time.Date(2026, 11, 23, 10, 0, 0, 0, term.Amsterdam()))
	db := pgtest.NewStore(t, clock)
	org, _ := db.CreateOrganisation(ctx, casework.Organisation{Name: "Sociaal Wijkteam Noord", Kind: casework.OrgDistrictTeam})
	u, _ := db.CreateUser(ctx, casework.NewUser{Email: "s@x.example", Name: "S", Role: casework.RoleStaff, Password: "long enough password"})
	staff := casework.ActorOf(u)
	withSupporter := advisedCase(t, db, staff, org.ID, true)
	without := advisedCase(t, db, staff, org.ID, false)
	deadline := time.Date(2026, 12, 8, 0, 0, 0, 0, term.Amsterdam())
	if !withSupporter.DeadlineAt.Equal(deadline) || withSupporter.RespondBy != "2026-12-07" {
		t.Fatalf("advice term %s / %s", withSupporter.RespondBy, withSupporter.DeadlineAt)
	}

	clock.Set(deadline.Add(-time.Microsecond))
	if res, err := db.Sweep(ctx, 0); err != nil || res.Enforced != 0 {
		t.Fatalf("sweep before the deadline: %+v %v", res, err)
	}
	// Three days of downtime: the first pass catches up.
	clock.Set(deadline.Add(72 * time.Hour))
	res, err := db.Sweep(ctx, 1)
	if err != nil || res.Enforced != 2 || res.Notices != 5 || res.Batches < 3 {
		t.Fatalf("catch-up sweep: %+v %v", res, err)
	}
	if res, err := db.Sweep(ctx, 0); err != nil || res.Enforced != 0 || res.Notices != 0 {
		t.Fatalf("second sweep: %+v %v", res, err)
	}
	for _, a := range []casework.Advice{withSupporter, without} {
		d, err := db.Advice(ctx, staff, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != casework.AdviceEnforced || d.EnforcedAt == nil || !d.EnforcedAt.Equal(clock.Now()) {
			t.Fatalf("advice %d: %s enforced at %v", a.ID, d.Status, d.EnforcedAt)
		}
		last := d.Timeline[len(d.Timeline)-1]
		if last.Action != "enforce" || !last.At.Equal(deadline) || !last.ProcessedAt.Equal(clock.Now()) || last.ActorRole != casework.RoleSystem {
			t.Fatalf("enforce event %+v", last)
		}
		if _, err := db.AcceptAdvice(ctx, casework.Actor{Role: casework.RoleOrganisation, OrganisationID: org.ID}, a.ID, casework.AnswerReceipt{}); casework.ErrorCode(err) != casework.CodeDeadlinePassed {
			t.Fatalf("late accept: %v", err)
		}
	}
	var kinds []string
	if err := db.SQL().Select(&kinds, `SELECT kind || '/' || recipient FROM notices WHERE advice_id = $1 AND kind LIKE 'enforced%' ORDER BY recipient`, withSupporter.ID); err != nil {
		t.Fatal(err)
	}
	if len(kinds) != 3 || kinds[0] != "enforced_complainant/complainant" || kinds[1] != "enforced_organisation/organisation" || kinds[2] != "enforced_complainant/supporter" {
		t.Fatalf("notices %v", kinds)
	}
}

// TestEveryTransitionWritesItsLetters follows one complaint with a supporter through the lifecycle
// and checks the outbox after each step: which letters, to whom, once.
func TestEveryTransitionWritesItsLetters(t *testing.T) {
	ctx := context.Background()
	clock := pgtest.NewClock(time.Date(2026, 11, 23, 10, 0, 0, 0, term.Amsterdam()))
	db := pgtest.NewStore(t, clock)
	orgA, _ := db.CreateOrganisation(ctx, casework.Organisation{Name: "Gemeente Haarlem", Kind: casework.OrgMunicipality})
	orgB, _ := db.CreateOrganisation(ctx, casework.Organisation{Name: "CJG Haarlem", Kind: casework.OrgYouthFamilyHub})
	u, _ := db.CreateUser(ctx, casework.NewUser{Email: "s@x.example", Name: "S", Role: casework.RoleStaff, Password: "long enough password"})
	staff := casework.ActorOf(u)
	letters := func() []string {
		t.Helper()
		var l []string
		if err := db.SQL().Select(&l, `SELECT kind || '/' || recipient || coalesce(':' || organisation_id, '') FROM notices ORDER BY id`); err != nil {
			t.Fatal(err)
		}
		return l
	}
	expect := func(step string, want ...string) {
		t.Helper()
		got := letters()
		if len(got) != len(want) {
			t.Fatalf("%s: letters %v, want %v", step, got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%s: letters %v, want %v", step, got, want)
			}
		}
	}
	a, b := fmt.Sprint(orgA.ID), fmt.Sprint(orgB.ID)
	r, err := db.FileComplaint(ctx, casework.ResidentActor, casework.Intake{
		Complainant: casework.Contact{Name: "Cliënt", Street: "Kruisweg 1", Postcode: "2011 LA", City: "Haarlem"},
		Supporter:   &casework.Contact{Name: "Ondersteuner", Email: "o@x.example"}, SupporterConsent: true,
		OrganisationIDs: []int64{orgA.ID, orgB.ID}, Grounds: []casework.Ground{casework.GroundProcedure},
		LifeDomains: []casework.LifeDomain{casework.DomainYouthCare}, Summary: "Niemand belt terug over de wachtlijst."})
	if err != nil {
		t.Fatal(err)
	}
	ack := []string{"acknowledgement/complainant", "acknowledgement/supporter"}
	expect("intake", ack...)
	if err := db.TakeUp(ctx, staff, r.Reference, casework.TakeUp{NotInvolved: true}); err != nil {
		t.Fatal(err)
	}
	copies := append(ack, "copy_to_organisation/organisation:"+a, "copy_to_organisation/organisation:"+b)
	expect("take-up", copies...)
	if _, err := db.Postpone(ctx, staff, r.Reference, casework.Postponement{Days: 14, Reason: "Wachten op stukken."}); err != nil {
		t.Fatal(err)
	}
	post := append(copies, "postponement/complainant", "postponement/supporter", "postponement/organisation:"+a, "postponement/organisation:"+b)
	expect("postponement", post...)
	for _, h := range []casework.Hearing{{Party: casework.PartyComplainant, Skipped: casework.SkipWaived, SkipNote: "afgezien"},
		{Party: casework.PartyOrganisation, OrganisationID: orgA.ID, Skipped: casework.SkipWaived, SkipNote: "-"},
		{Party: casework.PartyOrganisation, OrganisationID: orgB.ID, Skipped: casework.SkipWaived, SkipNote: "-"}} {
		if _, err := db.RecordHearing(ctx, staff, r.Reference, h); err != nil {
			t.Fatal(err)
		}
	}
	expect("hearings", post...)
	advices, err := db.Rule(ctx, staff, r.Reference, casework.Ruling{Verdict: casework.VerdictPartlyFounded, Findings: "f", Conclusions: "c",
		Advices: []casework.AdviceInput{{OrganisationID: orgA.ID, Text: "Bel terug."}, {OrganisationID: orgB.ID, Text: "Regel hulp."}}})
	if err != nil {
		t.Fatal(err)
	}
	ruled := append(post, "ruling/complainant", "ruling/supporter", "ruling/organisation:"+a, "ruling/organisation:"+b,
		"advice_issued/organisation:"+a, "advice_issued/organisation:"+b)
	expect("ruling", ruled...)
	if _, err := db.RejectAdvice(ctx, casework.Actor{Role: casework.RoleOrganisation, OrganisationID: orgA.ID}, advices[0].ID,
		casework.Rejection{Reasons: "Wij wijzen dit af omdat het terugbellen al structureel is geregeld sinds oktober."}, casework.AnswerReceipt{}); err != nil {
		t.Fatal(err)
	}
	rejected := append(ruled, "response_rejected/complainant", "response_rejected/supporter")
	expect("rejection", rejected...)
	clock.Set(advices[1].DeadlineAt)
	if res, err := db.Sweep(ctx, 0); err != nil || res.Enforced != 1 {
		t.Fatalf("sweep: %+v %v", res, err)
	}
	enforced := append(rejected, "enforced_complainant/complainant", "enforced_complainant/supporter", "enforced_organisation/organisation:"+b)
	expect("enforcement", enforced...)
	if _, err := db.ConfirmExecution(ctx, casework.Actor{Role: casework.RoleOrganisation, OrganisationID: orgB.ID}, advices[1].ID, "Hulp geregeld.", casework.AnswerReceipt{}); err != nil {
		t.Fatal(err)
	}
	expect("closed", append(enforced, "closed/complainant", "closed/supporter")...)
	// Nothing is written twice: a second sweep and a repeated close find nothing to add.
	if res, err := db.Sweep(ctx, 0); err != nil || res.Notices != 0 {
		t.Fatalf("second sweep: %+v %v", res, err)
	}
}
