package postgres_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lib/pq"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

// addBulk writes n pending letters of a bulk kind (acknowledgements) about the complaint ref, due
// from first on, one second apart, in the reverse order of their ids: the oldest due has the
// highest id, so that a claim in id order and one in due order differ. It returns their ids, oldest
// due first.
func (f *fx) addBulk(ref string, n int, first time.Time) []int64 {
	f.t.Helper()
	var ids []int64
	f.must(f.sql.SelectContext(f.ctx, &ids, `
		INSERT INTO notices (complaint_id, kind, recipient, dedupe_key, language, name, email, created_at, next_attempt_at)
		SELECT $1, 'acknowledgement', 'complainant', 'bulk:' || i, 'nl', 'Bulk ' || i, 'bulk' || i || '@example.nl',
			$2::timestamptz + ($3 - i) * interval '1 second', $2::timestamptz + ($3 - i) * interval '1 second'
		FROM generate_series(1, $3) i
		RETURNING id`, f.complaintID(ref), first, n))
	slices.Reverse(ids)
	return ids
}

func kindsOf(list []postgres.Delivery) []string {
	var kinds []string
	for _, d := range list {
		kinds = append(kinds, fmt.Sprintf("%s/%s", d.Kind, d.Recipient))
	}
	return kinds
}

// TestNoticePriorityByKind: the letters with a legal consequence are written at PriorityLegal, the
// rest at PriorityNormal, by every path that writes notices (the store's transitions and the sweep).
func TestNoticePriorityByKind(t *testing.T) {
	legal := []string{postgres.NoticeEnforcedComplainant, postgres.NoticeEnforcedOrganisation, postgres.NoticeEnforcementCorrected,
		postgres.NoticeRuling, postgres.NoticeAdviceIssued, postgres.NoticeResponseAccepted, postgres.NoticeResponseRejected,
		postgres.NoticeInadmissible, postgres.NoticePostponement, postgres.NoticeHearingInvitation, postgres.NoticeHearingReport,
		postgres.NoticeCaseEnded}
	normal := []string{postgres.NoticeAcknowledgement, postgres.NoticeCopyToOrganisation,
		postgres.NoticeReminder, postgres.NoticeClosed, "a_kind_nobody_knows"}
	for _, c := range []struct {
		kinds []string
		want  int
	}{{legal, postgres.PriorityLegal}, {normal, postgres.PriorityNormal}} {
		for _, kind := range c.kinds {
			if got := postgres.NoticePriority(kind); got != c.want {
				t.Errorf("NoticePriority(%q) = %d, want %d", kind, got, c.want)
			}
		}
	}
	f := newFx(t, local(2026, 11, 23, 10, 0))
	_, advices := f.advised(casework.VerdictFounded, []int64{f.orgA.ID}, f.orgA.ID)
	_, err := f.db.Postpone(f.ctx, f.actor, f.inTreatment(f.orgB.ID), casework.Postponement{Days: 14, Reason: "Wachten op stukken."})
	f.must(err)
	f.clock.Set(advices[0].DeadlineAt)
	if res, err := f.db.Sweep(f.ctx, 0); err != nil || res.Enforced != 1 {
		t.Fatalf("sweep: %+v %v", res, err)
	}
	var rows []struct {
		Kind     string `db:"kind"`
		Priority int    `db:"priority"`
	}
	f.must(f.sql.SelectContext(f.ctx, &rows, `SELECT DISTINCT kind, priority FROM notices ORDER BY kind`))
	seen := map[string]bool{}
	for _, r := range rows {
		seen[r.Kind] = true
		if want := postgres.NoticePriority(r.Kind); r.Priority != want {
			t.Errorf("%s letters written at priority %d, want %d", r.Kind, r.Priority, want)
		}
	}
	for _, k := range []string{postgres.NoticeAcknowledgement, postgres.NoticeRuling, postgres.NoticeAdviceIssued,
		postgres.NoticePostponement, postgres.NoticeEnforcedComplainant, postgres.NoticeEnforcedOrganisation} {
		if !seen[k] {
			t.Errorf("the scenario wrote no %s letter (%v)", k, rows)
		}
	}
}

