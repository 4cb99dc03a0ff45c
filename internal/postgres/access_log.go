package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

// The access log (issue 13 point 5): who opened which case, when, how and why. Every opening is one
// INSERT of a row (kept cheap: the case pages write one per view); a member of staff who opens a case
// somebody else handles states a reason first, which is looked up again for the rest of that day in
// the partial index access_log_reason_idx. The privacy officer and the admin read the log; reading
// it is an account event.

// logAccess writes one row of the access log.
//
// The row is written only while the case is not destroyed, holding a key-share lock on the
// complaint: an opening that read the case just before the destroyer took it waits for the
// destroyer, then writes nothing (the destroyer has deleted the case's access log already, and a
// row written after it, with its reason, would outlive the file) and the case is not found.
func (db *DB) logAccess(ctx context.Context, complaintID, userID int64, access casework.Access) error {
	res, err := db.db.ExecContext(ctx, `INSERT INTO access_log (complaint_id, user_id, at, via, reason)
		SELECT c.id, $2, $3, $4, $5 FROM complaints c WHERE c.id = $1 AND c.destroyed_at IS NULL FOR KEY SHARE`,
		complaintID, userID, db.now(), string(access.Via), access.Reason)
	if err != nil {
		return fmt.Errorf("log access: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("log access: %w", err)
	} else if n == 0 {
		return notFoundComplaint
	}
	return nil
}

// dayBounds returns the first instant of the local day of t and of the day after it.
func dayBounds(t time.Time) (time.Time, time.Time) {
	today := term.LocalDate(t)
	return term.DeadlineInstant(today.AddDays(-1)), term.DeadlineInstant(today)
}

// reasonToday reports whether user stated a reason for opening the complaint earlier today.
func (db *DB) reasonToday(ctx context.Context, complaintID, userID int64) (bool, error) {
	from, to := dayBounds(db.now())
	var ok bool
	if err := db.db.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM access_log
		WHERE complaint_id = $1 AND user_id = $2 AND reason <> '' AND at >= $3 AND at < $4)`,
		complaintID, userID, from, to); err != nil {
		return false, fmt.Errorf("find today's reason: %w", err)
	}
	return ok, nil
}

// checkAccessReason refuses an opening of c by viewer that needs a reason and has none, neither
// given now nor earlier today. A reason given where none is needed is not logged (the row would
// come first in the officer's list for nothing).
func (db *DB) checkAccessReason(ctx context.Context, viewer casework.Actor, c casework.Complaint, access *casework.Access) error {
	if access.Via == casework.AccessAction || !casework.NeedsAccessReason(viewer, c.HandlerID) {
		access.Reason = ""
		return nil
	}
	if access.Reason != "" {
		return nil
	}
	ok, err := db.reasonToday(ctx, c.ID, viewer.UserID)
	if err != nil {
		return err
	}
	if !ok {
		return casework.ErrReasonRequired
	}
	return nil
}

// AccessReasonNeeded reports whether viewer must state a reason before opening the complaint now:
// the case page asks for one first. Not found as OpenComplaint.
func (db *DB) AccessReasonNeeded(ctx context.Context, viewer casework.Actor, reference string) (bool, error) {
	id, handler, err := db.complaintHandler(ctx, reference)
	if err != nil || !casework.NeedsAccessReason(viewer, handler) {
		return false, err
	}
	ok, err := db.reasonToday(ctx, id, viewer.UserID)
	return !ok, err
}

// StateAccessReason records why viewer opens a complaint somebody else handles (the case page's
// question before the case): a row of the access log with the reason, via the page. The reason is
// required; where none is needed nothing is written.
func (db *DB) StateAccessReason(ctx context.Context, viewer casework.Actor, reference, reason string) error {
	access := casework.Access{Via: casework.AccessPage, Reason: strings.TrimSpace(reason)}
	if err := access.Validate(); err != nil {
		return err
	}
	if access.Reason == "" {
		return &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
			Fields: []casework.FieldError{{Field: "reason", Message: "is required"}}}
	}
	id, handler, err := db.complaintHandler(ctx, reference)
	if err != nil || !casework.NeedsAccessReason(viewer, handler) {
		return err
	}
	return db.logAccess(ctx, id, viewer.UserID, access)
}

// accessWhere returns the WHERE clause and arguments of filter f.
func accessWhere(f casework.AccessFilter) (string, []any, error) {
	var conds []string
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		conds = append(conds, strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(args))))
	}
	if f.UserID > 0 {
		add("a.user_id = $?", f.UserID)
	}
	if f.From != "" {
		d, err := term.ParseDate(f.From)
		if err != nil {
			return "", nil, casework.Errorf(casework.CodeValidation, "from: %v", err)
		}
		add("a.at >= $?", term.DeadlineInstant(d.AddDays(-1)))
	}
	if f.To != "" {
		d, err := term.ParseDate(f.To)
		if err != nil {
			return "", nil, casework.Errorf(casework.CodeValidation, "to: %v", err)
		}
		add("a.at < $?", term.DeadlineInstant(d))
	}
	if len(conds) == 0 {
		return "", args, nil
	}
	return "WHERE " + strings.Join(conds, " AND "), args, nil
}

// accessOrdered returns the query of the rows that where selects in the officer's order: the rows
// with a reason (openings of a case somebody else handles) first, then the others, newest first in
// each. Each part is read backwards from its index on (at, id) (migration 00022) and limited to
// limit rows when limit is a placeholder ("" for all).
func accessOrdered(where, limit string) string {
	part := func(cond string) string {
		w := "WHERE " + cond
		if where != "" {
			w = where + " AND " + cond
		}
		q := `(SELECT a.id, a.at, a.user_id, a.complaint_id, a.via, a.reason FROM access_log a ` + w + ` ORDER BY a.at DESC, a.id DESC`
		if limit != "" {
			q += " LIMIT " + limit
		}
		return q + ")"
	}
	return `SELECT a.id, a.at, a.user_id, u.name AS user_name, u.role AS user_role, c.reference, a.via, a.reason
		FROM (` + part("a.reason <> ''") + ` UNION ALL ` + part("a.reason = ''") + `) a
		JOIN users u ON u.id = a.user_id JOIN complaints c ON c.id = a.complaint_id
		ORDER BY (a.reason = ''), a.at DESC, a.id DESC`
}

// AccessLog returns a page of the access log for reader (the privacy officer or the admin), and
// records the reading as an account event.
func (db *DB) AccessLog(ctx context.Context, reader casework.Actor, f casework.AccessFilter) (casework.AccessLogPage, error) {
	out := casework.AccessLogPage{Entries: []casework.AccessEntry{}, Page: f.Page, PerPage: f.PerPage}
	if err := f.Validate(); err != nil {
		return out, err
	}
	where, args, err := accessWhere(f)
	if err != nil {
		return out, err
	}
	if err := db.db.GetContext(ctx, &out.Total, `SELECT count(*) FROM access_log a `+where, args...); err != nil {
		return out, fmt.Errorf("count access log: %w", err)
	}
	n := len(args)
	args = append(args, f.PerPage, (f.Page-1)*f.PerPage)
	if err := db.db.SelectContext(ctx, &out.Entries, accessOrdered(where, fmt.Sprintf("($%d::bigint + $%d::bigint)", n+1, n+2))+
		fmt.Sprintf(" LIMIT $%d OFFSET $%d", n+1, n+2), args...); err != nil {
		return out, fmt.Errorf("read access log: %w", err)
	}
	return out, db.accessLogRead(ctx, reader, f, "list")
}

// EachAccess calls fn with every row of the access log that f selects (its page ignored), in the
// officer's order, for the CSV export, and records the reading as an account event.
func (db *DB) EachAccess(ctx context.Context, reader casework.Actor, f casework.AccessFilter, fn func(casework.AccessEntry) error) error {
	f.Page, f.PerPage = 1, 1
	if err := f.Validate(); err != nil {
		return err
	}
	where, args, err := accessWhere(f)
	if err != nil {
		return err
	}
	if err := db.accessLogRead(ctx, reader, f, "csv"); err != nil {
		return err
	}
	rows, err := db.db.QueryxContext(ctx, accessOrdered(where, ""), args...)
	if err != nil {
		return fmt.Errorf("read access log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e casework.AccessEntry
		if err := rows.StructScan(&e); err != nil {
			return fmt.Errorf("scan access log: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// accessLogRead records that reader read the access log with filter f (no personal data: a user
// id and days) as an account event of the reader.
func (db *DB) accessLogRead(ctx context.Context, reader casework.Actor, f casework.AccessFilter, how string) error {
	detail := fmt.Sprintf("%s user=%d from=%s to=%s page=%d", how, f.UserID, f.From, f.To, f.Page)
	var uid *int64
	if reader.UserID != 0 {
		uid = &reader.UserID
	}
	if _, err := db.db.ExecContext(ctx, `
		INSERT INTO account_events (user_id, action, detail, actor_user_id, actor_name, at) VALUES ($1, 'access_log_read', $2, $1, $3, $4)`,
		uid, detail, reader.Label, db.now()); err != nil {
		return fmt.Errorf("record reading the access log: %w", err)
	}
	return nil
}

// AccessLogUsers returns the users whose accounts open cases (staff, admin, supporters), for the
// officer's filter.
func (db *DB) AccessLogUsers(ctx context.Context) ([]casework.User, error) {
	list := []casework.User{}
	if err := db.db.SelectContext(ctx, &list, `SELECT id, email, name, role FROM users
		WHERE role IN ('staff', 'admin', 'supporter') ORDER BY name, id`); err != nil {
		return nil, fmt.Errorf("list users of the access log: %w", err)
	}
	return list, nil
}

// complaintHandler returns the id and handler of the complaint reference.
func (db *DB) complaintHandler(ctx context.Context, reference string) (int64, *int64, error) {
	var row struct {
		ID        int64  `db:"id"`
		HandlerID *int64 `db:"handler_id"`
	}
	err := db.db.GetContext(ctx, &row, `SELECT id, handler_id FROM complaints WHERE reference = $1`, normReference(reference))
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, notFoundComplaint
	}
	if err != nil {
		return 0, nil, fmt.Errorf("find complaint: %w", err)
	}
	return row.ID, row.HandlerID, nil
}

// OpenCasePart checks and logs viewer's opening of a part of a case shown apart from the case
// itself (its letters, one of its advices with the case's summary and ruling): a member of staff
// who does not handle the case gives a reason as for the case (OpenComplaint), or gave one for it
// earlier today. Other roles, and a case without a handler, need none; a staff viewer's opening is
// logged all the same.
func (db *DB) OpenCasePart(ctx context.Context, viewer casework.Actor, reference string, access casework.Access) error {
	if !viewer.Role.HandlesCases() || viewer.UserID == 0 {
		return nil
	}
	access.Reason = strings.TrimSpace(access.Reason)
	if err := access.Validate(); err != nil {
		return err
	}
	id, handler, err := db.complaintHandler(ctx, reference)
	if err != nil {
		return err
	}
	if err := db.checkAccessReason(ctx, viewer, casework.Complaint{ID: id, HandlerID: handler}, &access); err != nil {
		return err
	}
	return db.logAccess(ctx, id, viewer.UserID, access)
}

// LetterCase returns the reference of the case a letter belongs to and whether the letter waits in
// the print queue (status print), which the post room prints whoever handles the case.
func (db *DB) LetterCase(ctx context.Context, id int64) (reference string, printQueue bool, err error) {
	var row struct {
		Reference string `db:"reference"`
		Print     bool   `db:"print"`
	}
	err = db.db.GetContext(ctx, &row, `SELECT c.reference, n.status = 'print' AS print
		FROM notices n JOIN complaints c ON c.id = n.complaint_id WHERE n.id = $1 AND c.destroyed_at IS NULL`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, casework.Errorf(casework.CodeNotFound, "No letter with this id.")
	}
	if err != nil {
		return "", false, fmt.Errorf("find letter: %w", err)
	}
	return row.Reference, row.Print, nil
}
