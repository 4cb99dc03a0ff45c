package postgres_test

import (
	"context"
	"testing"

	"meldpunt/internal/casework"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/term"
)

// TestRetentionDestroyOnMatchesCasework: the trigger that gives a closed case its destruction day
// computes it in SQL (retention_destroy_on); it must agree with casework.DestroyOn for every
// category on every day of a leap year and the year after.
func TestRetentionDestroyOnMatchesCasework(t *testing.T) {
	ctx := context.Background()
	db := pgtest.NewDB(t)
	for _, c := range casework.RetentionCategories {
		for d := term.NewDate(2028, 1, 1); d.Before(term.NewDate(2030, 1, 1)); d = d.AddDays(1) {
			var got term.Date
			if err := db.GetContext(ctx, &got, `SELECT retention_destroy_on($1::date, $2)`, d, string(c)); err != nil {
				t.Fatal(err)
			}
			if want := casework.DestroyOn(d, c); got != want {
				t.Errorf("%s from %s: SQL says %s, casework %s", c, d, got, want)
			}
		}
	}
}
