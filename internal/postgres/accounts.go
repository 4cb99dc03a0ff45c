package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
	"meldpunt/internal/secret"
)

// CreateOrganisation stores a new organisation.
func (db *DB) CreateOrganisation(ctx context.Context, o casework.Organisation) (casework.Organisation, error) {
	o.Normalize()
	if err := o.Validate(); err != nil {
		return o, err
	}
	err := db.db.QueryRowContext(ctx, `
		INSERT INTO organisations (name, kind, email, street, postcode, city, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
		RETURNING id`, o.Name, o.Kind, o.Email, o.Street, o.Postcode, o.City, db.now()).Scan(&o.ID)
	if err != nil {
		err = mapError(err)
		if casework.ErrorCode(err) == casework.CodeConflict {
			return o, casework.Errorf(casework.CodeConflict, "An organisation with this name already exists.")
		}
		return o, fmt.Errorf("insert organisation: %w", err)
	}
	return o, nil
}

// SetOrganisationAddress replaces an organisation's postal address: the admin completes an address
// that the move from the one-line field could not split, or records a move. Letters already written
// keep the address they were written with.
func (db *DB) SetOrganisationAddress(ctx context.Context, id int64, street, postcode, city string) (casework.Organisation, error) {
	var o casework.Organisation
	err := db.db.GetContext(ctx, &o, `SELECT id, name, kind, email, street, postcode, city FROM organisations WHERE id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return o, casework.Errorf(casework.CodeNotFound, "No organisation with this id.")
	}
	if err != nil {
		return o, fmt.Errorf("load organisation: %w", err)
	}
	o.Street, o.Postcode, o.City = street, postcode, city
	o.Normalize()
	if err := o.Validate(); err != nil {
		return o, err
	}
	if _, err := db.db.ExecContext(ctx, `UPDATE organisations SET street = $2, postcode = $3, city = $4 WHERE id = $1`,
		o.ID, o.Street, o.Postcode, o.City); err != nil {
		return o, fmt.Errorf("update organisation address: %w", err)
	}
	return o, nil
}

// Organisations lists every organisation by name.
func (db *DB) Organisations(ctx context.Context) ([]casework.Organisation, error) {
	orgs := []casework.Organisation{}
	err := db.db.SelectContext(ctx, &orgs, `SELECT id, name, kind, email, street, postcode, city FROM organisations ORDER BY name`)
	return orgs, err
}

// CreateUser stores a new user with a hashed password.
func (db *DB) CreateUser(ctx context.Context, nu casework.NewUser) (casework.User, error) {
	nu.Email = strings.TrimSpace(nu.Email)
	nu.Name = strings.TrimSpace(nu.Name)
	if err := strongPassword(nu.Validate(), "password", nu.Password, nu.Email, nu.Name); err != nil {
		return casework.User{}, err
	}
	hash, err := secret.HashPassword(nu.Password)
	if err != nil {
		return casework.User{}, fmt.Errorf("hash password: %w", err)
	}
	u := casework.User{Email: nu.Email, Name: nu.Name, Role: nu.Role}
	var org, sup *int64
	if nu.OrganisationID != 0 {
		org = &nu.OrganisationID
		u.OrganisationID = org
	}
	if nu.SupporterID != 0 {
		var ok bool
		if err := db.db.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM supporters WHERE id = $1 AND status <> 'removed')`,
			nu.SupporterID); err != nil {
			return u, fmt.Errorf("check supporter: %w", err)
		}
		if !ok {
			return u, &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
				Fields: []casework.FieldError{{Field: "supporter_id", Message: "no such supporter in the pool"}}}
		}
		sup = &nu.SupporterID
		u.SupporterID = sup
	}
	err = db.db.QueryRowContext(ctx, `
		INSERT INTO users (email, name, role, organisation_id, supporter_id, password_hash, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		nu.Email, nu.Name, nu.Role, org, sup, hash, db.now()).Scan(&u.ID)
	if err != nil {
		err = mapError(err)
		switch casework.ErrorCode(err) {
		case casework.CodeConflict:
			return u, casework.Errorf(casework.CodeConflict, "A user with this e-mail address already exists.")
		case casework.CodeValidation:
			return u, &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
				Fields: []casework.FieldError{{Field: "organisation_id", Message: "no such organisation"}}}
		}
		return u, fmt.Errorf("insert user: %w", err)
	}
	return u, nil
}

// Session is a signed-in user with a bearer token.
type Session struct {
	Token     string        `json:"token"`
	ExpiresAt time.Time     `json:"expires_at"`
	User      casework.User `json:"user"`
}

// Login checks an e-mail address and password and returns a new bearer token valid for ttl. A wrong
// address and a wrong password take the same time and give the same error. An account with
// two-step sign-in on must also give the current code from its app (otp): without one the error is
// totp_required, a wrong or used one totp_invalid; an account whose role requires two-step sign-in
// and that has not set it up gets totp_enrolment_required (it sets it up on the web pages).
func (db *DB) Login(ctx context.Context, email, password, otp string, ttl time.Duration) (Session, error) {
	u, err := db.credentials(ctx, email, password)
	if err != nil {
		return Session{}, err
	}
	step, err := secondStep(ctx, db.db, u)
	if err != nil {
		return Session{}, err
	}
	switch {
	case step == StepEnrol:
		return Session{}, errTOTPEnrolment
	case step == StepCode && otp == "":
		return Session{}, errTOTPRequired
	}
	token, hash := secret.NewToken()
	now := db.now()
	s := Session{Token: token, ExpiresAt: now.Add(ttl), User: u}
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		if step == StepCode {
			if err := db.checkCode(ctx, tx, u, otp); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `
			INSERT INTO api_tokens (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
			hash, u.ID, now, s.ExpiresAt)
		if err != nil {
			return fmt.Errorf("store token: %w", err)
		}
		return nil
	})
	if err != nil {
		return Session{}, err
	}
	return s, nil
}

