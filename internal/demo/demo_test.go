package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/demo"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestDemoTextsAreVariedAndRealistic loads the demo and reads back what it wrote: the findings,
// conclusions, hearing reports and closing reasons vary from case to case; every text speaks of
// "het meldpunt" (never "de meldpunt"); and complaints go to organisations that do that work (the
// home-care provider hears about care, the housing corporation about housing).
func TestDemoTextsAreVariedAndRealistic(t *testing.T) {
	ctx := context.Background()
	clock := pgtest.NewClock(time.Date(2026, time.November, 23, 10, 0, 0, 0, term.Amsterdam()))
	db := pgtest.NewDB(t)
	loaded, err := demo.Load(ctx, db, clock.Now, postgres.DefaultTerms)
	if err != nil {
		t.Fatal(err)
	}
	distinct := func(what, query string, least int) {
		t.Helper()
		var n, all int
		if err := db.QueryRowContext(ctx, `SELECT count(DISTINCT x), count(x) FROM (`+query+`) q(x) WHERE x <> ''`).Scan(&n, &all); err != nil {
			t.Fatal(err)
		}
		if n < least {
			t.Errorf("%s: %d different texts over %d, want at least %d", what, n, all, least)
		}
	}
	distinct("findings", `SELECT findings FROM complaints`, 14)
	distinct("conclusions", `SELECT conclusions FROM complaints`, 35)
	distinct("hearing reports", `SELECT record FROM hearings`, 28)
	distinct("advices", `SELECT text FROM advices`, 14)
	distinct("reasons of withdrawal, resolution and inadmissibility",
		`SELECT reason FROM events WHERE action IN ('withdraw', 'resolve', 'declare_inadmissible')`, 9)
	distinct("postponement reasons", `SELECT reason FROM postponements`, 3)

	var wrong []string
	if err := db.SelectContext(ctx, &wrong, `
		SELECT left(x, 80) FROM (
			SELECT summary FROM complaints UNION ALL SELECT desired_outcome FROM complaints
			UNION ALL SELECT findings FROM complaints UNION ALL SELECT conclusions FROM complaints
			UNION ALL SELECT record FROM hearings
			UNION ALL SELECT reason FROM postponements UNION ALL SELECT reason FROM events
			UNION ALL SELECT text FROM advices UNION ALL SELECT text FROM recommendations
			UNION ALL SELECT comment FROM feedback UNION ALL SELECT dealt_with_note FROM feedback) q(x)
		WHERE x ~* '\mde meldpunt\M' GROUP BY x`); err != nil {
		t.Fatal(err)
	}
	if len(wrong) > 0 {
		t.Errorf("texts that say \"de meldpunt\" (it is het meldpunt): %s", strings.Join(wrong, " | "))
	}

	var misplaced []string
	if err := db.SelectContext(ctx, &misplaced, `
		SELECT DISTINCT o.name || ': ' || array_to_string(c.life_domains, ',')
		FROM complaints c JOIN complaint_organisations co ON co.complaint_id = c.id JOIN organisations o ON o.id = co.organisation_id
		WHERE (o.name = 'Thuiszorg Kennemerland' AND NOT 'care' = ANY (c.life_domains))
		   OR (o.name = 'Woonstichting Kennemer' AND NOT 'housing' = ANY (c.life_domains))
		   OR (o.name = 'Jeugdhulp Spaarne' AND NOT c.life_domains && ARRAY['youth_care', 'education'])`); err != nil {
		t.Fatal(err)
	}
	if len(misplaced) > 0 {
		t.Errorf("complaints about an organisation that does not do that work: %v", misplaced)
	}
	t.Logf("%d complaints", loaded.Complaints)
	checkDemoRetention(t, db, "2026-11-23") // retention_test.go
	checkDemoFeedback(t, db)                // feedback_test.go
}

// TestDemoPool: the demo pool has at least 8 active supporters of both kinds in Turkish, Arabic,
// Tamazight, Polish and English, one suspended with its reason, and the demo supporter's account
// belongs to one of them.
func TestDemoPool(t *testing.T) {
	ctx := context.Background()
	clock := pgtest.NewClock(time.Date(2026, time.November, 23, 10, 0, 0, 0, term.Amsterdam()))
	db := pgtest.NewDB(t)
	loaded, err := demo.Load(ctx, db, clock.Now, postgres.DefaultTerms)
	if err != nil {
		t.Fatal(err)
	}
	checkDemoTrajectories(t, db) // trajectories_test.go
	store := postgres.New(db, clock.Now, postgres.DefaultTerms)
	active, err := store.Supporters(ctx, casework.SupporterFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(active) < 8 || loaded.Supporters != len(active)+1 {
		t.Fatalf("%d active supporters of %d loaded, want at least 8 and one suspended", len(active), loaded.Supporters)
	}
	kinds := map[casework.SupporterKind]bool{}
	for _, s := range active {
		kinds[s.Kind] = true
	}
	if len(kinds) != 2 {
		t.Errorf("kinds %v, want organisations and professionals", kinds)
	}
	for _, lang := range []string{"tr", "ar", "ber", "pl", "en"} {
		if list, _ := store.Supporters(ctx, casework.SupporterFilter{Languages: []string{lang}}); len(list) == 0 {
			t.Errorf("no supporter speaks %s", lang)
		}
	}
	var reason string
	if err := db.GetContext(ctx, &reason, `SELECT reason FROM supporter_events WHERE kind = 'suspended'`); err != nil || reason == "" {
		t.Errorf("suspension reason %q: %v", reason, err)
	}
	var name string
	if err := db.GetContext(ctx, &name, `SELECT s.name FROM users u JOIN supporters s ON s.id = u.supporter_id
		WHERE u.email = 'ondersteuner@meldpunt.example'`); err != nil || name != "Cliëntenbelang Haarlem" {
		t.Errorf("the demo supporter's account belongs to %q (%v)", name, err)
	}
}
