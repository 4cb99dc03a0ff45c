package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

// Client trajectories (uniform monitoring, migration 00018): a supporter records per client the
// issues by topic, the contacts and other work with their minutes, the referrals and the outcome.
// Every method acts for the member of the pool the actor's account belongs to (users.supporter_id);
// another member's trajectory is not found. A closed trajectory takes no new records until it is
// reopened.

var errNoTrajectory = casework.Errorf(casework.CodeNotFound, "No trajectory with this id.")

// actingSupporter returns the member of the pool the actor's account belongs to, read afresh so
// that an account unlinked by the admin stops at once.
func actingSupporter(ctx context.Context, q sqlx.QueryerContext, a casework.Actor) (int64, error) {
	var id sql.NullInt64
	err := sqlx.GetContext(ctx, q, &id, `SELECT supporter_id FROM users WHERE id = $1 AND role = 'supporter'`, a.UserID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("load the actor's supporter: %w", err)
	}
	if !id.Valid {
		return 0, casework.Errorf(casework.CodeForbidden, "This account does not belong to a member of the pool of client supporters.")
	}
	return id.Int64, nil
}

// trajectoryHead is what a change of a trajectory checks against.
type trajectoryHead struct {
	StartedOn string `db:"started_on"`
	EndedOn   string `db:"ended_on"`
}

// lockTrajectory locks the supporter's trajectory id, or answers not found.
func lockTrajectory(ctx context.Context, tx *sqlx.Tx, supporterID, id int64) (trajectoryHead, error) {
	var h trajectoryHead
	err := tx.GetContext(ctx, &h, `
		SELECT to_char(started_on, 'YYYY-MM-DD') AS started_on, COALESCE(to_char(ended_on, 'YYYY-MM-DD'), '') AS ended_on
		FROM trajectories WHERE id = $1 AND supporter_id = $2 FOR UPDATE`, id, supporterID)
	if errors.Is(err, sql.ErrNoRows) {
		return h, errNoTrajectory
	}
	if err != nil {
		return h, fmt.Errorf("lock trajectory: %w", err)
	}
	return h, nil
}

// changeTrajectory runs fn on the actor's trajectory id, locked, in one transaction; open requires
// the trajectory to be open. It returns the trajectory as it is afterwards.
func (db *DB) changeTrajectory(ctx context.Context, a casework.Actor, id int64, open bool,
	fn func(tx *sqlx.Tx, supporterID int64, h trajectoryHead, today string, now time.Time) error) (casework.Trajectory, error) {
	var supporterID int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		if supporterID, err = actingSupporter(ctx, tx, a); err != nil {
			return err
		}
		h, err := lockTrajectory(ctx, tx, supporterID, id)
		if err != nil {
			return err
		}
		if open && h.EndedOn != "" {
			return casework.Errorf(casework.CodeInvalidTransition, "This trajectory is closed: reopen it to change its records.")
		}
		now := db.now()
		if err := fn(tx, supporterID, h, term.LocalDate(now).String(), now); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE trajectories SET updated_at = $2 WHERE id = $1`, id, now)
		return err
	})
	if err != nil {
		return casework.Trajectory{}, err
	}
	return db.trajectory(ctx, db.db, supporterID, id)
}

// CreateTrajectory starts a trajectory of the actor's member of the pool.
func (db *DB) CreateTrajectory(ctx context.Context, a casework.Actor, in casework.TrajectoryInput) (casework.Trajectory, error) {
	in.Normalize()
	var supporterID, id int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		if supporterID, err = actingSupporter(ctx, tx, a); err != nil {
			return err
		}
		now := db.now()
		if err := in.Validate(term.LocalDate(now).String()); err != nil {
			return err
		}
		var by, referredBy *int64
		if a.UserID != 0 {
			by = &a.UserID
		}
		if in.ReferredByID > 0 {
			if err := checkReferrer(ctx, tx, supporterID, in.ReferredByID); err != nil {
				return err
			}
			referredBy = &in.ReferredByID
		}
		err = tx.QueryRowContext(ctx, `
			INSERT INTO trajectories (supporter_id, client_label, started_on, life_domains, referred_by_id, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
			supporterID, in.ClientLabel, in.StartedOn, array(in.LifeDomains), referredBy, by, now).Scan(&id)
		if err != nil {
			return fmt.Errorf("insert trajectory: %w", err)
		}
		return nil
	})
	if err != nil {
		return casework.Trajectory{}, err
	}
	return db.trajectory(ctx, db.db, supporterID, id)
}

