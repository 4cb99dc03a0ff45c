package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
)

// RegisterOrganisation is CreateOrganisation by a signed-in user, with an audit event in the same
// transaction: the trail of changes that are not about one case (account_events, with no account
// of its own) records who added which organisation and when. Staff add one when a complaint is
// about an organisation not yet listed; the admin keeps editing them.
func (db *DB) RegisterOrganisation(ctx context.Context, actor casework.User, o casework.Organisation) (casework.Organisation, error) {
	o.Normalize()
	if err := o.Validate(); err != nil {
		return o, err
	}
	now := db.now()
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		err := tx.QueryRowContext(ctx, `
			INSERT INTO organisations (name, kind, email, street, postcode, city, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
			RETURNING id`, o.Name, o.Kind, o.Email, o.Street, o.Postcode, o.City, now).Scan(&o.ID)
		if err != nil {
			err = mapError(err)
			if casework.ErrorCode(err) == casework.CodeConflict {
				return casework.Errorf(casework.CodeConflict, "An organisation with this name already exists.")
			}
			return fmt.Errorf("insert organisation: %w", err)
		}
		return accountEvent(ctx, tx, 0, "organisation_added", fmt.Sprintf("organisation %d: %s", o.ID, o.Name), actor, now)
	})
	return o, err
}
