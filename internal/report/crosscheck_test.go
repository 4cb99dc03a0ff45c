package report_test

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

// TestFiguresAgreeWithPlainSQL checks the single-scan figures against plain, one-figure-at-a-time
// SQL (count(*) per category, percentile_cont for the median, count(DISTINCT) per kind) on
// generated years of several sizes, with complaints about two life domains, two grounds and two
// organisations, so that every way of counting a complaint once per category is exercised.
func TestFiguresAgreeWithPlainSQL(t *testing.T) {
	for _, n := range []int{1, 2, 7, 1000, 4001} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			ctx := context.Background()
			db := pgtest.NewDB(t)
			store := postgres.New(db, func() time.Time { return time.Date(2026, 2, 1, 9, 0, 0, 0, term.Amsterdam()) }, postgres.DefaultTerms)
			staff, err := store.CreateUser(ctx, casework.NewUser{Email: "s@x.example", Name: "S", Role: casework.RoleStaff,
				Password: "een-lang-wachtwoord-voor-tests"})
			if err != nil {
				t.Fatal(err)
			}
			for i := range 60 {
				if _, err := store.CreateOrganisation(ctx, casework.Organisation{Name: fmt.Sprint("Organisatie ", i),
					Kind: casework.OrgKinds[i%len(casework.OrgKinds)]}); err != nil {
					t.Fatal(err)
				}
			}
			if err := seedYear(ctx, db, 2024, n/2+1, staff.ID); err != nil {
				t.Fatal(err)
			}
			if err := seedYear(ctx, db, 2025, n, staff.ID); err != nil {
				t.Fatal(err)
			}
			f, err := store.AnnualFigures(ctx, 2025)
			if err != nil {
				t.Fatal(err)
			}
			from := time.Date(2025, 1, 1, 0, 0, 0, 0, term.Amsterdam())
			to := from.AddDate(1, 0, 0)
			prev := from.AddDate(-1, 0, 0)
			one := func(query string, args ...any) int {
				t.Helper()
				var v int
				if err := db.Get(&v, query, args...); err != nil {
					t.Fatalf("%s: %v", query, err)
				}
				return v
			}
			const inYear = `c.received_at >= $1 AND c.received_at < $2`
			for _, y := range []struct {
				s        casework.YearSummary
				from, to time.Time
			}{{f.Summary, from, to}, {f.Previous, prev, from}} {
				if got, want := y.s.Received, one(`SELECT count(*) FROM complaints c WHERE `+inYear, y.from, y.to); got != want {
					t.Errorf("%d received: %d, want %d", y.s.Year, got, want)
				}
				if got, want := y.s.Ruled, one(`SELECT count(*) FROM complaints c WHERE verdict IS NOT NULL AND `+inYear, y.from, y.to); got != want {
					t.Errorf("%d ruled: %d, want %d", y.s.Year, got, want)
				}
				if got, want := y.s.WithSupporter, one(`SELECT count(*) FROM complaints c WHERE supporter_name <> '' AND `+inYear, y.from, y.to); got != want {
					t.Errorf("%d with supporter: %d, want %d", y.s.Year, got, want)
				}
				if got, want := y.s.AdvicesEnforced, one(`SELECT count(*) FROM advices a JOIN complaints c ON c.id = a.complaint_id
					WHERE a.enforced_at IS NOT NULL AND `+inYear, y.from, y.to); got != want {
					t.Errorf("%d enforced: %d, want %d", y.s.Year, got, want)
				}
				var median *float64
				if err := db.Get(&median, `SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY
					(ruled_at AT TIME ZONE 'Europe/Amsterdam')::date - (received_at AT TIME ZONE 'Europe/Amsterdam')::date)::numeric, 1)::float8
					FROM complaints c WHERE ruled_at IS NOT NULL AND `+inYear, y.from, y.to); err != nil {
					t.Fatal(err)
				}
				if (median == nil) != (y.s.MedianDaysToRuling == nil) || (median != nil && math.Abs(*median-*y.s.MedianDaysToRuling) > 1e-9) {
					t.Errorf("%d median: %v, percentile_cont says %v", y.s.Year, deref(y.s.MedianDaysToRuling), deref(median))
				}
			}
			for _, b := range f.ByLifeDomain {
				if want := one(`SELECT count(*) FROM complaints c WHERE $3 = ANY (life_domains) AND `+inYear, from, to, b.Key); b.Complaints != want {
					t.Errorf("domain %s: %d, want %d", b.Key, b.Complaints, want)
				}
				if want := one(`SELECT count(*) FROM complaints c WHERE $3 = ANY (life_domains) AND `+inYear, prev, from, b.Key); b.Previous != want {
					t.Errorf("domain %s last year: %d, want %d", b.Key, b.Previous, want)
				}
			}
			for _, b := range f.ByGround {
				if want := one(`SELECT count(*) FROM complaints c WHERE $3 = ANY (grounds) AND verdict IN ('founded', 'partly_founded') AND `+inYear,
					from, to, b.Key); b.Granted != want {
					t.Errorf("ground %s granted: %d, want %d", b.Key, b.Granted, want)
				}
			}
			for _, b := range f.ByChannel {
				if want := one(`SELECT count(*) FROM complaints c WHERE channel = $3 AND `+inYear, from, to, b.Key); b.Complaints != want {
					t.Errorf("channel %s: %d, want %d", b.Key, b.Complaints, want)
				}
			}
			for _, b := range f.ByMonth {
				if want := one(`SELECT count(*) FROM complaints c WHERE to_char(received_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM') = $3 AND `+inYear,
					from, to, b.Key); b.Complaints != want {
					t.Errorf("month %s: %d, want %d", b.Key, b.Complaints, want)
				}
			}
			for _, k := range f.ByOrganisationKind {
				want := one(`SELECT count(DISTINCT c.id) FROM complaints c JOIN complaint_organisations co ON co.complaint_id = c.id
					JOIN organisations o ON o.id = co.organisation_id WHERE o.kind = $3 AND `+inYear, from, to, k.Kind)
				if !agrees(k.Complaints, want) {
					t.Errorf("kind %s: %v, want %v", k.Kind, k.Complaints, suppressed(want))
				}
			}
			for _, o := range f.ByOrganisation {
				want := one(`SELECT count(*) FROM complaints c JOIN complaint_organisations co ON co.complaint_id = c.id
					JOIN organisations o ON o.id = co.organisation_id WHERE o.name = $3 AND `+inYear, from, to, o.Organisation)
				if !agrees(o.Complaints, want) {
					t.Errorf("organisation %s: %v, want %v", o.Organisation, o.Complaints, suppressed(want))
				}
			}
			for _, o := range f.AdviceOutcomes {
				want := one(`SELECT count(*) FROM advices a JOIN complaints c ON c.id = a.complaint_id
					JOIN organisations o ON o.id = a.organisation_id WHERE o.name = $3 AND a.status = 'rejected' AND `+inYear, from, to, o.Organisation)
				if !agrees(o.Rejected, want) {
					t.Errorf("organisation %s rejected: %v, want %v", o.Organisation, o.Rejected, suppressed(want))
				}
			}
			for _, g := range f.RejectionGrounds {
				want := one(`SELECT count(*) FROM advices a JOIN complaints c ON c.id = a.complaint_id
					WHERE a.rejection_ground = $3 AND `+inYear, from, to, g.Ground)
				if !agrees(g.Count, want) {
					t.Errorf("ground %s: %v, want %d", g.Ground, g.Count, want)
				}
			}
		})
	}
}

// agrees reports whether a published count fits the true count n: shown as n, hidden when under
// 5, or withheld (secondary suppression) when 5 or more.
func agrees(got casework.Suppressed, n int) bool {
	return got == suppressed(n) || (got.Withheld && n >= casework.SmallCountLimit)
}

func suppressed(n int) casework.Suppressed {
	if n < casework.SmallCountLimit {
		return casework.Suppressed{Hidden: true}
	}
	return casework.Suppressed{N: n}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
