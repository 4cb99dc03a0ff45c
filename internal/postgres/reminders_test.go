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

func TestRemindersOncePerDayInOfficeHours(t *testing.T) {
	ctx := context.Background()
	at := func(y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, term.Amsterdam())
	}
	setup := func(t *testing.T) (*postgres.DB, *pgtest.Clock, casework.Advice) {
		// Issued Monday 2026-11-23: last day Monday 2026-12-07. Five working days before it is
		// Monday 2026-11-30; one working day before it is Friday 2026-12-04.
		clock := pgtest.NewClock(at(2026, 11, 23, 10, 0))
		db := pgtest.NewStore(t, clock)
		org, _ := db.CreateOrganisation(ctx, casework.Organisation{Name: "Thuiszorg Kennemerland", Kind: casework.OrgCareProvider})
		u, _ := db.CreateUser(ctx, casework.NewUser{Email: "s@x.example", Name: "S", Role: casework.RoleStaff, Password: "long enough password"})
		a := advisedCase(t, db, casework.ActorOf(u), org.ID, false)
		if a.RespondBy != "2026-12-07" {
			t.Fatalf("respond by %s", a.RespondBy)
		}
		return db, clock, a
	}
	reminders := func(t *testing.T, db *postgres.DB, a casework.Advice) []string {
		t.Helper()
		var got []string
		if err := db.SQL().Select(&got, `SELECT (data->>'working_days_before') || '/' || (data->>'working_days_left')
			FROM notices WHERE kind = 'reminder' AND advice_id = $1 ORDER BY id`, a.ID); err != nil {
			t.Fatal(err)
		}
		return got
	}
	pass := func(t *testing.T, db *postgres.DB, clock *pgtest.Clock, when time.Time, want int) {
		t.Helper()
		clock.Set(when)
		n, err := db.SendReminders(ctx, postgres.DefaultReminders)
		if err != nil || n != want {
			t.Fatalf("reminders at %s: %d, %v; want %d", when, n, err, want)
		}
	}

	t.Run("five_and_one_working_days_before_each_once", func(t *testing.T) {
		db, clock, a := setup(t)
		pass(t, db, clock, at(2026, 11, 27, 10, 0), 0) // Friday before: too early
		pass(t, db, clock, at(2026, 11, 30, 7, 59), 0) // Monday before office hours
		pass(t, db, clock, at(2026, 11, 30, 8, 0), 1)
		pass(t, db, clock, at(2026, 11, 30, 15, 0), 0) // once
		pass(t, db, clock, at(2026, 12, 3, 10, 0), 0)
		pass(t, db, clock, at(2026, 12, 4, 18, 0), 0) // after office hours
		pass(t, db, clock, at(2026, 12, 4, 17, 59), 1)
		pass(t, db, clock, at(2026, 12, 7, 9, 0), 0)
		// 5 days before: 1, 2, 3, 4 and 7 December are left; 1 day before: the 7th.
		if got := reminders(t, db, a); len(got) != 2 || got[0] != "5/5" || got[1] != "1/1" {
			t.Fatalf("reminders %v", got)
		}
	})

	t.Run("none_on_a_weekend", func(t *testing.T) {
		db, clock, a := setup(t)
		pass(t, db, clock, at(2026, 12, 5, 11, 0), 0) // Saturday, though both are due
		pass(t, db, clock, at(2026, 12, 6, 11, 0), 0) // Sunday
		pass(t, db, clock, at(2026, 12, 7, 9, 0), 1)  // Monday: only the most urgent one
		pass(t, db, clock, at(2026, 12, 7, 10, 0), 0)
		if got := reminders(t, db, a); len(got) != 1 || got[0] != "1/0" {
			t.Fatalf("after the weekend: %v", got)
		}
	})

	t.Run("an_equated_day_added_later_moves_the_reminder", func(t *testing.T) {
		db, clock, a := setup(t)
		pass(t, db, clock, at(2026, 11, 30, 10, 0), 1)
		// Friday 4 December becomes a day equated to a holiday: the one-day reminder moves to Thursday 3.
		if err := db.AddEquatedDay(ctx, postgres.EquatedDay{Day: term.NewDate(2026, 12, 4), Label: "Gelijkgestelde dag"}); err != nil {
			t.Fatal(err)
		}
		pass(t, db, clock, at(2026, 12, 3, 10, 0), 1)
		pass(t, db, clock, at(2026, 12, 4, 10, 0), 0) // a non-working day now, and sent already
		if got := reminders(t, db, a); len(got) != 2 || got[1] != "1/1" {
			t.Fatalf("reminders %v", got)
		}
	})

	t.Run("none_after_an_answer", func(t *testing.T) {
		db, clock, a := setup(t)
		if _, err := db.AcceptAdvice(ctx, casework.Actor{Role: casework.RoleOrganisation, OrganisationID: a.OrganisationID}, a.ID, casework.AnswerReceipt{}); err != nil {
			t.Fatal(err)
		}
		pass(t, db, clock, at(2026, 11, 30, 10, 0), 0)
	})
}
