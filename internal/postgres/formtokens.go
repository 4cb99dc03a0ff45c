package postgres

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
	"meldpunt/internal/secret"
)

// FormTokenLifetime is how long a complaint form's one-time token can file a complaint, and how long
// after that the confirmation can be shown again with it.
const FormTokenLifetime = 24 * time.Hour

// A form token is 16 random bytes, its expiry (Unix seconds, 8 bytes) and the first 16 bytes of an
// HMAC-SHA256 of both under the form key, in base64url: 54 characters. Handing one out stores
// nothing; filing with it stores its hash (form_tokens).
const (
	formTokenRandom = 16
	formTokenMAC    = 16
	formTokenLen    = formTokenRandom + 8 + formTokenMAC
)

// NewFormToken returns a one-time token for a complaint form, handed out with the form's first step
// and posted back with the complaint (FileComplaintOnce). It expires after FormTokenLifetime.
func (db *DB) NewFormToken(ctx context.Context) (string, error) {
	key, err := db.FormKey(ctx)
	if err != nil {
		return "", err
	}
	b := make([]byte, formTokenLen)
	rand.Read(b[:formTokenRandom])
	binary.BigEndian.PutUint64(b[formTokenRandom:], uint64(db.now().Add(FormTokenLifetime).Unix()))
	copy(b[formTokenRandom+8:], formTokenSum(key, b[:formTokenRandom+8]))
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func formTokenSum(key, payload []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("meldpunt-form-token:"))
	m.Write(payload)
	return m.Sum(nil)[:formTokenMAC]
}

// errFormToken is the answer to a token that is not one the form handed out, or that expired: the
// resident starts the form again (the page keeps what they typed and hands out a new token).
func errFormToken() error {
	return &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
		Fields: []casework.FieldError{{Field: "form_token",
			Message: "this form has expired or is not one the meldpunt handed out; check your answers and send them again"}}}
}

// formClaim is a checked form token on its way to file one complaint.
type formClaim struct {
	token   string
	hash    []byte
	expires time.Time
}

// checkFormToken verifies a form token's signature and expiry at now.
func (db *DB) checkFormToken(ctx context.Context, token string, now time.Time) (*formClaim, error) {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != formTokenLen {
		return nil, errFormToken()
	}
	key, err := db.FormKey(ctx)
	if err != nil {
		return nil, err
	}
	if !hmac.Equal(b[formTokenRandom+8:], formTokenSum(key, b[:formTokenRandom+8])) {
		return nil, errFormToken()
	}
	expires := time.Unix(int64(binary.BigEndian.Uint64(b[formTokenRandom:])), 0)
	if !now.Before(expires) {
		return nil, errFormToken()
	}
	sum := sha256.Sum256([]byte("meldpunt-form-token:" + token))
	return &formClaim{token: token, hash: sum[:], expires: expires}, nil
}

// sealer returns the sealer of the tracking code filed with the token: its key derives from the
// token, which the database never holds.
func (c *formClaim) sealer() *secret.Sealer {
	m := hmac.New(sha256.New, []byte(c.token))
	m.Write([]byte("meldpunt-form-token-seal"))
	s, err := secret.NewSealer(m.Sum(nil))
	if err != nil {
		panic(err) // a 32-byte key always makes a sealer
	}
	return s
}

func (c *formClaim) seal(code string) string {
	if code == "" {
		return ""
	}
	return c.sealer().Seal(code, "form-token")
}

// take claims the token in tx: true when this transaction claimed it; false with the receipt of
// the complaint an earlier post filed with it. A post that claims the token while another's claim
// is not yet committed waits for it (the primary key), so that two posts file one complaint; when
// the other rolls back, this one claims it.
func (c *formClaim) take(ctx context.Context, tx *sqlx.Tx, now time.Time) (casework.Receipt, bool, error) {
	// Rows of expired tokens are no use: their tokens no longer pass checkFormToken.
	if _, err := tx.ExecContext(ctx, `DELETE FROM form_tokens WHERE token_hash IN (
		SELECT token_hash FROM form_tokens WHERE expires_at <= $1 LIMIT 100 FOR UPDATE SKIP LOCKED)`, now); err != nil {
		return casework.Receipt{}, false, fmt.Errorf("prune form tokens: %w", err)
	}
	var claimed bool
	err := tx.GetContext(ctx, &claimed, `INSERT INTO form_tokens (token_hash, expires_at, claimed_at) VALUES ($1, $2, $3)
		ON CONFLICT (token_hash) DO NOTHING RETURNING true`, c.hash, c.expires, now)
	switch {
	case err == nil:
		return casework.Receipt{}, true, nil
	case !errors.Is(err, sql.ErrNoRows):
		return casework.Receipt{}, false, fmt.Errorf("claim form token: %w", err)
	}
	r, err := c.receipt(ctx, tx)
	return r, false, err
}

