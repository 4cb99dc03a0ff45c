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
	"meldpunt/internal/term"
)

// The worklist for the day (issue 14 point 7): the counts at its top, in one statement, and its
// lists, a page at a time, searchable by reference or the complainant's name.

// WorkCount is a count of the worklist for the whole meldpunt and for the signed-in handler's own
// cases.
type WorkCount struct {
	All  int `json:"all"`
	Mine int `json:"mine"`
}

// WorkCounts are the counts at the top of the worklist (see the lists of casework.WorkList for what
// each counts). Today is the local day they were counted on, WeekFrom and WeekTo the Monday and
// Sunday of its week, NewSince the first day a complaint counts as new.
type WorkCounts struct {
	Today    term.Date `json:"today"`
	WeekFrom term.Date `json:"week_from"`
	WeekTo   term.Date `json:"week_to"`
	NewSince term.Date `json:"new_since"`

	New             int       `json:"new" db:"new"`
	ToTakeUp        int       `json:"to_take_up" db:"to_take_up"`
	MineOpen        int       `json:"mine_open" db:"mine_open"`
	MineAdvised     int       `json:"mine_advised" db:"mine_advised"`
	Hearings        WorkCount `json:"hearings_this_week"`
	Ending          WorkCount `json:"terms_ending"`
	Overdue         WorkCount `json:"overdue"`
	Inadmissibility WorkCount `json:"inadmissibility_terms"`
	Answered        WorkCount `json:"advices_answered"`
	AdvicesDue      WorkCount `json:"advices_due"`
	AdvicesOverdue  WorkCount `json:"advices_overdue"`
	// NotCarriedOut counts the residents' reports that an advice was not carried out, not yet dealt
	// with (see notCarriedOutCount).
	NotCarriedOut   int `json:"not_carried_out"`
	NoAddress       int `json:"letters_without_address"`
	FailedLetters   int `json:"letters_failed"`
	SupportRequests int `json:"support_requests_waiting"`
}

// notCarriedOutCount is the SQL that counts the "not carried out" reports waiting on the worklist
// (feedback, migration 00028), as CountNotCarriedOut does.
const notCarriedOutCount = `(SELECT count(*) FROM feedback f JOIN complaints c ON c.id = f.complaint_id
		WHERE f.reported_at IS NOT NULL AND f.dealt_with_at IS NULL AND c.destroyed_at IS NULL)`

// workWeek returns the Monday and Sunday of the week of day.
func workWeek(day term.Date) (term.Date, term.Date) {
	monday := day.AddDays(-((int(day.Weekday()) + 6) % 7))
	return monday, monday.AddDays(6)
}

// workDays are the days a worklist read at now compares with.
type workDays struct {
	today, horizon, newSince, monday, sunday term.Date
}

func (db *DB) workDays() workDays {
	today := term.LocalDate(db.now())
	monday, sunday := workWeek(today)
	return workDays{today: today, horizon: today.AddDays(casework.WorkWithinDays),
		newSince: term.DefaultCalendar().WorkingDaysBefore(today, 1), monday: monday, sunday: sunday}
}

