package postgres_test

import (
	"context"
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
		in.Supporter = &casework.Contact{Name: "Ondersteuner", Email: "o@x.example"}
	}
	r, err := db.FileComplaint(ctx, casework.ResidentActor, in)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.TakeUp(ctx, staff, r.Reference, casework.TakeUp{NotInvolved: true}); err != nil {
		t.Fatal(err)
	}
	for _, h := range []casework.Hearing{{Party: casework.PartyComplainant, Skipped: casework.SkipWaived, SkipNote: "afgezien"},
		{Party: casework.PartyOrganisation, OrganisationID: org, Skipped: casework.SkipNoResponse, SkipNote: "geen reactie"}} {
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
	if err != nil || res.Enforced != 2 || res.Notices != 5 || res.Batches != 3 {
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
		if _, err := db.AcceptAdvice(ctx, casework.Actor{Role: casework.RoleOrganisation, OrganisationID: org.ID}, a.ID); casework.ErrorCode(err) != casework.CodeDeadlinePassed {
			t.Fatalf("late accept: %v", err)
		}
	}
	var kinds []string
	if err := db.SQL().Select(&kinds, `SELECT kind || '/' || recipient FROM notices WHERE advice_id = $1 ORDER BY recipient`, withSupporter.ID); err != nil {
		t.Fatal(err)
	}
	if len(kinds) != 3 || kinds[0] != "enforced_complainant/complainant" || kinds[1] != "enforced_organisation/organisation" || kinds[2] != "enforced_complainant/supporter" {
		t.Fatalf("notices %v", kinds)
	}
}
