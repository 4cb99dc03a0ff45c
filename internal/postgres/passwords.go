package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
	"meldpunt/internal/secret"
)

// Accounts people manage: switching a user off and on, changing one's own password, and the
// one-time link with which a user sets a new password after an admin reset it. Every password that
// is set passes strongPassword (NIST SP 800-63B: long enough, not common, repetitive or derived
// from the person or the service).

// weakPasswordMessage is the field error of a password that is too easy to guess.
const weakPasswordMessage = "is too easy to guess: avoid common words, repeats, sequences, dates and your own name or e-mail address; a few unrelated words work well"

// strongPassword returns err (nil or a validation error) with a field error on field when password
// has the wrong length or is too easy to guess for the person with these details. When err
// already has an error on field, it is returned as it is.
func strongPassword(err error, field, password string, personal ...string) error {
	var e *casework.Error
	if errors.As(err, &e) {
		for _, fe := range e.Fields {
			if fe.Field == field {
				return err
			}
		}
	}
	var v casework.Validator
	casework.CheckNewPassword(&v, field, password)
	if v.Err() == nil && secret.PasswordTooWeak(password, personal...) {
		v.Add(field, "%s", weakPasswordMessage)
	}
	return casework.JoinValidation(err, v.Err())
}

// Accounts lists every user account, switched on or off, for the admin.
func (db *DB) Accounts(ctx context.Context) ([]casework.Account, error) {
	list := []casework.Account{}
	err := db.db.SelectContext(ctx, &list, `
		SELECT id, email, name, role, organisation_id, disabled_at IS NULL AS active,
			EXISTS (SELECT 1 FROM totp_keys k WHERE k.user_id = users.id AND k.confirmed_at IS NOT NULL) AS two_factor
		FROM users ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	return list, nil
}

// SetUserActive switches the account id on or off (admin). Switching it off ends every session and
// bearer token of the user in the same transaction; an admin cannot switch their own account off.
func (db *DB) SetUserActive(ctx context.Context, admin casework.User, id int64, active bool) (casework.Account, error) {
	var a casework.Account
	if !active && id == admin.ID {
		return a, &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
			Fields: []casework.FieldError{{Field: "active", Message: "you cannot switch off your own account"}}}
	}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &a, `
			SELECT id, email, name, role, organisation_id, disabled_at IS NULL AS active,
				EXISTS (SELECT 1 FROM totp_keys k WHERE k.user_id = users.id AND k.confirmed_at IS NOT NULL) AS two_factor
			FROM users WHERE id = $1 FOR UPDATE`, id)
		if errors.Is(err, sql.ErrNoRows) {
			return casework.Errorf(casework.CodeNotFound, "No user with this id.")
		}
		if err != nil {
			return fmt.Errorf("lock user: %w", err)
		}
		now := db.now()
		if active {
			_, err = tx.ExecContext(ctx, `UPDATE users SET disabled_at = NULL WHERE id = $1`, id)
			if err == nil && !a.Active {
				// A sign-in that raced the switch-off (checked the account before it, stored its
				// session after) left a session or token behind: a user switched back on starts
				// with none.
				err = endSessions(ctx, tx, id, "", now)
			}
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE users SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL`, id, now)
			if err == nil {
				err = endSessions(ctx, tx, id, "", now)
			}
		}
		if err != nil {
			return fmt.Errorf("switch user: %w", err)
		}
		a.Active = active
		return nil
	})
	return a, err
}

// endSessions revokes every web session and deletes every bearer token of a user, except the one
// whose token is keep ("" keeps none).
func endSessions(ctx context.Context, tx *sqlx.Tx, userID int64, keep string, now time.Time) error {
	var keepHash []byte
	if keep != "" {
		keepHash = secret.HashToken(keep)
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE web_sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL
			AND ($3::bytea IS NULL OR token_hash <> $3)`, userID, now, keepHash); err != nil {
		return fmt.Errorf("revoke sessions: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE user_id = $1 AND ($2::bytea IS NULL OR token_hash <> $2)`,
		userID, keepHash); err != nil {
		return fmt.Errorf("revoke tokens: %w", err)
	}
	return nil
}