// Trajectory returns one of the actor's trajectories with all its records.
func (db *DB) Trajectory(ctx context.Context, a casework.Actor, id int64) (casework.Trajectory, error) {
	supporterID, err := actingSupporter(ctx, db.db, a)
	if err != nil {
		return casework.Trajectory{}, err
	}
	return db.trajectory(ctx, db.db, supporterID, id)
}

func (db *DB) trajectory(ctx context.Context, q sqlx.QueryerContext, supporterID, id int64) (casework.Trajectory, error) {
	var r struct {
		ID          int64          `db:"id"`
		SupporterID int64          `db:"supporter_id"`
		ClientLabel string         `db:"client_label"`
		StartedOn   string         `db:"started_on"`
		EndedOn     string         `db:"ended_on"`
		Outcome     string         `db:"outcome"`
		LifeDomains pq.StringArray `db:"life_domains"`
		CreatedAt   time.Time      `db:"created_at"`
		UpdatedAt   time.Time      `db:"updated_at"`
	}
	err := sqlx.GetContext(ctx, q, &r, `
		SELECT id, supporter_id, client_label, to_char(started_on, 'YYYY-MM-DD') AS started_on,
			COALESCE(to_char(ended_on, 'YYYY-MM-DD'), '') AS ended_on, COALESCE(outcome, '') AS outcome, life_domains,
			created_at, updated_at
		FROM trajectories WHERE id = $1 AND supporter_id = $2`, id, supporterID)
	if errors.Is(err, sql.ErrNoRows) {
		return casework.Trajectory{}, errNoTrajectory
	}
	if err != nil {
		return casework.Trajectory{}, fmt.Errorf("load trajectory: %w", err)
	}
	t := casework.Trajectory{ID: r.ID, SupporterID: r.SupporterID, ClientLabel: r.ClientLabel, StartedOn: r.StartedOn,
		EndedOn: r.EndedOn, Outcome: casework.TrajectoryOutcome(r.Outcome), LifeDomains: strs[casework.LifeDomain](r.LifeDomains),
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
		Issues: []casework.TrajectoryIssue{}, Activities: []casework.TrajectoryActivity{}, Referrals: []casework.TrajectoryReferral{}}
	if err := sqlx.SelectContext(ctx, q, &t.Issues, `
		SELECT id, topic, to_char(noted_on, 'YYYY-MM-DD') AS noted_on FROM trajectory_issues
		WHERE trajectory_id = $1 ORDER BY noted_on, id`, id); err != nil {
		return t, fmt.Errorf("load issues: %w", err)
	}
	if err := sqlx.SelectContext(ctx, q, &t.Activities, `
		SELECT id, to_char(on_date, 'YYYY-MM-DD') AS on_date, channel, minutes FROM trajectory_activities
		WHERE trajectory_id = $1 ORDER BY on_date, id`, id); err != nil {
		return t, fmt.Errorf("load activities: %w", err)
	}
	if err := sqlx.SelectContext(ctx, q, &t.Referrals, `
		SELECT r.id, to_char(r.on_date, 'YYYY-MM-DD') AS on_date, r.to_supporter_id, COALESCE(s.name, '') AS to_supporter,
			r.to_organisation, r.topic
		FROM trajectory_referrals r LEFT JOIN supporters s ON s.id = r.to_supporter_id
		WHERE r.trajectory_id = $1 ORDER BY r.on_date, r.id`, id); err != nil {
		return t, fmt.Errorf("load referrals: %w", err)
	}
	for _, a := range t.Activities {
		t.Minutes += a.Minutes
		if a.Channel != casework.ActivityDesk && a.OnDate > t.LastContactOn {
			t.LastContactOn = a.OnDate
		}
	}
	return t, nil
}

// TrajectoryFilter selects the trajectories of a list: "open", "closed" or "" for all.
type TrajectoryFilter string

