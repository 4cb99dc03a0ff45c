package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

// The annual report's figures. Every figure is defined once, in the SQL below; the PDF, the CSV
// and the JSON editions all print these results. A year is a calendar year in Europe/Amsterdam, and
// a complaint belongs to the year of its local date of receipt. Counts in organisation-level
// tables below casework.SmallCountLimit are replaced by NULL inside the query, so their real
// values never leave the database. A destroyed case (destroyed_at set, retention.go) counts like
// any other: its row and its advices' rows keep every fact these queries read, so that the figures
// are the same after the destruction as before (report.TestEveryEditionSurvivesDestruction). Never
// filter destroyed cases out here, nor read a column or table that the destruction blanks or
// deletes.

// yearBounds returns the first instant of year and of the year after, in Europe/Amsterdam.
func yearBounds(year int) (time.Time, time.Time) {
	loc := term.Amsterdam()
	return time.Date(year, 1, 1, 0, 0, 0, 0, loc), time.Date(year+1, 1, 1, 0, 0, 0, 0, loc)
}

// figureWorkers is how many connections compute the figures side by side.
const figureWorkers = 3

// snapshotID is what pg_export_snapshot returns, checked before it is written into SQL.
var snapshotID = regexp.MustCompile(`^[0-9A-F]+-[0-9A-F]+(-[0-9]+)?$`)

