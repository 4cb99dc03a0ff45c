package postgres_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

// goalSupportFigures is the goal: a year's figures over 100,000 trajectories in under 2 s.
const goalSupportFigures = 2 * time.Second

// supportPlainSQL are the same figures as supportFiguresSQL in the plainest SQL, one query each,
// without hiding anything: the floor the store's single statement is measured against.
var supportPlainSQL = []string{
	`SELECT count(*), count(*) FILTER (WHERE started_on >= $1), count(*) FILTER (WHERE started_on >= $1 AND referred_by_id IS NOT NULL)
	FROM trajectories WHERE started_on < $2 AND (ended_on IS NULL OR ended_on >= $1)`,
	`SELECT s.name, count(*) FROM trajectories t JOIN supporters s ON s.id = t.supporter_id
	WHERE t.started_on < $2 AND (t.ended_on IS NULL OR t.ended_on >= $1) GROUP BY s.name`,
	`SELECT s.name, sum(a.minutes) FROM trajectory_activities a JOIN trajectories t ON t.id = a.trajectory_id
	JOIN supporters s ON s.id = t.supporter_id WHERE a.on_date >= $1 AND a.on_date < $2 GROUP BY s.name`,
	`SELECT channel, count(*), sum(minutes) FROM trajectory_activities WHERE on_date >= $1 AND on_date < $2 GROUP BY channel`,
	`SELECT topic, count(*) FROM trajectory_issues WHERE noted_on >= $1 AND noted_on < $2 GROUP BY topic`,
	`SELECT to_supporter_id IS NULL, count(*) FROM trajectory_referrals WHERE on_date >= $1 AND on_date < $2 GROUP BY 1`,
	`SELECT outcome, count(*) FROM trajectories WHERE ended_on >= $1 AND ended_on < $2 GROUP BY outcome`,
	`SELECT count(*), count(*) FILTER (WHERE supporter_name <> '' OR supporter_id IS NOT NULL
		OR EXISTS (SELECT 1 FROM representations r WHERE r.complaint_id = complaints.id)) FROM complaints
	WHERE received_at >= $1 AND received_at < $2`, // the local midnights that begin and end the period
}

