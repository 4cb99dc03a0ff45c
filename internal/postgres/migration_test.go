package postgres_test

import (
	"context"
	"testing"

	"github.com/pressly/goose/v3"

	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/migrations"
)

// TestMigrationSplitsOrganisationAddresses: migration 00008 moves the one-line address of an
// organisation into street, postcode and town; a line it cannot read stays whole in street, and the
// organisation then shows its address as incomplete. Going down joins the parts again.
func TestMigrationSplitsOrganisationAddresses(t *testing.T) {
	ctx := context.Background()
	db := pgtest.NewDB(t)
	p, err := goose.NewProvider(goose.DialectPostgres, db.DB, migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 7); err != nil {
		t.Fatalf("down to 7: %v", err)
	}
	lines := map[string]string{
		"A": "Zijlsingel 2, 2013 DN Haarlem",
		"B": " Postbus 511,2003pb  Haarlem ",
		"C": "Kennemerplein 6 2011 MJ Haarlem",
		"D": "Spaarne 96 Haarlem",
		"E": "",
		"F": "Grote Houtstraat 1a-3, 2011 SV 's-Gravenhage",
	}
	for name, line := range lines {
		if _, err := db.ExecContext(ctx, `INSERT INTO organisations (name, kind, address, created_at) VALUES ($1, 'other', $2, now())`,
			name, line); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up: %v", err)
	}
	store := postgres.New(db, pgtest.NewClock(local(2026, 11, 23, 10, 0)).Now, postgres.DefaultTerms)
	orgs, err := store.Organisations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][3]string{
		"A": {"Zijlsingel 2", "2013 DN", "Haarlem"},
		"B": {"Postbus 511", "2003 PB", "Haarlem"},
		"C": {"Kennemerplein 6", "2011 MJ", "Haarlem"},
		"D": {"Spaarne 96 Haarlem", "", ""},
		"E": {"", "", ""},
		"F": {"Grote Houtstraat 1a-3", "2011 SV", "'s-Gravenhage"},
	}
	for _, o := range orgs {
		w := want[o.Name]
		if got := [3]string{o.Street, o.Postcode, o.City}; got != w {
			t.Errorf("%s %q: became %q, want %q", o.Name, lines[o.Name], got, w)
		}
		if o.AddressIncomplete() != (o.Name == "D") {
			t.Errorf("%s: address incomplete %v", o.Name, o.AddressIncomplete())
		}
	}
	if len(orgs) != len(want) {
		t.Fatalf("%d organisations", len(orgs))
	}

	if _, err := p.DownTo(ctx, 7); err != nil {
		t.Fatalf("down again: %v", err)
	}
	var back string
	if err := db.GetContext(ctx, &back, `SELECT address FROM organisations WHERE name = 'A'`); err != nil {
		t.Fatal(err)
	}
	if back != "Zijlsingel 2, 2013 DN Haarlem" {
		t.Errorf("down: address %q", back)
	}
}
