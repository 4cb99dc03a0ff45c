package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

// NoticeHearingReport is the report (verslag) of a hearing, sent to the party heard (Awb 9:10).
const NoticeHearingReport = "hearing_report"

// InviteToHearing invites a party to a hearing on a working day in office hours, records the
// invitation and writes the invitation letter.
func (db *DB) InviteToHearing(ctx context.Context, actor casework.Actor, reference string, in casework.Invitation) error {
	return db.transition(ctx, actor, reference, casework.ActionInviteHearing, func(tx *sqlx.Tx, c locked, now time.Time) (change, error) {
		orgs, err := complaintOrgIDs(ctx, tx, c.ID)
		if err != nil {
			return change{}, err
		}
		cal, err := db.calendar(ctx, tx)
		if err != nil {
			return change{}, err
		}
		local := now.In(term.Amsterdam())
		if err := in.Validate(term.LocalDate(now).String(), local.Format("15:04"), orgs, nonWorkingName(cal)); err != nil {
			return change{}, err
		}
		var org *int64
		if in.Party == casework.PartyOrganisation {
			org = &in.OrganisationID
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `
			INSERT INTO hearing_invitations (complaint_id, party, organisation_id, hearing_on, hearing_time, place, sent_at, sent_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			c.ID, in.Party, org, in.Date, in.Time, in.Place, now, actorUser(actor)).Scan(&id); err != nil {
			return change{}, fmt.Errorf("record invitation: %w", err)
		}
		n := notice{kind: NoticeHearingInvitation, key: fmt.Sprintf("invitation:%d", id),
			data: map[string]string{"hearing_date": in.Date, "hearing_time": in.Time, "hearing_place": in.Place}}
		letter := func() error {
			if in.Party == casework.PartyComplainant {
				return notifyComplainant(ctx, tx, c.ID, n, now)
			}
			return notifyOrganisation(ctx, tx, c.ID, in.OrganisationID, n, now)
		}
		return change{reason: fmt.Sprintf("hearing of %s on %s at %s", in.Party, in.Date, in.Time), after: letter}, nil
	})
}

// nonWorkingName names the days of cal that are not working days, for Invitation.Validate.
func nonWorkingName(cal term.Calendar) func(string) string {
	return func(s string) string {
		d, err := term.ParseDate(s)
		if err != nil {
			return ""
		}
		skip, ok := cal.NonWorking(d)
		switch {
		case !ok:
			return ""
		case skip.Reason == term.ReasonEquated && skip.Name != term.NameEquated:
			return "a day equated to a holiday by Royal Decree (" + skip.Name + ")"
		}
		return skip.Name
	}
}

func actorUser(a casework.Actor) *int64 {
	if a.UserID == 0 {
		return nil
	}
	return &a.UserID
}

// RecordHearing records that a party was heard, or why not. A party is passed over for not
// responding only when an invitation to it went out at least casework.NoResponseWorkingDays
// working days before. The report of a hearing held goes to the party heard at once.
func (db *DB) RecordHearing(ctx context.Context, actor casework.Actor, reference string, h casework.Hearing) (int64, error) {
	var id int64
	err := db.transition(ctx, actor, reference, casework.ActionRecordHearing, func(tx *sqlx.Tx, c locked, now time.Time) (change, error) {
		orgs, err := complaintOrgIDs(ctx, tx, c.ID)
		if err != nil {
			return change{}, err
		}
		today := term.LocalDate(now)
		if err := h.Validate(c.ReceivedOn.String(), today.String(), orgs); err != nil {
			return change{}, err
		}
		if h.Skipped == casework.SkipNoResponse {
			invitedOn, from, err := db.firstInvitation(ctx, tx, c.ID, h.Party, h.OrganisationID)
			if err != nil {
				return change{}, err
			}
			if err := h.CheckNoResponse(today.String(), invitedOn, from); err != nil {
				return change{}, err
			}
		}
		var org *int64
		if h.Party == casework.PartyOrganisation {
			org = &h.OrganisationID
		}
		var held *string
		if h.HeldOn != "" {
			held = &h.HeldOn
		}
		err = tx.QueryRowContext(ctx, `
			INSERT INTO hearings (complaint_id, party, organisation_id, held_on, record, skipped, skip_note, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			c.ID, h.Party, org, held, h.Record, h.Skipped, h.SkipNote, actor.UserID, now).Scan(&id)
		if err != nil {
			return change{}, fmt.Errorf("insert hearing: %w", err)
		}
		reason := "heard: " + string(h.Party)
		if h.Skipped != "" {
			reason = "hearing of " + string(h.Party) + " skipped: " + string(h.Skipped)
			return change{reason: reason, internal: true}, nil
		}
		// The report (verslag) of the hearing goes to the party heard, before any ruling (Awb 9:10).
		report := func() error {
			n := notice{kind: NoticeHearingReport, key: fmt.Sprintf("hearing-report:%d", id),
				data: map[string]string{"party": string(h.Party), "held_on": h.HeldOn, "record": h.Record}}
			if h.Party == casework.PartyComplainant {
				return notifyComplainant(ctx, tx, c.ID, n, now)
			}
			return notifyOrganisation(ctx, tx, c.ID, h.OrganisationID, n, now)
		}
		return change{reason: reason, internal: true, after: report}, nil
	})
	return id, err
}

// firstInvitation returns the local date the first invitation to a party of a complaint went out
// and the first day the party may be passed over for not responding; both empty when none did. An
// invitation counts from the day its letter left the meldpunt: e-mailed, or handed to the print
// queue (and posted). A letter still waiting (for an address, for a retry) or failed has not
// reached the party, and then a validation error says so.
func (db *DB) firstInvitation(ctx context.Context, tx *sqlx.Tx, complaintID int64, party casework.Party, orgID int64) (string, string, error) {
	var row struct {
		Sent    sql.NullTime `db:"sent"`
		Waiting int          `db:"waiting"`
	}
	if err := tx.GetContext(ctx, &row, `
		SELECT min(coalesce(n.sent_at, n.posted_at, n.created_at)) FILTER (WHERE n.status IN ('sent', 'print', 'posted')) AS sent,
			count(*) FILTER (WHERE n.status NOT IN ('sent', 'print', 'posted')) AS waiting
		FROM hearing_invitations i
		JOIN notices n ON n.complaint_id = i.complaint_id AND n.recipient <> 'supporter'
			AND n.dedupe_key LIKE 'invitation:' || i.id || ':%'
		WHERE i.complaint_id = $1 AND i.party = $2 AND coalesce(i.organisation_id, 0) = $3`, complaintID, party, orgID); err != nil {
		return "", "", fmt.Errorf("load invitations: %w", err)
	}
	if !row.Sent.Valid {
		if row.Waiting > 0 {
			return "", "", &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
				Fields: []casework.FieldError{{Field: "skipped", Message: "the invitation to this party has not gone out yet " +
					"(it waits for an address, a retry or the print queue): no_response counts from the day it went out"}}}
		}
		return "", "", nil
	}
	cal, err := db.calendar(ctx, tx)
	if err != nil {
		return "", "", err
	}
	day := term.LocalDate(row.Sent.Time)
	return day.String(), cal.WorkingDaysAfter(day, casework.NoResponseWorkingDays).String(), nil
}

