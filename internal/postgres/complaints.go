package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"meldpunt/internal/casework"
	"meldpunt/internal/secret"
	"meldpunt/internal/term"
)

// FileComplaint registers a new complaint and returns the receipt with the tracking code, which is
// stored only as a hash.
func (db *DB) FileComplaint(ctx context.Context, actor casework.Actor, in casework.Intake) (casework.Receipt, error) {
	return db.FileComplaintLimited(ctx, actor, in, IntakeLimit{})
}

// FileComplaintLimited is FileComplaint under the intake limit of a source: a complaint filed
// without an account (the resident's role) from a source that filed limit.Max complaints in the
// last limit.Window is refused with rate_limited and the time to wait. The count is taken and the
// complaint stored in one transaction, so the limit holds across replicas.
func (db *DB) FileComplaintLimited(ctx context.Context, actor casework.Actor, in casework.Intake, limit IntakeLimit) (casework.Receipt, error) {
	r, _, err := db.fileComplaint(ctx, actor, in, limit, nil)
	return r, err
}

// fileComplaint files a complaint; with a form token (claim) it first claims the token in the same
// transaction, and when another post claimed it already returns that post's receipt instead and
// reports true (formtokens.go).
func (db *DB) fileComplaint(ctx context.Context, actor casework.Actor, in casework.Intake, limit IntakeLimit, claim *formClaim) (casework.Receipt, bool, error) {
	replayed := false
	in.Normalize()
	if err := in.CheckFiler(actor.Role); err != nil {
		return casework.Receipt{}, false, err
	}
	route := casework.ConsentComplaintForm
	switch {
	case actor.Role == casework.RoleSupporter && actor.SupporterID == 0:
		return casework.Receipt{}, false, casework.Errorf(casework.CodeForbidden, "This supporter's account belongs to no member of the pool.")
	case actor.Role == casework.RoleSupporter:
		// A supporter files for a client with the client's consent that they act for them.
		in.SupporterID, route = actor.SupporterID, casework.ConsentSupporterFiling
	case actor.Role.HandlesCases():
		route = casework.ConsentRegistration
	}
	now := db.now()
	today := term.LocalDate(now)
	if err := in.Validate(actor.Role, today.String()); err != nil {
		return casework.Receipt{}, false, err
	}
	received := today
	if in.ReceivedOn != "" {
		var err error
		if received, err = term.ParseDate(in.ReceivedOn); err != nil {
			return casework.Receipt{}, false, fmt.Errorf("day of receipt: %w", err)
		}
	}
	code, hash := secret.NewTrackingCode()
	r := casework.Receipt{TrackingCode: code, Status: casework.StatusReceived, ReceivedAt: now, ReceivedOn: received.String()}
	// The addresses an anonymous sender typed: letters to them are e-mailed as a short notice only
	// until staff take the case up (see notifyComplainant). Kept as typed: lower case by Go and by
	// PostgreSQL (whose lower() depends on the locale) need not agree.
	public := []string{}
	if actor.Role == casework.RoleResident {
		for _, email := range []string{in.Complainant.Email, supporterEmail(in)} {
			if email != "" {
				public = append(public, email)
			}
		}
	}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if claim != nil {
			earlier, claimed, err := claim.take(ctx, tx, now)
			if err != nil {
				return err
			}
			if !claimed {
				// Another post of this form filed the complaint: the same confirmation, nothing filed.
				r, replayed = earlier, true
				return nil
			}
		}
		if actor.Role == casework.RoleResident {
			if err := checkIntake(ctx, tx, limit, now); err != nil {
				return err
			}
		}
		var known int
		if err := tx.GetContext(ctx, &known, `SELECT count(*) FROM organisations WHERE id = ANY($1)`,
			pq.Array(in.OrganisationIDs)); err != nil {
			return fmt.Errorf("check organisations: %w", err)
		}
		if known != len(in.OrganisationIDs) {
			return &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
				Fields: []casework.FieldError{{Field: "organisation_ids", Message: "contains an unknown organisation"}}}
		}
		cal, err := db.calendar(ctx, tx)
		if err != nil {
			return err
		}
		// Every term runs from the day the complaint reached the meldpunt, not from its registration.
		handling, err := cal.LastDay(received, db.terms.HandlingDays)
		if err != nil {
			return fmt.Errorf("handling term: %w", err)
		}
		inadmissibility, err := cal.LastDay(received, casework.InadmissibilityTermDays)
		if err != nil {
			return fmt.Errorf("inadmissibility term: %w", err)
		}
		r.HandlingLastDay = handling.LastDay.String()
		var occurred *string
		if in.OccurredOn != "" {
			occurred = &in.OccurredOn
		}
		var id int64
		err = tx.QueryRowContext(ctx, `
			INSERT INTO complaints (reference, tracking_hash, status, channel, language, received_at,
				handling_last_day, handling_deadline_at, complainant_name, complainant_email, complainant_phone,
				complainant_street, complainant_postcode, complainant_city, grounds,
				life_domains, summary, desired_outcome, occurred_on, received_on, inadmissibility_last_day, public_emails,
				life_domain_text)
			VALUES ($1 || (SELECT lpad(n::text, greatest(6, length(n::text)), '0') FROM nextval('complaint_number_seq') n), $2, 'received', $3, $4, $5, $6, $7,
				$8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
			RETURNING id, reference`,
			fmt.Sprintf("MP-%d-", today.Year), hash, in.Channel, in.Language, now, handling.LastDay,
			handling.Deadline, in.Complainant.Name, in.Complainant.Email, in.Complainant.Phone,
			in.Complainant.Street, in.Complainant.Postcode, in.Complainant.City,
			pq.Array(in.Grounds), pq.Array(in.LifeDomains), in.Summary, in.DesiredOutcome,
			occurred, received, inadmissibility.LastDay, pq.Array(public), in.LifeDomainText,
		).Scan(&id, &r.Reference)
		if err != nil {
			return fmt.Errorf("insert complaint: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO complaint_organisations (complaint_id, organisation_id) SELECT $1, unnest($2::bigint[])`,
			id, pq.Array(in.OrganisationIDs)); err != nil {
			return fmt.Errorf("link organisations: %w", err)
		}
		if claim != nil {
			sealed := ""
			if actor.Role == casework.RoleResident {
				sealed = claim.seal(code)
			}
			if err := claim.fill(ctx, tx, id, sealed); err != nil {
				return err
			}
		}
		reason := "channel: " + string(in.Channel)
		if in.OrganisationUnknown {
			reason += "; organisation not known to the complainant: staff choose it"
		}
		if received != today {
			reason += "; received on " + received.String()
		}
		if err := insertEvent(ctx, tx, event{complaintID: id, action: "file", to: string(casework.StatusReceived),
			actor: actor, at: now, reason: reason}); err != nil {
			return err
		}
		// Who acts for the complainant, with the consent, before the acknowledgement: its copy goes to them.
		if rep := in.Representation(); rep.Chosen() {
			if err := chooseRepresentation(ctx, tx, id, actor, rep, route, nil, now); err != nil {
				return err
			}
		}
		if err := notifyComplainant(ctx, tx, id, notice{kind: NoticeAcknowledgement, key: fmt.Sprintf("ack:%d", id)}, now); err != nil {
			return err
		}
		if actor.Role == casework.RoleSupporter {
			// The client did not see the confirmation page: their own acknowledgement (never the
			// supporter's copy) carries the tracking code.
			if _, err := tx.ExecContext(ctx, `UPDATE notices SET data = coalesce(nullif(data, 'null'::jsonb), '{}'::jsonb) || jsonb_build_object('tracking_code', $2::text)
				WHERE dedupe_key = $1`, fmt.Sprintf("ack:%d:complainant", id), code); err != nil {
				return fmt.Errorf("tracking code in the acknowledgement: %w", err)
			}
		}
		return nil
	})
	if actor.Role == casework.RoleSupporter && !replayed {
		// The tracking code is the client's own: with it the supporter could change or renew the
		// client's consent on the status page. It reaches the client in their acknowledgement only.
		r.TrackingCode = ""
	}
	if err != nil {
		return casework.Receipt{}, false, err
	}
	return r, replayed, nil
}

