package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

// The supporter in the complaint procedure. The complaint's row keeps the choice as it stands now
// (supporter_id, supporter_consent, and the copy recipient in supporter_name ...); representations
// keeps every choice with its consent (migration 00020). A supporter account sees a case only when
// its member of the pool is the complaint's supporter_id and the consent lasts; anything else is
// not found. Every access by a supporter is written to access_log, like staff access.

// Timeline actions of the representation.
const (
	actionSupporterChosen = "supporter_chosen"
	actionSupporterEnded  = "supporter_ended"
	actionSupporterInfo   = "supporter_information"
)

var notFoundComplaint = casework.Errorf(casework.CodeNotFound, "No complaint with this reference.")

// lockComplaint locks a complaint's row by reference and returns its id.
func lockComplaint(ctx context.Context, tx *sqlx.Tx, reference string) (int64, error) {
	var id int64
	err := tx.GetContext(ctx, &id, `SELECT id FROM complaints WHERE reference = $1 AND destroyed_at IS NULL FOR NO KEY UPDATE`, normReference(reference))
	if errors.Is(err, sql.ErrNoRows) {
		return 0, notFoundComplaint
	}
	if err != nil {
		return 0, fmt.Errorf("lock complaint: %w", err)
	}
	return id, nil
}

// chooseRepresentation records a choice with its consent: it ends the one before (replaced), fills
// the complaint's copy recipient, and writes the event to the timeline. A member of the pool must be
// active; its copies go to its e-mail address in the pool.
func chooseRepresentation(ctx context.Context, tx *sqlx.Tx, complaintID int64, actor casework.Actor, r casework.Representation,
	route casework.ConsentRoute, receivedOn *string, now time.Time) error {
	contact, kind, reason := casework.Contact{}, "informal", ""
	var supporterID *int64
	if r.SupporterID != 0 {
		var s struct {
			Name  string `db:"name"`
			Email string `db:"email"`
			Phone string `db:"phone"`
		}
		err := tx.GetContext(ctx, &s, `SELECT name, email, phone FROM supporters WHERE id = $1 AND status = 'active'`, r.SupporterID)
		if errors.Is(err, sql.ErrNoRows) {
			return &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
				Fields: []casework.FieldError{{Field: "supporter_id", Message: "must be an active member of the pool of client supporters"}}}
		}
		if err != nil {
			return fmt.Errorf("load supporter: %w", err)
		}
		contact = casework.Contact{Name: s.Name, Email: s.Email, Phone: s.Phone}
		kind, supporterID = "pool", &r.SupporterID
		reason = "client supporter: " + s.Name
	} else {
		contact = *r.Supporter
		reason = "informal representative"
		if r.Relation != "" {
			reason += " (" + r.Relation + ")"
		}
	}
	reason += "; consent " + consentWords[route]
	if receivedOn != nil {
		reason += " received on " + *receivedOn
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE representations SET ended_at = $2, end_route = 'replaced', ended_by = $3
		WHERE complaint_id = $1 AND ended_at IS NULL`, complaintID, now, actorUser(actor)); err != nil {
		return fmt.Errorf("end representation: %w", err)
	}
	if err := withholdQueuedCopies(ctx, tx, complaintID, &contact); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO representations (complaint_id, kind, supporter_id, name, relation, consent_at, consent_route,
			consent_received_on, recorded_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		complaintID, kind, supporterID, contact.Name, r.Relation, now, route, receivedOn, actorUser(actor)); err != nil {
		return fmt.Errorf("insert representation: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE complaints SET supporter_id = $2, supporter_relation = $3, supporter_name = $4, supporter_email = $5,
			supporter_phone = $6, supporter_street = $7, supporter_postcode = $8, supporter_city = $9, supporter_consent = true
		WHERE id = $1`, complaintID, supporterID, r.Relation, contact.Name, contact.Email, contact.Phone, contact.Street,
		contact.Postcode, contact.City); err != nil {
		return fmt.Errorf("set representation: %w", err)
	}
	return insertEvent(ctx, tx, event{complaintID: complaintID, action: actionSupporterChosen, actor: actor, at: now, reason: reason})
}