// Trajectories lists the actor's trajectories: the open ones first, the most recently active
// first, then the closed ones, the most recently closed first. Each line carries the number of
// issues, the minutes so far and the date of the last contact with the client.
func (db *DB) Trajectories(ctx context.Context, a casework.Actor, f TrajectoryFilter) ([]casework.TrajectorySummary, error) {
	if f != "" && f != "open" && f != "closed" {
		return nil, &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
			Fields: []casework.FieldError{{Field: "status", Message: "must be open or closed"}}}
	}
	supporterID, err := actingSupporter(ctx, db.db, a)
	if err != nil {
		return nil, err
	}
	list := []casework.TrajectorySummary{}
	err = db.db.SelectContext(ctx, &list, `
		SELECT t.id, t.client_label, to_char(t.started_on, 'YYYY-MM-DD') AS started_on,
			COALESCE(to_char(t.ended_on, 'YYYY-MM-DD'), '') AS ended_on, COALESCE(t.outcome, '') AS outcome,
			(SELECT count(*) FROM trajectory_issues i WHERE i.trajectory_id = t.id) AS issues,
			COALESCE(act.minutes, 0) AS minutes, COALESCE(to_char(act.last_contact, 'YYYY-MM-DD'), '') AS last_contact_on
		FROM trajectories t
		LEFT JOIN LATERAL (
			SELECT sum(minutes) AS minutes, max(on_date) FILTER (WHERE channel <> 'desk') AS last_contact,
				max(on_date) AS last_activity
			FROM trajectory_activities WHERE trajectory_id = t.id) act ON true
		WHERE t.supporter_id = $1 AND ($2 = '' OR ($2 = 'open') = (t.ended_on IS NULL))
		ORDER BY t.ended_on IS NOT NULL, t.ended_on DESC, COALESCE(act.last_activity, t.started_on) DESC, t.id DESC`,
		supporterID, string(f))
	if err != nil {
		return nil, fmt.Errorf("list trajectories: %w", err)
	}
	return list, nil
}

// EditTrajectory changes the label and the life domains of one of the actor's trajectories, open
// or closed.
func (db *DB) EditTrajectory(ctx context.Context, a casework.Actor, id int64, e casework.TrajectoryEdit) (casework.Trajectory, error) {
	e.Normalize()
	if err := e.Validate(); err != nil {
		return casework.Trajectory{}, err
	}
	return db.changeTrajectory(ctx, a, id, false, func(tx *sqlx.Tx, _ int64, _ trajectoryHead, _ string, _ time.Time) error {
		_, err := tx.ExecContext(ctx, `UPDATE trajectories SET client_label = $2, life_domains = $3 WHERE id = $1`,
			id, e.ClientLabel, array(e.LifeDomains))
		return err
	})
}

// AddTrajectoryIssue records an issue of an open trajectory.
func (db *DB) AddTrajectoryIssue(ctx context.Context, a casework.Actor, id int64, in casework.IssueInput) (casework.Trajectory, error) {
	return db.changeTrajectory(ctx, a, id, true, func(tx *sqlx.Tx, _ int64, h trajectoryHead, today string, _ time.Time) error {
		if err := in.Validate(h.StartedOn, today); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO trajectory_issues (trajectory_id, topic, noted_on) VALUES ($1, $2, $3)`,
			id, in.Topic, in.NotedOn)
		return err
	})
}

// AddTrajectoryActivity records a contact or other work on an open trajectory.
func (db *DB) AddTrajectoryActivity(ctx context.Context, a casework.Actor, id int64, in casework.ActivityInput) (casework.Trajectory, error) {
	return db.changeTrajectory(ctx, a, id, true, func(tx *sqlx.Tx, _ int64, h trajectoryHead, today string, _ time.Time) error {
		if err := in.Validate(h.StartedOn, today); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO trajectory_activities (trajectory_id, on_date, channel, minutes) VALUES ($1, $2, $3, $4)`,
			id, in.OnDate, in.Channel, in.Minutes)
		return err
	})
}

