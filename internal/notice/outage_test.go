package notice_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"meldpunt/internal/casework"
	"meldpunt/internal/letter"
	smtpmail "meldpunt/internal/mail"
	"meldpunt/internal/mail/mailtest"
	"meldpunt/internal/notice"
	"meldpunt/internal/pgcluster"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
)

// These tests run on the real clock, with leases of seconds: what they show is how a dispatcher
// behaves while time passes and the database or another dispatcher is away.

// realConfig is a dispatcher configuration with a lease of three seconds, for tests on the real clock.
func realConfig() notice.Config {
	return notice.Config{Sender: letter.SampleSender(), Batch: 50, Lease: 3 * time.Second, Heartbeat: 500 * time.Millisecond,
		LeaseMargin: time.Second, MaxAttempts: 4, Backoff: time.Minute, MaxBackoff: 10 * time.Minute,
		RecordWait: 700 * time.Millisecond, RecordBackoff: 50 * time.Millisecond, RecordTimeout: 2 * time.Second}
}

// loop runs passes of d every interval, as the dispatch schedule of serve does, until stop is
// called; it returns stop, which gives the number of passes that failed.
func loop(d *notice.Dispatcher, interval time.Duration) (stop func() (failed int)) {
	done := make(chan struct{})
	var failed atomic.Int64
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			ctx, cancel := context.WithTimeout(context.Background(), passTimeout)
			if _, err := d.Pass(ctx); err != nil {
				failed.Add(1)
			}
			cancel()
			select {
			case <-done:
				return
			case <-time.After(interval):
			}
		}
	})
	return func() int { close(done); wg.Wait(); return int(failed.Load()) }
}

