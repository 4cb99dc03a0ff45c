package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
)

// ContactChange is the outcome of a change of the complainant's contact details.
type ContactChange struct {
	// Changed names the parts that changed ("postal address added"), never their contents.
	Changed []string `json:"changed"`
	// Released counts the letters that waited for an address and now go out.
	Released int `json:"released"`
	// Waiting counts the letters to the complainant that still wait for an address.
	Waiting int `json:"waiting"`
	// Readdressed counts the letters not sent yet that were re-addressed to the corrected details.
	Readdressed int `json:"readdressed"`
}

// Rectify corrects the complainant's personal data on request (art. 16 AVG): name, e-mail
// address, phone number, postal address, the language of their letters and, where one acts for
// them now, the informal representative's details. Any staff member or admin may, in every status,
// with a reason. The audit event (change_contact, internal) records who, when, why, which fields
// and their old and new values: the old value is kept there only. Letters already sent (e-mailed
// or posted) stay as they were sent; letters not sent yet (waiting in the outbox, for an address,
// in the print queue, failed or withheld) are re-addressed to the corrected details, and those
// already written are written again, so the next letter reaches the new address. With
// EmailConfirmed, an address an anonymous sender typed on the public form becomes one that letters
// are e-mailed to in full (see unverifiedSQL).
func (db *DB) Rectify(ctx context.Context, actor casework.Actor, reference string, r casework.Rectification) (ContactChange, error) {
	r.Normalize()
	if err := r.Validate(); err != nil {
		return ContactChange{}, err
	}
	c := r.Complainant
	var out ContactChange
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var row struct {
			ID          int64             `db:"id"`
			Status      string            `db:"status"`
			Language    casework.Language `db:"language"`
			SupporterID *int64            `db:"supporter_id"`
			casework.Contact
			Rep casework.Contact `db:"rep"`
		}
		err := tx.GetContext(ctx, &row, `
			SELECT id, status, language, supporter_id, complainant_name AS name, complainant_email AS email,
				complainant_phone AS phone, complainant_street AS street, complainant_postcode AS postcode,
				complainant_city AS city, supporter_name AS "rep.name", supporter_email AS "rep.email",
				supporter_phone AS "rep.phone", supporter_street AS "rep.street", supporter_postcode AS "rep.postcode",
				supporter_city AS "rep.city"
			FROM complaints WHERE reference = $1 AND destroyed_at IS NULL FOR NO KEY UPDATE`, normReference(reference))
		if errors.Is(err, sql.ErrNoRows) {
			return casework.Errorf(casework.CodeNotFound, "No complaint with this reference.")
		}
		if err != nil {
			return fmt.Errorf("lock complaint: %w", err)
		}
		var oldRep *casework.Contact
		if r.Representative != nil {
			if row.SupporterID != nil || row.Rep.Name == "" {
				return &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
					Fields: []casework.FieldError{{Field: "representative", Message: "no informal representative acts for the complainant now; a member of the pool of client supporters keeps their own details"}}}
			}
			oldRep = &row.Rep
		}
		lang := row.Language
		if r.Language != "" {
			lang = r.Language
		}
		now := db.now()
		changes := r.Changes(row.Contact, row.Language, oldRep)
		out.Changed = c.ContactChanges(row.Contact)
		if lang != row.Language {
			out.Changed = append(out.Changed, "language of letters changed")
		}
		if oldRep != nil && len(r.Representative.ContactChanges(*oldRep)) > 0 {
			out.Changed = append(out.Changed, "representative's details changed")
		}
		if r.EmailConfirmed && c.Email != "" {
			res, err := tx.ExecContext(ctx, `
				UPDATE complaints SET public_emails = array_remove(array_remove(public_emails, $2), lower($2))
				WHERE id = $1 AND ($2 = ANY(public_emails) OR lower($2) = ANY(public_emails))`, row.ID, c.Email)
			if err != nil {
				return fmt.Errorf("confirm e-mail address: %w", err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				out.Changed = append(out.Changed, "e-mail address confirmed by staff")
			}
		}
		if len(out.Changed) == 0 {
			out.Changed = []string{}
		} else {
			rep := row.Rep
			if oldRep != nil {
				rep = *r.Representative
			}
			if _, err := tx.ExecContext(ctx, `
				UPDATE complaints SET complainant_name = $2, complainant_email = $3, complainant_phone = $4,
					complainant_street = $5, complainant_postcode = $6, complainant_city = $7, language = $8,
					supporter_name = $9, supporter_email = $10, supporter_phone = $11, supporter_street = $12,
					supporter_postcode = $13, supporter_city = $14
				WHERE id = $1`, row.ID, c.Name, c.Email, c.Phone, c.Street, c.Postcode, c.City, lang,
				rep.Name, rep.Email, rep.Phone, rep.Street, rep.Postcode, rep.City); err != nil {
				return fmt.Errorf("change complainant: %w", err)
			}
			if oldRep != nil && rep.Name != oldRep.Name {
				// The representation's record names the representative as corrected.
				if _, err := tx.ExecContext(ctx, `
					UPDATE representations SET name = $2 WHERE complaint_id = $1 AND ended_at IS NULL AND kind = 'informal'`,
					row.ID, rep.Name); err != nil {
					return fmt.Errorf("rename representative: %w", err)
				}
			}
			if changes == nil {
				changes = []casework.FieldChange{}
			}
			details, err := json.Marshal(map[string]any{"changed": out.Changed, "fields": changes})
			if err != nil {
				return err
			}
			id, err := insertEventID(ctx, tx, event{complaintID: row.ID, action: "change_contact", from: row.Status,
				to: row.Status, actor: actor, at: now, internal: true, reason: r.Reason})
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE events SET details = $2 WHERE id = $1`, id, details); err != nil {
				return fmt.Errorf("record the correction: %w", err)
			}
			if out.Readdressed, err = readdressUnsent(ctx, tx, row.ID, "complainant", c, lang, now); err != nil {
				return err
			}
			if oldRep != nil {
				n, err := readdressUnsent(ctx, tx, row.ID, "supporter", rep, lang, now)
				if err != nil {
					return err
				}
				out.Readdressed += n
			}
			if err := renameInFacts(ctx, tx, row.ID, row.Contact.Name, c.Name, row.Rep.Name, rep.Name, now); err != nil {
				return err
			}
		}
		if c.Reachable() {
			res, err := tx.ExecContext(ctx, `
				UPDATE notices n SET name = $2, email = $3, street = $4, postcode = $5, city = $6, status = 'pending',
					attempts = 0, next_attempt_at = $7, last_error = '', unverified = `+unverifiedSQL("c.complainant_")+`
				FROM complaints c
				WHERE c.id = n.complaint_id AND n.complaint_id = $1 AND n.recipient = 'complainant' AND n.status = 'no_address'`,
				row.ID, c.Name, c.Email, c.Street, c.Postcode, c.City, now)
			if err != nil {
				return fmt.Errorf("release waiting letters: %w", err)
			}
			n, _ := res.RowsAffected()
			out.Released = int(n)
		}
		if err := renewCodeOfRewrittenLetters(ctx, tx, row.ID, actor, "contact details corrected", now); err != nil {
			return err
		}
		return tx.GetContext(ctx, &out.Waiting, `
			SELECT count(*) FROM notices WHERE complaint_id = $1 AND recipient = 'complainant' AND status = 'no_address'`, row.ID)
	})
	return out, err
}

// unsentStatuses are the states of a letter that has not left the meldpunt: a correction of the
// recipient's details reaches it.
const unsentStatuses = `('pending', 'print', 'failed', 'withheld', 'no_address')`

// readdressUnsent gives the letters to recipient (complainant or supporter) of the complaint that
// have not been sent the corrected name, address and language. One in the print queue, written
// for the old address, goes back to the outbox to be written again (and e-mailed, when there is
// an address for that now). Letters waiting for an address are released by the caller.
func readdressUnsent(ctx context.Context, tx *sqlx.Tx, complaintID int64, recipient string, to casework.Contact,
	lang casework.Language, now time.Time) (int, error) {
	unverified := "false"
	if recipient == "complainant" {
		unverified = unverifiedSQL("c.complainant_")
	}
	res, err := tx.ExecContext(ctx, `
		UPDATE notices n SET name = $3, email = $4, street = $5, postcode = $6, city = $7, language = $8,
			unverified = `+unverified+`,
			pdf = CASE WHEN n.status IN ('print', 'pending') THEN NULL ELSE n.pdf END, print_pdf = NULL,
			status = CASE WHEN n.status = 'print' THEN 'pending' ELSE n.status END,
			attempts = CASE WHEN n.status = 'print' THEN 0 ELSE n.attempts END,
			next_attempt_at = CASE WHEN n.status = 'print' THEN $9 ELSE n.next_attempt_at END
		FROM complaints c
		WHERE c.id = n.complaint_id AND n.complaint_id = $1 AND n.recipient = $2 AND n.status IN `+unsentStatuses,
		complaintID, recipient, to.Name, to.Email, to.Street, to.Postcode, to.City, lang, now)
	if err != nil {
		return 0, fmt.Errorf("re-address letters not sent: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// renameInFacts puts a corrected name of the complainant or the representative in the facts of
// the letters not sent yet (a letter to an organisation names the complainant, one to the
// complainant the representative who gets a copy); one already written is written again.
func renameInFacts(ctx context.Context, tx *sqlx.Tx, complaintID int64, oldName, newName, oldRep, newRep string, now time.Time) error {
	for _, f := range []struct{ key, was, is string }{{"complainant_name", oldName, newName}, {"supporter_name", oldRep, newRep}} {
		if f.was == f.is || f.was == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE notices SET facts = jsonb_set(facts, ARRAY[$2::text], to_jsonb($3::text)),
				pdf = CASE WHEN status IN ('print', 'pending') THEN NULL ELSE pdf END,
				status = CASE WHEN status = 'print' THEN 'pending' ELSE status END,
				next_attempt_at = CASE WHEN status = 'print' THEN $4 ELSE next_attempt_at END
			WHERE complaint_id = $1 AND status IN `+unsentStatuses+` AND facts ? $2 AND facts->>$2 = $5`,
			complaintID, f.key, f.is, now, f.was); err != nil {
			return fmt.Errorf("rename in letters not sent: %w", err)
		}
	}
	return nil
}
