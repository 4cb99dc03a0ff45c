package postgres_test

import (
	"testing"
	"time"

	"meldpunt/internal/casework"
)

// trackFx is a store with two members of the pool (MEE and Raadslieden), a suspended one, and a
// supporter account for each of the first two plus one that belongs to none.
type trackFx struct {
	*fx
	mee, raad, suspended  casework.Supporter
	asMee, asRaad, asNone casework.Actor
}

func newTrackFx(t *testing.T) *trackFx {
	t.Helper()
	f := &trackFx{fx: newFx(t, local(2026, 3, 3, 10, 0))}
	admin := casework.Actor{UserID: f.staff.ID, Role: casework.RoleAdmin}
	admit := func(name string) casework.Supporter {
		s, err := f.db.AdmitSupporter(f.ctx, admin, profile(name, []casework.LifeDomain{casework.DomainCare}, []string{"nl"},
			casework.SupporterContact{Phone: "023 123 4567"}))
		f.must(err)
		return s
	}
	f.mee, f.raad, f.suspended = admit("MEE"), admit("Raadslieden"), admit("Geschorst")
	_, err := f.db.SetSupporterStatus(f.ctx, admin, f.suspended.ID, casework.SupporterSuspended, "Levert nu ook zorg.")
	f.must(err)
	account := func(email string, supporterID int64) casework.Actor {
		u, err := f.db.CreateUser(f.ctx, casework.NewUser{Email: email, Name: "Ondersteuner " + email, Role: casework.RoleSupporter,
			SupporterID: supporterID, Password: "correct horse battery " + email})
		f.must(err)
		return casework.ActorOf(u)
	}
	f.asMee, f.asRaad, f.asNone = account("mee@pool.example", f.mee.ID), account("raad@pool.example", f.raad.ID), account("los@pool.example", 0)
	return f
}

func (f *trackFx) start(as casework.Actor, label, on string) casework.Trajectory {
	f.t.Helper()
	tr, err := f.db.CreateTrajectory(f.ctx, as, casework.TrajectoryInput{ClientLabel: label, StartedOn: on,
		LifeDomains: []casework.LifeDomain{casework.DomainIncome, casework.DomainCare}})
	f.must(err)
	return tr
}