// AnnualFigures computes every figure of the annual report on year. The queries run side by side
// on several connections, all reading one snapshot of the database (exported by the first
// transaction and imported by the others), so the figures are as consistent as if one
// transaction had computed them all.
func (db *DB) AnnualFigures(ctx context.Context, year int) (casework.AnnualFigures, error) {
	f := casework.AnnualFigures{Year: year}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// settings prepares a transaction for the figures. The groupings hash every complaint of the
	// year: give them room to do it in memory. The planner cannot estimate how few groups the
	// computed keys make (it guesses a group per complaint), and would sort a million rows instead
	// of hashing them, and spend seconds compiling the queries (JIT) to save milliseconds.
	settings := func(tx *sqlx.Tx, snapshot string) error {
		if snapshot != "" {
			if _, err := tx.ExecContext(ctx, `SET TRANSACTION SNAPSHOT '`+snapshot+`'`); err != nil {
				return fmt.Errorf("import snapshot: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `SET LOCAL work_mem = '128MB'; SET LOCAL jit = off; SET LOCAL enable_sort = off`); err != nil {
			return fmt.Errorf("settings: %w", err)
		}
		return nil
	}
	options := &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	first, err := db.db.BeginTxx(ctx, options)
	if err != nil {
		return f, fmt.Errorf("begin: %w", err)
	}
	defer first.Rollback()
	if err := settings(first, ""); err != nil {
		return f, err
	}
	var snapshot string
	if err := first.GetContext(ctx, &snapshot, `SELECT pg_export_snapshot()`); err != nil {
		return f, fmt.Errorf("export snapshot: %w", err)
	}
	if !snapshotID.MatchString(snapshot) {
		return f, fmt.Errorf("unexpected snapshot id %q", snapshot)
	}

	// The steps, slowest first; each fills its own fields of f. The first transaction works
	// through them all if it must: the helpers only join when the pool has a connection for them
	// before the steps run out, so a report never waits for connections other reports hold.
	steps := make(chan figureStep, len(figureSteps))
	for _, s := range figureSteps {
		steps <- s
	}
	close(steps)
	joining, stopJoining := context.WithCancel(ctx)
	defer stopJoining()
	work := func(tx *sqlx.Tx) error {
		defer stopJoining() // every step is taken: helpers still waiting for a connection give up
		for s := range steps {
			if err := s.run(ctx, tx, year, &f); err != nil {
				cancel()
				return fmt.Errorf("annual figures %d: %s: %w", year, s.name, err)
			}
		}
		return nil
	}
	errs := make([]error, figureWorkers) // each written by its own goroutine
	var wg sync.WaitGroup
	for w := 1; w < figureWorkers; w++ {
		wg.Go(func() {
			conn, err := db.db.Connx(joining)
			if err != nil {
				return // no connection before the steps ran out (or the report was cancelled)
			}
			defer conn.Close()
			tx, err := conn.BeginTxx(ctx, options)
			if err != nil {
				return
			}
			defer tx.Rollback()
			if settings(tx, snapshot) != nil {
				return // the others do the work
			}
			errs[w] = work(tx)
		})
	}
	errs[0] = work(first)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return f, err
	}
	f.Protect()
	return f, nil
}

type figureStep struct {
	name string
	run  func(context.Context, *sqlx.Tx, int, *casework.AnnualFigures) error
}

// figureSteps each read the complaints of the year once; they run side by side, slowest first.
var figureSteps = []figureStep{
	{"organisations", organisationFigures},
	{"complaints", complaintFigures},
	{"advices", adviceFigures},
	{"recommendations", recommendationFigures},
	{"client support", clientSupportFigures}, // support_figures.go
	{"feedback", feedbackFigures},            // feedback_figures.go
}

func texts[T ~string](all []T) []string {
	out := make([]string, len(all))
	for i, a := range all {
		out[i] = string(a)
	}
	return out
}

// small hides a count below the limit: the expression is NULL for counts under 5.
func small(expr string) string {
	return fmt.Sprintf(`CASE WHEN %s < %d THEN NULL ELSE %s END`, expr, casework.SmallCountLimit, expr)
}

// complaintWithSupporter is the one definition of "a complaint with a supporter", for the
// complaints aliased c: a member of the pool or an informal representative was chosen, now or
// earlier (a representation that has ended still counts), or a supporter was named before
// representations were recorded, or it had one when its file was destroyed (had_supporter, set by
// the destruction that removes the links). The annual report's summary and the figures of client support
// (support_figures.go) both count by it.
const complaintWithSupporter = `(c.supporter_name <> '' OR c.supporter_id IS NOT NULL OR c.had_supporter
			OR EXISTS (SELECT 1 FROM representations rep WHERE rep.complaint_id = c.id))`

// complaintSQL computes, in one scan of the complaints of this year ($1 ≤ received < $2) and the
// year before ($3 ≤ received < $1), the key figures of both years and the breakdowns by channel,
// month of receipt, life domain and ground.
//
// The definitions:
//   - taken up: a handler was assigned (only take_up assigns one);
//   - open: still received or in treatment;
//   - granted: founded or partly founded; its share is of the rulings;
//   - ruled within the term: the ruling was made before the handling deadline, which a lawful
//     postponement moves;
//   - days to ruling: local calendar days from receipt to ruling; the median is taken from their
//     histogram (the mean of the two middle values when the count is even, as percentile_cont);
//   - with a supporter: complaintWithSupporter; its share is of the complaints.
//
// Time-zone conversions are slow when done a million times, so the local day of each instant is
// found by binary search in $4, the instants of local midnight from 1 January of the year before
// to well after this year (width_bucket); the month of receipt likewise in $5, the local month
// starts of both years. Rulings after the last of $4 are converted the slow way.
//
// The complaints are first counted by year, channel, month, days to ruling and their lists of life
// domains and grounds (some thousands of groups), and the grouping sets then add those counts up;
// the lists are taken apart for the counts by life domain and by ground, where a complaint about
// two life domains counts under both.
const complaintSQL = `
WITH r AS MATERIALIZED (
	SELECT CASE WHEN c.received_at >= $1 THEN 0 ELSE 1 END AS yr, c.channel,
		(width_bucket(c.received_at, $5::timestamptz[]) - 1) % 12 + 1 AS month,
		CASE WHEN c.ruled_at IS NULL THEN NULL
			WHEN c.ruled_at < ($4::timestamptz[])[cardinality($4::timestamptz[])]
				THEN width_bucket(c.ruled_at, $4::timestamptz[]) - width_bucket(c.received_at, $4::timestamptz[])
			ELSE (c.ruled_at AT TIME ZONE 'Europe/Amsterdam')::date - (c.received_at AT TIME ZONE 'Europe/Amsterdam')::date
		END AS days,
		c.life_domains, c.grounds,
		count(*) AS complaints,
		count(*) FILTER (WHERE c.verdict IN ('founded', 'partly_founded')) AS granted,
		count(*) FILTER (WHERE c.handler_id IS NOT NULL) AS taken_up,
		count(*) FILTER (WHERE c.status IN ('received', 'in_treatment')) AS open,
		count(*) FILTER (WHERE c.status = 'inadmissible') AS inadmissible,
		count(*) FILTER (WHERE c.status = 'withdrawn') AS withdrawn,
		count(*) FILTER (WHERE c.status = 'resolved') AS resolved,
		count(*) FILTER (WHERE c.verdict IS NOT NULL) AS ruled,
		count(*) FILTER (WHERE c.verdict = 'founded') AS founded,
		count(*) FILTER (WHERE c.verdict = 'partly_founded') AS partly_founded,
		count(*) FILTER (WHERE c.verdict = 'unfounded') AS unfounded,
		count(*) FILTER (WHERE c.verdict IS NOT NULL AND c.ruled_at < c.handling_deadline_at) AS ruled_within_term,
		count(*) FILTER (WHERE ` + complaintWithSupporter + `) AS with_supporter,
		count(*) FILTER (WHERE c.postponements > 0) AS postponed
	FROM complaints c
	WHERE c.received_at >= $3 AND c.received_at < $2
	GROUP BY 1, 2, 3, 4, 5, 6
), agg AS (
	SELECT GROUPING(channel, month, days) AS g, yr, channel, month, days,
		sum(complaints) AS complaints, sum(granted) AS granted, sum(taken_up) AS taken_up, sum(open) AS open,
		sum(inadmissible) AS inadmissible, sum(withdrawn) AS withdrawn, sum(resolved) AS resolved, sum(ruled) AS ruled,
		sum(founded) AS founded, sum(partly_founded) AS partly_founded, sum(unfounded) AS unfounded,
		sum(ruled_within_term) AS ruled_within_term, sum(with_supporter) AS with_supporter, sum(postponed) AS postponed
	FROM r
	GROUP BY GROUPING SETS ((yr), (yr, channel), (yr, month), (yr, days))
), histogram AS (
	SELECT yr, days, complaints AS n, sum(complaints) OVER (PARTITION BY yr ORDER BY days) AS upto,
		(sum(complaints) OVER (PARTITION BY yr)::bigint + 1) / 2 AS lower_middle,
		sum(complaints) OVER (PARTITION BY yr)::bigint / 2 + 1 AS upper_middle
	FROM agg WHERE g = 6 AND days IS NOT NULL
), median AS (
	SELECT yr, (min(days) FILTER (WHERE upto >= lower_middle AND upto - n < lower_middle)
		+ min(days) FILTER (WHERE upto >= upper_middle AND upto - n < upper_middle)) / 2.0 AS days
	FROM histogram GROUP BY yr
)
SELECT CASE agg.g WHEN 7 THEN 'summary' WHEN 3 THEN 'channel' ELSE 'month' END AS dim,
	agg.yr, coalesce(agg.channel, lpad(agg.month::text, 2, '0'), '') AS key, agg.complaints, agg.granted,
	agg.taken_up, agg.open, agg.inadmissible, agg.withdrawn, agg.resolved, agg.ruled, agg.founded, agg.partly_founded,
	agg.unfounded, agg.ruled_within_term, agg.with_supporter, agg.postponed,
	round(100.0 * agg.granted / nullif(agg.ruled, 0), 1)::float8 AS granted_share,
	round(100.0 * agg.ruled_within_term / nullif(agg.ruled, 0), 1)::float8 AS ruled_within_term_share,
	round(100.0 * agg.with_supporter / nullif(agg.complaints, 0), 1)::float8 AS with_supporter_share,
	round(median.days, 1)::float8 AS median_days_to_ruling
FROM agg LEFT JOIN median ON median.yr = agg.yr AND agg.g = 7
WHERE agg.g <> 6
UNION ALL
SELECT 'domain', yr, d, sum(complaints), sum(granted), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL
FROM r, unnest(life_domains) AS d GROUP BY yr, d
UNION ALL
SELECT 'ground', yr, gr, sum(complaints), sum(granted), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL
FROM r, unnest(grounds) AS gr GROUP BY yr, gr`

// localMidnights returns the instants of local midnight (Europe/Amsterdam) of every day from
// 1 January of the year before year to 31 December three years after it: the day boundaries by
// which complaintSQL counts days to a ruling.
func localMidnights(year int) []string {
	loc := term.Amsterdam()
	var out []string
	for d := time.Date(year-1, 1, 1, 0, 0, 0, 0, loc); d.Year() <= year+3; d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format(time.RFC3339))
	}
	return out
}

