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

// Sessions of the web pages (table web_sessions): a random token in a cookie, of which only the
// SHA-256 is stored. A session ends at its expiry, after it has not been seen for the idle time, when
// it is revoked (sign-out, or an admin revoking every session of the user), or when its user is
// disabled.

// WebSession is a new session of the web pages; Token goes into the cookie and is never stored.
// When the password was right but a second step must follow, Pending is set and there is no
// session (Token is empty).
type WebSession struct {
	Token     string
	ExpiresAt time.Time
	User      casework.User
	Pending   *PendingSignIn
}

// seenEvery is how stale last_seen_at may be before a request writes it again: a page request
// should not always write to the database.
const seenEvery = time.Minute

// SignIn checks an e-mail address and password and starts a new session valid for ttl. A wrong
// address and a wrong password give the same error. An account with two-step sign-in on, or whose
// role requires it, gets no session but a pending sign-in (WebSession.Pending) that FinishSignIn
// completes with a code.
func (db *DB) SignIn(ctx context.Context, email, password string, ttl time.Duration) (WebSession, error) {
	u, err := db.credentials(ctx, email, password)
	if err != nil {
		return WebSession{}, err
	}
	step, err := secondStep(ctx, db.db, u)
	if err != nil {
		return WebSession{}, err
	}
	if step != "" {
		p, err := db.startPending(ctx, u, step)
		if err != nil {
			return WebSession{}, err
		}
		return WebSession{User: u, Pending: &p}, nil
	}
	return db.StartSession(ctx, u, ttl)
}

// StartSession starts a new session for u, valid for ttl, with a fresh token.
func (db *DB) StartSession(ctx context.Context, u casework.User, ttl time.Duration) (WebSession, error) {
	return db.startSession(ctx, db.db, u, ttl)
}

func (db *DB) startSession(ctx context.Context, q sqlx.ExecerContext, u casework.User, ttl time.Duration) (WebSession, error) {
	token, hash := secret.NewToken()
	now := db.now()
	s := WebSession{Token: token, ExpiresAt: now.Add(ttl), User: u}
	_, err := q.ExecContext(ctx, `
		INSERT INTO web_sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)`,
		hash, u.ID, now, s.ExpiresAt)
	if err != nil {
		return WebSession{}, fmt.Errorf("store session: %w", err)
	}
	return s, nil
}

// UserBySession returns the user of a session that is valid now: not expired, not revoked, seen
// within idle, and of a user who is not disabled. It records that the session was seen.
func (db *DB) UserBySession(ctx context.Context, token string, idle time.Duration) (casework.User, error) {
	var row struct {
		casework.User
		SessionID int64     `db:"session_id"`
		LastSeen  time.Time `db:"last_seen_at"`
	}
	now := db.now()
	hash := secret.HashToken(token)
	err := db.db.GetContext(ctx, &row, `
		SELECT u.id, u.email, u.name, u.role, u.organisation_id, `+activeSupporterSQL+` AS supporter_id, s.id AS session_id, s.last_seen_at
		FROM web_sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND s.last_seen_at > $3
			AND u.disabled_at IS NULL`, hash, now, now.Add(-idle))
	if errors.Is(err, sql.ErrNoRows) {
		return casework.User{}, casework.Errorf(casework.CodeUnauthenticated, "Sign in again: the session has ended.")
	}
	if err != nil {
		return casework.User{}, fmt.Errorf("load session: %w", err)
	}
	if now.Sub(row.LastSeen) >= seenEvery {
		if _, err := db.db.ExecContext(ctx, `UPDATE web_sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2`,
			row.SessionID, now); err != nil {
			return casework.User{}, fmt.Errorf("touch session: %w", err)
		}
	}
	return row.User, nil
}

// EndSession revokes the session of a token (sign-out); an unknown or ended session is no error.
func (db *DB) EndSession(ctx context.Context, token string) error {
	_, err := db.db.ExecContext(ctx, `UPDATE web_sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL`,
		secret.HashToken(token), db.now())
	if err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}

// RevokeUserSessions signs a user out everywhere: every web session is revoked and every bearer
// token of the API deleted. It returns how many sessions and tokens ended; an unknown user is not
// found.
func (db *DB) RevokeUserSessions(ctx context.Context, userID int64) (int, error) {
	var n int
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var id int64
		err := tx.GetContext(ctx, &id, `SELECT id FROM users WHERE id = $1 FOR UPDATE`, userID)
		if errors.Is(err, sql.ErrNoRows) {
			return casework.Errorf(casework.CodeNotFound, "No user with this id.")
		}
		if err != nil {
			return fmt.Errorf("lock user: %w", err)
		}
		res, err := tx.ExecContext(ctx, `UPDATE web_sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
			userID, db.now())
		if err != nil {
			return fmt.Errorf("revoke sessions: %w", err)
		}
		sessions, _ := res.RowsAffected()
		res, err = tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE user_id = $1`, userID)
		if err != nil {
			return fmt.Errorf("revoke tokens: %w", err)
		}
		tokens, _ := res.RowsAffected()
		n = int(sessions + tokens)
		return nil
	})
	return n, err
}
