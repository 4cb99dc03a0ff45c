package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
	"meldpunt/internal/secret"
)

// NewCodesPerDay is how many new tracking codes a resident may ask for one case in 24 hours.
const NewCodesPerDay = 3

// RequestNewTrackingCode is the resident's way back to a case whose tracking code they lost: with
// the reference and the complainant's e-mail address or postcode on file. On a match the case gets
// a new code at once (only its hash is stored; the old code stops working in the same transaction)
// and the code goes in a letter to the complainant alone, at the address on file: e-mailed where
// there is an e-mail address, else printed and posted. The caller learns nothing: a match, a
// mismatch, an unknown or destroyed reference all return nil, and a mismatch writes nothing at
// all. The web layer limits how often a source may ask (the store cannot tell callers apart).
// Only an internal error is returned.
func (db *DB) RequestNewTrackingCode(ctx context.Context, reference, emailOrPostcode string) error {
	given := strings.TrimSpace(emailOrPostcode)
	reference = normReference(reference)
	if given == "" || reference == "" {
		return nil
	}
	now := db.now()
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		var c struct {
			ID       int64  `db:"id"`
			Status   string `db:"status"`
			Email    string `db:"complainant_email"`
			Postcode string `db:"complainant_postcode"`
		}
		// FOR UPDATE: two requests at once give one code after the other, never two valid codes.
		err := tx.GetContext(ctx, &c, `SELECT id, status, complainant_email, complainant_postcode FROM complaints
			WHERE reference = $1 AND destroyed_at IS NULL FOR UPDATE`, reference)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("load complaint for a new code: %w", err)
		}
		by := matchContact(c.Email, c.Postcode, given)
		if by == "" {
			return nil
		}
		// Whoever knows a reference and a postcode could stop the resident's code over and over:
		// a case gets at most NewCodesPerDay new codes a day, across replicas. Beyond that the
		// answer stays the same and nothing happens.
		var recent int
		if err := tx.GetContext(ctx, &recent, `SELECT count(*) FROM events
			WHERE complaint_id = $1 AND action = 'new_tracking_code' AND actor_role = 'resident' AND effective_at > $2`,
			c.ID, now.Add(-24*time.Hour)); err != nil {
			return fmt.Errorf("count new codes: %w", err)
		}
		if recent >= NewCodesPerDay {
			return nil
		}
		code, id, err := renewTrackingCode(ctx, tx, c.ID, c.Status, casework.Actor{Role: casework.RoleResident, Label: "klager"},
			"new tracking code asked with the "+by+" on file; sent to the address on file", now)
		if err != nil {
			return err
		}
		data, err := json.Marshal(map[string]string{"tracking_code": code})
		if err != nil {
			return err
		}
		// To the complainant only, never to a supporter: the code is the resident's own.
		_, err = tx.ExecContext(ctx, `
			INSERT INTO notices (complaint_id, kind, recipient, dedupe_key, language, name, email, street,
				postcode, city, data, facts, created_at, next_attempt_at, priority, status, unverified)
			SELECT c.id, $2::text, 'complainant', $3::text, c.language, c.complainant_name, c.complainant_email,
				c.complainant_street, c.complainant_postcode, c.complainant_city, $4::jsonb,
				`+letterFactsSQL("$1::bigint", "NULL::bigint")+`, $5::timestamptz, $5::timestamptz, $6::smallint,
				`+deliveryStatus("c.complainant_")+`, `+unverifiedSQL("c.complainant_")+`
			FROM complaints c WHERE c.id = $1`,
			c.ID, NoticeNewTrackingCode, fmt.Sprintf("newcode:%d:%d:complainant", c.ID, id), string(data), now,
			NoticePriority(NoticeNewTrackingCode))
		if err != nil {
			return fmt.Errorf("write the letter with the new code: %w", err)
		}
		return nil
	})
}

// matchContact tells what given matched of the complainant's details on file: "e-mail address",
// "postcode", or "" for no match. An empty detail on file matches nothing.
func matchContact(email, postcode, given string) string {
	if strings.Contains(given, "@") {
		if email != "" && strings.EqualFold(strings.TrimSpace(email), given) {
			return "e-mail address"
		}
		return ""
	}
	norm := func(s string) string { return strings.ReplaceAll(casework.NormalizePostcode(s), " ", "") }
	if postcode != "" && norm(postcode) == norm(given) {
		return "postcode"
	}
	return ""
}

// renewTrackingCode gives the complaint a new tracking code: only its hash is stored, and the old
// code stops working. A letter not written yet that holds the old code (an acknowledgement, an
// earlier new code) is written with the new one, and so is one that goes back to the outbox after
// its code was wiped (code_kept: a letter in the print queue re-addressed, a letter that waited for
// an address or failed). The audit event says why, never the code. It returns the code and the
// event's id.
func renewTrackingCode(ctx context.Context, tx *sqlx.Tx, complaintID int64, status string, actor casework.Actor,
	reason string, now time.Time) (string, int64, error) {
	code, hash := secret.NewTrackingCode()
	if _, err := tx.ExecContext(ctx, `UPDATE complaints SET tracking_hash = $2 WHERE id = $1`, complaintID, hash); err != nil {
		return "", 0, fmt.Errorf("store the new tracking code: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE notices SET data = (data - 'code_kept') || jsonb_build_object('tracking_code', $2::text)
		WHERE complaint_id = $1 AND (data ? 'tracking_code' OR (data ? 'code_kept' AND status = 'pending'))`,
		complaintID, code); err != nil {
		return "", 0, fmt.Errorf("renew the code in letters not written: %w", err)
	}
	id, err := insertEventID(ctx, tx, event{complaintID: complaintID, action: "new_tracking_code", from: status, to: status,
		actor: actor, at: now, reason: reason})
	return code, id, err
}

// renewCodeOfRewrittenLetters gives a new tracking code to the complaint when one of its letters
// with a code goes back to the outbox to be written again after the code was wiped from it (a
// letter in the print queue re-addressed, a letter that waited for an address, a failed letter
// tried again): the letter then goes out with a code, and the old one, which nobody may have
// received, stops working.
func renewCodeOfRewrittenLetters(ctx context.Context, tx *sqlx.Tx, complaintID int64, actor casework.Actor, why string, now time.Time) error {
	var status string
	err := tx.GetContext(ctx, &status, `
		SELECT c.status FROM complaints c WHERE c.id = $1 AND c.destroyed_at IS NULL AND EXISTS (
			SELECT 1 FROM notices n WHERE n.complaint_id = c.id AND n.recipient = 'complainant' AND n.status = 'pending'
				AND n.data ? 'code_kept' AND NOT n.data ? 'tracking_code')`, complaintID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("letters written again: %w", err)
	}
	_, _, err = renewTrackingCode(ctx, tx, complaintID, status, actor, "new tracking code for a letter written again: "+why, now)
	return err
}
