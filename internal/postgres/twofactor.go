package postgres

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"meldpunt/internal/casework"
	"meldpunt/internal/secret"
)

// Two-step sign-in (TOTP, RFC 6238) for staff and admin: after the password, a six-digit code from
// an authenticator app. The server must compute the codes, so the secret cannot be hashed: it is
// kept in totp_keys sealed with AES-256-GCM under MELDPUNT_TOTP_KEY (SetSealer), or as text when
// no key is configured. A code is accepted for the time step before, at or after now (±30 s for a
// clock that is a little off), and only for a step later than the last accepted one, so a code
// cannot be used twice. The admin can require it per role (two_factor_rules) and switch it off for
// a user who lost their phone; every change is written to account_events.

// TOTPIssuer is the name the authenticator app shows above the codes.
const TOTPIssuer = "Meldpunt Sociaal Domein"

// totpPeriod is the length of a time step; codes have six digits, HMAC-SHA1 (what every app reads).
const totpPeriod = 30

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// pendingFailures is how many wrong codes one pending sign-in takes before it ends (the password
// must then be given again); the sign-in throttle counts them as well.
const pendingFailures = 5

// Pending sign-ins last this long: a code is typed in a minute, setting up an app takes longer.
const (
	pendingCodeTTL  = 5 * time.Minute
	pendingEnrolTTL = 20 * time.Minute
)

// Steps of a pending sign-in.
const (
	StepCode  = "code"
	StepEnrol = "enrol"
)

// TwoFactorRoles are the roles that can turn on two-step sign-in and for which the admin can
// require it.
func TwoFactorRoles(r casework.Role) bool {
	return r == casework.RoleStaff || r == casework.RoleAdmin
}

// TwoFactor is the state of a user's two-step sign-in.
type TwoFactor struct {
	Enabled bool `json:"enabled"`
	// Required says the admin requires it of the user's role.
	Required bool `json:"required"`
	// Pending says an enrolment was started and waits for its first code.
	Pending bool `json:"pending"`
}

// TOTPEnrolment is a new secret for the authenticator app: as text to type, and as the otpauth://
// address that a QR code carries.
type TOTPEnrolment struct {
	Secret string `json:"secret"`
	URL    string `json:"otpauth_url"`
}

// Key is the enrolment as pquerna/otp's key (for the QR image).
func (e TOTPEnrolment) Key() (*otp.Key, error) { return otp.NewKeyFromURL(e.URL) }

// TwoFactorRules says for which roles the admin requires two-step sign-in.
type TwoFactorRules struct {
	Staff bool `json:"staff"`
	Admin bool `json:"admin"`
}

// PendingSignIn is a sign-in whose password was right and whose second step is still to come: the
// browser holds Token (never stored, only its hash), which opens only the page of Step.
type PendingSignIn struct {
	Token     string
	Step      string
	ExpiresAt time.Time
	User      casework.User
	// Enrolment is the new key to set up, at StepEnrol.
	Enrolment *TOTPEnrolment
}

var (
	errTOTPRequired  = casework.Errorf(casework.CodeTOTPRequired, "This account signs in in two steps: send the six-digit code from the authenticator app in the field otp.")
	errTOTPInvalid   = casework.Errorf(casework.CodeTOTPInvalid, "The code is not correct, too old, or was used already. Wait for the next code in the app and try again.")
	errTOTPEnrolment = casework.Errorf(casework.CodeTOTPEnrolment, "Two-step sign-in is required for this role and this account has not set it up: sign in on the web pages (/inloggen) and set it up there.")
	// ErrPendingEnded says a pending sign-in is unknown, expired, used up or ended after wrong codes.
	ErrPendingEnded = casework.Errorf(casework.CodeUnauthenticated, "Sign in again: the sign-in was not finished in time.")
)

// totpStep is the time step of t.
func totpStep(t time.Time) int64 { return t.Unix() / totpPeriod }

// normalizeCode removes the spaces and dashes people type in a code; ok is false unless six digits
// remain.
func normalizeCode(code string) (string, bool) {
	c := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		return r
	}, code)
	if len(c) != 6 {
		return "", false
	}
	for _, r := range c {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	return c, true
}

