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

// TestDemoMunicipalityAccount: the demo has the municipality's policy officer,
// gemeente@meldpunt.example, who signs in with the demo password.
func TestDemoMunicipalityAccount(t *testing.T) {
	ctx := context.Background()
	clock := pgtest.NewClock(time.Date(2026, time.November, 23, 10, 0, 0, 0, term.Amsterdam()))
	db := pgtest.NewDB(t)
	loaded, err := demo.Load(ctx, db, clock.Now, postgres.DefaultTerms)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, u := range loaded.Accounts {
		if u.Email == "gemeente@meldpunt.example" {
			found = u.Role == casework.RoleMunicipality
		}
	}
	if !found {
		t.Fatal("no municipality account gemeente@meldpunt.example in the demo")
	}
	store := postgres.New(db, clock.Now, postgres.DefaultTerms)
	if _, err := store.SignIn(ctx, "gemeente@meldpunt.example", demo.Password, time.Hour); err != nil {
		t.Errorf("the demo municipality cannot sign in: %v", err)
	}
}
