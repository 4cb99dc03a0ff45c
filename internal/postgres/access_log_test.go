package postgres_test

import (
	"testing"
	"time"

	"meldpunt/internal/casework"
)

// TestAccessReasonHoldsForTheLocalDay: a reason stated for a colleague's case holds until midnight
// in Amsterdam, not in UTC, across the change to summer time too; the handler and a case without a
// handler need none; an action's view of the case needs none and is logged as such.
func TestAccessReasonHoldsForTheLocalDay(t *testing.T) {
	// Saturday 28 March 2026 in Amsterdam; summer time starts that night (02:00 becomes 03:00).
	f := newFx(t, local(2026, time.March, 28, 9, 0))
	ref := f.inTreatment(f.orgA.ID)
	colleague, err := f.db.CreateUser(f.ctx, casework.NewUser{Email: "bas@meldpunt.example.nl", Name: "Bas Jansen",
		Role: casework.RoleStaff, Password: "correct horse battery"})
	f.must(err)
	other := casework.ActorOf(colleague)
	page := casework.Access{Via: casework.AccessPage}

	_, err = f.db.OpenComplaint(f.ctx, other, ref, page)
	wantCode(t, err, casework.CodeReasonRequired)
	if need, err := f.db.AccessReasonNeeded(f.ctx, other, ref); err != nil || !need {
		t.Fatalf("AccessReasonNeeded = %v, %v", need, err)
	}
	wantCode(t, f.db.StateAccessReason(f.ctx, other, ref, " "), casework.CodeValidation)
	f.must(f.db.StateAccessReason(f.ctx, other, ref, "Klager belde met een vraag."))
	f.clock.Set(local(2026, time.March, 28, 23, 59))
	if _, err := f.db.OpenComplaint(f.ctx, other, ref, page); err != nil {
		t.Fatalf("the same day: %v", err)
	}
	// 00:30 on Sunday in Amsterdam is still Saturday in UTC: a new day, a new reason.
	f.clock.Set(local(2026, time.March, 29, 0, 30))
	_, err = f.db.OpenComplaint(f.ctx, other, ref, page)
	wantCode(t, err, casework.CodeReasonRequired)
	// Stated at 01:00 (before the clocks go forward at 02:00), it holds until the Sunday's end at
	// 23:59 summer time.
	f.clock.Set(local(2026, time.March, 29, 1, 0))
	if _, err := f.db.OpenComplaint(f.ctx, other, ref, casework.Access{Via: casework.AccessAPI, Reason: "Vervanging."}); err != nil {
		t.Fatal(err)
	}
	f.clock.Set(local(2026, time.March, 29, 23, 59))
	if _, err := f.db.OpenComplaint(f.ctx, other, ref, page); err != nil {
		t.Fatalf("late on the day of the change to summer time: %v", err)
	}
	// The handler, an action's view and a fresh case: no reason.
	if _, err := f.db.OpenComplaint(f.ctx, f.actor, ref, page); err != nil {
		t.Fatal(err)
	}
	f.clock.Set(local(2026, time.March, 30, 9, 0))
	if _, err := f.db.Complaint(f.ctx, other, ref); err != nil {
		t.Fatalf("an action's view: %v", err)
	}
	fresh := f.file(f.orgB.ID).Reference
	if _, err := f.db.OpenComplaint(f.ctx, other, fresh, page); err != nil {
		t.Fatal(err)
	}
	var rows []string
	f.must(f.sql.Select(&rows, `SELECT concat_ws('|', u.name, a.via, a.reason, to_char(a.at AT TIME ZONE 'Europe/Amsterdam', 'DD HH24:MI'))
		FROM access_log a JOIN users u ON u.id = a.user_id WHERE a.complaint_id = $1 ORDER BY a.id`, f.complaintID(ref)))
	want := []string{
		"Bas Jansen|page|Klager belde met een vraag.|28 09:00",
		"Bas Jansen|page||28 23:59",
		"Bas Jansen|api|Vervanging.|29 01:00",
		"Bas Jansen|page||29 23:59",
		"Anna de Vries|page||29 23:59",
		"Bas Jansen|action||30 09:00",
	}
	if len(rows) != len(want) {
		t.Fatalf("access log:\n%v\nwant\n%v", rows, want)
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d: %q, want %q", i, rows[i], want[i])
		}
	}
}
