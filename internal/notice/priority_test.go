package notice_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/notice"
)

// backlog writes n pending acknowledgements with e-mail addresses about the complaint ref, all due
// before now: bulk work that would keep a dispatcher busy for minutes.
func (f *fx) backlog(ref string, n int, due time.Time) {
	f.t.Helper()
	_, err := f.sql.ExecContext(f.ctx, `
		INSERT INTO notices (complaint_id, kind, recipient, dedupe_key, language, name, email, created_at, next_attempt_at)
		SELECT c.id, 'acknowledgement', 'complainant', 'backlog:' || i, 'nl', 'Inwoner ' || i, 'inwoner' || i || '@example.nl',
			$2::timestamptz + i * interval '1 second', $2::timestamptz + i * interval '1 second'
		FROM complaints c, generate_series(1, $3) i WHERE c.reference = $1`, ref, due, n)
	f.must(err)
}

// enforcedIDs returns the ids of the enforcement letters of the advice, by recipient.
func (f *fx) enforcedIDs(adviceID int64) map[string]int64 {
	f.t.Helper()
	var rows []struct {
		ID        int64  `db:"id"`
		Recipient string `db:"recipient"`
	}
	f.must(f.sql.SelectContext(f.ctx, &rows, `SELECT id, recipient FROM notices WHERE advice_id = $1 AND kind LIKE 'enforced%'`, adviceID))
	ids := map[string]int64{}
	for _, r := range rows {
		ids[r.Recipient] = r.ID
	}
	return ids
}

// TestEnforcementLettersOvertakeABacklog: with 3,000 acknowledgements waiting in the outbox, the
// letters of an enforcement the sweep writes later are the first that a pass e-mails; the urgent
// pass that serve runs after a sweep sends an enforcement's letters and nothing else; a temporary
// SMTP refusal of one of them is still retried after its back-off, not before.
func TestEnforcementLettersOvertakeABacklog(t *testing.T) {
	f := newFx(t)
	org := f.org("Sociaal Wijkteam Schalkwijk", "directie@wijkteam.example", "Schalkwijkerstraat 1, 2035 AA Haarlem")
	supporter := &casework.Contact{Name: "Cliëntenbelang Haarlem", Email: "ondersteuning@clientenbelang.example"}
	firstRef := f.file(casework.Contact{Name: "Fatima el Amrani", Email: "fatima@example.nl"}, supporter, org.ID)
	first := f.advised(firstRef, org.ID)[0]
	f.clock.Advance(24 * time.Hour)
	second := f.advised(f.file(casework.Contact{Name: "Jan Jansen", Email: "jan@example.nl"}, supporter, org.ID), org.ID)[0]
	if !second.DeadlineAt.After(first.DeadlineAt) {
		t.Fatalf("deadlines %s and %s", first.DeadlineAt, second.DeadlineAt)
	}
	if res := f.pass(f.d); res.Sent == 0 || res.Retry+res.Failed+res.Print != 0 {
		t.Fatalf("pass over the letters before the backlog: %+v", res)
	}
	const backlog = 3000
	f.backlog(firstRef, backlog, f.clock.Now())
	backlogSent := func() int {
		return f.count(`SELECT count(*) FROM notices WHERE dedupe_key LIKE 'backlog:%' AND status = 'sent'`)
	}

	// 1. A pass over everything, as the dispatch job runs it: the enforcement letters go first.
	f.clock.Set(first.DeadlineAt)
	if res, err := f.db.Sweep(f.ctx, 0); err != nil || res.Enforced != 1 || res.Notices != 3 {
		t.Fatalf("first sweep: %+v %v", res, err)
	}
	enforced := map[string]bool{}
	for _, id := range f.enforcedIDs(first.ID) {
		enforced[messageID(id)] = true
	}
	earlier := len(f.srv.Messages())
	ctx, cancel := context.WithCancel(f.ctx)
	done := make(chan notice.Result, 1)
	go func() {
		res, _ := f.d.Pass(ctx)
		done <- res
	}()
	// Stopped once it has sent a little more than the enforcement letters.
	deadline := time.Now().Add(passTimeout)
	for len(f.srv.Messages())-earlier < len(enforced)+2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	res := <-done
	msgs := f.srv.Messages()[earlier:]
	if len(msgs) < len(enforced) {
		t.Fatalf("the pass sent %d e-mails (%+v), want at least %d", len(msgs), res, len(enforced))
	}
	for i, m := range msgs[:len(enforced)] {
		if !enforced[m.MessageID] {
			t.Errorf("e-mail %d of the pass is %s to %v (%s), want an enforcement letter", i+1, m.MessageID, m.To, m.Subject)
		}
	}
	if sent := backlogSent(); sent == 0 || sent > backlog/10 {
		t.Fatalf("%d of the backlog sent by the stopped pass; want a few", sent)
	}
	t.Logf("the pass sent %d e-mails before it was stopped (%+v); the %d enforcement letters first", len(msgs), res, len(enforced))

	// 2. The urgent pass after the sweep: the enforcement letters, none of the backlog. The SMTP
	// server refuses one of them for now: it waits out its back-off (one minute), then goes.
	f.clock.Set(second.DeadlineAt)
	if res, err := f.db.Sweep(f.ctx, 0); err != nil || res.Enforced != 1 || res.Notices != 3 {
		t.Fatalf("second sweep: %+v %v", res, err)
	}
	before := backlogSent()
	f.srv.FailNext(1, 451)
	passUrgent := func() notice.Result {
		t.Helper()
		ctx, cancel := context.WithTimeout(f.ctx, passTimeout)
		defer cancel()
		res, err := f.d.PassUrgent(ctx)
		f.must(err)
		return res
	}
	if res := passUrgent(); res != (notice.Result{Sent: 2, Retry: 1}) {
		t.Fatalf("urgent pass with one refusal: %+v, want 2 sent and 1 retry", res)
	}
	if res := passUrgent(); res != (notice.Result{}) {
		t.Fatalf("urgent pass during the back-off: %+v, want nothing", res)
	}
	f.clock.Advance(time.Minute)
	if res := passUrgent(); res != (notice.Result{Sent: 1}) {
		t.Fatalf("urgent pass after the back-off: %+v, want the refused letter sent", res)
	}
	if after := backlogSent(); after != before {
		t.Errorf("the urgent passes sent %d letters of the backlog", after-before)
	}
	var unsent []string
	f.must(f.sql.SelectContext(f.ctx, &unsent, `SELECT kind || '/' || recipient || '/' || status FROM notices
		WHERE kind LIKE 'enforced%' AND status <> 'sent'`))
	if len(unsent) != 0 {
		t.Fatalf("enforcement letters not sent: %s", strings.Join(unsent, " "))
	}
	var letters []row
	for _, n := range f.notices() {
		if strings.HasPrefix(n.Kind, "enforced") {
			letters = append(letters, n)
		}
	}
	f.expectDeliveredOnce(letters)
}

