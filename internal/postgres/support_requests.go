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

// Support requests (issue 12, point 3): a resident asks a client supporter of their choice to
// contact them, without complaining. See migration 00019 and casework/requests.go.

// requestRow is one row of support_requests with the names of its supporters.
type requestRow struct {
	ID              int64          `db:"id"`
	Reference       string         `db:"reference"`
	CodeHash        []byte         `db:"code_hash"`
	PreviousID      *int64         `db:"previous_id"`
	SupporterID     int64          `db:"supporter_id"`
	SupporterName   string         `db:"supporter_name"`
	SupporterStatus string         `db:"supporter_status"`
	Status          string         `db:"status"`
	Name            string         `db:"name"`
	Email           string         `db:"email"`
	Phone           string         `db:"phone"`
	Channel         string         `db:"channel"`
	Language        string         `db:"language"`
	Question        string         `db:"question"`
	LifeDomains     pq.StringArray `db:"life_domains"`
	ReferredTo      *int64         `db:"referred_to"`
	ReferredToName  string         `db:"referred_to_name"`
	Reason          string         `db:"reason"`
	PickupLastDay   term.Date      `db:"pickup_last_day"`
	CreatedAt       time.Time      `db:"created_at"`
	UpdatedAt       time.Time      `db:"updated_at"`
}

const requestSelect = `SELECT r.id, r.reference, r.code_hash, r.previous_id, r.supporter_id, s.name AS supporter_name,
	s.status AS supporter_status, r.status, r.name, r.email, r.phone, r.channel, r.language, r.question, r.life_domains,
	r.referred_to, coalesce(t.name, '') AS referred_to_name, r.reason, r.pickup_last_day, r.created_at, r.updated_at
	FROM support_requests r JOIN supporters s ON s.id = r.supporter_id LEFT JOIN supporters t ON t.id = r.referred_to`

// overdue reports whether a request waits for its supporter past its last working day, as of today.
func (r requestRow) overdue(today term.Date) bool {
	return r.Status == string(casework.RequestPending) && r.PickupLastDay.Before(today)
}

// watched reports whether a request belongs on the meldpunt's worklist: overdue, or open with a
// supporter that was suspended or removed.
func (r requestRow) watched(today term.Date) bool {
	return r.overdue(today) || (casework.RequestStatus(r.Status).Open() && r.SupporterStatus != string(casework.SupporterActive))
}

func (r requestRow) request(today term.Date) casework.SupportRequest {
	st := casework.RequestStatus(r.Status)
	return casework.SupportRequest{ID: r.ID, Reference: r.Reference, Status: st, SupporterID: r.SupporterID,
		SupporterName: r.SupporterName, Name: r.Name, Email: r.Email, Phone: r.Phone,
		Channel: casework.SupportChannel(r.Channel), Language: r.Language, Question: r.Question,
		LifeDomains: strs[casework.LifeDomain](r.LifeDomains), ReferredTo: r.ReferredTo, ReferredToName: r.ReferredToName,
		Reason: r.Reason, PreviousID: r.PreviousID, PickupLastDay: r.PickupLastDay.String(), Overdue: r.overdue(today),
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, CallResident: r.Email == "",
		Steps: orEmpty(casework.StepsFor(st, casework.RoleSupporter)), History: []casework.SupportRequestEvent{}}
}

func (r requestRow) watchedRequest(today term.Date) casework.WatchedRequest {
	return casework.WatchedRequest{ID: r.ID, Reference: r.Reference, Status: casework.RequestStatus(r.Status),
		SupporterName: r.SupporterName, SupporterStatus: casework.SupporterStatus(r.SupporterStatus),
		PickupLastDay: r.PickupLastDay.String(), Overdue: r.overdue(today), CreatedAt: r.CreatedAt}
}

func orEmpty[T any](in []T) []T {
	if in == nil {
		return []T{}
	}
	return in
}

// pickupLastDay is the last working day by which a request that comes in at now should be picked
// up: RequestPickupDays working days after the day it came in (Europe/Amsterdam, public holidays
// and equated days skipped).
func (db *DB) pickupLastDay(ctx context.Context, q sqlx.QueryerContext, now time.Time) (term.Date, error) {
	cal, err := db.calendar(ctx, q)
	if err != nil {
		return term.Date{}, err
	}
	return cal.WorkingDaysAfter(term.LocalDate(now), casework.RequestPickupDays), nil
}