// workCountsSQL counts the worklist. $1 is today (watchedRequestsWhere, support_requests.go, reads
// it so), $2 the handler, $3 today + casework.WorkWithinDays, $4 now, $5 the first day of "new", $6
// and $7 the week's Monday and Sunday.
const workCountsSQL = `
	WITH open AS (
		SELECT count(*) FILTER (WHERE status = 'received') AS to_take_up,
			count(*) FILTER (WHERE status = 'received' AND received_on >= $5) AS new,
			count(*) FILTER (WHERE status IN ('received', 'in_treatment') AND handler_id = $2) AS mine_open,
			count(*) FILTER (WHERE status = 'advised' AND handler_id = $2) AS mine_advised,
			count(*) FILTER (WHERE status IN ('received', 'in_treatment') AND handling_last_day BETWEEN $1 AND $3) AS ending,
			count(*) FILTER (WHERE status IN ('received', 'in_treatment') AND handling_last_day BETWEEN $1 AND $3
				AND handler_id = $2) AS ending_mine,
			count(*) FILTER (WHERE status IN ('received', 'in_treatment') AND handling_last_day < $1) AS overdue,
			count(*) FILTER (WHERE status IN ('received', 'in_treatment') AND handling_last_day < $1
				AND handler_id = $2) AS overdue_mine,
			count(*) FILTER (WHERE status IN ('received', 'in_treatment') AND inadmissibility_last_day <= $3) AS inadm,
			count(*) FILTER (WHERE status IN ('received', 'in_treatment') AND inadmissibility_last_day <= $3
				AND handler_id = $2) AS inadm_mine
		FROM complaints WHERE status IN ('received', 'in_treatment', 'advised')
	), hearings AS (
		SELECT count(*) AS hearings, count(*) FILTER (WHERE c.handler_id = $2) AS hearings_mine
		FROM (SELECT DISTINCT complaint_id, hearing_on, hearing_time FROM hearing_invitations
			WHERE hearing_on BETWEEN $6 AND $7) h
		JOIN complaints c ON c.id = h.complaint_id
		WHERE c.status IN ('received', 'in_treatment', 'advised', 'closed')
	), advice AS (
		SELECT count(*) FILTER (WHERE a.responded_at IS NOT NULL AND a.answer_read_at IS NULL) AS answered,
			count(*) FILTER (WHERE a.responded_at IS NOT NULL AND a.answer_read_at IS NULL AND c.handler_id = $2) AS answered_mine,
			count(*) FILTER (WHERE a.status = 'issued' AND a.deadline_at > $4 AND a.respond_by <= $3) AS due,
			count(*) FILTER (WHERE a.status = 'issued' AND a.deadline_at > $4 AND a.respond_by <= $3
				AND c.handler_id = $2) AS due_mine,
			count(*) FILTER (WHERE a.status = 'enforced' OR (a.status = 'issued' AND a.deadline_at <= $4)) AS late,
			count(*) FILTER (WHERE (a.status = 'enforced' OR (a.status = 'issued' AND a.deadline_at <= $4))
				AND c.handler_id = $2) AS late_mine
		FROM advices a JOIN complaints c ON c.id = a.complaint_id
		WHERE (a.responded_at IS NOT NULL AND a.answer_read_at IS NULL) OR a.status = 'issued' OR a.status = 'enforced'
	)
	SELECT open.*, hearings.*, advice.*,
		(SELECT count(*) FROM notices WHERE status = 'no_address') AS no_address,
		(SELECT count(*) FROM notices WHERE status = 'failed') AS failed,
		(SELECT count(*) FROM support_requests r JOIN supporters s ON s.id = r.supporter_id
			WHERE ` + watchedRequestsWhere + `) AS requests,
		` + notCarriedOutCount + ` AS not_carried_out
	FROM open, hearings, advice`

// WorkCounts counts the worklist of the staff member handlerID, in one statement: one pass over the
// open complaints, one over the week's hearing invitations, one over the advices still open or with
// an answer unread, and the letters and support requests waiting, each along its partial index.
func (db *DB) WorkCounts(ctx context.Context, handlerID int64) (WorkCounts, error) {
	now := db.now()
	d := db.workDays()
	w := WorkCounts{Today: d.today, WeekFrom: d.monday, WeekTo: d.sunday, NewSince: d.newSince}
	err := db.db.QueryRowxContext(ctx, workCountsSQL,
		d.today, handlerID, d.horizon, now, d.newSince, d.monday, d.sunday).
		Scan(&w.ToTakeUp, &w.New, &w.MineOpen, &w.MineAdvised, &w.Ending.All, &w.Ending.Mine, &w.Overdue.All, &w.Overdue.Mine,
			&w.Inadmissibility.All, &w.Inadmissibility.Mine, &w.Hearings.All, &w.Hearings.Mine,
			&w.Answered.All, &w.Answered.Mine, &w.AdvicesDue.All, &w.AdvicesDue.Mine, &w.AdvicesOverdue.All, &w.AdvicesOverdue.Mine,
			&w.NoAddress, &w.FailedLetters, &w.SupportRequests, &w.NotCarriedOut)
	if err != nil {
		return w, fmt.Errorf("worklist counts: %w", err)
	}
	return w, nil
}

// WorkRow is a case on a list of the worklist.
type WorkRow struct {
	ID                     int64     `json:"-" db:"id"`
	Reference              string    `json:"reference" db:"reference"`
	Status                 string    `json:"status" db:"status"`
	Channel                string    `json:"channel" db:"channel"`
	ReceivedOn             term.Date `json:"received_on" db:"received_on"`
	HandlingLastDay        term.Date `json:"handling_last_day" db:"handling_last_day"`
	InadmissibilityLastDay term.Date `json:"inadmissibility_last_day" db:"inadmissibility_last_day"`
	HandlerName            string    `json:"handler_name" db:"handler_name"`
	Mine                   bool      `json:"mine" db:"mine"`
	Organisations          string    `json:"organisations" db:"organisations"`
	// ComplainantName is filled only in the results of a search, which the access log records.
	ComplainantName string `json:"complainant_name,omitempty" db:"complainant_name"`
}

// WorkPage is one page of a list of the worklist: Total cases in Pages pages of
// casework.WorkPerPage.
type WorkPage struct {
	List    casework.WorkList `json:"list"`
	Search  string            `json:"search,omitempty"`
	Rows    []WorkRow         `json:"cases"`
	Total   int               `json:"total"`
	Page    int               `json:"page"`
	Pages   int               `json:"pages"`
	PerPage int               `json:"per_page"`
}

