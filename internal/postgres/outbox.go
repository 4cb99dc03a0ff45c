package postgres

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"meldpunt/internal/casework"
)

// Delivery is a notice claimed by a dispatcher, with everything its letter needs.
type Delivery struct {
	ID             int64             `db:"id"`
	ComplaintID    int64             `db:"complaint_id"`
	AdviceID       *int64            `db:"advice_id"`
	Kind           string            `db:"kind"`
	Recipient      string            `db:"recipient"`
	OrganisationID *int64            `db:"organisation_id"`
	Language       casework.Language `db:"language"`
	Name           string            `db:"name"`
	Email          string            `db:"email"`
	Street         string            `db:"street"`
	Postcode       string            `db:"postcode"`
	City           string            `db:"city"`
	RawData        []byte            `db:"data"`
	RawFacts       []byte            `db:"facts"`
	CreatedAt      time.Time         `db:"created_at"`
	Attempts       int               `db:"attempts"`
	// LeaseUntil is when the claim runs out, unless a heartbeat (ExtendClaims) extends it.
	LeaseUntil time.Time `db:"next_attempt_at"`
	// Claim is this claim's token: the outcome is recorded, and the lease extended, only while the
	// notice has not been claimed again since (which a lapsed lease allows).
	Claim int64 `db:"claim"`
	// Priority is how urgent the letter is (PriorityLegal first); DueAt when it fell due for this claim.
	Priority int       `db:"priority"`
	DueAt    time.Time `db:"due_at"`
	// Unverified is set when Email was typed on the public form by someone without an account and
	// staff had not taken the case up when the notice was written: the e-mail may then carry
	// nothing that the sender typed, and only a few go to one address per hour.
	Unverified bool `db:"unverified"`
	// PrintPDF is the letter as it is printed, when it differs from the copy the meldpunt keeps (the
	// pdf given to Delivered): an acknowledgement or a new tracking code, whose kept copy has no
	// code. Set by the dispatcher; stored only for a letter that goes to the print queue.
	PrintPDF []byte `db:"-"`
	// Data holds the facts of the cause that the case itself does not keep (a postponement's dates).
	Data map[string]string `db:"-"`
	// Case is the complaint and advice the letter is about, as they were when the notice was
	// written (as they are now for a notice from before notices kept their facts).
	Case LetterCase `db:"-"`
}

// ClaimNotices takes up to limit notices that are due, for one dispatcher: each is leased for lease
// (another dispatcher will not see it until then; ExtendClaims extends it) under a claim token of its
// own, and its attempt counted. Should the dispatcher die, the lease runs out and the notice is
// claimed again. The most urgent come first (the lowest priority number, see NoticePriority), within
// one priority the longest due; the list is in that order.
func (db *DB) ClaimNotices(ctx context.Context, limit int, lease time.Duration) ([]Delivery, error) {
	return db.claimNotices(ctx, limit, lease, math.MaxInt16)
}

// ClaimUrgentNotices is ClaimNotices for the letters with a legal consequence (PriorityLegal) only:
// a dispatcher sends them at once without working through the bulk of the outbox.
func (db *DB) ClaimUrgentNotices(ctx context.Context, limit int, lease time.Duration) ([]Delivery, error) {
	return db.claimNotices(ctx, limit, lease, PriorityLegal)
}

// claimSQL claims up to $3 notices of priority $4 or more urgent that are due at $1, leasing them
// until $2, each under a new claim token. Index notices_due_idx serves the order.
const claimSQL = `
	UPDATE notices n SET next_attempt_at = $2, attempts = n.attempts + 1, claim = nextval('notice_claim_seq')
	FROM (SELECT id, next_attempt_at FROM notices WHERE status = 'pending' AND priority <= $4 AND next_attempt_at <= $1
	      ORDER BY priority, next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) due
	WHERE n.id = due.id
	RETURNING n.id, n.complaint_id, n.advice_id, n.kind, n.recipient, n.organisation_id, n.language, n.name,
		n.email, n.street, n.postcode, n.city, n.data, n.facts, n.created_at, n.attempts, n.next_attempt_at, n.claim, n.priority,
		due.next_attempt_at AS due_at, n.unverified`

