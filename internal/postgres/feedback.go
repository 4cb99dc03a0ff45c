package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

// After the ruling the resident tells whether the binding advice was carried out and how
// satisfied they are (issue 14 point 4, migration 00028). One current answer per case, changed by
// answering again; every answer is an event of the case. An answer that says of an advice that it
// was not carried out is a report on the staff's worklist until staff mark it dealt with.

// GiveFeedback stores the answer of the resident who proves the case with its reference and
// tracking code, and returns the resident's view. Only for a case with a ruling (advised, or closed
// after a ruling); a destroyed case is not found. A "no" for an advice that was not "no" before
// opens a report for the staff's worklist (again, if an earlier one was dealt with).
func (db *DB) GiveFeedback(ctx context.Context, reference, code string, in casework.FeedbackAnswer) (casework.ResidentView, error) {
	in.Normalize()
	id, err := db.proveComplaint(ctx, reference, code)
	if err != nil {
		return casework.ResidentView{}, err
	}
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		var c struct {
			Status  casework.Status `db:"status"`
			Verdict sql.NullString  `db:"verdict"`
		}
		err := tx.GetContext(ctx, &c, `SELECT status, verdict FROM complaints WHERE id = $1 AND destroyed_at IS NULL FOR NO KEY UPDATE`, id)
		if errors.Is(err, sql.ErrNoRows) {
			return notFoundComplaint
		}
		if err != nil {
			return fmt.Errorf("lock complaint: %w", err)
		}
		if err := casework.CheckFeedbackAllowed(c.Status, casework.Verdict(c.Verdict.String)); err != nil {
			return err
		}
		var advices []struct {
			ID   int64  `db:"id"`
			Name string `db:"name"`
		}
		if err := tx.SelectContext(ctx, &advices, `SELECT a.id, o.name FROM advices a JOIN organisations o ON o.id = a.organisation_id
			WHERE a.complaint_id = $1 ORDER BY a.id`, id); err != nil {
			return fmt.Errorf("advices of the case: %w", err)
		}
		ids := make([]int64, len(advices))
		names := map[int64]string{}
		for i, a := range advices {
			ids[i], names[a.ID] = a.ID, a.Name
		}
		if err := in.Validate(ids); err != nil {
			return err
		}
		now := db.now()
		before, err := feedbackOf(ctx, tx, id)
		if err != nil {
			return err
		}
		// A report opens when an advice is newly answered "no"; it stays while the answer holds a "no".
		newNo := false
		old := map[int64]casework.CarriedOut{}
		if before != nil {
			for _, a := range before.Advices {
				old[a.AdviceID] = a.CarriedOut
			}
		}
		for _, a := range in.Advices {
			if a.CarriedOut == casework.CarriedOutNo && old[a.AdviceID] != casework.CarriedOutNo {
				newNo = true
			}
		}
		var feedbackID int64
		if err := tx.GetContext(ctx, &feedbackID, `
			INSERT INTO feedback (complaint_id, satisfaction, comment, first_at, answered_at, reported_at)
			VALUES ($1, $2, $3, $4, $4, CASE WHEN $5 THEN $4::timestamptz END)
			ON CONFLICT (complaint_id) DO UPDATE SET satisfaction = $2, comment = $3, answered_at = $4,
				reported_at = CASE WHEN NOT $6 THEN NULL WHEN $5 THEN $4::timestamptz ELSE feedback.reported_at END,
				dealt_with_at = CASE WHEN $5 THEN NULL ELSE feedback.dealt_with_at END,
				dealt_with_by = CASE WHEN $5 THEN NULL ELSE feedback.dealt_with_by END,
				dealt_with_name = CASE WHEN $5 THEN '' ELSE feedback.dealt_with_name END,
				dealt_with_note = CASE WHEN $5 THEN '' ELSE feedback.dealt_with_note END
			RETURNING id`, id, in.Satisfaction, in.Comment, now, newNo, in.NotCarriedOut()); err != nil {
			return fmt.Errorf("store feedback: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM feedback_advices WHERE feedback_id = $1`, feedbackID); err != nil {
			return fmt.Errorf("replace feedback on advices: %w", err)
		}
		adviceIDs, answers := make([]int64, len(in.Advices)), make([]string, len(in.Advices))
		for i, a := range in.Advices {
			adviceIDs[i], answers[i] = a.AdviceID, string(a.CarriedOut)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO feedback_advices (feedback_id, advice_id, carried_out)
			SELECT $1, unnest($2::bigint[]), unnest($3::text[])`, feedbackID, pq.Array(adviceIDs), pq.Array(answers)); err != nil {
			return fmt.Errorf("store feedback on advices: %w", err)
		}
		// The history: every answer as it was given, in the case's events (gone with the file).
		parts := []string{}
		for _, a := range in.Advices {
			parts = append(parts, fmt.Sprintf("%s: carried out %s", names[a.AdviceID], a.CarriedOut))
		}
		parts = append(parts, fmt.Sprintf("satisfaction %d of 5", in.Satisfaction))
		if in.Comment != "" {
			parts = append(parts, "comment: "+in.Comment)
		}
		action := "feedback"
		if before != nil {
			action = "feedback_changed"
		}
		if err := insertEvent(ctx, tx, event{complaintID: id, action: action, actor: casework.ResidentActor, at: now,
			reason: strings.Join(parts, "; ")}); err != nil {
			return err
		}
		if newNo {
			return insertEvent(ctx, tx, event{complaintID: id, action: "not_carried_out_reported", actor: casework.SystemActor,
				at: now, reason: "the resident says an advice was not carried out", internal: true})
		}
		return nil
	})
	if err != nil {
		return casework.ResidentView{}, err
	}
	return db.residentView(ctx, id)
}

// feedbackOf reads the current answer of complaint id; nil when the resident gave none.
func feedbackOf(ctx context.Context, q sqlx.QueryerContext, id int64) (*casework.Feedback, error) {
	var row struct {
		ID            int64      `db:"id"`
		Satisfaction  int        `db:"satisfaction"`
		Comment       string     `db:"comment"`
		FirstAt       time.Time  `db:"first_at"`
		AnsweredAt    time.Time  `db:"answered_at"`
		ReportedAt    *time.Time `db:"reported_at"`
		DealtWithAt   *time.Time `db:"dealt_with_at"`
		DealtWithName string     `db:"dealt_with_name"`
		DealtWithNote string     `db:"dealt_with_note"`
	}
	err := sqlx.GetContext(ctx, q, &row, `SELECT id, satisfaction, comment, first_at, answered_at, reported_at,
		dealt_with_at, dealt_with_name, dealt_with_note FROM feedback WHERE complaint_id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load feedback: %w", err)
	}
	f := &casework.Feedback{FeedbackAnswer: casework.FeedbackAnswer{Satisfaction: row.Satisfaction, Comment: row.Comment,
		Advices: []casework.AdviceCarriedOut{}}, FirstAt: row.FirstAt, AnsweredAt: row.AnsweredAt, ReportedAt: row.ReportedAt,
		DealtWithAt: row.DealtWithAt, DealtWithBy: row.DealtWithName, DealtWithNote: row.DealtWithNote}
	if err := sqlx.SelectContext(ctx, q, &f.Advices, `SELECT advice_id, carried_out FROM feedback_advices
		WHERE feedback_id = $1 ORDER BY advice_id`, row.ID); err != nil {
		return nil, fmt.Errorf("load feedback on advices: %w", err)
	}
	return f, nil
}

// afterRuling fills what the resident's view holds after the ruling: the ombudsman's last day,
// what happens next per advice and the resident's own answer. ruledAt nil: not ruled, nil result.
func (db *DB) afterRuling(ctx context.Context, id int64, ruledAt *time.Time, advices []casework.Advice) (*casework.AfterRuling, error) {
	if ruledAt == nil {
		return nil, nil
	}
	ruledOn := term.LocalDate(*ruledAt).String()
	a := &casework.AfterRuling{RuledOn: ruledOn, OmbudsmanLastDay: casework.OmbudsmanLastDay(ruledOn),
		NextSteps: casework.NextSteps(advices)}
	f, err := feedbackOf(ctx, db.db, id)
	if err != nil {
		return nil, err
	}
	if f != nil {
		answer := f.FeedbackAnswer
		a.Feedback, a.FeedbackAt = &answer, &f.AnsweredAt
	}
	return a, nil
}

// CountNotCarriedOut counts the "not carried out" reports that wait for staff: for the worklist.
func (db *DB) CountNotCarriedOut(ctx context.Context) (int, error) {
	var n int
	err := db.db.GetContext(ctx, &n, `SELECT count(*) FROM feedback f JOIN complaints c ON c.id = f.complaint_id
		WHERE f.reported_at IS NOT NULL AND f.dealt_with_at IS NULL AND c.destroyed_at IS NULL`)
	if err != nil {
		return 0, fmt.Errorf("count not-carried-out reports: %w", err)
	}
	return n, nil
}

// NotCarriedOutReports lists the "not carried out" reports that wait for staff, oldest first, a
// page of at most limit (1–200, default 50) from offset; total counts them all.
func (db *DB) NotCarriedOutReports(ctx context.Context, limit, offset int) (list []casework.NotCarriedOutReport, total int, err error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	offset = max(offset, 0)
	list = []casework.NotCarriedOutReport{}
	if err := db.db.SelectContext(ctx, &list, `
		SELECT c.reference, coalesce(h.name, '') AS handler_name, f.reported_at, f.satisfaction,
			coalesce((SELECT string_agg(o.name, ', ' ORDER BY o.name) FROM feedback_advices fa
				JOIN advices a ON a.id = fa.advice_id JOIN organisations o ON o.id = a.organisation_id
				WHERE fa.feedback_id = f.id AND fa.carried_out = 'no'), '') AS organisations
		FROM feedback f JOIN complaints c ON c.id = f.complaint_id LEFT JOIN users h ON h.id = c.handler_id
		WHERE f.reported_at IS NOT NULL AND f.dealt_with_at IS NULL AND c.destroyed_at IS NULL
		ORDER BY f.reported_at, f.id LIMIT $1 OFFSET $2`, limit, offset); err != nil {
		return nil, 0, fmt.Errorf("list not-carried-out reports: %w", err)
	}
	total, err = db.CountNotCarriedOut(ctx)
	return list, total, err
}

// DealWithNotCarriedOut marks the case's open "not carried out" report dealt with, with staff's
// note on what they did (for instance: contacted the organisation, and what it said). The note is
// an internal event of the case. Without an open report: invalid_transition.
func (db *DB) DealWithNotCarriedOut(ctx context.Context, actor casework.Actor, reference string, d casework.DealtWith) error {
	if !actor.Role.HandlesCases() {
		return casework.Errorf(casework.CodeForbidden, "Only the meldpunt's staff deal with these reports.")
	}
	d.Note = strings.TrimSpace(d.Note)
	if err := d.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		id, err := lockComplaint(ctx, tx, reference)
		if err != nil {
			return err
		}
		now := db.now()
		res, err := tx.ExecContext(ctx, `UPDATE feedback SET dealt_with_at = $2, dealt_with_by = $3, dealt_with_name = $4,
			dealt_with_note = $5 WHERE complaint_id = $1 AND reported_at IS NOT NULL AND dealt_with_at IS NULL`,
			id, now, nullID(actor.UserID), actor.Label, d.Note)
		if err != nil {
			return fmt.Errorf("mark report dealt with: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return casework.Errorf(casework.CodeInvalidTransition, "This case has no open report that an advice was not carried out.")
		}
		return insertEvent(ctx, tx, event{complaintID: id, action: "not_carried_out_dealt_with", actor: actor, at: now,
			reason: d.Note, internal: true})
	})
}