// ResidentLetter returns a letter sent to the complainant, for the resident who proves the case
// with its reference and tracking code; anything else is not found.
func (db *DB) ResidentLetter(ctx context.Context, reference, code string, id int64) ([]byte, string, error) {
	view, err := db.LookupComplaint(ctx, reference, code)
	if err != nil {
		return nil, "", err
	}
	for _, l := range view.Letters {
		if l.ID == id {
			return db.NoticePDF(ctx, casework.Actor{Role: casework.RoleResident}, id)
		}
	}
	return nil, "", casework.Errorf(casework.CodeNotFound, "No letter with this id.")
}

// dummyTrackingHash is compared when a reference is unknown, so that both failures cost the same.
var dummyTrackingHash = secret.HashTrackingCode("no such complaint")

// LookupComplaint returns the resident's view of their case. An unknown reference and a wrong code
// give the same not-found error.
func (db *DB) LookupComplaint(ctx context.Context, reference, code string) (casework.ResidentView, error) {
	id, err := db.proveComplaint(ctx, reference, code)
	if err != nil {
		return casework.ResidentView{}, err
	}
	return db.residentView(ctx, id)
}

// complaintRow is one row of the complaints table as scanned.
type complaintRow struct {
	ID                 int64          `db:"id"`
	Reference          string         `db:"reference"`
	Status             string         `db:"status"`
	Channel            string         `db:"channel"`
	Language           string         `db:"language"`
	ReceivedAt         time.Time      `db:"received_at"`
	HandlingLastDay    term.Date      `db:"handling_last_day"`
	Postponements      int            `db:"postponements"`
	ComplainantName    string         `db:"complainant_name"`
	ComplainantEmail   string         `db:"complainant_email"`
	ComplainantPhone   string         `db:"complainant_phone"`
	ComplainantStreet  string         `db:"complainant_street"`
	ComplainantPost    string         `db:"complainant_postcode"`
	ComplainantCity    string         `db:"complainant_city"`
	SupporterName      string         `db:"supporter_name"`
	SupporterEmail     string         `db:"supporter_email"`
	SupporterPhone     string         `db:"supporter_phone"`
	SupporterStreet    string         `db:"supporter_street"`
	SupporterPostcode  string         `db:"supporter_postcode"`
	SupporterCity      string         `db:"supporter_city"`
	SupporterConsent   bool           `db:"supporter_consent"`
	SupporterID        *int64         `db:"supporter_id"`
	SupporterRelation  string         `db:"supporter_relation"`
	Grounds            pq.StringArray `db:"grounds"`
	LifeDomains        pq.StringArray `db:"life_domains"`
	LifeDomainText     string         `db:"life_domain_text"`
	Summary            string         `db:"summary"`
	DesiredOutcome     string         `db:"desired_outcome"`
	OccurredOn         *term.Date     `db:"occurred_on"`
	HandlerID          *int64         `db:"handler_id"`
	HandlerName        sql.NullString `db:"handler_name"`
	Verdict            sql.NullString `db:"verdict"`
	Findings           string         `db:"findings"`
	Conclusions        string         `db:"conclusions"`
	RuledAt            *time.Time     `db:"ruled_at"`
	RuledLate          bool           `db:"ruled_late"`
	ClosedAt           *time.Time     `db:"closed_at"`
	InadmissibleGround string         `db:"inadmissible_ground"`
	ReceivedOn         term.Date      `db:"received_on"`
	InadmissibilityDay term.Date      `db:"inadmissibility_last_day"`
	EarlierReference   string         `db:"inadmissible_earlier_reference"`
}