// withholdQueuedCopies stops the copies for the supporter that have not gone out yet (waiting in the
// outbox, for a retry, for an address or in the print queue): they were addressed to whoever acted
// for the complainant before this change, who may no longer receive anything of the case. A copy a
// dispatcher is sending at this moment loses its claim (its outcome is then not recorded). With
// next (a new choice), copies addressed exactly as the new choice's go on: the same person chosen
// again, on a signed letter say.
func withholdQueuedCopies(ctx context.Context, tx *sqlx.Tx, complaintID int64, next *casework.Contact) error {
	same := "false"
	args := []any{complaintID}
	if next != nil {
		same = "(name = $2 AND email = $3 AND street = $4 AND postcode = $5 AND city = $6)"
		args = append(args, next.Name, next.Email, next.Street, next.Postcode, next.City)
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE notices SET status = 'withheld', claim = NULL, last_error = 'the consent for the supporter ended before this copy went out'
		WHERE complaint_id = $1 AND recipient = 'supporter' AND status IN ('pending', 'print', 'no_address', 'failed')
			AND NOT `+same, args...); err != nil {
		return fmt.Errorf("withhold queued copies: %w", err)
	}
	return nil
}

// consentWords says in the timeline how a consent was given or ended.
var consentWords = map[casework.ConsentRoute]string{
	casework.ConsentComplaintForm:   "given on the complaint form",
	casework.ConsentStatusPage:      "given on the status page",
	casework.ConsentRegistration:    "recorded at registration",
	casework.ConsentSignedLetter:    "given in a signed letter",
	casework.ConsentSupporterFiling: "recorded by the supporter filing for the client",
}

// endRepresentation ends the current choice: nobody acts for the complainant and nobody gets copies
// from now on. The former supporter loses access at once.
func endRepresentation(ctx context.Context, tx *sqlx.Tx, complaintID int64, actor casework.Actor, route casework.ConsentRoute,
	receivedOn *string, now time.Time) error {
	res, err := tx.ExecContext(ctx, `
		UPDATE complaints SET supporter_id = NULL, supporter_relation = '', supporter_name = '', supporter_email = '',
			supporter_phone = '', supporter_street = '', supporter_postcode = '', supporter_city = '', supporter_consent = false
		WHERE id = $1 AND (supporter_consent OR supporter_name <> '' OR supporter_id IS NOT NULL)`, complaintID)
	if err != nil {
		return fmt.Errorf("clear representation: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return casework.Errorf(casework.CodeConflict, "Nobody acts for the complainant now; there is nothing to end.")
	}
	if err := withholdQueuedCopies(ctx, tx, complaintID, nil); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE representations SET ended_at = $2, end_route = $3, end_received_on = $4, ended_by = $5
		WHERE complaint_id = $1 AND ended_at IS NULL`, complaintID, now, route, receivedOn, actorUser(actor)); err != nil {
		return fmt.Errorf("end representation: %w", err)
	}
	reason := "consent ended on the status page"
	if route == casework.ConsentSignedLetter {
		reason = "consent ended in a signed letter"
		if receivedOn != nil {
			reason += " received on " + *receivedOn
		}
	}
	return insertEvent(ctx, tx, event{complaintID: complaintID, action: actionSupporterEnded, actor: actor, at: now, reason: reason})
}

// changeRepresentation applies a validated change to a locked complaint.
func changeRepresentation(ctx context.Context, tx *sqlx.Tx, id int64, actor casework.Actor, ch casework.RepresentationChange,
	route casework.ConsentRoute, now time.Time) error {
	var received *string
	if ch.ReceivedOn != "" {
		received = &ch.ReceivedOn
	}
	if ch.End {
		return endRepresentation(ctx, tx, id, actor, route, received, now)
	}
	return chooseRepresentation(ctx, tx, id, actor, ch.Representation, route, received, now)
}

// RecordRepresentation records, from a letter the complainant signed, a new choice of who acts for
// them or the end of it (staff; audited in the timeline with the day the letter was received).
func (db *DB) RecordRepresentation(ctx context.Context, actor casework.Actor, reference string, ch casework.RepresentationChange) error {
	if !actor.Role.HandlesCases() {
		return casework.Errorf(casework.CodeForbidden, "Only the meldpunt's staff record a signed letter.")
	}
	ch.Normalize()
	now := db.now()
	if err := ch.Validate(actor.Role, term.LocalDate(now).String()); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		id, err := lockComplaint(ctx, tx, reference)
		if err != nil {
			return err
		}
		return changeRepresentation(ctx, tx, id, actor, ch, casework.ConsentSignedLetter, now)
	})
}