// ChangePassword sets a new password for u after checking the current one. A wrong current
// password is a validation error on current_password that says nothing more. Every other session
// and token of the user ends; the one of token (the caller's bearer token or session) stays.
func (db *DB) ChangePassword(ctx context.Context, u casework.User, current, next, token string) error {
	var v casework.Validator
	casework.CheckText(&v, "current_password", current, true, 200)
	err := strongPassword(v.Err(), "new_password", next, u.Email, u.Name)
	if err == nil && current == next {
		err = &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
			Fields: []casework.FieldError{{Field: "new_password", Message: "must differ from the current password"}}}
	}
	if err != nil {
		return err
	}
	hash, err := secret.HashPassword(next)
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := checkCurrentPassword(ctx, tx, u.ID, current); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2 WHERE id = $1`, u.ID, hash); err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		return endSessions(ctx, tx, u.ID, token, db.now())
	})
}

// PasswordReset is a one-time link's token for a user to set a new password; Token goes into the
// link and is never stored.
type PasswordReset struct {
	Token     string        `json:"-"`
	ExpiresAt time.Time     `json:"expires_at"`
	User      casework.User `json:"user"`
}

// CreatePasswordReset makes a one-time link for the user id, valid for ttl (admin). Earlier unused
// links of the user end. The user's password stays as it is until the link is used.
func (db *DB) CreatePasswordReset(ctx context.Context, admin casework.User, id int64, ttl time.Duration) (PasswordReset, error) {
	var r PasswordReset
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &r.User, `SELECT id, email, name, role, organisation_id FROM users WHERE id = $1 FOR UPDATE`, id)
		if errors.Is(err, sql.ErrNoRows) {
			return casework.Errorf(casework.CodeNotFound, "No user with this id.")
		}
		if err != nil {
			return fmt.Errorf("lock user: %w", err)
		}
		now := db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, id, now); err != nil {
			return fmt.Errorf("end earlier links: %w", err)
		}
		token, hash := secret.NewToken()
		r.Token, r.ExpiresAt = token, now.Add(ttl)
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO password_resets (token_hash, user_id, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
			hash, id, admin.ID, now, r.ExpiresAt); err != nil {
			return fmt.Errorf("store link: %w", err)
		}
		return nil
	})
	return r, err
}

// Errors of a one-time link that cannot be used (any other refusal is a validation error); the
// pages tell them apart with errors.Is.
var (
	ErrResetUnknown = casework.Errorf(casework.CodeNotFound, "This link is not known. Ask the meldpunt's administrator for a new one.")
	ErrResetUsed    = casework.Errorf(casework.CodeConflict, "This link has been used already or was replaced by a newer one. Ask the meldpunt's administrator for a new one.")
	ErrResetExpired = casework.Errorf(casework.CodeConflict, "This link has expired. Ask the meldpunt's administrator for a new one.")
	ErrResetOff     = casework.Errorf(casework.CodeConflict, "This account is switched off. Ask the meldpunt's administrator.")
)

// resetLink loads the link of token (locked in tx when forUpdate) and refuses one that cannot be used.
func (db *DB) resetLink(ctx context.Context, q sqlx.QueryerContext, token string, forUpdate bool) (int64, casework.User, error) {
	var row struct {
		ID        int64      `db:"reset_id"`
		ExpiresAt time.Time  `db:"expires_at"`
		UsedAt    *time.Time `db:"used_at"`
		Disabled  bool       `db:"disabled"`
		casework.User
	}
	query := `
		SELECT r.id AS reset_id, r.expires_at, r.used_at, u.disabled_at IS NOT NULL AS disabled,
			u.id, u.email, u.name, u.role, u.organisation_id
		FROM password_resets r JOIN users u ON u.id = r.user_id WHERE r.token_hash = $1`
	if forUpdate {
		query += ` FOR UPDATE OF r, u`
	}
	err := sqlx.GetContext(ctx, q, &row, query, secret.HashToken(token))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, row.User, ErrResetUnknown
	case err != nil:
		return 0, row.User, fmt.Errorf("load link: %w", err)
	case row.UsedAt != nil:
		return 0, row.User, ErrResetUsed
	case !row.ExpiresAt.After(db.now()):
		return 0, row.User, ErrResetExpired
	case row.Disabled:
		return 0, row.User, ErrResetOff
	}
	return row.ID, row.User, nil
}

// PasswordResetUser returns the user whose one-time link token is, if the link can still be used.
func (db *DB) PasswordResetUser(ctx context.Context, token string) (casework.User, error) {
	_, u, err := db.resetLink(ctx, db.db, token, false)
	return u, err
}

// ResetPassword sets the new password of the user of a one-time link, uses the link up and ends
// every session and token of the user.
func (db *DB) ResetPassword(ctx context.Context, token, next string) (casework.User, error) {
	var u casework.User
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		id, user, err := db.resetLink(ctx, tx, token, true)
		if err != nil {
			return err
		}
		u = user
		if err := strongPassword(nil, "new_password", next, u.Email, u.Name); err != nil {
			return err
		}
		hash, err := secret.HashPassword(next)
		if err != nil {
			return fmt.Errorf("hash password: %w", err)
		}
		now := db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2 WHERE id = $1`, u.ID, hash); err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE password_resets SET used_at = $2 WHERE id = $1`, id, now); err != nil {
			return fmt.Errorf("use link: %w", err)
		}
		return endSessions(ctx, tx, u.ID, "", now)
	})
	return u, err
}

// checkCurrentPassword locks the active user id and checks their current password: a wrong one is a
// validation error on current_password that says nothing more; a user switched off meanwhile must
// sign in again.
func checkCurrentPassword(ctx context.Context, tx *sqlx.Tx, id int64, current string) error {
	var hash string
	err := tx.GetContext(ctx, &hash, `SELECT password_hash FROM users WHERE id = $1 AND disabled_at IS NULL FOR UPDATE`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return casework.Errorf(casework.CodeUnauthenticated, "Sign in again.")
	}
	if err != nil {
		return fmt.Errorf("lock user: %w", err)
	}
	if !secret.CheckPassword(hash, current) {
		return &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
			Fields: []casework.FieldError{{Field: "current_password", Message: "is not correct"}}}
	}
	return nil
}