// monthStarts returns the local starts of the 24 months of the year before year and of year.
func monthStarts(year int) []string {
	loc := term.Amsterdam()
	out := make([]string, 24)
	for i := range out {
		out[i] = time.Date(year-1, time.Month(1+i%12), 1, 0, 0, 0, 0, loc).AddDate(i/12, 0, 0).Format(time.RFC3339)
	}
	return out
}

// figureRow is one row of complaintSQL.
type figureRow struct {
	Dim                  string   `db:"dim"`
	Yr                   int      `db:"yr"`
	Key                  string   `db:"key"`
	Complaints           int      `db:"complaints"`
	Granted              int      `db:"granted"`
	TakenUp              int      `db:"taken_up"`
	Open                 int      `db:"open"`
	Inadmissible         int      `db:"inadmissible"`
	Withdrawn            int      `db:"withdrawn"`
	Resolved             int      `db:"resolved"`
	Ruled                int      `db:"ruled"`
	Founded              int      `db:"founded"`
	PartlyFounded        int      `db:"partly_founded"`
	Unfounded            int      `db:"unfounded"`
	RuledWithinTerm      int      `db:"ruled_within_term"`
	WithSupporter        int      `db:"with_supporter"`
	Postponed            int      `db:"postponed"`
	GrantedShare         *float64 `db:"granted_share"`
	RuledWithinTermShare *float64 `db:"ruled_within_term_share"`
	WithSupporterShare   *float64 `db:"with_supporter_share"`
	MedianDaysToRuling   *float64 `db:"median_days_to_ruling"`
}

