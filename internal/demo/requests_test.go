package demo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/demo"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

// TestDemoSupportRequests: the demo holds support requests in every state, some for the member
// of the pool the demo supporter account belongs to, and one nobody picked up in time.
func TestDemoSupportRequests(t *testing.T) {
	ctx := context.Background()
	clock := pgtest.NewClock(time.Date(2026, time.November, 23, 10, 0, 0, 0, term.Amsterdam()))
	db := pgtest.NewDB(t)
	if _, err := demo.Load(ctx, db, clock.Now, postgres.DefaultTerms); err != nil {
		t.Fatal(err)
	}
	var statuses []string
	if err := db.SelectContext(ctx, &statuses, `SELECT DISTINCT status FROM support_requests ORDER BY status`); err != nil {
		t.Fatal(err)
	}
	for _, s := range casework.RequestStatuses {
		if !slices.Contains(statuses, string(s)) {
			t.Errorf("no demo request %s (have %v)", s, statuses)
		}
	}
	var mine int
	if err := db.GetContext(ctx, &mine, `SELECT count(*) FROM support_requests r JOIN users u ON u.supporter_id = r.supporter_id
		WHERE u.email = 'ondersteuner@meldpunt.example' AND r.status IN ('pending', 'accepted', 'referred')`); err != nil {
		t.Fatal(err)
	}
	if mine < 2 {
		t.Errorf("the demo supporter account has %d open requests", mine)
	}
	store := postgres.New(db, clock.Now, postgres.DefaultTerms)
	watched, _, err := store.WatchedSupportRequests(ctx, 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(watched) == 0 || !watched[0].Overdue {
		t.Errorf("no overdue demo request: %+v", watched)
	}
}