const complaintColumns = `c.id, c.reference, c.status, c.channel, c.language, c.received_at, c.handling_last_day,
	c.postponements, c.complainant_name, c.complainant_email, c.complainant_phone, c.complainant_street,
	c.complainant_postcode, c.complainant_city, c.supporter_name, c.supporter_email, c.supporter_phone,
	c.supporter_street, c.supporter_postcode, c.supporter_city, c.supporter_consent, c.supporter_id, c.supporter_relation, c.grounds, c.life_domains, c.life_domain_text, c.summary, c.desired_outcome,
	c.occurred_on, c.handler_id, h.name AS handler_name, c.verdict, c.findings, c.conclusions, c.ruled_at,
	c.closed_at, c.inadmissible_ground,
	coalesce(c.ruled_at >= c.handling_deadline_at, false) AS ruled_late, c.received_on, c.inadmissibility_last_day,
	c.inadmissible_earlier_reference`

func (r complaintRow) complaint() casework.Complaint {
	c := casework.Complaint{
		ID: r.ID, Reference: r.Reference, Status: casework.Status(r.Status), Channel: casework.Channel(r.Channel),
		Language: casework.Language(r.Language), ReceivedAt: r.ReceivedAt, HandlingLastDay: r.HandlingLastDay.String(),
		Postponements: r.Postponements,
		Complainant: casework.Contact{Name: r.ComplainantName, Email: r.ComplainantEmail, Phone: r.ComplainantPhone,
			Street: r.ComplainantStreet, Postcode: r.ComplainantPost, City: r.ComplainantCity},
		SupporterConsent: r.SupporterConsent, SupporterID: r.SupporterID, SupporterRelation: r.SupporterRelation,
		Summary: r.Summary, DesiredOutcome: r.DesiredOutcome, LifeDomainText: r.LifeDomainText,
		HandlerID: r.HandlerID, HandlerName: r.HandlerName.String, Verdict: casework.Verdict(r.Verdict.String),
		Findings: r.Findings, Conclusions: r.Conclusions, RuledAt: r.RuledAt, RuledLate: r.RuledLate, ClosedAt: r.ClosedAt,
		InadmissibleGround: r.InadmissibleGround,
		ReceivedOn:         r.ReceivedOn.String(), InadmissibilityLastDay: r.InadmissibilityDay.String(),
		EarlierReference: r.EarlierReference,
	}
	if r.SupporterName != "" {
		c.Supporter = &casework.Contact{Name: r.SupporterName, Email: r.SupporterEmail, Phone: r.SupporterPhone,
			Street: r.SupporterStreet, Postcode: r.SupporterPostcode, City: r.SupporterCity}
	}
	for _, g := range r.Grounds {
		c.Grounds = append(c.Grounds, casework.Ground(g))
	}
	for _, d := range r.LifeDomains {
		c.LifeDomains = append(c.LifeDomains, casework.LifeDomain(d))
	}
	if r.OccurredOn != nil {
		c.OccurredOn = r.OccurredOn.String()
	}
	return c
}