// invitationsOf lists the invitations to hearings of a complaint, oldest first.
func (db *DB) invitationsOf(ctx context.Context, complaintID int64) ([]casework.InvitationRecord, error) {
	list := []casework.InvitationRecord{}
	if err := db.db.SelectContext(ctx, &list, `
		SELECT id, party, organisation_id, to_char(hearing_on, 'YYYY-MM-DD') AS hearing_on, hearing_time, place, sent_at
		FROM hearing_invitations WHERE complaint_id = $1 ORDER BY id`, complaintID); err != nil {
		return nil, fmt.Errorf("load invitations: %w", err)
	}
	if len(list) == 0 {
		return list, nil
	}
	cal, err := db.calendar(ctx, db.db)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].NoResponseFrom = cal.WorkingDaysAfter(term.LocalDate(list[i].SentAt), casework.NoResponseWorkingDays).String()
	}
	return list, nil
}

// AddOrganisation adds an organisation that a complaint in treatment turns out to be about as
// well, or the organisation of a complaint whose complainant did not know it (staff choose it once
// they took the case up; the event says so): it gets the copy of the complaint (Awb 9:9) and must
// be heard like the others before a ruling.
func (db *DB) AddOrganisation(ctx context.Context, actor casework.Actor, reference string, orgID int64) error {
	invalid := func(msg string) error {
		return &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
			Fields: []casework.FieldError{{Field: "organisation_id", Message: msg}}}
	}
	return db.transition(ctx, actor, reference, casework.ActionAddOrganisation, func(tx *sqlx.Tx, c locked, now time.Time) (change, error) {
		var name string
		err := tx.GetContext(ctx, &name, `SELECT name FROM organisations WHERE id = $1`, orgID)
		if errors.Is(err, sql.ErrNoRows) {
			return change{}, invalid("must be an existing organisation")
		}
		if err != nil {
			return change{}, fmt.Errorf("load organisation: %w", err)
		}
		orgs, err := complaintOrgIDs(ctx, tx, c.ID)
		if err != nil {
			return change{}, err
		}
		switch {
		case slices.Contains(orgs, orgID):
			return change{}, invalid("is already an organisation the complaint is about")
		case len(orgs) >= casework.MaxComplaintOrganisations:
			return change{}, invalid(fmt.Sprintf("a complaint is about at most %d organisations", casework.MaxComplaintOrganisations))
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO complaint_organisations (complaint_id, organisation_id) VALUES ($1, $2)`,
			c.ID, orgID); err != nil {
			return change{}, fmt.Errorf("add organisation: %w", err)
		}
		reason := "organisation added: " + name
		if len(orgs) == 0 {
			// The complainant did not know which organisation: staff chose it.
			reason = "organisation chosen by staff: " + name
		}
		copyLetter := func() error {
			return notifyOrganisation(ctx, tx, c.ID, orgID, notice{kind: NoticeCopyToOrganisation, key: fmt.Sprintf("copy:%d", c.ID)}, now)
		}
		return change{reason: reason, internal: true, after: copyLetter}, nil
	})
}
