package postgres

import (
	"context"
	"fmt"
	"time"

	"meldpunt/internal/term"
)

// WorkCase is one complaint on the staff's worklist.
type WorkCase struct {
	Reference       string    `db:"reference"`
	Status          string    `db:"status"`
	Channel         string    `db:"channel"`
	ReceivedAt      time.Time `db:"received_at"`
	ReceivedOn      term.Date `db:"received_on"`
	HandlingLastDay term.Date `db:"handling_last_day"`
	HandlerName     string    `db:"handler_name"`
	Organisations   string    `db:"organisations"`
}

// WorkList is what the staff's start page shows: complaints nobody has taken up yet, the open cases
// of the signed-in handler, complaints near or past their handling term, advices near their last day
// or enforced and awaiting execution, and letters that could not be delivered. Each list holds at
// most Limit rows; the totals count them all.
type WorkList struct {
	New       []WorkCase
	NewTotal  int
	Mine      []WorkCase
	MineTotal int
	Watch     TermWatch
	// The totals of Watch's lists: complaints near or past their term, advices near their last
	// day, enforced advices.
	TermsTotal, DueTotal, EnforcedTotal int
	Failed                              []NoticeSummary
	FailedTotal                         int
	// InadmissibilityTotal counts the complaints of Watch.Inadmissibility.
	InadmissibilityTotal int
	// NoAddress are letters waiting for an address (a complaint taken by phone); NoAddressTotal
	// counts them all.
	NoAddress      []NoticeSummary
	NoAddressTotal int
}

// workColumns are the columns of a WorkCase, from complaints c.
const workColumns = `c.reference, c.status, c.channel, c.received_at, c.received_on, c.handling_last_day,
	coalesce(h.name, '') AS handler_name,
	coalesce((SELECT string_agg(o.name, ', ' ORDER BY o.name) FROM complaint_organisations co
		JOIN organisations o ON o.id = co.organisation_id WHERE co.complaint_id = c.id), '') AS organisations`

// WorkList gathers the worklist of the staff member handlerID: at most limit rows per list, the
// handling terms and advices within withinDays days (see Watch).
func (db *DB) WorkList(ctx context.Context, handlerID int64, withinDays, limit int) (WorkList, error) {
	w := WorkList{New: []WorkCase{}, Mine: []WorkCase{}}
	// The oldest new complaint waits longest; a handler's cases come in the order their terms end.
	if err := db.db.SelectContext(ctx, &w.New, `SELECT `+workColumns+`
		FROM complaints c LEFT JOIN users h ON h.id = c.handler_id
		WHERE c.status = 'received' ORDER BY c.handling_deadline_at, c.id LIMIT $1`, limit); err != nil {
		return w, fmt.Errorf("worklist new: %w", err)
	}
	if err := db.db.SelectContext(ctx, &w.Mine, `SELECT `+workColumns+`
		FROM complaints c LEFT JOIN users h ON h.id = c.handler_id
		WHERE c.handler_id = $1 AND c.status IN ('received', 'in_treatment', 'advised')
		ORDER BY c.handling_deadline_at, c.id LIMIT $2`, handlerID, limit); err != nil {
		return w, fmt.Errorf("worklist mine: %w", err)
	}
	horizon := term.LocalDate(db.now()).AddDays(withinDays)
	if err := db.db.QueryRowxContext(ctx, `SELECT
		(SELECT count(*) FROM complaints WHERE status = 'received'),
		(SELECT count(*) FROM complaints WHERE handler_id = $1 AND status IN ('received', 'in_treatment', 'advised')),
		(SELECT count(*) FROM notices WHERE status = 'failed'),
		(SELECT count(*) FROM complaints WHERE status IN ('received', 'in_treatment') AND handling_last_day <= $2),
		(SELECT count(*) FROM advices WHERE status = 'issued' AND respond_by <= $2),
		(SELECT count(*) FROM advices WHERE status = 'enforced'),
		(SELECT count(*) FROM complaints WHERE status IN ('received', 'in_treatment') AND inadmissibility_last_day <= $2),
		(SELECT count(*) FROM notices WHERE status = 'no_address')`, handlerID, horizon).
		Scan(&w.NewTotal, &w.MineTotal, &w.FailedTotal, &w.TermsTotal, &w.DueTotal, &w.EnforcedTotal,
			&w.InadmissibilityTotal, &w.NoAddressTotal); err != nil {
		return w, fmt.Errorf("worklist totals: %w", err)
	}
	watch, err := db.watch(ctx, withinDays, limit)
	if err != nil {
		return w, err
	}
	w.Watch = watch
	failed, err := db.Notices(ctx, NoticeFilter{Status: "failed", Limit: limit})
	if err != nil {
		return w, err
	}
	w.Failed = failed
	if w.NoAddress, err = db.Notices(ctx, NoticeFilter{Status: "no_address", Limit: limit}); err != nil {
		return w, err
	}
	return w, nil
}
