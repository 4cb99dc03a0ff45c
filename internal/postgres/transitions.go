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

// event is one audit entry to write.
type event struct {
	complaintID int64
	adviceID    *int64
	action      string
	from, to    string
	actor       casework.Actor
	at          time.Time // effective time
	processed   time.Time // zero means at
	reason      string
	internal    bool
}

func insertEvent(ctx context.Context, tx *sqlx.Tx, e event) error {
	_, err := insertEventID(ctx, tx, e)
	return err
}

// insertEventID writes the event and returns its id.
func insertEventID(ctx context.Context, tx *sqlx.Tx, e event) (int64, error) {
	if e.processed.IsZero() {
		e.processed = e.at
	}
	var user *int64
	if e.actor.UserID != 0 {
		user = &e.actor.UserID
	}
	var id int64
	err := tx.QueryRowContext(ctx, `
		INSERT INTO events (complaint_id, advice_id, action, from_status, to_status, actor_user_id, actor_role,
			actor_name, effective_at, processed_at, reason, internal)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		e.complaintID, e.adviceID, e.action, e.from, e.to, user, e.actor.Role, e.actor.Label, e.at, e.processed,
		e.reason, e.internal).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert event %s: %w", e.action, err)
	}
	return id, nil
}

// locked is a complaint row locked for a transition.
type locked struct {
	ID               int64           `db:"id"`
	Status           casework.Status `db:"status"`
	ReceivedAt       time.Time       `db:"received_at"`
	HandlingLastDay  term.Date       `db:"handling_last_day"`
	HandlingDeadline time.Time       `db:"handling_deadline_at"`
	Postponements    int             `db:"postponements"`
	HandlerID        int64           `db:"handler_id"`
	HandlerName      string          `db:"handler_name"`
	// ReceivedOn is the day the complaint reached the meldpunt, from which its terms run.
	ReceivedOn term.Date `db:"received_on"`
}

// change is what a transition writes besides the status and the event.
type change struct {
	reason   string
	internal bool
	// after runs once the transition's own event is written, for writes that follow from it.
	after func() error
}

// transition runs one complaint action: lock the row, check the move against the lifecycle table,
// let apply write the details, then compare-and-set the status and write the audit event.
func (db *DB) transition(ctx context.Context, actor casework.Actor, reference string, action casework.Action,
	apply func(tx *sqlx.Tx, c locked, now time.Time) (change, error)) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		var c locked
		err := tx.GetContext(ctx, &c, `
			SELECT c.id, c.status, c.received_at, c.handling_last_day, c.handling_deadline_at, c.postponements,
				coalesce(c.handler_id, 0) AS handler_id, coalesce(h.name, '') AS handler_name, c.received_on
			FROM complaints c LEFT JOIN users h ON h.id = c.handler_id
			WHERE c.reference = $1 AND c.destroyed_at IS NULL FOR NO KEY UPDATE OF c`, normReference(reference))
		if errors.Is(err, sql.ErrNoRows) {
			return casework.Errorf(casework.CodeNotFound, "No complaint with this reference.")
		}
		if err != nil {
			return fmt.Errorf("lock complaint: %w", err)
		}
		now := db.now() // read once the row is ours, so a wait for the lock does not age the decision
		to, err := c.Status.Next(action)
		if err != nil {
			return err
		}
		if actor.Role.HandlesCases() {
			if err := casework.CheckHandler(action, actor, c.HandlerID, c.HandlerName); err != nil {
				return err
			}
		}
		ch, err := apply(tx, c, now)
		if err != nil {
			return err
		}
		if to != c.Status {
			res, err := tx.ExecContext(ctx, `
				UPDATE complaints SET status = $3,
					closed_at = CASE WHEN $3 IN ('closed', 'inadmissible', 'resolved', 'withdrawn') THEN $4 ELSE closed_at END
				WHERE id = $1 AND status = $2`, c.ID, c.Status, to, now)
			if err != nil {
				return fmt.Errorf("update complaint status: %w", err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return casework.Errorf(casework.CodeConflict, "The complaint changed at the same time; reload and try again.")
			}
		}
		if err := insertEvent(ctx, tx, event{complaintID: c.ID, action: string(action), from: string(c.Status),
			to: string(to), actor: actor, at: now, reason: ch.reason, internal: ch.internal}); err != nil {
			return err
		}
		if ch.after != nil {
			return ch.after()
		}
		return nil
	})
}

// TakeUp assigns a received complaint to the staff member taking it up, who declares not to have
// been involved in what it is about (Awb 9:7). The handler is always the actor, never chosen for them.
func (db *DB) TakeUp(ctx context.Context, actor casework.Actor, reference string, t casework.TakeUp) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return db.transition(ctx, actor, reference, casework.ActionTakeUp, func(tx *sqlx.Tx, c locked, now time.Time) (change, error) {
		if err := db.assignHandler(ctx, tx, c.ID, actor); err != nil {
			return change{}, err
		}
		copies := func() error {
			return notifyOrganisations(ctx, tx, c.ID, notice{kind: NoticeCopyToOrganisation, key: fmt.Sprintf("copy:%d", c.ID)}, now)
		}
		return change{reason: "handler declared not to have been involved", after: copies}, nil
	})
}

// TakeOver moves a case in treatment or advised to the actor, who declares not to have been involved
// and says why the case changes hands; the audit event names both handlers.
func (db *DB) TakeOver(ctx context.Context, actor casework.Actor, reference string, t casework.TakeOver) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return db.transition(ctx, actor, reference, casework.ActionTakeOver, func(tx *sqlx.Tx, c locked, now time.Time) (change, error) {
		if c.HandlerID == actor.UserID {
			return change{}, casework.Errorf(casework.CodeConflict, "You already handle this case.")
		}
		if err := db.assignHandler(ctx, tx, c.ID, actor); err != nil {
			return change{}, err
		}
		return change{reason: fmt.Sprintf("taken over from %s by %s, who declared not to have been involved: %s",
			c.HandlerName, actor.Label, t.Reason), internal: true}, nil
	})
}

// assignHandler makes the actor the handler of a complaint; the actor must be an active staff account.
func (db *DB) assignHandler(ctx context.Context, tx *sqlx.Tx, complaintID int64, actor casework.Actor) error {
	var role string
	err := tx.GetContext(ctx, &role, `SELECT role FROM users WHERE id = $1 AND disabled_at IS NULL`, actor.UserID)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !casework.Role(role).HandlesCases()) {
		return casework.Errorf(casework.CodeForbidden, "Only an active staff account can handle a case.")
	}
	if err != nil {
		return fmt.Errorf("load handler: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE complaints SET handler_id = $2 WHERE id = $1`, complaintID, actor.UserID); err != nil {
		return fmt.Errorf("assign handler: %w", err)
	}
	return nil
}