// fill records the complaint the token filed and its sealed tracking code.
func (c *formClaim) fill(ctx context.Context, tx *sqlx.Tx, complaintID int64, sealed string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE form_tokens SET complaint_id = $2, sealed_code = $3 WHERE token_hash = $1`,
		c.hash, complaintID, sealed); err != nil {
		return fmt.Errorf("fill form token: %w", err)
	}
	return nil
}

// receipt returns the receipt of the complaint filed with the token, with the tracking code opened
// from its seal; not found when the token filed none (or its case is gone).
func (c *formClaim) receipt(ctx context.Context, q sqlx.QueryerContext) (casework.Receipt, error) {
	var row struct {
		Reference       string    `db:"reference"`
		Status          string    `db:"status"`
		ReceivedAt      time.Time `db:"received_at"`
		ReceivedOn      string    `db:"received_on"`
		HandlingLastDay string    `db:"handling_last_day"`
		Sealed          string    `db:"sealed_code"`
	}
	err := sqlx.GetContext(ctx, q, &row, `
		SELECT c.reference, c.status, c.received_at, to_char(c.received_on, 'YYYY-MM-DD') AS received_on,
			to_char(c.handling_last_day, 'YYYY-MM-DD') AS handling_last_day, t.sealed_code
		FROM form_tokens t JOIN complaints c ON c.id = t.complaint_id
		WHERE t.token_hash = $1 AND c.destroyed_at IS NULL`, c.hash)
	if errors.Is(err, sql.ErrNoRows) {
		return casework.Receipt{}, casework.Errorf(casework.CodeNotFound, "No complaint was filed with this form.")
	}
	if err != nil {
		return casework.Receipt{}, fmt.Errorf("load form token: %w", err)
	}
	r := casework.Receipt{Reference: row.Reference, Status: casework.Status(row.Status), ReceivedAt: row.ReceivedAt,
		ReceivedOn: row.ReceivedOn, HandlingLastDay: row.HandlingLastDay}
	if row.Sealed != "" {
		if r.TrackingCode, err = c.sealer().Open(row.Sealed, "form-token"); err != nil {
			return casework.Receipt{}, fmt.Errorf("open tracking code: %w", err)
		}
	}
	return r, nil
}

// FileComplaintOnce is FileComplaintLimited for a complaint form with its one-time token
// (NewFormToken): the first post claims the token and files the complaint, in one transaction; any
// later post with the same token (a refresh, a double click, two posts at once) files nothing and
// gets the same receipt, with the same reference and tracking code, and true. A token that the form
// did not hand out, or that expired, is refused (validation_failed on form_token).
func (db *DB) FileComplaintOnce(ctx context.Context, actor casework.Actor, in casework.Intake, limit IntakeLimit, token string) (casework.Receipt, bool, error) {
	claim, err := db.checkFormToken(ctx, token, db.now())
	if err != nil {
		return casework.Receipt{}, false, err
	}
	// A later post is answered at once, before its intake is checked again.
	if r, err := claim.receipt(ctx, db.db); err == nil {
		return r, true, nil
	} else if casework.ErrorCode(err) != casework.CodeNotFound {
		return casework.Receipt{}, false, err
	}
	return db.fileComplaint(ctx, actor, in, limit, claim)
}

// FormReceipt returns the receipt of the complaint filed with a form token, with its tracking code,
// for the confirmation page after the redirect (the page keeps the token in the resident's browser,
// never in a URL). Not found when the token filed nothing; refused when it is not valid or expired.
func (db *DB) FormReceipt(ctx context.Context, token string) (casework.Receipt, error) {
	claim, err := db.checkFormToken(ctx, token, db.now())
	if err != nil {
		return casework.Receipt{}, err
	}
	return claim.receipt(ctx, db.db)
}