// ResidentChangeRepresentation changes or ends, for the resident who proves the case with its
// reference and tracking code, the choice of who acts for them; it returns the resident's view.
func (db *DB) ResidentChangeRepresentation(ctx context.Context, reference, code string, ch casework.RepresentationChange) (casework.ResidentView, error) {
	ch.Normalize()
	now := db.now()
	if err := ch.Validate(casework.RoleResident, term.LocalDate(now).String()); err != nil {
		return casework.ResidentView{}, err
	}
	if _, err := db.LookupComplaint(ctx, reference, code); err != nil {
		return casework.ResidentView{}, err
	}
	var id int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		if id, err = lockComplaint(ctx, tx, reference); err != nil {
			return err
		}
		if err := changeRepresentation(ctx, tx, id, casework.ResidentActor, ch, casework.ConsentStatusPage, now); err != nil {
			return err
		}
		// An address typed on the status page is as unverified as one typed on the complaint form:
		// the copies to it are short neutral notices under the limit per address (see unverifiedSQL).
		if !ch.End && ch.SupporterID == 0 && ch.Supporter != nil && ch.Supporter.Email != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE complaints SET public_emails = array_append(public_emails, $2)
				WHERE id = $1 AND NOT ($2 = ANY(public_emails))`, id, ch.Supporter.Email); err != nil {
				return fmt.Errorf("note the typed address: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return casework.ResidentView{}, err
	}
	return db.residentView(ctx, id)
}

// currentRepresentation is the choice that stands now: who acts for the complainant (nil: nobody).
func (db *DB) currentRepresentation(ctx context.Context, complaintID int64) (*casework.RepresentationRecord, error) {
	list, err := db.representations(ctx, complaintID)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].EndedAt == nil {
			return &list[i], nil
		}
	}
	return nil, nil
}

// representations lists every choice of a complaint, oldest first.
func (db *DB) representations(ctx context.Context, complaintID int64) ([]casework.RepresentationRecord, error) {
	list := []casework.RepresentationRecord{}
	err := db.db.SelectContext(ctx, &list, `
		SELECT r.id, r.kind, r.supporter_id, r.name, r.relation, r.consent_at, r.consent_route,
			coalesce(to_char(r.consent_received_on, 'YYYY-MM-DD'), '') AS consent_received_on,
			coalesce(rb.name, '') AS recorded_by, r.ended_at, r.end_route,
			coalesce(to_char(r.end_received_on, 'YYYY-MM-DD'), '') AS end_received_on, coalesce(eb.name, '') AS ended_by
		FROM representations r LEFT JOIN users rb ON rb.id = r.recorded_by LEFT JOIN users eb ON eb.id = r.ended_by
		WHERE r.complaint_id = $1 ORDER BY r.id`, complaintID)
	if err != nil {
		return nil, fmt.Errorf("load representations: %w", err)
	}
	return list, nil
}

// contributions lists what supporters added to a complaint, oldest first.
func (db *DB) contributions(ctx context.Context, complaintID int64) ([]casework.Contribution, error) {
	var rows []struct {
		casework.Contribution
		Docs pq.StringArray `db:"documents"`
	}
	err := db.db.SelectContext(ctx, &rows, `
		SELECT k.id, s.name AS supporter_name, u.name AS user_name, k.information, k.documents, k.created_at
		FROM supporter_contributions k JOIN supporters s ON s.id = k.supporter_id JOIN users u ON u.id = k.user_id
		WHERE k.complaint_id = $1 ORDER BY k.id`, complaintID)
	if err != nil {
		return nil, fmt.Errorf("load contributions: %w", err)
	}
	list := make([]casework.Contribution, len(rows))
	for i, r := range rows {
		list[i] = r.Contribution
		list[i].Documents = append([]string{}, r.Docs...)
	}
	return list, nil
}

// supporterCaseID returns the id of the case reference when the supporter's member of the pool acts
// for its complainant with consent and is active (not suspended or removed), and logs the access;
// anything else is not found, the same way.
func (db *DB) supporterCaseID(ctx context.Context, q sqlx.QueryerContext, supporter casework.Actor, reference string, via casework.AccessVia) (int64, time.Time, error) {
	if supporter.Role != casework.RoleSupporter || supporter.SupporterID == 0 {
		return 0, time.Time{}, notFoundComplaint
	}
	var row struct {
		ID        int64     `db:"id"`
		ConsentAt time.Time `db:"consent_at"`
	}
	err := sqlx.GetContext(ctx, q, &row, `
		SELECT c.id, r.consent_at FROM complaints c
		JOIN representations r ON r.complaint_id = c.id AND r.ended_at IS NULL AND r.supporter_id = c.supporter_id
		JOIN supporters sp ON sp.id = c.supporter_id AND sp.status = 'active'
		WHERE c.reference = $1 AND c.supporter_id = $2 AND c.supporter_consent AND c.destroyed_at IS NULL`,
		normReference(reference), supporter.SupporterID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, notFoundComplaint
	}
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("find supporter's case: %w", err)
	}
	if err := db.logAccess(ctx, row.ID, supporter.UserID, casework.Access{Via: via}); err != nil {
		return 0, time.Time{}, err
	}
	return row.ID, row.ConsentAt, nil
}

// SupporterCase returns the case as the supporter the complainant chose sees it, while the consent
// lasts: the resident's view, the complainant's name, the hearing dates, what supporters added and
// the copies of letters sent to the supporter since the consent. Other cases are not found.
func (db *DB) SupporterCase(ctx context.Context, supporter casework.Actor, reference string) (casework.SupporterCase, error) {
	id, consentAt, err := db.supporterCaseID(ctx, db.db, supporter, reference, casework.AccessSupporter)
	if err != nil {
		return casework.SupporterCase{}, err
	}
	view, err := db.residentView(ctx, id)
	if err != nil {
		return casework.SupporterCase{}, err
	}
	sc := casework.SupporterCase{ResidentView: view, ConsentAt: consentAt, Hearings: []casework.HearingDate{}}
	if err := db.db.GetContext(ctx, &sc.ComplainantName, `SELECT complainant_name FROM complaints WHERE id = $1`, id); err != nil {
		return sc, fmt.Errorf("load complainant: %w", err)
	}
	if err := db.db.SelectContext(ctx, &sc.Hearings, `
		SELECT to_char(hearing_on, 'YYYY-MM-DD') AS hearing_on, hearing_time, place FROM hearing_invitations
		WHERE complaint_id = $1 AND party = 'complainant' ORDER BY hearing_on, id`, id); err != nil {
		return sc, fmt.Errorf("load hearings: %w", err)
	}
	if sc.Contributions, err = db.contributions(ctx, id); err != nil {
		return sc, err
	}
	sc.Letters = []casework.Letter{}
	if err := db.db.SelectContext(ctx, &sc.Letters, `
		SELECT id, kind, created_at, pdf IS NOT NULL AS ready FROM notices
		WHERE complaint_id = $1 AND recipient = 'supporter' AND created_at >= $2 ORDER BY id`, id, consentAt); err != nil {
		return sc, fmt.Errorf("load letters: %w", err)
	}
	return sc, nil
}

// SupporterLetter returns a copy sent to the supporter, for the supporter acting for the
// complainant now, since their consent; anything else is not found.
func (db *DB) SupporterLetter(ctx context.Context, supporter casework.Actor, id int64) ([]byte, string, error) {
	var ref string
	err := db.db.GetContext(ctx, &ref, `
		SELECT c.reference FROM notices n JOIN complaints c ON c.id = n.complaint_id
		JOIN representations r ON r.complaint_id = c.id AND r.ended_at IS NULL AND r.supporter_id = c.supporter_id
		JOIN supporters sp ON sp.id = c.supporter_id AND sp.status = 'active'
		WHERE n.id = $1 AND n.recipient = 'supporter' AND n.created_at >= r.consent_at
			AND c.supporter_id = $2 AND c.supporter_consent`, id, supporter.SupporterID)
	if errors.Is(err, sql.ErrNoRows) || supporter.SupporterID == 0 {
		return nil, "", casework.Errorf(casework.CodeNotFound, "No letter with this id.")
	}
	if err != nil {
		return nil, "", fmt.Errorf("find supporter's letter: %w", err)
	}
	if _, _, err := db.supporterCaseID(ctx, db.db, supporter, ref, casework.AccessCopy); err != nil {
		return nil, "", err
	}
	return db.NoticePDF(ctx, casework.Actor{Role: casework.RoleSupporter}, id)
}

// AddContribution adds information and descriptions of documents to a case, by the supporter acting
// for its complainant with consent; staff see it on the case, everyone in the timeline.
func (db *DB) AddContribution(ctx context.Context, supporter casework.Actor, reference string, in casework.NewContribution) (casework.Contribution, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return casework.Contribution{}, err
	}
	now := db.now()
	var out casework.Contribution
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := lockComplaint(ctx, tx, reference); err != nil {
			return err
		}
		id, _, err := db.supporterCaseID(ctx, tx, supporter, reference, casework.AccessAction)
		if err != nil {
			return err
		}
		if err := tx.GetContext(ctx, &out.ID, `
			INSERT INTO supporter_contributions (complaint_id, supporter_id, user_id, information, documents, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			id, supporter.SupporterID, supporter.UserID, in.Information, pq.Array(in.Documents), now); err != nil {
			return fmt.Errorf("insert contribution: %w", err)
		}
		reason := "information added"
		if n := len(in.Documents); n > 0 {
			reason = fmt.Sprintf("%d document(s) described", n)
			if in.Information != "" {
				reason = "information added; " + reason
			}
		}
		return insertEvent(ctx, tx, event{complaintID: id, action: actionSupporterInfo, actor: supporter, at: now, reason: reason})
	})
	if err != nil {
		return casework.Contribution{}, err
	}
	out.Information, out.Documents, out.CreatedAt, out.UserName = in.Information, in.Documents, now, supporter.Label
	return out, nil
}