func complaintOrgIDs(ctx context.Context, tx *sqlx.Tx, id int64) ([]int64, error) {
	var orgs []int64
	if err := tx.SelectContext(ctx, &orgs, `SELECT organisation_id FROM complaint_organisations WHERE complaint_id = $1 ORDER BY 1`, id); err != nil {
		return nil, fmt.Errorf("load organisations of complaint: %w", err)
	}
	return orgs, nil
}

// Postpone extends the handling term: once by at most four weeks, later only with recorded consent.
func (db *DB) Postpone(ctx context.Context, actor casework.Actor, reference string, p casework.Postponement) (string, error) {
	var newLast term.Date
	err := db.transition(ctx, actor, reference, casework.ActionPostpone, func(tx *sqlx.Tx, c locked, now time.Time) (change, error) {
		if err := p.Validate(c.Postponements); err != nil {
			return change{}, err
		}
		if err := casework.CheckPostponeInTime(c.HandlingLastDay.String(), c.HandlingDeadline, now); err != nil {
			return change{}, err
		}
		cal, err := db.calendar(ctx, tx)
		if err != nil {
			return change{}, err
		}
		res, err := cal.LastDay(c.HandlingLastDay, p.Days)
		if err != nil {
			return change{}, fmt.Errorf("postponed term: %w", err)
		}
		newLast = res.LastDay
		if _, err := tx.ExecContext(ctx, `
			UPDATE complaints SET handling_last_day = $2, handling_deadline_at = $3, postponements = postponements + 1
			WHERE id = $1`, c.ID, res.LastDay, res.Deadline); err != nil {
			return change{}, fmt.Errorf("postpone: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO postponements (complaint_id, days, from_day, to_day, reason, consent, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			c.ID, p.Days, c.HandlingLastDay, res.LastDay, p.Reason, p.Consent, actor.UserID, now); err != nil {
			return change{}, fmt.Errorf("record postponement: %w", err)
		}
		n := notice{kind: NoticePostponement, key: fmt.Sprintf("postpone:%d:%d", c.ID, c.Postponements+1),
			data: map[string]string{"old_last_day": c.HandlingLastDay.String(), "new_last_day": res.LastDay.String(), "reason": p.Reason}}
		letters := func() error {
			if err := notifyComplainant(ctx, tx, c.ID, n, now); err != nil {
				return err
			}
			return notifyOrganisations(ctx, tx, c.ID, n, now)
		}
		return change{reason: fmt.Sprintf("handling term moved from %s to %s: %s", c.HandlingLastDay, res.LastDay, p.Reason), after: letters}, nil
	})
	return newLast.String(), err
}

// DeclareInadmissible ends a complaint that is not dealt with (Awb 9:8). The ground is checked
// against the file (casework.Inadmissibility.Validate); the complainant gets the reasoned letter,
// and every organisation that was sent a copy is told that the case has ended. A decision after
// the four weeks of Awb 9:8 is allowed: the term is shown to staff, not enforced.
func (db *DB) DeclareInadmissible(ctx context.Context, actor casework.Actor, reference string, d casework.Inadmissibility) error {
	d.EarlierReference = strings.TrimSpace(d.EarlierReference)
	if err := d.ValidateInput(); err != nil {
		return err
	}
	return db.transition(ctx, actor, reference, casework.ActionDeclareInadmissible, func(tx *sqlx.Tx, c locked, now time.Time) (change, error) {
		var file struct {
			Reference string     `db:"reference"`
			Occurred  *term.Date `db:"occurred_on"`
		}
		if err := tx.GetContext(ctx, &file, `SELECT reference, occurred_on FROM complaints WHERE id = $1`, c.ID); err != nil {
			return change{}, fmt.Errorf("load complaint file: %w", err)
		}
		f := casework.InadmissibilityFile{Reference: file.Reference, ReceivedOn: c.ReceivedOn.String()}
		if file.Occurred != nil {
			f.OccurredOn = file.Occurred.String()
		}
		if d.EarlierReference != "" {
			var earlier casework.EarlierComplaint
			err := tx.QueryRowContext(ctx, `SELECT reference, status FROM complaints WHERE reference = $1 AND destroyed_at IS NULL`,
				normReference(d.EarlierReference)).Scan(&earlier.Reference, &earlier.Status)
			switch {
			case err == nil:
				f.Earlier = &earlier
				d.EarlierReference = earlier.Reference
			case !errors.Is(err, sql.ErrNoRows):
				return change{}, fmt.Errorf("load earlier complaint: %w", err)
			}
		}
		if err := d.Validate(f); err != nil {
			return change{}, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE complaints SET inadmissible_ground = $2, inadmissible_earlier_reference = $3 WHERE id = $1`,
			c.ID, d.Ground, d.EarlierReference); err != nil {
			return change{}, fmt.Errorf("record inadmissibility: %w", err)
		}
		letters := func() error {
			if err := notifyComplainant(ctx, tx, c.ID, notice{kind: NoticeInadmissible, key: fmt.Sprintf("inadmissible:%d", c.ID),
				data: map[string]string{"ground": string(d.Ground), "reasons": d.Reasons, "earlier_reference": d.EarlierReference}}, now); err != nil {
				return err
			}
			return tellOrganisationsCaseEnded(ctx, tx, c.ID, casework.StatusInadmissible, string(d.Ground), now)
		}
		// The audit reason keeps the form "<ground>: <reasons>" that the case page and the resident's
		// timeline read; the earlier reference and the term are columns of the complaint.
		reason := string(d.Ground) + ": " + d.Reasons
		return change{reason: reason, after: letters}, nil
	})
}

// Resolve ends a complaint that was settled to the complainant's satisfaction (Awb 9:5).
func (db *DB) Resolve(ctx context.Context, actor casework.Actor, reference string, c casework.Closing) error {
	return db.closing(ctx, actor, reference, casework.ActionResolve, c)
}

// Withdraw ends a complaint the complainant withdrew.
func (db *DB) Withdraw(ctx context.Context, actor casework.Actor, reference string, c casework.Closing) error {
	return db.closing(ctx, actor, reference, casework.ActionWithdraw, c)
}

func (db *DB) closing(ctx context.Context, actor casework.Actor, reference string, action casework.Action, cl casework.Closing) error {
	if err := cl.Validate(); err != nil {
		return err
	}
	return db.transition(ctx, actor, reference, action, func(tx *sqlx.Tx, c locked, now time.Time) (change, error) {
		to, err := c.Status.Next(action)
		if err != nil {
			return change{}, err
		}
		letters := func() error {
			if err := notifyComplainant(ctx, tx, c.ID, notice{kind: NoticeClosed, key: fmt.Sprintf("closed:%d", c.ID),
				data: map[string]string{"reason": cl.Reason, "action": string(action)}}, now); err != nil {
				return err
			}
			return tellOrganisationsCaseEnded(ctx, tx, c.ID, to, "", now)
		}
		return change{reason: cl.Reason, after: letters}, nil
	})
}

// tellOrganisationsCaseEnded writes, when a case ends before a ruling (withdrawn, resolved,
// inadmissible), a notice to every organisation that was sent a copy of the complaint: they were
// told to expect a hearing and a ruling. An organisation that never heard of the complaint (it
// ended before it was taken up) gets nothing, since a letter would only spread the complaint.
// Copies still waiting to go out are marked, so that their letter says the case has ended instead
// of promising a ruling.
func tellOrganisationsCaseEnded(ctx context.Context, tx *sqlx.Tx, complaintID int64, endedAs casework.Status, ground string, now time.Time) error {
	day := term.LocalDate(now).String()
	if _, err := tx.ExecContext(ctx, `
		UPDATE notices SET data = CASE WHEN jsonb_typeof(data) = 'object' THEN data ELSE '{}' END
			|| jsonb_build_object('case_ended', $2::text, 'ended_on', $3::text)
		WHERE complaint_id = $1 AND kind = $4 AND status IN ('pending', 'no_address')`,
		complaintID, endedAs, day, NoticeCopyToOrganisation); err != nil {
		return fmt.Errorf("mark waiting copies: %w", err)
	}
	var orgs []int64
	if err := tx.SelectContext(ctx, &orgs, `
		SELECT DISTINCT organisation_id FROM notices
		WHERE complaint_id = $1 AND kind = $2 AND organisation_id IS NOT NULL ORDER BY 1`,
		complaintID, NoticeCopyToOrganisation); err != nil {
		return fmt.Errorf("organisations sent a copy: %w", err)
	}
	n := notice{kind: NoticeCaseEnded, key: fmt.Sprintf("ended:%d", complaintID),
		data: map[string]string{"case_ended": string(endedAs), "ended_on": day, "ground": ground}}
	for _, o := range orgs {
		if err := notifyOrganisation(ctx, tx, complaintID, o, n, now); err != nil {
			return err
		}
	}
	return nil
}

// AddNote adds a staff-internal note to the timeline.
func (db *DB) AddNote(ctx context.Context, actor casework.Actor, reference, note string) error {
	if err := casework.CheckNote("note", note, true); err != nil {
		return err
	}
	return db.transition(ctx, actor, reference, casework.ActionAddNote, func(*sqlx.Tx, locked, time.Time) (change, error) {
		return change{reason: note, internal: true}, nil
	})
}

// Rule records the ruling; a granted ruling issues one binding advice per addressed organisation,
// each with its own term.
func (db *DB) Rule(ctx context.Context, actor casework.Actor, reference string, r casework.Ruling) ([]casework.Advice, error) {
	action := casework.ActionRuleUnfounded
	if r.Verdict.Granted() {
		action = casework.ActionRuleGranted
	}
	var ids []int64
	err := db.transition(ctx, actor, reference, action, func(tx *sqlx.Tx, c locked, now time.Time) (change, error) {
		heard, err := heardParties(ctx, tx, c.ID)
		if err != nil {
			return change{}, err
		}
		orgs, err := complaintOrgIDs(ctx, tx, c.ID)
		if err != nil {
			return change{}, err
		}
		if err := r.Validate(heard, orgs); err != nil {
			return change{}, err
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE complaints SET verdict = $2, findings = $3, conclusions = $4, ruled_at = $5 WHERE id = $1`,
			c.ID, r.Verdict, r.Findings, r.Conclusions, now); err != nil {
			return change{}, fmt.Errorf("record ruling: %w", err)
		}
		for _, rec := range r.Recommendations {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO recommendations (complaint_id, life_domain, text, created_at) VALUES ($1, $2, $3, $4)`,
				c.ID, rec.LifeDomain, rec.Text, now); err != nil {
				return change{}, fmt.Errorf("insert recommendation: %w", err)
			}
		}
		// The advices are written before the letters, so that the ruling names every advice with its
		// last day.
		issue := func() error {
			var t term.Result
			if len(r.Advices) > 0 {
				cal, err := db.calendar(ctx, tx)
				if err != nil {
					return err
				}
				if t, err = cal.LastDay(term.LocalDate(now), db.terms.AdviceDays); err != nil {
					return fmt.Errorf("advice term: %w", err)
				}
			}
			for _, a := range r.Advices {
				var id int64
				if err := tx.QueryRowContext(ctx, `
					INSERT INTO advices (complaint_id, organisation_id, text, status, issued_at, respond_by, deadline_at)
					VALUES ($1, $2, $3, 'issued', $4, $5, $6) RETURNING id`,
					c.ID, a.OrganisationID, a.Text, now, t.LastDay, t.Deadline).Scan(&id); err != nil {
					return fmt.Errorf("insert advice: %w", err)
				}
				ids = append(ids, id)
				if err := insertEvent(ctx, tx, event{complaintID: c.ID, adviceID: &id, action: "issue",
					to: string(casework.AdviceIssued), actor: actor, at: now,
					reason: "respond by " + t.LastDay.String()}); err != nil {
					return err
				}
			}
			ruling := notice{kind: NoticeRuling, key: fmt.Sprintf("ruling:%d", c.ID)}
			if err := notifyComplainant(ctx, tx, c.ID, ruling, now); err != nil {
				return err
			}
			if err := notifyOrganisations(ctx, tx, c.ID, ruling, now); err != nil {
				return err
			}
			for i, a := range r.Advices {
				if err := notifyOrganisation(ctx, tx, c.ID, a.OrganisationID, notice{kind: NoticeAdviceIssued,
					key: fmt.Sprintf("advice:%d", ids[i]), adviceID: &ids[i]}, now); err != nil {
					return err
				}
			}
			return nil
		}
		reason := "verdict: " + string(r.Verdict)
		if !now.Before(c.HandlingDeadline) {
			reason += fmt.Sprintf(" (late: the handling term ended on %s)", c.HandlingLastDay)
		}
		return change{reason: reason, after: issue}, nil
	})
	if err != nil {
		return nil, err
	}
	advices := make([]casework.Advice, 0, len(ids))
	for _, id := range ids {
		a, err := db.advice(ctx, id)
		if err != nil {
			return nil, err
		}
		advices = append(advices, a)
	}
	return advices, nil
}

func heardParties(ctx context.Context, tx *sqlx.Tx, id int64) (casework.HeardParties, error) {
	var rows []struct {
		Party   string `db:"party"`
		Org     *int64 `db:"organisation_id"`
		Skipped string `db:"skipped"`
	}
	heard := casework.HeardParties{Organisations: map[int64]bool{}}
	if err := tx.SelectContext(ctx, &rows, `SELECT party, organisation_id, skipped FROM hearings WHERE complaint_id = $1`, id); err != nil {
		return heard, fmt.Errorf("load hearings: %w", err)
	}
	for _, r := range rows {
		if r.Party == string(casework.PartyComplainant) {
			heard.Complainant = true
		} else if r.Org != nil {
			heard.Organisations[*r.Org] = true
		}
		if r.Skipped == string(casework.SkipObviouslyUnfounded) {
			heard.ObviouslyUnfounded = true
		}
	}
	return heard, nil
}
