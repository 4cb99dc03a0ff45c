package destruction_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"meldpunt/internal/casework"
	"meldpunt/internal/destruction"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

var ams = func() *time.Location {
	l, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic(err)
	}
	return l
}()

// withdrawnCases files n complaints and withdraws them on the clock's day; it returns their references.
func withdrawnCases(t *testing.T, db *postgres.DB, n int) []string {
	t.Helper()
	ctx := context.Background()
	org, err := db.CreateOrganisation(ctx, casework.Organisation{Name: "Jeugdteam Oost", Kind: casework.OrgDistrictTeam})
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for range n {
		r, err := db.FileComplaint(ctx, casework.ResidentActor, casework.Intake{
			Complainant:     casework.Contact{Name: "Geheime Naamdrager", Email: "geheim@example.nl"},
			OrganisationIDs: []int64{org.ID}, Grounds: []casework.Ground{casework.GroundProcedure},
			LifeDomains: []casework.LifeDomain{casework.DomainYouthCare}, Summary: "Mijn zoon wacht al maanden op hulp."})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Withdraw(ctx, casework.ResidentActor, r.Reference, casework.Closing{Reason: "Toch geholpen."}); err != nil {
			t.Fatal(err)
		}
		refs = append(refs, r.Reference)
	}
	return refs
}

// TestDestroyerWorksThroughApprovedCasesInBatches: the nightly count logs how many files wait
// (the count only), the destroyer destroys every approved file in batches of its size and counts
// them in /metrics; the log names no reference and no personal data; Run stops when its context ends.
func TestDestroyerWorksThroughApprovedCasesInBatches(t *testing.T) {
	clock := pgtest.NewClock(time.Date(2026, 3, 2, 10, 0, 0, 0, ams))
	db := pgtest.NewStore(t, clock)
	refs := withdrawnCases(t, db, 7)
	var logs bytes.Buffer
	d := destruction.New(db, slog.New(slog.NewJSONHandler(&logs, nil))).WithPace(3, time.Millisecond, 10*time.Millisecond)
	ctx := context.Background()

	clock.Set(time.Date(2027, 3, 2, 2, 30, 0, 0, ams))
	if n, err := d.CountDue(ctx); err != nil || n != 7 {
		t.Fatalf("nightly count %d (%v), want 7", n, err)
	}
	admin := casework.Actor{Role: casework.RoleAdmin, Label: "Ada Archivaris"}
	if _, err := db.ApproveDestruction(ctx, admin, refs[:5]); err != nil {
		t.Fatal(err)
	}
	if n, err := d.CountDue(ctx); err != nil || n != 2 {
		t.Fatalf("nightly count after approval %d (%v), want 2", n, err)
	}
	n, err := d.Pass(ctx)
	if err != nil || n != 5 {
		t.Fatalf("pass destroyed %d (%v), want 5", n, err)
	}
	var destroyed int
	if err := db.SQL().Get(&destroyed, `SELECT count(*) FROM complaints WHERE destroyed_at IS NOT NULL AND complainant_name = ''`); err != nil || destroyed != 5 {
		t.Fatalf("%d destroyed files (%v), want 5", destroyed, err)
	}
	if got := testutil.ToFloat64(d.Collectors()[0]); got != 5 {
		t.Errorf("meldpunt_cases_destroyed_total = %v, want 5", got)
	}
	if got := testutil.ToFloat64(d.Collectors()[1]); got != 2 {
		t.Errorf("meldpunt_cases_due_for_destruction = %v, want 2", got)
	}

	// Run takes what is approved later, and stops with its context.
	if _, err := db.ApproveDestruction(ctx, admin, refs[5:]); err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { d.Run(runCtx); close(done) }()
	deadline := time.Now().Add(10 * time.Second)
	for destroyed < 7 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		if err := db.SQL().Get(&destroyed, `SELECT count(*) FROM complaints WHERE destroyed_at IS NOT NULL`); err != nil {
			t.Fatal(err)
		}
	}
	stop()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop with its context")
	}
	if destroyed != 7 {
		t.Fatalf("Run destroyed %d of 7", destroyed)
	}
	for _, s := range append(refs, "Naamdrager", "geheim@") {
		if strings.Contains(logs.String(), s) {
			t.Errorf("the log holds %q:\n%s", s, logs.String())
		}
	}
	if !strings.Contains(logs.String(), `"count":7`) || !strings.Contains(logs.String(), `"destroyed":5`) {
		t.Errorf("the log lacks the counts:\n%s", logs.String())
	}
}