// ClientCases lists the cases of the supporter's clients, where the consent lasts: open cases first,
// most urgent first (the next hearing, the last day of an advice, the handling term), then the
// handled ones, newest first.
func (db *DB) ClientCases(ctx context.Context, supporter casework.Actor) ([]casework.ClientCase, error) {
	list := []casework.ClientCase{}
	if supporter.Role != casework.RoleSupporter || supporter.SupporterID == 0 {
		return list, nil
	}
	today := term.LocalDate(db.now()).String()
	err := db.db.SelectContext(ctx, &list, `
		WITH k AS (
			SELECT c.id, c.reference, c.status, c.complainant_name, c.received_on, c.handling_last_day, r.consent_at,
				coalesce((SELECT string_agg(o.name, ', ' ORDER BY o.name) FROM complaint_organisations co
					JOIN organisations o ON o.id = co.organisation_id WHERE co.complaint_id = c.id), '') AS organisations,
				(SELECT min(i.hearing_on) FROM hearing_invitations i
					WHERE i.complaint_id = c.id AND i.party = 'complainant' AND i.hearing_on >= $2::date) AS next_hearing,
				(SELECT min(a.respond_by) FROM advices a WHERE a.complaint_id = c.id AND a.status = 'issued') AS advice_last_day
			FROM complaints c
			JOIN representations r ON r.complaint_id = c.id AND r.ended_at IS NULL AND r.supporter_id = c.supporter_id
			JOIN supporters sp ON sp.id = c.supporter_id AND sp.status = 'active'
			WHERE c.supporter_id = $1 AND c.supporter_consent AND c.destroyed_at IS NULL)
		SELECT reference, status, complainant_name, organisations, to_char(received_on, 'YYYY-MM-DD') AS received_on,
			to_char(handling_last_day, 'YYYY-MM-DD') AS handling_last_day, consent_at,
			coalesce(to_char(next_hearing, 'YYYY-MM-DD'), '') AS next_hearing,
			coalesce(to_char(advice_last_day, 'YYYY-MM-DD'), '') AS advice_last_day,
			coalesce(to_char(least(next_hearing, advice_last_day,
				CASE WHEN status IN ('received', 'in_treatment') THEN handling_last_day END), 'YYYY-MM-DD'), '') AS urgent
		FROM k
		ORDER BY least(next_hearing, advice_last_day, CASE WHEN status IN ('received', 'in_treatment') THEN handling_last_day END)
			NULLS LAST, id DESC`, supporter.SupporterID, today)
	if err != nil {
		return nil, fmt.Errorf("list client cases: %w", err)
	}
	return list, nil
}