// activeSupporter locks a member of the pool against a change of status for the rest of the
// transaction and returns it, or a validation error on field when it is not active.
func activeSupporter(ctx context.Context, tx *sqlx.Tx, id int64, field string) (casework.Supporter, error) {
	var r supporterRow
	err := tx.GetContext(ctx, &r, `SELECT `+supporterColumns+` FROM supporters WHERE id = $1 FOR SHARE`, id)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && r.Status != string(casework.SupporterActive)) {
		return casework.Supporter{}, &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
			Fields: []casework.FieldError{{Field: field, Message: "no active supporter of the pool with this id"}}}
	}
	if err != nil {
		return casework.Supporter{}, fmt.Errorf("load supporter: %w", err)
	}
	return r.supporter(), nil
}

// AskSupport records a resident's request to a supporter of their choice, under the intake limit
// of the public forms (counted apart from complaints), and returns the reference and the secret
// code; only the code's hash is kept. A suspended or removed supporter receives no requests.
func (db *DB) AskSupport(ctx context.Context, in casework.SupportRequestInput, limit IntakeLimit) (casework.SupportRequestReceipt, error) {
	in.Normalize()
	var rec casework.SupportRequestReceipt
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var offered []casework.SupportChannel
		sup, serr := casework.Supporter{}, error(nil)
		if in.SupporterID > 0 {
			sup, serr = activeSupporter(ctx, tx, in.SupporterID, "supporter_id")
			offered = sup.Channels
		}
		if serr != nil || in.SupporterID <= 0 {
			offered = casework.SupportChannels // the supporter's own error says it all
		}
		if err := casework.JoinValidation(serr, in.Validate(offered)); err != nil {
			return err
		}
		now := db.now()
		if limit.Source != "" {
			limit.Source = "support:" + limit.Source
		}
		if err := checkIntake(ctx, tx, limit, now); err != nil {
			return err
		}
		pickup, err := db.pickupLastDay(ctx, tx, now)
		if err != nil {
			return err
		}
		var n int64
		if err := tx.GetContext(ctx, &n, `SELECT nextval('support_request_numbers')`); err != nil {
			return fmt.Errorf("number support request: %w", err)
		}
		code, hash := secret.NewTrackingCode()
		ref := fmt.Sprintf("HV-%d-%05d", term.LocalDate(now).Year, n)
		var id int64
		if err := tx.GetContext(ctx, &id, `
			INSERT INTO support_requests (reference, code_hash, supporter_id, status, name, email, phone, channel, language,
				question, life_domains, pickup_last_day, created_at, updated_at)
			VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
			ref, hash, sup.ID, in.Name, in.Email, in.Phone, in.Channel, in.Language, in.Question, array(in.LifeDomains),
			pickup, now); err != nil {
			return fmt.Errorf("record support request: %w", err)
		}
		if err := requestEvent(ctx, tx, id, "requested", casework.ResidentActor, sup.ID, "", now); err != nil {
			return err
		}
		rec = casework.SupportRequestReceipt{Reference: ref, Code: code, Status: casework.RequestPending, SupporterID: sup.ID,
			SupporterName: sup.Name, PickupLastDay: pickup.String(), CreatedAt: now}
		return nil
	})
	return rec, err
}

func requestEvent(ctx context.Context, tx *sqlx.Tx, requestID int64, kind string, a casework.Actor, supporterID int64, reason string, at time.Time) error {
	var actor, sup *int64
	if a.UserID != 0 {
		actor = &a.UserID
	}
	if supporterID != 0 {
		sup = &supporterID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO support_request_events (request_id, kind, actor_role, actor_id, supporter_id, reason, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, requestID, kind, a.Role, actor, sup, reason, at); err != nil {
		return fmt.Errorf("record support request step: %w", err)
	}
	return nil
}

// requestNotice writes the e-mail that tells the resident of a step, in the step's transaction,
// when they gave an e-mail address. It is a short neutral notice (see SupportNotices).
func requestNotice(ctx context.Context, tx *sqlx.Tx, r requestRow, kind string, now time.Time) error {
	if r.Email == "" {
		return nil // the supporter's page says to phone them; their request page shows the decision
	}
	lang := casework.SupportRequestInput{Language: r.Language}.NoticeLanguage()
	if _, err := tx.ExecContext(ctx, `INSERT INTO support_request_notices (request_id, kind, email, language, reference,
		next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`, r.ID, kind, r.Email, lang, r.Reference, now); err != nil {
		return fmt.Errorf("write support request notice: %w", err)
	}
	return nil
}

// SupporterRequests lists the requests addressed to a member of the pool: the open ones first (the
// oldest first), then the rest, the newest first.
func (db *DB) SupporterRequests(ctx context.Context, supporterID int64) ([]casework.SupportRequest, error) {
	var rows []requestRow
	if err := db.db.SelectContext(ctx, &rows, requestSelect+` WHERE r.supporter_id = $1
		ORDER BY r.status IN ('pending', 'accepted', 'referred') DESC,
			CASE WHEN r.status IN ('pending', 'accepted', 'referred') THEN r.id ELSE -r.id END LIMIT 1000`, supporterID); err != nil {
		return nil, fmt.Errorf("list support requests: %w", err)
	}
	today := term.LocalDate(db.now())
	out := make([]casework.SupportRequest, len(rows))
	for i, r := range rows {
		out[i] = r.request(today)
	}
	return out, nil
}

// SupporterRequest returns one request addressed to a member of the pool, with its history; a
// request addressed to another supporter is not found.
func (db *DB) SupporterRequest(ctx context.Context, supporterID, id int64) (casework.SupportRequest, error) {
	var r requestRow
	err := db.db.GetContext(ctx, &r, requestSelect+` WHERE r.id = $1 AND r.supporter_id = $2`, id, supporterID)
	if errors.Is(err, sql.ErrNoRows) {
		return casework.SupportRequest{}, casework.Errorf(casework.CodeNotFound, "No support request with this id.")
	}
	if err != nil {
		return casework.SupportRequest{}, fmt.Errorf("load support request: %w", err)
	}
	req := r.request(term.LocalDate(db.now()))
	if req.History, err = db.requestHistory(ctx, `e.request_id = $1`, r.ID); err != nil {
		return casework.SupportRequest{}, err
	}
	return req, nil
}

func (db *DB) requestHistory(ctx context.Context, where string, arg any) ([]casework.SupportRequestEvent, error) {
	var rows []struct {
		Kind          string    `db:"kind"`
		ActorRole     string    `db:"actor_role"`
		SupporterName string    `db:"supporter_name"`
		Reason        string    `db:"reason"`
		At            time.Time `db:"at"`
	}
	if err := db.db.SelectContext(ctx, &rows, `SELECT e.kind, e.actor_role, coalesce(s.name, '') AS supporter_name, e.reason, e.at
		FROM support_request_events e JOIN support_requests r ON r.id = e.request_id LEFT JOIN supporters s ON s.id = e.supporter_id
		WHERE `+where+` ORDER BY e.id`, arg); err != nil {
		return nil, fmt.Errorf("support request history: %w", err)
	}
	out := make([]casework.SupportRequestEvent, len(rows))
	for i, r := range rows {
		out[i] = casework.SupportRequestEvent{Kind: r.Kind, ActorRole: casework.Role(r.ActorRole), SupporterName: r.SupporterName,
			Reason: r.Reason, At: r.At}
	}
	return out, nil
}

// SupporterDecision is what a supporter decides on a pending request: accept, decline (with a
// reason for the resident) or refer to another active member of the pool (with a reason).
type SupporterDecision struct {
	Step       casework.RequestStep `json:"step"`
	Reason     string               `json:"reason"`
	ReferredTo int64                `json:"referred_to"`
}

// DecideSupportRequest records the decision of the supporter account u on a request addressed to
// its member of the pool (another's is not found), with who and when, and the e-mail that tells the
// resident. Compare-and-set on the status: a request decided meanwhile is a conflict.
func (db *DB) DecideSupportRequest(ctx context.Context, u casework.User, id int64, d SupporterDecision) (casework.SupportRequest, error) {
	if u.SupporterID == nil {
		return casework.SupportRequest{}, casework.Errorf(casework.CodeForbidden, "This account does not belong to a supporter of the pool.")
	}
	supporterID := *u.SupporterID
	d.Reason = strings.TrimSpace(d.Reason)
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var r requestRow
		err := tx.GetContext(ctx, &r, requestSelect+` WHERE r.id = $1 AND r.supporter_id = $2 FOR UPDATE OF r`, id, supporterID)
		if errors.Is(err, sql.ErrNoRows) {
			return casework.Errorf(casework.CodeNotFound, "No support request with this id.")
		}
		if err != nil {
			return fmt.Errorf("lock support request: %w", err)
		}
		if d.Step != casework.StepAccept && d.Step != casework.StepDecline && d.Step != casework.StepRefer {
			return &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
				Fields: []casework.FieldError{{Field: "step", Message: "must be one of accept, decline, refer"}}}
		}
		var verr error
		if d.Step != casework.StepAccept {
			verr = casework.CheckRequestReason(d.Reason)
		} else {
			d.Reason = ""
		}
		var to *int64
		if d.Step == casework.StepRefer {
			var terr error
			switch {
			case d.ReferredTo == supporterID:
				terr = &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
					Fields: []casework.FieldError{{Field: "referred_to", Message: "refer to another supporter than yourself"}}}
			case d.ReferredTo <= 0:
				terr = &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
					Fields: []casework.FieldError{{Field: "referred_to", Message: "choose the supporter to refer to"}}}
			default:
				_, terr = activeSupporter(ctx, tx, d.ReferredTo, "referred_to")
				to = &d.ReferredTo
			}
			verr = casework.JoinValidation(verr, terr)
		}
		if verr != nil {
			return verr
		}
		next, err := casework.NextRequestStatus(casework.RequestStatus(r.Status), d.Step, casework.RoleSupporter)
		if err != nil {
			return err
		}
		now := db.now()
		res, err := tx.ExecContext(ctx, `UPDATE support_requests SET status = $3, referred_to = $4, reason = $5, updated_at = $6
			WHERE id = $1 AND status = $2`, r.ID, r.Status, next, to, d.Reason, now)
		if err != nil {
			return fmt.Errorf("decide support request: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return casework.Errorf(casework.CodeConflict, "The request changed meanwhile; reload it.")
		}
		kind := map[casework.RequestStep]string{casework.StepAccept: "accepted", casework.StepDecline: "declined",
			casework.StepRefer: "referred"}[d.Step]
		evSup := supporterID
		if to != nil {
			evSup = *to
		}
		if err := requestEvent(ctx, tx, r.ID, kind, casework.ActorOf(u), evSup, d.Reason, now); err != nil {
			return err
		}
		return requestNotice(ctx, tx, r, kind, now)
	})
	if err != nil {
		return casework.SupportRequest{}, err
	}
	return db.SupporterRequest(ctx, supporterID, id)
}

// dummyRequestHash is compared when a reference is unknown, so that both failures cost the same.
var dummyRequestHash = secret.HashTrackingCode("no such support request")

// currentRequest finds the resident's request (the row of the chain that is not transferred) by
// reference and code; an unknown reference and a wrong code give the same not-found error. With a
// transaction, the row is locked.
func (db *DB) currentRequest(ctx context.Context, q sqlx.QueryerContext, reference, code string, lock bool) (requestRow, error) {
	var r requestRow
	query := requestSelect + ` WHERE r.reference = $1 AND r.status <> 'transferred'`
	if lock {
		query += ` FOR UPDATE OF r`
	}
	err := sqlx.GetContext(ctx, q, &r, query, normReference(reference))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("look up support request: %w", err)
	}
	found := err == nil
	hash := r.CodeHash
	if !found {
		hash = dummyRequestHash
	}
	if !secret.Equal(hash, secret.HashTrackingCode(code)) || !found {
		return requestRow{}, casework.Errorf(casework.CodeNotFound,
			"No support request matches this reference and code. Check both and try again.")
	}
	return r, nil
}

// LookupSupportRequest returns the resident's view of their request, found with its reference and
// secret code, with the history of the whole chain of referrals.
func (db *DB) LookupSupportRequest(ctx context.Context, reference, code string) (casework.ResidentRequestView, error) {
	r, err := db.currentRequest(ctx, db.db, reference, code, false)
	if err != nil {
		return casework.ResidentRequestView{}, err
	}
	return db.residentRequestView(ctx, r)
}

func (db *DB) residentRequestView(ctx context.Context, r requestRow) (casework.ResidentRequestView, error) {
	sup, err := db.Supporter(ctx, r.SupporterID, true)
	if err != nil {
		return casework.ResidentRequestView{}, err
	}
	st := casework.RequestStatus(r.Status)
	v := casework.ResidentRequestView{Reference: r.Reference, Status: st, SupporterID: r.SupporterID,
		SupporterName: r.SupporterName, Contact: sup.Contact, ReferredTo: r.ReferredTo, ReferredToName: r.ReferredToName,
		Reason: r.Reason, Channel: casework.SupportChannel(r.Channel), Question: r.Question,
		PickupLastDay: r.PickupLastDay.String(), CreatedAt: r.CreatedAt,
		Steps: orEmpty(casework.StepsFor(st, casework.RoleResident))}
	if sup.Status != casework.SupporterActive {
		// The supporter left the pool (for now): its contact details are not shown any more, and the
		// meldpunt has the request on its worklist.
		v.Contact = casework.SupporterContact{}
	}
	if v.History, err = db.requestHistory(ctx, `r.reference = $1 AND e.kind <> 'viewed_by_staff'`, r.Reference); err != nil {
		return casework.ResidentRequestView{}, err
	}
	return v, nil
}

// ResidentRequestStep records the resident's own step on their request (found with reference and
// code): take the referral (the request goes on with the proposed supporter as a new request of
// the same reference, the history kept), keep the first choice (pending with the first supporter
// again, for another RequestPickupDays working days), or withdraw.
func (db *DB) ResidentRequestStep(ctx context.Context, reference, code string, step casework.RequestStep) (casework.ResidentRequestView, error) {
	var cur requestRow
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		r, err := db.currentRequest(ctx, tx, reference, code, true)
		if err != nil {
			return err
		}
		if step != casework.StepTakeReferral && step != casework.StepKeep && step != casework.StepWithdraw {
			return &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
				Fields: []casework.FieldError{{Field: "step", Message: "must be one of take_referral, keep, withdraw"}}}
		}
		next, err := casework.NextRequestStatus(casework.RequestStatus(r.Status), step, casework.RoleResident)
		if err != nil {
			return err
		}
		now := db.now()
		a := casework.ResidentActor
		pickup := r.PickupLastDay
		if step != casework.StepWithdraw {
			if pickup, err = db.pickupLastDay(ctx, tx, now); err != nil {
				return err
			}
		}
		if step == casework.StepTakeReferral {
			if _, err := activeSupporter(ctx, tx, *r.ReferredTo, "referred_to"); err != nil {
				return casework.Errorf(casework.CodeConflict,
					"The supporter you were referred to takes no requests at the moment. Keep your first choice, withdraw, or ask another supporter from the directory.")
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE support_requests SET status = $3, referred_to = NULL, updated_at = $4,
			pickup_last_day = $5 WHERE id = $1 AND status = $2`, r.ID, r.Status, next, now, pickup)
		if err != nil {
			return fmt.Errorf("resident's step on support request: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return casework.Errorf(casework.CodeConflict, "Your request changed meanwhile; look it up again.")
		}
		kind := map[casework.RequestStep]string{casework.StepTakeReferral: "referral_taken", casework.StepKeep: "kept",
			casework.StepWithdraw: "withdrawn"}[step]
		evSup := r.SupporterID
		if step == casework.StepTakeReferral {
			evSup = *r.ReferredTo
		}
		if err := requestEvent(ctx, tx, r.ID, kind, a, evSup, "", now); err != nil {
			return err
		}
		if step != casework.StepTakeReferral {
			return nil
		}
		var id int64
		if err := tx.GetContext(ctx, &id, `
			INSERT INTO support_requests (reference, code_hash, previous_id, supporter_id, status, name, email, phone, channel,
				language, question, life_domains, pickup_last_day, created_at, updated_at)
			SELECT reference, code_hash, id, $2, 'pending', name, email, phone, channel, language, question, life_domains, $3, $4, $4
			FROM support_requests WHERE id = $1 RETURNING id`, r.ID, *r.ReferredTo, pickup, now); err != nil {
			return fmt.Errorf("continue support request: %w", err)
		}
		return requestEvent(ctx, tx, id, "continued", a, r.SupporterID, r.Reason, now)
	})
	if err != nil {
		return casework.ResidentRequestView{}, err
	}
	if cur, err = db.currentRequest(ctx, db.db, reference, code, false); err != nil {
		return casework.ResidentRequestView{}, err
	}
	return db.residentRequestView(ctx, cur)
}

