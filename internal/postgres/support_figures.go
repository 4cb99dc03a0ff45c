package postgres

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

// The figures of client support for the municipality and for the annual report's chapter
// "Cliëntondersteuning": counts from the supporters' records of their trajectories (migration
// 00018) and from the complaints, over a quarter or a year. The definitions are in the doc comment
// of casework.SupportFigures; every one of them is in supportFiguresSQL below. Destroyed cases count
// like any other (see annual.go). No client label
// and no complaint leaves the query, and counts under casework.SmallCountLimit are NULL before
// they leave the database (with the hours behind them).

// supportFiguresSQL computes every figure of a period in one statement (one snapshot): $1 is the
// period's first day, $2 the first day after it, $3 and $4 the local midnights (Europe/Amsterdam)
// that begin those days, for the complaints. Each row is one cell: dim names the figure, key the
// category (a topic, a channel, an outcome, a supporter's name), n the count (NULL when hidden),
// minutes the minutes behind it (NULL when its count is hidden); the row of the complaints has the
// count of those with a supporter and its share (a percentage, NULL when either count is hidden).
func supportFiguresSQL() string {
	limit := fmt.Sprint(casework.SmallCountLimit)
	// shown is expr when count is at least the limit, NULL otherwise.
	shown := func(count, expr string) string {
		return `CASE WHEN ` + count + ` < ` + limit + ` THEN NULL ELSE ` + expr + ` END`
	}
	return `
WITH t AS MATERIALIZED (
	SELECT supporter_id, started_on >= $1 AS new, referred_by_id IS NOT NULL AS referred
	FROM trajectories
	WHERE started_on < $2 AND (ended_on IS NULL OR ended_on >= $1)
), clients AS (
	SELECT supporter_id, count(*) AS n, count(*) FILTER (WHERE new) AS new,
		count(*) FILTER (WHERE new AND referred) AS referred
	FROM t GROUP BY supporter_id
), work AS MATERIALIZED (
	SELECT tr.supporter_id, a.channel, count(*) AS n, sum(a.minutes) AS minutes
	FROM trajectory_activities a JOIN trajectories tr ON tr.id = a.trajectory_id
	WHERE a.on_date >= $1 AND a.on_date < $2
	GROUP BY tr.supporter_id, a.channel
), per_supporter AS (
	SELECT coalesce(c.supporter_id, w.supporter_id) AS supporter_id, coalesce(c.n, 0) AS n,
		coalesce(w.minutes, 0) AS minutes
	FROM clients c
	FULL JOIN (SELECT supporter_id, sum(minutes) AS minutes FROM work GROUP BY supporter_id) w
		ON w.supporter_id = c.supporter_id
), totals AS (
	SELECT coalesce(sum(n), 0) AS n, coalesce(sum(new), 0) AS new, coalesce(sum(referred), 0) AS referred
	FROM clients
)
SELECT 'clients' AS dim, '' AS key, ` + shown("n", "n") + ` AS n,
	` + shown("n", "(SELECT coalesce(sum(minutes), 0) FROM work)") + ` AS minutes, NULL::bigint AS with_supporter, NULL::float8 AS share
FROM totals
UNION ALL
SELECT 'new_clients', '', ` + shown("new", "new") + `, NULL, NULL, NULL FROM totals
UNION ALL
SELECT 'referred_clients', '', ` + shown("referred", "referred") + `, NULL, NULL, NULL FROM totals
UNION ALL
SELECT 'supporter', s.name, ` + shown("p.n", "p.n") + `, ` + shown("p.n", "p.minutes") + `, NULL, NULL
FROM per_supporter p JOIN supporters s ON s.id = p.supporter_id
UNION ALL
SELECT 'channel', coalesce(channel, ''), ` + shown("sum(n)", "sum(n)") + `, ` + shown("sum(n)", "sum(minutes)") + `, NULL, NULL
FROM work GROUP BY ROLLUP (channel)
UNION ALL
(SELECT 'topic', coalesce(topic, ''), ` + shown("count(*)", "count(*)") + `, NULL, NULL, NULL
FROM trajectory_issues WHERE noted_on >= $1 AND noted_on < $2 GROUP BY ROLLUP (topic))
UNION ALL
(SELECT 'outcome', coalesce(outcome, ''), ` + shown("count(*)", "count(*)") + `, NULL, NULL, NULL
FROM trajectories WHERE ended_on >= $1 AND ended_on < $2 GROUP BY ROLLUP (outcome))
UNION ALL
(SELECT 'referral', CASE GROUPING(to_supporter_id IS NULL) WHEN 1 THEN ''
		WHEN 0 THEN CASE WHEN to_supporter_id IS NULL THEN 'outside' ELSE 'pool' END END,
	` + shown("count(*)", "count(*)") + `, NULL, NULL, NULL
FROM trajectory_referrals WHERE on_date >= $1 AND on_date < $2 GROUP BY ROLLUP ((to_supporter_id IS NULL)))
UNION ALL
(SELECT 'complaints', '', ` + shown("count(*)", "count(*)") + `, NULL,
	` + shown("count(*) FILTER (WHERE "+complaintWithSupporter+")", "count(*) FILTER (WHERE "+complaintWithSupporter+")") + `,
	CASE WHEN count(*) < ` + limit + ` OR count(*) FILTER (WHERE ` + complaintWithSupporter + `) < ` + limit + ` THEN NULL
		ELSE round(100.0 * count(*) FILTER (WHERE ` + complaintWithSupporter + `) / count(*), 1)::float8 END
FROM complaints c WHERE c.received_at >= $3 AND c.received_at < $4)`
}

