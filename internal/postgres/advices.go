package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

const adviceColumns = `a.id, c.reference, a.organisation_id, o.name AS organisation_name, a.text, a.status,
	a.issued_at, to_char(a.respond_by, 'YYYY-MM-DD') AS respond_by, a.deadline_at, a.responded_at,
	a.rejection_reasons, a.rejection_ground, a.enforced_at, a.executed_at, a.execution_note, a.answer_channel,
	coalesce(to_char(a.answer_received_on, 'YYYY-MM-DD'), '') AS answer_received_on, a.execution_channel,
	coalesce(to_char(a.execution_received_on, 'YYYY-MM-DD'), '') AS execution_received_on, a.corrected_at,
	(a.responded_at IS NOT NULL AND a.answer_read_at IS NULL) AS answer_unread`

// adviceFrom leaves out the advices of destroyed cases: their texts are gone, and nobody sees them again.
const adviceFrom = ` FROM advices a JOIN complaints c ON c.id = a.complaint_id AND c.destroyed_at IS NULL JOIN organisations o ON o.id = a.organisation_id `

func (db *DB) advicesOf(ctx context.Context, complaintID int64) ([]casework.Advice, error) {
	list := []casework.Advice{}
	err := db.db.SelectContext(ctx, &list, `SELECT `+adviceColumns+adviceFrom+`WHERE a.complaint_id = $1 ORDER BY a.id`, complaintID)
	if err != nil {
		return nil, fmt.Errorf("load advices: %w", err)
	}
	return list, nil
}

