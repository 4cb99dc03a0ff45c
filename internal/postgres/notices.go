package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// Notice kinds (DOMAIN.md §5). Their letter texts are templates under reports/letters/.
const (
	NoticeAcknowledgement      = "acknowledgement"
	NoticeCopyToOrganisation   = "copy_to_organisation"
	NoticeInadmissible         = "inadmissible"
	NoticePostponement         = "postponement"
	NoticeHearingInvitation    = "hearing_invitation"
	NoticeRuling               = "ruling"
	NoticeAdviceIssued         = "advice_issued"
	NoticeResponseAccepted     = "response_accepted"
	NoticeResponseRejected     = "response_rejected"
	NoticeEnforcedComplainant  = "enforced_complainant"
	NoticeEnforcedOrganisation = "enforced_organisation"
	NoticeReminder             = "reminder"
	NoticeClosed               = "closed"
	NoticeEnforcementCorrected = "enforcement_corrected"
	// NoticeCaseEnded tells an organisation that was sent a copy that the case ended without a
	// ruling (withdrawn, resolved or inadmissible).
	NoticeCaseEnded = "case_ended"
	// NoticeNewTrackingCode sends a new tracking code to the complainant who asked for one, at the
	// address on file only (RequestNewTrackingCode).
	NoticeNewTrackingCode = "new_tracking_code"
)

// Notice priorities: the dispatcher sends the lowest number first, and within one priority the
// oldest due notice first. Letters that carry a legal consequence must not wait behind bulk work.
const (
	// PriorityLegal is for letters with a legal consequence or a term attached.
	PriorityLegal = 0
	// PriorityNormal is for every other letter.
	PriorityNormal = 1
)

// legalKinds are the kinds of letter sent at PriorityLegal: the enforcement of an advice and its
// correction, the ruling and the advice it issues, the organisation's answer, inadmissibility and
// postponement (both with a term the complainant must know of).
var legalKinds = map[string]bool{
	NoticeEnforcedComplainant: true, NoticeEnforcedOrganisation: true, NoticeEnforcementCorrected: true,
	NoticeRuling: true, NoticeAdviceIssued: true, NoticeResponseAccepted: true, NoticeResponseRejected: true,
	NoticeInadmissible: true, NoticePostponement: true,
	// The hearing's invitation (a date to keep, and the 5 working days before no_response) and its
	// report, which must reach the party heard before the ruling that refers to it.
	NoticeHearingInvitation: true, NoticeHearingReport: true, NoticeCaseEnded: true,
}

// NoticePriority is the priority a notice of kind is written with.
func NoticePriority(kind string) int {
	if legalKinds[kind] {
		return PriorityLegal
	}
	return PriorityNormal
}

// notice is one letter to write to the outbox, for a cause identified by key ("ack:12"): the
// recipient is appended to the key, so a cause processed twice still gives one letter each.
type notice struct {
	kind     string
	key      string
	adviceID *int64
	data     map[string]string
}

// notifyComplainant writes the notice to the complainant and, when they named one, their supporter,
// with their address as it stands now and the facts of the case that the letter tells. A recipient
// with neither an e-mail address nor a full postal address (a complaint taken by phone) gets the
// notice as no_address: it waits, unprinted, until staff add an address (Rectify).
func notifyComplainant(ctx context.Context, tx *sqlx.Tx, complaintID int64, n notice, now time.Time) error {
	data, err := json.Marshal(n.data)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		WITH f AS (SELECT `+letterFactsSQL("$1::bigint", "$2::bigint")+` AS facts)
		INSERT INTO notices (complaint_id, advice_id, kind, recipient, dedupe_key, language, name, email, street,
			postcode, city, data, facts, created_at, next_attempt_at, priority, status, unverified)
		SELECT c.id, $2::bigint, $3::text, 'complainant', $4::text || ':complainant', c.language, c.complainant_name, c.complainant_email,
			c.complainant_street, c.complainant_postcode, c.complainant_city, $5::jsonb, f.facts, $6::timestamptz, $6::timestamptz, $7::smallint,
			`+deliveryStatus("c.complainant_")+`, `+unverifiedSQL("c.complainant_")+`
		FROM complaints c, f WHERE c.id = $1
		UNION ALL
		SELECT c.id, $2::bigint, $3::text, 'supporter', $4::text || ':supporter', c.language, c.supporter_name, c.supporter_email,
			c.supporter_street, c.supporter_postcode, c.supporter_city, $5::jsonb, f.facts, $6::timestamptz, $6::timestamptz, $7::smallint,
			`+deliveryStatus("c.supporter_")+`, `+unverifiedSQL("c.supporter_")+`
		FROM complaints c, f WHERE c.id = $1 AND c.supporter_name <> '' AND `+copyToActiveSupporter+`
		ON CONFLICT (dedupe_key) DO NOTHING`,
		complaintID, n.adviceID, n.kind, n.key, string(data), now, NoticePriority(n.kind))
	if err != nil {
		return fmt.Errorf("write %s notice: %w", n.kind, err)
	}
	return nil
}

// addNoticeData adds facts to the data of the notice with dedupe key key.
func addNoticeData(ctx context.Context, tx *sqlx.Tx, key string, facts map[string]string) error {
	data, err := json.Marshal(facts)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE notices SET data = coalesce(nullif(data, 'null'::jsonb), '{}'::jsonb) || $2::jsonb
		WHERE dedupe_key = $1`, key, string(data))
	return err
}

