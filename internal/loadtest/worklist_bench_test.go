package loadtest_test

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

var flagWorklistPairs = flag.Int("worklist.pairs", 3, "round pairs per comparison of BenchmarkWorklistCounts")

// seedWorklist adds to seedHistory's database what the worklist's newer counts count (issue 14
// point 7): hearings this week for one case in 23 in treatment (complainant and organisation at
// the same hour), organisations' answers of the last three days still unread (one in four advices still
// in their term accepted; older answers read a day after they came), and letters waiting for an address (one in 997).
func seedWorklist(ctx context.Context, db *sqlx.DB, now time.Time) error {
	today := term.LocalDate(now)
	monday := today.AddDays(-((int(today.Weekday()) + 6) % 7))
	steps := []string{`
		INSERT INTO hearing_invitations (complaint_id, party, organisation_id, hearing_on, hearing_time, place, sent_at)
		SELECT c.id, p.party, CASE WHEN p.party = 'organisation' THEN co.organisation_id END,
			$1::date + (c.id % 7)::int, '10:00', 'Stadhuis', $2::timestamptz - interval '10 days'
		FROM complaints c JOIN complaint_organisations co ON co.complaint_id = c.id
		CROSS JOIN (VALUES ('complainant'), ('organisation')) p (party)
		WHERE c.status = 'in_treatment' AND c.id % 23 = 0`, `
		UPDATE advices SET answer_read_at = responded_at + interval '1 day'
		WHERE responded_at IS NOT NULL AND responded_at < $2::timestamptz - interval '3 days' AND $1::date IS NOT NULL`, `
		UPDATE advices SET status = 'accepted', responded_at = greatest(issued_at, $2::timestamptz - (id % 3) * interval '1 day')
		WHERE status = 'issued' AND id % 4 = 0 AND $1::date IS NOT NULL`, `
		UPDATE notices SET status = 'no_address', sent_at = NULL
		WHERE id % 997 = 0 AND status = 'sent' AND $1::date IS NOT NULL AND $2::timestamptz IS NOT NULL`,
		`ANALYZE`,
	}
	for i, q := range steps {
		args := []any{monday, now}
		if q == `ANALYZE` {
			args = nil
		}
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("seed worklist step %d: %w", i+1, err)
		}
	}
	return nil
}

