package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

// What staff record about a closed file's retention (issue 13 point 1): the ombudsman, a reopening
// and a closing again move its destruction date (the trigger of migration 00021 computes it); a
// hold stops its destruction. Every record is an internal event on the case's timeline.

// Retention is a case's retention as it stands, for the staff's case page and the API.
type Retention struct {
	Reference string                     `json:"reference" db:"reference"`
	Status    casework.Status            `json:"status" db:"status"`
	Category  casework.RetentionCategory `json:"category,omitempty" db:"retention_category"`
	// From is the day the term runs from: the day the case closed, or closed again.
	From        term.Date  `json:"from,omitempty" db:"retention_from"`
	DestroyOn   term.Date  `json:"destroy_on,omitempty" db:"destroy_on"`
	OmbudsmanOn term.Date  `json:"ombudsman_on,omitempty" db:"ombudsman_on"`
	ReopenedOn  term.Date  `json:"reopened_on,omitempty" db:"reopened_on"`
	HoldReason  string     `json:"hold_reason,omitempty" db:"hold_reason"`
	HoldBy      string     `json:"hold_by,omitempty" db:"hold_by"`
	HoldAt      *time.Time `json:"hold_at,omitempty" db:"hold_at"`
	// Approved is set while the case is on an approved destruction list and waits for the destroyer.
	Approved bool `json:"approved" db:"approved"`
}

func (r Retention) file() casework.RetentionFile {
	return casework.RetentionFile{Status: r.Status, From: r.From, OmbudsmanOn: r.OmbudsmanOn,
		ReopenedOn: r.ReopenedOn, OnHold: r.HoldReason != ""}
}

const retentionQuery = `
	SELECT c.reference, c.status, coalesce(c.retention_category, '') AS retention_category, c.retention_from,
		c.destroy_on, c.ombudsman_on, c.reopened_on, c.hold_reason, coalesce(u.name, '') AS hold_by, c.hold_at,
		EXISTS (SELECT 1 FROM destructions d WHERE d.complaint_id = c.id AND d.destroyed_at IS NULL AND d.skipped = '') AS approved
	FROM complaints c LEFT JOIN users u ON u.id = c.hold_by
	WHERE c.reference = $1 AND c.destroyed_at IS NULL`

// Retention returns the retention of the case with the reference; a destroyed case is not found.
func (db *DB) Retention(ctx context.Context, reference string) (Retention, error) {
	var r Retention
	err := db.db.GetContext(ctx, &r, retentionQuery, normReference(reference))
	if errors.Is(err, sql.ErrNoRows) {
		return r, notFoundComplaint
	}
	if err != nil {
		return r, fmt.Errorf("load retention: %w", err)
	}
	return r, nil
}

// RecordRetention records rec on the case's file (casework.RetentionRecord.Check says who may and
// when) with an internal event naming the actor and the reason, and returns the retention after it.
func (db *DB) RecordRetention(ctx context.Context, actor casework.Actor, reference string, rec casework.RetentionRecord) (Retention, error) {
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var id int64
		err := tx.GetContext(ctx, &id, `SELECT id FROM complaints WHERE reference = $1 AND destroyed_at IS NULL FOR NO KEY UPDATE`,
			normReference(reference))
		if errors.Is(err, sql.ErrNoRows) {
			return notFoundComplaint
		}
		if err != nil {
			return fmt.Errorf("lock complaint: %w", err)
		}
		var cur Retention
		if err := tx.GetContext(ctx, &cur, retentionQuery, normReference(reference)); err != nil {
			return fmt.Errorf("load retention: %w", err)
		}
		now := db.now()
		on, err := rec.Check(actor.Role, cur.file(), term.LocalDate(now))
		if err != nil {
			return err
		}
		// The event's reason: "on YYYY-MM-DD" for the records with a day, then what staff typed.
		var query, reason string
		args := []any{id}
		switch rec.Action {
		case casework.RetentionWentToOmbudsman:
			query, args = `UPDATE complaints SET ombudsman_on = $2 WHERE id = $1`, append(args, on)
		case casework.RetentionReopen:
			query, args = `UPDATE complaints SET reopened_on = $2 WHERE id = $1`, append(args, on)
		case casework.RetentionCloseAgain:
			query, args = `UPDATE complaints SET reopened_on = NULL, retention_from = $2 WHERE id = $1`, append(args, on)
		case casework.RetentionHold:
			query, args = `UPDATE complaints SET hold_reason = $2, hold_by = $3, hold_at = $4 WHERE id = $1`,
				append(args, rec.Reason, nullID(actor.UserID), now)
		case casework.RetentionLiftHold:
			query = `UPDATE complaints SET hold_reason = '', hold_by = NULL, hold_at = NULL WHERE id = $1`
		}
		if !on.IsZero() {
			reason = "on " + on.String()
		}
		if rec.Reason != "" {
			reason = strings.TrimPrefix(reason+": "+rec.Reason, ": ")
		}
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
			return fmt.Errorf("record retention %s: %w", rec.Action, err)
		}
		return insertEvent(ctx, tx, event{complaintID: id, action: "retention_" + string(rec.Action), actor: actor,
			at: now, reason: reason, internal: true})
	})
	if err != nil {
		return Retention{}, err
	}
	return db.Retention(ctx, reference)
}

// CountDueForDestruction counts the cases whose destruction day is on or before on and that wait
// for the admin's approval: not on hold, not on an approved list.
func (db *DB) CountDueForDestruction(ctx context.Context, on term.Date) (int, error) {
	var n int
	err := db.db.GetContext(ctx, &n, `
		SELECT count(*) FROM complaints c
		WHERE c.destroy_on IS NOT NULL AND c.destroy_on <= $1 AND c.hold_reason = ''
			AND NOT EXISTS (SELECT 1 FROM destructions d WHERE d.complaint_id = c.id)`, on)
	if err != nil {
		return 0, fmt.Errorf("count due cases: %w", err)
	}
	return n, nil
}

// ActiveAdmin returns the active admin account with this e-mail address, for the command line's
// approval of a destruction (the archive records who approved); any other account is not found.
func (db *DB) ActiveAdmin(ctx context.Context, email string) (casework.User, error) {
	var u casework.User
	err := db.db.GetContext(ctx, &u, `
		SELECT id, email, name, role FROM users
		WHERE lower(email) = lower($1) AND role = 'admin' AND disabled_at IS NULL`, strings.TrimSpace(email))
	if errors.Is(err, sql.ErrNoRows) {
		return u, casework.Errorf(casework.CodeNotFound, "No active admin account with this e-mail address.")
	}
	if err != nil {
		return u, fmt.Errorf("load admin: %w", err)
	}
	return u, nil
}