// workListSQL is, per list, the condition on complaints c and the order of its cases. $1 today, $2
// the handler, $3 the horizon, $4 now, $5 the first day of "new", $6 and $7 the week's Monday and
// Sunday.
var workListSQL = map[casework.WorkList][2]string{
	casework.WorkToTakeUp: {`c.status = 'received'`, `c.received_on, c.id`},
	casework.WorkNew:      {`c.status = 'received' AND c.received_on >= $5`, `c.received_on, c.id`},
	casework.WorkMine:     {`c.status IN ('received', 'in_treatment') AND c.handler_id = $2`, `c.handling_last_day, c.id`},
	casework.WorkAdvised:  {`c.status = 'advised' AND c.handler_id = $2`, `c.ruled_at, c.id`},
	casework.WorkHearings: {`c.status IN ('received', 'in_treatment', 'advised', 'closed') AND EXISTS (SELECT 1 FROM hearing_invitations i
		WHERE i.complaint_id = c.id AND i.hearing_on BETWEEN $6 AND $7)`,
		`(SELECT min(i.hearing_on) FROM hearing_invitations i WHERE i.complaint_id = c.id AND i.hearing_on BETWEEN $6 AND $7), c.id`},
	casework.WorkEnding:          {`c.status IN ('received', 'in_treatment') AND c.handling_last_day BETWEEN $1 AND $3`, `c.handling_last_day, c.id`},
	casework.WorkOverdue:         {`c.status IN ('received', 'in_treatment') AND c.handling_last_day < $1`, `c.handling_last_day, c.id`},
	casework.WorkInadmissibility: {`c.status IN ('received', 'in_treatment') AND c.inadmissibility_last_day <= $3`, `c.inadmissibility_last_day, c.id`},
	casework.WorkAnswered: {`EXISTS (SELECT 1 FROM advices a WHERE a.complaint_id = c.id
		AND a.responded_at IS NOT NULL AND a.answer_read_at IS NULL)`,
		`(SELECT min(a.responded_at) FROM advices a WHERE a.complaint_id = c.id AND a.responded_at IS NOT NULL AND a.answer_read_at IS NULL), c.id`},
	casework.WorkAdvicesDue: {`EXISTS (SELECT 1 FROM advices a WHERE a.complaint_id = c.id
		AND a.status = 'issued' AND a.deadline_at > $4 AND a.respond_by <= $3)`,
		`(SELECT min(a.deadline_at) FROM advices a WHERE a.complaint_id = c.id AND a.status = 'issued' AND a.deadline_at > $4), c.id`},
	casework.WorkAdvicesOverdue: {`EXISTS (SELECT 1 FROM advices a WHERE a.complaint_id = c.id
		AND (a.status = 'enforced' OR (a.status = 'issued' AND a.deadline_at <= $4)))`,
		`(SELECT min(a.deadline_at) FROM advices a WHERE a.complaint_id = c.id
		AND (a.status = 'enforced' OR (a.status = 'issued' AND a.deadline_at <= $4))), c.id`},
	casework.WorkNoAddress: {`EXISTS (SELECT 1 FROM notices n WHERE n.complaint_id = c.id AND n.status = 'no_address')`, `c.id`},
	casework.WorkAll:       {`true`, `c.received_at DESC, c.id DESC`},
}

