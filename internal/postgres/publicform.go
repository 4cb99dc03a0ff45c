package postgres

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
)

// IntakeLimit bounds how many complaints one source files without an account: at most Max in any
// Window. An empty Source or a Max of zero means no limit (staff registration, tests).
type IntakeLimit struct {
	Source string // the client address, IPv6 grouped by /64
	Max    int
	Window time.Duration
}

// checkIntake counts a complaint filed from limit.Source, or refuses it with rate_limited and the
// time until the oldest complaint in the window leaves it. Filings from one source wait for each
// other (a transaction-level advisory lock on the source), so parallel requests cannot all pass the
// count. Two round trips: the lock, then one statement.
func checkIntake(ctx context.Context, tx *sqlx.Tx, limit IntakeLimit, now time.Time) error {
	if limit.Source == "" || limit.Max <= 0 || limit.Window <= 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('intake:' || $1, 0))`, limit.Source); err != nil {
		return fmt.Errorf("lock intake source: %w", err)
	}
	since := now.Add(-limit.Window)
	// One statement after the lock: it counts the source's filings in the window, adds this one when
	// there is room, and removes some expired rows of any source on the way (addresses are kept no
	// longer than the window), skipping rows another filing is removing. Its snapshot is taken after
	// the lock, so it sees every filing of the source committed before.
	var row struct {
		N       int        `db:"n"`
		Oldest  *time.Time `db:"oldest"`
		Counted bool       `db:"counted"`
	}
	if err := tx.GetContext(ctx, &row, `
		WITH pruned AS (
			DELETE FROM public_intakes WHERE id IN (
				SELECT id FROM public_intakes WHERE filed_at <= $2 LIMIT 100 FOR UPDATE SKIP LOCKED)),
		counted AS (
			SELECT count(*) AS n, min(filed_at) AS oldest FROM public_intakes WHERE source = $1 AND filed_at > $2),
		added AS (
			INSERT INTO public_intakes (source, filed_at) SELECT $1, $3 FROM counted WHERE n < $4 RETURNING id)
		SELECT n, oldest, EXISTS (SELECT FROM added) AS counted FROM counted`,
		limit.Source, since, now, limit.Max); err != nil {
		return fmt.Errorf("count intake: %w", err)
	}
	if !row.Counted {
		wait := limit.Window
		if row.Oldest != nil {
			wait = row.Oldest.Add(limit.Window).Sub(now)
		}
		return &casework.Error{Code: casework.CodeRateLimited, RetryAfter: max(wait, time.Second),
			Message: "Too many complaints from your address in a short time. Wait the number of seconds in Retry-After and try again, or call the meldpunt."}
	}
	return nil
}

// supporterEmail is the supporter's e-mail address of an intake, if any.
func supporterEmail(in casework.Intake) string {
	if in.Supporter == nil {
		return ""
	}
	return in.Supporter.Email
}

// MailAddressKey is the form of an e-mail address under which the e-mails to it are counted: lower
// case, without a "+tag" and without the full stops in the local part, so that "Jan+1@X.nl",
// "j.an+2@x.nl" and "jan@x.nl" count as one (Gmail delivers all of them to one mailbox; at other
// providers two people whose addresses differ by a dot only share the count). googlemail.com
// counts as gmail.com.
func MailAddressKey(email string) string {
	email = strings.ToLower(strings.TrimSpace(email))
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return email
	}
	local, domain := email[:at], email[at+1:]
	local, _, _ = strings.Cut(local, "+")
	local = strings.ReplaceAll(local, ".", "")
	if domain == "googlemail.com" {
		domain = "gmail.com"
	}
	return local + "@" + domain
}

// ReservePublicMail takes one of the max e-mails per window that may go to the address of an
// unverified notice (one typed on the public form), and reports whether it got one. A notice that
// got one before (sent, then claimed again after a crash) keeps it. Reservations for one address
// wait for each other, so that dispatchers on several replicas cannot both take the last one.
func (db *DB) ReservePublicMail(ctx context.Context, d Delivery, maxMails int, window time.Duration) (bool, error) {
	return db.reservePublicMail(ctx, d.Email, "notice_id", d.ID, maxMails, window)
}

// reservePublicMail is ReservePublicMail for the notice id of either outbox: column is notice_id
// (complaints' letters) or support_notice_id (support requests, support_request_notices).
func (db *DB) reservePublicMail(ctx context.Context, email, column string, id int64, maxMails int, window time.Duration) (bool, error) {
	address := MailAddressKey(email)
	now := db.now()
	ok := false
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('mail:' || $1, 0))`, address); err != nil {
			return fmt.Errorf("lock address: %w", err)
		}
		// Addresses are kept no longer than the window (see checkIntake).
		since := now.Add(-window)
		if _, err := tx.ExecContext(ctx, `DELETE FROM public_mails WHERE ctid IN (
			SELECT ctid FROM public_mails WHERE sent_at <= $1 LIMIT 100 FOR UPDATE SKIP LOCKED)`, since); err != nil {
			return fmt.Errorf("prune e-mail count: %w", err)
		}
		var mine, n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE `+column+` = $2), count(*) FILTER (WHERE sent_at > $3)
			FROM public_mails WHERE address = $1`, address, id, since).Scan(&mine, &n); err != nil {
			return fmt.Errorf("count e-mails: %w", err)
		}
		if ok = mine > 0; ok || n >= maxMails {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO public_mails (`+column+`, address, sent_at) VALUES ($1, $2, $3)`, id, address, now); err != nil {
			return fmt.Errorf("count e-mail: %w", err)
		}
		ok = true
		return nil
	})
	return ok, err
}

