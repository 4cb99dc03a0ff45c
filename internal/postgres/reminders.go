package postgres

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"meldpunt/internal/term"
)

// Reminders configures the reminders to organisations before an advice's last day.
type Reminders struct {
	// WorkingDaysBefore lists when to remind, in working days before the last day (default 5 and 1).
	WorkingDaysBefore []int
	// OfficeFrom and OfficeUntil bound the hours (Amsterdam) in which reminders are written.
	OfficeFrom, OfficeUntil int
}

// DefaultReminders remind 5 and 1 working days before the last day, between 08:00 and 18:00.
var DefaultReminders = Reminders{WorkingDaysBefore: []int{5, 1}, OfficeFrom: 8, OfficeUntil: 18}

// SendReminders writes the reminders that are due now, each once. It writes nothing at night or on a
// day that is not a working day. A reminder day is computed afresh from the calendar on every pass,
// so an equated day added later moves it instead of doubling it. When several reminders of one advice
// are due at once (after downtime), only the most urgent is sent; the others are recorded as passed.
func (db *DB) SendReminders(ctx context.Context, r Reminders) (int, error) {
	now := db.now()
	local := now.In(term.Amsterdam())
	today := term.LocalDate(now)
	cal, err := db.calendar(ctx, db.db)
	if err != nil {
		return 0, err
	}
	if !cal.IsWorkingDay(today) || local.Hour() < r.OfficeFrom || local.Hour() >= r.OfficeUntil || len(r.WorkingDaysBefore) == 0 {
		return 0, nil
	}
	days := slices.Clone(r.WorkingDaysBefore)
	slices.Sort(days) // most urgent first
	var advices []struct {
		ID          int64     `db:"id"`
		ComplaintID int64     `db:"complaint_id"`
		Org         int64     `db:"organisation_id"`
		RespondBy   term.Date `db:"respond_by"`
	}
	// A reminder falls at most a few weeks before the last day; look no further than that.
	horizon := today.AddDays(7 * (days[len(days)-1] + 2))
	if err := db.db.SelectContext(ctx, &advices, `
		SELECT id, complaint_id, organisation_id, respond_by FROM advices
		WHERE status = 'issued' AND deadline_at > $1 AND respond_by <= $2`, now, horizon); err != nil {
		return 0, fmt.Errorf("load advices for reminders: %w", err)
	}
	sent := 0
	for _, a := range advices {
		var due []int
		for _, n := range days {
			if !today.Before(cal.WorkingDaysBefore(a.RespondBy, n)) {
				due = append(due, n)
			}
		}
		if len(due) == 0 {
			continue
		}
		left := 0
		for d := today.AddDays(1); !d.After(a.RespondBy); d = d.AddDays(1) {
			if cal.IsWorkingDay(d) {
				left++
			}
		}
		err := db.inTx(ctx, func(tx *sqlx.Tx) error {
			// An answer may have come in since the advices were read: look again, holding the row.
			var still int
			if err := tx.GetContext(ctx, &still, `SELECT count(*) FROM (SELECT 1 FROM advices
				WHERE id = $1 AND status = 'issued' AND deadline_at > $2 FOR SHARE) a`, a.ID, now); err != nil {
				return fmt.Errorf("recheck advice: %w", err)
			}
			if still == 0 {
				return nil
			}
			var fresh []int
			if err := tx.SelectContext(ctx, &fresh, `
				INSERT INTO advice_reminders (advice_id, days_before, sent_at) SELECT $1, unnest($2::int[]), $3
				ON CONFLICT DO NOTHING RETURNING days_before`, a.ID, pq.Array(int64s(due)), now); err != nil {
				return fmt.Errorf("record reminder: %w", err)
			}
			if !slices.Contains(fresh, due[0]) {
				return nil // the most urgent one went out before
			}
			sent++
			id := a.ID
			return notifyOrganisation(ctx, tx, a.ComplaintID, a.Org, notice{kind: NoticeReminder, adviceID: &id,
				key:  fmt.Sprintf("reminder:%d:%d", a.ID, due[0]),
				data: map[string]string{"working_days_left": strconv.Itoa(left), "working_days_before": strconv.Itoa(due[0])}}, now)
		})
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

func int64s(xs []int) []int64 {
	out := make([]int64, len(xs))
	for i, x := range xs {
		out[i] = int64(x)
	}
	return out
}