// AddTrajectoryReferral records a referral of an open trajectory: to an active member of the pool
// other than the supporter itself, or to a named organisation outside the pool.
func (db *DB) AddTrajectoryReferral(ctx context.Context, a casework.Actor, id int64, in casework.ReferralInput) (casework.Trajectory, error) {
	in.Normalize()
	return db.changeTrajectory(ctx, a, id, true, func(tx *sqlx.Tx, supporterID int64, h trajectoryHead, today string, _ time.Time) error {
		err := in.Validate(h.StartedOn, today)
		if err == nil && in.ToSupporterID > 0 {
			err = checkReferralTarget(ctx, tx, supporterID, in.ToSupporterID)
		}
		if err != nil {
			return err
		}
		var to *int64
		if in.ToSupporterID > 0 {
			to = &in.ToSupporterID
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO trajectory_referrals (trajectory_id, on_date, to_supporter_id, to_organisation, topic)
			VALUES ($1, $2, $3, $4, $5)`, id, in.OnDate, to, in.ToOrganisation, in.Topic)
		return err
	})
}

// checkReferrer checks the member of the pool that referred a client: another member, one that is
// or was in the pool (a referral made before a suspension still counts).
func checkReferrer(ctx context.Context, tx *sqlx.Tx, self, by int64) error {
	refuse := func(msg string) error {
		return &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
			Fields: []casework.FieldError{{Field: "referred_by_id", Message: msg}}}
	}
	if by == self {
		return refuse("a referral from another member of the pool, not from yourself")
	}
	var n int
	if err := tx.GetContext(ctx, &n, `SELECT count(*) FROM supporters WHERE id = $1`, by); err != nil {
		return fmt.Errorf("check referrer: %w", err)
	}
	if n == 0 {
		return refuse("no such member of the pool")
	}
	return nil
}

func checkReferralTarget(ctx context.Context, tx *sqlx.Tx, self, to int64) error {
	refuse := func(msg string) error {
		return &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
			Fields: []casework.FieldError{{Field: "to_supporter_id", Message: msg}}}
	}
	if to == self {
		return refuse("refer to another member of the pool, not to yourself")
	}
	var status string
	err := tx.GetContext(ctx, &status, `SELECT status FROM supporters WHERE id = $1`, to)
	if errors.Is(err, sql.ErrNoRows) {
		return refuse("no such member of the pool")
	}
	if err != nil {
		return fmt.Errorf("check referral target: %w", err)
	}
	if casework.SupporterStatus(status) != casework.SupporterActive {
		return refuse("is not an active member of the pool")
	}
	return nil
}

// RemoveTrajectoryEntry removes an issue, activity or referral recorded by mistake on an open
// trajectory.
func (db *DB) RemoveTrajectoryEntry(ctx context.Context, a casework.Actor, id int64, kind casework.TrajectoryEntry, entryID int64) (casework.Trajectory, error) {
	table, ok := map[casework.TrajectoryEntry]string{casework.EntryIssue: "trajectory_issues",
		casework.EntryActivity: "trajectory_activities", casework.EntryReferral: "trajectory_referrals"}[kind]
	if !ok {
		return casework.Trajectory{}, casework.Errorf(casework.CodeNotFound, "No such record.")
	}
	return db.changeTrajectory(ctx, a, id, true, func(tx *sqlx.Tx, _ int64, _ trajectoryHead, _ string, _ time.Time) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = $1 AND trajectory_id = $2`, entryID, id)
		if err != nil {
			return fmt.Errorf("remove %s: %w", kind, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return casework.Errorf(casework.CodeNotFound, "No such record on this trajectory.")
		}
		return nil
	})
}

// CloseTrajectory ends an open trajectory on a day with its outcome; the day is not before any of
// its records.
func (db *DB) CloseTrajectory(ctx context.Context, a casework.Actor, id int64, in casework.CloseInput) (casework.Trajectory, error) {
	return db.changeTrajectory(ctx, a, id, true, func(tx *sqlx.Tx, _ int64, h trajectoryHead, today string, _ time.Time) error {
		var latest string
		if err := tx.GetContext(ctx, &latest, `
			SELECT COALESCE(to_char(max(d), 'YYYY-MM-DD'), '') FROM (
				SELECT noted_on FROM trajectory_issues WHERE trajectory_id = $1
				UNION ALL SELECT on_date FROM trajectory_activities WHERE trajectory_id = $1
				UNION ALL SELECT on_date FROM trajectory_referrals WHERE trajectory_id = $1) q(d)`, id); err != nil {
			return fmt.Errorf("latest record: %w", err)
		}
		if err := in.Validate(h.StartedOn, latest, today); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE trajectories SET ended_on = $2, outcome = $3 WHERE id = $1 AND ended_on IS NULL`,
			id, in.EndedOn, in.Outcome)
		if err != nil {
			return fmt.Errorf("close trajectory: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return casework.Errorf(casework.CodeConflict, "The trajectory changed meanwhile; try again.")
		}
		return nil
	})
}

// ReopenTrajectory reopens a closed trajectory (closed by mistake, or the client came back soon
// after): its end and outcome are cleared until it is closed again.
func (db *DB) ReopenTrajectory(ctx context.Context, a casework.Actor, id int64) (casework.Trajectory, error) {
	return db.changeTrajectory(ctx, a, id, false, func(tx *sqlx.Tx, _ int64, h trajectoryHead, _ string, _ time.Time) error {
		if h.EndedOn == "" {
			return casework.Errorf(casework.CodeInvalidTransition, "This trajectory is open already.")
		}
		_, err := tx.ExecContext(ctx, `UPDATE trajectories SET ended_on = NULL, outcome = NULL WHERE id = $1`, id)
		return err
	})
}
