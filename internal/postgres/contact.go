package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

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
}

// ChangeComplainant replaces the complainant's contact details, as staff correct them on request
// or add an address to a complaint taken by phone. The audit trail records which parts changed,
// not their contents. Letters to the complainant that waited for an address (no_address) get the
// new address and go back to the outbox, to be e-mailed or printed by the dispatcher; letters
// already on their way keep the address they were written to.
func (db *DB) ChangeComplainant(ctx context.Context, actor casework.Actor, reference string, c casework.Contact) (ContactChange, error) {
	return db.changeComplainant(ctx, actor, reference, c, false)
}

// ConfirmComplainant is ChangeComplainant by staff who checked the e-mail address with the
// complainant: an address an anonymous sender typed on the public form is from then on one that
// letters are e-mailed to in full (see unverifiedSQL). Saving the details alone (to add a phone
// number, say) does not vouch for the address.
func (db *DB) ConfirmComplainant(ctx context.Context, actor casework.Actor, reference string, c casework.Contact) (ContactChange, error) {
	return db.changeComplainant(ctx, actor, reference, c, true)
}

func (db *DB) changeComplainant(ctx context.Context, actor casework.Actor, reference string, c casework.Contact, confirm bool) (ContactChange, error) {
	c.Normalize()
	if err := c.ValidateComplainant(); err != nil {
		return ContactChange{}, err
	}
	var out ContactChange
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var row struct {
			ID     int64  `db:"id"`
			Status string `db:"status"`
			casework.Contact
		}
		err := tx.GetContext(ctx, &row, `
			SELECT id, status, complainant_name AS name, complainant_email AS email, complainant_phone AS phone,
				complainant_street AS street, complainant_postcode AS postcode, complainant_city AS city
			FROM complaints WHERE reference = $1 AND destroyed_at IS NULL FOR NO KEY UPDATE`, normReference(reference))
		if errors.Is(err, sql.ErrNoRows) {
			return casework.Errorf(casework.CodeNotFound, "No complaint with this reference.")
		}
		if err != nil {
			return fmt.Errorf("lock complaint: %w", err)
		}
		now := db.now()
		out.Changed = c.ContactChanges(row.Contact)
		if confirm && c.Email != "" {
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
			if _, err := tx.ExecContext(ctx, `
				UPDATE complaints SET complainant_name = $2, complainant_email = $3, complainant_phone = $4,
					complainant_street = $5, complainant_postcode = $6, complainant_city = $7
				WHERE id = $1`, row.ID, c.Name, c.Email, c.Phone, c.Street, c.Postcode, c.City); err != nil {
				return fmt.Errorf("change complainant: %w", err)
			}
			if err := insertEvent(ctx, tx, event{complaintID: row.ID, action: "change_contact", from: row.Status,
				to: row.Status, actor: actor, at: now, internal: true,
				reason: "complainant's contact details: " + strings.Join(out.Changed, ", ")}); err != nil {
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
		return tx.GetContext(ctx, &out.Waiting, `
			SELECT count(*) FROM notices WHERE complaint_id = $1 AND recipient = 'complainant' AND status = 'no_address'`, row.ID)
	})
	return out, err
}