// copyToActiveSupporter is the SQL condition that the supporter of complaint c may get a copy: an
// informal representative always, a member of the pool only while it is active (a suspended or
// removed member sees nothing of its clients' cases, by e-mail neither).
const copyToActiveSupporter = `(c.supporter_id IS NULL OR EXISTS (SELECT 1 FROM supporters sp WHERE sp.id = c.supporter_id AND sp.status = 'active'))`

// deliveryStatus is the SQL for the first status of a notice to the person whose address columns
// start with prefix: pending, or no_address when there is no e-mail and no full postal address.
func deliveryStatus(prefix string) string {
	return `CASE WHEN ` + prefix + `email = '' AND (` + prefix + `street = '' OR ` + prefix + `postcode = '' OR ` +
		prefix + `city = '') THEN 'no_address' ELSE 'pending' END`
}

// unverifiedSQL is the SQL for whether a notice to the person whose address columns start with
// prefix goes to an e-mail address that an anonymous sender typed on the public form: its e-mail is
// then a short notice only, under the limit per address (see the dispatcher), at every stage of the
// case, since nobody has shown that the address belongs to the complainant. An address staff
// entered or confirmed (Rectify) is not in public_emails.
func unverifiedSQL(prefix string) string {
	// As typed; or lower case, as complaints filed before kept them.
	return `(` + prefix + `email <> '' AND (` + prefix + `email = ANY(c.public_emails) OR lower(` + prefix + `email) = ANY(c.public_emails)))`
}

// notifyOrganisation writes the notice to an organisation's management, at its postal address as it
// stands now, with the facts of the case that the letter tells.
func notifyOrganisation(ctx context.Context, tx *sqlx.Tx, complaintID, orgID int64, n notice, now time.Time) error {
	data, err := json.Marshal(n.data)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO notices (complaint_id, advice_id, kind, recipient, organisation_id, dedupe_key, language, name,
			email, street, postcode, city, data, facts, created_at, next_attempt_at, priority)
		SELECT $1, $2::bigint, $3::text, 'organisation', o.id, $4::text || ':organisation:' || o.id, 'nl', o.name, o.email,
			o.street, o.postcode, o.city, $6::jsonb, `+letterFactsSQL("$1::bigint", "$2::bigint")+`, $7::timestamptz, $7::timestamptz, $8::smallint
		FROM organisations o WHERE o.id = $5
		ON CONFLICT (dedupe_key) DO NOTHING`,
		complaintID, n.adviceID, n.kind, n.key, orgID, string(data), now, NoticePriority(n.kind))
	if err != nil {
		return fmt.Errorf("write %s notice: %w", n.kind, err)
	}
	return nil
}

// notifyOrganisations writes the notice to every organisation the complaint is about.
func notifyOrganisations(ctx context.Context, tx *sqlx.Tx, complaintID int64, n notice, now time.Time) error {
	orgs, err := complaintOrgIDs(ctx, tx, complaintID)
	if err != nil {
		return err
	}
	for _, o := range orgs {
		if err := notifyOrganisation(ctx, tx, complaintID, o, n, now); err != nil {
			return err
		}
	}
	return nil
}