func (db *DB) loadComplaint(ctx context.Context, q sqlx.QueryerContext, where string, arg any) (complaintRow, error) {
	var row complaintRow
	err := sqlx.GetContext(ctx, q, &row, `SELECT `+complaintColumns+`
		FROM complaints c LEFT JOIN users h ON h.id = c.handler_id WHERE c.destroyed_at IS NULL AND `+where, arg)
	if errors.Is(err, sql.ErrNoRows) {
		return row, casework.Errorf(casework.CodeNotFound, "No complaint with this reference.")
	}
	return row, err
}

// Complaint returns the staff's full view of a complaint as it stands after the viewer's action on
// it, and logs the access (casework.AccessAction: the action is in the case's audit trail, so no
// reason is asked). To open a case to read it, use OpenComplaint.
func (db *DB) Complaint(ctx context.Context, viewer casework.Actor, reference string) (casework.Complaint, error) {
	return db.OpenComplaint(ctx, viewer, reference, casework.Access{Via: casework.AccessAction})
}

// OpenComplaint returns the staff's full view of a complaint, and logs that the viewer opened it,
// how and why. A member of staff who opens a case somebody else handles must give a reason, unless
// they gave one for this case earlier today (Europe/Amsterdam); without one the case is not loaded
// and the error is casework.ErrReasonRequired (access_log.go).
func (db *DB) OpenComplaint(ctx context.Context, viewer casework.Actor, reference string, access casework.Access) (casework.Complaint, error) {
	access.Reason = strings.TrimSpace(access.Reason)
	if err := access.Validate(); err != nil {
		return casework.Complaint{}, err
	}
	row, err := db.loadComplaint(ctx, db.db, "c.reference = $1", normReference(reference))
	if err != nil {
		return casework.Complaint{}, err
	}
	c := row.complaint()
	if err := db.checkAccessReason(ctx, viewer, c, &access); err != nil {
		return c, err
	}
	if c.Organisations, err = db.complaintOrganisations(ctx, c.ID); err != nil {
		return c, err
	}
	c.Hearings = []casework.HearingRecord{}
	if err := db.db.SelectContext(ctx, &c.Hearings, `
		SELECT id, party, organisation_id, coalesce(to_char(held_on, 'YYYY-MM-DD'), '') AS held_on, record,
			skipped, skip_note, recorded_at
		FROM hearings WHERE complaint_id = $1 ORDER BY id`, c.ID); err != nil {
		return c, fmt.Errorf("load hearings: %w", err)
	}
	if c.Invitations, err = db.invitationsOf(ctx, c.ID); err != nil {
		return c, err
	}
	if c.Advices, err = db.advicesOf(ctx, c.ID); err != nil {
		return c, err
	}
	c.Recommendations = []casework.Recommendation{}
	if err := db.db.SelectContext(ctx, &c.Recommendations, `
		SELECT id, life_domain, text, status, note FROM recommendations WHERE complaint_id = $1 ORDER BY id`, c.ID); err != nil {
		return c, fmt.Errorf("load recommendations: %w", err)
	}
	if c.Timeline, err = db.timeline(ctx, c.ID, true); err != nil {
		return c, err
	}
	if c.Representations, err = db.representations(ctx, c.ID); err != nil {
		return c, err
	}
	if c.Contributions, err = db.contributions(ctx, c.ID); err != nil {
		return c, err
	}
	if viewer.UserID != 0 {
		if err := db.logAccess(ctx, c.ID, viewer.UserID, access); err != nil {
			return c, err
		}
	}
	return c, nil
}