// UnreservePublicMail gives back the e-mail a notice reserved and did not send (the server
// refused it): the next attempt, or another letter, may use it.
func (db *DB) UnreservePublicMail(ctx context.Context, d Delivery) error {
	_, err := db.db.ExecContext(ctx, `DELETE FROM public_mails WHERE notice_id = $1`, d.ID)
	return err
}

// Withheld records a claimed notice that was not e-mailed because its address had all the e-mails
// it may get this hour and that has no postal address: the letter is kept, for the status page.
func (db *DB) Withheld(ctx context.Context, d Delivery, pdf []byte) error {
	return db.recordOutcome(ctx, d, `status = 'withheld', pdf = $3, last_error = '', `+withoutCode, pdf)
}

// NotifiedForPrint records a claimed notice of which only a short notice was e-mailed: the letter
// itself goes to the print queue (sent_at says when the e-mail went).
func (db *DB) NotifiedForPrint(ctx context.Context, d Delivery, pdf []byte) error {
	return db.recordOutcome(ctx, d, `status = 'print', pdf = $3, sent_at = $4, last_error = '', print_pdf = $5, `+withoutCode,
		pdf, db.now(), d.PrintPDF)
}

// FormKey returns the key that signs the time a complaint form was handed out. The first replica
// that asks makes it; all share it.
func (db *DB) FormKey(ctx context.Context) ([]byte, error) {
	fresh := make([]byte, 32)
	rand.Read(fresh)
	var key []byte
	err := db.db.QueryRowContext(ctx, `
		WITH made AS (INSERT INTO form_keys (id, key) VALUES (1, $1) ON CONFLICT (id) DO NOTHING RETURNING key)
		SELECT key FROM made UNION ALL SELECT key FROM form_keys WHERE id = 1 LIMIT 1`, fresh).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		// Another replica made the key while this statement waited for it: the statement's snapshot
		// is older than that key, a new statement sees it.
		err = db.db.QueryRowContext(ctx, `SELECT key FROM form_keys WHERE id = 1`).Scan(&key)
	}
	if err != nil {
		return nil, fmt.Errorf("form key: %w", err)
	}
	return key, nil
}