// TestTrajectoryLifecycle: a supporter starts a trajectory, records issues, activities and
// referrals, removes a mistaken one, sees the hours and the last contact, closes it with an outcome
// (not before its last record), cannot add to it while closed, and reopens it.
func TestTrajectoryLifecycle(t *testing.T) {
	f := newTrackFx(t)
	tr := f.start(f.asMee, "  MdV ", "2026-01-12")
	if tr.ClientLabel != "MdV" || tr.SupporterID != f.mee.ID || tr.StartedOn != "2026-01-12" || !tr.Open() ||
		len(tr.LifeDomains) != 2 || tr.LifeDomains[0] != casework.DomainCare {
		t.Fatalf("started %+v", tr)
	}
	var err error
	tr, err = f.db.AddTrajectoryIssue(f.ctx, f.asMee, tr.ID, casework.IssueInput{Topic: casework.TopicDebts, NotedOn: "2026-01-12"})
	f.must(err)
	tr, err = f.db.AddTrajectoryIssue(f.ctx, f.asMee, tr.ID, casework.IssueInput{Topic: casework.TopicHousingShelter, NotedOn: "2026-02-02"})
	f.must(err)
	for _, a := range []casework.ActivityInput{
		{OnDate: "2026-01-12", Channel: casework.ActivityWalkIn, Minutes: 60},
		{OnDate: "2026-01-20", Channel: casework.ActivityHomeVisit, Minutes: 90},
		{OnDate: "2026-02-10", Channel: casework.ActivityPhone, Minutes: 15},
		{OnDate: "2026-02-20", Channel: casework.ActivityDesk, Minutes: 45},
	} {
		tr, err = f.db.AddTrajectoryActivity(f.ctx, f.asMee, tr.ID, a)
		f.must(err)
	}
	if tr.Minutes != 210 || tr.LastContactOn != "2026-02-10" || len(tr.Activities) != 4 {
		t.Fatalf("hours and last contact: %d minutes, last contact %q (desk work is no contact)", tr.Minutes, tr.LastContactOn)
	}
	tr, err = f.db.AddTrajectoryReferral(f.ctx, f.asMee, tr.ID, casework.ReferralInput{OnDate: "2026-02-11", ToSupporterID: f.raad.ID, Topic: casework.TopicDebts})
	f.must(err)
	tr, err = f.db.AddTrajectoryReferral(f.ctx, f.asMee, tr.ID, casework.ReferralInput{OnDate: "2026-02-12", ToOrganisation: " Schuldhulp Haarlem "})
	f.must(err)
	if len(tr.Referrals) != 2 || tr.Referrals[0].ToSupporter != "Raadslieden" || tr.Referrals[1].ToOrganisation != "Schuldhulp Haarlem" ||
		tr.Referrals[1].Topic != casework.TopicOther {
		t.Fatalf("referrals %+v", tr.Referrals)
	}

	// A mistaken activity is removed; the hours follow.
	tr, err = f.db.RemoveTrajectoryEntry(f.ctx, f.asMee, tr.ID, casework.EntryActivity, tr.Activities[0].ID)
	f.must(err)
	if tr.Minutes != 150 || len(tr.Activities) != 3 {
		t.Fatalf("after removal: %d minutes, %d activities", tr.Minutes, len(tr.Activities))
	}
	_, err = f.db.RemoveTrajectoryEntry(f.ctx, f.asMee, tr.ID, casework.EntryIssue, tr.Activities[0].ID+1000)
	wantCode(t, err, casework.CodeNotFound)

	// Closing before the last record (20 February) is refused; on it, accepted.
	_, err = f.db.CloseTrajectory(f.ctx, f.asMee, tr.ID, casework.CloseInput{EndedOn: "2026-02-19", Outcome: casework.OutcomeResolved})
	if countFieldErr(err, "ended_on") != 1 {
		t.Fatalf("close before the last record: %v", err)
	}
	_, err = f.db.CloseTrajectory(f.ctx, f.asMee, tr.ID, casework.CloseInput{EndedOn: "2026-03-04", Outcome: casework.OutcomeResolved})
	if countFieldErr(err, "ended_on") != 1 {
		t.Fatalf("close tomorrow: %v", err)
	}
	tr, err = f.db.CloseTrajectory(f.ctx, f.asMee, tr.ID, casework.CloseInput{EndedOn: "2026-02-20", Outcome: casework.OutcomePartlyResolved})
	f.must(err)
	if tr.Open() || tr.EndedOn != "2026-02-20" || tr.Outcome != casework.OutcomePartlyResolved {
		t.Fatalf("closed %+v", tr)
	}
	// Closed: no new records, no removals, no second close; the label may still change.
	_, err = f.db.AddTrajectoryActivity(f.ctx, f.asMee, tr.ID, casework.ActivityInput{OnDate: "2026-03-01", Channel: casework.ActivityPhone, Minutes: 5})
	wantCode(t, err, casework.CodeInvalidTransition)
	_, err = f.db.RemoveTrajectoryEntry(f.ctx, f.asMee, tr.ID, casework.EntryIssue, tr.Issues[0].ID)
	wantCode(t, err, casework.CodeInvalidTransition)
	_, err = f.db.CloseTrajectory(f.ctx, f.asMee, tr.ID, casework.CloseInput{EndedOn: "2026-03-01", Outcome: casework.OutcomeResolved})
	wantCode(t, err, casework.CodeInvalidTransition)
	tr, err = f.db.EditTrajectory(f.ctx, f.asMee, tr.ID, casework.TrajectoryEdit{ClientLabel: "MdV (2)", LifeDomains: []casework.LifeDomain{casework.DomainIncome}})
	f.must(err)
	if tr.ClientLabel != "MdV (2)" || len(tr.LifeDomains) != 1 {
		t.Fatalf("edited %+v", tr)
	}
	// Reopened, it takes records again; reopening an open one is refused.
	tr, err = f.db.ReopenTrajectory(f.ctx, f.asMee, tr.ID)
	f.must(err)
	if !tr.Open() || tr.Outcome != "" {
		t.Fatalf("reopened %+v", tr)
	}
	_, err = f.db.ReopenTrajectory(f.ctx, f.asMee, tr.ID)
	wantCode(t, err, casework.CodeInvalidTransition)
	_, err = f.db.AddTrajectoryActivity(f.ctx, f.asMee, tr.ID, casework.ActivityInput{OnDate: "2026-03-03", Channel: casework.ActivityEmail, Minutes: 10})
	f.must(err)
	if n := f.count(`SELECT count(*) FROM trajectory_activities`); n != 4 {
		t.Errorf("%d activities stored, want 4", n)
	}
}