// BenchmarkWorklistCounts measures what the worklist's counts cost at 100,000 complaints
// (store.WorkCounts, one statement), first one call at a time, then from 16 clients in alternating
// rounds against the store calls of today's worklist (store.WorkList: its lists and totals, as
// /werk runs it now) and of GET /api/v1/watch (store.Watch). It also times a page of a list and a
// search by part of a name along the trigram index.
func BenchmarkWorklistCounts(b *testing.B) {
	ctx := b.Context()
	clients := *flagClients
	w := newStaffWorld(b, *flagPagesComplaints, *flagPool)
	me := w.handlers[0]
	actor := casework.ActorOf(me)
	var total int
	if err := w.sqlDB.GetContext(ctx, &total, `SELECT count(*) FROM complaints`); err != nil {
		b.Fatal(err)
	}
	counts, err := w.store.WorkCounts(ctx, me.ID)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("database: %d complaints, seeded in %v; counts: %+v", total, time.Since(w.started).Round(time.Millisecond), counts)
	if counts.ToTakeUp == 0 || counts.MineOpen == 0 || counts.Hearings.All == 0 || counts.AdvicesOverdue.All == 0 ||
		counts.Answered.All == 0 || counts.NoAddress == 0 || counts.Overdue.All+counts.Ending.All == 0 {
		b.Fatalf("a count is 0 in the seeded world: %+v", counts)
	}

	// One at a time: the cost of each call with the database to itself.
	timed := func(name string, n int, f func() error) []time.Duration {
		lat := make([]time.Duration, 0, n)
		for range n {
			t0 := time.Now()
			if err := f(); err != nil {
				b.Fatalf("%s: %v", name, err)
			}
			lat = append(lat, time.Since(t0))
		}
		slices.Sort(lat)
		return lat
	}
	calls := []struct {
		name string
		f    func() error
	}{
		{"WorkCounts", func() error { _, err := w.store.WorkCounts(ctx, me.ID); return err }},
		{"WorkList (today's /werk)", func() error { _, err := w.store.WorkList(ctx, me.ID, 5, 50); return err }},
		{"Watch (GET /api/v1/watch)", func() error { _, err := w.store.Watch(ctx, 5); return err }},
		{"WorkCases mine, page 1", func() error {
			_, err := w.store.WorkCases(ctx, actor, casework.WorkQuery{List: casework.WorkMine, HandlerID: me.ID})
			return err
		}},
		{"WorkCases take_up, page 2", func() error {
			_, err := w.store.WorkCases(ctx, actor, casework.WorkQuery{List: casework.WorkToTakeUp, HandlerID: me.ID, Page: 2})
			return err
		}},
		{"WorkCases search 'ënt 4242'", func() error {
			p, err := w.store.WorkCases(ctx, actor, casework.WorkQuery{HandlerID: me.ID, Search: "ënt 4242"})
			if err == nil && p.Total == 0 {
				err = fmt.Errorf("nothing found")
			}
			return err
		}},
		{"WorkCases search 'H-0012'", func() error {
			p, err := w.store.WorkCases(ctx, actor, casework.WorkQuery{HandlerID: me.ID, Search: "H-0012"})
			if err == nil && p.Total == 0 {
				err = fmt.Errorf("nothing found")
			}
			return err
		}},
	}
	for _, c := range calls {
		c.f() // warm
	}
	b.ResetTimer()
	for _, c := range calls {
		lat := timed(c.name, 100, c.f)
		unit := strings.NewReplacer(" ", "-", "'", "", "(", "", ")", "", "/", "", ",", "").Replace(c.name)
		b.ReportMetric(percentile(lat, 0.5), unit+"-p50-ms")
		fmt.Printf("one at a time: %s p50 %.2f ms, p99 %.2f ms (100 calls)\n", c.name, percentile(lat, 0.5), percentile(lat, 0.99))
	}

	// Under load: 16 clients, alternating rounds.
	call := func(s *side, f func() error) func(int, int) bool {
		return func(int, int) bool {
			if err := f(); err != nil {
				s.fail(err.Error())
				return false
			}
			return true
		}
	}
	countsSide, oldSide := &side{name: "WorkCounts"}, &side{name: "WorkList (today's /werk)"}
	countsSide2, watchSide := &side{name: "WorkCounts"}, &side{name: "Watch (GET /api/v1/watch)"}
	for _, cmp := range []struct {
		a, b   *side
		fa, fb func() error
	}{
		{countsSide, oldSide, calls[0].f, calls[1].f},
		{countsSide2, watchSide, calls[0].f, calls[2].f},
	} {
		rounds := alternate(*flagWorklistPairs*b.N, clients, *flagRound, cmp.a, cmp.b, call(cmp.a, cmp.fa), call(cmp.b, cmp.fb))
		b.Logf("%s vs %s rounds: %s", cmp.a.name, cmp.b.name, strings.Join(rounds, ", "))
		for _, s := range []*side{cmp.a, cmp.b} {
			if f := s.failures.Load(); f > 0 {
				b.Fatalf("%s: %d calls failed; first: %s", s.name, f, firstErr(s))
			}
			slices.Sort(s.latencies)
		}
		fmt.Printf("%d clients: %s %.0f/s (p50 %.1f ms, p99 %.1f ms) vs %s %.0f/s (p50 %.1f ms, p99 %.1f ms): ratio %.2f; %d complaints\n",
			clients, cmp.a.name, cmp.a.rate(), percentile(cmp.a.latencies, 0.5), percentile(cmp.a.latencies, 0.99),
			cmp.b.name, cmp.b.rate(), percentile(cmp.b.latencies, 0.5), percentile(cmp.b.latencies, 0.99),
			cmp.a.rate()/cmp.b.rate(), total)
	}
	b.StopTimer()
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(countsSide.rate(), "counts/s")
	b.ReportMetric(oldSide.rate(), "old-worklist/s")
	b.ReportMetric(watchSide.rate(), "watch/s")
}