func (db *DB) advice(ctx context.Context, id int64) (casework.Advice, error) {
	var a casework.Advice
	err := db.db.GetContext(ctx, &a, `SELECT `+adviceColumns+adviceFrom+`WHERE a.id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return a, casework.Errorf(casework.CodeNotFound, "No advice with this id.")
	}
	return a, err
}

// AdviceFilter narrows the list of advices.
type AdviceFilter struct {
	Status casework.AdviceStatus
	Limit  int
}

// Advices lists advices the viewer may see: an organisation only its own, most urgent first.
func (db *DB) Advices(ctx context.Context, viewer casework.Actor, f AdviceFilter) ([]casework.Advice, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	var org *int64
	if viewer.Role == casework.RoleOrganisation {
		org = &viewer.OrganisationID
	}
	var status *string
	if f.Status != "" {
		s := string(f.Status)
		status = &s
	}
	list := []casework.Advice{}
	err := db.db.SelectContext(ctx, &list, `SELECT `+adviceColumns+adviceFrom+`
		WHERE ($1::bigint IS NULL OR a.organisation_id = $1) AND ($2::text IS NULL OR a.status = $2)
		ORDER BY (a.status = 'issued') DESC, a.deadline_at, a.id LIMIT $3`, org, status, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("list advices: %w", err)
	}
	return list, nil
}

// Advice returns an advice with the complaint it rests on. An organisation gets not-found for
// another organisation's advice.
func (db *DB) Advice(ctx context.Context, viewer casework.Actor, id int64) (casework.AdviceDetail, error) {
	a, err := db.advice(ctx, id)
	if err != nil {
		return casework.AdviceDetail{}, err
	}
	if viewer.Role == casework.RoleOrganisation && a.OrganisationID != viewer.OrganisationID {
		return casework.AdviceDetail{}, casework.Errorf(casework.CodeNotFound, "No advice with this id.")
	}
	d := casework.AdviceDetail{Advice: a, Timeline: []casework.Event{}}
	row, err := db.loadComplaint(ctx, db.db, "c.reference = $1", a.ComplaintRef)
	if err != nil {
		return d, err
	}
	c := row.complaint()
	d.Complaint = casework.AdviceCase{Reference: c.Reference, Status: c.Status, ReceivedAt: c.ReceivedAt,
		Grounds: c.Grounds, LifeDomains: c.LifeDomains, Summary: c.Summary, Verdict: c.Verdict,
		Findings: c.Findings, Conclusions: c.Conclusions}
	err = db.db.SelectContext(ctx, &d.Timeline, `
		SELECT id, advice_id, action, from_status, to_status, actor_role, '' AS actor_name, effective_at, processed_at,
			reason, internal
		FROM events WHERE advice_id = $1 AND NOT internal ORDER BY id`, id)
	if err != nil {
		return d, fmt.Errorf("load advice timeline: %w", err)
	}
	return d, nil
}

// lockedAdvice is an advice row locked for a transition, with the handler of its complaint.
type lockedAdvice struct {
	ID             int64                 `db:"id"`
	ComplaintID    int64                 `db:"complaint_id"`
	OrganisationID int64                 `db:"organisation_id"`
	Status         casework.AdviceStatus `db:"status"`
	IssuedAt       time.Time             `db:"issued_at"`
	RespondBy      term.Date             `db:"respond_by"`
	DeadlineAt     time.Time             `db:"deadline_at"`
	HandlerID      int64                 `db:"handler_id"`
	HandlerName    string                `db:"handler_name"`
}

// answer is one organisation's answer to an advice: what it does, how it came in, and what it
// writes besides the status. set's placeholders start at $8 ($4 is the time, $5 the channel, $6
// the day of receipt, $7 whether it corrects an enforcement).
type answer struct {
	action  casework.AdviceAction
	receipt casework.AnswerReceipt // empty: the organisation answers online itself
	set     string
	args    []any
	reason  string
}

// adviceTransition runs one answer to an advice for actor: lock, authorise, check the move and the
// term, compare-and-set with the extra columns of the answer, write the events and letters, and close
// the complaint when this made every advice final. Staff record answers that came on paper on the
// organisation's behalf: such an answer is on time when it reached the meldpunt on or before the
// last day, and when the sweep enforced the advice in the meantime it corrects the enforcement.
func (db *DB) adviceTransition(ctx context.Context, actor casework.Actor, id int64, ans answer) (casework.Advice, error) {
	if err := ans.receipt.CheckAnswerer(actor.Role); err != nil {
		return casework.Advice{}, err
	}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var a lockedAdvice
		err := tx.GetContext(ctx, &a, `
			SELECT a.id, a.complaint_id, a.organisation_id, a.status, a.issued_at, a.respond_by, a.deadline_at,
				coalesce(c.handler_id, 0) AS handler_id, coalesce(h.name, '') AS handler_name
			FROM advices a JOIN complaints c ON c.id = a.complaint_id LEFT JOIN users h ON h.id = c.handler_id
			WHERE a.id = $1 AND c.destroyed_at IS NULL FOR UPDATE OF a`, id)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && actor.Role == casework.RoleOrganisation && a.OrganisationID != actor.OrganisationID) {
			return casework.Errorf(casework.CodeNotFound, "No advice with this id.")
		}
		if err != nil {
			return fmt.Errorf("lock advice: %w", err)
		}
		// The clock is read once the row is ours: an answer that waited for the sweep's lock is judged
		// by the time it can commit, not by the time it arrived.
		now := db.now()
		var (
			to       casework.AdviceStatus
			corrects bool
			channel  = "online"
			received *string
			reason   = ans.reason
		)
		if actor.Role.HandlesCases() {
			if err := casework.CheckHandler(casework.ActionRecordAnswer, actor, a.HandlerID, a.HandlerName); err != nil {
				return err
			}
			if err := ans.receipt.Validate(term.LocalDate(a.IssuedAt).String(), term.LocalDate(now).String()); err != nil {
				return err
			}
			to, corrects, err = a.Status.NextRecorded(ans.action, a.RespondBy.String(), ans.receipt.ReceivedOn)
			channel, received = string(ans.receipt.Channel), &ans.receipt.ReceivedOn
			reason = strings.TrimSpace(fmt.Sprintf("answer by %s, received on %s; %s", channel, *received, reason))
		} else {
			to, err = a.Status.Next(ans.action, a.DeadlineAt, now)
		}
		if err != nil {
			return err
		}
		q := `UPDATE advices SET status = $3, corrected_at = CASE WHEN $7 THEN $4::timestamptz ELSE corrected_at END, ` +
			ans.set + ` WHERE id = $1 AND status = $2`
		res, err := tx.ExecContext(ctx, q, append([]any{a.ID, a.Status, to, now, channel, received, corrects}, ans.args...)...)
		if err != nil {
			return fmt.Errorf("update advice: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return casework.Errorf(casework.CodeConflict, "The advice changed at the same time; reload and try again.")
		}
		if _, err := insertEventID(ctx, tx, event{complaintID: a.ComplaintID, adviceID: &a.ID, action: string(ans.action),
			from: string(a.Status), to: string(to), actor: actor, at: now, reason: reason}); err != nil {
			return err
		}
		if corrects {
			if err := correctEnforcement(ctx, tx, a, to, ans.receipt, actor, now); err != nil {
				return err
			}
		} else if kind := responseNotice[ans.action]; kind != "" {
			if err := notifyComplainant(ctx, tx, a.ComplaintID, notice{kind: kind, key: fmt.Sprintf("response:%d", a.ID),
				adviceID: &a.ID}, now); err != nil {
				return err
			}
		}
		if to.Final() {
			return closeIfSettled(ctx, tx, a.ComplaintID, now)
		}
		return nil
	})
	if err != nil {
		return casework.Advice{}, err
	}
	return db.advice(ctx, id)
}

// correctEnforcement records that a timely answer undid the sweep's enforcement of an advice: an
// event that says who corrected it, when and why, the enforcement event marked as corrected by it
// (never removed), and a letter that explains the correction to the complainant, their supporter
// and the organisation.
func correctEnforcement(ctx context.Context, tx *sqlx.Tx, a lockedAdvice, to casework.AdviceStatus,
	r casework.AnswerReceipt, actor casework.Actor, now time.Time) error {
	why := fmt.Sprintf("the organisation's answer (%s) reached the meldpunt by %s on %s, on or before the last day %s; "+
		"the enforcement is corrected and the advice is %s", to, r.Channel, r.ReceivedOn, a.RespondBy, to)
	eid, err := insertEventID(ctx, tx, event{complaintID: a.ComplaintID, adviceID: &a.ID, action: "correct_enforcement",
		from: string(casework.AdviceEnforced), to: string(to), actor: actor, at: now, reason: why})
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE events SET corrected_by = $2 WHERE advice_id = $1 AND action = 'enforce' AND corrected_by IS NULL`,
		a.ID, eid); err != nil {
		return fmt.Errorf("mark enforcement corrected: %w", err)
	}
	n := notice{kind: NoticeEnforcementCorrected, key: fmt.Sprintf("corrected:%d", a.ID), adviceID: &a.ID,
		data: map[string]string{"outcome": string(to), "answer_channel": string(r.Channel), "answer_received_on": r.ReceivedOn}}
	if err := notifyComplainant(ctx, tx, a.ComplaintID, n, now); err != nil {
		return err
	}
	return notifyOrganisation(ctx, tx, a.ComplaintID, a.OrganisationID, n, now)
}