// TestTrajectoryValidationInStore: dates by the store's clock and the start, minutes, the label,
// and referrals only to another active member of the pool.
func TestTrajectoryValidationInStore(t *testing.T) {
	f := newTrackFx(t)
	_, err := f.db.CreateTrajectory(f.ctx, f.asMee, casework.TrajectoryInput{ClientLabel: "jan@example.nl", StartedOn: "2026-03-04"})
	if countFieldErr(err, "client_label") != 1 || countFieldErr(err, "started_on") != 1 {
		t.Fatalf("label with e-mail, start tomorrow: %v", err)
	}
	tr := f.start(f.asMee, "AB", "2026-02-01")
	_, err = f.db.AddTrajectoryIssue(f.ctx, f.asMee, tr.ID, casework.IssueInput{Topic: casework.TopicDebts, NotedOn: "2026-01-31"})
	if countFieldErr(err, "noted_on") != 1 {
		t.Fatalf("issue before the start: %v", err)
	}
	_, err = f.db.AddTrajectoryActivity(f.ctx, f.asMee, tr.ID, casework.ActivityInput{OnDate: "2026-03-03", Channel: casework.ActivityPhone, Minutes: 721})
	if countFieldErr(err, "minutes") != 1 {
		t.Fatalf("721 minutes: %v", err)
	}
	for _, c := range []struct {
		name string
		to   int64
	}{{"oneself", f.mee.ID}, {"a suspended member", f.suspended.ID}, {"no member", f.suspended.ID + 100}} {
		_, err = f.db.AddTrajectoryReferral(f.ctx, f.asMee, tr.ID, casework.ReferralInput{OnDate: "2026-03-03", ToSupporterID: c.to})
		if countFieldErr(err, "to_supporter_id") != 1 {
			t.Errorf("referral to %s: %v", c.name, err)
		}
	}
	// The clock moves on: tomorrow's date is today's.
	f.clock.Advance(24 * time.Hour)
	_, err = f.db.AddTrajectoryActivity(f.ctx, f.asMee, tr.ID, casework.ActivityInput{OnDate: "2026-03-04", Channel: casework.ActivityPhone, Minutes: 720})
	f.must(err)
	if n := f.count(`SELECT count(*) FROM trajectory_referrals`) + f.count(`SELECT count(*) FROM trajectory_issues`); n != 0 {
		t.Errorf("refused records were stored: %d", n)
	}
}