// complaintFigures fills the complaint figures of both years' summaries and the breakdowns by life
// domain, ground, channel and month. A category no complaint fell in has no row and counts zero;
// the breakdowns list every category.
func complaintFigures(ctx context.Context, tx *sqlx.Tx, year int, f *casework.AnnualFigures) error {
	from, to := yearBounds(year)
	prev, _ := yearBounds(year - 1)
	var rows []figureRow
	if err := tx.SelectContext(ctx, &rows, complaintSQL, from, to, prev, pq.Array(localMidnights(year)),
		pq.Array(monthStarts(year))); err != nil {
		return err
	}
	type cell struct{ complaints, granted, previous int }
	cells := map[string]*cell{}
	at := func(dim, key string) *cell {
		if cells[dim+"|"+key] == nil {
			cells[dim+"|"+key] = &cell{}
		}
		return cells[dim+"|"+key]
	}
	summaries := [2]*casework.YearSummary{&f.Summary, &f.Previous}
	f.Summary.Year, f.Previous.Year = year, year-1
	for _, r := range rows {
		if r.Dim == "summary" {
			s := summaries[r.Yr]
			s.Received, s.TakenUp, s.Open, s.Inadmissible, s.Withdrawn, s.Resolved = r.Complaints, r.TakenUp, r.Open,
				r.Inadmissible, r.Withdrawn, r.Resolved
			s.Ruled, s.Founded, s.PartlyFounded, s.Unfounded, s.Granted = r.Ruled, r.Founded, r.PartlyFounded, r.Unfounded, r.Granted
			s.GrantedShare, s.RuledWithinTerm, s.RuledWithinTermShare = r.GrantedShare, r.RuledWithinTerm, r.RuledWithinTermShare
			s.MedianDaysToRuling, s.WithSupporter, s.WithSupporterShare, s.Postponed = r.MedianDaysToRuling, r.WithSupporter,
				r.WithSupporterShare, r.Postponed
			continue
		}
		c := at(r.Dim, r.Key)
		if r.Yr == 0 {
			c.complaints, c.granted = r.Complaints, r.Granted
		} else {
			c.previous = r.Complaints
		}
	}
	list := func(dim string, keys []string, label func(string) string) []casework.Breakdown {
		out := make([]casework.Breakdown, len(keys))
		for i, k := range keys {
			c := at(dim, k)
			out[i] = casework.Breakdown{Key: label(k), Complaints: c.complaints, Granted: c.granted, Previous: c.previous}
		}
		return out
	}
	same := func(k string) string { return k }
	months := make([]string, 12)
	for i := range months {
		months[i] = fmt.Sprintf("%02d", i+1)
	}
	f.ByLifeDomain = list("domain", texts(casework.LifeDomains), same)
	f.ByGround = list("ground", texts(casework.Grounds), same)
	f.ByChannel = list("channel", texts(casework.Channels), same)
	f.ByMonth = list("month", months, func(m string) string { return fmt.Sprintf("%04d-%s", year, m) })
	return nil
}

