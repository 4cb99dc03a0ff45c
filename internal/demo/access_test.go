package demo_test

import (
	"context"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/demo"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

// TestDemoPrivacyOfficer: the demo has the privacy officer, fg@meldpunt.example, who signs in with
// the demo password and finds in the access log colleagues' openings of cases with their reasons,
// first.
func TestDemoPrivacyOfficer(t *testing.T) {
	ctx := context.Background()
	clock := pgtest.NewClock(time.Date(2026, time.November, 23, 10, 0, 0, 0, term.Amsterdam()))
	db := pgtest.NewDB(t)
	if _, err := demo.Load(ctx, db, clock.Now, postgres.DefaultTerms); err != nil {
		t.Fatal(err)
	}
	store := postgres.New(db, clock.Now, postgres.DefaultTerms)
	u, err := store.SignIn(ctx, "fg@meldpunt.example", demo.Password, time.Hour)
	if err != nil {
		t.Fatalf("the demo privacy officer cannot sign in: %v", err)
	}
	if u.User.Role != casework.RolePrivacy {
		t.Fatalf("fg@meldpunt.example has role %s", u.User.Role)
	}
	log, err := store.AccessLog(ctx, casework.ActorOf(u.User), casework.AccessFilter{Page: 1, PerPage: 10})
	if err != nil {
		t.Fatal(err)
	}
	reasons := 0
	for _, e := range log.Entries {
		if e.Reason != "" {
			reasons++
		}
	}
	if reasons < 3 || log.Entries[0].Reason == "" {
		t.Errorf("the demo's access log starts with %d rows with a reason: %+v", reasons, log.Entries)
	}
}
