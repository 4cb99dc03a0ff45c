package postgres_test

import (
	"testing"
	"time"

	"meldpunt/internal/casework"
)

// TestAccessLogRowNotWrittenAfterDestruction: a member of staff opens a case while the destroyer's
// transaction is destroying it (it has blanked the complaint and deleted its access log, not yet
// committed). The opening read the case before; its access-log row, with the reason typed, must not
// be written once the destruction commits, or a row about the destroyed case (and the free text of
// its reason) survives the destruction. The opening is not found instead.
func TestAccessLogRowNotWrittenAfterDestruction(t *testing.T) {
	f := newFx(t, local(2026, time.March, 2, 10, 0))
	ref := f.inTreatment(f.orgA.ID)
	id := f.complaintID(ref)
	colleague, err := f.db.CreateUser(f.ctx, casework.NewUser{Email: "bas@meldpunt.example.nl", Name: "Bas Jansen",
		Role: casework.RoleStaff, Password: "correct horse battery"})
	f.must(err)

	// The destroyer's work on this case, held open (as destroyCases does it, in one transaction).
	tx, err := f.sql.BeginTxx(f.ctx, nil)
	f.must(err)
	defer func() { _ = tx.Rollback() }()
	_, err = tx.ExecContext(f.ctx, `UPDATE complaints SET reference = 'X-' || id, summary = '', complainant_name = '',
		destroyed_at = now() WHERE id = $1`, id)
	f.must(err)
	_, err = tx.ExecContext(f.ctx, `DELETE FROM access_log WHERE complaint_id = $1`, id)
	f.must(err)

	done := make(chan error, 1)
	go func() {
		_, err := f.db.OpenComplaint(f.ctx, casework.ActorOf(colleague), ref,
			casework.Access{Via: casework.AccessAPI, Reason: "Mevrouw Jansen belde over haar diagnose."})
		done <- err
	}()
	// Wait until the opening has read the case and waits for the destroyer's lock (or is done).
	deadline := time.Now().Add(10 * time.Second)
	for {
		var waiting int
		f.must(f.sql.GetContext(f.ctx, &waiting, `SELECT count(*) FROM pg_stat_activity
			WHERE wait_event_type = 'Lock' AND query LIKE '%access_log%'`))
		if waiting > 0 || len(done) > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	f.must(tx.Commit())
	err = <-done
	if n := f.count(`SELECT count(*) FROM access_log WHERE complaint_id = $1`, id); n != 0 {
		t.Fatalf("%d access-log rows about the destroyed case were written after its destruction (opening: %v)", n, err)
	}
	wantCode(t, err, casework.CodeNotFound)
}

// TestStaffExportWritesNothingAfterDestruction: staff make the export of a case for a request by
// letter while the destroyer's transaction is destroying it. The export's audit event and
// access-log row (each with the reason typed) must not be written after the destruction commits:
// the export is not found instead.
func TestStaffExportWritesNothingAfterDestruction(t *testing.T) {
	f := newFx(t, local(2026, time.March, 2, 10, 0))
	ref := f.inTreatment(f.orgA.ID)
	id := f.complaintID(ref)

	tx, err := f.sql.BeginTxx(f.ctx, nil)
	f.must(err)
	defer func() { _ = tx.Rollback() }()
	_, err = tx.ExecContext(f.ctx, `UPDATE complaints SET reference = 'X-' || id, summary = '', complainant_name = '',
		destroyed_at = now() WHERE id = $1`, id)
	f.must(err)
	for _, tbl := range []string{"access_log", "events"} {
		_, err = tx.ExecContext(f.ctx, `DELETE FROM `+tbl+` WHERE complaint_id = $1`, id)
		f.must(err)
	}

	done := make(chan error, 1)
	go func() {
		_, err := f.db.StaffExport(f.ctx, f.actor, ref, "Inzageverzoek per brief van mevrouw Jansen.")
		done <- err
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var waiting int
		f.must(f.sql.GetContext(f.ctx, &waiting, `SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'`))
		if waiting > 0 || len(done) > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	f.must(tx.Commit())
	err = <-done
	for _, tbl := range []string{"access_log", "events"} {
		if n := f.count(`SELECT count(*) FROM `+tbl+` WHERE complaint_id = $1`, id); n != 0 {
			t.Errorf("%d rows of %s about the destroyed case were written after its destruction (export: %v)", n, tbl, err)
		}
	}
	wantCode(t, err, casework.CodeNotFound)
}

// TestRecommendationFollowUpWritesNoEventAfterDestruction: the follow-up of a recommendation,
// recorded while the destroyer's transaction is destroying its case, writes no event about the
// destroyed case once the destruction commits (the recommendation itself is kept and updated).
func TestRecommendationFollowUpWritesNoEventAfterDestruction(t *testing.T) {
	f := newFx(t, local(2026, time.March, 2, 10, 0))
	ref := f.inTreatment(f.orgA.ID)
	f.hearAll(ref, f.orgA.ID)
	r := ruling(casework.VerdictUnfounded)
	r.Recommendations = []casework.RecommendationInput{{LifeDomain: casework.DomainCare, Text: "Leg vaste doorlooptijden vast."}}
	_, err := f.db.Rule(f.ctx, f.actor, ref, r)
	f.must(err)
	id := f.complaintID(ref)
	var recID int64
	f.must(f.sql.GetContext(f.ctx, &recID, `SELECT id FROM recommendations WHERE complaint_id = $1`, id))

	tx, err := f.sql.BeginTxx(f.ctx, nil)
	f.must(err)
	defer func() { _ = tx.Rollback() }()
	_, err = tx.ExecContext(f.ctx, `UPDATE complaints SET reference = 'X-' || id, summary = '', destroyed_at = now() WHERE id = $1`, id)
	f.must(err)
	_, err = tx.ExecContext(f.ctx, `DELETE FROM events WHERE complaint_id = $1`, id)
	f.must(err)
	done := make(chan error, 1)
	go func() {
		_, err := f.db.UpdateRecommendation(f.ctx, f.actor, recID, casework.FollowUp{Status: casework.RecommendationAdopted, Note: "Overgenomen in het beleidsplan."})
		done <- err
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var waiting int
		f.must(f.sql.GetContext(f.ctx, &waiting, `SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'`))
		if waiting > 0 || len(done) > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	f.must(tx.Commit())
	f.must(<-done)
	if n := f.count(`SELECT count(*) FROM events WHERE complaint_id = $1`, id); n != 0 {
		t.Errorf("%d events about the destroyed case were written after its destruction", n)
	}
	if n := f.count(`SELECT count(*) FROM recommendations WHERE id = $1 AND status = 'adopted'`, recID); n != 1 {
		t.Error("the follow-up was not recorded")
	}
}
