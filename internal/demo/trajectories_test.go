package demo_test

import (
	"context"
	"testing"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
)

// checkDemoTrajectories checks the demo's client trajectories in a database the demo was loaded
// into on 23 November 2026 (called from TestDemoPool, so that the demo is loaded once): every
// active member of the pool has trajectories in each of the last five quarters, enough that most
// monthly figures are 5 or more; every topic, channel and outcome occurs; referrals go within the
// pool and outside it; some are still open; the demo supporter (Cliëntenbelang Haarlem) has a
// handful, some of them open.
func checkDemoTrajectories(t *testing.T, db *sqlx.DB) {
	t.Helper()
	ctx := context.Background()
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := db.GetContext(ctx, &n, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	// Quarters from Q3 2025 up to and including Q3 2026: new clients, issues per topic.
	for _, q := range []string{"2025-07-01", "2025-10-01", "2026-01-01", "2026-04-01", "2026-07-01"} {
		started := count(`SELECT count(*) FROM trajectories WHERE started_on >= $1::date AND started_on < $1::date + interval '3 months'`, q)
		if started < 40 {
			t.Errorf("quarter of %s: %d new trajectories, want at least 40", q, started)
		}
		if referred := count(`SELECT count(*) FROM trajectories WHERE started_on >= $1::date
			AND started_on < $1::date + interval '3 months' AND referred_by_id IS NOT NULL`, q); referred < 5 {
			t.Errorf("quarter of %s: %d new trajectories came on a referral within the pool, want at least 5", q, referred)
		}
		var perTopic []int
		if err := db.SelectContext(ctx, &perTopic, `
			SELECT count(i.id) FROM unnest($2::text[]) AS tp(name)
			LEFT JOIN trajectory_issues i ON i.topic = tp.name AND i.noted_on >= $1::date AND i.noted_on < $1::date + interval '3 months'
			GROUP BY tp.name`, q, topicsArray()); err != nil {
			t.Fatal(err)
		}
		five := 0
		for _, n := range perTopic {
			if n >= 5 {
				five++
			}
		}
		if five*3 < len(perTopic)*2 {
			t.Errorf("quarter of %s: only %d of %d topics have 5 or more issues (%v)", q, five, len(perTopic), perTopic)
		}
		if low := count(`
			SELECT count(*) FROM supporters s WHERE s.status = 'active' AND (
				SELECT count(*) FROM trajectories t WHERE t.supporter_id = s.id AND t.started_on < $1::date + interval '3 months'
					AND (t.ended_on IS NULL OR t.ended_on >= $1::date)) < 5
				AND s.name <> 'Cliëntenbelang Haarlem'`, q); low > 0 {
			t.Errorf("quarter of %s: %d members of the pool have fewer than 5 clients", q, low)
		}
	}
	for _, c := range []struct {
		what  string
		query string
		want  int
	}{
		{"topics", `SELECT count(DISTINCT topic) FROM trajectory_issues`, len(casework.IssueTopics)},
		{"channels", `SELECT count(DISTINCT channel) FROM trajectory_activities`, len(casework.ActivityChannels)},
		{"outcomes", `SELECT count(DISTINCT outcome) FROM trajectories`, len(casework.TrajectoryOutcomes)},
	} {
		if n := count(c.query); n != c.want {
			t.Errorf("%s: %d different, want all %d", c.what, n, c.want)
		}
	}
	if n := count(`SELECT count(*) FROM trajectory_referrals WHERE to_supporter_id IS NOT NULL`); n < 20 {
		t.Errorf("%d referrals within the pool", n)
	}
	if n := count(`SELECT count(*) FROM trajectory_referrals WHERE to_organisation <> ''`); n < 20 {
		t.Errorf("%d referrals outside the pool", n)
	}
	if n := count(`SELECT count(*) FROM trajectories WHERE ended_on IS NULL`); n < 20 {
		t.Errorf("%d open trajectories", n)
	}
	if n := count(`SELECT count(*) FROM trajectories t JOIN trajectory_referrals r ON r.trajectory_id = t.id
		WHERE r.to_supporter_id = t.supporter_id`); n != 0 {
		t.Errorf("%d referrals to the supporter itself", n)
	}
	own := count(`SELECT count(*) FROM trajectories t JOIN users u ON u.supporter_id = t.supporter_id
		WHERE u.email = 'ondersteuner@meldpunt.example'`)
	ownOpen := count(`SELECT count(*) FROM trajectories t JOIN users u ON u.supporter_id = t.supporter_id
		WHERE u.email = 'ondersteuner@meldpunt.example' AND t.ended_on IS NULL`)
	if own < 5 || own > 20 || ownOpen < 2 {
		t.Errorf("the demo supporter has %d trajectories, %d open; want a handful, some open", own, ownOpen)
	}
	if n := count(`SELECT count(*) FROM trajectories WHERE started_on > '2026-11-23' OR ended_on > '2026-11-23'`) +
		count(`SELECT count(*) FROM trajectory_activities WHERE on_date > '2026-11-23'`); n != 0 {
		t.Errorf("%d records lie in the future", n)
	}
}

func topicsArray() string {
	s := "{"
	for i, tp := range casework.IssueTopics {
		if i > 0 {
			s += ","
		}
		s += string(tp)
	}
	return s + "}"
}