// adviceSQL tells, in one scan of the advices on the complaints of this year and the year before
// (by the complaint's receipt, as complaintSQL), how many advices were issued and what became of
// them: in total per year, per organisation this year, and rejections per ground. An advice counts
// as accepted or rejected by the organisation's answer, as enforced when its term passed without
// one (executed or not), and as executed once execution was confirmed. An enforcement corrected by
// a timely answer recorded later counts as that answer, not as enforced. Per organisation and per
// ground (rejections come from few organisations, so a count per ground can point at one), counts
// under 5 are hidden in the query.
func adviceSQL() string {
	perOrg := func(expr string) string {
		return `(CASE WHEN GROUPING(a.organisation_id, a.rejection_ground) < 3 THEN ` + small(expr) + ` ELSE ` + expr + ` END)::int`
	}
	return `
WITH a AS (
	SELECT CASE WHEN c.received_at >= $1 THEN 0 ELSE 1 END AS yr, a.organisation_id, a.rejection_ground,
		count(*) AS issued,
		count(*) FILTER (WHERE (a.enforced_at IS NULL OR a.corrected_at IS NOT NULL) AND a.status IN ('accepted', 'executed')) AS accepted,
		count(*) FILTER (WHERE a.status = 'rejected') AS rejected,
		count(*) FILTER (WHERE a.enforced_at IS NOT NULL AND a.corrected_at IS NULL) AS enforced,
		count(*) FILTER (WHERE a.status = 'executed') AS executed,
		count(*) FILTER (WHERE a.status = 'issued') AS awaiting
	FROM advices a
	JOIN complaints c ON c.id = a.complaint_id
	WHERE c.received_at >= $3 AND c.received_at < $2
	GROUP BY 1, 2, 3
)
SELECT GROUPING(a.organisation_id, a.rejection_ground) AS g, a.yr, a.organisation_id, min(o.name) AS organisation,
	min(o.kind) AS kind, coalesce(a.rejection_ground, '') AS ground,
	` + perOrg(`sum(issued)`) + ` AS issued, ` + perOrg(`sum(accepted)`) + ` AS accepted,
	` + perOrg(`sum(rejected)`) + ` AS rejected, ` + perOrg(`sum(enforced)`) + ` AS enforced,
	` + perOrg(`sum(executed)`) + ` AS executed, ` + perOrg(`sum(awaiting)`) + ` AS awaiting,
	sum(issued) >= ` + fmt.Sprint(casework.SmallCountLimit) + ` AS shown
FROM a JOIN organisations o ON o.id = a.organisation_id
GROUP BY GROUPING SETS ((a.yr), (a.yr, a.organisation_id), (a.yr, a.rejection_ground))
HAVING a.yr = 0 OR GROUPING(a.organisation_id, a.rejection_ground) = 3`
}

type adviceRow struct {
	G            int                      `db:"g"`
	Yr           int                      `db:"yr"`
	OrgID        *int64                   `db:"organisation_id"`
	Organisation *string                  `db:"organisation"`
	Kind         *casework.OrgKind        `db:"kind"`
	Ground       casework.RejectionGround `db:"ground"`
	Issued       *int                     `db:"issued"`
	Accepted     *int                     `db:"accepted"`
	Rejected     *int                     `db:"rejected"`
	Enforced     *int                     `db:"enforced"`
	Executed     *int                     `db:"executed"`
	Awaiting     *int                     `db:"awaiting"`
	Shown        bool                     `db:"shown"`
}

func count(n *int) int {
	if n == nil {
		return 0
	}
	return *n
}

