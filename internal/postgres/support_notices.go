package postgres

import (
	"context"
	"fmt"
	"time"

	"meldpunt/internal/casework"
)

// SupportNotice is an e-mail to a resident about their support request, claimed for sending. The
// address was typed by someone without an account: the e-mail is a short neutral notice that
// carries nothing the sender typed, and counts towards the e-mails per hour an address may get
// (public_mails, shared with the complaint form's).
type SupportNotice struct {
	ID        int64             `db:"id"`
	RequestID int64             `db:"request_id"`
	Kind      string            `db:"kind"`
	Email     string            `db:"email"`
	Language  casework.Language `db:"language"`
	Reference string            `db:"reference"`
	Attempts  int               `db:"attempts"`
}

// ClaimSupportNotices takes up to limit due e-mails about support requests, each hidden from other
// dispatchers for lease (a dispatcher that dies leaves them to be claimed again), its attempt
// counted; the oldest first.
func (db *DB) ClaimSupportNotices(ctx context.Context, limit int, lease time.Duration) ([]SupportNotice, error) {
	now := db.now()
	list := []SupportNotice{}
	err := db.db.SelectContext(ctx, &list, `
		UPDATE support_request_notices n SET next_attempt_at = $2, attempts = n.attempts + 1
		FROM (SELECT id FROM support_request_notices WHERE status = 'pending' AND next_attempt_at <= $1
		      ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) due
		WHERE n.id = due.id
		RETURNING n.id, n.request_id, n.kind, n.email, n.language, n.reference, n.attempts`, now, now.Add(lease), limit)
	if err != nil {
		return nil, fmt.Errorf("claim support request notices: %w", err)
	}
	return list, nil
}

// ReserveSupportMail is ReservePublicMail for an e-mail about a support request.
func (db *DB) ReserveSupportMail(ctx context.Context, n SupportNotice, maxMails int, window time.Duration) (bool, error) {
	return db.reservePublicMail(ctx, n.Email, "support_notice_id", n.ID, maxMails, window)
}

// UnreserveSupportMail gives back the e-mail a support notice reserved and did not send.
func (db *DB) UnreserveSupportMail(ctx context.Context, n SupportNotice) error {
	_, err := db.db.ExecContext(ctx, `DELETE FROM public_mails WHERE support_notice_id = $1`, n.ID)
	return err
}

// SupportNoticeOutcome records how a claimed support notice ended: "sent", "withheld" (the
// address had all the e-mails it may get this hour: the resident reads the decision on their
// request page) or "failed" (with the reason); or, with retryAt set, that it is tried again then.
func (db *DB) SupportNoticeOutcome(ctx context.Context, n SupportNotice, status, reason string, retryAt time.Time) error {
	if !retryAt.IsZero() {
		_, err := db.db.ExecContext(ctx, `UPDATE support_request_notices SET next_attempt_at = $2, last_error = $3
			WHERE id = $1 AND status = 'pending'`, n.ID, retryAt, reason)
		return err
	}
	if status != "sent" && status != "withheld" && status != "failed" {
		return fmt.Errorf("support notice outcome: unknown status %q", status)
	}
	_, err := db.db.ExecContext(ctx, `UPDATE support_request_notices SET status = $2, last_error = $3,
		sent_at = CASE WHEN $2 = 'sent' THEN $4::timestamptz END WHERE id = $1 AND status = 'pending'`, n.ID, status, reason, db.now())
	return err
}