// matchCode finds the time step (now-1, now, now+1) whose code is code and which is later than
// last; ok is false if there is none.
func matchCode(secretText, code string, last int64, now time.Time) (int64, bool) {
	c, ok := normalizeCode(code)
	if !ok {
		return 0, false
	}
	var found int64
	for _, off := range []int64{-1, 0, 1} {
		step := totpStep(now) + off
		want, err := totp.GenerateCodeCustom(secretText, time.Unix(step*totpPeriod, 0), totpOpts)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(c)) == 1 && step > last && found == 0 {
			found = step
		}
	}
	return found, found != 0
}

// totpContext binds a sealed key to its user.
func totpContext(userID int64) string { return fmt.Sprintf("totp:%d", userID) }

// sealKey is the stored form of u's key secretText.
func (db *DB) sealKey(userID int64, secretText string) string {
	return db.sealer.Seal(secretText, totpContext(userID))
}

// openKey reads a stored key of the user.
func (db *DB) openKey(userID int64, stored string) (string, error) {
	s, err := db.sealer.Open(stored, totpContext(userID))
	if err != nil {
		return "", fmt.Errorf("read the two-step key of user %d (was MELDPUNT_TOTP_KEY changed?): %w", userID, err)
	}
	return s, nil
}

// enrolment makes the key's text form for user u.
func enrolment(u casework.User, secretText string) TOTPEnrolment {
	k, _ := totp.Generate(totp.GenerateOpts{Issuer: TOTPIssuer, AccountName: u.Email, Period: totpPeriod,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1, Secret: mustDecode(secretText)})
	return TOTPEnrolment{Secret: secretText, URL: k.URL()}
}

func mustDecode(s string) []byte {
	b, _ := secretEncoding.DecodeString(s)
	return b
}

// TwoFactorOf returns the two-step state of the user id.
func (db *DB) TwoFactorOf(ctx context.Context, id int64) (TwoFactor, error) {
	var tf TwoFactor
	err := db.db.GetContext(ctx, &tf.Enabled, `SELECT confirmed_at IS NOT NULL FROM totp_keys WHERE user_id = $1`, id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return tf, fmt.Errorf("load two-step state: %w", err)
	default:
		tf.Pending = !tf.Enabled
	}
	err = db.db.GetContext(ctx, &tf.Required, `
		SELECT coalesce((SELECT r.required FROM two_factor_rules r JOIN users u ON u.role = r.role WHERE u.id = $1), false)`, id)
	if err != nil {
		return tf, fmt.Errorf("load two-step rule: %w", err)
	}
	return tf, nil
}

// StartTOTP makes a new secret for u's authenticator app and keeps it until a first code confirms
// it (ConfirmTOTP); an earlier enrolment that was not confirmed is replaced. Only staff and admin
// have two-step sign-in, and one that is on must be switched off first.
func (db *DB) StartTOTP(ctx context.Context, u casework.User) (TOTPEnrolment, error) {
	if !TwoFactorRoles(u.Role) {
		return TOTPEnrolment{}, casework.Errorf(casework.CodeForbidden, "Two-step sign-in is for staff and admin accounts.")
	}
	var e TOTPEnrolment
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var on bool
		err := tx.GetContext(ctx, &on, `SELECT confirmed_at IS NOT NULL FROM totp_keys WHERE user_id = $1 FOR UPDATE`, u.ID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("lock two-step key: %w", err)
		}
		if on {
			return casework.Errorf(casework.CodeConflict, "Two-step sign-in is on already; switch it off first to set up another app.")
		}
		e = enrolment(u, newSecret())
		_, err = tx.ExecContext(ctx, `
			INSERT INTO totp_keys (user_id, secret, created_at) VALUES ($1, $2, $3)
			ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at,
				confirmed_at = NULL, last_step = 0`, u.ID, db.sealKey(u.ID, e.Secret), db.now())
		if err != nil {
			return fmt.Errorf("store two-step key: %w", err)
		}
		return nil
	})
	return e, err
}