// adviceFigures fills the advice totals of both summaries, the advice outcomes per organisation
// (those with at least five advices first, by number, then the rest by name, so that the order
// does not betray the hidden counts) and the rejections per ground.
func adviceFigures(ctx context.Context, tx *sqlx.Tx, year int, f *casework.AnnualFigures) error {
	from, to := yearBounds(year)
	prev, _ := yearBounds(year - 1)
	var rows []adviceRow
	if err := tx.SelectContext(ctx, &rows, adviceSQL(), from, to, prev); err != nil {
		return err
	}
	summaries := [2]*casework.YearSummary{&f.Summary, &f.Previous}
	overall := map[casework.RejectionGround]*int{}
	var orgs []adviceRow
	for _, r := range rows {
		switch r.G {
		case 3: // the year's totals
			s := summaries[r.Yr]
			s.AdvicesIssued, s.AdvicesAccepted, s.AdvicesRejected = count(r.Issued), count(r.Accepted), count(r.Rejected)
			s.AdvicesEnforced, s.AdvicesExecuted, s.AdvicesAwaiting = count(r.Enforced), count(r.Executed), count(r.Awaiting)
		case 2: // per ground, over all organisations
			if r.Yr == 0 && r.Ground != "" {
				overall[r.Ground] = r.Rejected
			}
		case 1: // per organisation
			if r.Yr == 0 {
				orgs = append(orgs, r)
			}
		}
	}
	sort.SliceStable(orgs, func(i, j int) bool {
		a, b := orgs[i], orgs[j]
		if a.Shown != b.Shown {
			return a.Shown
		}
		if a.Shown && count(a.Issued) != count(b.Issued) {
			return count(a.Issued) > count(b.Issued)
		}
		if *a.Organisation != *b.Organisation {
			return *a.Organisation < *b.Organisation
		}
		return *a.OrgID < *b.OrgID
	})
	f.AdviceOutcomes = make([]casework.OrgAdviceOutcome, len(orgs))
	for i, r := range orgs {
		f.AdviceOutcomes[i] = casework.OrgAdviceOutcome{Organisation: *r.Organisation, Kind: *r.Kind,
			Issued: casework.SuppressedOf(r.Issued), Accepted: casework.SuppressedOf(r.Accepted),
			Rejected: casework.SuppressedOf(r.Rejected), Enforced: casework.SuppressedOf(r.Enforced),
			Executed: casework.SuppressedOf(r.Executed), Awaiting: casework.SuppressedOf(r.Awaiting)}
	}
	f.RejectionGrounds = make([]casework.GroundCount, len(casework.RejectionGrounds))
	for i, g := range casework.RejectionGrounds {
		f.RejectionGrounds[i] = casework.GroundCount{Ground: g, Count: casework.SuppressedOf(overall[g])}
	}
	return nil
}

// organisationSQL counts the year's complaints per organisation and per kind of organisation
// from one join of the complaints with the organisations they are about. A complaint about two
// organisations counts for both, but once for a kind however many of its organisations are of that
// kind. Kinds are numbered by their place in $3. Counts under 5 are hidden in the query.
func organisationSQL() string {
	return `
WITH p AS MATERIALIZED (
	SELECT co.complaint_id, co.organisation_id, array_position($3::text[], o.kind)::int2 AS kind_no,
		c.verdict IN ('founded', 'partly_founded') AS granted
	FROM complaints c
	JOIN complaint_organisations co ON co.complaint_id = c.id
	JOIN organisations o ON o.id = co.organisation_id
	WHERE c.received_at >= $1 AND c.received_at < $2
), per_org AS (
	SELECT organisation_id, count(*) AS n, count(*) FILTER (WHERE granted) AS granted FROM p GROUP BY organisation_id
), per_kind AS (
	SELECT kind_no, count(*) AS n, count(*) FILTER (WHERE granted) AS granted
	FROM (SELECT DISTINCT complaint_id, kind_no, granted FROM p) k GROUP BY kind_no
)
SELECT 'organisation' AS dim, o.name AS organisation, o.kind, ` + small("per_org.n") + ` AS complaints,
	` + small("per_org.granted") + ` AS granted, o.id
FROM per_org JOIN organisations o ON o.id = per_org.organisation_id
UNION ALL
SELECT 'kind', '', ($3::text[])[kind_no], ` + small("n") + `, ` + small("granted") + `, 0
FROM per_kind`
}