// closeIfSettled closes an advised complaint once every advice is final. It locks the complaint
// before counting, so that two advices becoming final at once cannot both miss each other. The lock
// is FOR NO KEY UPDATE: it does not wait for the key-share locks that inserting events takes.
func closeIfSettled(ctx context.Context, tx *sqlx.Tx, complaintID int64, now time.Time) error {
	var status casework.Status
	if err := tx.GetContext(ctx, &status, `SELECT status FROM complaints WHERE id = $1 FOR NO KEY UPDATE`, complaintID); err != nil {
		return fmt.Errorf("lock complaint: %w", err)
	}
	var open int
	if err := tx.GetContext(ctx, &open, `
		SELECT count(*) FROM advices WHERE complaint_id = $1 AND status NOT IN ('rejected', 'executed')`, complaintID); err != nil {
		return fmt.Errorf("count open advices: %w", err)
	}
	if open > 0 {
		return nil
	}
	to, err := status.Next(casework.ActionClose)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE complaints SET status = $3, closed_at = $4 WHERE id = $1 AND status = $2`,
		complaintID, status, to, now)
	if err != nil {
		return fmt.Errorf("close complaint: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return casework.Errorf(casework.CodeConflict, "The complaint changed at the same time; reload and try again.")
	}
	if err := insertEvent(ctx, tx, event{complaintID: complaintID, action: string(casework.ActionClose),
		from: string(status), to: string(to), actor: casework.SystemActor, at: now, reason: "every advice is final"}); err != nil {
		return err
	}
	return notifyComplainant(ctx, tx, complaintID, notice{kind: NoticeClosed, key: fmt.Sprintf("closed:%d", complaintID),
		data: map[string]string{"action": string(casework.ActionClose)}}, now)
}

// responseNotice is the letter that tells the complainant an organisation's answer.
var responseNotice = map[casework.AdviceAction]string{
	casework.AdviceActionAccept: NoticeResponseAccepted,
	casework.AdviceActionReject: NoticeResponseRejected,
}

// AcceptAdvice records that the organisation accepts the advice: online before the deadline, or,
// recorded by staff with the receipt r, received on or before the last day.
func (db *DB) AcceptAdvice(ctx context.Context, actor casework.Actor, id int64, r casework.AnswerReceipt) (casework.Advice, error) {
	return db.adviceTransition(ctx, actor, id, answer{action: casework.AdviceActionAccept, receipt: r,
		set: `responded_at = $4, answer_channel = $5, answer_received_on = $6`})
}

// RejectAdvice records a reasoned rejection: online before the deadline, or, recorded by staff with
// the receipt r, received on or before the last day.
func (db *DB) RejectAdvice(ctx context.Context, actor casework.Actor, id int64, rej casework.Rejection, r casework.AnswerReceipt) (casework.Advice, error) {
	if err := casework.JoinValidation(rej.Validate(), r.CheckAnswerer(actor.Role)); err != nil {
		return casework.Advice{}, err
	}
	return db.adviceTransition(ctx, actor, id, answer{action: casework.AdviceActionReject, receipt: r,
		set:  `responded_at = $4, answer_channel = $5, answer_received_on = $6, rejection_reasons = $8, rejection_ground = $9`,
		args: []any{rej.Reasons, rej.Ground}, reason: rej.Reasons})
}

// ConfirmExecution records that an accepted or enforced advice has been carried out, by the
// organisation online or by staff with the receipt r of the organisation's confirmation.
func (db *DB) ConfirmExecution(ctx context.Context, actor casework.Actor, id int64, note string, r casework.AnswerReceipt) (casework.Advice, error) {
	if err := casework.JoinValidation(casework.CheckNote("note", note, false), r.CheckAnswerer(actor.Role)); err != nil {
		return casework.Advice{}, err
	}
	return db.adviceTransition(ctx, actor, id, answer{action: casework.AdviceActionConfirmExecution, receipt: r,
		set:  `executed_at = $4, execution_channel = $5, execution_received_on = $6, execution_note = $8`,
		args: []any{note}, reason: note})
}
