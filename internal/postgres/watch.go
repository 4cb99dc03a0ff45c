package postgres

import (
	"context"
	"fmt"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

// TermWatch is what staff must keep an eye on: complaints near or past the meldpunt's own handling
// term, and advices near their last day or enforced and awaiting execution.
type TermWatch struct {
	Complaints []WatchedComplaint `json:"complaints"`
	Advices    []WatchedAdvice    `json:"advices"`
	// Inadmissibility lists complaints still received or in treatment whose four weeks to decide
	// not to deal with them (Awb 9:8) end soon or have passed.
	Inadmissibility []WatchedInadmissibility `json:"inadmissibility"`
	// SupportRequests are the support requests nobody picked up within two working days, or whose
	// supporter was suspended or removed (support_requests.go).
	SupportRequests []casework.WatchedRequest `json:"support_requests"`
}

// WatchedInadmissibility is a complaint still received or in treatment with the last day of the
// term in which the meldpunt may tell the complainant that it will not deal with the complaint.
type WatchedInadmissibility struct {
	Reference   string    `json:"reference" db:"reference"`
	Status      string    `json:"status" db:"status"`
	ReceivedOn  term.Date `json:"received_on" db:"received_on"`
	LastDay     term.Date `json:"inadmissibility_last_day" db:"inadmissibility_last_day"`
	DaysLeft    int       `json:"days_left" db:"-"`
	Overdue     bool      `json:"overdue" db:"-"`
	HandlerName string    `json:"handler_name" db:"handler_name"`
}

// WatchedComplaint is a complaint still to be ruled on, with its handling term.
type WatchedComplaint struct {
	Reference       string    `json:"reference" db:"reference"`
	Status          string    `json:"status" db:"status"`
	HandlingLastDay term.Date `json:"handling_last_day" db:"handling_last_day"`
	DaysLeft        int       `json:"days_left" db:"-"`
	Overdue         bool      `json:"overdue" db:"-"`
	Postponements   int       `json:"postponements" db:"postponements"`
	HandlerName     string    `json:"handler_name" db:"handler_name"`
}

// WatchedAdvice is an advice near its last day, or enforced and not yet executed.
type WatchedAdvice struct {
	ID               int64     `json:"id" db:"id"`
	Reference        string    `json:"complaint_reference" db:"reference"`
	OrganisationName string    `json:"organisation_name" db:"organisation_name"`
	Status           string    `json:"status" db:"status"`
	RespondBy        term.Date `json:"respond_by" db:"respond_by"`
	DeadlineAt       time.Time `json:"deadline_at" db:"deadline_at"`
	DaysLeft         int       `json:"days_left" db:"-"`
}

// Watch lists complaints whose handling term ends within withinDays days or has passed, advices
// whose last day is within withinDays days or that were enforced and await execution, and
// complaints still received or in treatment whose inadmissibility term (Awb 9:8) ends within
// withinDays days or has passed; the most urgent first (at most 500 of each kind). Days left are calendar days from today (Amsterdam) to the last day.
func (db *DB) Watch(ctx context.Context, withinDays int) (TermWatch, error) {
	return db.watch(ctx, withinDays, 500)
}

// watch is Watch with at most limit complaints and limit advices.
func (db *DB) watch(ctx context.Context, withinDays, limit int) (TermWatch, error) {
	now := db.now()
	today := term.LocalDate(now)
	horizon := today.AddDays(withinDays)
	w := TermWatch{Complaints: []WatchedComplaint{}, Advices: []WatchedAdvice{}}
	if err := db.db.SelectContext(ctx, &w.Complaints, `
		SELECT c.reference, c.status, c.handling_last_day, c.postponements, coalesce(h.name, '') AS handler_name
		FROM complaints c LEFT JOIN users h ON h.id = c.handler_id
		WHERE c.status IN ('received', 'in_treatment') AND c.handling_last_day <= $1
		ORDER BY c.handling_last_day, c.id LIMIT $2`, horizon, limit); err != nil {
		return w, fmt.Errorf("watch complaints: %w", err)
	}
	for i := range w.Complaints {
		c := &w.Complaints[i]
		c.DaysLeft = today.DaysUntil(c.HandlingLastDay)
		c.Overdue = c.DaysLeft < 0
	}
	// Advices near their last day and enforced advices each get up to limit rows, so that a long list
	// of the one never hides the other.
	if err := db.db.SelectContext(ctx, &w.Advices, `
		(SELECT a.id, c.reference, o.name AS organisation_name, a.status, a.respond_by, a.deadline_at
		FROM advices a JOIN complaints c ON c.id = a.complaint_id JOIN organisations o ON o.id = a.organisation_id
		WHERE a.status = 'issued' AND a.respond_by <= $1 ORDER BY a.deadline_at, a.id LIMIT $2)
		UNION ALL
		(SELECT a.id, c.reference, o.name AS organisation_name, a.status, a.respond_by, a.deadline_at
		FROM advices a JOIN complaints c ON c.id = a.complaint_id JOIN organisations o ON o.id = a.organisation_id
		WHERE a.status = 'enforced' ORDER BY a.deadline_at, a.id LIMIT $2)`, horizon, limit); err != nil {
		return w, fmt.Errorf("watch advices: %w", err)
	}
	for i := range w.Advices {
		w.Advices[i].DaysLeft = today.DaysUntil(w.Advices[i].RespondBy)
	}
	// The terms still running come first, the nearest first; then those that passed, the most
	// recent first: a decision is still worth making there, while a case months past its four
	// weeks is being dealt with on its merits.
	// Two reads along the index on (inadmissibility_last_day, id), so that thousands of open cases
	// past their four weeks cost no sort; only the two short lists are sorted together.
	w.Inadmissibility = []WatchedInadmissibility{}
	if err := db.db.SelectContext(ctx, &w.Inadmissibility, `
		SELECT * FROM (
		(SELECT c.reference, c.status, c.received_on, c.inadmissibility_last_day, coalesce(h.name, '') AS handler_name
		FROM complaints c LEFT JOIN users h ON h.id = c.handler_id
		WHERE c.status IN ('received', 'in_treatment') AND c.inadmissibility_last_day BETWEEN $2 AND $1
		ORDER BY c.inadmissibility_last_day, c.id LIMIT $3)
		UNION ALL
		(SELECT c.reference, c.status, c.received_on, c.inadmissibility_last_day, coalesce(h.name, '') AS handler_name
		FROM complaints c LEFT JOIN users h ON h.id = c.handler_id
		WHERE c.status IN ('received', 'in_treatment') AND c.inadmissibility_last_day < $2
		ORDER BY c.inadmissibility_last_day DESC, c.id DESC LIMIT $3)) x
		ORDER BY x.inadmissibility_last_day < $2, abs(x.inadmissibility_last_day - $2::date), x.reference`,
		horizon, today, limit); err != nil {
		return w, fmt.Errorf("watch inadmissibility terms: %w", err)
	}
	if len(w.Inadmissibility) > limit {
		w.Inadmissibility = w.Inadmissibility[:limit]
	}
	for i := range w.Inadmissibility {
		c := &w.Inadmissibility[i]
		c.DaysLeft = today.DaysUntil(c.LastDay)
		c.Overdue = c.DaysLeft < 0
	}
	reqs, _, err := db.WatchedSupportRequests(ctx, limit)
	if err != nil {
		return w, err
	}
	w.SupportRequests = reqs
	return w, nil
}