// supportCell is one row of supportFiguresSQL.
type supportCell struct {
	Dim     string `db:"dim"`
	Key     string `db:"key"`
	N       *int   `db:"n"`
	Minutes *int   `db:"minutes"`
	// WithSupporter and Share are set on the row of the complaints only.
	WithSupporter *int     `db:"with_supporter"`
	Share         *float64 `db:"share"`
}

// SupportFigures computes the figures of client support over period p (a quarter or a year in
// Europe/Amsterdam), with small counts hidden and the counts that would reveal them withheld.
func (db *DB) SupportFigures(ctx context.Context, p casework.SupportPeriod) (casework.SupportFigures, error) {
	f, err := supportFigures(ctx, db.db, p)
	if err != nil {
		return f, fmt.Errorf("support figures %s: %w", p, err)
	}
	return f, nil
}

// clientSupportFigures is the annual report's step for its chapter on client support: the
// figures of the whole year, in the report's snapshot.
func clientSupportFigures(ctx context.Context, tx *sqlx.Tx, year int, f *casework.AnnualFigures) error {
	s, err := supportFigures(ctx, tx, casework.SupportPeriod{Year: year})
	if err != nil {
		return err
	}
	f.ClientSupport = &s
	return nil
}

// supportPeriodBounds returns the period's first day and the first day after it, and the local
// midnights that begin them.
func supportPeriodBounds(p casework.SupportPeriod) (from, until time.Time, fromAt, untilAt time.Time) {
	from, until = p.Days()
	local := func(d time.Time) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, term.Amsterdam())
	}
	return from, until, local(from), local(until)
}

func supportFigures(ctx context.Context, q sqlx.QueryerContext, p casework.SupportPeriod) (casework.SupportFigures, error) {
	from, until, fromAt, untilAt := supportPeriodBounds(p)
	f := casework.SupportFigures{Period: p, PeriodFrom: from.Format(time.DateOnly),
		PeriodTo: until.AddDate(0, 0, -1).Format(time.DateOnly)}
	var cells []supportCell
	if err := sqlx.SelectContext(ctx, q, &cells, supportFiguresSQL(), from.Format(time.DateOnly),
		until.Format(time.DateOnly), fromAt, untilAt); err != nil {
		return f, err
	}
	hours := func(minutes *int) *float64 {
		if minutes == nil {
			return nil
		}
		h := math.Round(float64(*minutes)/6) / 10
		return &h
	}
	// A category without rows counts zero, which is under the limit: hidden.
	topics := map[string]*int{}
	channels := map[string]supportCell{}
	outcomes := map[string]*int{}
	hidden := casework.Suppressed{Hidden: true}
	f.Issues, f.Activities, f.Referrals, f.ReferralsInPool, f.ReferralsOutside, f.Ended = hidden, hidden, hidden, hidden, hidden, hidden
	f.HoursBySupporter = []casework.SupporterHours{}
	for _, c := range cells {
		n := casework.SuppressedOf(c.N)
		switch c.Dim {
		case "clients":
			f.Clients, f.Hours = n, hours(c.Minutes)
		case "new_clients":
			f.NewClients = n
		case "referred_clients":
			f.ReferredClients = n
		case "supporter":
			f.HoursBySupporter = append(f.HoursBySupporter, casework.SupporterHours{Supporter: c.Key, Clients: n,
				Hours: hours(c.Minutes)})
		case "channel":
			if c.Key == "" {
				f.Activities = n
			} else {
				channels[c.Key] = c
			}
		case "topic":
			if c.Key == "" {
				f.Issues = n
			} else {
				topics[c.Key] = c.N
			}
		case "outcome":
			if c.Key == "" {
				f.Ended = n
			} else {
				outcomes[c.Key] = c.N
			}
		case "referral":
			switch c.Key {
			case "":
				f.Referrals = n
			case "pool":
				f.ReferralsInPool = n
			case "outside":
				f.ReferralsOutside = n
			}
		case "complaints":
			f.Complaints, f.ComplaintsWithSupporter = n, casework.SuppressedOf(c.WithSupporter)
			f.WithSupporterShare = c.Share
		}
	}
	// The members in the order of their names, never of their (possibly hidden) counts.
	sortByName(f.HoursBySupporter)
	f.IssuesByTopic = make([]casework.TopicCount, len(casework.IssueTopics))
	for i, t := range casework.IssueTopics {
		f.IssuesByTopic[i] = casework.TopicCount{Topic: t, Issues: casework.SuppressedOf(topics[string(t)])}
	}
	f.ActivitiesByChannel = make([]casework.ChannelCount, len(casework.ActivityChannels))
	for i, ch := range casework.ActivityChannels {
		c := channels[string(ch)]
		f.ActivitiesByChannel[i] = casework.ChannelCount{Channel: ch, Activities: casework.SuppressedOf(c.N),
			Hours: hours(c.Minutes)}
	}
	f.OutcomesByOutcome = make([]casework.OutcomeCount, len(casework.TrajectoryOutcomes))
	for i, o := range casework.TrajectoryOutcomes {
		f.OutcomesByOutcome[i] = casework.OutcomeCount{Outcome: o, Trajectories: casework.SuppressedOf(outcomes[string(o)])}
	}
	f.Protect()
	return f, nil
}

func sortByName(rows []casework.SupporterHours) {
	slices.SortFunc(rows, func(a, b casework.SupporterHours) int { return strings.Compare(a.Supporter, b.Supporter) })
}