func (db *DB) claimNotices(ctx context.Context, limit int, lease time.Duration, upTo int) ([]Delivery, error) {
	now := db.now()
	var list []Delivery
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &list, claimSQL, now, now.Add(lease), limit, upTo)
	})
	if err != nil {
		return nil, fmt.Errorf("claim notices: %w", err)
	}
	// UPDATE … RETURNING does not keep the order in which the rows were chosen.
	slices.SortFunc(list, func(a, b Delivery) int {
		return cmp.Or(cmp.Compare(a.Priority, b.Priority), a.DueAt.Compare(b.DueAt), cmp.Compare(a.ID, b.ID))
	})
	// A notice whose facts cannot be read is failed on its own, so that it cannot hold up the rest.
	ready := list[:0]
	for _, d := range list {
		err := json.Unmarshal(d.RawData, &d.Data)
		if err != nil {
			err = fmt.Errorf("data: %w", err)
		} else if d.RawFacts != nil {
			d.Case, err = readFacts(d.RawFacts)
		} else if d.Case, err = db.letterCase(ctx, d.ComplaintID, d.AdviceID); err != nil && !errors.Is(err, sql.ErrNoRows) {
			// The database, not the notice, is at fault: the claims run out and are taken up again.
			return nil, err
		}
		if err != nil {
			if ferr := db.Failed(ctx, d, err.Error()); ferr != nil {
				return nil, ferr
			}
			continue
		}
		ready = append(ready, d)
	}
	return ready, nil
}

// ErrLeaseLost reports that a notice's claim ran out before its outcome was recorded: another
// dispatcher may have it now, so this one must leave it alone.
var ErrLeaseLost = errors.New("the claim on this notice ran out")

// ExtendClaims is the heartbeat of a dispatcher that is alive and still holds the claims: it
// extends the lease of each of them to until, in one statement, and returns the notices whose claim
// it still holds (the others were claimed again after their lease ran out, or are done with). A
// claim whose lease has run out but that nobody took meanwhile is extended too: it is still the
// dispatcher's own.
func (db *DB) ExtendClaims(ctx context.Context, claims []Delivery, until time.Time) ([]int64, error) {
	ids, tokens := make([]int64, len(claims)), make([]int64, len(claims))
	for i, d := range claims {
		ids[i], tokens[i] = d.ID, d.Claim
	}
	held := []int64{}
	err := db.db.SelectContext(ctx, &held, `
		UPDATE notices n SET next_attempt_at = $3 FROM unnest($1::bigint[], $2::bigint[]) AS h(id, claim)
		WHERE n.id = h.id AND n.claim = h.claim AND n.status = 'pending' RETURNING n.id`,
		pq.Array(ids), pq.Array(tokens), until)
	if err != nil {
		return nil, fmt.Errorf("extend claims: %w", err)
	}
	return held, nil
}

// recordOutcome updates a claimed notice while the claim is still this one (its token), and ends
// the claim.
func (db *DB) recordOutcome(ctx context.Context, d Delivery, set string, args ...any) error {
	res, err := db.db.ExecContext(ctx, `UPDATE notices SET `+set+`, claim = NULL WHERE id = $1 AND status = 'pending' AND claim = $2`,
		append([]any{d.ID, d.Claim}, args...)...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrLeaseLost
	}
	return nil
}

// withoutCode is the SQL that wipes a tracking code from a notice's data: it is set with every
// outcome of a letter that was written (sent, print, withheld, no_address) or failed, so that the
// database keeps no usable code once the letter exists. Retry and Release keep it: the same letter
// is tried again. The copy for the print queue keeps the code until the letter is posted.
const withoutCode = `data = CASE WHEN data ? 'tracking_code' THEN (data - 'tracking_code') || '{"code_kept": "true"}'::jsonb ELSE data END`

// Delivered records how a claimed notice went out: "sent" by e-mail, or "print" for the print
// queue; pdf is the copy the meldpunt keeps, d.PrintPDF (when set) the one staff print.
func (db *DB) Delivered(ctx context.Context, d Delivery, status string, pdf []byte) error {
	if status != "sent" && status != "print" {
		return fmt.Errorf("delivered: unknown status %q", status)
	}
	var printPDF []byte
	if status == "print" {
		printPDF = d.PrintPDF
	}
	return db.recordOutcome(ctx, d, `status = $3, pdf = $4, sent_at = CASE WHEN $3 = 'sent' THEN $5::timestamptz END, last_error = '',
		print_pdf = $6, `+withoutCode, status, pdf, db.now(), printPDF)
}

// Retry puts a claimed notice back for another attempt at next, with the reason it failed.
func (db *DB) Retry(ctx context.Context, d Delivery, reason string, next time.Time) error {
	return db.recordOutcome(ctx, d, `next_attempt_at = $3, last_error = $4`, next, reason)
}

// Release gives a claimed notice back untouched, for the next pass: the attempt is not counted.
func (db *DB) Release(ctx context.Context, d Delivery) error {
	return db.recordOutcome(ctx, d, `next_attempt_at = $3, attempts = greatest(attempts - 1, 0)`, db.now())
}