// PendingTOTP returns u's enrolment that waits for its first code, to show again; a key that is
// confirmed is never shown again (not found).
func (db *DB) PendingTOTP(ctx context.Context, u casework.User) (TOTPEnrolment, error) {
	var s string
	err := db.db.GetContext(ctx, &s, `SELECT secret FROM totp_keys WHERE user_id = $1 AND confirmed_at IS NULL`, u.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return TOTPEnrolment{}, casework.Errorf(casework.CodeNotFound, "No set-up of two-step sign-in was started.")
	}
	if err != nil {
		return TOTPEnrolment{}, fmt.Errorf("load two-step key: %w", err)
	}
	if s, err = db.openKey(u.ID, s); err != nil {
		return TOTPEnrolment{}, err
	}
	return enrolment(u, s), nil
}

// ConfirmTOTP switches u's two-step sign-in on when code is the app's current code for the
// enrolment started with StartTOTP. A wrong code is a validation error on code ("is not correct").
func (db *DB) ConfirmTOTP(ctx context.Context, u casework.User, code string) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error { return db.confirmTOTP(ctx, tx, u, code) })
}

// errWrongCode is the validation error of a wrong code.
func errWrongCode() error {
	return &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
		Fields: []casework.FieldError{{Field: "code", Message: "is not correct"}}}
}

// WrongCode reports whether err says that a code of the second step was wrong.
func WrongCode(err error) bool {
	var e *casework.Error
	if !errors.As(err, &e) {
		return false
	}
	if e.Code == casework.CodeTOTPInvalid {
		return true
	}
	for _, f := range e.Fields {
		if f.Field == "code" && f.Message == "is not correct" {
			return true
		}
	}
	return false
}

func (db *DB) confirmTOTP(ctx context.Context, tx *sqlx.Tx, u casework.User, code string) error {
	var v casework.Validator
	casework.CheckText(&v, "code", code, true, 20)
	if err := v.Err(); err != nil {
		return err
	}
	var k struct {
		Secret    string     `db:"secret"`
		Confirmed *time.Time `db:"confirmed_at"`
	}
	err := tx.GetContext(ctx, &k, `SELECT secret, confirmed_at FROM totp_keys WHERE user_id = $1 FOR UPDATE`, u.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return casework.Errorf(casework.CodeConflict, "No set-up of two-step sign-in was started: start it first.")
	}
	if err != nil {
		return fmt.Errorf("lock two-step key: %w", err)
	}
	if k.Confirmed != nil {
		return casework.Errorf(casework.CodeConflict, "Two-step sign-in is on already.")
	}
	plain, err := db.openKey(u.ID, k.Secret)
	if err != nil {
		return err
	}
	now := db.now()
	step, ok := matchCode(plain, code, 0, now)
	if !ok {
		return errWrongCode()
	}
	if _, err := tx.ExecContext(ctx, `UPDATE totp_keys SET confirmed_at = $2, last_step = $3 WHERE user_id = $1`,
		u.ID, now, step); err != nil {
		return fmt.Errorf("confirm two-step key: %w", err)
	}
	return accountEvent(ctx, tx, u.ID, "two_factor_on", "", u, now)
}