// BenchmarkSupportFigures loads a pool of 60 supporters with 100,000 trajectories begun from
// January 2024 to September 2026 (seven in ten ended, one in ten on a referral within the pool),
// 150,000 issues, 800,000 activities (eight per trajectory, weekly, 15 to 105 minutes) and 30,000
// referrals, and 5,000 complaints; then, in one run, times db.SupportFigures on 2025 against the
// same figures in plain SQL (supportPlainSQL), five times each in turn, and reports the medians and
// their ratio. Run it with -benchtime 1x: one op is the whole measurement.
func BenchmarkSupportFigures(b *testing.B) {
	ctx := context.Background()
	url := pgtest.NewURL(b)
	sqldb := openPool(b, url, 4)
	now := time.Date(2026, 11, 24, 9, 30, 0, 0, term.Amsterdam())
	store := postgres.New(sqldb, func() time.Time { return now }, postgres.DefaultTerms)
	loadStart := time.Now()
	if err := seedAdvices(ctx, sqldb, seedSpec{Organisations: 1, Complaints: 5000, PerComplaint: 1,
		Received: time.Date(2025, 1, 1, 12, 0, 0, 0, term.Amsterdam()),
		Deadline: `$1::timestamptz`, Status: `'issued'`, Args: []any{time.Date(2026, 12, 1, 0, 0, 0, 0, term.Amsterdam())}}); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{
		// The complaints over two years.
		`UPDATE complaints SET received_at = received_at + (id % 700) * interval '1 day'`,
		`INSERT INTO supporters (name, kind, description_nl, life_domains, languages, independence, created_at, updated_at)
		SELECT 'Ondersteuner ' || g, CASE WHEN g % 3 = 0 THEN 'professional' ELSE 'organisation' END, 'Cliëntondersteuning.',
			'{care}', '{nl}', 'Onafhankelijk.', now(), now() FROM generate_series(1, 60) g`,
		`INSERT INTO trajectories (supporter_id, client_label, started_on, ended_on, outcome, referred_by_id, created_at, updated_at)
		SELECT s.id, 'C' || g, d, CASE WHEN g % 10 < 7 THEN d + (g % 200) END,
			CASE WHEN g % 10 < 7 THEN (ARRAY['resolved', 'partly_resolved', 'not_resolved', 'referred', 'client_stopped'])[1 + g % 5] END,
			CASE WHEN g % 10 = 9 THEN (SELECT min(id) FROM supporters) END, now(), now()
		FROM generate_series(1, 100000) g
		CROSS JOIN LATERAL (SELECT date '2024-01-01' + (g * 7919 % 1000) AS d) dd
		JOIN supporters s ON s.name = 'Ondersteuner ' || (1 + g % 60)`,
		`INSERT INTO trajectory_issues (trajectory_id, topic, noted_on)
		SELECT t.id, (ARRAY['day_activities', 'household_help', 'transport', 'aids_adaptations', 'care_at_home', 'youth_care',
			'work_income', 'finances', 'debts', 'housing_shelter', 'health', 'education', 'objection_appeal', 'complaint',
			'other'])[1 + (t.id * 7 + k) % 15], t.started_on + k * 14
		FROM trajectories t, generate_series(0, 1) k WHERE k = 0 OR t.id % 2 = 0`,
		`INSERT INTO trajectory_activities (trajectory_id, on_date, channel, minutes)
		SELECT t.id, t.started_on + k * 7, (ARRAY['phone', 'email', 'whatsapp', 'walk_in', 'home_visit', 'video', 'letter',
			'accompanied', 'desk'])[1 + (t.id + k) % 9], 15 + (t.id * (k + 1)) % 91
		FROM trajectories t, generate_series(0, 7) k`,
		`INSERT INTO trajectory_referrals (trajectory_id, on_date, to_supporter_id, to_organisation)
		SELECT t.id, t.started_on + 21, CASE WHEN t.id % 2 = 0 THEN t.supporter_id % 60 + (SELECT min(id) FROM supporters) END,
			CASE WHEN t.id % 2 = 1 THEN 'Schuldhulpverlening' ELSE '' END
		FROM trajectories t WHERE t.id % 10 < 3`,
		`VACUUM ANALYZE`,
	} {
		if _, err := sqldb.ExecContext(ctx, q); err != nil {
			b.Fatalf("load: %v\n%s", err, q)
		}
	}
	var counts struct{ T, I, A, R int }
	if err := sqldb.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM trajectories), (SELECT count(*) FROM trajectory_issues),
		(SELECT count(*) FROM trajectory_activities), (SELECT count(*) FROM trajectory_referrals)`).Scan(&counts.T, &counts.I,
		&counts.A, &counts.R); err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d trajectories, %d issues, %d activities, %d referrals in %s", counts.T, counts.I, counts.A, counts.R,
		time.Since(loadStart).Round(time.Second))

	period := casework.SupportPeriod{Year: 2025}
	from, until := period.Days()
	fromAt := time.Date(2025, 1, 1, 0, 0, 0, 0, term.Amsterdam())
	untilAt := time.Date(2026, 1, 1, 0, 0, 0, 0, term.Amsterdam())
	plain := func() (int, error) {
		var clients int
		for i, q := range supportPlainSQL {
			args := []any{from.Format(time.DateOnly), until.Format(time.DateOnly)}
			if i == len(supportPlainSQL)-1 {
				args = []any{fromAt, untilAt}
			}
			rows, err := sqldb.QueryContext(ctx, q, args...)
			if err != nil {
				return 0, err
			}
			for rows.Next() {
				if i == 0 {
					var n, m int
					if err := rows.Scan(&clients, &n, &m); err != nil {
						rows.Close()
						return 0, err
					}
				}
			}
			if err := rows.Close(); err != nil {
				return 0, err
			}
		}
		return clients, nil
	}
	var storeTimes, sqlTimes []time.Duration
	b.ResetTimer()
	for range b.N {
		for range 5 {
			start := time.Now()
			f, err := store.SupportFigures(ctx, period)
			if err != nil {
				b.Fatal(err)
			}
			storeTimes = append(storeTimes, time.Since(start))
			start = time.Now()
			clients, err := plain()
			if err != nil {
				b.Fatal(err)
			}
			sqlTimes = append(sqlTimes, time.Since(start))
			if !f.Clients.Shown() || f.Clients.N != clients || len(f.HoursBySupporter) != 60 {
				b.Fatalf("the store counts %s clients over %d supporters, plain SQL %d", f.Clients, len(f.HoursBySupporter), clients)
			}
		}
	}
	b.StopTimer()
	slices.Sort(storeTimes)
	slices.Sort(sqlTimes)
	storeMedian, sqlMedian := storeTimes[len(storeTimes)/2], sqlTimes[len(sqlTimes)/2]
	b.ReportMetric(0, "ns/op") // one op is the whole measurement; the metrics below are the result
	b.ReportMetric(float64(storeMedian.Nanoseconds()), "store-ns/op")
	b.ReportMetric(float64(sqlMedian.Nanoseconds()), "plain-sql-ns/op")
	b.ReportMetric(storeMedian.Seconds()/sqlMedian.Seconds(), "store/sql")
	b.Logf("a year's figures over %d trajectories: store %s (runs %v), plain SQL %s (runs %v), ratio %.2f; goal under %s: %v",
		counts.T, storeMedian.Round(time.Millisecond), storeTimes, sqlMedian.Round(time.Millisecond), sqlTimes,
		storeMedian.Seconds()/sqlMedian.Seconds(), goalSupportFigures, storeMedian < goalSupportFigures)
	if storeMedian >= goalSupportFigures {
		b.Errorf("a year's figures took %s, over the goal of %s", storeMedian, goalSupportFigures)
	}
}