// forwarder is a TCP relay in front of an SMTP server that calls before(i) ahead of passing on the
// i-th connection (from 0). Connections are served one at a time.
func forwarder(t *testing.T, srv *mailtest.Server, before func(i int)) *smtpmail.Sender {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			before(i)
			up, err := net.Dial("tcp", srv.Addr)
			if err != nil {
				c.Close()
				continue
			}
			var wg sync.WaitGroup
			wg.Go(func() { io.Copy(up, c); up.(*net.TCPConn).CloseWrite() })
			wg.Go(func() { io.Copy(c, up); c.(*net.TCPConn).CloseWrite() })
			wg.Wait()
			c.Close()
			up.Close()
		}
	}()
	t.Cleanup(func() { ln.Close(); <-done })
	s, err := smtpmail.NewSender(smtpmail.Config{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, TLS: smtpmail.TLSNone,
		From: testFrom, Timeout: 20 * time.Second, HeloName: "meldpunt.test"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPostgreSQLStoppedMidBatchSendsEachLetterOnce stops PostgreSQL while a dispatcher works through
// a batch of 20 e-mails, right as it sends the fifth. The fifth goes out and its outcome cannot be
// recorded: from then on not one e-mail is sent while the database is away, however many passes
// the schedule starts. When PostgreSQL is back the dispatcher first records the fifth as sent and
// then delivers the rest: the SMTP server has each letter exactly once, per Message-ID and per
// recipient, and every notice is recorded as sent.
func TestPostgreSQLStoppedMidBatchSendsEachLetterOnce(t *testing.T) {
	ctx := context.Background()
	cl, opts, sqldb := pgtest.StoppableCluster(t, ctx)
	store := postgres.New(sqldb, time.Now, postgres.DefaultTerms)
	org, err := store.CreateOrganisation(ctx, casework.Organisation{Name: "Sociaal Wijkteam Schalkwijk", Kind: casework.OrgDistrictTeam})
	if err != nil {
		t.Fatal(err)
	}
	const letters = 20
	for i := range letters {
		if _, err := store.FileComplaint(ctx, casework.ResidentActor, casework.Intake{
			Complainant:     casework.Contact{Name: fmt.Sprintf("Klager %d", i), Email: fmt.Sprintf("klager%d@example.nl", i)},
			OrganisationIDs: []int64{org.ID}, Grounds: []casework.Ground{casework.GroundTreatment},
			LifeDomains: []casework.LifeDomain{casework.DomainCare}, Summary: "Niet teruggebeld."}); err != nil {
			t.Fatal(err)
		}
	}
	var ids []int64
	if err := sqldb.Select(&ids, `SELECT id FROM notices WHERE email <> '' ORDER BY id`); err != nil || len(ids) != letters {
		t.Fatalf("%d e-mail notices (%v), want %d", len(ids), err, letters)
	}

	srv := mailtest.NewServer(t)
	stopped := make(chan struct{})
	sender := forwarder(t, srv, func(i int) {
		if i == 4 {
			// The fifth e-mail: PostgreSQL stops while it is being sent.
			if err := cl.Stop(); err != nil {
				t.Errorf("stop PostgreSQL: %v", err)
			}
			close(stopped)
		}
	})
	logs := &logBuffer{}
	// A send is cut off when its claim runs out: the lease leaves PostgreSQL time to stop (a few
	// seconds on a loaded machine) while the fifth e-mail waits for it.
	cfg := realConfig()
	cfg.Lease = 6 * time.Second
	d := notice.New(store, mustTemplates(t), sender, slog.New(slog.NewTextHandler(logs, nil)), cfg)
	reg := prometheus.NewRegistry()
	reg.MustRegister(d.Collectors()...)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("dispatcher log:\n%s", logs)
		}
	})

	stop := loop(d, 100*time.Millisecond)
	select {
	case <-stopped:
	case <-time.After(time.Minute):
		stop()
		t.Fatalf("PostgreSQL was never stopped; %d e-mails sent", len(srv.Messages()))
	}
	// Passes go on while PostgreSQL is away, for longer than a lease and than a pass tries to record.
	time.Sleep(cfg.Lease + time.Second)
	if n := len(srv.Messages()); n != 5 {
		stop()
		t.Fatalf("%d e-mails arrived while PostgreSQL was away, want 5: not one after the outcome that could not be recorded", n)
	}
	if n := logs.Count("notice outcome not recorded: no letter is sent until it is"); n != 1 {
		t.Errorf("the failure to record is logged %d times, want once", n)
	}

	if cl, err = pgcluster.Start(ctx, opts); err != nil {
		stop()
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Stop() })
	deadline := time.Now().Add(time.Minute)
	for {
		var sent int
		err := sqldb.Get(&sent, `SELECT count(*) FROM notices WHERE email <> '' AND status = 'sent'`)
		if err == nil && sent == letters {
			break
		}
		if time.Now().After(deadline) {
			stop()
			t.Fatalf("a minute after PostgreSQL came back %d of %d notices are recorded as sent (%v)", sent, letters, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	failed := stop()
	t.Logf("%d passes failed while PostgreSQL was away", failed)
	if failed == 0 {
		t.Error("no pass failed while PostgreSQL was away")
	}

	perID, perRecipient := map[string]int{}, map[string]int{}
	for _, m := range srv.Messages() {
		perID[m.MessageID]++
		for _, to := range m.To {
			perRecipient[to]++
		}
	}
	for i, id := range ids {
		if n := perID[messageID(id)]; n != 1 {
			t.Errorf("notice %d: %d e-mails with Message-ID %s, want 1", id, n, messageID(id))
		}
		if to := fmt.Sprintf("klager%d@example.nl", i); perRecipient[to] != 1 {
			t.Errorf("%s got %d e-mails, want 1", to, perRecipient[to])
		}
	}
	if n := len(srv.Messages()); n != letters {
		t.Errorf("%d e-mails at the SMTP server, want %d", n, letters)
	}
	var wrong []string
	if err := sqldb.Select(&wrong, `SELECT id || ': ' || status || ' ' || attempts FROM notices
		WHERE email <> '' AND (status <> 'sent' OR sent_at IS NULL OR pdf IS NULL OR claim IS NOT NULL)`); err != nil || len(wrong) != 0 {
		t.Errorf("notices not recorded as sent: %v %v", wrong, err)
	}
	if n := logs.Count("notice outcomes recorded again: sending resumes"); n != 1 {
		t.Errorf("the recovery is logged %d times, want once", n)
	}
	expectMetrics(t, "after the outage", metrics(t, reg), map[string]float64{
		"meldpunt_notice_record_failures_total": 1,
		"meldpunt_notices_total{outcome=sent}":  letters,
	})
}

// TestClaimsOfADeadDispatcherAreSentWithinTheLease: dispatcher A claims a batch and hangs on its
// first e-mail. While A lives its heartbeat keeps the claims, long after the first lease would have
// run out: dispatcher B, passing all the while, sends none of them. Then A dies (its connections to
// the database are gone, its heartbeat stops): within the lease B sends every letter, each once.
func TestClaimsOfADeadDispatcherAreSentWithinTheLease(t *testing.T) {
	f := newFx(t)
	email := f.emailNotices(f.org("Sociaal Wijkteam Schalkwijk", "", ""), 6)
	cfg := realConfig()

	// A, a process of its own on the real clock; its SMTP relay never answers (until the end).
	poolA, err := postgres.Open(f.ctx, f.url, 4)
	f.must(err)
	t.Cleanup(func() { poolA.Close() })
	hang := make(chan struct{})
	var hangOnce sync.Once
	unhang := func() { hangOnce.Do(func() { close(hang) }) }
	relay := f.relay(1000, func(int) { <-hang }, func(int) {})
	t.Cleanup(unhang) // before the relay's own clean-up, which waits for the connection in hand
	a := f.dispatcherVia(postgres.New(poolA, time.Now, postgres.DefaultTerms), cfg, relay)
	aDone := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(f.ctx, passTimeout)
		defer cancel()
		_, err := a.Pass(ctx)
		aDone <- err
	}()
	// Wait for A's claim.
	for f.count(`SELECT count(*) FROM notices WHERE claim IS NOT NULL`) != len(email) {
		time.Sleep(20 * time.Millisecond)
	}

	b := f.dispatcher(postgres.New(f.sql, time.Now, postgres.DefaultTerms), cfg)
	const interval = 200 * time.Millisecond
	alive := time.Now()
	stopB := loop(b, interval)
	time.Sleep(3 * cfg.Lease)
	if n := len(f.srv.Messages()); n != 0 {
		stopB()
		t.Fatalf("B sent %d e-mails claimed by A while A lived (%s, the lease is %s)", n, time.Since(alive).Round(time.Millisecond), cfg.Lease)
	}
	var leases []time.Time
	f.must(f.sql.Select(&leases, `SELECT next_attempt_at FROM notices WHERE claim IS NOT NULL`))
	if len(leases) != len(email) || slices.ContainsFunc(leases, func(l time.Time) bool { return !l.After(alive.Add(2 * cfg.Lease)) }) {
		stopB()
		t.Fatalf("A's heartbeat did not extend its %d claims: leases %v", len(email), leases)
	}

	// A dies: its connections go, and with them its heartbeat. B claims its letters (their second
	// claim) within the lease and one pass, and sends them.
	died := time.Now()
	poolA.Close()
	for f.count(`SELECT count(*) FROM notices WHERE attempts = 2`) < len(email) && time.Since(died) < time.Minute {
		time.Sleep(20 * time.Millisecond)
	}
	took := time.Since(died)
	for len(f.srv.Messages()) < len(email) && time.Since(died) < time.Minute {
		time.Sleep(20 * time.Millisecond)
	}
	sent := time.Since(died)
	stopB()
	unhang()
	if err := <-aDone; err == nil {
		t.Error("the dead dispatcher's pass reported success")
	}
	t.Logf("B claimed A's letters %s after A died and sent them after %s (lease %s, passes every %s)",
		took.Round(time.Millisecond), sent.Round(time.Millisecond), cfg.Lease, interval)
	if took > cfg.Lease+interval+2*time.Second { // a loaded machine may start a pass late
		t.Errorf("A's letters were taken up %s after it died, want within the lease and one pass (%s)", took, cfg.Lease+interval)
	}
	f.expectDeliveredOnce(email)
	if distinct, total := f.distinctIDs(); distinct != len(email) || total != len(email) {
		t.Fatalf("%d distinct Message-IDs in %d messages, want %d in %d", distinct, total, len(email), len(email))
	}
	if n := f.log.Count("notice claims not extended"); n != 1 {
		t.Errorf("A said %d times that its heartbeat failed, want once", n)
	}
}

func mustTemplates(t *testing.T) *letter.Templates {
	t.Helper()
	tpl, err := letter.Default()
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// TestALongBatchKeepsItsClaimsWhileItsDispatcherLives: dispatcher A works through a batch that takes
// twice its lease (its SMTP relay is slow), while dispatcher B passes all the while. A's heartbeat
// extends its claims and A's margin check reads the extended lease: A sends every letter of its
// batch itself, B none, and each arrives once.
func TestALongBatchKeepsItsClaimsWhileItsDispatcherLives(t *testing.T) {
	f := newFx(t)
	email := f.emailNotices(f.org("Sociaal Wijkteam Schalkwijk", "", ""), 6)
	cfg := realConfig()
	slow := f.relay(0, func(int) {}, func(int) { time.Sleep(cfg.Lease / 3) }) // 6 letters: two leases
	a := f.dispatcherVia(postgres.New(f.sql, time.Now, postgres.DefaultTerms), cfg, slow)
	ctx, cancel := context.WithTimeout(f.ctx, passTimeout)
	defer cancel()
	type result struct {
		res notice.Result
		err error
	}
	aDone := make(chan result, 1)
	began := time.Now()
	go func() {
		res, err := a.Pass(ctx)
		aDone <- result{res, err}
	}()
	for f.count(`SELECT count(*) FROM notices WHERE claim IS NOT NULL`) != len(email) {
		time.Sleep(20 * time.Millisecond)
	}
	b := f.dispatcher(postgres.New(f.sql, time.Now, postgres.DefaultTerms), cfg)
	stopB := loop(b, 200*time.Millisecond)
	ra := <-aDone
	took := time.Since(began)
	stopB()
	f.must(ra.err)
	t.Logf("A's pass took %s with a lease of %s: %+v", took.Round(time.Millisecond), cfg.Lease, ra.res)
	if ra.res != (notice.Result{Sent: len(email)}) {
		t.Errorf("A sent %+v of its own batch, want all %d: it gave letters back or lost them while it lived", ra.res, len(email))
	} else if took < cfg.Lease+cfg.LeaseMargin {
		t.Fatalf("the scenario did not happen: A's batch took %s, not more than its first lease", took)
	}
	f.expectDeliveredOnce(email)
	if distinct, total := f.distinctIDs(); distinct != len(email) || total != len(email) {
		t.Fatalf("%d distinct Message-IDs in %d messages, want %d in %d", distinct, total, len(email), len(email))
	}
}

// TestASendNeverOutlivesItsClaim: dispatcher A's heartbeat cannot extend its claim (the database
// refuses it, as when it is overloaded or out of A's reach) and A's mail server is slow: A's send,
// begun well within the lease, is cut off when the claim runs out, since dispatcher B may claim the
// letter from then on and send it. The letter never arrives twice: A's copy never reaches the
// server, and the letter is either sent once by B or waits for its next attempt.
func TestASendNeverOutlivesItsClaim(t *testing.T) {
	f := newFx(t)
	email := f.emailNotices(f.org("Sociaal Wijkteam Schalkwijk", "", ""), 1)
	cfg := realConfig()
	// Every heartbeat is refused; claims, outcomes and releases go through.
	_, err := f.sql.Exec(`
		CREATE FUNCTION refuse_heartbeat() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			IF NEW.claim IS NOT NULL AND NEW.claim = OLD.claim AND NEW.status = OLD.status THEN
				RAISE EXCEPTION 'heartbeat refused';
			END IF;
			RETURN NEW;
		END $$;
		CREATE TRIGGER refuse_heartbeat BEFORE UPDATE ON notices FOR EACH ROW EXECUTE FUNCTION refuse_heartbeat();`)
	f.must(err)
	// A's relay takes twice the lease before it passes the conversation on.
	slow := f.relay(0, func(int) {}, func(int) { time.Sleep(2 * cfg.Lease) })
	a := f.dispatcherVia(postgres.New(f.sql, time.Now, postgres.DefaultTerms), cfg, slow)
	aDone := make(chan struct{})
	go func() {
		defer close(aDone)
		ctx, cancel := context.WithTimeout(f.ctx, passTimeout)
		defer cancel()
		a.Pass(ctx)
	}()
	for f.count(`SELECT count(*) FROM notices WHERE claim IS NOT NULL`) != len(email) {
		time.Sleep(20 * time.Millisecond)
	}
	claimed := time.Now()
	b := f.dispatcher(postgres.New(f.sql, time.Now, postgres.DefaultTerms), cfg)
	stopB := loop(b, 200*time.Millisecond)
	<-aDone
	// The relay passes on whatever A still sent after its two leases.
	time.Sleep(time.Until(claimed.Add(2*cfg.Lease + time.Second)))
	stopB()
	n := f.notice(email[0].ID)
	distinct, total := f.distinctIDs()
	if total > 1 || distinct > 1 {
		t.Fatalf("%d messages (%d Message-IDs) at the server: the letter arrived twice", total, distinct)
	}
	if (n.Status == "sent") != (total == 1) || (n.Status != "sent" && n.Status != "pending") {
		t.Errorf("%s with %d messages at the server", n, total)
	}
	if f.log.Count("notice claim ran out while it was being sent") == 0 {
		t.Error("A's send was not cut off")
	}
}