// TestClaimTakesLegalLettersFirst: with thousands of bulk letters waiting, the enforcement letters
// the sweep writes later are claimed first; within a priority the longest due goes first (not the
// lowest id); a legal letter waiting out its back-off is not claimed before its time, and is claimed
// ahead of the bulk once it is due.
func TestClaimTakesLegalLettersFirst(t *testing.T) {
	f := newFx(t, local(2026, 11, 23, 10, 0))
	ref, advices := f.advised(casework.VerdictFounded, []int64{f.orgA.ID}, f.orgA.ID)
	// The case's earlier letters went out; its ruling letter to the complainant failed once and waits
	// out its back-off until ten minutes after the deadline.
	deadline := advices[0].DeadlineAt
	f.must(f.exec(`UPDATE notices SET status = 'sent'`))
	f.must(f.exec(`UPDATE notices SET status = 'pending', attempts = 1, next_attempt_at = $1
		WHERE kind = 'ruling' AND recipient = 'complainant'`, deadline.Add(10*time.Minute)))
	const bulk = 3000
	ids := f.addBulk(ref, bulk, local(2026, 11, 24, 9, 0))

	f.clock.Set(deadline)
	if res, err := f.db.Sweep(f.ctx, 0); err != nil || res.Enforced != 1 || res.Notices != 2 {
		t.Fatalf("sweep: %+v %v", res, err)
	}
	if n := f.count(`SELECT count(*) FROM notices WHERE status = 'pending' AND next_attempt_at <= $1`, deadline); n != bulk+2 {
		t.Fatalf("%d letters due, want %d", n, bulk+2)
	}
	// Nothing urgent is due but the enforcement letters.
	urgent, err := f.db.ClaimUrgentNotices(f.ctx, 50, time.Hour)
	f.must(err)
	if got := strings.Join(kindsOf(urgent), " "); got != "enforced_complainant/complainant enforced_organisation/organisation" {
		t.Fatalf("urgent claim: %s, want the two enforcement letters only", got)
	}
	for _, d := range urgent {
		if d.Priority != postgres.PriorityLegal || !d.DueAt.Equal(deadline) {
			t.Errorf("%s: priority %d, due %s", d.Kind, d.Priority, d.DueAt)
		}
		f.must(f.db.Release(f.ctx, d))
	}
	// A claim of everything takes them first, then the bulk by due time.
	list, err := f.db.ClaimNotices(f.ctx, 50, time.Hour)
	f.must(err)
	if len(list) != 50 {
		t.Fatalf("claimed %d, want 50", len(list))
	}
	if got := kindsOf(list[:2]); got[0] != "enforced_complainant/complainant" || got[1] != "enforced_organisation/organisation" {
		t.Fatalf("the claim begins with %v, want the enforcement letters", kindsOf(list[:5]))
	}
	for i, d := range list[2:] {
		if d.ID != ids[i] || d.Kind != postgres.NoticeAcknowledgement {
			t.Fatalf("claim position %d: notice %d (%s, due %s), want bulk notice %d: the oldest due first", i+2, d.ID, d.Kind,
				d.DueAt.In(ams).Format(time.DateTime), ids[i])
		}
	}
	// The ruling letter in back-off is not due yet: the next claim is bulk only.
	next, err := f.db.ClaimNotices(f.ctx, 10, time.Hour)
	f.must(err)
	for i, d := range next {
		if d.Kind != postgres.NoticeAcknowledgement || d.ID != ids[48+i] {
			t.Fatalf("before its back-off ran out: claimed %s %d at position %d", d.Kind, d.ID, i)
		}
	}
	if more, err := f.db.ClaimUrgentNotices(f.ctx, 10, time.Hour); err != nil || len(more) != 0 {
		t.Fatalf("urgent claim during the back-off: %v %v", kindsOf(more), err)
	}
	// Once its back-off has run out, it goes before the bulk that was due long before it.
	f.clock.Set(deadline.Add(10 * time.Minute))
	next, err = f.db.ClaimNotices(f.ctx, 3, time.Hour)
	f.must(err)
	if got := kindsOf(next); got[0] != "ruling/complainant" || next[0].Attempts != 2 || next[1].ID != ids[58] {
		t.Fatalf("after the back-off: %v (attempts %d), want the ruling letter, then bulk %d", got, next[0].Attempts, ids[58])
	}
}

// TestClaimIsServedByTheDueIndex: on a large outbox (100,000 letters waiting, as many sent) the
// claim reads the pending letters in its order from index notices_due_idx: no sort, no scan of the
// whole table, for a claim of everything and for the urgent letters alone.
func TestClaimIsServedByTheDueIndex(t *testing.T) {
	f := newFx(t, local(2026, 11, 23, 10, 0))
	ref := f.file(f.orgA.ID).Reference
	f.must(f.exec(`
		INSERT INTO notices (complaint_id, kind, recipient, dedupe_key, language, name, created_at, next_attempt_at, status, priority)
		SELECT $1, CASE WHEN i % 50 = 0 THEN 'ruling' ELSE 'acknowledgement' END, 'complainant', 'load:' || i, 'nl', 'X',
			$2::timestamptz - i * interval '1 second', $2::timestamptz - i * interval '1 second',
			CASE WHEN i % 2 = 0 THEN 'pending' ELSE 'sent' END, CASE WHEN i % 50 = 0 THEN 0 ELSE 1 END
		FROM generate_series(1, 200000) i`, f.complaintID(ref), f.clock.Now()))
	f.must(f.exec(`ANALYZE notices`))
	now := f.clock.Now()
	for _, c := range []struct {
		name string
		upTo int
	}{{"every letter", math.MaxInt16}, {"urgent letters", postgres.PriorityLegal}} {
		var plan []byte
		f.must(f.sql.GetContext(f.ctx, &plan, `EXPLAIN (FORMAT JSON) `+postgres.ClaimSQL, now, now.Add(time.Minute), 50, c.upTo))
		var doc []struct {
			Plan planNode `json:"Plan"`
		}
		f.must(json.Unmarshal(plan, &doc))
		var nodes []string
		usesIndex := false
		var walk func(n planNode)
		walk = func(n planNode) {
			nodes = append(nodes, n.Type+" "+n.Index+" "+n.Relation)
			if n.Type == "Sort" || (n.Type == "Seq Scan" && n.Relation == "notices") {
				t.Errorf("%s: the claim's plan has a %s", c.name, n.Type)
			}
			if n.Index == "notices_due_idx" {
				usesIndex = true
			}
			for _, p := range n.Plans {
				walk(p)
			}
		}
		walk(doc[0].Plan)
		if !usesIndex {
			t.Errorf("%s: the claim does not use notices_due_idx", c.name)
		}
		if t.Failed() {
			t.Logf("%s: plan nodes %v", c.name, nodes)
		}
	}
}

