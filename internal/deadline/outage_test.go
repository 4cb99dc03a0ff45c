package deadline_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/deadline"
	"meldpunt/internal/letter"
	"meldpunt/internal/notice"
	"meldpunt/internal/pgcluster"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

// TestSweepResumesAfterTheDatabaseWasAway stops the database server under a running sweeper and
// dispatcher: the passes in between fail (and say so), and the first passes after the server is back
// enforce what fell due meanwhile and deliver its letters, on the same connection pool, without a
// restart.
func TestSweepResumesAfterTheDatabaseWasAway(t *testing.T) {
	ctx := context.Background()
	cl, opts, sqldb := pgtest.StoppableCluster(t, ctx)
	clock := pgtest.NewClock(time.Date(2026, 11, 23, 10, 0, 0, 0, term.Amsterdam()))
	store := postgres.New(sqldb, clock.Now, postgres.DefaultTerms)
	advice := advised(t, store)
	sweeper := deadline.New(store, slog.New(slog.DiscardHandler), 10*time.Second)
	tpl, err := letter.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg := notice.DefaultConfig
	cfg.Sender = letter.SampleSender()
	dispatcher := notice.New(store, tpl, nil, slog.New(slog.DiscardHandler), cfg)

	if err := cl.Stop(); err != nil {
		t.Fatal(err)
	}
	clock.Set(advice.DeadlineAt.Add(time.Hour))
	if _, err := sweeper.Pass(ctx); err == nil {
		t.Fatal("a sweep without a database reported success")
	}
	if _, err := dispatcher.Pass(ctx); err == nil {
		t.Fatal("a dispatch without a database reported success")
	}
	if cl, err = pgcluster.Start(ctx, opts); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Stop() })
	// The pool reconnects by itself; the first pass may still hit a connection the restart broke.
	var res postgres.SweepResult
	for range 3 {
		if res, err = sweeper.Pass(ctx); err == nil {
			break
		}
	}
	if err != nil || res.Enforced != 1 {
		t.Fatalf("pass after the outage: %+v %v", res, err)
	}
	// Everything written before and after the outage is delivered (no SMTP here: the print queue).
	out, err := dispatcher.Pass(ctx)
	if err != nil || out.Print == 0 || out.Failed != 0 {
		var reasons []string
		sqldb.Select(&reasons, `SELECT kind || ': ' || last_error FROM notices WHERE status = 'failed'`)
		t.Fatalf("dispatch after the outage: %+v %v %q", out, err, reasons)
	}
	var pending int
	if err := sqldb.Get(&pending, `SELECT count(*) FROM notices WHERE status <> 'print'`); err != nil || pending != 0 {
		t.Fatalf("%d notices not delivered (%v)", pending, err)
	}
}

func advised(t *testing.T, db *postgres.DB) casework.Advice {
	t.Helper()
	ctx := context.Background()
	org, err := db.CreateOrganisation(ctx, casework.Organisation{Name: "Sociaal Wijkteam Zuid-West", Kind: casework.OrgDistrictTeam})
	if err != nil {
		t.Fatal(err)
	}
	u, err := db.CreateUser(ctx, casework.NewUser{Email: "s@x.example", Name: "S", Role: casework.RoleStaff, Password: "long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	staff := casework.ActorOf(u)
	r, err := db.FileComplaint(ctx, casework.ResidentActor, casework.Intake{Complainant: casework.Contact{Name: "K", Email: "k@x.example", Street: "Zijlweg 1", Postcode: "2013 DA", City: "Haarlem"},
		OrganisationIDs: []int64{org.ID}, Grounds: []casework.Ground{casework.GroundTreatment},
		LifeDomains: []casework.LifeDomain{casework.DomainWellbeing}, Summary: "Niet serieus genomen aan de telefoon."})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.TakeUp(ctx, staff, r.Reference, casework.TakeUp{NotInvolved: true}); err != nil {
		t.Fatal(err)
	}
	for _, h := range []casework.Hearing{{Party: casework.PartyComplainant, Skipped: casework.SkipWaived, SkipNote: "afgezien"},
		{Party: casework.PartyOrganisation, OrganisationID: org.ID, Skipped: casework.SkipWaived, SkipNote: "-"}} {
		if _, err := db.RecordHearing(ctx, staff, r.Reference, h); err != nil {
			t.Fatal(err)
		}
	}
	advices, err := db.Rule(ctx, staff, r.Reference, casework.Ruling{Verdict: casework.VerdictFounded, Findings: "f", Conclusions: "c",
		Advices: []casework.AdviceInput{{OrganisationID: org.ID, Text: "Bel de klager terug."}}})
	if err != nil {
		t.Fatal(err)
	}
	return advices[0]
}