// TestARunningPassPausesForAnUrgentPass: while a pass of the dispatcher works through a backlog,
// an urgent pass of the same dispatcher (the one serve runs after a sweep) sends its letters
// without the other pass's letters in between, bar the one it had in hand.
func TestARunningPassPausesForAnUrgentPass(t *testing.T) {
	f := newFx(t)
	org := f.org("Sociaal Wijkteam Schalkwijk", "directie@wijkteam.example", "Schalkwijkerstraat 1, 2035 AA Haarlem")
	supporter := &casework.Contact{Name: "Cliëntenbelang Haarlem", Email: "ondersteuning@clientenbelang.example"}
	ref := f.file(casework.Contact{Name: "Fatima el Amrani", Email: "fatima@example.nl"}, supporter, org.ID)
	first := f.advised(ref, org.ID)[0]
	second := f.advised(f.file(casework.Contact{Name: "Jan Jansen", Email: "jan@example.nl"}, supporter, org.ID), org.ID)[0]
	f.pass(f.d)
	f.backlog(ref, 500, f.clock.Now())
	f.clock.Set(first.DeadlineAt)
	// Batches as large as serve's: the pass has most of a batch of backlog in hand when the sweep runs.
	cfg := f.cfg
	cfg.Batch = notice.DefaultConfig.Batch
	d := f.dispatcher(f.db, cfg)

	ctx, cancel := context.WithCancel(f.ctx)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.Pass(ctx)
	}()
	// The pass is at work on the backlog when the sweep enforces both advices.
	earlier := len(f.srv.Messages())
	for give := time.Now().Add(passTimeout); len(f.srv.Messages()) < earlier+3 && time.Now().Before(give); {
		time.Sleep(5 * time.Millisecond)
	}
	if res, err := f.db.Sweep(f.ctx, 0); err != nil || res.Enforced != 2 {
		t.Fatalf("sweep: %+v %v", res, err)
	}
	urgentCtx, urgentCancel := context.WithTimeout(f.ctx, passTimeout)
	defer urgentCancel()
	res, err := d.PassUrgent(urgentCtx)
	f.must(err)
	cancel()
	<-done
	enforced := map[string]bool{}
	for _, a := range []int64{first.ID, second.ID} {
		for _, id := range f.enforcedIDs(a) {
			enforced[messageID(id)] = true
		}
	}
	var order []string
	firstUrgent, lastUrgent := -1, -1
	for i, m := range f.srv.Messages()[earlier:] {
		if enforced[m.MessageID] {
			order = append(order, "E")
			if firstUrgent < 0 {
				firstUrgent = i
			}
			lastUrgent = i
		} else {
			order = append(order, "b")
		}
	}
	if firstUrgent < 0 {
		t.Fatalf("no enforcement letter sent (urgent pass %+v)", res)
	}
	between := 0
	for _, o := range order[firstUrgent : lastUrgent+1] {
		if o == "b" {
			between++
		}
	}
	t.Logf("urgent pass %+v; e-mails in order (E enforcement, b backlog): %s", res, strings.Join(order, ""))
	if strings.Count(strings.Join(order, ""), "E") != len(enforced) || between > 1 {
		t.Errorf("the backlog's pass sent %d letters among the %d enforcement letters; want at most the one it had in hand",
			between, len(enforced))
	}
}