// NoAddress puts a claimed notice that could only be printed, to a recipient without a postal
// address, among the letters waiting for an address: a letter is never printed without one.
func (db *DB) NoAddress(ctx context.Context, d Delivery, pdf []byte) error {
	return db.recordOutcome(ctx, d, `status = 'no_address', pdf = $3, last_error = '', `+withoutCode, pdf)
}

// Failed gives up on a claimed notice: it shows among the failed notices until staff retry it.
func (db *DB) Failed(ctx context.Context, d Delivery, reason string) error {
	return db.recordOutcome(ctx, d, `status = 'failed', last_error = $3, `+withoutCode, reason)
}

// NoticeSummary is one notice as staff list it.
type NoticeSummary struct {
	ID           int64      `json:"id" db:"id"`
	Reference    string     `json:"complaint_reference" db:"reference"`
	AdviceID     *int64     `json:"advice_id,omitempty" db:"advice_id"`
	Kind         string     `json:"kind" db:"kind"`
	Recipient    string     `json:"recipient" db:"recipient"`
	Name         string     `json:"name" db:"name"`
	Delivery     string     `json:"delivery" db:"delivery"`
	Status       string     `json:"status" db:"status"`
	Attempts     int        `json:"attempts" db:"attempts"`
	LastError    string     `json:"last_error,omitempty" db:"last_error"`
	CreatedAt    time.Time  `json:"created_at" db:"created_at"`
	SentAt       *time.Time `json:"sent_at,omitempty" db:"sent_at"`
	PostedAt     *time.Time `json:"posted_at,omitempty" db:"posted_at"`
	HasLetter    bool       `json:"has_letter" db:"has_letter"`
	Organisation *int64     `json:"organisation_id,omitempty" db:"organisation_id"`
}

const noticeColumns = `n.id, c.reference, n.advice_id, n.kind, n.recipient, n.name,
	CASE WHEN n.email <> '' THEN 'email' ELSE 'post' END AS delivery, n.status, n.attempts, n.last_error,
	n.created_at, n.sent_at, n.posted_at, n.pdf IS NOT NULL AS has_letter, n.organisation_id`

// NoticeFilter selects notices for staff.
type NoticeFilter struct {
	Reference string
	Status    string
	Limit     int
	// After pages on: only notices after this id in the list's order.
	After int64
	// ComplaintID lists the notices of a complaint the caller just loaded (so it exists and is not
	// destroyed): one query on the complaint's own index instead of a check and a join by reference.
	ComplaintID int64
}

// Notices lists notices of one complaint (newest first) or in one status. The print queue, the
// failed notices and those waiting for an address (no_address) come oldest first, since the oldest
// wait longest; pages follow with After.
func (db *DB) Notices(ctx context.Context, f NoticeFilter) ([]NoticeSummary, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	if f.ComplaintID != 0 {
		list := []NoticeSummary{}
		if err := db.db.SelectContext(ctx, &list, `SELECT `+noticeColumns+`
			FROM notices n JOIN complaints c ON c.id = n.complaint_id
			WHERE n.complaint_id = $1 AND ($2 = '' OR n.status = $2) AND ($4 = 0 OR n.id < $4)
			ORDER BY n.id DESC LIMIT $3`, f.ComplaintID, f.Status, f.Limit, f.After); err != nil {
			return nil, fmt.Errorf("list notices: %w", err)
		}
		return list, nil
	}
	if f.Reference != "" {
		var n int
		if err := db.db.GetContext(ctx, &n, `SELECT count(*) FROM complaints WHERE reference = $1 AND destroyed_at IS NULL`, normReference(f.Reference)); err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, casework.Errorf(casework.CodeNotFound, "No complaint with this reference.")
		}
	}
	order, after := "n.id DESC", "($4 = 0 OR n.id < $4)"
	if f.Status == "print" || f.Status == "failed" || f.Status == "no_address" {
		order, after = "n.id", "n.id > $4"
	}
	list := []NoticeSummary{}
	err := db.db.SelectContext(ctx, &list, `SELECT `+noticeColumns+`
		FROM notices n JOIN complaints c ON c.id = n.complaint_id
		WHERE ($1 = '' OR c.reference = $1) AND ($2 = '' OR n.status = $2) AND `+after+`
		ORDER BY `+order+` LIMIT $3`, normReference(f.Reference), f.Status, f.Limit, f.After)
	if err != nil {
		return nil, fmt.Errorf("list notices: %w", err)
	}
	return list, nil
}