// credentials returns the active user with this e-mail address and password. A wrong address and a
// wrong password take the same time (a bcrypt check either way) and give the same error.
func (db *DB) credentials(ctx context.Context, email, password string) (casework.User, error) {
	var row struct {
		casework.User
		PasswordHash string `db:"password_hash"`
	}
	var err error
	if utf8.ValidString(email) && !strings.ContainsRune(email, 0) { // other text matches no user
		err = db.db.GetContext(ctx, &row, `
			SELECT u.id, u.email, u.name, u.role, u.organisation_id, `+activeSupporterSQL+` AS supporter_id, u.password_hash FROM users u
			WHERE lower(u.email) = lower($1) AND u.disabled_at IS NULL`, strings.TrimSpace(email))
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return casework.User{}, fmt.Errorf("load user: %w", err)
	}
	if !secret.CheckPassword(row.PasswordHash, password) {
		return casework.User{}, casework.Errorf(casework.CodeUnauthenticated, "The e-mail address or password is not correct.")
	}
	return row.User, nil
}

// activeSupporterSQL is the member of the pool a supporter account (users u) acts for, while that
// member is active: the account of a suspended or removed member acts for nobody, so it sees no
// client's case, copy or request until the admin reinstates the member.
const activeSupporterSQL = `(SELECT sp.id FROM supporters sp WHERE sp.id = u.supporter_id AND sp.status = 'active')`

// UserByToken returns the user a bearer token belongs to, if the token is valid now.
func (db *DB) UserByToken(ctx context.Context, token string) (casework.User, error) {
	var u casework.User
	err := db.db.GetContext(ctx, &u, `
		SELECT u.id, u.email, u.name, u.role, u.organisation_id, `+activeSupporterSQL+` AS supporter_id
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = $1 AND t.expires_at > $2 AND u.disabled_at IS NULL`,
		secret.HashToken(token), db.now())
	if errors.Is(err, sql.ErrNoRows) {
		return u, casework.Errorf(casework.CodeUnauthenticated, "Sign in again: the token is unknown or has expired.")
	}
	return u, err
}

// Logout revokes a bearer token and removes expired ones.
func (db *DB) Logout(ctx context.Context, token string) error {
	_, err := db.db.ExecContext(ctx, `DELETE FROM api_tokens WHERE token_hash = $1 OR expires_at <= $2`,
		secret.HashToken(token), db.now())
	return err
}