// DisableTOTP switches u's own two-step sign-in off, after checking the current password (a wrong
// one is a validation error on current_password, like the password change).
func (db *DB) DisableTOTP(ctx context.Context, u casework.User, current string) error {
	var v casework.Validator
	casework.CheckText(&v, "current_password", current, true, 200)
	if err := v.Err(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := checkCurrentPassword(ctx, tx, u.ID, current); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM totp_keys WHERE user_id = $1`, u.ID)
		if err != nil {
			return fmt.Errorf("remove two-step key: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return casework.Errorf(casework.CodeConflict, "Two-step sign-in is not on.")
		}
		return accountEvent(ctx, tx, u.ID, "two_factor_off", "by the user", u, db.now())
	})
}

// AdminDisableTOTP switches the two-step sign-in of the user id off (admin), for a user who lost
// their phone: they sign in with the password alone, or set up a new app when their role requires
// it. Pending sign-ins of the user end. An admin's own is switched off with their password
// (DisableTOTP), not here.
func (db *DB) AdminDisableTOTP(ctx context.Context, admin casework.User, id int64) (casework.Account, error) {
	var a casework.Account
	if id == admin.ID {
		return a, casework.Errorf(casework.CodeForbidden, "Switch your own two-step sign-in off on your account page, with your password.")
	}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &a, `
			SELECT id, email, name, role, organisation_id, disabled_at IS NULL AS active FROM users WHERE id = $1 FOR UPDATE`, id)
		if errors.Is(err, sql.ErrNoRows) {
			return casework.Errorf(casework.CodeNotFound, "No user with this id.")
		}
		if err != nil {
			return fmt.Errorf("lock user: %w", err)
		}
		now := db.now()
		if err := switchOffTOTP(ctx, tx, id, now); err != nil {
			return err
		}
		return accountEvent(ctx, tx, id, "two_factor_off", "by an admin", admin, now)
	})
	return a, err
}

// TwoFactorRules returns for which roles the admin requires two-step sign-in.
func (db *DB) TwoFactorRules(ctx context.Context) (TwoFactorRules, error) {
	var rows []struct {
		Role     casework.Role `db:"role"`
		Required bool          `db:"required"`
	}
	if err := db.db.SelectContext(ctx, &rows, `SELECT role, required FROM two_factor_rules`); err != nil {
		return TwoFactorRules{}, fmt.Errorf("load two-step rules: %w", err)
	}
	var r TwoFactorRules
	for _, row := range rows {
		switch row.Role {
		case casework.RoleStaff:
			r.Staff = row.Required
		case casework.RoleAdmin:
			r.Admin = row.Required
		}
	}
	return r, nil
}

// SetTwoFactorRules sets for which roles two-step sign-in is required (admin). It applies from the
// next sign-in: a user of such a role without it is led to set it up right after the password.
func (db *DB) SetTwoFactorRules(ctx context.Context, admin casework.User, r TwoFactorRules) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		now := db.now()
		for role, required := range map[casework.Role]bool{casework.RoleStaff: r.Staff, casework.RoleAdmin: r.Admin} {
			var old bool
			err := tx.GetContext(ctx, &old, `SELECT required FROM two_factor_rules WHERE role = $1 FOR UPDATE`, role)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("lock two-step rule: %w", err)
			}
			if old == required {
				continue
			}
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO two_factor_rules (role, required, changed_by, changed_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (role) DO UPDATE SET required = EXCLUDED.required, changed_by = EXCLUDED.changed_by,
					changed_at = EXCLUDED.changed_at`, role, required, admin.ID, now); err != nil {
				return fmt.Errorf("set two-step rule: %w", err)
			}
			action := "two_factor_required"
			if !required {
				action = "two_factor_not_required"
			}
			if err := accountEvent(ctx, tx, 0, action, string(role), admin, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// AccountEvent is one entry of the trail of changes to accounts' security.
type AccountEvent struct {
	UserID    *int64    `json:"user_id,omitempty" db:"user_id"`
	Action    string    `json:"action" db:"action"`
	Detail    string    `json:"detail" db:"detail"`
	ActorID   *int64    `json:"actor_user_id,omitempty" db:"actor_user_id"`
	ActorName string    `json:"actor_name" db:"actor_name"`
	At        time.Time `json:"at" db:"at"`
}

// AccountEvents returns the newest changes to accounts' security, newest first.
func (db *DB) AccountEvents(ctx context.Context, limit int) ([]AccountEvent, error) {
	list := []AccountEvent{}
	err := db.db.SelectContext(ctx, &list, `
		SELECT user_id, action, detail, actor_user_id, actor_name, at FROM account_events ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("list account events: %w", err)
	}
	return list, nil
}

// accountEvent records a change to the security of account userID (0: none, a rule) by actor.
func accountEvent(ctx context.Context, tx *sqlx.Tx, userID int64, action, detail string, actor casework.User, at time.Time) error {
	var uid *int64
	if userID != 0 {
		uid = &userID
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO account_events (user_id, action, detail, actor_user_id, actor_name, at) VALUES ($1, $2, $3, $4, $5, $6)`,
		uid, action, detail, actor.ID, actor.Name, at); err != nil {
		return fmt.Errorf("record account event: %w", err)
	}
	return nil
}

// secondStep says what u must still do after the right password: nothing (""), give a code
// (StepCode) or set up an app (StepEnrol).
func secondStep(ctx context.Context, q sqlx.QueryerContext, u casework.User) (string, error) {
	if !TwoFactorRoles(u.Role) {
		return "", nil
	}
	var row struct {
		Enabled  bool `db:"enabled"`
		Required bool `db:"required"`
	}
	err := sqlx.GetContext(ctx, q, &row, `
		SELECT EXISTS (SELECT 1 FROM totp_keys WHERE user_id = $1 AND confirmed_at IS NOT NULL) AS enabled,
			coalesce((SELECT required FROM two_factor_rules WHERE role = $2), false) AS required`, u.ID, u.Role)
	if err != nil {
		return "", fmt.Errorf("load two-step state: %w", err)
	}
	switch {
	case row.Enabled:
		return StepCode, nil
	case row.Required:
		return StepEnrol, nil
	}
	return "", nil
}

// enrolPending switches two-step sign-in on with the secret of the pending sign-in p when code is
// its current code; a wrong code is a validation error on code.
func (db *DB) enrolPending(ctx context.Context, tx *sqlx.Tx, p PendingSignIn, code string) error {
	var v casework.Validator
	casework.CheckText(&v, "code", code, true, 20)
	if err := v.Err(); err != nil {
		return err
	}
	now := db.now()
	step, ok := matchCode(p.Enrolment.Secret, code, 0, now)
	if !ok {
		return errWrongCode()
	}
	res, err := tx.ExecContext(ctx, `
		INSERT INTO totp_keys (user_id, secret, created_at, confirmed_at, last_step) VALUES ($1, $2, $3, $3, $4)
		ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at,
			confirmed_at = EXCLUDED.confirmed_at, last_step = EXCLUDED.last_step
		WHERE totp_keys.confirmed_at IS NULL`, p.User.ID, db.sealKey(p.User.ID, p.Enrolment.Secret), now, step)
	if err != nil {
		return fmt.Errorf("store two-step key: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrPendingEnded // switched on meanwhile by another sign-in: start again
	}
	return accountEvent(ctx, tx, p.User.ID, "two_factor_on", "at sign-in", p.User, now)
}

// checkCode accepts code as u's current code, once: the step it matched is stored, so the same
// code (or an older one) is refused afterwards. A wrong code is errTOTPInvalid.
func (db *DB) checkCode(ctx context.Context, tx *sqlx.Tx, u casework.User, code string) error {
	var k struct {
		Secret string `db:"secret"`
		Last   int64  `db:"last_step"`
	}
	err := tx.GetContext(ctx, &k, `
		SELECT secret, last_step FROM totp_keys WHERE user_id = $1 AND confirmed_at IS NOT NULL FOR UPDATE`, u.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return errTOTPInvalid
	}
	if err != nil {
		return fmt.Errorf("lock two-step key: %w", err)
	}
	plain, err := db.openKey(u.ID, k.Secret)
	if err != nil {
		return err
	}
	step, ok := matchCode(plain, code, k.Last, db.now())
	if !ok {
		return errTOTPInvalid
	}
	if _, err := tx.ExecContext(ctx, `UPDATE totp_keys SET last_step = $2 WHERE user_id = $1`, u.ID, step); err != nil {
		return fmt.Errorf("use two-step code: %w", err)
	}
	return nil
}

// startPending records a pending sign-in of u at step; at StepEnrol with a fresh secret of its own.
func (db *DB) startPending(ctx context.Context, u casework.User, step string) (PendingSignIn, error) {
	ttl := pendingCodeTTL
	var secretText *string
	p := PendingSignIn{Step: step, User: u}
	if step == StepEnrol {
		ttl = pendingEnrolTTL
		e := enrolment(u, newSecret())
		sealed := db.sealKey(u.ID, e.Secret)
		p.Enrolment, secretText = &e, &sealed
	}
	token, hash := secret.NewToken()
	now := db.now()
	p.Token, p.ExpiresAt = token, now.Add(ttl)
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		// The user's pending sign-ins that have expired are of no more use: they go.
		if _, err := tx.ExecContext(ctx, `DELETE FROM pending_sign_ins WHERE user_id = $1 AND expires_at <= $2`, u.ID, now); err != nil {
			return fmt.Errorf("remove expired pending sign-ins: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO pending_sign_ins (token_hash, user_id, step, created_at, expires_at, secret) VALUES ($1, $2, $3, $4, $5, $6)`,
			hash, u.ID, step, now, p.ExpiresAt, secretText); err != nil {
			return fmt.Errorf("store pending sign-in: %w", err)
		}
		return nil
	})
	if err != nil {
		return PendingSignIn{}, err
	}
	return p, nil
}

// pendingOf loads the pending sign-in of token (locked when tx is a transaction) if it can still be
// used: not ended, not expired, of a user who is not switched off.
func (db *DB) pendingOf(ctx context.Context, q sqlx.QueryerContext, token string, lock bool) (int64, PendingSignIn, error) {
	var row struct {
		ID        int64     `db:"pending_id"`
		Step      string    `db:"step"`
		ExpiresAt time.Time `db:"expires_at"`
		Secret    *string   `db:"secret"`
		casework.User
	}
	query := `
		SELECT p.id AS pending_id, p.step, p.expires_at, p.secret, u.id, u.email, u.name, u.role, u.organisation_id
		FROM pending_sign_ins p JOIN users u ON u.id = p.user_id
		WHERE p.token_hash = $1 AND p.ended_at IS NULL AND p.expires_at > $2 AND u.disabled_at IS NULL`
	if lock {
		query += ` FOR UPDATE OF p`
	}
	if len(token) > 100 {
		return 0, PendingSignIn{}, ErrPendingEnded
	}
	err := sqlx.GetContext(ctx, q, &row, query, secret.HashToken(token), db.now())
	if errors.Is(err, sql.ErrNoRows) {
		return 0, PendingSignIn{}, ErrPendingEnded
	}
	if err != nil {
		return 0, PendingSignIn{}, fmt.Errorf("load pending sign-in: %w", err)
	}
	p := PendingSignIn{Token: token, Step: row.Step, ExpiresAt: row.ExpiresAt, User: row.User}
	if row.Secret != nil {
		plain, err := db.openKey(row.User.ID, *row.Secret)
		if err != nil {
			return 0, PendingSignIn{}, err
		}
		e := enrolment(row.User, plain)
		p.Enrolment = &e
	}
	return row.ID, p, nil
}

// PendingSignInOf returns the pending sign-in of token if it can still be used, or ErrPendingEnded.
func (db *DB) PendingSignInOf(ctx context.Context, token string) (PendingSignIn, error) {
	_, p, err := db.pendingOf(ctx, db.db, token, false)
	return p, err
}

// FinishSignIn completes a pending sign-in with the code from the app and starts a session valid
// for ttl. At step 'code' the code must be the user's current one (used once); at step 'enrol' it
// confirms the app that was just set up, which switches two-step sign-in on. A wrong code is
// errTOTPInvalid (or a validation error on code when setting up); after pendingFailures wrong codes
// the pending sign-in ends.
func (db *DB) FinishSignIn(ctx context.Context, token, code string, ttl time.Duration) (WebSession, error) {
	var s WebSession
	var wrong error
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		id, p, err := db.pendingOf(ctx, tx, token, true)
		if err != nil {
			return err
		}
		if p.Step == StepEnrol {
			err = db.enrolPending(ctx, tx, p, code)
		} else {
			err = db.checkCode(ctx, tx, p.User, code)
		}
		if WrongCode(err) {
			// Count the failure and keep it (commit), then report the wrong code.
			wrong = err
			_, err = tx.ExecContext(ctx, `
				UPDATE pending_sign_ins SET failures = failures + 1,
					ended_at = CASE WHEN failures + 1 >= $2 THEN $3::timestamptz END WHERE id = $1`,
				id, pendingFailures, db.now())
			if err != nil {
				return fmt.Errorf("count wrong code: %w", err)
			}
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE pending_sign_ins SET ended_at = $2 WHERE id = $1`, id, db.now()); err != nil {
			return fmt.Errorf("end pending sign-in: %w", err)
		}
		s, err = db.startSession(ctx, tx, p.User, ttl)
		return err
	})
	if err == nil && wrong != nil {
		return WebSession{}, wrong
	}
	return s, err
}

// secretEncoding is base32 without padding, as authenticator apps take it.
var secretEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// newSecret returns a fresh random secret of 160 bits (RFC 4226's recommendation), base32.
func newSecret() string {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: TOTPIssuer, AccountName: "x", SecretSize: 20})
	if err != nil {
		panic(fmt.Sprintf("totp: %v", err)) // only fails when crypto/rand fails
	}
	return k.Secret()
}

// UnreadableTOTPKeys returns the e-mail addresses of the users whose two-step key cannot be opened
// with the configured key (MELDPUNT_TOTP_KEY): sealed under another key, or sealed while no key is
// set now. Such users cannot sign in; serve refuses to start while there are any.
func (db *DB) UnreadableTOTPKeys(ctx context.Context) ([]string, error) {
	var rows []struct {
		ID     int64  `db:"id"`
		Email  string `db:"email"`
		Secret string `db:"secret"`
	}
	if err := db.db.SelectContext(ctx, &rows, `
		SELECT u.id, u.email, k.secret FROM totp_keys k JOIN users u ON u.id = k.user_id ORDER BY u.email`); err != nil {
		return nil, fmt.Errorf("load two-step keys: %w", err)
	}
	var bad []string
	for _, r := range rows {
		if _, err := db.openKey(r.ID, r.Secret); err != nil {
			bad = append(bad, r.Email)
		}
	}
	return bad, nil
}

// ResetTOTP switches the two-step sign-in of the user with this e-mail address off from the command
// line (meldpunt user two-step-off), and ends their pending sign-ins: the way back when the only
// admin lost their phone, or when keys can no longer be read. It is recorded as an account event
// without a user as actor.
func (db *DB) ResetTOTP(ctx context.Context, email string) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		var id int64
		err := tx.GetContext(ctx, &id, `SELECT id FROM users WHERE lower(email) = lower($1) FOR UPDATE`, strings.TrimSpace(email))
		if errors.Is(err, sql.ErrNoRows) {
			return casework.Errorf(casework.CodeNotFound, "No user with this e-mail address.")
		}
		if err != nil {
			return fmt.Errorf("lock user: %w", err)
		}
		now := db.now()
		if err := switchOffTOTP(ctx, tx, id, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO account_events (user_id, action, detail, actor_user_id, actor_name, at)
			VALUES ($1, 'two_factor_off', 'from the command line', NULL, 'meldpunt user two-step-off', $2)`, id, now); err != nil {
			return fmt.Errorf("record account event: %w", err)
		}
		return nil
	})
}

// switchOffTOTP removes the two-step key of user id (conflict when there is none) and ends the
// user's pending sign-ins, for an admin or the command line.
func switchOffTOTP(ctx context.Context, tx *sqlx.Tx, id int64, now time.Time) error {
	res, err := tx.ExecContext(ctx, `DELETE FROM totp_keys WHERE user_id = $1`, id)
	if err != nil {
		return fmt.Errorf("remove two-step key: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return casework.Errorf(casework.CodeConflict, "Two-step sign-in of this user is not on.")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE pending_sign_ins SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL`,
		id, now); err != nil {
		return fmt.Errorf("end pending sign-ins: %w", err)
	}
	return nil
}