func (db *DB) residentView(ctx context.Context, id int64) (casework.ResidentView, error) {
	row, err := db.loadComplaint(ctx, db.db, "c.id = $1", id)
	if err != nil {
		return casework.ResidentView{}, err
	}
	v := casework.ResidentView{Reference: row.Reference, Status: casework.Status(row.Status), ReceivedAt: row.ReceivedAt,
		ReceivedOn: row.ReceivedOn.String(), HandlingLastDay: row.HandlingLastDay.String(), Verdict: casework.Verdict(row.Verdict.String),
		Findings: row.Findings, Conclusions: row.Conclusions, Organisations: []string{}}
	orgs, err := db.complaintOrganisations(ctx, id)
	if err != nil {
		return v, err
	}
	for _, o := range orgs {
		v.Organisations = append(v.Organisations, o.Name)
	}
	if v.Advices, err = db.advicesOf(ctx, id); err != nil {
		return v, err
	}
	if v.Timeline, err = db.timeline(ctx, id, false); err != nil {
		return v, err
	}
	for i := range v.Timeline {
		v.Timeline[i].ActorName = ""
	}
	v.Letters = []casework.Letter{}
	if err := db.db.SelectContext(ctx, &v.Letters, `
		SELECT id, kind, created_at, pdf IS NOT NULL AS ready FROM notices
		WHERE complaint_id = $1 AND recipient = 'complainant' ORDER BY id`, id); err != nil {
		return v, fmt.Errorf("load letters: %w", err)
	}
	if v.Representation, err = db.currentRepresentation(ctx, id); err != nil {
		return v, err
	}
	if v.Representation != nil {
		v.Representation.RecordedBy = ""
	}
	return v, nil
}