// watchedRequestsWhere selects the requests on the meldpunt's worklist ($1 is today): pending past
// their last working day, or open with a supporter that is not active.
const watchedRequestsWhere = `((r.status = 'pending' AND r.pickup_last_day < $1)
	OR (r.status IN ('pending', 'accepted', 'referred') AND s.status <> 'active'))`

// WatchedSupportRequests lists the requests on the meldpunt's worklist, the longest waiting first
// (at most limit), and how many there are.
func (db *DB) WatchedSupportRequests(ctx context.Context, limit int) ([]casework.WatchedRequest, int, error) {
	today := term.LocalDate(db.now())
	var rows []requestRow
	if err := db.db.SelectContext(ctx, &rows, requestSelect+` WHERE `+watchedRequestsWhere+`
		ORDER BY r.pickup_last_day, r.id LIMIT $2`, today, limit); err != nil {
		return nil, 0, fmt.Errorf("watch support requests: %w", err)
	}
	var total int
	if err := db.db.GetContext(ctx, &total, `SELECT count(*) FROM support_requests r JOIN supporters s ON s.id = r.supporter_id
		WHERE `+watchedRequestsWhere, today); err != nil {
		return nil, 0, fmt.Errorf("count watched support requests: %w", err)
	}
	out := make([]casework.WatchedRequest, len(rows))
	for i, r := range rows {
		out[i] = r.watchedRequest(today)
	}
	return out, total, nil
}