type planNode struct {
	Type     string     `json:"Node Type"`
	Index    string     `json:"Index Name"`
	Relation string     `json:"Relation Name"`
	Plans    []planNode `json:"Plans"`
}

func (f *fx) exec(query string, args ...any) error {
	_, err := f.sql.ExecContext(f.ctx, query, args...)
	return err
}

// TestHeartbeatExtendsOnlyTheClaimsStillHeld: ExtendClaims extends the lease of the claims a
// dispatcher still holds, in one statement, and leaves alone a notice that another dispatcher claimed
// after the lease ran out and one whose outcome is recorded. The first dispatcher can then record
// nothing on the notice it lost, and the new holder can.
func TestHeartbeatExtendsOnlyTheClaimsStillHeld(t *testing.T) {
	f := newFx(t, local(2026, 11, 23, 10, 0))
	ref := f.file(f.orgA.ID).Reference
	f.addBulk(ref, 3, f.clock.Now().Add(-time.Hour))
	const lease = 30 * time.Second
	a, err := f.db.ClaimNotices(f.ctx, 10, lease)
	f.must(err)
	if len(a) != 4 {
		t.Fatalf("claimed %d notices, want 4", len(a))
	}
	for _, d := range a {
		if d.Claim == 0 || !d.LeaseUntil.Equal(f.clock.Now().Add(lease)) {
			t.Fatalf("notice %d: claim %d until %s", d.ID, d.Claim, d.LeaseUntil)
		}
	}
	// The heartbeat extends every claim while A works.
	f.clock.Advance(10 * time.Second)
	held, err := f.db.ExtendClaims(f.ctx, a, f.clock.Now().Add(lease))
	f.must(err)
	if len(held) != 4 {
		t.Fatalf("heartbeat held %v, want all 4", held)
	}
	// A records one; another notice's lease lapses and B claims it (A's heartbeat failed meanwhile).
	f.must(f.db.Delivered(f.ctx, a[0], "sent", []byte("%PDF-")))
	f.must(f.exec(`UPDATE notices SET next_attempt_at = $2 WHERE id = $1`, a[1].ID, f.clock.Now().Add(-time.Second)))
	b, err := f.db.ClaimNotices(f.ctx, 10, lease)
	f.must(err)
	if len(b) != 1 || b[0].ID != a[1].ID || b[0].Claim == a[1].Claim {
		t.Fatalf("B claimed %v, want notice %d under a new token", b, a[1].ID)
	}
	f.clock.Advance(10 * time.Second)
	until := f.clock.Now().Add(lease)
	held, err = f.db.ExtendClaims(f.ctx, a, until)
	f.must(err)
	slices.Sort(held)
	if want := []int64{min(a[2].ID, a[3].ID), max(a[2].ID, a[3].ID)}; !slices.Equal(held, want) {
		t.Fatalf("heartbeat held %v, want %v: not the recorded one, not the one B took", held, want)
	}
	if n := f.count(`SELECT count(*) FROM notices WHERE id = ANY($1) AND next_attempt_at = $2`, pq.Array(held), until); n != 2 {
		t.Fatalf("%d leases extended, want 2", n)
	}
	if n := f.count(`SELECT count(*) FROM notices WHERE id = $1 AND next_attempt_at = $2`, a[1].ID, b[0].LeaseUntil); n != 1 {
		t.Fatal("A's heartbeat moved the lease of B's claim")
	}
	if err := f.db.Delivered(f.ctx, a[1], "sent", []byte("%PDF-")); !errors.Is(err, postgres.ErrLeaseLost) {
		t.Fatalf("A recorded an outcome on B's claim: %v", err)
	}
	f.must(f.db.Delivered(f.ctx, b[0], "sent", []byte("%PDF-")))
	// A lease that ran out and that nobody took is still A's: its outcome is recorded.
	f.clock.Advance(time.Hour)
	f.must(f.db.Retry(f.ctx, a[2], "451 later", f.clock.Now().Add(time.Minute)))
	if n := f.count(`SELECT count(*) FROM notices WHERE claim IS NOT NULL`); n != 1 {
		t.Fatalf("%d notices keep a claim, want 1 (the one still in hand)", n)
	}
}
