package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// SweepResult tells what one deadline pass did.
type SweepResult struct {
	// Enforced is the number of advices marked enforced.
	Enforced int
	// Notices is the number of notices written for them.
	Notices int
	// Batches is the number of transactions the pass used.
	Batches int
	// Now is the clock reading when the pass began; each batch reads the clock again.
	Now time.Time
}

// DefaultSweepBatch is how many advices one sweep transaction enforces at most.
const DefaultSweepBatch = 5000

// SweepWorkers is how many connections one pass sweeps with at once. The work is bound by the
// database's CPU; on two cores two workers nearly double the rate of one.
const SweepWorkers = 2

// Sweep enforces every advice whose deadline instant has passed while it was still issued: in one
// transaction per batch it compare-and-sets the status, writes the audit event (effective at the
// deadline instant, processed at the batch's clock reading, by the system) and the notices to the
// complainant, their supporter and the organisation. Rows another sweeper or a response holds are
// skipped, so several sweepers may run at once (and one pass runs SweepWorkers of them); each advice
// is enforced once and each notice written once.
func (db *DB) Sweep(ctx context.Context, batch int) (SweepResult, error) {
	if batch <= 0 {
		batch = DefaultSweepBatch
	}
	res := SweepResult{Now: db.now()}
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		errs []error
	)
	for range SweepWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := db.sweepWorker(ctx, batch)
			mu.Lock()
			defer mu.Unlock()
			res.Enforced += r.Enforced
			res.Notices += r.Notices
			res.Batches += r.Batches
			if err != nil {
				errs = append(errs, err)
			}
		}()
	}
	wg.Wait()
	return res, errors.Join(errs...)
}

// sweepWorker enforces batches until one comes back short.
func (db *DB) sweepWorker(ctx context.Context, batch int) (SweepResult, error) {
	var res SweepResult
	for {
		var enforced, notices int
		err := db.db.QueryRowContext(ctx, sweepSQL, db.now(), batch, NoticePriority(NoticeEnforcedComplainant),
			NoticePriority(NoticeEnforcedOrganisation)).Scan(&enforced, &notices)
		if err != nil {
			return res, fmt.Errorf("sweep batch: %w", mapError(err))
		}
		res.Batches++
		res.Enforced += enforced
		res.Notices += notices
		if enforced < batch {
			return res, nil
		}
		if err := ctx.Err(); err != nil {
			return res, err
		}
	}
}

// sweepSQL enforces one batch in one statement (and so one transaction). The organisation's letter
// is in Dutch; the complainant's and supporter's in the complainant's language. $3 and $4 are the
// priorities of the two kinds of enforced letter.
var sweepSQL = `
WITH due AS (
    SELECT id FROM advices
    WHERE status = 'issued' AND deadline_at <= $1
    ORDER BY deadline_at, id
    LIMIT $2
    FOR UPDATE SKIP LOCKED
), enforced AS (
    UPDATE advices a SET status = 'enforced', enforced_at = $1
    WHERE a.id = ANY (ARRAY(SELECT id FROM due)) AND a.status = 'issued'
    RETURNING a.id, a.complaint_id, a.organisation_id, a.deadline_at
), logged AS (
    INSERT INTO events (complaint_id, advice_id, action, from_status, to_status, actor_role, actor_name,
                        effective_at, processed_at, reason)
    SELECT complaint_id, id, 'enforce', 'issued', 'enforced', 'system', 'system', deadline_at, $1,
           'no reasoned rejection before the deadline: the advice is to be executed in full'
    FROM enforced
), facts AS (
    -- The facts the letters tell, as they are now (the statement sees the advices before this sweep
    -- enforced them; the facts hold no advice status).
    SELECT e.id, e.complaint_id, e.organisation_id, ` + letterFactsSQL("e.complaint_id", "e.id") + ` AS facts FROM enforced e
), noticed AS (
    INSERT INTO notices (complaint_id, advice_id, kind, recipient, organisation_id, dedupe_key, language,
                         name, email, street, postcode, city, facts, created_at, next_attempt_at, priority, status)
    SELECT e.complaint_id, e.id, 'enforced_complainant', 'complainant', NULL::bigint, 'enforced:' || e.id || ':complainant',
           c.language, c.complainant_name, c.complainant_email, c.complainant_street, c.complainant_postcode,
           c.complainant_city, e.facts, $1, $1, $3::smallint, ` + deliveryStatus("c.complainant_") + `
    FROM facts e JOIN complaints c ON c.id = e.complaint_id
    UNION ALL
    SELECT e.complaint_id, e.id, 'enforced_complainant', 'supporter', NULL::bigint, 'enforced:' || e.id || ':supporter',
           c.language, c.supporter_name, c.supporter_email, c.supporter_street, c.supporter_postcode,
           c.supporter_city, e.facts, $1, $1, $3::smallint, ` + deliveryStatus("c.supporter_") + `
    FROM facts e JOIN complaints c ON c.id = e.complaint_id
    WHERE c.supporter_name <> '' AND ` + copyToActiveSupporter + `
    UNION ALL
    SELECT e.complaint_id, e.id, 'enforced_organisation', 'organisation', o.id, 'enforced:' || e.id || ':organisation:' || o.id,
           'nl', o.name, o.email, o.street, o.postcode, o.city, e.facts, $1, $1, $4::smallint, 'pending'
    FROM facts e JOIN organisations o ON o.id = e.organisation_id
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING 1
)
SELECT (SELECT count(*) FROM enforced), (SELECT count(*) FROM noticed)`

// OverdueAdvices counts advices whose deadline has passed while still issued (for metrics).
func (db *DB) OverdueAdvices(ctx context.Context) (int, error) {
	var n int
	err := db.db.GetContext(ctx, &n, `SELECT count(*) FROM advices WHERE status = 'issued' AND deadline_at <= $1`, db.now())
	return n, err
}