// AllSupportRequests lists every request for staff, the newest first (at most limit), without
// contact details or questions.
func (db *DB) AllSupportRequests(ctx context.Context, limit int) ([]casework.WatchedRequest, error) {
	today := term.LocalDate(db.now())
	var rows []requestRow
	if err := db.db.SelectContext(ctx, &rows, requestSelect+` ORDER BY r.id DESC LIMIT $1`, limit); err != nil {
		return nil, fmt.Errorf("list support requests: %w", err)
	}
	out := make([]casework.WatchedRequest, len(rows))
	for i, r := range rows {
		out[i] = r.watchedRequest(today)
	}
	return out, nil
}

// StaffSupportRequest returns what staff need to phone the resident of a request on the worklist
// (WatchedSupportRequests), and records that a and when looked. A request that is not on the
// worklist is not found: staff have no business with it.
func (db *DB) StaffSupportRequest(ctx context.Context, a casework.Actor, id int64) (casework.StaffRequestView, error) {
	today := term.LocalDate(db.now())
	var v casework.StaffRequestView
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var r requestRow
		err := tx.GetContext(ctx, &r, requestSelect+` WHERE r.id = $1`, id)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !r.watched(today)) {
			return casework.Errorf(casework.CodeNotFound, "No support request with this id on the worklist.")
		}
		if err != nil {
			return fmt.Errorf("load support request: %w", err)
		}
		v = casework.StaffRequestView{WatchedRequest: r.watchedRequest(today), Name: r.Name, Email: r.Email, Phone: r.Phone,
			Channel: casework.SupportChannel(r.Channel), Language: r.Language}
		return requestEvent(ctx, tx, r.ID, "viewed_by_staff", a, 0, "", db.now())
	})
	return v, err
}

// ReferralCandidates lists the active members of the pool a request could be referred to: any
// other active supporter, those that speak the resident's language and cover the most of the
// request's life domains first.
func (db *DB) ReferralCandidates(ctx context.Context, req casework.SupportRequest) ([]casework.Supporter, error) {
	var rows []supporterRow
	if err := db.db.SelectContext(ctx, &rows, `SELECT `+supporterColumns+` FROM supporters
		WHERE status = 'active' AND id <> $1
		ORDER BY ($2 = ANY (languages)) DESC, cardinality(ARRAY(SELECT unnest(life_domains) INTERSECT SELECT unnest($3::text[]))) DESC, name`,
		req.SupporterID, req.Language, array(req.LifeDomains)); err != nil {
		return nil, fmt.Errorf("referral candidates: %w", err)
	}
	out := make([]casework.Supporter, len(rows))
	for i, r := range rows {
		out[i] = r.supporter()
	}
	return out, nil
}