func (db *DB) complaintOrganisations(ctx context.Context, id int64) ([]casework.Organisation, error) {
	orgs := []casework.Organisation{}
	err := db.db.SelectContext(ctx, &orgs, `
		SELECT o.id, o.name, o.kind, o.email, o.street, o.postcode, o.city FROM complaint_organisations co
		JOIN organisations o ON o.id = co.organisation_id WHERE co.complaint_id = $1 ORDER BY o.name`, id)
	if err != nil {
		return nil, fmt.Errorf("load organisations of complaint: %w", err)
	}
	return orgs, nil
}

func (db *DB) timeline(ctx context.Context, id int64, internal bool) ([]casework.Event, error) {
	var rows []struct {
		casework.Event
		// Details are what a correction of personal data changed (Rectify), for staff only.
		Details []byte `db:"details"`
	}
	err := db.db.SelectContext(ctx, &rows, `
		SELECT id, advice_id, action, from_status, to_status, actor_role, actor_name, effective_at, processed_at,
			reason, internal, corrected_by, CASE WHEN $2 THEN details END AS details
		FROM events WHERE complaint_id = $1 AND (NOT internal OR $2) ORDER BY id`, id, internal)
	if err != nil {
		return nil, fmt.Errorf("load timeline: %w", err)
	}
	events := make([]casework.Event, len(rows))
	for i, r := range rows {
		events[i] = r.Event
		if len(r.Details) > 0 {
			events[i].Details = r.Details
		}
	}
	return events, nil
}

// Complaints lists complaints, newest first, a page at a time.
func (db *DB) Complaints(ctx context.Context, f casework.ComplaintFilter) ([]casework.ComplaintSummary, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	// A destroyed case is gone from every list (its row keeps only anonymous facts for the figures).
	where := []string{"c.destroyed_at IS NULL"}
	args := []any{}
	add := func(cond string, arg any) {
		args = append(args, arg)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.Status != "" {
		add("c.status = $%d", f.Status)
	}
	if f.SupporterID != 0 {
		add("c.supporter_id = $%d AND c.supporter_consent AND EXISTS (SELECT 1 FROM supporters sp WHERE sp.id = c.supporter_id AND sp.status = 'active')", f.SupporterID)
	}
	if f.After != "" {
		add("c.id < (SELECT id FROM complaints WHERE reference = $%d)", f.After)
	}
	args = append(args, f.Limit)
	list := []casework.ComplaintSummary{}
	err := db.db.SelectContext(ctx, &list, `
		SELECT c.reference, c.status, c.channel, c.received_at, to_char(c.handling_last_day, 'YYYY-MM-DD') AS handling_last_day,
			coalesce(h.name, '') AS handler_name,
			coalesce((SELECT string_agg(o.name, ', ' ORDER BY o.name) FROM complaint_organisations co
				JOIN organisations o ON o.id = co.organisation_id WHERE co.complaint_id = c.id), '') AS organisations,
			to_char(c.received_on, 'YYYY-MM-DD') AS received_on
		FROM complaints c LEFT JOIN users h ON h.id = c.handler_id
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY c.id DESC LIMIT $`+fmt.Sprint(len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("list complaints: %w", err)
	}
	return list, nil
}

// CountByStatus returns the number of complaints in each status.
func (db *DB) CountByStatus(ctx context.Context) (map[casework.Status]int, error) {
	var rows []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	if err := db.db.SelectContext(ctx, &rows, `SELECT status, count(*) AS n FROM complaints GROUP BY status`); err != nil {
		return nil, err
	}
	counts := map[casework.Status]int{}
	for _, r := range rows {
		counts[casework.Status(r.Status)] = r.N
	}
	return counts, nil
}

// normReference accepts a reference as people type it: any case, stray spaces.
func normReference(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
