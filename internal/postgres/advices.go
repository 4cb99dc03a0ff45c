package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
)

const adviceColumns = `a.id, c.reference, a.organisation_id, o.name AS organisation_name, a.text, a.status,
	a.issued_at, to_char(a.respond_by, 'YYYY-MM-DD') AS respond_by, a.deadline_at, a.responded_at,
	a.rejection_reasons, a.rejection_ground, a.enforced_at, a.executed_at, a.execution_note`

const adviceFrom = ` FROM advices a JOIN complaints c ON c.id = a.complaint_id JOIN organisations o ON o.id = a.organisation_id `

func (db *DB) advicesOf(ctx context.Context, complaintID int64) ([]casework.Advice, error) {
	list := []casework.Advice{}
	err := db.db.SelectContext(ctx, &list, `SELECT `+adviceColumns+adviceFrom+`WHERE a.complaint_id = $1 ORDER BY a.id`, complaintID)
	if err != nil {
		return nil, fmt.Errorf("load advices: %w", err)
	}
	return list, nil
}

func (db *DB) advice(ctx context.Context, id int64) (casework.Advice, error) {
	var a casework.Advice
	err := db.db.GetContext(ctx, &a, `SELECT `+adviceColumns+adviceFrom+`WHERE a.id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return a, casework.Errorf(casework.CodeNotFound, "No advice with this id.")
	}
	return a, err
}

// AdviceFilter narrows the list of advices.
type AdviceFilter struct {
	Status casework.AdviceStatus
	Limit  int
}

// Advices lists advices the viewer may see: an organisation only its own, most urgent first.
func (db *DB) Advices(ctx context.Context, viewer casework.Actor, f AdviceFilter) ([]casework.Advice, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	var org *int64
	if viewer.Role == casework.RoleOrganisation {
		org = &viewer.OrganisationID
	}
	var status *string
	if f.Status != "" {
		s := string(f.Status)
		status = &s
	}
	list := []casework.Advice{}
	err := db.db.SelectContext(ctx, &list, `SELECT `+adviceColumns+adviceFrom+`
		WHERE ($1::bigint IS NULL OR a.organisation_id = $1) AND ($2::text IS NULL OR a.status = $2)
		ORDER BY (a.status = 'issued') DESC, a.deadline_at, a.id LIMIT $3`, org, status, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("list advices: %w", err)
	}
	return list, nil
}

// Advice returns an advice with the complaint it rests on. An organisation gets not-found for
// another organisation's advice.
func (db *DB) Advice(ctx context.Context, viewer casework.Actor, id int64) (casework.AdviceDetail, error) {
	a, err := db.advice(ctx, id)
	if err != nil {
		return casework.AdviceDetail{}, err
	}
	if viewer.Role == casework.RoleOrganisation && a.OrganisationID != viewer.OrganisationID {
		return casework.AdviceDetail{}, casework.Errorf(casework.CodeNotFound, "No advice with this id.")
	}
	d := casework.AdviceDetail{Advice: a, Timeline: []casework.Event{}}
	row, err := db.loadComplaint(ctx, db.db, "c.reference = $1", a.ComplaintRef)
	if err != nil {
		return d, err
	}
	c := row.complaint()
	d.Complaint = casework.AdviceCase{Reference: c.Reference, Status: c.Status, ReceivedAt: c.ReceivedAt,
		Grounds: c.Grounds, LifeDomains: c.LifeDomains, Summary: c.Summary, Verdict: c.Verdict,
		Findings: c.Findings, Conclusions: c.Conclusions}
	err = db.db.SelectContext(ctx, &d.Timeline, `
		SELECT id, advice_id, action, from_status, to_status, actor_role, '' AS actor_name, effective_at, processed_at,
			reason, internal
		FROM events WHERE advice_id = $1 AND NOT internal ORDER BY id`, id)
	if err != nil {
		return d, fmt.Errorf("load advice timeline: %w", err)
	}
	return d, nil
}

// lockedAdvice is an advice row locked for a transition.
type lockedAdvice struct {
	ID             int64                 `db:"id"`
	ComplaintID    int64                 `db:"complaint_id"`
	OrganisationID int64                 `db:"organisation_id"`
	Status         casework.AdviceStatus `db:"status"`
	DeadlineAt     time.Time             `db:"deadline_at"`
}

// adviceTransition runs one advice action for actor: lock, authorise, check the move and the term,
// compare-and-set with the extra columns of set, write the event, and close the complaint when this
// made every advice final.
func (db *DB) adviceTransition(ctx context.Context, actor casework.Actor, id int64, action casework.AdviceAction,
	set string, args func(now time.Time) []any, reason string) (casework.Advice, error) {
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var a lockedAdvice
		err := tx.GetContext(ctx, &a, `
			SELECT id, complaint_id, organisation_id, status, deadline_at FROM advices WHERE id = $1 FOR UPDATE`, id)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && actor.Role == casework.RoleOrganisation && a.OrganisationID != actor.OrganisationID) {
			return casework.Errorf(casework.CodeNotFound, "No advice with this id.")
		}
		if err != nil {
			return fmt.Errorf("lock advice: %w", err)
		}
		// The clock is read once the row is ours: an answer that waited for the sweep's lock is judged
		// by the time it can commit, not by the time it arrived.
		now := db.now()
		to, err := a.Status.Next(action, a.DeadlineAt, now)
		if err != nil {
			return err
		}
		q := `UPDATE advices SET status = $3` + set + ` WHERE id = $1 AND status = $2`
		res, err := tx.ExecContext(ctx, q, append([]any{a.ID, a.Status, to}, args(now)...)...)
		if err != nil {
			return fmt.Errorf("update advice: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return casework.Errorf(casework.CodeConflict, "The advice changed at the same time; reload and try again.")
		}
		if err := insertEvent(ctx, tx, event{complaintID: a.ComplaintID, adviceID: &a.ID, action: string(action),
			from: string(a.Status), to: string(to), actor: actor, at: now, reason: reason}); err != nil {
			return err
		}
		if kind := responseNotice[action]; kind != "" {
			if err := notifyComplainant(ctx, tx, a.ComplaintID, notice{kind: kind, key: fmt.Sprintf("response:%d", a.ID),
				adviceID: &a.ID}, now); err != nil {
				return err
			}
		}
		if to.Final() {
			return closeIfSettled(ctx, tx, a.ComplaintID, now)
		}
		return nil
	})
	if err != nil {
		return casework.Advice{}, err
	}
	return db.advice(ctx, id)
}

// closeIfSettled closes an advised complaint once every advice is final. It locks the complaint
// before counting, so that two advices becoming final at once cannot both miss each other. The lock
// is FOR NO KEY UPDATE: it does not wait for the key-share locks that inserting events takes.
func closeIfSettled(ctx context.Context, tx *sqlx.Tx, complaintID int64, now time.Time) error {
	var status casework.Status
	if err := tx.GetContext(ctx, &status, `SELECT status FROM complaints WHERE id = $1 FOR NO KEY UPDATE`, complaintID); err != nil {
		return fmt.Errorf("lock complaint: %w", err)
	}
	var open int
	if err := tx.GetContext(ctx, &open, `
		SELECT count(*) FROM advices WHERE complaint_id = $1 AND status NOT IN ('rejected', 'executed')`, complaintID); err != nil {
		return fmt.Errorf("count open advices: %w", err)
	}
	if open > 0 {
		return nil
	}
	to, err := status.Next(casework.ActionClose)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE complaints SET status = $3, closed_at = $4 WHERE id = $1 AND status = $2`,
		complaintID, status, to, now)
	if err != nil {
		return fmt.Errorf("close complaint: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return casework.Errorf(casework.CodeConflict, "The complaint changed at the same time; reload and try again.")
	}
	if err := insertEvent(ctx, tx, event{complaintID: complaintID, action: string(casework.ActionClose),
		from: string(status), to: string(to), actor: casework.SystemActor, at: now, reason: "every advice is final"}); err != nil {
		return err
	}
	return notifyComplainant(ctx, tx, complaintID, notice{kind: NoticeClosed, key: fmt.Sprintf("closed:%d", complaintID),
		data: map[string]string{"action": string(casework.ActionClose)}}, now)
}

// responseNotice is the letter that tells the complainant an organisation's answer.
var responseNotice = map[casework.AdviceAction]string{
	casework.AdviceActionAccept: NoticeResponseAccepted,
	casework.AdviceActionReject: NoticeResponseRejected,
}

// AcceptAdvice records that the organisation accepts the advice, before the deadline.
func (db *DB) AcceptAdvice(ctx context.Context, actor casework.Actor, id int64) (casework.Advice, error) {
	return db.adviceTransition(ctx, actor, id, casework.AdviceActionAccept, `, responded_at = $4`,
		func(now time.Time) []any { return []any{now} }, "")
}

// RejectAdvice records a reasoned rejection, before the deadline.
func (db *DB) RejectAdvice(ctx context.Context, actor casework.Actor, id int64, r casework.Rejection) (casework.Advice, error) {
	if err := r.Validate(); err != nil {
		return casework.Advice{}, err
	}
	return db.adviceTransition(ctx, actor, id, casework.AdviceActionReject,
		`, responded_at = $4, rejection_reasons = $5, rejection_ground = $6`,
		func(now time.Time) []any { return []any{now, r.Reasons, r.Ground} }, r.Reasons)
}

// ConfirmExecution records that an accepted or enforced advice has been carried out.
func (db *DB) ConfirmExecution(ctx context.Context, actor casework.Actor, id int64, note string) (casework.Advice, error) {
	if err := casework.CheckNote("note", note, false); err != nil {
		return casework.Advice{}, err
	}
	return db.adviceTransition(ctx, actor, id, casework.AdviceActionConfirmExecution,
		`, executed_at = $4, execution_note = $5`, func(now time.Time) []any { return []any{now, note} }, note)
}