// organisationFigures fills the breakdowns by organisation (those with at least five complaints
// first, by number, then the rest by name) and by kind (every kind, in the order of
// casework.OrgKinds).
func organisationFigures(ctx context.Context, tx *sqlx.Tx, year int, f *casework.AnnualFigures) error {
	from, to := yearBounds(year)
	var rows []struct {
		Dim          string           `db:"dim"`
		Organisation string           `db:"organisation"`
		Kind         casework.OrgKind `db:"kind"`
		Complaints   *int             `db:"complaints"`
		Granted      *int             `db:"granted"`
		ID           int64            `db:"id"`
	}
	if err := tx.SelectContext(ctx, &rows, organisationSQL(), from, to, pq.Array(texts(casework.OrgKinds))); err != nil {
		return err
	}
	kinds := map[casework.OrgKind]casework.OrgBreakdown{}
	f.ByOrganisation = []casework.OrgBreakdown{}
	for _, r := range rows {
		b := casework.OrgBreakdown{Organisation: r.Organisation, Kind: r.Kind,
			Complaints: casework.SuppressedOf(r.Complaints), Granted: casework.SuppressedOf(r.Granted)}
		if r.Dim == "kind" {
			kinds[r.Kind] = b
		} else {
			f.ByOrganisation = append(f.ByOrganisation, b)
		}
	}
	sort.SliceStable(f.ByOrganisation, func(i, j int) bool {
		a, b := f.ByOrganisation[i], f.ByOrganisation[j]
		if a.Complaints.Hidden != b.Complaints.Hidden {
			return !a.Complaints.Hidden
		}
		if !a.Complaints.Hidden && a.Complaints.N != b.Complaints.N {
			return a.Complaints.N > b.Complaints.N
		}
		return a.Organisation < b.Organisation
	})
	f.ByOrganisationKind = make([]casework.OrgBreakdown, len(casework.OrgKinds))
	for i, k := range casework.OrgKinds {
		b, ok := kinds[k]
		if !ok { // no complaint about this kind: zero, which is under 5
			b = casework.OrgBreakdown{Kind: k, Complaints: casework.Suppressed{Hidden: true}, Granted: casework.Suppressed{Hidden: true}}
		}
		f.ByOrganisationKind[i] = b
	}
	return nil
}

// recommendationFigures lists the year's recommendations (by the local date they were made), the
// recommendations of earlier years whose follow-up is not closed (open or partly adopted), and
// counts of every year's recommendations up to this one by follow-up status.
func recommendationFigures(ctx context.Context, tx *sqlx.Tx, year int, f *casework.AnnualFigures) error {
	from, to := yearBounds(year)
	prev, _ := yearBounds(year - 1)
	if err := tx.QueryRowxContext(ctx, `SELECT count(*) FILTER (WHERE created_at >= $2),
		count(*) FILTER (WHERE created_at < $2) FROM recommendations WHERE created_at >= $1 AND created_at < $3`,
		prev, from, to).Scan(&f.Summary.Recommendations, &f.Previous.Recommendations); err != nil {
		return err
	}
	const cols = `id, extract(year FROM created_at AT TIME ZONE 'Europe/Amsterdam')::int AS year, life_domain,
		text, status, note`
	f.Recommendations = []casework.RecommendationFigure{}
	if err := tx.SelectContext(ctx, &f.Recommendations, `SELECT `+cols+` FROM recommendations
		WHERE created_at >= $1 AND created_at < $2
		ORDER BY array_position($3::text[], life_domain), created_at, id`,
		from, to, pq.Array(texts(casework.LifeDomains))); err != nil {
		return err
	}
	f.EarlierRecommendations = []casework.RecommendationFigure{}
	if err := tx.SelectContext(ctx, &f.EarlierRecommendations, `SELECT `+cols+` FROM recommendations
		WHERE created_at < $1 AND status IN ('open', 'partly_adopted')
		ORDER BY created_at, id`, from); err != nil {
		return err
	}
	f.FollowUp = []casework.FollowUpCount{}
	return tx.SelectContext(ctx, &f.FollowUp, `
		SELECT extract(year FROM created_at AT TIME ZONE 'Europe/Amsterdam')::int AS year,
			count(*) FILTER (WHERE status = 'open') AS open,
			count(*) FILTER (WHERE status = 'adopted') AS adopted,
			count(*) FILTER (WHERE status = 'partly_adopted') AS partly_adopted,
			count(*) FILTER (WHERE status = 'not_adopted') AS not_adopted
		FROM recommendations WHERE created_at < $1
		GROUP BY 1 ORDER BY 1`, to)
}