// NoticePDF returns a rendered letter. Staff may read every letter; an organisation only the
// letters addressed to it; a resident (checked by the caller) only letters to the complainant.
func (db *DB) NoticePDF(ctx context.Context, viewer casework.Actor, id int64) ([]byte, string, error) {
	var row struct {
		PDF       []byte `db:"pdf"`
		PrintPDF  []byte `db:"print_pdf"`
		Org       *int64 `db:"organisation_id"`
		Reference string `db:"reference"`
		Kind      string `db:"kind"`
	}
	err := db.db.GetContext(ctx, &row, `
		SELECT n.pdf, CASE WHEN n.status = 'print' THEN n.print_pdf END AS print_pdf, n.organisation_id, c.reference, n.kind
		FROM notices n JOIN complaints c ON c.id = n.complaint_id
		WHERE n.id = $1`, id)
	notFound := casework.Errorf(casework.CodeNotFound, "No letter with this id.")
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", notFound
	}
	if err != nil {
		return nil, "", err
	}
	if viewer.Role == casework.RoleOrganisation && (row.Org == nil || *row.Org != viewer.OrganisationID) {
		return nil, "", notFound
	}
	if row.PrintPDF != nil && viewer.Role.HandlesCases() {
		// Staff print a letter of the print queue with its tracking code; everyone else, and
		// staff once it is posted, read the copy the meldpunt keeps.
		return row.PrintPDF, fmt.Sprintf("%s-%s-%d.pdf", row.Reference, row.Kind, id), nil
	}
	if row.PDF == nil {
		return nil, "", casework.Errorf(casework.CodeConflict, "This letter has not been written yet; try again in a minute.")
	}
	return row.PDF, fmt.Sprintf("%s-%s-%d.pdf", row.Reference, row.Kind, id), nil
}

// MarkPosted records that staff put a printed letter in the post.
func (db *DB) MarkPosted(ctx context.Context, actor casework.Actor, id int64) error {
	// The printed copy (with a tracking code) is gone once the letter is in the post.
	res, err := db.db.ExecContext(ctx, `UPDATE notices SET status = 'posted', posted_at = $2, print_pdf = NULL WHERE id = $1 AND status = 'print'`,
		id, db.now())
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return db.noticeRefusal(ctx, id, "Only a letter waiting in the print queue can be marked as posted.")
	}
	return nil
}

// RetryFailed puts a failed notice back in the outbox. A letter whose tracking code was wiped when
// it failed goes out with a new code (renewCodeOfRewrittenLetters).
func (db *DB) RetryFailed(ctx context.Context, id int64) error {
	now := db.now()
	var complaintID int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &complaintID, `
			UPDATE notices SET status = 'pending', attempts = 0, next_attempt_at = $2 WHERE id = $1 AND status = 'failed'
			RETURNING complaint_id`, id, now)
		if err != nil {
			return err
		}
		return renewCodeOfRewrittenLetters(ctx, tx, complaintID, casework.Actor{Role: casework.RoleStaff, Label: "meldpunt"},
			"failed letter tried again", now)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return db.noticeRefusal(ctx, id, "Only a failed letter can be tried again.")
	}
	return err
}

// noticeRefusal explains why a notice action changed nothing: no such notice, or the wrong state.
func (db *DB) noticeRefusal(ctx context.Context, id int64, wrongState string) error {
	var n int
	if err := db.db.GetContext(ctx, &n, `SELECT count(*) FROM notices WHERE id = $1`, id); err != nil {
		return err
	}
	if n == 0 {
		return casework.Errorf(casework.CodeNotFound, "No letter with this id.")
	}
	return casework.Errorf(casework.CodeInvalidTransition, "%s", wrongState)
}

// OutboxCounts returns the number of notices per status, and the age of the oldest pending one.
func (db *DB) OutboxCounts(ctx context.Context) (map[string]int, time.Duration, error) {
	var rows []struct {
		Status string     `db:"status"`
		N      int        `db:"n"`
		Oldest *time.Time `db:"oldest"`
	}
	err := db.db.SelectContext(ctx, &rows, `
		SELECT status, count(*) AS n, min(created_at) AS oldest FROM notices WHERE status IN ('pending', 'print', 'failed', 'no_address')
		GROUP BY status`)
	counts := map[string]int{"pending": 0, "print": 0, "failed": 0, "no_address": 0}
	var age time.Duration
	for _, r := range rows {
		counts[r.Status] = r.N
		if r.Status == "pending" && r.Oldest != nil {
			age = db.now().Sub(*r.Oldest)
		}
	}
	return counts, age, err
}