// likePattern returns s as an ILIKE pattern matching any text that holds it: its wildcards and
// escape character are taken literally.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// WorkCases returns one page of one list of the worklist. With a search it keeps the cases whose
// reference or complainant's name holds the term (case-insensitive, along the trigram indexes of
// migration 00030), shows the complainant's name, and writes each case on the page to the access
// log as seen by viewer (casework.AccessSearch): a search by name shows who complained. Destroyed
// cases are never listed. A page past the last is empty, with the total.
func (db *DB) WorkCases(ctx context.Context, viewer casework.Actor, q casework.WorkQuery) (WorkPage, error) {
	q = q.Normalize()
	if err := q.Validate(); err != nil {
		return WorkPage{}, err
	}
	list := workListSQL[q.List]
	d := db.workDays()
	args := []any{d.today, q.HandlerID, d.horizon, db.now(), d.newSince, d.monday, d.sunday}
	where := `c.destroyed_at IS NULL AND (` + list[0] + `)`
	if q.OnlyMine {
		where += ` AND c.handler_id = $2`
	}
	name := `''`
	if q.Search != "" {
		args = append(args, likePattern(q.Search))
		where += fmt.Sprintf(` AND (c.complainant_name ILIKE $%d OR c.reference ILIKE $%d)`, len(args), len(args))
		name = `c.complainant_name`
	}
	p := WorkPage{List: q.List, Search: q.Search, Rows: []WorkRow{}, Page: q.Page, PerPage: casework.WorkPerPage}
	// The unused parameters are still typed: PostgreSQL must know each one's type.
	typed := ` AND $1::date IS NOT NULL AND $2::bigint IS NOT NULL AND $3::date IS NOT NULL AND $4::timestamptz IS NOT NULL
		AND $5::date IS NOT NULL AND $6::date IS NOT NULL AND $7::date IS NOT NULL`
	if err := db.db.GetContext(ctx, &p.Total, `SELECT count(*) FROM complaints c WHERE `+where+typed, args...); err != nil {
		return p, fmt.Errorf("count worklist %s: %w", q.List, err)
	}
	p.Pages = casework.WorkPages(p.Total)
	args = append(args, casework.WorkPerPage, (q.Page-1)*casework.WorkPerPage)
	if err := db.db.SelectContext(ctx, &p.Rows, fmt.Sprintf(`SELECT c.id, c.reference, c.status, c.channel, c.received_on,
		c.handling_last_day, c.inadmissibility_last_day, coalesce(h.name, '') AS handler_name,
		coalesce(c.handler_id = $2, false) AS mine, %s AS complainant_name,
		coalesce((SELECT string_agg(o.name, ', ' ORDER BY o.name) FROM complaint_organisations co
			JOIN organisations o ON o.id = co.organisation_id WHERE co.complaint_id = c.id), '') AS organisations
		FROM complaints c LEFT JOIN users h ON h.id = c.handler_id
		WHERE %s%s ORDER BY %s LIMIT $%d OFFSET $%d`, name, where, typed, list[1], len(args)-1, len(args)), args...); err != nil {
		return p, fmt.Errorf("worklist %s: %w", q.List, err)
	}
	if q.Search != "" && len(p.Rows) > 0 {
		if err := db.logSearch(ctx, viewer, p.Rows); err != nil {
			return p, err
		}
	}
	return p, nil
}

// logSearch writes one access-log row per case a search showed to viewer, in one statement; a case
// destroyed meanwhile gets none (and its name is no longer shown: the destroyer blanked it).
func (db *DB) logSearch(ctx context.Context, viewer casework.Actor, rows []WorkRow) error {
	if viewer.UserID == 0 {
		return casework.Errorf(casework.CodeForbidden, "A search by name is for signed-in staff.")
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO access_log (complaint_id, user_id, at, via, reason)
			SELECT c.id, $2, $3, $4, '' FROM complaints c WHERE c.id = ANY($1) AND c.destroyed_at IS NULL
			ORDER BY c.id FOR KEY SHARE`, pq.Array(ids), viewer.UserID, db.now(), string(casework.AccessSearch)); err != nil {
			return fmt.Errorf("log search: %w", err)
		}
		return nil
	})
}

// ReadAdviceAnswer records that the handler of an advice's case read the organisation's answer to
// it: the advice leaves the worklist's "advices answered" until a new answer comes. Only the case's
// handler reads it (forbidden for others); an advice without an answer, or whose answer was read
// already, is a conflict. An internal event keeps who and when.
func (db *DB) ReadAdviceAnswer(ctx context.Context, actor casework.Actor, adviceID int64) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		var row struct {
			ComplaintID int64      `db:"complaint_id"`
			Status      string     `db:"status"`
			HandlerID   *int64     `db:"handler_id"`
			Answered    bool       `db:"answered"`
			ReadAt      *time.Time `db:"answer_read_at"`
		}
		err := tx.GetContext(ctx, &row, `SELECT a.complaint_id, c.status, c.handler_id, a.responded_at IS NOT NULL AS answered,
			a.answer_read_at FROM advices a JOIN complaints c ON c.id = a.complaint_id
			WHERE a.id = $1 AND c.destroyed_at IS NULL FOR UPDATE OF a`, adviceID)
		if err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return casework.Errorf(casework.CodeNotFound, "No advice with this id.")
			}
			return fmt.Errorf("load advice %d: %w", adviceID, err)
		}
		switch {
		case row.HandlerID == nil || *row.HandlerID != actor.UserID:
			return casework.Errorf(casework.CodeForbidden, "Only the handler of the case reads the organisation's answer.")
		case !row.Answered:
			return casework.Errorf(casework.CodeConflict, "The organisation has not answered this advice yet.")
		case row.ReadAt != nil:
			return casework.Errorf(casework.CodeConflict, "The answer was read already.")
		}
		now := db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE advices SET answer_read_at = $2, answer_read_by = $3 WHERE id = $1`,
			adviceID, now, actor.UserID); err != nil {
			return fmt.Errorf("read advice answer: %w", err)
		}
		id := adviceID
		return insertEvent(ctx, tx, event{complaintID: row.ComplaintID, adviceID: &id, action: "read_answer",
			from: row.Status, to: row.Status, actor: actor, at: now, internal: true})
	})
}