// TestTrajectoriesBelongToTheirSupporter: another member's trajectory is not found for every
// operation; an account that belongs to no member is refused; the list holds one's own, open ones
// first, with the hours summed per trajectory.
func TestTrajectoriesBelongToTheirSupporter(t *testing.T) {
	f := newTrackFx(t)
	mine := f.start(f.asMee, "Eigen", "2026-01-05")
	theirs := f.start(f.asRaad, "Van Raad", "2026-01-06")
	_, err := f.db.AddTrajectoryActivity(f.ctx, f.asRaad, theirs.ID, casework.ActivityInput{OnDate: "2026-01-06", Channel: casework.ActivityPhone, Minutes: 30})
	f.must(err)
	entry, err := f.db.AddTrajectoryIssue(f.ctx, f.asRaad, theirs.ID, casework.IssueInput{Topic: casework.TopicDebts, NotedOn: "2026-01-06"})
	f.must(err)
	before := f.count(`SELECT count(*) + sum(minutes) FROM trajectory_activities`)
	for name, op := range map[string]func() error{
		"read": func() error { _, err := f.db.Trajectory(f.ctx, f.asMee, theirs.ID); return err },
		"edit": func() error {
			_, err := f.db.EditTrajectory(f.ctx, f.asMee, theirs.ID, casework.TrajectoryEdit{ClientLabel: "X"})
			return err
		},
		"issue": func() error {
			_, err := f.db.AddTrajectoryIssue(f.ctx, f.asMee, theirs.ID, casework.IssueInput{Topic: casework.TopicDebts, NotedOn: "2026-02-01"})
			return err
		},
		"activity": func() error {
			_, err := f.db.AddTrajectoryActivity(f.ctx, f.asMee, theirs.ID, casework.ActivityInput{OnDate: "2026-02-01", Channel: casework.ActivityPhone, Minutes: 5})
			return err
		},
		"referral": func() error {
			_, err := f.db.AddTrajectoryReferral(f.ctx, f.asMee, theirs.ID, casework.ReferralInput{OnDate: "2026-02-01", ToOrganisation: "X"})
			return err
		},
		"remove": func() error {
			_, err := f.db.RemoveTrajectoryEntry(f.ctx, f.asMee, theirs.ID, casework.EntryIssue, entry.Issues[0].ID)
			return err
		},
		"remove via own trajectory": func() error {
			_, err := f.db.RemoveTrajectoryEntry(f.ctx, f.asMee, mine.ID, casework.EntryIssue, entry.Issues[0].ID)
			return err
		},
		"close": func() error {
			_, err := f.db.CloseTrajectory(f.ctx, f.asMee, theirs.ID, casework.CloseInput{EndedOn: "2026-03-01", Outcome: casework.OutcomeResolved})
			return err
		},
		"reopen": func() error { _, err := f.db.ReopenTrajectory(f.ctx, f.asMee, theirs.ID); return err },
	} {
		if code := casework.ErrorCode(op()); code != casework.CodeNotFound {
			t.Errorf("%s of another member's trajectory: %s, want not_found", name, code)
		}
	}
	if after := f.count(`SELECT count(*) + sum(minutes) FROM trajectory_activities`); after != before ||
		f.count(`SELECT count(*) FROM trajectory_issues`) != 1 || f.count(`SELECT count(*) FROM trajectories WHERE client_label = 'X'`) != 0 {
		t.Errorf("a refused operation changed another member's trajectory")
	}
	_, err = f.db.Trajectories(f.ctx, f.asNone, "")
	wantCode(t, err, casework.CodeForbidden)
	_, err = f.db.CreateTrajectory(f.ctx, f.asNone, casework.TrajectoryInput{ClientLabel: "AB", StartedOn: "2026-03-01"})
	wantCode(t, err, casework.CodeForbidden)
	_, err = f.db.Trajectories(f.ctx, f.actor, "")
	wantCode(t, err, casework.CodeForbidden)

	// The list: open first (the most recently active first), closed after; hours per trajectory.
	second := f.start(f.asMee, "Tweede", "2026-01-20")
	closed := f.start(f.asMee, "Dicht", "2026-01-02")
	for _, a := range []struct {
		id      int64
		on      string
		ch      casework.ActivityChannel
		minutes int
	}{{mine.ID, "2026-02-25", casework.ActivityPhone, 20}, {mine.ID, "2026-02-27", casework.ActivityDesk, 40},
		{second.ID, "2026-02-01", casework.ActivityVideo, 30}, {closed.ID, "2026-01-03", casework.ActivityLetter, 720}} {
		_, err := f.db.AddTrajectoryActivity(f.ctx, f.asMee, a.id, casework.ActivityInput{OnDate: a.on, Channel: a.ch, Minutes: a.minutes})
		f.must(err)
	}
	_, err = f.db.CloseTrajectory(f.ctx, f.asMee, closed.ID, casework.CloseInput{EndedOn: "2026-01-31", Outcome: casework.OutcomeReferred})
	f.must(err)
	list, err := f.db.Trajectories(f.ctx, f.asMee, "")
	f.must(err)
	var got []string
	for _, s := range list {
		got = append(got, s.ClientLabel)
	}
	if len(list) != 3 || got[0] != "Eigen" || got[1] != "Tweede" || got[2] != "Dicht" {
		t.Fatalf("list %v, want Eigen, Tweede, Dicht", got)
	}
	if list[0].Minutes != 60 || list[0].LastContactOn != "2026-02-25" || list[2].Minutes != 720 || list[2].EndedOn != "2026-01-31" ||
		list[2].Outcome != casework.OutcomeReferred {
		t.Errorf("list lines %+v", list)
	}
	open, err := f.db.Trajectories(f.ctx, f.asMee, "open")
	f.must(err)
	closedList, err := f.db.Trajectories(f.ctx, f.asMee, "closed")
	f.must(err)
	if len(open) != 2 || len(closedList) != 1 {
		t.Errorf("open %d, closed %d", len(open), len(closedList))
	}
	_, err = f.db.Trajectories(f.ctx, f.asMee, "gesloten")
	wantCode(t, err, casework.CodeValidation)
	var total int
	f.must(f.sql.Get(&total, `SELECT sum(minutes) FROM trajectory_activities a JOIN trajectories t ON t.id = a.trajectory_id WHERE t.supporter_id = $1`, f.mee.ID))
	if sum := list[0].Minutes + list[1].Minutes + list[2].Minutes; sum != total {
		t.Errorf("the list's hours add up to %d minutes, the table to %d", sum, total)
	}
}
