package postgres

import (
	"context"
	"database/sql"
	"fmt"
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
// values never leave the database.

// yearBounds returns the first instant of year and of the year after, in Europe/Amsterdam.
func yearBounds(year int) (time.Time, time.Time) {
	loc := term.Amsterdam()
	return time.Date(year, 1, 1, 0, 0, 0, 0, loc), time.Date(year+1, 1, 1, 0, 0, 0, 0, loc)
}

// AnnualFigures computes every figure of the annual report on year, from one consistent snapshot
// of the database.
func (db *DB) AnnualFigures(ctx context.Context, year int) (casework.AnnualFigures, error) {
	f := casework.AnnualFigures{Year: year}
	tx, err := db.db.BeginTxx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return f, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	// The median needs a sort of every ruling of the year; give it room to happen in memory.
	if _, err := tx.ExecContext(ctx, `SET LOCAL work_mem = '64MB'`); err != nil {
		return f, fmt.Errorf("work_mem: %w", err)
	}
	steps := []struct {
		name string
		run  func(context.Context, *sqlx.Tx, int, *casework.AnnualFigures) error
	}{
		{"summary", summaries},
		{"life domains", byLifeDomain},
		{"grounds", byGround},
		{"channels", byChannel},
		{"months", byMonth},
		{"organisations", byOrganisation},
		{"organisation kinds", byOrganisationKind},
		{"advice outcomes", adviceOutcomes},
		{"rejection grounds", rejectionGrounds},
		{"recommendations", recommendationFigures},
	}
	for _, s := range steps {
		if err := s.run(ctx, tx, year, &f); err != nil {
			return f, fmt.Errorf("annual figures %d: %s: %w", year, s.name, err)
		}
	}
	return f, nil
}

// summaryRow scans one year's key figures.
type summaryRow struct {
	Received             int      `db:"received"`
	TakenUp              int      `db:"taken_up"`
	Open                 int      `db:"open"`
	Inadmissible         int      `db:"inadmissible"`
	Withdrawn            int      `db:"withdrawn"`
	Resolved             int      `db:"resolved"`
	Ruled                int      `db:"ruled"`
	Founded              int      `db:"founded"`
	PartlyFounded        int      `db:"partly_founded"`
	Unfounded            int      `db:"unfounded"`
	Granted              int      `db:"granted"`
	GrantedShare         *float64 `db:"granted_share"`
	RuledWithinTerm      int      `db:"ruled_within_term"`
	RuledWithinTermShare *float64 `db:"ruled_within_term_share"`
	MedianDaysToRuling   *float64 `db:"median_days_to_ruling"`
	WithSupporter        int      `db:"with_supporter"`
	WithSupporterShare   *float64 `db:"with_supporter_share"`
	Postponed            int      `db:"postponed"`
	AdvicesIssued        int      `db:"advices_issued"`
	AdvicesAccepted      int      `db:"advices_accepted"`
	AdvicesRejected      int      `db:"advices_rejected"`
	AdvicesEnforced      int      `db:"advices_enforced"`
	AdvicesExecuted      int      `db:"advices_executed"`
	AdvicesAwaiting      int      `db:"advices_awaiting"`
	Recommendations      int      `db:"recommendations"`
}

// summarySQL computes the key figures of the year that starts at $1 and ends before $2.
//
//   - taken up: a handler was assigned (only take_up assigns one);
//   - open: still received or in treatment;
//   - granted: founded or partly founded; its share is of the rulings;
//   - ruled within the term: the ruling was made before the handling deadline, which a lawful
//     postponement moves;
//   - days to ruling: local calendar days from receipt to ruling;
//   - with a supporter: a supporter was named or assigned; its share is of the complaints;
//   - an advice counts as accepted or rejected by the organisation's answer, as enforced when its
//     term passed without one (executed or not), and as executed once execution was confirmed.
const summarySQL = `
WITH c AS (
	SELECT * FROM complaints WHERE received_at >= $1 AND received_at < $2
), cs AS (
	SELECT count(*) AS received,
		count(*) FILTER (WHERE handler_id IS NOT NULL) AS taken_up,
		count(*) FILTER (WHERE status IN ('received', 'in_treatment')) AS open,
		count(*) FILTER (WHERE status = 'inadmissible') AS inadmissible,
		count(*) FILTER (WHERE status = 'withdrawn') AS withdrawn,
		count(*) FILTER (WHERE status = 'resolved') AS resolved,
		count(*) FILTER (WHERE verdict IS NOT NULL) AS ruled,
		count(*) FILTER (WHERE verdict = 'founded') AS founded,
		count(*) FILTER (WHERE verdict = 'partly_founded') AS partly_founded,
		count(*) FILTER (WHERE verdict = 'unfounded') AS unfounded,
		count(*) FILTER (WHERE verdict IN ('founded', 'partly_founded')) AS granted,
		count(*) FILTER (WHERE verdict IS NOT NULL AND ruled_at < handling_deadline_at) AS ruled_within_term,
		percentile_cont(0.5) WITHIN GROUP (ORDER BY (ruled_at AT TIME ZONE 'Europe/Amsterdam')::date
			- (received_at AT TIME ZONE 'Europe/Amsterdam')::date) FILTER (WHERE ruled_at IS NOT NULL) AS median_days,
		count(*) FILTER (WHERE supporter_name <> '' OR supporter_user_id IS NOT NULL) AS with_supporter,
		count(*) FILTER (WHERE postponements > 0) AS postponed
	FROM c
), adv AS (
	SELECT count(*) AS issued,
		count(*) FILTER (WHERE a.enforced_at IS NULL AND a.status IN ('accepted', 'executed')) AS accepted,
		count(*) FILTER (WHERE a.status = 'rejected') AS rejected,
		count(*) FILTER (WHERE a.enforced_at IS NOT NULL) AS enforced,
		count(*) FILTER (WHERE a.status = 'executed') AS executed,
		count(*) FILTER (WHERE a.status = 'issued') AS awaiting
	FROM advices a JOIN c ON c.id = a.complaint_id
), rec AS (
	SELECT count(*) AS n FROM recommendations WHERE created_at >= $1 AND created_at < $2
)
SELECT cs.received, cs.taken_up, cs.open, cs.inadmissible, cs.withdrawn, cs.resolved, cs.ruled,
	cs.founded, cs.partly_founded, cs.unfounded, cs.granted,
	round(100.0 * cs.granted / nullif(cs.ruled, 0), 1)::float8 AS granted_share,
	cs.ruled_within_term,
	round(100.0 * cs.ruled_within_term / nullif(cs.ruled, 0), 1)::float8 AS ruled_within_term_share,
	round(cs.median_days::numeric, 1)::float8 AS median_days_to_ruling,
	cs.with_supporter,
	round(100.0 * cs.with_supporter / nullif(cs.received, 0), 1)::float8 AS with_supporter_share,
	cs.postponed,
	adv.issued AS advices_issued, adv.accepted AS advices_accepted, adv.rejected AS advices_rejected,
	adv.enforced AS advices_enforced, adv.executed AS advices_executed, adv.awaiting AS advices_awaiting,
	rec.n AS recommendations
FROM cs, adv, rec`

func yearSummary(ctx context.Context, tx *sqlx.Tx, year int) (casework.YearSummary, error) {
	from, to := yearBounds(year)
	var r summaryRow
	if err := tx.GetContext(ctx, &r, summarySQL, from, to); err != nil {
		return casework.YearSummary{}, err
	}
	return casework.YearSummary{Year: year, Received: r.Received, TakenUp: r.TakenUp, Open: r.Open,
		Inadmissible: r.Inadmissible, Withdrawn: r.Withdrawn, Resolved: r.Resolved, Ruled: r.Ruled,
		Founded: r.Founded, PartlyFounded: r.PartlyFounded, Unfounded: r.Unfounded, Granted: r.Granted,
		GrantedShare: r.GrantedShare, RuledWithinTerm: r.RuledWithinTerm, RuledWithinTermShare: r.RuledWithinTermShare,
		MedianDaysToRuling: r.MedianDaysToRuling, WithSupporter: r.WithSupporter, WithSupporterShare: r.WithSupporterShare,
		Postponed: r.Postponed, AdvicesIssued: r.AdvicesIssued, AdvicesAccepted: r.AdvicesAccepted,
		AdvicesRejected: r.AdvicesRejected, AdvicesEnforced: r.AdvicesEnforced, AdvicesExecuted: r.AdvicesExecuted,
		AdvicesAwaiting: r.AdvicesAwaiting, Recommendations: r.Recommendations}, nil
}

func summaries(ctx context.Context, tx *sqlx.Tx, year int, f *casework.AnnualFigures) error {
	var err error
	if f.Summary, err = yearSummary(ctx, tx, year); err != nil {
		return err
	}
	f.Previous, err = yearSummary(ctx, tx, year-1)
	return err
}

// breakdownSQL counts complaints by the keys that keyExpr yields for each complaint (one row per
// key in $3, in that order, zero when none), this year ($1 ≤ received < $2) and the year before
// ($4 ≤ received < $1). A complaint with two keys counts under both.
func breakdownSQL(keyExpr string) string {
	return `
WITH k AS (
	SELECT key, ord FROM unnest($3::text[]) WITH ORDINALITY AS k (key, ord)
), counted AS (
	SELECT x.key,
		count(*) FILTER (WHERE c.received_at >= $1) AS complaints,
		count(*) FILTER (WHERE c.received_at >= $1 AND c.verdict IN ('founded', 'partly_founded')) AS granted,
		count(*) FILTER (WHERE c.received_at < $1) AS previous
	FROM complaints c, ` + keyExpr + ` AS x (key)
	WHERE c.received_at >= $4 AND c.received_at < $2
	GROUP BY x.key
)
SELECT k.key, coalesce(counted.complaints, 0) AS complaints, coalesce(counted.granted, 0) AS granted,
	coalesce(counted.previous, 0) AS previous
FROM k LEFT JOIN counted ON counted.key = k.key
ORDER BY k.ord`
}

func breakdown(ctx context.Context, tx *sqlx.Tx, year int, keyExpr string, keys []string) ([]casework.Breakdown, error) {
	from, to := yearBounds(year)
	prev, _ := yearBounds(year - 1)
	rows := []casework.Breakdown{}
	err := tx.SelectContext(ctx, &rows, breakdownSQL(keyExpr), from, to, pq.Array(keys), prev)
	return rows, err
}

func byLifeDomain(ctx context.Context, tx *sqlx.Tx, year int, f *casework.AnnualFigures) (err error) {
	f.ByLifeDomain, err = breakdown(ctx, tx, year, `unnest(c.life_domains)`, texts(casework.LifeDomains))
	return err
}

func byGround(ctx context.Context, tx *sqlx.Tx, year int, f *casework.AnnualFigures) (err error) {
	f.ByGround, err = breakdown(ctx, tx, year, `unnest(c.grounds)`, texts(casework.Grounds))
	return err
}

func byChannel(ctx context.Context, tx *sqlx.Tx, year int, f *casework.AnnualFigures) (err error) {
	f.ByChannel, err = breakdown(ctx, tx, year, `LATERAL (VALUES (c.channel))`, texts(casework.Channels))
	return err
}

// byMonth keys complaints by the month number of their local receipt, so this year's January and
// last year's January share the key "01"; the keys are then written as "YYYY-MM".
func byMonth(ctx context.Context, tx *sqlx.Tx, year int, f *casework.AnnualFigures) (err error) {
	months := make([]string, 12)
	for i := range months {
		months[i] = fmt.Sprintf("%02d", i+1)
	}
	f.ByMonth, err = breakdown(ctx, tx, year, `LATERAL (VALUES (to_char(c.received_at AT TIME ZONE 'Europe/Amsterdam', 'MM')))`, months)
	for i := range f.ByMonth {
		f.ByMonth[i].Key = fmt.Sprintf("%04d-%s", year, f.ByMonth[i].Key)
	}
	return err
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

type orgRow struct {
	Organisation string           `db:"organisation"`
	Kind         casework.OrgKind `db:"kind"`
	Complaints   *int             `db:"complaints"`
	Granted      *int             `db:"granted"`
}

// byOrganisation counts complaints per organisation complained about. Organisations are listed
// when they had a complaint in the year; those with at least five come first, by count, then the
// rest by name, so the order does not betray the hidden counts.
func byOrganisation(ctx context.Context, tx *sqlx.Tx, year int, f *casework.AnnualFigures) error {
	from, to := yearBounds(year)
	var rows []orgRow
	err := tx.SelectContext(ctx, &rows, `
		SELECT o.name AS organisation, o.kind, `+small("count(*)")+` AS complaints,
			`+small("count(*) FILTER (WHERE c.verdict IN ('founded', 'partly_founded'))")+` AS granted
		FROM complaints c
		JOIN complaint_organisations co ON co.complaint_id = c.id
		JOIN organisations o ON o.id = co.organisation_id
		WHERE c.received_at >= $1 AND c.received_at < $2
		GROUP BY o.id
		ORDER BY count(*) >= $3 DESC, CASE WHEN count(*) >= $3 THEN count(*) END DESC, o.name, o.id`,
		from, to, casework.SmallCountLimit)
	f.ByOrganisation = orgBreakdowns(rows)
	return err
}

// byOrganisationKind counts complaints per kind of organisation; a complaint about two
// organisations of one kind counts once for that kind. Kinds with a single organisation would
// show that organisation's count, so the same limit applies.
func byOrganisationKind(ctx context.Context, tx *sqlx.Tx, year int, f *casework.AnnualFigures) error {
	from, to := yearBounds(year)
	var rows []orgRow
	err := tx.SelectContext(ctx, &rows, `
		WITH k AS (
			SELECT DISTINCT c.id, c.verdict, o.kind
			FROM complaints c
			JOIN complaint_organisations co ON co.complaint_id = c.id
			JOIN organisations o ON o.id = co.organisation_id
			WHERE c.received_at >= $1 AND c.received_at < $2
		), kinds AS (
			SELECT kind, ord FROM unnest($3::text[]) WITH ORDINALITY AS x (kind, ord)
		)
		SELECT '' AS organisation, kinds.kind,
			`+small("count(k.id)")+` AS complaints,
			`+small("count(k.id) FILTER (WHERE k.verdict IN ('founded', 'partly_founded'))")+` AS granted
		FROM kinds LEFT JOIN k ON k.kind = kinds.kind
		GROUP BY kinds.kind, kinds.ord
		ORDER BY kinds.ord`, from, to, pq.Array(texts(casework.OrgKinds)))
	f.ByOrganisationKind = orgBreakdowns(rows)
	return err
}

func orgBreakdowns(rows []orgRow) []casework.OrgBreakdown {
	out := make([]casework.OrgBreakdown, len(rows))
	for i, r := range rows {
		out[i] = casework.OrgBreakdown{Organisation: r.Organisation, Kind: r.Kind,
			Complaints: casework.SuppressedOf(r.Complaints), Granted: casework.SuppressedOf(r.Granted)}
	}
	return out
}

// adviceOutcomes tells per organisation what became of the advices addressed to it, for the
// advices on complaints received in the year; the outcome classes are those of summarySQL.
func adviceOutcomes(ctx context.Context, tx *sqlx.Tx, year int, f *casework.AnnualFigures) error {
	from, to := yearBounds(year)
	var rows []struct {
		ID           int64            `db:"id"`
		Organisation string           `db:"organisation"`
		Kind         casework.OrgKind `db:"kind"`
		Issued       *int             `db:"issued"`
		Accepted     *int             `db:"accepted"`
		Rejected     *int             `db:"rejected"`
		Enforced     *int             `db:"enforced"`
		Executed     *int             `db:"executed"`
		Awaiting     *int             `db:"awaiting"`
	}
	err := tx.SelectContext(ctx, &rows, `
		SELECT o.id, o.name AS organisation, o.kind,
			`+small("count(*)")+` AS issued,
			`+small("count(*) FILTER (WHERE a.enforced_at IS NULL AND a.status IN ('accepted', 'executed'))")+` AS accepted,
			`+small("count(*) FILTER (WHERE a.status = 'rejected')")+` AS rejected,
			`+small("count(*) FILTER (WHERE a.enforced_at IS NOT NULL)")+` AS enforced,
			`+small("count(*) FILTER (WHERE a.status = 'executed')")+` AS executed,
			`+small("count(*) FILTER (WHERE a.status = 'issued')")+` AS awaiting
		FROM advices a
		JOIN complaints c ON c.id = a.complaint_id
		JOIN organisations o ON o.id = a.organisation_id
		WHERE c.received_at >= $1 AND c.received_at < $2
		GROUP BY o.id
		ORDER BY count(*) >= $3 DESC, CASE WHEN count(*) >= $3 THEN count(*) END DESC, o.name, o.id`,
		from, to, casework.SmallCountLimit)
	if err != nil {
		return err
	}
	var grounds []struct {
		OrgID  int64                    `db:"organisation_id"`
		Ground casework.RejectionGround `db:"ground"`
		Count  *int                     `db:"n"`
	}
	err = tx.SelectContext(ctx, &grounds, `
		SELECT a.organisation_id, a.rejection_ground AS ground, `+small("count(*)")+` AS n
		FROM advices a JOIN complaints c ON c.id = a.complaint_id
		WHERE c.received_at >= $1 AND c.received_at < $2 AND a.status = 'rejected'
		GROUP BY a.organisation_id, a.rejection_ground
		ORDER BY a.organisation_id, array_position($3::text[], a.rejection_ground)`,
		from, to, pq.Array(texts(casework.RejectionGrounds)))
	if err != nil {
		return err
	}
	byOrg := map[int64][]casework.GroundCount{}
	for _, g := range grounds {
		byOrg[g.OrgID] = append(byOrg[g.OrgID], casework.GroundCount{Ground: g.Ground, Count: casework.SuppressedOf(g.Count)})
	}
	f.AdviceOutcomes = make([]casework.OrgAdviceOutcome, len(rows))
	for i, r := range rows {
		gc := byOrg[r.ID]
		if gc == nil {
			gc = []casework.GroundCount{}
		}
		f.AdviceOutcomes[i] = casework.OrgAdviceOutcome{Organisation: r.Organisation, Kind: r.Kind,
			Issued: casework.SuppressedOf(r.Issued), Accepted: casework.SuppressedOf(r.Accepted),
			Rejected: casework.SuppressedOf(r.Rejected), Enforced: casework.SuppressedOf(r.Enforced),
			Executed: casework.SuppressedOf(r.Executed), Awaiting: casework.SuppressedOf(r.Awaiting),
			RejectionGrounds: gc}
	}
	return nil
}

// rejectionGrounds counts the year's rejections by ground over all organisations together, every
// ground listed. This table is not per organisation, so its counts are shown in full.
func rejectionGrounds(ctx context.Context, tx *sqlx.Tx, year int, f *casework.AnnualFigures) error {
	from, to := yearBounds(year)
	var rows []struct {
		Ground casework.RejectionGround `db:"ground"`
		N      int                      `db:"n"`
	}
	err := tx.SelectContext(ctx, &rows, `
		WITH g AS (SELECT ground, ord FROM unnest($3::text[]) WITH ORDINALITY AS g (ground, ord))
		SELECT g.ground, count(a.id) AS n
		FROM g LEFT JOIN (advices a JOIN complaints c ON c.id = a.complaint_id
			AND c.received_at >= $1 AND c.received_at < $2)
			ON a.rejection_ground = g.ground AND a.status = 'rejected'
		GROUP BY g.ground, g.ord ORDER BY g.ord`, from, to, pq.Array(texts(casework.RejectionGrounds)))
	f.RejectionGrounds = make([]casework.GroundCount, len(rows))
	for i, r := range rows {
		f.RejectionGrounds[i] = casework.GroundCount{Ground: r.Ground, Count: casework.Suppressed{N: r.N}}
	}
	return err
}

// recommendationFigures lists the year's recommendations (by the local date they were made), the
// recommendations of earlier years whose follow-up is not closed (open or partly adopted), and
// counts of every year's recommendations up to this one by follow-up status.
func recommendationFigures(ctx context.Context, tx *sqlx.Tx, year int, f *casework.AnnualFigures) error {
	from, to := yearBounds(year)
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
